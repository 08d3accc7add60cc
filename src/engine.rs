//! What the page's second WebAssembly module does: analyse, export, reduce big HARs and
//! hand out the built-in examples; and the XML view's indented lines.
//!
//! The page is two modules so that its first load stays small: the page module (Yew,
//! `src/app/`) renders and keeps the state, and this engine (`src/bin/engine.rs`, a thin
//! wasm-bindgen face over these functions) is loaded the first time there is something
//! to analyse. They share no memory: the page sends a [`Request`] as JSON with the
//! inputs' bytes alongside, and reads the [`View`] back from JSON (without the typed
//! model: the page gets the [`MessageFacts`] it shows, and the trusted coverage, made
//! from the [`Analysis`](crate::analysis::Analysis) here). The engine keeps the last
//! report it made, and exports redact and render that one.
//!
//! Everything here is plain Rust, tested natively (`tests/engine.rs`).

use crate::analysis::{self, Input, MessageAnalysis, Options, load_trust};
use crate::checks::Expectations;
use crate::dsig::Coverage;
use crate::input::InputNote;
use crate::limits::Limits;
use crate::redact::{self, Policy, export};
use crate::report::{self, Report, TrustReport};
use crate::saml::{Body, TimeValue};
use crate::timestamp::Timestamp;
use crate::xml::pretty::{self, Line};
use serde::{Deserialize, Serialize};

pub mod examples;

/// One analysis the page asks for. The bytes of `inputs` and `trusted` travel next to
/// it, in the same order as their names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The page's number for this analysis; exports name the report by it.
    pub generation: u32,
    /// The inputs' names, as the user gave them.
    pub inputs: Vec<String>,
    /// Names of the inputs the user trusts to sign (metadata, certificates,
    /// fingerprints).
    pub trusted: Vec<String>,
    pub expect: Expectations,
    pub error_text: Option<String>,
    /// The time to judge against instead of the HAR capture time or the clock.
    pub reference_time: Option<Timestamp>,
    /// The page's clock at the moment of the user's action (the engine reads none).
    pub now: Timestamp,
    /// Inputs that are a big HAR reduced in the browser: (index into `inputs`, size
    /// of the original file in bytes). Each gets a note saying so.
    pub reduced: Vec<(usize, f64)>,
}

/// What the page shows for one [`Request`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// The request's generation.
    pub generation: u32,
    /// `None` when there are no inputs (only trust anchors).
    pub report: Option<Report>,
    /// For each message of `report`, what the page shows of its typed model.
    pub facts: Vec<MessageFacts>,
    /// For each message of `report`, what signatures made with a trusted key cover, in
    /// the tree its `xml` parses into (for the page's highlighting).
    pub coverage: Vec<Vec<Coverage>>,
    /// The keys and fingerprints read from the trusted inputs.
    pub trust_keys: Vec<TrustReport>,
    /// Why a trusted input could not be used, by index into `Request::trusted`.
    pub trust_errors: Vec<(usize, String)>,
}

impl View {
    /// The JSON the page reads: the view without each message's typed model
    /// (`details`, which the page does not read back; the exports, made by the engine
    /// from its own copy, keep it).
    pub fn to_page_json(&mut self) -> Result<String, String> {
        let messages = self
            .report
            .as_mut()
            .map_or(&mut [][..], |report| &mut report.messages[..]);
        let details: Vec<_> = messages
            .iter_mut()
            .map(|message| message.details.take())
            .collect();
        let json = serde_json::to_string(self).map_err(|error| error.to_string());
        if let Some(report) = self.report.as_mut() {
            for (message, details) in report.messages.iter_mut().zip(details) {
                message.details = details;
            }
        }
        json
    }

    /// The report alone (the facts and the coverage stay in the view).
    pub fn into_report(self) -> Option<Report> {
        self.report
    }

    /// The report, and for each of its messages the facts and the trusted coverage the
    /// page shows beside it.
    pub fn into_parts(self) -> Option<(Report, Vec<MessageFacts>, Vec<Vec<Coverage>>)> {
        Some((self.report?, self.facts, self.coverage))
    }
}

/// Runs one analysis. `inputs` and `trusted` are the bytes named by the request.
pub fn run(request: &Request, inputs: &[&[u8]], trusted: &[&[u8]]) -> View {
    let mut options = Options {
        expect: request.expect.clone(),
        error_text: request
            .error_text
            .as_ref()
            .filter(|text| !text.trim().is_empty())
            .cloned(),
        reference_time: request.reference_time,
        ..Options::default()
    };
    let mut trust_errors = Vec::new();
    for (index, (name, bytes)) in request.trusted.iter().zip(trusted).enumerate() {
        if let Err(reason) = load_trust(&mut options, Input { name, bytes }) {
            trust_errors.push((index, reason));
        }
    }
    let trust_keys = TrustReport::from_store(&options.trust);
    let named: Vec<Input<'_>> = request
        .inputs
        .iter()
        .zip(inputs)
        .map(|(name, bytes)| Input { name, bytes })
        .collect();
    let analysis = (!named.is_empty()).then(|| {
        let mut analysis = analysis::run(&named, &options, request.now);
        for &(index, original) in &request.reduced {
            if let (Some(input), Some(bytes)) = (analysis.inputs.get_mut(index), inputs.get(index))
            {
                input.notes.insert(0, reduced_note(original, bytes.len()));
            }
        }
        analysis
    });
    let messages = analysis
        .as_ref()
        .map_or(&[][..], |analysis| &analysis.messages);
    View {
        generation: request.generation,
        facts: messages.iter().map(MessageFacts::of).collect(),
        coverage: messages
            .iter()
            .map(MessageAnalysis::trusted_coverage)
            .collect(),
        report: analysis.as_ref().map(report::build),
        trust_keys,
        trust_errors,
    }
}

/// The few values of a message's typed model the page shows (summary cards, time line):
/// the engine hands them to the page next to the report, whose JSON the page reads without
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
    /// The facts of one analysed message (all empty when its XML could not be read).
    pub fn of(analysed: &MessageAnalysis) -> MessageFacts {
        let Some(message) = analysed.model() else {
            return MessageFacts::default();
        };
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

fn reduced_note(original: f64, kept: usize) -> InputNote {
    InputNote {
        har_entry: None,
        message: format!(
            "read from {:.1} MB in the browser and reduced to {:.1} MB: only the parts of \
             the HAR the analysis reads were kept",
            original / 1_048_576.0,
            kept as f64 / 1_048_576.0
        ),
    }
}

/// The indented, token-classified lines of the page's XML view, or `None` when `xml`
/// does not parse.
pub fn pretty_lines(xml: &str) -> Option<Vec<Line>> {
    let document = crate::xml::parse(xml.as_bytes(), &Limits::default()).ok()?;
    Some(pretty::lines(&document))
}

/// The formats the page offers for download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Json,
    Html,
    /// The HAR input, sanitized (needs its bytes).
    Har,
}

impl ExportFormat {
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name {
            "markdown" => Some(ExportFormat::Markdown),
            "json" => Some(ExportFormat::Json),
            "html" => Some(ExportFormat::Html),
            "har" => Some(ExportFormat::Har),
            _ => None,
        }
    }
}

/// A redacted export of `report`. `har` is the HAR input's bytes, needed for
/// [`ExportFormat::Har`] only.
pub fn export(
    report: &Report,
    format: ExportFormat,
    policy: Policy,
    salt: &[u8],
    har: Option<&[u8]>,
) -> Result<String, String> {
    let redacted = redact::redact_report(report, policy, salt);
    Ok(match format {
        ExportFormat::Markdown => export::markdown(&redacted),
        ExportFormat::Json => export::json(&redacted),
        ExportFormat::Html => export::html(&redacted),
        ExportFormat::Har => {
            let bytes = har.ok_or("a sanitized HAR needs the HAR itself")?;
            let mut redactor = redacted.redactor.clone();
            redact::har::sanitize(&mut redactor, bytes).map_err(|error| error.to_string())?
        }
    })
}
