//! Checking (in progress).
