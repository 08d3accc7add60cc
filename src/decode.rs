//! Transfer encodings of SAML bindings: percent-encoding, base64 and raw DEFLATE.
//!
//! Strict where strictness protects (DEFLATE output capped at
//! [`crate::limits::Limits::decoded_bytes`], checked here while inflating, so a bomb
//! stops at the cap instead of filling memory), lenient where users' copies are messy
//! (base64 with line breaks, URL-safe alphabet, missing padding, `+` turned into space
//! by a form decoder).

use std::fmt;

/// Why a value could not be decoded. Offsets are into the value being decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A `%` not followed by two hex digits.
    Percent { offset: usize },
    /// A byte outside the base64 alphabets (after whitespace was removed).
    Base64 { offset: usize, byte: u8 },
    /// Base64 of a length no encoder produces, or with bits set after the end.
    Base64Length { length: usize },
    /// The value is empty.
    Empty,
    /// Not valid raw DEFLATE (RFC 1951) data.
    Inflate { message: String },
    /// Decoding would produce more than the limit.
    TooLarge { limit: usize },
    /// Decoded fine, but the result is not XML (first bytes shown, escaped).
    NotXml { start: String },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Percent { offset } => {
                write!(
                    f,
                    "a '%' at offset {offset} is not followed by two hex digits"
                )
            }
            DecodeError::Base64 { offset, byte } => write!(
                f,
                "not base64: the byte {:?} at offset {offset} is outside the base64 alphabet",
                char::from(*byte)
            ),
            DecodeError::Base64Length { length } => write!(
                f,
                "not base64: {length} characters cannot be a complete base64 value (truncated copy?)"
            ),
            DecodeError::Empty => f.write_str("the value is empty"),
            DecodeError::Inflate { message } => {
                write!(f, "not valid DEFLATE data (Redirect binding): {message}")
            }
            DecodeError::TooLarge { limit } => write!(
                f,
                "the decoded message would exceed the limit of {limit} bytes"
            ),
            DecodeError::NotXml { start } => {
                write!(f, "the decoded value is not XML (it starts with {start})")
            }
        }
    }
}

impl std::error::Error for DecodeError {}
