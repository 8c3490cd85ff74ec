//! urlnorm (in progress).
