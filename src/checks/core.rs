//! Pack `core — rules for any SAML 2.0 message (core.* except the signature and certificate rules in `signature` and the decoding ones in `decoding`).

use super::Finding;
use super::context::Context;

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(_context: &Context<'_>, _findings: &mut Vec<Finding>) {}
