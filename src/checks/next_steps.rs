//! Next steps with the user's values filled in: AWS CLI commands, what to look for in
//! the role's trust policy, CloudTrail lookups around the capture time.

use super::context::Context;
use super::packs::PackChoice;
use serde::Serialize;

/// One thing to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    /// One line: "Check the role's trust policy".
    pub title: String,
    /// A command to copy, with the message's values filled in, when there is one.
    pub command: Option<String>,
    /// What to look for in its output.
    pub detail: String,
}

/// The next steps for one message, given the packs that ran.
pub fn suggest(_context: &Context<'_>, _packs: &[PackChoice]) -> Vec<NextStep> {
    Vec::new()
}
