//! Crawling (in progress).
