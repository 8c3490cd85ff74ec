fn main() {
    std::process::exit(socaudit::cli::main());
}
