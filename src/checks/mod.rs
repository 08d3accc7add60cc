//! Diagnostic findings: every rule of the catalogue (`../shared/CHECKS.md`), and
//! [`run`], the one dispatcher that turns what the pipeline made of a message into its
//! findings.
//!
//! A [`Finding`] is what the report shows for one rule on one message: its stable
//! [`RuleId`], a [`Severity`], a one-line title, the detail with the actual values, and
//! the fix. Checks return findings, passes included; they never return `Err`. The ids,
//! severities and the error-text index are data in [`crate::rules`] (re-exported here).
//!
//! [`run`] takes a message as far as the pipeline got with it ([`Reached`]): a value
//! that could not be decoded, XML that could not be parsed, or a read and verified
//! message with everything around it ([`Context`]). For the last it runs the decoding
//! passes ([`decoding`]), the signature and certificate rules ([`signature`]), chooses
//! the packs ([`select`]) and runs each, suggests the next steps ([`next_steps`]),
//! keeps one finding per rule and puts the ones that explain the user's error text
//! first. [`run_input`] does the same for an input as a whole.
//!
//! Where things go:
//! - a new rule of an existing pack: a function in that pack's folder (`core/`,
//!   `aws_iam/`, `identity_center/`, `connect/`, `metadata/`), its id in `rules`, a case
//!   in `tests/rules_<pack>.rs`;
//! - a new pack: a folder here, a [`Pack`] variant, its choice in [`select`] and its arm
//!   in [`run`]; packs never call each other: what two share lives in [`common`],
//!   [`idp`] (an IdP's wording) or [`crate::aws`] (AWS facts);
//! - a rule about a new pipeline stage (decryption): its error enum arrives through
//!   [`Reached`] or [`Context`] and is worded here, like [`decoding`] words decoding.

pub mod aws_iam;
pub mod cognito;
pub mod common;
pub mod connect;
pub mod context;
pub mod core;
pub mod decoding;
pub mod flow;
pub mod identity_center;
pub mod idp;
pub mod metadata;
pub mod next_steps;
pub mod select;
pub mod signature;
pub mod wrapping;

pub use crate::rules::{RuleId, Severity, error_text};
pub use context::{Context, Expectations, Flow, Pack, ReferenceTime, TimeSource};
pub use idp::IdpGuess;
pub use next_steps::NextStep;
pub use select::PackChoice;

use crate::decode::DecodeError;
use crate::dsig::{self, Protection};
use crate::input::{InputError, InputKind};
use crate::xml::XmlError;
use serde::Serialize;

/// What the report says about one rule on one message (or one input).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Finding {
    pub id: RuleId,
    pub severity: Severity,
    /// One line, e.g. "The message declares a DTD".
    pub title: String,
    /// The actual values involved, in a sentence or two.
    pub detail: String,
    /// What to change, in the user's terms. Empty for passes that need none.
    pub fix: String,
    /// The rule is one the user's error text points at (see `error_text`), and this
    /// finding is not a pass: it is shown first. Serialized only when true.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explains_error: bool,
}

impl Finding {
    pub fn new(
        id: RuleId,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            id,
            severity,
            title: title.into(),
            detail: detail.into(),
            fix: fix.into(),
            explains_error: false,
        }
    }
}

/// What the checks made of one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// One per rule, most severe first; those explaining the user's error text first
    /// of all.
    pub findings: Vec<Finding>,
    /// The packs that ran, and why (none when the message could not be read).
    pub packs: Vec<PackChoice>,
    pub next_steps: Vec<NextStep>,
}

/// How far the pipeline got with one message: what [`run`] checks.
pub enum Reached<'a> {
    /// The SAML parameter's value (`parameter`: `SAMLResponse`, `SAMLRequest`, or
    /// `SAML` when unknown) could not be decoded to XML.
    Undecodable {
        parameter: &'a str,
        error: &'a DecodeError,
    },
    /// The decoded bytes could not be parsed: not well-formed, a DTD, over a limit.
    Unparsable(&'a XmlError),
    /// Parsed, read into the model and verified: every rule can run.
    Read(&'a Context<'a>),
}

/// Turns what the pipeline made of one message into its findings: decoding, then
/// signatures and certificates, then every pack chosen for it.
pub fn run(reached: Reached<'_>) -> Outcome {
    let context = match reached {
        Reached::Undecodable { parameter, error } => {
            return Outcome {
                findings: vec![decoding::undecodable_parameter(parameter, error)],
                ..Outcome::default()
            };
        }
        Reached::Unparsable(error) => {
            return Outcome {
                findings: vec![decoding::unreadable_xml(error)],
                ..Outcome::default()
            };
        }
        Reached::Read(context) => context,
    };
    let message = context.message;
    let mut findings = Vec::new();
    findings.extend(decoding::readable_xml(context.document));
    if message.kind == crate::saml::MessageKind::Other
        && !matches!(message.body, crate::saml::Body::Assertion(_))
    {
        findings.push(decoding::not_saml(
            &message.root_name,
            message.root_namespace.as_deref(),
        ));
    }
    let packs = select::select(context);
    let context = &Context {
        packs: &packs,
        ..*context
    };
    findings.extend(signature::run(&signature::Context {
        document: context.document,
        message,
        verdicts: context.verdicts,
        trust: context.trust,
        keys_set_aside: context.keys_set_aside,
        certificate_dates_rule: packs
            .iter()
            .find_map(|choice| choice.pack.certificate_dates_rule()),
        assertion: message
            .evaluated_assertion()
            .map_or(Protection::None, |assertion| {
                dsig::protection(context.verdicts, assertion.node)
            }),
        now: context.now(),
    }));
    for choice in &packs {
        match choice.pack {
            Pack::Core => core::run(context, &mut findings),
            Pack::AwsIam => aws_iam::run(context, &mut findings),
            // Metadata analysed for Identity Center: the metadata rules, knowing the target.
            Pack::AwsIdentityCenter if message.kind.is_metadata() => {
                metadata::run(context, &mut findings);
            }
            Pack::AwsIdentityCenter => identity_center::run(context, &mut findings),
            Pack::AmazonConnect => connect::run(context, &mut findings),
            Pack::Cognito => cognito::run(context, &mut findings),
            Pack::Metadata => metadata::run(context, &mut findings),
        }
    }
    normalize(&mut findings);
    point_at_specific(&mut findings);
    if let Some(matched) = context.error_text {
        explained_first(&mut findings, &matched.rules);
    }
    Outcome {
        findings,
        next_steps: next_steps::suggest(context, &packs),
        packs,
    }
}

/// What reading one input found, for [`run_input`].
pub struct InputRead<'a> {
    /// Why the input could not be read at all.
    pub error: Option<&'a InputError>,
    pub kind: Option<InputKind>,
    /// How many SAML messages it carried.
    pub messages: usize,
    /// How many requests its flow has (a HAR).
    pub requests: usize,
    /// Why each certificate it carried could not be read.
    pub certificate_errors: &'a [String],
    /// Messages beyond the per-analysis limit, skipped: `(skipped, limit)`. Said on the
    /// last input.
    pub skipped_messages: Option<(usize, usize)>,
}

/// The findings about one input as a whole: unreadable, a HAR without SAML, a
/// certificate that cannot be read, messages skipped over the limit.
pub fn run_input(input: &InputRead<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(error) = input.error {
        findings.push(decoding::unreadable_input(error));
    }
    if input.kind == Some(InputKind::Har) && input.messages == 0 {
        findings.push(decoding::har_without_saml(input.requests));
    }
    for reason in input.certificate_errors {
        findings.push(decoding::unreadable_certificate(reason));
    }
    normalize(&mut findings);
    if let Some((skipped, limit)) = input.skipped_messages {
        findings.push(decoding::too_many_messages(skipped, limit));
    }
    findings
}

/// Keeps at most one finding per rule id (the most severe; the first among equals) and
/// orders them by severity, the errors that say the message is forged first, then
/// catalogue order.
pub fn normalize(findings: &mut Vec<Finding>) {
    findings.sort_by_key(|finding| (finding.id, finding.severity));
    findings.dedup_by_key(|finding| finding.id);
    findings.sort_by_key(|finding| (finding.severity, forgery_rank(finding), finding.id));
}

/// Pairs of rules that judge the same thing, (general, the target's): when both find an
/// error, it is one cause, so the general rule only points at the target's, which says
/// what that target needs (the audience: any SP's entity ID you expect vs AWS's or the
/// user pool's).
const RESTATED: &[(RuleId, RuleId)] = &[
    (RuleId::CoreAudience, RuleId::AwsAudience),
    (RuleId::CoreAudience, RuleId::CognitoAudience),
    (RuleId::CoreAssertionCount, RuleId::IicAssertionSingle),
];

/// One cause, one finding: see [`RESTATED`]. A finding that says the message is forged
/// is never the one that points elsewhere.
fn point_at_specific(findings: &mut [Finding]) {
    for &(general, specific) in RESTATED {
        let specific_error = findings
            .iter()
            .any(|finding| finding.id == specific && finding.severity == Severity::Error);
        if !specific_error {
            continue;
        }
        if let Some(finding) = findings.iter_mut().find(|finding| {
            finding.id == general
                && matches!(finding.severity, Severity::Error | Severity::Warning)
                && forgery_rank(finding) == 1
        }) {
            finding.severity = Severity::Info;
            finding.detail = format!("{} (The error is {specific}'s.)", finding.detail);
            finding.fix.clear();
        }
    }
    findings.sort_by_key(|finding| (finding.severity, forgery_rank(finding), finding.id));
}

/// Marks the findings that explain the user's error text (rule in `rules`, not a pass)
/// and moves them first within their severity: what is shown first is what the verdict
/// calls the first problem, so severity still leads.
fn explained_first(findings: &mut [Finding], rules: &[RuleId]) {
    if rules.is_empty() {
        return;
    }
    for finding in findings.iter_mut() {
        finding.explains_error = finding.severity != Severity::Pass && rules.contains(&finding.id);
    }
    // Stable: forged-first and catalogue order hold within each group.
    findings.sort_by_key(|finding| {
        (
            finding.severity,
            forgery_rank(finding),
            !finding.explains_error,
        )
    });
}

/// 0 for an error that says the message is forged or altered (a DTD, a signature that
/// does not verify or does not cover what is read, a hidden assertion), 1 otherwise: a
/// forged message says so first.
/// Whether a finding says the message is forged or altered: a DTD, a signature that does
/// not verify or does not cover what is read, a hidden assertion.
pub fn says_forged(finding: &Finding) -> bool {
    forgery_rank(finding) == 0
}

fn forgery_rank(finding: &Finding) -> u8 {
    let forged = finding.severity == Severity::Error
        && match finding.id {
            RuleId::CoreXmlDoctype | RuleId::CoreSigValid | RuleId::CoreSigCoverage => true,
            // A hidden assertion, not a Response without one.
            RuleId::CoreAssertionCount => finding.fix.contains(wrapping::FIX),
            _ => false,
        };
    u8::from(!forged)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first finding shown is the verdict's first problem: errors first, and among
    /// them the ones that say the message is forged; a warning that explains the user's
    /// error text comes first among the warnings, never before an error.
    #[test]
    fn errors_lead_forged_first_then_what_explains_the_error_text() {
        let finding = |id, severity| Finding::new(id, severity, "t", "d", "f");
        let mut findings = vec![
            finding(RuleId::AwsSessionName, Severity::Warning),
            finding(RuleId::CoreAudience, Severity::Error),
            finding(RuleId::CoreSigCoverage, Severity::Error),
            finding(RuleId::AwsRoleFormat, Severity::Error),
            finding(RuleId::CoreTimeSkew, Severity::Warning),
        ];
        normalize(&mut findings);
        explained_first(
            &mut findings,
            &[RuleId::AwsSessionName, RuleId::AwsRoleFormat],
        );
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.id, f.severity, f.explains_error))
            .collect();
        assert_eq!(
            got,
            [
                (RuleId::CoreSigCoverage, Severity::Error, false),
                (RuleId::AwsRoleFormat, Severity::Error, true),
                (RuleId::CoreAudience, Severity::Error, false),
                (RuleId::AwsSessionName, Severity::Warning, true),
                (RuleId::CoreTimeSkew, Severity::Warning, false),
            ]
        );
    }

    #[test]
    fn normalize_keeps_one_finding_per_id_the_most_severe() {
        let finding = |id, severity| Finding::new(id, severity, "t", "d", "f");
        let mut findings = vec![
            finding(RuleId::CoreNameId, Severity::Pass),
            finding(RuleId::CoreXmlDoctype, Severity::Error),
            finding(RuleId::CoreNameId, Severity::Warning),
            finding(RuleId::CoreAudience, Severity::Info),
        ];
        normalize(&mut findings);
        let got: Vec<_> = findings.iter().map(|f| (f.id, f.severity)).collect();
        assert_eq!(
            got,
            [
                (RuleId::CoreXmlDoctype, Severity::Error),
                (RuleId::CoreNameId, Severity::Warning),
                (RuleId::CoreAudience, Severity::Info),
            ]
        );
    }
}
