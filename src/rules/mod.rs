//! The rule catalogue as data (`../shared/CHECKS.md`): every rule's stable
//! [`RuleId`], the [`Severity`] scale, and the [error-text index](error_text) — the texts
//! users arrive with, mapped to the rules that explain them.
//!
//! Low in the tree on purpose: the input readers (an AWS error page in a HAR), the
//! redaction (an error page's text kept in a sanitized HAR) and the checks all use it,
//! and none of them may depend on the checks to do so. Findings themselves
//! (`checks::Finding`) are made by the checks; this module only names them.

pub mod error_text;

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
    AwsRecipient => "aws.recipient",
    AwsRecipientRegion => "aws.recipient.region",
    AwsRolePresent => "aws.role.present",
    AwsRoleFormat => "aws.role.format",
    AwsRoleMultiple => "aws.role.multiple",
    AwsSessionName => "aws.session.name",
    AwsSessionDuration => "aws.session.duration",
    AwsTags => "aws.tags",
    AwsSourceIdentity => "aws.source.identity",
    AwsEncryption => "aws.encryption",
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
    // Pack cognito.
    CognitoAudience => "cognito.audience",
    CognitoAcs => "cognito.acs",
    CognitoAttributes => "cognito.attributes",
    CognitoCert => "cognito.cert",
    CognitoErrors => "cognito.errors",
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
    fn severities_order_from_most_severe() {
        assert!(Severity::Error < Severity::Warning);
        assert!(Severity::Info < Severity::Pass);
        let labels: Vec<_> = [
            Severity::Error,
            Severity::Warning,
            Severity::Info,
            Severity::Pass,
        ]
        .iter()
        .map(|severity| severity.label())
        .collect();
        assert_eq!(labels, ["error", "warning", "info", "pass"]);
    }
}
