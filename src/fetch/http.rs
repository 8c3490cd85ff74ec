//! The real HTTP fetcher (reqwest).
