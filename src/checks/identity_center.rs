//! Pack `aws-identity-center — IAM Identity Center with an external IdP (iic.*).

use super::Finding;
use super::context::Context;

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(_context: &Context<'_>, _findings: &mut Vec<Finding>) {}
