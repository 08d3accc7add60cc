//! What the rule packs look at: one message, and what the rest of the analysis knows
//! around it (the [`Flow`] it travelled in and metadata the user loaded, in
//! [`super::flow`]; what the user expected; the error text they saw).
//!
//! [`Context`] is built by the analysis (`crate::analysis`) once per message after every
//! input has been read, so a Response can be compared with the AuthnRequest seen earlier
//! in the same HAR and with metadata given as another input or as a trust anchor.

pub use super::flow::{ErrorPageSeen, Flow, MetadataRole, MetadataSeen, RequestSeen};

use super::idp::IdpGuess;
use crate::dsig::{Protection, TrustStore, Verdict};
use crate::input::{Binding, Origin};
use crate::rules::error_text::ErrorTextMatch;
use crate::saml::Message;
use crate::timestamp::Timestamp;
use crate::xml::Document;
use serde::Serialize;
use std::fmt;

/// A reference time and where it came from: what every time rule judges against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReferenceTime {
    pub value: Timestamp,
    pub source: TimeSource,
}

/// Where a reference time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeSource {
    /// The capture time of the HAR entry (`startedDateTime`).
    Har,
    /// Chosen by the user (`--at`, or the page's time field).
    User,
    /// The caller's clock at the time of the analysis.
    Clock,
    /// The message's own IssueInstant (the user asked to judge each message when it
    /// was issued).
    #[serde(rename = "issue-instant")]
    IssueInstant,
}

/// A rule pack: the rules for one kind of target.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Pack {
    /// Any SAML 2.0 message; always runs.
    Core,
    /// IAM SAML federation (`signin.aws.amazon.com/saml`).
    AwsIam,
    /// IAM Identity Center with an external IdP (`.../platform/saml/acs/<uuid>`).
    AwsIdentityCenter,
    /// Federation into Amazon Connect (IAM federation with a Connect RelayState).
    AmazonConnect,
    /// Amazon Cognito user pools as the SP (`urn:amazon:cognito:sp:<pool>`,
    /// `.../saml2/idpresponse`).
    Cognito,
    /// IdP or SP metadata.
    Metadata,
}

impl Pack {
    pub const ALL: [Pack; 6] = [
        Pack::Core,
        Pack::AwsIam,
        Pack::AwsIdentityCenter,
        Pack::AmazonConnect,
        Pack::Cognito,
        Pack::Metadata,
    ];

    /// The name used in reports, `--expect profile=` and the page's selector.
    pub fn as_str(self) -> &'static str {
        match self {
            Pack::Core => "core",
            Pack::AwsIam => "aws-iam",
            Pack::AwsIdentityCenter => "aws-identity-center",
            Pack::AmazonConnect => "amazon-connect",
            Pack::Cognito => "cognito",
            Pack::Metadata => "metadata",
        }
    }

    /// What the pack is about, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Pack::Core => "SAML 2.0 rules for any message",
            Pack::AwsIam => "AWS IAM SAML federation",
            Pack::AwsIdentityCenter => "AWS IAM Identity Center",
            Pack::AmazonConnect => "Amazon Connect federation",
            Pack::Cognito => "Amazon Cognito user pool",
            Pack::Metadata => "IdP / SP metadata",
        }
    }

    /// The rule that says the target refuses a signing certificate outside its validity
    /// period (CHECKS.md `core.cert.validity`): Amazon Cognito's `cognito.cert`; IAM and
    /// Identity Center are not documented to refuse one.
    pub fn certificate_dates_rule(self) -> Option<&'static str> {
        match self {
            Pack::Cognito => Some("cognito.cert"),
            _ => None,
        }
    }

    pub fn from_name(name: &str) -> Option<Pack> {
        Pack::ALL.into_iter().find(|pack| pack.as_str() == name)
    }
}

impl fmt::Display for Pack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A pack that runs for a message, and why (chosen by `checks::select`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PackChoice {
    pub pack: Pack,
    /// In a sentence: "Destination is `https://signin.aws.amazon.com/saml`".
    pub reason: String,
}

/// What the user told us they expected (`--expect KEY=VALUE`, the page's fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Expectations {
    /// The user name the person signs in with (Identity Center user name, Connect user
    /// name): compared exactly, case included.
    pub username: Option<String>,
    /// The 12-digit AWS account id the role should be in.
    pub account: Option<String>,
    /// The AWS region (e.g. `eu-west-1`) the sign-in endpoint or Connect instance is in.
    pub region: Option<String>,
    /// The target the message is meant for; overrides automatic pack selection.
    pub profile: Option<Pack>,
    /// The role (name or ARN) the user meant to assume.
    pub role: Option<String>,
    /// The SP's entity id / audience the user expects.
    pub audience: Option<String>,
    /// The SP's ACS URL the user expects.
    pub acs: Option<String>,
}

impl Expectations {
    /// The keys `--expect` accepts, in the order help texts list them.
    pub const KEYS: &'static [&'static str] = &[
        "username", "account", "region", "profile", "role", "audience", "acs",
    ];

    /// Sets one `KEY=VALUE`. The value is kept exactly (spaces included: they may be the
    /// point), except that an empty value clears the key.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = (!value.is_empty()).then(|| value.to_owned());
        match key {
            "username" | "user" => self.username = value,
            "account" => {
                if let Some(account) = &value
                    && !crate::aws::is_account_id(account)
                {
                    return Err(format!(
                        "account {account:?} is not a 12-digit AWS account id"
                    ));
                }
                self.account = value;
            }
            "region" => self.region = value,
            "profile" | "pack" => {
                self.profile = match value.as_deref() {
                    None | Some("auto") => None,
                    Some(name) => Some(Pack::from_name(name).ok_or_else(|| {
                        format!(
                            "unknown profile {name:?} (aws-iam, aws-identity-center, amazon-connect, cognito, metadata, core)"
                        )
                    })?),
                }
            }
            "role" => self.role = value,
            "audience" | "entity-id" => self.audience = value,
            "acs" => self.acs = value,
            other => {
                return Err(format!(
                    "unknown --expect key {other:?} (known: {})",
                    Expectations::KEYS.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// Parses `KEY=VALUE`.
    pub fn set_pair(&mut self, pair: &str) -> Result<(), String> {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("--expect {pair:?} is not KEY=VALUE"))?;
        self.set(key.trim(), value)
    }
}

/// Everything a rule pack looks at for one message.
pub struct Context<'a> {
    pub message: &'a Message,
    /// The document the message was read from (and the signatures verified in).
    pub document: &'a Document,
    /// The decoded XML bytes exactly as received (e.g. for a BOM).
    pub payload: &'a [u8],
    pub verdicts: &'a [Verdict],
    /// The keys the signatures were checked with.
    pub trust: &'a TrustStore,
    /// The user's trusted keys are all the other side's (IdP metadata for an SP-signed
    /// AuthnRequest) and were set aside: `trust` is empty.
    pub keys_set_aside: bool,
    /// How well the evaluated assertion is signed (after the hidden-assertion downgrade).
    pub assertion: Protection,
    pub origin: &'a Origin,
    /// `RelayState` sent with the message.
    pub relay_state: Option<&'a str>,
    /// The form's `action` for a message found in an auto-post page.
    pub form_action: Option<&'a str>,
    pub reference_time: ReferenceTime,
    pub flow: &'a Flow<'a>,
    pub expect: &'a Expectations,
    /// The error text the user saw (or found in the HAR), if any, with the rules it
    /// points at.
    pub error_text: Option<&'a ErrorTextMatch>,
    /// The identity provider, when recognised: word the fixes in its terms.
    pub idp: Option<&'a IdpGuess>,
    /// The packs that run for this message (set by `checks::run` once chosen; empty
    /// while they are being chosen): a rule leaves to another pack's rule what that
    /// rule reports better (one cause, one finding).
    pub packs: &'a [PackChoice],
}

impl Context<'_> {
    /// Whether `pack` runs for this message.
    pub fn runs(&self, pack: Pack) -> bool {
        self.packs.iter().any(|choice| choice.pack == pack)
    }

    /// The reference time's instant.
    pub fn now(&self) -> Timestamp {
        self.reference_time.value
    }

    /// Where the message was going: the Response's `Destination`, else the auto-post
    /// form's action, else the URL it was posted to.
    pub fn target_url(&self) -> Option<&str> {
        self.message
            .header()
            .and_then(|header| header.destination.as_deref())
            .or(self.form_action)
            .or_else(|| {
                (self.origin.binding != Binding::HtmlForm)
                    .then_some(self.origin.url.as_deref())
                    .flatten()
            })
    }

    /// The AuthnRequests seen before this message in the same input (flow order), most
    /// recent last.
    pub fn earlier_requests(&self) -> impl Iterator<Item = &RequestSeen> {
        let here = (self.origin.input, self.origin.har_entry);
        self.flow.requests.iter().filter(move |request| {
            request.input == here.0
                && match (request.har_entry, here.1) {
                    (Some(then), Some(now)) => then <= now,
                    _ => true,
                }
        })
    }

    /// Service-provider metadata entities the user loaded.
    pub fn sp_metadata(&self) -> impl Iterator<Item = &MetadataSeen> {
        self.flow
            .metadata
            .iter()
            .filter(|entity| entity.role == MetadataRole::ServiceProvider)
    }

    /// Identity-provider metadata entities the user loaded.
    pub fn idp_metadata(&self) -> impl Iterator<Item = &MetadataSeen> {
        self.flow
            .metadata
            .iter()
            .filter(|entity| entity.role == MetadataRole::IdentityProvider)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_parse_and_refuse_unknown_keys() {
        let mut expect = Expectations::default();
        expect.set_pair("username=jdoe ").unwrap();
        expect.set_pair("profile=amazon-connect").unwrap();
        expect.set_pair("account=123456789012").unwrap();
        assert_eq!(expect.username.as_deref(), Some("jdoe "));
        assert_eq!(expect.profile, Some(Pack::AmazonConnect));
        assert!(expect.set_pair("account=12345").is_err());
        assert!(expect.set_pair("colour=blue").is_err());
        assert!(expect.set_pair("profile=aws").is_err());
        assert!(expect.set_pair("novalue").is_err());
        expect.set_pair("profile=auto").unwrap();
        assert_eq!(expect.profile, None);
    }
}
