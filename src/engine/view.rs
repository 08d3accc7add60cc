//! The page view: a small view made for the page from the [`Analysis`], holding only
//! what the page draws, already worded and split. The page's module deserializes only
//! these types (no `Report`, no typed SAML model), which is what keeps its first load
//! small; the CLI's contract (`report`) is another reader of the same `Analysis`.
//!
//! - Every value shown carries a [`Mark`]: covered by a trusted signature, by an intact
//!   signature whose signer was not checked, by none, read from outside what an intact
//!   signature covers (the signature-wrapping case), or in a message whose signatures
//!   could not be checked (a redacted report read back). "What is used is what is
//!   signed" (DESIGN) is visible on every value, in words, not only in colour.
//! - The verdict's headline is written here, once: a forged or altered message says so
//!   first, a redacted report read back says so, signatures not checked say so.
//! - AWS Role values come split (account, partition, role, provider) by `crate::aws`.
//! - Long lists are sent a page at a time ([`ROWS_PER_PAGE`]; the attribute table and
//!   the roles), so no message makes the page read or draw more than a page at once;
//!   the rest is asked for with `Command::Attributes` / `Command::Roles`.

use crate::analysis::{Analysis, InputAnalysis, MessageAnalysis, Verified};
use crate::aws::{self, attributes as aws_attributes};
use crate::cert::CertificateInfo;
use crate::checks::error_text::ErrorTextSource;
use crate::checks::{Finding, NextStep, Pack, RuleId, Severity, TimeSource};
use crate::dsig::{Protection, TrustStore};
use crate::input::{Binding, SamlParameter, request_label, request_number};
use crate::report::{SignatureReport, SignatureStatus, TrustReport};
use crate::saml::{Body, Message, MessageKind, TimeValue};
use crate::timestamp::{Timestamp, describe_duration};
use serde::{Deserialize, Serialize};

/// The page's number for an input (a file, a paste, an example, a trusted key): given
/// by the page when it adds the input, and used in every command about it.
pub type InputId = u32;

/// Rows of a long list (attributes, roles) sent at once; the page asks for the next
/// page as the user scrolls to it. Two hundred rows draw in a few milliseconds; the
/// 60,000 attributes a hostile message can carry do not.
pub const ROWS_PER_PAGE: usize = 200;

/// Values of one attribute listed in its row; the rest are counted. (The roles card
/// lists every Role value, a page at a time.)
pub const VALUES_PER_ROW: usize = 50;

/// A flow longer than this opens with only its SAML-related requests shown.
pub const LONG_FLOW_ROWS: usize = 500;

/// What the page shows after an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageView {
    /// The analysis' number (the page's); exports and further pages name it.
    pub generation: u32,
    /// The inputs analysed (not the trusted keys), in order.
    pub inputs: Vec<InputView>,
    /// The trusted keys and fingerprints read from the trusted inputs.
    pub trust: Vec<TrustKeyView>,
    /// Why a trusted input could not be used.
    pub trust_errors: Vec<(InputId, String)>,
    /// Why the reference time typed could not be read (the one before it was used).
    pub reference_time_error: Option<String>,
    /// The error text the user gave or a HAR showed, and what it points at.
    pub error_text: Option<ErrorTextView>,
    /// Every message found, as the message list shows it.
    pub messages: Vec<MessageItem>,
    /// The message shown in detail (index into `messages`).
    pub selected: Option<usize>,
    /// Its detail.
    pub detail: Option<MessageView>,
    /// An input is a HAR (the sanitized HAR can be exported).
    pub has_har: bool,
    /// A flow is longer than [`LONG_FLOW_ROWS`].
    pub long_flow: bool,
}

/// One input as the input list and the flow show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputView {
    pub id: InputId,
    pub name: String,
    /// "HAR file · 1.2 MB · 6 requests".
    pub summary: String,
    /// Why it could not be read at all, in a sentence.
    pub error: Option<String>,
    /// Findings about the input itself (an unreadable input's error finding is left
    /// out: `error` says it).
    pub findings: Vec<FindingView>,
    pub notes: Vec<String>,
    pub certificates: Vec<CertificateLine>,
    /// For a HAR or SAML-tracer export: every request in order.
    pub flow: Vec<FlowRow>,
}

/// A certificate in a list: its description and SHA-256 fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateLine {
    pub text: String,
    pub sha256: String,
}

/// One request of a flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowRow {
    /// The entry's index (0-based, `log.entries`): what `Command::RequestDetail` names.
    pub entry: usize,
    /// The number people use ("request 13").
    pub number: usize,
    /// Time since the flow's first request, "+1.2 s".
    pub offset: String,
    pub method: String,
    pub status: Option<u16>,
    pub status_text: String,
    pub url: String,
    pub host: String,
    /// Path and query, shortened.
    pub path: String,
    /// The host is AWS's.
    pub aws: bool,
    /// Where a redirect points, shortened.
    pub redirect: Option<String>,
    /// The SAML parameters the request carries.
    pub saml: Vec<String>,
    /// The messages it carries: (index into `PageView::messages`, kind).
    pub messages: Vec<(usize, String)>,
    /// The POST that hands the user from the IdP to the service provider.
    pub handoff: bool,
}

/// A trusted key as the trust panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustKeyView {
    pub text: String,
    pub fingerprint: String,
}

/// The error text, and whether rules explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorTextView {
    pub text: String,
    /// "you gave" or "found in the HAR".
    pub source: String,
    /// Some rule explains it (their findings come first and say so).
    pub explained: bool,
}

/// A finding as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub fix: String,
    /// The rule explains the error text the user saw.
    pub explains: bool,
}

/// A message in the message list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageItem {
    pub kind: String,
    /// The most severe finding's severity.
    pub worst: Severity,
    /// "HTTP-POST", "auto-post form"...
    pub binding: String,
    pub http_status: Option<u16>,
    /// The signature's word for the list, when it has one.
    pub signature: Option<SignatureMark>,
    /// "POST https://..." where it was sent.
    pub location: String,
    /// "request 3 · 2024-05-01T12:00:00Z" or "input 1".
    pub place: String,
    /// Where else the same message was captured ("also in the IdP's auto-post page at
    /// request 2"), when it was.
    pub also: Option<String>,
    pub input: InputId,
    pub har_entry: Option<usize>,
}

/// A short signature verdict for the list: green only for a trusted assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureMark {
    /// `trusted`, `unpinned` or `bad`.
    pub class: String,
    pub text: String,
}

/// Whether a signature covers a value the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// A valid signature made with a key the user trusts covers it.
    Signed,
    /// An intact signature made with the message's own certificate covers it; who
    /// signed was not checked.
    Unpinned,
    /// No signature covers it, and none in the message is intact.
    Unsigned,
    /// An intact signature is in the message, but this value is read from outside
    /// what it covers (or an assertion hides beside signed content): signature
    /// wrapping's shape.
    Outside,
    /// The message's signatures could not be checked (a redacted report read back, no
    /// key for the signer).
    NotChecked,
}

impl Mark {
    /// The words shown next to the value (never colour alone).
    pub fn words(self) -> &'static str {
        match self {
            Mark::Signed => "signed",
            Mark::Unpinned => "signed, signer not checked",
            Mark::Unsigned => "unsigned",
            Mark::Outside => "outside the signature",
            Mark::NotChecked => "signature not checked",
        }
    }

    /// The CSS class and `data-mark` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Signed => "signed",
            Mark::Unpinned => "unpinned",
            Mark::Unsigned => "unsigned",
            Mark::Outside => "outside",
            Mark::NotChecked => "not-checked",
        }
    }
}

/// A value the page shows, with its mark (`None`: not something a signature could
/// cover, such as the reference time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub text: String,
    pub mark: Option<Mark>,
}

/// One page of a long list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsPage<T> {
    /// Index of the first row.
    pub from: usize,
    /// Rows in the whole list.
    pub total: usize,
    pub rows: Vec<T>,
}

impl<T> Default for RowsPage<T> {
    fn default() -> Self {
        RowsPage {
            from: 0,
            total: 0,
            rows: Vec::new(),
        }
    }
}

/// One message in detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    /// Index into `PageView::messages`.
    pub index: usize,
    pub kind: String,
    /// The root element's ID (or the evaluated assertion's).
    pub id: Option<String>,
    pub verdict: VerdictView,
    pub idp: Option<IdpView>,
    pub packs: Vec<PackView>,
    /// Most severe first; within a severity, those explaining the error text first.
    pub findings: Vec<FindingView>,
    pub next_steps: Vec<NextStep>,
    pub cards: Cards,
    /// The message carries an assertion (the attribute table is shown).
    pub has_assertion: bool,
    pub attributes: RowsPage<AttributeRow>,
    pub signatures: SignaturesView,
    /// The XML could be decoded (`Command::ShowXml` has something to show).
    pub has_xml: bool,
}

/// The verdict on a message, first thing under its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictView {
    /// `fail`, `warn` or `ok`.
    pub class: String,
    pub icon: String,
    pub headline: String,
    pub next: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdpView {
    pub name: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackView {
    pub name: String,
    pub reason: String,
}

/// The message at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cards {
    pub issuer: Option<Shown>,
    pub in_response_to: Option<Shown>,
    pub status: Option<Shown>,
    pub sub_status: Option<Shown>,
    pub status_message: Option<Shown>,
    pub entity_ids: Option<Shown>,
    pub name_id: Option<Shown>,
    pub name_id_format: Option<Shown>,
    pub audience: Option<Shown>,
    pub destination: Option<Shown>,
    pub recipient: Option<Shown>,
    pub acs: Option<Shown>,
    pub protocol_binding: Option<Shown>,
    pub relay_state: Option<Shown>,
    pub time: Option<TimeCard>,
    /// Every value of the AWS Role attribute, split.
    pub roles: RowsPage<RoleRow>,
    pub session_name: Option<Shown>,
    /// How many RoleSessionName values there are.
    pub session_names: usize,
    pub session_duration: Option<Shown>,
}

/// The validity window drawn on a line (positions on a 0..1000 axis) and said in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeCard {
    /// `early`, `expired`, `open` or `inside`.
    pub state: String,
    pub state_text: String,
    pub bar_x: String,
    pub bar_width: String,
    pub issued_x: Option<String>,
    pub reference_x: String,
    pub not_before: Option<TimeRow>,
    pub reference: String,
    /// "HAR capture time", "the time you chose"...
    pub reference_source: String,
    pub not_on_or_after: Option<TimeRow>,
    pub bearer_until: Option<TimeRow>,
    pub issue_instant: Option<TimeRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRow {
    pub value: Shown,
    /// "5 min before the reference time".
    pub note: Option<String>,
}

/// One value of the AWS Role attribute, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    pub account: Option<String>,
    pub partition: Option<String>,
    /// The role's name (path included).
    pub role: Option<String>,
    /// The SAML provider's name.
    pub provider: Option<String>,
    /// The value as sent.
    pub raw: String,
    /// Not exactly one role ARN and one provider ARN.
    pub not_pair: bool,
    /// Text around the two ARNs.
    pub extra_text: bool,
    pub mark: Mark,
}

/// One attribute of the evaluated assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRow {
    pub name: String,
    /// The FriendlyName, escaped for display.
    pub friendly: Option<String>,
    /// Another attribute has the same name.
    pub repeated: bool,
    /// The first [`VALUES_PER_ROW`] values, exactly as sent.
    pub values: Vec<String>,
    /// How many values are not listed.
    pub more_values: usize,
    /// How many values in all.
    pub value_count: usize,
    pub mark: Mark,
}

/// The signature panel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignaturesView {
    pub banner: Option<BannerView>,
    pub items: Vec<SignatureItem>,
    /// On a key mismatch: the message's certificate beside the trusted ones.
    pub comparison: Option<ComparisonView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerView {
    /// `trusted`, `unpinned` or `bad`.
    pub class: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureItem {
    /// The contract's status name (`valid`, `not-checked`...).
    pub status: String,
    /// "valid (key not pinned)".
    pub status_words: String,
    pub icon: String,
    pub target: String,
    pub reason: String,
    /// "rsa-sha256 · digest sha256 · xml-exc-c14n".
    pub algorithms: String,
    pub signature_method: String,
    pub references: Option<String>,
    pub certificate: Option<CertificateView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub subject: String,
    pub self_issued: bool,
    pub key: String,
    pub validity: ValidityView,
    pub sha256: String,
    pub sha1: String,
}

/// A certificate's validity on a line (positions on a 0..1000 axis) with the reference
/// time, and in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityView {
    /// `early`, `expired`, `soon` or `inside`.
    pub state: String,
    pub words: String,
    pub x_start: String,
    pub width: String,
    pub x_now: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonView {
    /// How many trusted certificates are compared.
    pub trusted: usize,
    /// (row label, the message's value then each trusted certificate's).
    pub rows: Vec<(String, Vec<String>)>,
}

/// Makes the page view of `analysis`. `ids` are the analysed inputs' ids in order;
/// `selected` the message the page shows (else the one that explains the failure).
pub fn page(
    analysis: &Analysis,
    ids: &[InputId],
    generation: u32,
    selected: Option<usize>,
) -> PageView {
    let id_of = |index: usize| ids.get(index).copied().unwrap_or_default();
    let explaining: Vec<RuleId> = analysis
        .error_text
        .as_ref()
        .map(|matched| matched.rules.clone())
        .unwrap_or_default();
    let selected = selected
        .filter(|&index| index < analysis.messages.len())
        .or_else(|| first_interesting(analysis));
    PageView {
        generation,
        inputs: analysis
            .inputs
            .iter()
            .map(|input| input_view(analysis, input, id_of(input.index)))
            .collect(),
        trust: trust_keys(&analysis.trust),
        trust_errors: Vec::new(),
        reference_time_error: None,
        error_text: analysis.error_text.as_ref().map(|matched| ErrorTextView {
            text: matched.text.clone(),
            source: match matched.source {
                ErrorTextSource::User => "you gave",
                ErrorTextSource::Har => "found in the HAR",
            }
            .to_owned(),
            explained: !matched.rules.is_empty(),
        }),
        messages: analysis
            .messages
            .iter()
            .map(|message| message_item(message, id_of(message.origin.input)))
            .collect(),
        selected,
        detail: selected.and_then(|index| message(analysis, index, &explaining)),
        has_har: analysis
            .inputs
            .iter()
            .any(|input| input.kind == Some(crate::input::InputKind::Har)),
        long_flow: analysis
            .inputs
            .iter()
            .any(|input| input.flow.len() > LONG_FLOW_ROWS),
    }
}

/// The trusted keys as the trust panel lists them.
pub fn trust_keys(trust: &TrustStore) -> Vec<TrustKeyView> {
    TrustReport::from_store(trust)
        .into_iter()
        .filter_map(|key| match (key.certificate, key.fingerprint) {
            (Some(certificate), _) => Some(TrustKeyView {
                text: format!(
                    "{} ({}), valid {} to {} — from {}",
                    crate::text::escape_terminal(&certificate.subject),
                    certificate.key,
                    certificate.not_before,
                    certificate.not_after,
                    crate::text::escape_terminal(&key.source)
                ),
                fingerprint: format!("SHA-256 {}", certificate.sha256_fingerprint),
            }),
            (None, Some(fingerprint)) => Some(TrustKeyView {
                text: "Certificate fingerprint".to_owned(),
                fingerprint,
            }),
            (None, None) => None,
        })
        .collect()
}

/// The message to open first: the Response with the most severe finding, preferring
/// the one the service provider received (an HTTP POST) over the IdP's auto-post page
/// that carried the same message; else the first message.
pub fn first_interesting(analysis: &Analysis) -> Option<usize> {
    analysis
        .messages
        .iter()
        .enumerate()
        .filter(|(_, message)| message.kind() == MessageKind::Response)
        .min_by_key(|(index, message)| {
            (
                worst(&message.findings),
                message.origin.binding != Binding::Post,
                *index,
            )
        })
        .map(|(index, _)| index)
        .or(if analysis.messages.is_empty() {
            None
        } else {
            Some(0)
        })
}

fn worst(findings: &[Finding]) -> Severity {
    findings
        .iter()
        .map(|finding| finding.severity)
        .min()
        .unwrap_or(Severity::Pass)
}

fn finding_view(finding: &Finding, explaining: &[RuleId]) -> FindingView {
    FindingView {
        rule: finding.id.as_str().to_owned(),
        severity: finding.severity,
        title: finding.title.clone(),
        detail: finding.detail.clone(),
        fix: finding.fix.clone(),
        explains: finding.severity != Severity::Pass && explaining.contains(&finding.id),
    }
}

/// Findings most severe first, and within a severity those that explain the error
/// text first, in the order the error text ranks them.
fn findings_in_order(findings: &[Finding], explaining: &[RuleId]) -> Vec<FindingView> {
    let rank = |finding: &Finding| {
        explaining
            .iter()
            .position(|rule| *rule == finding.id)
            .unwrap_or(usize::MAX)
    };
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|finding| (finding.severity, rank(finding)));
    ordered
        .into_iter()
        .map(|finding| finding_view(finding, explaining))
        .collect()
}

/// `1.2 MB`, `830 bytes`.
pub fn human_bytes(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn input_view(analysis: &Analysis, input: &InputAnalysis, id: InputId) -> InputView {
    let mut summary = format!(
        "{} · {}",
        crate::checks::decoding::describe_kind(input.kind),
        human_bytes(input.bytes)
    );
    if !input.flow.is_empty() {
        summary.push_str(&format!(
            " · {}",
            plural(input.flow.len(), "request", "requests")
        ));
    }
    InputView {
        id,
        name: input.name.clone(),
        summary,
        error: input
            .error
            .as_ref()
            .map(|error| format!("{} could not be read: {error}.", input.name)),
        findings: input
            .findings
            .iter()
            .filter(|finding| input.error.is_none() || finding.severity != Severity::Error)
            .map(|finding| finding_view(finding, &[]))
            .collect(),
        notes: input
            .notes
            .iter()
            .map(|note| match note.har_entry {
                Some(entry) => format!("Request {}: {}", request_number(entry), note.message),
                None => note.message.clone(),
            })
            .collect(),
        certificates: input
            .certificates
            .iter()
            .map(|certificate| CertificateLine {
                text: format!(
                    "Certificate {} ({}), valid {} to {}",
                    crate::text::escape_terminal(&certificate.subject),
                    certificate.key,
                    certificate.not_before,
                    certificate.not_after
                ),
                sha256: format!("SHA-256 {}", certificate.sha256_fingerprint),
            })
            .collect(),
        flow: flow_rows(analysis, input),
    }
}

/// `(host, path and query)` of a URL, without parsing more than needed for display.
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    }
}

/// At most `limit` characters, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        None => text.to_owned(),
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

fn flow_rows(analysis: &Analysis, input: &InputAnalysis) -> Vec<FlowRow> {
    let first_time = input.flow.iter().find_map(|entry| entry.started_at);
    let handoff = input.flow.iter().position(|entry| {
        entry.saml.contains(&SamlParameter::SamlResponse)
            && entry.method.eq_ignore_ascii_case("POST")
    });
    input
        .flow
        .iter()
        .enumerate()
        .map(|(position, entry)| {
            let (host, path) = split_url(&entry.url);
            FlowRow {
                entry: entry.index,
                number: request_number(entry.index),
                offset: entry
                    .started_at
                    .zip(first_time)
                    .map(|(at, first)| format!("+{}", describe_duration(at.millis_since(first))))
                    .unwrap_or_default(),
                method: entry.method.clone(),
                status: entry.status,
                status_text: entry.status_text.clone(),
                url: entry.url.clone(),
                host: host.to_owned(),
                path: shorten(path, 80),
                aws: aws::is_aws_host(host),
                redirect: entry
                    .redirect_url
                    .as_deref()
                    .map(|target| shorten(target, 80)),
                saml: entry
                    .saml
                    .iter()
                    .map(|parameter| parameter.as_str().to_owned())
                    .collect(),
                messages: analysis
                    .messages
                    .iter()
                    .enumerate()
                    .filter(|(_, message)| {
                        std::iter::once(&message.origin)
                            .chain(message.also_captured.iter().map(|also| &also.origin))
                            .any(|origin| {
                                origin.input == input.index && origin.har_entry == Some(entry.index)
                            })
                    })
                    .map(|(index, message)| (index, message.kind().as_str().to_owned()))
                    .collect(),
                handoff: handoff == Some(position),
            }
        })
        .collect()
}

fn message_item(message: &MessageAnalysis, input: InputId) -> MessageItem {
    let origin = &message.origin;
    let binding = match origin.binding {
        Binding::Post => "HTTP-POST",
        Binding::Redirect => "HTTP-Redirect",
        Binding::HtmlForm => "auto-post form",
        Binding::Raw => "given directly",
    };
    let location = match (&origin.method, &origin.url) {
        (Some(method), Some(url)) => format!("{method} {url}"),
        (None, Some(url)) => url.clone(),
        _ => String::new(),
    };
    let mut place = origin.har_entry.map_or_else(
        || format!("input {}", crate::input::input_number(origin.input)),
        request_label,
    );
    if let Some(time) = origin.captured_at {
        place.push_str(&format!(" · {time}"));
    }
    MessageItem {
        kind: message.kind().as_str().to_owned(),
        worst: worst(&message.findings),
        binding: binding.to_owned(),
        http_status: origin.http_status,
        signature: signature_mark(message),
        location,
        place,
        also: crate::report::words::describe_other_captures(message.also_captured.iter().map(
            |also| {
                (
                    also.origin.input,
                    also.origin.har_entry,
                    also.origin.binding,
                )
            },
        )),
        input,
        har_entry: origin.har_entry,
    }
}

/// The list's word on a message's signature: green only for a trusted assertion.
fn signature_mark(message: &MessageAnalysis) -> Option<SignatureMark> {
    let verified = message.verified();
    let broken = verified.is_some_and(|verified| {
        verified.verdicts.iter().any(|verdict| {
            crate::checks::signature::not_checked(&verified.document, verdict).is_none()
                && !matches!(verdict.status(), crate::dsig::Status::Valid)
                && !matches!(verdict.status(), crate::dsig::Status::ValidUnpinned)
        })
    });
    let (class, text) = match message.assertion_protection() {
        Protection::Trusted => ("trusted", "trusted signature"),
        Protection::Unpinned if !broken => ("unpinned", "signer not checked"),
        _ if broken => ("bad", "bad signature"),
        _ if message.kind() == MessageKind::Response => ("bad", "unsigned"),
        _ => return None,
    };
    Some(SignatureMark {
        class: class.to_owned(),
        text: text.to_owned(),
    })
}

/// What marks the values of one message get, worked out once.
struct Marks<'a> {
    message: &'a MessageAnalysis,
    /// A signature of the message is intact (valid, with a trusted key or its own).
    any_intact: bool,
    /// An assertion hides beside signed content.
    hides: bool,
    /// The message has signatures and none could be checked.
    not_checked: bool,
}

impl<'a> Marks<'a> {
    fn new(message: &'a MessageAnalysis, signatures: &[SignatureReport]) -> Marks<'a> {
        let verified = message.verified();
        Marks {
            message,
            any_intact: verified.is_some_and(|verified| {
                verified.verdicts.iter().any(|verdict| {
                    matches!(
                        verdict.status(),
                        crate::dsig::Status::Valid | crate::dsig::Status::ValidUnpinned
                    )
                })
            }),
            hides: verified.is_some_and(|verified| verified.hides_assertions),
            not_checked: !signatures.is_empty()
                && signatures
                    .iter()
                    .all(|signature| signature.status == SignatureStatus::NotChecked),
        }
    }

    fn of(&self, protection: Protection) -> Mark {
        match protection {
            Protection::Trusted => Mark::Signed,
            Protection::Unpinned => Mark::Unpinned,
            Protection::None if self.hides || self.any_intact => Mark::Outside,
            Protection::None if self.not_checked => Mark::NotChecked,
            Protection::None => Mark::Unsigned,
        }
    }

    fn node(&self, node: crate::xml::NodeId) -> Mark {
        self.of(self.message.protection(node))
    }

    fn message_element(&self) -> Mark {
        self.of(self.message.message_protection())
    }

    fn assertion(&self) -> Mark {
        self.of(self.message.assertion_protection())
    }

    fn shown(&self, text: &str, mark: Mark) -> Shown {
        Shown {
            text: text.to_owned(),
            mark: Some(mark),
        }
    }
}

/// Message `index` of `analysis` in detail (`None` when there is no such message).
pub fn message(analysis: &Analysis, index: usize, explaining: &[RuleId]) -> Option<MessageView> {
    let message = analysis.messages.get(index)?;
    let signatures = message
        .verified()
        .map(|verified| crate::report::signatures(verified, &analysis.trust))
        .unwrap_or_default();
    let marks = Marks::new(message, &signatures);
    let model = message.model();
    let kind = message.kind();
    let has_assertion = model.is_some_and(|model| !model.assertions().is_empty());
    Some(MessageView {
        index,
        kind: kind.as_str().to_owned(),
        id: model.and_then(|model| {
            model
                .header()
                .and_then(|header| header.id.clone())
                .or_else(|| model.evaluated_assertion().and_then(|a| a.id.clone()))
        }),
        verdict: verdict(message, &signatures),
        idp: message.idp.as_ref().map(|guess| IdpView {
            name: guess.idp.name().to_owned(),
            evidence: guess.evidence.clone(),
        }),
        packs: message
            .packs
            .iter()
            .map(|choice| PackView {
                name: choice.pack.as_str().to_owned(),
                reason: choice.reason.clone(),
            })
            .collect(),
        findings: findings_in_order(&message.findings, explaining),
        next_steps: message.next_steps.clone(),
        cards: model.map_or_else(
            || Cards {
                relay_state: relay_state(message, &marks),
                ..Cards::default()
            },
            |model| cards(message, model, &marks),
        ),
        has_assertion,
        attributes: model.map_or_else(RowsPage::default, |model| {
            attributes(model, &marks, 0, ROWS_PER_PAGE)
        }),
        signatures: signatures_view(message, &signatures, &analysis.trust, has_assertion),
        has_xml: message.xml_bytes().is_some(),
    })
}

/// What the banner says: class, icon, headline, next sentence. A forged or altered
/// message says so first; a redacted report read back says so; signatures that could
/// not be checked say so.
fn verdict(message: &MessageAnalysis, signatures: &[SignatureReport]) -> VerdictView {
    let findings = &message.findings;
    let count = |severity: Severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let is_response = message.kind() == MessageKind::Response;
    let ran = |pack: Pack| message.packs.iter().any(|choice| choice.pack == pack);
    let next = if ran(Pack::AmazonConnect) {
        "check the role's trust policy and its connect:GetFederationToken permission next"
    } else if ran(Pack::AwsIdentityCenter) {
        "check that the user exists in Identity Center with exactly this user name next"
    } else if ran(Pack::AwsIam) {
        "check the role's trust policy next"
    } else if is_response {
        "check the service provider's configuration next"
    } else {
        "check the other messages of the flow next"
    };
    let read_back = message
        .read_back
        .as_ref()
        .filter(|read_back| read_back.redacted)
        .map_or("", |_| "Redacted report — ");
    let not_checked = !signatures.is_empty()
        && signatures
            .iter()
            .all(|signature| signature.status == SignatureStatus::NotChecked);
    let unchecked = if not_checked {
        "Signatures not checked here. "
    } else {
        ""
    };
    let view = |class: &str, icon: &str, headline: String, next: String| VerdictView {
        class: class.to_owned(),
        icon: icon.to_owned(),
        headline: format!("{read_back}{headline}"),
        next: format!("{unchecked}{next}"),
    };
    let first = |finding: Option<&Finding>| {
        finding
            .map(|finding| format!("First: {}.", finding.title.trim_end_matches('.')))
            .unwrap_or_default()
    };
    if errors > 0 && findings.first().is_some_and(crate::checks::says_forged) {
        return view(
            "fail",
            "✖",
            "Forged or altered: do not trust this message".to_owned(),
            first(findings.first()),
        );
    }
    if errors > 0 {
        let headline = if is_response {
            format!("Login will fail: {}", count_problems(errors))
        } else {
            format!("{} in this message", count_problems(errors))
        };
        let error = findings
            .iter()
            .find(|finding| finding.severity == Severity::Error);
        return view("fail", "✖", headline, first(error));
    }
    if warnings > 0 {
        return view(
            "warn",
            "▲",
            format!(
                "No blocking problem found, {} to review",
                plural(warnings, "warning", "warnings")
            ),
            format!("If the login still fails, {next}."),
        );
    }
    view(
        "ok",
        "✔",
        "No problems found in the message".to_owned(),
        format!("— {next}."),
    )
}

fn count_problems(errors: usize) -> String {
    plural(errors, "problem", "problems")
}

fn time_text(time: &TimeValue) -> &str {
    &time.text
}

fn source_text(source: TimeSource) -> &'static str {
    match source {
        TimeSource::Har => "HAR capture time",
        TimeSource::User => "the time you chose",
        TimeSource::Clock => "now, by this computer's clock",
        TimeSource::IssueInstant => "the message's IssueInstant",
    }
}

/// `time` said relative to the reference time: "5 min before the reference time".
fn relative(time: Timestamp, reference: Timestamp) -> String {
    let millis = reference.millis_since(time);
    if millis >= 0 {
        format!("{} before the reference time", describe_duration(millis))
    } else {
        format!("{} after the reference time", describe_duration(-millis))
    }
}

fn relay_state(message: &MessageAnalysis, marks: &Marks<'_>) -> Option<Shown> {
    let text = message.relay_state.as_deref()?;
    // Only the Redirect binding's query signature covers RelayState.
    let mark = match message
        .verified()
        .and_then(|verified| verified.query_signature.as_ref())
    {
        Some(query) if query.verdict.status() == crate::dsig::Status::Valid => Mark::Signed,
        _ if marks.not_checked => Mark::NotChecked,
        Some(_) => Mark::Unsigned,
        None => Mark::Unsigned,
    };
    Some(marks.shown(text, mark))
}

fn cards(message: &MessageAnalysis, model: &Message, marks: &Marks<'_>) -> Cards {
    let header = model.header();
    let assertion = model.evaluated_assertion();
    let conditions = assertion.and_then(|assertion| assertion.conditions.as_ref());
    let confirmation = assertion
        .and_then(|assertion| assertion.subject.as_ref())
        .and_then(|subject| subject.confirmations.first())
        .and_then(|confirmation| confirmation.data.as_ref());
    let on_message = marks.message_element();
    let on_assertion = marks.assertion();
    let issuer = header
        .and_then(|header| header.issuer.as_ref())
        .map(|issuer| marks.shown(&issuer.value, marks.node(issuer.node)))
        .or_else(|| {
            assertion
                .and_then(|assertion| assertion.issuer.as_ref())
                .map(|issuer| marks.shown(&issuer.value, marks.node(issuer.node)))
        })
        .or_else(|| match &model.body {
            Body::Metadata { entities } => entities.first().and_then(|entity| {
                Some(marks.shown(entity.entity_id.as_deref()?, marks.node(entity.node)))
            }),
            _ => None,
        });
    let status = model.status();
    let short = |text: &str| crate::report::render::short_urn(text).to_owned();
    let (acs, binding) = match &model.body {
        Body::AuthnRequest(request) => (
            request.assertion_consumer_service_url.as_deref(),
            request.protocol_binding.as_deref(),
        ),
        _ => (None, None),
    };
    let entity_ids: Vec<(&str, crate::xml::NodeId)> = match &model.body {
        Body::Metadata { entities } => entities
            .iter()
            .filter_map(|entity| Some((entity.entity_id.as_deref()?, entity.node)))
            .collect(),
        _ => Vec::new(),
    };
    let audiences = conditions
        .map(|conditions| conditions.audience_restrictions.concat())
        .unwrap_or_default();
    let name_id = model.subject_name_id();
    let roles = attribute_values(model, aws_attributes::ROLE);
    let session_names = attribute_values(model, aws_attributes::ROLE_SESSION_NAME);
    let durations = attribute_values(model, aws_attributes::SESSION_DURATION);
    Cards {
        issuer,
        in_response_to: model
            .in_response_to()
            .map(|text| marks.shown(text, on_message)),
        status: status
            .and_then(|status| status.code.as_deref())
            .map(|code| marks.shown(&short(code), on_message)),
        sub_status: status
            .and_then(|status| status.sub_code.as_deref())
            .map(|code| marks.shown(&short(code), on_message)),
        status_message: status
            .and_then(|status| status.message.as_deref())
            .map(|text| marks.shown(text, on_message)),
        entity_ids: (!entity_ids.is_empty()).then(|| {
            let mark = entity_ids
                .iter()
                .map(|(_, node)| marks.node(*node))
                .max_by_key(|mark| weakness(*mark))
                .unwrap_or(Mark::Unsigned);
            let names: Vec<&str> = entity_ids.iter().map(|(name, _)| *name).collect();
            marks.shown(&names.join(", "), mark)
        }),
        name_id: name_id.map(|name_id| marks.shown(&name_id.value, marks.node(name_id.node))),
        name_id_format: name_id
            .and_then(|name_id| Some((name_id.format.as_deref()?, marks.node(name_id.node))))
            .map(|(format, mark)| marks.shown(&short(format), mark)),
        audience: (!audiences.is_empty()).then(|| marks.shown(&audiences.join(", "), on_assertion)),
        destination: header
            .and_then(|header| header.destination.as_deref())
            .map(|text| marks.shown(text, on_message)),
        recipient: confirmation
            .and_then(|data| data.recipient.as_deref())
            .map(|text| marks.shown(text, on_assertion)),
        acs: acs.map(|text| marks.shown(text, on_message)),
        protocol_binding: binding.map(|text| marks.shown(&short(text), on_message)),
        relay_state: relay_state(message, marks),
        time: time_card(message, model, marks),
        roles: role_rows(&roles, marks, 0, ROWS_PER_PAGE),
        session_name: session_names
            .first()
            .map(|(text, node)| marks.shown(text, marks.node(*node))),
        session_names: session_names.len(),
        session_duration: durations.first().map(|(text, node)| {
            let shown = match text.trim().parse::<i64>() {
                Ok(seconds) => format!(
                    "{text} s = {}",
                    describe_duration(seconds.saturating_mul(1000))
                ),
                Err(_) => (*text).to_owned(),
            };
            marks.shown(&shown, marks.node(*node))
        }),
    }
}

/// How weak a mark is: the weakest of several values is what they are together.
fn weakness(mark: Mark) -> u8 {
    match mark {
        Mark::Signed => 0,
        Mark::Unpinned => 1,
        Mark::NotChecked => 2,
        Mark::Unsigned => 3,
        Mark::Outside => 4,
    }
}

/// Every value of the evaluated assertion's attributes named `name`, each with its
/// attribute's node.
fn attribute_values<'a>(model: &'a Message, name: &str) -> Vec<(&'a str, crate::xml::NodeId)> {
    model
        .evaluated_assertion()
        .map(|assertion| {
            assertion
                .attributes
                .iter()
                .filter(|attribute| attribute.name == name)
                .flat_map(|attribute| {
                    attribute
                        .values
                        .iter()
                        .map(move |value| (value.text.as_str(), attribute.node))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn time_card(message: &MessageAnalysis, model: &Message, marks: &Marks<'_>) -> Option<TimeCard> {
    let assertion = model.evaluated_assertion();
    let conditions = assertion.and_then(|assertion| assertion.conditions.as_ref());
    let confirmation = assertion
        .and_then(|assertion| assertion.subject.as_ref())
        .and_then(|subject| subject.confirmations.first())
        .and_then(|confirmation| confirmation.data.as_ref());
    let header_issued = model
        .header()
        .and_then(|header| header.issue_instant.as_ref());
    let (issued, issued_mark) = match header_issued {
        Some(time) => (Some(time), marks.message_element()),
        None => (
            assertion.and_then(|assertion| assertion.issue_instant.as_ref()),
            marks.assertion(),
        ),
    };
    let not_before = conditions.and_then(|conditions| conditions.not_before.as_ref());
    let not_after = conditions.and_then(|conditions| conditions.not_on_or_after.as_ref());
    let bearer_until = confirmation.and_then(|data| data.not_on_or_after.as_ref());
    if not_before.is_none() && not_after.is_none() && issued.is_none() {
        return None;
    }
    let reference = message.reference_time;
    let now = reference.value;
    let start = not_before.and_then(|time| time.parsed);
    let end = not_after.and_then(|time| time.parsed);
    let issued_at = issued.and_then(|time| time.parsed);
    let state = match (start, end) {
        (Some(start), _) if now < start => "early",
        (_, Some(end)) if now >= end => "expired",
        (None, None) => "open",
        _ => "inside",
    };
    let state_text = match state {
        "early" => "✖ Not yet valid at the reference time",
        "expired" => "✖ Expired at the reference time",
        "open" => "No validity window in the assertion",
        _ => "✔ Inside the validity window at the reference time",
    };
    // Positions on a 0..1000 line, with room on both sides.
    let points: Vec<i64> = [start, end, issued_at, Some(now)]
        .into_iter()
        .flatten()
        .map(Timestamp::unix_millis)
        .collect();
    let low = points.iter().copied().min().unwrap_or(0);
    let high = points.iter().copied().max().unwrap_or(0);
    let span = (high - low).max(1);
    let position =
        |time: Timestamp| -> f64 { 50.0 + (time.unix_millis() - low) as f64 / span as f64 * 900.0 };
    let bar_start = start.map_or(0.0, position);
    let bar_end = end.map_or(1000.0, position);
    let on_assertion = marks.assertion();
    let row = |time: Option<&TimeValue>, mark: Mark, note: Option<String>| {
        time.map(|time| TimeRow {
            value: marks.shown(time_text(time), mark),
            note,
        })
    };
    let skew = issued_at.map(|issued| now.millis_since(issued));
    Some(TimeCard {
        state: state.to_owned(),
        state_text: state_text.to_owned(),
        bar_x: format!("{bar_start:.1}"),
        bar_width: format!("{:.1}", (bar_end - bar_start).max(2.0)),
        issued_x: issued_at.map(|time| format!("{:.1}", position(time))),
        reference_x: format!("{:.1}", position(now)),
        not_before: row(
            not_before,
            on_assertion,
            start.map(|start| relative(start, now)),
        ),
        reference: now.to_string(),
        reference_source: source_text(reference.source).to_owned(),
        not_on_or_after: row(not_after, on_assertion, end.map(|end| relative(end, now))),
        bearer_until: row(
            bearer_until,
            on_assertion,
            bearer_until
                .and_then(|time| time.parsed)
                .map(|end| relative(end, now)),
        ),
        issue_instant: row(
            issued,
            issued_mark,
            skew.map(|skew| {
                format!(
                    "skew {} (reference {} issue; about 5 min is tolerated)",
                    describe_duration(skew.abs()),
                    if skew >= 0 { "after" } else { "before" }
                )
            }),
        ),
    })
}

fn role_rows(
    roles: &[(&str, crate::xml::NodeId)],
    marks: &Marks<'_>,
    from: usize,
    count: usize,
) -> RowsPage<RoleRow> {
    let rows = roles
        .iter()
        .skip(from)
        .take(count)
        .map(|(value, node)| {
            let parts = aws::role_value_parts(value);
            let role = parts.role.map(aws::lenient_arn);
            let provider = parts.provider.map(aws::lenient_arn);
            let account = role
                .and_then(|role| role.account)
                .or_else(|| provider.and_then(|provider| provider.account));
            let partition = role
                .and_then(|role| role.partition)
                .or_else(|| provider.and_then(|provider| provider.partition));
            let extra_text = parts
                .role
                .zip(parts.provider)
                .is_some_and(|(role, provider)| role.len() + provider.len() + 1 != value.len());
            RoleRow {
                account: account.map(str::to_owned),
                partition: partition.map(str::to_owned),
                role: role.and_then(|role| role.name("role")).map(str::to_owned),
                provider: provider
                    .and_then(|provider| provider.name("saml-provider"))
                    .map(str::to_owned),
                raw: (*value).to_owned(),
                not_pair: role.is_none() || provider.is_none() || parts.parts != 2,
                extra_text,
                mark: marks.node(*node),
            }
        })
        .collect();
    RowsPage {
        from,
        total: roles.len(),
        rows,
    }
}

fn attributes(
    model: &Message,
    marks: &Marks<'_>,
    from: usize,
    count: usize,
) -> RowsPage<AttributeRow> {
    let Some(assertion) = model.evaluated_assertion() else {
        return RowsPage::default();
    };
    let all = &assertion.attributes;
    // Names seen more than once, found once for the page (the list may be long).
    let mut names: Vec<&str> = all
        .iter()
        .map(|attribute| attribute.name.as_str())
        .collect();
    names.sort_unstable();
    let repeated = |name: &str| {
        let first = names.partition_point(|other| *other < name);
        names.get(first + 1) == Some(&name)
    };
    let rows = all
        .iter()
        .skip(from)
        .take(count)
        .map(|attribute| AttributeRow {
            name: attribute.name.clone(),
            friendly: attribute
                .friendly_name
                .as_deref()
                .map(crate::text::escape_terminal),
            repeated: repeated(&attribute.name),
            values: attribute
                .values
                .iter()
                .take(VALUES_PER_ROW)
                .map(|value| value.text.clone())
                .collect(),
            more_values: attribute.values.len().saturating_sub(VALUES_PER_ROW),
            value_count: attribute.values.len(),
            mark: marks.node(attribute.node),
        })
        .collect();
    RowsPage {
        from,
        total: all.len(),
        rows,
    }
}

/// A page of message `index`'s attribute table, from row `from`.
pub fn attribute_page(
    analysis: &Analysis,
    index: usize,
    from: usize,
) -> Option<RowsPage<AttributeRow>> {
    let message = analysis.messages.get(index)?;
    let model = message.model()?;
    let signatures = signatures_of(message, &analysis.trust);
    let marks = Marks::new(message, &signatures);
    Some(attributes(model, &marks, from, ROWS_PER_PAGE))
}

/// A page of message `index`'s AWS roles, from row `from`.
pub fn role_page(analysis: &Analysis, index: usize, from: usize) -> Option<RowsPage<RoleRow>> {
    let message = analysis.messages.get(index)?;
    let model = message.model()?;
    let signatures = signatures_of(message, &analysis.trust);
    let marks = Marks::new(message, &signatures);
    let roles = attribute_values(model, aws_attributes::ROLE);
    Some(role_rows(&roles, &marks, from, ROWS_PER_PAGE))
}

fn signatures_of(message: &MessageAnalysis, trust: &TrustStore) -> Vec<SignatureReport> {
    message
        .verified()
        .map(|verified: &Verified| crate::report::signatures(verified, trust))
        .unwrap_or_default()
}

fn signatures_view(
    message: &MessageAnalysis,
    signatures: &[SignatureReport],
    trust: &TrustStore,
    has_assertion: bool,
) -> SignaturesView {
    let now = message.reference_time.value;
    let trusted: Vec<CertificateInfo> = trust
        .keys
        .iter()
        .map(|key| key.certificate.clone())
        .collect();
    SignaturesView {
        banner: banner(message, signatures, has_assertion),
        items: signatures
            .iter()
            .map(|signature| signature_item(signature, now))
            .collect(),
        comparison: comparison(signatures, &trusted),
    }
}

fn signature_item(signature: &SignatureReport, now: Timestamp) -> SignatureItem {
    let status_words = match signature.status {
        SignatureStatus::Valid => "valid",
        SignatureStatus::ValidUnpinned => "valid (key not pinned)",
        SignatureStatus::KeyMismatch => "signed with another key",
        SignatureStatus::Invalid => "invalid",
        SignatureStatus::NotChecked => "not checked",
    };
    let icon = match signature.status {
        SignatureStatus::Valid => "✔",
        SignatureStatus::ValidUnpinned => "◑",
        SignatureStatus::KeyMismatch | SignatureStatus::Invalid => "✖",
        SignatureStatus::NotChecked => "○",
    };
    let short = crate::report::render::short_algorithm;
    let algorithms = format!(
        "{} · digest {} · {}",
        signature
            .signature_method
            .as_deref()
            .map_or("(no SignatureMethod)", short),
        if signature.digest_methods.is_empty() {
            "(none)".to_owned()
        } else {
            signature
                .digest_methods
                .iter()
                .map(|uri| short(uri))
                .collect::<Vec<_>>()
                .join(", ")
        },
        signature
            .canonicalization_method
            .as_deref()
            .map_or("(no c14n)", short)
    );
    SignatureItem {
        status: signature.status.as_str().to_owned(),
        status_words: status_words.to_owned(),
        icon: icon.to_owned(),
        target: signature.target.clone(),
        reason: signature.reason.clone(),
        algorithms,
        signature_method: signature.signature_method.clone().unwrap_or_default(),
        references: (!signature.reference_uris.is_empty())
            .then(|| signature.reference_uris.join(", ")),
        certificate: signature
            .certificate
            .as_ref()
            .map(|certificate| CertificateView {
                subject: certificate.subject.clone(),
                self_issued: certificate.self_issued,
                key: certificate.key.to_string(),
                validity: validity(certificate, now),
                sha256: certificate.sha256_fingerprint.clone(),
                sha1: certificate.sha1_fingerprint.clone(),
            }),
    }
}

/// A certificate's validity on a line with the reference time on it, and in words.
fn validity(certificate: &CertificateInfo, now: Timestamp) -> ValidityView {
    let (start, end) = (certificate.not_before, certificate.not_after);
    let (state, words) = if now < start {
        (
            "early",
            format!(
                "✖ not valid yet at the reference time (starts in {})",
                describe_duration(start.millis_since(now))
            ),
        )
    } else if now >= end {
        (
            "expired",
            format!(
                "✖ expired {} before the reference time",
                describe_duration(now.millis_since(end))
            ),
        )
    } else if end.millis_since(now) < 30 * 24 * 3600 * 1000 {
        (
            "soon",
            format!("▲ expires in {}", describe_duration(end.millis_since(now))),
        )
    } else {
        (
            "inside",
            format!(
                "✔ valid at the reference time, for another {}",
                describe_duration(end.millis_since(now))
            ),
        )
    };
    let low = start.unix_millis().min(now.unix_millis());
    let high = end.unix_millis().max(now.unix_millis());
    let span = (high - low).max(1) as f64;
    let x = |time: Timestamp| {
        format!(
            "{:.1}",
            20.0 + (time.unix_millis() - low) as f64 / span * 960.0
        )
    };
    ValidityView {
        state: state.to_owned(),
        words,
        x_start: x(start),
        width: format!(
            "{:.1}",
            ((end.unix_millis() - start.unix_millis()) as f64 / span * 960.0).max(2.0)
        ),
        x_now: x(now),
        from: format!("from {start}"),
        to: format!("to {end}"),
    }
}

/// The verdict on the message's signatures, first thing in the panel. Green only when
/// a key the user trusts signed the assertion that is read.
fn banner(
    message: &MessageAnalysis,
    signatures: &[SignatureReport],
    has_assertion: bool,
) -> Option<BannerView> {
    let worst = signatures
        .iter()
        .map(|signature| signature.status)
        .find(|status| {
            matches!(
                status,
                SignatureStatus::Invalid | SignatureStatus::KeyMismatch
            )
        });
    let any = |status: SignatureStatus| {
        signatures
            .iter()
            .any(|signature| signature.status == status)
    };
    let (class, title, text) = match (message.assertion_protection(), worst) {
        (Protection::Trusted, _) if has_assertion => (
            "trusted",
            "Signed by the trusted key",
            "A valid signature made with a key you loaded covers the assertion shown here.",
        ),
        (_, Some(SignatureStatus::KeyMismatch)) => (
            "bad",
            "Signed by a certificate you do not trust",
            "The signature is intact, but the key that made it is not among your trusted keys: compare the certificates below.",
        ),
        (_, Some(_)) => (
            "bad",
            "A signature does not verify",
            "Do not trust the contents: the message was changed after signing, or is forged. The findings say which step failed.",
        ),
        (Protection::Unpinned, _) => (
            "unpinned",
            "Intact, signer not checked",
            "The signature verifies with the certificate inside the message. Load the IdP's metadata or certificate under \"Trusted IdP keys\" to check who signed it.",
        ),
        (Protection::None, None)
            if has_assertion && !signatures.is_empty() && any(SignatureStatus::NotChecked) =>
        {
            (
                "not-checked",
                "Signatures not checked",
                "The signatures could not be checked here (see each below): the values are shown as read, not as verified.",
            )
        }
        (Protection::None, None) if has_assertion && !signatures.is_empty() => (
            "bad",
            "The assertion shown is not covered by a signature",
            "A signature is present, but not over the assertion that is read.",
        ),
        (Protection::None, None) if has_assertion => (
            "bad",
            "Not signed",
            "Neither the Response nor its assertion carries a signature.",
        ),
        _ if any(SignatureStatus::Valid) => (
            "trusted",
            "Signed by the trusted key",
            "Every signature on this message verifies with a key you loaded.",
        ),
        _ if any(SignatureStatus::ValidUnpinned) => (
            "unpinned",
            "Intact, signer not checked",
            "The signature verifies with the certificate inside the message; load a trusted key to check who signed it.",
        ),
        _ => return None,
    };
    Some(BannerView {
        class: class.to_owned(),
        title: title.to_owned(),
        text: text.to_owned(),
    })
}

/// For a key mismatch: the message's certificate next to the trusted ones.
fn comparison(
    signatures: &[SignatureReport],
    trusted: &[CertificateInfo],
) -> Option<ComparisonView> {
    let carried = signatures
        .iter()
        .filter(|signature| signature.status == SignatureStatus::KeyMismatch)
        .find_map(|signature| signature.certificate.as_ref())?;
    let row = |label: &str, value: &dyn Fn(&CertificateInfo) -> String| {
        (
            label.to_owned(),
            std::iter::once(carried).chain(trusted).map(value).collect(),
        )
    };
    Some(ComparisonView {
        trusted: trusted.len(),
        rows: vec![
            row("Subject", &|c| crate::text::escape_terminal(&c.subject)),
            row("Valid from", &|c| c.not_before.to_string()),
            row("Valid to", &|c| c.not_after.to_string()),
            row("Key", &|c| c.key.to_string()),
            row("SHA-256", &|c| c.sha256_fingerprint.clone()),
            row("SHA-1", &|c| c.sha1_fingerprint.clone()),
        ],
    })
}

/// One request of a flow opened, as a browser's network panel shows it: its URL and
/// status, then sections of name/value rows (query parameters, headers, cookies sent
/// and set, form fields, timing), the response body's preview, and the SAML messages
/// it carried. Made from `input::request_detail`; the user's own data in their own
/// tab, never part of a report or an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    /// The entry's index (0-based) and the number people use.
    pub entry: usize,
    pub number: usize,
    pub method: String,
    pub url: String,
    /// "302 Found", or that there was no response.
    pub status: String,
    pub sections: Vec<SectionView>,
    /// The request body when it is not a form, and the response body.
    pub bodies: Vec<BodyView>,
    /// The SAML parameters it carried, each with the message it became (index into
    /// `PageView::messages`).
    pub saml: Vec<SamlLink>,
    pub notes: Vec<String>,
}

/// Rows of one kind: "Request headers", "Cookies sent"...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionView {
    pub title: String,
    /// For `data-testid`: `query`, `request-headers`, `cookies-sent`...
    pub key: String,
    pub rows: Vec<(String, String)>,
    /// Rows not listed (over `Limits::detail_fields`).
    pub more: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyView {
    pub title: String,
    /// "text/html, 12.3 KB", what kind and how big.
    pub summary: String,
    /// The start of a text body (images and binary bodies are never shown).
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlLink {
    pub parameter: String,
    pub message: Option<usize>,
}

/// The view of one request's details.
pub fn request(detail: &crate::input::RequestDetail) -> RequestView {
    use crate::input::detail::{BodyKind, BodyPreview, Cookie, Field, Listed};
    let value = |field: &Field| {
        let mut text = field.value.clone();
        if let Some(size) = field.cut_from {
            text.push_str(&format!(" … (cut; {size} bytes in all)"));
        }
        if let Some(masking) = field.masked {
            text.push_str(&format!(" ({})", masking.describe()));
        }
        text
    };
    let fields = |title: &str, key: &str, listed: &Listed<Field>| SectionView {
        title: title.to_owned(),
        key: key.to_owned(),
        rows: listed
            .items
            .iter()
            .map(|field| (field.name.clone(), value(field)))
            .collect(),
        more: listed.more,
    };
    let cookie = |cookie: &Cookie| {
        let mut text = value(&Field {
            name: cookie.name.clone(),
            value: cookie.value.clone(),
            name_cut_from: cookie.name_cut_from,
            cut_from: cookie.cut_from,
            masked: cookie.masked,
        });
        for (name, attribute) in [
            ("Domain", &cookie.domain),
            ("Path", &cookie.path),
            ("Expires", &cookie.expires),
            ("SameSite", &cookie.same_site),
        ] {
            if let Some(attribute) = attribute {
                text.push_str(&format!("; {name}={attribute}"));
            }
        }
        for (name, set) in [("HttpOnly", cookie.http_only), ("Secure", cookie.secure)] {
            if set == Some(true) {
                text.push_str(&format!("; {name}"));
            }
        }
        (cookie.name.clone(), text)
    };
    let cookies = |title: &str, key: &str, listed: &Listed<Cookie>| SectionView {
        title: title.to_owned(),
        key: key.to_owned(),
        rows: listed.items.iter().map(cookie).collect(),
        more: listed.more,
    };
    let body = |title: &str, preview: &BodyPreview| {
        let kind = match preview.kind {
            BodyKind::Html => "HTML",
            BodyKind::Text => "text",
            BodyKind::Image => "image (not shown)",
            BodyKind::Binary => "binary (not shown)",
            BodyKind::Empty => "empty",
            BodyKind::NotRecorded => "not recorded",
        };
        let mut summary = format!("{kind}, {}", preview.mime_type);
        if let Some(size) = preview.size {
            summary.push_str(&format!(", {}", human_bytes(size as usize)));
        }
        if preview.truncated {
            summary.push_str(", only its start is shown");
        }
        BodyView {
            title: title.to_owned(),
            summary,
            text: preview.text.clone(),
        }
    };
    let mut sections = vec![
        fields("Query parameters", "query", &detail.query),
        fields(
            "Request headers",
            "request-headers",
            &detail.request_headers,
        ),
        cookies("Cookies sent", "cookies-sent", &detail.request_cookies),
    ];
    let mut bodies = Vec::new();
    if let Some(request_body) = &detail.request_body {
        sections.push(fields("Form fields", "form-fields", &request_body.fields));
        if let Some(text) = &request_body.text {
            bodies.push(body("Request body", text));
        }
    }
    sections.push(fields(
        "Response headers",
        "response-headers",
        &detail.response_headers,
    ));
    sections.push(cookies(
        "Cookies set",
        "cookies-set",
        &detail.response_cookies,
    ));
    if let Some(timing) = &detail.timing {
        let rows = [
            ("Total", timing.total_ms),
            ("Blocked", timing.blocked_ms),
            ("DNS", timing.dns_ms),
            ("Connect", timing.connect_ms),
            ("TLS", timing.ssl_ms),
            ("Send", timing.send_ms),
            ("Wait", timing.wait_ms),
            ("Receive", timing.receive_ms),
        ]
        .into_iter()
        .filter_map(|(name, ms)| Some((name.to_owned(), format!("{:.0} ms", ms?))))
        .collect();
        sections.push(SectionView {
            title: "Timing".to_owned(),
            key: "timing".to_owned(),
            rows,
            more: 0,
        });
    }
    sections.retain(|section| !section.rows.is_empty() || section.more > 0);
    if let Some(response_body) = &detail.response_body {
        bodies.push(body("Response body", response_body));
    }
    let mut notes = detail.notes.clone();
    if let Some(started) = detail.started_at {
        notes.insert(0, format!("Started {started}"));
    }
    RequestView {
        entry: detail.index,
        number: request_number(detail.index),
        method: detail.method.clone(),
        url: detail.url.clone(),
        status: match detail.status {
            Some(status) => format!("{status} {}", detail.status_text)
                .trim_end()
                .to_owned(),
            None => "no response".to_owned(),
        },
        sections,
        bodies,
        saml: detail
            .saml
            .iter()
            .map(|field| SamlLink {
                parameter: field.parameter.as_str().to_owned(),
                message: field.message,
            })
            .collect(),
        notes,
    }
}
