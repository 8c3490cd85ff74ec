fn main() {
    limit_malloc_arenas();
    std::process::exit(socaudit::cli::main());
}

/// glibc gives every thread that allocates at once an arena of its own (up to 8 per core), and a
/// sweep's page work moves from thread to thread: the arenas held memory the program had freed.
/// Two arenas cost nothing measurable on two cores and kept a sweep's peak lower.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only changes allocator parameters; called before any other thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
