//! The page as a whole after an analysis: the inputs and their flows, the trusted
//! keys, the message list, and the message shown first.

use super::message::{MessageView, message};
use super::shared::{FindingView, finding_view, human_bytes, plural};
use crate::analysis::{Analysis, InputAnalysis, MessageAnalysis};
use crate::aws;
use crate::checks::error_text::ErrorTextSource;
use crate::checks::{Finding, RuleId, Severity};
use crate::dsig::{Protection, TrustStore};
use crate::input::{Binding, SamlParameter, request_label, request_number};
use crate::report::TrustReport;
use crate::saml::MessageKind;
use crate::timestamp::describe_duration;
use serde::{Deserialize, Serialize};

/// The page's number for an input (a file, a paste, an example, a trusted key): given
/// by the page when it adds the input, and used in every command about it.
pub type InputId = u32;

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
