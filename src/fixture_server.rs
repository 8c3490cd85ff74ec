//! fixture_server (in progress).
