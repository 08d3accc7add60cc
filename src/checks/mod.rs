//! Diagnostic findings: the rule catalogue (`../shared/CHECKS.md`) as data.
//!
//! A [`Finding`] is what the report shows for one rule on one message: its stable
//! [`RuleId`], a [`Severity`], a one-line title, the detail with the actual values, and
//! the fix. Checks return findings, passes included; they never return `Err`.
//!
//! This module owns the catalogue of ids and [`run`], which chooses the packs for a
//! message ([`packs`]) and runs them. One file per pack (`core`, `aws_iam`,
//! `identity_center`, `connect`, `metadata`); `decoding` holds what decoding alone can
//! tell and `signature` the `core.sig.*` / `core.cert.*` rules; `error_text` the index of
//! texts users arrive with, `idp` the IdP hints, `next_steps` the prefilled commands.

pub mod aws_iam;
pub mod connect;
pub mod context;
pub mod core;
pub mod decoding;
pub mod error_text;
pub mod identity_center;
pub mod idp;
pub mod metadata;
pub mod next_steps;
pub mod packs;
pub mod signature;
#[doc(hidden)]
pub mod testing;

pub use context::{Context, Expectations, Flow, Pack};
pub use idp::IdpGuess;
pub use next_steps::NextStep;
pub use packs::PackChoice;

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// How much a finding matters. Ordered from most to least severe.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// This alone makes the login fail.
    Error,
    /// Likely to fail, or risky.
    Warning,
    /// Context worth seeing.
    Info,
    /// Checked and fine.
    Pass,
}

impl Severity {
    /// The word shown to users next to the icon.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Pass => "pass",
        }
    }
}

macro_rules! rule_ids {
    ($($variant:ident => $id:literal,)*) => {
        /// A rule's stable identifier, as used in reports, exports and tests.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            $(#[doc = concat!("`", $id, "`")] $variant,)*
        }

        impl RuleId {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The id as written in the catalogue, e.g. `core.sig.valid`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }

            /// Parses a catalogue id; unknown ids stay unknown (`None`).
            pub fn from_id(id: &str) -> Option<RuleId> {
                match id {
                    $($id => Some(RuleId::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

rule_ids! {
    // Reading the input at all (this project's additions to the catalogue).
    InputUnrecognized => "input.unrecognized",
    InputLimit => "input.limit",
    InputDecode => "input.decode",
    InputHarInvalid => "input.har.invalid",
    InputHarNoSaml => "input.har.no-saml",
    InputCertificate => "input.certificate",
    // Pack core.
    CoreXmlWellformed => "core.xml.wellformed",
    CoreXmlDoctype => "core.xml.doctype",
    CoreStatus => "core.status",
    CoreVersion => "core.version",
    CoreIssuer => "core.issuer",
    CoreDestination => "core.destination",
    CoreAssertionCount => "core.assertion.count",
    CoreAssertionEncrypted => "core.assertion.encrypted",
    CoreSubjectConfirmation => "core.subject.confirmation",
    CoreTimeWindow => "core.time.window",
    CoreTimeSkew => "core.time.skew",
    CoreAudience => "core.audience",
    CoreNameId => "core.nameid",
    CoreAttrWhitespace => "core.attr.whitespace",
    CoreAttrDuplicate => "core.attr.duplicate",
    CoreAttrEmpty => "core.attr.empty",
    CoreSigPresent => "core.sig.present",
    CoreSigValid => "core.sig.valid",
    CoreSigCoverage => "core.sig.coverage",
    CoreSigAlgorithm => "core.sig.algorithm",
    CoreCertTrust => "core.cert.trust",
    CoreCertValidity => "core.cert.validity",
    CoreCertKeysize => "core.cert.keysize",
    // Pack aws-iam.
    AwsAudience => "aws.audience",
    AwsRecipientRegion => "aws.recipient.region",
    AwsRolePresent => "aws.role.present",
    AwsRoleFormat => "aws.role.format",
    AwsRoleMultiple => "aws.role.multiple",
    AwsSessionName => "aws.session.name",
    AwsSessionDuration => "aws.session.duration",
    AwsTags => "aws.tags",
    AwsSourceIdentity => "aws.source.identity",
    AwsSigning => "aws.signing",
    // Pack aws-identity-center.
    IicNameIdFormat => "iic.nameid.format",
    IicNameIdValue => "iic.nameid.value",
    IicAssertionSingle => "iic.assertion.single",
    IicAssertionEncrypted => "iic.assertion.encrypted",
    IicAbacCount => "iic.abac.count",
    IicAbacMultivalue => "iic.abac.multivalue",
    IicAbacDuplicate => "iic.abac.duplicate",
    IicAbacStructured => "iic.abac.structured",
    IicAbacNameFormat => "iic.abac.nameformat",
    IicUrls => "iic.urls",
    IicEntraCert => "iic.entra.cert",
    // Pack amazon-connect.
    ConnectRelayState => "connect.relaystate",
    ConnectUsername => "connect.username",
    ConnectRoleSingle => "connect.role.single",
    ConnectIdpInitiated => "connect.idp.initiated",
    // Pack metadata.
    MetaBom => "meta.bom",
    MetaCertKeysize => "meta.cert.keysize",
    MetaCertExtensions => "meta.cert.extensions",
    MetaCertExpiry => "meta.cert.expiry",
    MetaNameIdFormat => "meta.nameidformat",
    MetaEntityId => "meta.entityid",
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(deserializer)?;
        RuleId::ALL
            .iter()
            .copied()
            .find(|rule| rule.as_str() == id)
            .ok_or_else(|| serde::de::Error::custom(format_args!("no rule `{id}`")))
    }
}

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

/// What the packs made of one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub packs: Vec<PackChoice>,
    pub next_steps: Vec<NextStep>,
}

/// Chooses the packs for the message in `context` and runs them. The caller adds these
/// findings to the decoding and signature ones and normalizes the lot.
pub fn run(context: &Context<'_>) -> Outcome {
    let packs = packs::select(context);
    let mut findings = Vec::new();
    for choice in &packs {
        match choice.pack {
            Pack::Core => core::run(context, &mut findings),
            Pack::AwsIam => aws_iam::run(context, &mut findings),
            Pack::AwsIdentityCenter => identity_center::run(context, &mut findings),
            Pack::AmazonConnect => connect::run(context, &mut findings),
            Pack::Metadata => metadata::run(context, &mut findings),
        }
    }
    Outcome {
        findings,
        next_steps: next_steps::suggest(context, &packs),
        packs,
    }
}

/// Keeps at most one finding per rule id (the most severe; the first among equals) and
/// orders them by severity, then catalogue order.
pub fn normalize(findings: &mut Vec<Finding>) {
    findings.sort_by_key(|finding| (finding.id, finding.severity));
    findings.dedup_by_key(|finding| finding.id);
    findings.sort_by_key(|finding| (finding.severity, finding.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &rule in RuleId::ALL {
            assert!(seen.insert(rule.as_str()), "duplicate id {rule}");
            assert_eq!(RuleId::from_id(rule.as_str()), Some(rule));
        }
        assert_eq!(RuleId::from_id("core.made.up"), None);
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
