//! The plain-data report: what both faces show and what `--format json` prints.
//!
//! Field names and meanings follow the JSON contract in `../shared/CLI.md`
//! (`saml-inspector/report/v1`); outside tools parse it, so existing fields keep their
//! names and meanings and new ones are only ever added. The renderers for people
//! (plain text for terminals, Markdown for tickets) live in [`render`].

pub mod html;
pub mod render;

use crate::cert::{CertificateInfo, colon_hex};
use crate::checks::error_text::ErrorTextMatch;
use crate::checks::{Expectations, Finding, IdpGuess, NextStep, PackChoice, Severity};
use crate::dsig::{Coverage, Fingerprint, Protection, Step, TrustStore};
use crate::input::{Binding, FlowEntry, InputKind, InputNote, Origin, SamlParameter};
use crate::saml::{Body, Message, MessageKind, TimeValue};
use crate::timestamp::Timestamp;
use serde::{Deserialize, Deserializer, Serialize};

/// The schema identifier written at the top of every JSON report.
pub const SCHEMA: &str = "saml-inspector/report/v1";

/// Everything one analysis found.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Report {
    #[serde(deserialize_with = "schema")]
    pub schema: StaticText,
    /// The time the report as a whole is judged against (each message also carries its
    /// own, which may be its HAR capture time).
    pub reference_time: ReferenceTime,
    pub inputs: Vec<InputReport>,
    /// The keys the user trusts to sign (`--trust`, or loaded as trusted in the page).
    pub trust: Vec<TrustReport>,
    /// What the user said they expected (`--expect`); empty fields are `null`.
    pub expect: Expectations,
    /// The error text the user saw (`--error`), or a known AWS error page found in a HAR
    /// response, with the rules it points at.
    pub error_text: Option<ErrorTextMatch>,
    /// Every SAML message found, in input order and, within a HAR, in flow order.
    pub messages: Vec<MessageReport>,
}

/// A text from a fixed set of static texts. Reading a report back (the page reads the
/// engine's JSON), such a field is looked up in its set with [`one_of`], and anything
/// else is refused; nothing is allocated for it, let alone leaked. (An alias, because
/// serde's derive would otherwise try to borrow a `&'static str` from the JSON.)
pub type StaticText = &'static str;

/// `text` as the member of `known` it equals.
pub(crate) fn one_of<E: serde::de::Error>(
    text: &str,
    known: &[&'static str],
) -> Result<&'static str, E> {
    known
        .iter()
        .copied()
        .find(|candidate| *candidate == text)
        .ok_or_else(|| E::custom(format_args!("unexpected `{text}`")))
}

fn schema<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
    one_of(
        &<std::borrow::Cow<'de, str>>::deserialize(deserializer)?,
        &[SCHEMA],
    )
}

fn parameter<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<&'static str>, D::Error> {
    <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)?
        .map(|name| {
            let names = [
                SamlParameter::SamlRequest.as_str(),
                SamlParameter::SamlResponse.as_str(),
            ];
            one_of(&name, &names)
        })
        .transpose()
}

/// One row of a HAR's flow as the exports print it, before escaping: index, method,
/// URL, status (empty when none) and the SAML parameters carried.
pub fn flow_row(entry: &FlowEntry) -> [String; 5] {
    let saml: Vec<&str> = entry
        .saml
        .iter()
        .map(|parameter| parameter.as_str())
        .collect();
    [
        entry.index.to_string(),
        entry.method.clone(),
        entry.url.clone(),
        entry
            .status
            .map(|status| status.to_string())
            .unwrap_or_default(),
        saml.join(", "),
    ]
}

/// A reference time and where it came from.
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
}

/// What was made of one input.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct InputReport {
    pub index: usize,
    /// The file name as given (never used to recognise the content).
    pub name: String,
    /// What the input was recognised as; `None` when it could not be read.
    pub kind: Option<InputKind>,
    pub bytes: usize,
    /// Why the input could not be read at all, in one sentence.
    pub error: Option<String>,
    /// For a HAR: the first entry's `startedDateTime`.
    pub captured_at: Option<Timestamp>,
    /// For a HAR: every request, SAML or not, in order.
    pub flow: Vec<FlowEntry>,
    /// Certificates given as (or inside) this input.
    pub certificates: Vec<CertificateInfo>,
    pub notes: Vec<InputNote>,
    /// Findings about the input itself (unreadable, no SAML in a HAR, ...).
    pub findings: Vec<Finding>,
}

/// One SAML message.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct MessageReport {
    pub kind: MessageKind,
    pub origin: OriginReport,
    /// The root element's `ID`.
    pub id: Option<String>,
    pub issuer: Option<String>,
    pub destination: Option<String>,
    pub subject: Option<SubjectReport>,
    /// The evaluated assertion's attributes, values exactly as sent.
    pub attributes: Vec<AttributeReport>,
    pub signatures: Vec<SignatureReport>,
    pub assertion_signature: AssertionSignature,
    /// Whether a valid signature covers the message element itself (and so its ID,
    /// Issuer, Destination and Status): `trusted`, `unpinned` or `none`.
    pub message_signature: Protection,
    pub findings: Vec<Finding>,
    /// The time this message is judged against.
    pub reference_time: ReferenceTime,
    /// `RelayState` sent with the message.
    pub relay_state: Option<String>,
    /// The decoded XML as text, exactly as received (invalid UTF-8 replaced), when
    /// decoding got that far.
    pub xml: Option<String>,
    /// The full typed model, when the XML could be read. Not read back from JSON: the
    /// page gets what it shows of it as `facts`.
    #[serde(skip_deserializing)]
    pub details: Option<Message>,
    /// What the page shows of `details` (the JSON has `details` instead).
    #[serde(skip)]
    pub facts: MessageFacts,
    /// What signatures made with a trusted key cover, in the tree `xml` parses into (for
    /// the page's highlighting; the JSON has `assertion_signature` instead).
    #[serde(skip)]
    pub trusted_coverage: Vec<Coverage>,
    /// The rule packs that ran for this message, and why.
    pub packs: Vec<PackChoice>,
    /// The identity provider, when recognised, and from what.
    pub idp: Option<IdpGuess>,
    /// What to do next, with the message's values filled in.
    pub next_steps: Vec<NextStep>,
}

/// The few values of the typed model the page shows (summary cards, time line): the
/// engine hands them to the page next to the report, whose JSON the page reads without
/// `details` (reading the whole model back would cost the page's first load more than
/// all its views).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageFacts {
    /// The message carries at least one Assertion (signed or not, evaluated or not).
    pub has_assertions: bool,
    pub in_response_to: Option<String>,
    pub status: Option<crate::saml::Status>,
    /// The evaluated assertion's audiences, every AudienceRestriction's in order.
    pub audiences: Vec<String>,
    /// The first bearer confirmation's Recipient.
    pub recipient: Option<String>,
    /// An AuthnRequest's AssertionConsumerServiceURL and ProtocolBinding.
    pub acs: Option<String>,
    pub request_binding: Option<String>,
    /// Metadata: every entity's entityID.
    pub entity_ids: Vec<String>,
    /// The message's IssueInstant, else the evaluated assertion's.
    pub issued: Option<TimeValue>,
    pub not_before: Option<TimeValue>,
    pub not_on_or_after: Option<TimeValue>,
    /// The first bearer confirmation's NotOnOrAfter.
    pub bearer_until: Option<TimeValue>,
}

impl MessageFacts {
    pub fn of(message: &Message) -> MessageFacts {
        let assertion = message.evaluated_assertion();
        let conditions = assertion.and_then(|assertion| assertion.conditions.as_ref());
        let confirmation = assertion
            .and_then(|assertion| assertion.subject.as_ref())
            .and_then(|subject| subject.confirmations.first())
            .and_then(|confirmation| confirmation.data.as_ref());
        let (acs, request_binding) = match &message.body {
            Body::AuthnRequest(request) => (
                request.assertion_consumer_service_url.clone(),
                request.protocol_binding.clone(),
            ),
            _ => (None, None),
        };
        let entity_ids = match &message.body {
            Body::Metadata { entities } => entities
                .iter()
                .filter_map(|entity| entity.entity_id.clone())
                .collect(),
            _ => Vec::new(),
        };
        MessageFacts {
            has_assertions: !message.assertions().is_empty(),
            in_response_to: message.in_response_to().map(str::to_owned),
            status: message.status().cloned(),
            audiences: conditions
                .map(|conditions| conditions.audience_restrictions.concat())
                .unwrap_or_default(),
            recipient: confirmation.and_then(|data| data.recipient.clone()),
            acs,
            request_binding,
            entity_ids,
            issued: message
                .header()
                .and_then(|header| header.issue_instant.clone())
                .or_else(|| assertion.and_then(|assertion| assertion.issue_instant.clone())),
            not_before: conditions.and_then(|conditions| conditions.not_before.clone()),
            not_on_or_after: conditions.and_then(|conditions| conditions.not_on_or_after.clone()),
            bearer_until: confirmation.and_then(|data| data.not_on_or_after.clone()),
        }
    }
}

/// Where a message was found (the contract's `origin`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct OriginReport {
    pub input: usize,
    pub har_entry: Option<usize>,
    pub url: Option<String>,
    pub binding: Binding,
    /// `SAMLRequest`, `SAMLResponse`, or `null` for raw XML.
    #[serde(deserialize_with = "parameter")]
    pub parameter: Option<StaticText>,
    pub method: Option<String>,
    pub captured_at: Option<Timestamp>,
    pub http_status: Option<u16>,
    /// For `html-form`: where the form posts the message.
    pub form_action: Option<String>,
}

impl From<&Origin> for OriginReport {
    fn from(origin: &Origin) -> Self {
        OriginReport {
            input: origin.input,
            har_entry: origin.har_entry,
            url: origin.url.clone(),
            binding: origin.binding,
            parameter: origin.parameter.map(|parameter| parameter.as_str()),
            method: origin.method.clone(),
            captured_at: origin.captured_at,
            http_status: origin.http_status,
            form_action: None,
        }
    }
}

/// The subject's NameID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SubjectReport {
    /// The whole text content of NameID (every text and CDATA piece joined).
    pub name_id: String,
    pub format: Option<String>,
    pub name_qualifier: Option<String>,
    pub sp_name_qualifier: Option<String>,
    /// Whether a valid signature covers the NameID: `trusted`, `unpinned` or `none`.
    pub signed: Protection,
}

/// One attribute of the evaluated assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AttributeReport {
    pub name: String,
    pub values: Vec<String>,
    pub name_format: Option<String>,
    pub friendly_name: Option<String>,
    /// Whether a valid signature covers the attribute: `trusted`, `unpinned` or `none`.
    pub signed: Protection,
}

/// One signature and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SignatureReport {
    /// What it signs: `Response`, `Assertion`, `Query` (Redirect binding), or the local
    /// name of another signed element (`AuthnRequest`, `EntityDescriptor`, ...).
    pub target: String,
    pub status: SignatureStatus,
    /// Why the status is what it is, in a sentence.
    pub reason: String,
    pub signature_method: Option<String>,
    pub digest_methods: Vec<String>,
    pub canonicalization_method: Option<String>,
    pub reference_uris: Vec<String>,
    /// The first certificate carried in the signature's KeyInfo, if readable (for a
    /// `Query` signature: the trusted certificate it verified with).
    pub certificate: Option<CertificateInfo>,
    /// For `invalid`: the verification step that failed.
    pub failed_step: Option<Step>,
}

/// One trusted key, as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TrustReport {
    /// Where the user gave it.
    pub source: String,
    /// The certificate, or `None` for a fingerprint.
    pub certificate: Option<CertificateInfo>,
    /// For a pinned fingerprint: its hex digits.
    pub fingerprint: Option<String>,
}

impl TrustReport {
    pub fn from_store(store: &TrustStore) -> Vec<TrustReport> {
        let keys = store.keys.iter().map(|key| TrustReport {
            source: key.source.clone(),
            certificate: Some(key.certificate.clone()),
            fingerprint: None,
        });
        let fingerprints = store.fingerprints.iter().map(|fingerprint| TrustReport {
            source: "fingerprint".to_owned(),
            certificate: None,
            fingerprint: Some(match fingerprint {
                Fingerprint::Sha256(bytes) => format!("SHA-256 {}", colon_hex(bytes)),
                Fingerprint::Sha1(bytes) => format!("SHA-1 {}", colon_hex(bytes)),
            }),
        });
        keys.chain(fingerprints).collect()
    }
}

/// A signature's verdict, as the contract names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureStatus {
    /// Verified with a key the user trusts.
    Valid,
    /// Verified with the message's own certificate; no trusted key was given.
    ValidUnpinned,
    /// Verifies, but with a key other than the trusted one.
    KeyMismatch,
    Invalid,
}

impl SignatureStatus {
    /// The contract's name: `valid`, `valid-unpinned`, `key-mismatch`, `invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "valid",
            SignatureStatus::ValidUnpinned => "valid-unpinned",
            SignatureStatus::KeyMismatch => "key-mismatch",
            SignatureStatus::Invalid => "invalid",
        }
    }
}

impl std::fmt::Display for SignatureStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the evaluated assertion is covered by a valid signature (the contract's
/// `assertion_signature`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AssertionSignature {
    Trusted,
    Unpinned,
    None,
}

impl Report {
    /// Every finding, about inputs and messages.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.inputs
            .iter()
            .flat_map(|input| &input.findings)
            .chain(self.messages.iter().flat_map(|message| &message.findings))
    }

    /// The most severe finding's severity (`Pass` when there are none).
    pub fn worst_severity(&self) -> Severity {
        self.findings()
            .map(|finding| finding.severity)
            .min()
            .unwrap_or(Severity::Pass)
    }

    /// Whether no input could be read and no message was found: nothing was analysed.
    pub fn nothing_analysed(&self) -> bool {
        self.messages.is_empty() && self.inputs.iter().all(|input| input.kind.is_none())
    }

    /// Every `error` finding of the messages, with its message's number (from 1), in
    /// message order: what the exports list first.
    pub fn message_errors(&self) -> Vec<(usize, &Finding)> {
        self.messages
            .iter()
            .enumerate()
            .flat_map(|(number, message)| {
                message
                    .findings
                    .iter()
                    .filter(|finding| finding.severity == Severity::Error)
                    .map(move |finding| (number + 1, finding))
            })
            .collect()
    }

    /// Every message's next steps, in message order.
    pub fn next_steps(&self) -> impl Iterator<Item = &NextStep> {
        self.messages.iter().flat_map(|message| &message.next_steps)
    }

    /// How many findings of each severity: `[error, warning, info, pass]`.
    pub fn severity_counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for finding in self.findings() {
            counts[finding.severity as usize] += 1;
        }
        counts
    }
}
