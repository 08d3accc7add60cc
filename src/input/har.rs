//! HAR 1.2 scanning.
