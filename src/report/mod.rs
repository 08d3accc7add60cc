//! The report: the CLI's JSON contract, and the renderers for people, all built from
//! an [`Analysis`].
//!
//! [`build`] makes a [`Report`] from an analysis; `--format json` prints it. Field names
//! and meanings follow the JSON contract in `../shared/CLI.md`
//! (`saml-inspector/report/v1`); outside tools parse it, so existing fields keep their
//! names and meanings and new ones are only ever added. Every output format lives
//! beside it, each over the same `Report` (and, for a redacted export, the receipt
//! `redact` hands over): plain text for terminals in [`text`], Markdown for tickets in
//! [`markdown`], a self-contained HTML page in [`html`], the JSON in [`json`], with the
//! words they share in [`words`] ([`render`] names the renderers for people in one place). Each escapes every value for its format through
//! [`crate::text`], and nothing else.
//!
//! A report is output, never input to another stage: readers that need the typed model
//! or the signature coverage (the page view, a comparison) read the [`Analysis`].

pub mod html;
pub mod json;
pub mod markdown;
pub mod render;
pub mod text;
pub mod words;

pub use words::flow_row;

pub use crate::checks::{Finding, ReferenceTime, TimeSource};
pub use crate::input::export::REPORT_SCHEMA as SCHEMA;
pub use crate::text::StaticText;

use crate::analysis::{Analysis, InputAnalysis, MessageAnalysis, Stage, Verified};
use crate::cert::{CertificateInfo, colon_hex};
use crate::checks::error_text::ErrorTextMatch;
use crate::checks::{Expectations, IdpGuess, NextStep, PackChoice, Severity, signature};
use crate::dsig::{Fingerprint, Protection, Status, Step, TrustStore, Verdict};
use crate::input::{Binding, FlowEntry, InputKind, InputNote, Origin, SamlParameter};
use crate::saml::{Message, MessageKind, SignatureInfo};
use crate::text::one_of;
use crate::timestamp::Timestamp;
use crate::xml::Document;
use serde::{Deserialize, Deserializer, Serialize};

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

/// Makes the report of an analysis: what the CLI prints and the exports redact, with
/// each message's typed model (`details`).
pub fn build(analysis: &Analysis) -> Report {
    Report {
        schema: SCHEMA,
        reference_time: analysis.reference_time,
        inputs: analysis.inputs.iter().map(input_report).collect(),
        trust: TrustReport::from_store(&analysis.trust),
        expect: analysis.expect.clone(),
        error_text: analysis.error_text.clone(),
        messages: analysis
            .messages
            .iter()
            .map(|message| {
                let mut report = message_report(message, &analysis.trust, true);
                report.xml = message.xml_bytes().map(|bytes| text_of(bytes.to_vec()));
                report
            })
            .collect(),
    }
}

/// The report without `details` (the contract and the summary fields only), made by
/// taking the analysis apart: each message's XML moves into the report instead of being
/// copied, and the rest of each message is freed as soon as its part of the report is
/// made. What `saml-inspect` prints unless asked for the model (`--details`) or for a
/// redacted export: the typed model of a big message is several times the size of the
/// rest of its report, and a second copy of its XML would be as big as the message.
pub fn build_summary(analysis: Analysis) -> Report {
    let Analysis {
        reference_time,
        inputs,
        trust,
        expect,
        error_text,
        messages,
    } = analysis;
    let mut report = Report {
        schema: SCHEMA,
        reference_time,
        inputs: inputs.iter().map(input_report).collect(),
        trust: TrustReport::from_store(&trust),
        expect,
        error_text,
        messages: Vec::with_capacity(messages.len()),
    };
    for message in messages {
        let mut message_report = message_report(&message, &trust, false);
        message_report.xml = into_xml(message);
        report.messages.push(message_report);
    }
    report
}

/// A message's XML as text: exactly as received, or with invalid UTF-8 replaced.
/// `String::from_utf8` checks a whole message several times faster than the lossy
/// conversion, which is left for the rare payload that is not UTF-8, and takes the
/// bytes over without copying them.
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

/// The XML of a message, taken out of its analysis (see [`MessageAnalysis::xml_bytes`]).
fn into_xml(message: MessageAnalysis) -> Option<String> {
    match message.stage {
        Stage::Undecodable(_) => None,
        Stage::Unparsable { bytes, .. } => Some(text_of(bytes)),
        Stage::Verified(verified) => Some(text_of(verified.document.into_source())),
    }
}

fn input_report(input: &InputAnalysis) -> InputReport {
    InputReport {
        index: input.index,
        name: input.name.clone(),
        kind: input.kind,
        bytes: input.bytes,
        error: input.error.as_ref().map(ToString::to_string),
        captured_at: input.captured_at,
        flow: input.flow.clone(),
        certificates: input.certificates.clone(),
        notes: input.notes.clone(),
        findings: input.findings.clone(),
    }
}

fn message_report(message: &MessageAnalysis, trust: &TrustStore, details: bool) -> MessageReport {
    let mut origin = OriginReport::from(&message.origin);
    origin.form_action = message.form_action.clone();
    let mut report = MessageReport {
        kind: MessageKind::Other,
        origin,
        also_captured: message
            .also_captured
            .iter()
            .map(|also| OriginReport {
                form_action: also.form_action.clone(),
                ..OriginReport::from(&also.origin)
            })
            .collect(),
        id: None,
        issuer: None,
        destination: None,
        subject: None,
        attributes: Vec::new(),
        signatures: Vec::new(),
        assertion_signature: AssertionSignature::None,
        message_signature: Protection::None,
        findings: message.findings.clone(),
        read_back: message.read_back.as_ref().map(|read_back| ReadBackReport {
            format: read_back.format.describe().to_ascii_lowercase(),
            redacted: read_back.redacted,
        }),
        reference_time: message.reference_time,
        relay_state: message.relay_state.clone(),
        // Filled by the callers of `build_report`, which copy or move it.
        xml: None,
        details: None,
        packs: message.packs.clone(),
        idp: message.idp.clone(),
        next_steps: message.next_steps.clone(),
    };
    let Some(verified) = message.verified() else {
        return report;
    };
    let model = &verified.model;
    fill_from_model(&mut report, message, model);
    report.signatures = signatures(verified, trust);
    report.assertion_signature = match message.assertion_protection() {
        Protection::Trusted => AssertionSignature::Trusted,
        Protection::Unpinned => AssertionSignature::Unpinned,
        Protection::None => AssertionSignature::None,
    };
    report.message_signature = message.message_protection();
    if details {
        report.details = Some(model.clone());
    }
    report
}

/// The contract's summary fields, read from the typed model, each value with the
/// protection its signature gives it.
fn fill_from_model(report: &mut MessageReport, message: &MessageAnalysis, model: &Message) {
    report.kind = model.kind;
    report.id = model
        .header()
        .and_then(|header| header.id.clone())
        .or_else(|| model.evaluated_assertion().and_then(|a| a.id.clone()));
    report.issuer = model.issuer().map(str::to_owned);
    report.destination = model.header().and_then(|header| header.destination.clone());
    report.subject = model.subject_name_id().map(|name_id| SubjectReport {
        name_id: name_id.value.clone(),
        format: name_id.format.clone(),
        name_qualifier: name_id.name_qualifier.clone(),
        sp_name_qualifier: name_id.sp_name_qualifier.clone(),
        signed: message.protection(name_id.node),
    });
    report.attributes = model
        .evaluated_assertion()
        .map(|assertion| {
            assertion
                .attributes
                .iter()
                .map(|attribute| AttributeReport {
                    name: attribute.name.clone(),
                    values: attribute
                        .values
                        .iter()
                        .map(|value| value.text.clone())
                        .collect(),
                    name_format: attribute.name_format.clone(),
                    friendly_name: attribute.friendly_name.clone(),
                    signed: message.protection(attribute.node),
                })
                .collect()
        })
        .unwrap_or_default();
}

/// Every signature of the message as described and as verified, then the Redirect
/// binding's query signature (with the trusted certificate it verified with). The
/// page view describes signatures with these too, so the page and the CLI word them
/// alike.
pub fn signatures(verified: &Verified, trust: &TrustStore) -> Vec<SignatureReport> {
    let document = &verified.document;
    let mut signatures: Vec<SignatureReport> = verified
        .model
        .signatures
        .iter()
        .map(|described| {
            let verdict = verified
                .verdicts
                .iter()
                .find(|verdict| verdict.signature == described.node);
            signature_report(document, described, verdict, trust, verified.keys_set_aside)
        })
        .collect();
    if let Some(query) = &verified.query_signature {
        let not_checked = signature::query_not_checked(&query.verdict);
        signatures.push(SignatureReport {
            target: "Query".to_owned(),
            status: match not_checked {
                Some(_) => SignatureStatus::NotChecked,
                None => status_of(query.verdict.status()),
            },
            reason: match not_checked {
                Some(why) => why.reason(verified.keys_set_aside).to_owned(),
                None => signature::query_reason(&query.verdict, trust),
            },
            signature_method: Some(query.signature.sig_alg.clone()),
            digest_methods: Vec::new(),
            canonicalization_method: None,
            reference_uris: Vec::new(),
            certificate: query
                .verdict
                .key()
                .and_then(|index| trust.keys.get(index))
                .map(|key| key.certificate.clone()),
            failed_step: query
                .verdict
                .failed_step()
                .filter(|_| not_checked.is_none()),
        });
    }
    signatures
}

/// A signature as described and as verified.
fn signature_report(
    document: &Document,
    signature: &SignatureInfo,
    verdict: Option<&Verdict>,
    trust: &TrustStore,
    keys_set_aside: bool,
) -> SignatureReport {
    let mut report = describe_signature(signature);
    if let Some(verdict) = verdict {
        report.target = signature::target_name(document, verdict);
        report.status = status_of(verdict.status());
        report.reason = signature::reason(verdict, trust);
        report.failed_step = verdict.failed_step();
        // Neutral, never "invalid": no key applied, or a report exported with redaction
        // carries a marker instead of the signature's values.
        if let Some(why) = signature::not_checked(document, verdict) {
            report.status = SignatureStatus::NotChecked;
            report.reason = why.reason(keys_set_aside).to_owned();
            report.failed_step = None;
        }
    }
    report
}

fn status_of(status: Status) -> SignatureStatus {
    match status {
        Status::Valid => SignatureStatus::Valid,
        Status::ValidUnpinned => SignatureStatus::ValidUnpinned,
        Status::KeyMismatch => SignatureStatus::KeyMismatch,
        Status::Invalid => SignatureStatus::Invalid,
    }
}

/// A signature as found, before verification: described, never called valid.
fn describe_signature(signature: &SignatureInfo) -> SignatureReport {
    SignatureReport {
        target: signature
            .parent_element
            .clone()
            .unwrap_or_else(|| "document".to_owned()),
        status: SignatureStatus::Invalid,
        reason: "not checked".to_owned(),
        failed_step: None,
        signature_method: signature.signature_method.clone(),
        digest_methods: signature
            .references
            .iter()
            .filter_map(|reference| reference.digest_method.clone())
            .collect(),
        canonicalization_method: signature.canonicalization_method.clone(),
        reference_uris: signature
            .references
            .iter()
            .filter_map(|reference| reference.uri.clone())
            .collect(),
        certificate: signature
            .certificates
            .iter()
            .find_map(|embedded| embedded.certificate.clone()),
    }
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
    /// Where the message was found; for a message captured twice in a HAR, the capture
    /// the SP received (the browser's POST).
    pub origin: OriginReport,
    /// The other places the same message was captured in the same input, each like
    /// `origin`: the IdP's auto-post page (`html-form`, with its `form_action`) before
    /// the browser's POST of it. Empty for a message captured once.
    #[serde(default)]
    pub also_captured: Vec<OriginReport>,
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
    /// For a message read back from a report of ours: that report's format and whether
    /// it was redacted (then `findings` are those the report lists, computed before
    /// redaction, and its signatures are `not-checked`). `null` otherwise.
    #[serde(default)]
    pub read_back: Option<ReadBackReport>,
    /// The time this message is judged against.
    pub reference_time: ReferenceTime,
    /// `RelayState` sent with the message.
    pub relay_state: Option<String>,
    /// The decoded XML as text, exactly as received (invalid UTF-8 replaced), when
    /// decoding got that far.
    pub xml: Option<String>,
    /// The full typed model, when the XML could be read and the report was built with it
    /// ([`build`]; `saml-inspect --format json` only with `--details`). Left out of the
    /// JSON when there is none. A report read back carries none (the page reads the
    /// report without it until it reads its own view).
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub details: Option<Message>,
    /// The rule packs that ran for this message, and why.
    pub packs: Vec<PackChoice>,
    /// The identity provider, when recognised, and from what.
    pub idp: Option<IdpGuess>,
    /// What to do next, with the message's values filled in.
    pub next_steps: Vec<NextStep>,
}

impl MessageReport {
    /// Every place the message was captured: [`MessageReport::origin`] first, then
    /// [`MessageReport::also_captured`].
    pub fn origins(&self) -> impl Iterator<Item = &OriginReport> {
        std::iter::once(&self.origin).chain(&self.also_captured)
    }

    /// Whether the first finding says the message is forged or altered (a DTD, a
    /// signature that does not verify or does not cover what is read, a hidden
    /// assertion): what the verdict says first.
    pub fn forged_or_altered(&self) -> bool {
        self.findings
            .first()
            .is_some_and(crate::checks::says_forged)
    }
}

/// A message read back from a report of ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ReadBackReport {
    /// `json`, `markdown` or `html`.
    pub format: String,
    /// The report was exported with redaction.
    pub redacted: bool,
}

impl ReadBackReport {
    /// The sentence the renderers put first for such a message.
    pub fn verdict(&self) -> String {
        if self.redacted {
            format!(
                "Read back from a redacted report ({}): the findings are those computed before redaction; its signatures cannot be checked here, and it is not evidence of forgery.",
                self.format
            )
        } else {
            format!(
                "Read back from a report ({}): analysed again from the XML it carries.",
                self.format
            )
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
    /// Neither checked nor refused: no key that applies to the signer was available
    /// (an SP-signed request with only IdP keys trusted, a Redirect-binding signature
    /// with no key), or the signature was redacted in the report it was read from.
    NotChecked,
}

impl SignatureStatus {
    /// The contract's name: `valid`, `valid-unpinned`, `key-mismatch`, `invalid`,
    /// `not-checked`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureStatus::Valid => "valid",
            SignatureStatus::ValidUnpinned => "valid-unpinned",
            SignatureStatus::KeyMismatch => "key-mismatch",
            SignatureStatus::Invalid => "invalid",
            SignatureStatus::NotChecked => "not-checked",
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
