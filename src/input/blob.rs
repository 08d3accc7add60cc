//! Recognising an input from its content and extracting from non-HAR inputs.

use super::{Extracted, InputError, InputKind};
use crate::limits::Limits;

/// What `bytes` looks like.
pub fn sniff(bytes: &[u8]) -> InputKind {
    let _ = bytes;
    InputKind::Unknown
}

pub(super) fn extract(
    index: usize,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Extracted, InputError> {
    let _ = (index, bytes, limits);
    Err(InputError::Empty)
}
