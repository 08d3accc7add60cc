//! The pipeline's orchestration: read inputs (decoding each message's value) → parse →
//! read the model → verify → `checks::run` → [`Analysis`]. No finding is made here; the
//! checks make them all.
//!
//! It is the only place the per-analysis message limit is checked, and the only place
//! the reference times are chosen (the user's, else each message's HAR capture time,
//! else the caller's clock: core code never reads one).

use super::trust::metadata_entities;
use super::{
    Analysis, Input, InputAnalysis, MessageAnalysis, Options, QuerySignature, ReadBack, Stage,
    Verified,
};
use crate::cert;
use crate::checks::context::{ErrorPageSeen, MetadataRole, RequestSeen};
use crate::checks::error_text::{self, ErrorTextSource};
use crate::checks::{self, Finding, Flow, InputRead, Reached, ReferenceTime, TimeSource};
use crate::dsig::{self, TrustStore};
use crate::input::{self, AlsoCaptured, Capture, InputKind};
use crate::limits::Limits;
use crate::saml::{self, Body};
use crate::timestamp::Timestamp;
use crate::xml;

/// Analyses `inputs` together. `clock` is the caller's "now", used only when neither
/// the user nor a HAR gives a time.
pub fn run(inputs: &[Input<'_>], options: &Options, clock: Timestamp) -> Analysis {
    let limits = &options.limits;
    let mut read_inputs = Vec::with_capacity(inputs.len());
    let mut captures: Vec<(Capture, Vec<AlsoCaptured>, Option<ReadBack>)> = Vec::new();
    let mut skipped_messages = 0;
    let mut error_pages: Vec<ErrorPageSeen> = Vec::new();

    for (index, input) in inputs.iter().enumerate() {
        let read = read_input(index, input, limits);
        error_pages.extend(read.error_pages);
        let messages = read.captures.len();
        // A report of ours read back: each capture is one of its messages, in order.
        let mut read_back = match read.analysis.kind {
            Some(InputKind::Report) => read_back(input.bytes),
            _ => Vec::new(),
        }
        .into_iter();
        for (capture, also_captured) in read.captures {
            let read_back = read_back.next();
            if captures.len() < limits.messages {
                captures.push((capture, also_captured, read_back));
            } else {
                skipped_messages += 1;
            }
        }
        read_inputs.push((read.analysis, read.certificate_errors, messages));
    }
    // The input findings, once the count of messages over the limit is known (said on
    // the last input).
    let last = read_inputs.len().saturating_sub(1);
    let inputs: Vec<InputAnalysis> = read_inputs
        .into_iter()
        .enumerate()
        .map(|(index, (mut analysis, certificate_errors, messages))| {
            analysis.findings = checks::run_input(&InputRead {
                error: analysis.error.as_ref(),
                kind: analysis.kind,
                messages,
                requests: analysis.flow.len(),
                certificate_errors: &certificate_errors,
                skipped_messages: (index == last && skipped_messages > 0)
                    .then_some((skipped_messages, limits.messages)),
            });
            analysis
        })
        .collect();

    let mut messages: Vec<MessageAnalysis> = captures
        .into_iter()
        .map(|(capture, also_captured, read_back)| {
            // Each message is judged at its own capture time unless the user chose one;
            // the others get the analysis' time, set below once it is known.
            let message_time = ReferenceTime {
                value: options
                    .reference_time
                    .or(capture.origin.captured_at)
                    .unwrap_or(clock),
                source: match (options.reference_time, capture.origin.captured_at) {
                    (Some(_), _) => TimeSource::User,
                    (None, Some(_)) => TimeSource::Har,
                    (None, None) => TimeSource::Clock,
                },
            };
            let mut message = read_message(capture, message_time, options);
            message.also_captured = also_captured;
            message.read_back = read_back;
            message
        })
        .collect();
    let reference_time = reference_time(options, &messages, &inputs, clock);
    for message in &mut messages {
        if message.reference_time.source == TimeSource::Clock {
            message.reference_time = reference_time;
        }
        if options.at_issue_instant
            && let Some(value) = message.model().and_then(issue_instant)
        {
            message.reference_time = ReferenceTime {
                value,
                source: TimeSource::IssueInstant,
            };
        }
    }

    let flow = build_flow(&messages, &inputs, options, error_pages);
    let error_text = options
        .error_text
        .as_deref()
        .filter(|text| !text.trim().is_empty())
        .map(|text| error_text::lookup(text, ErrorTextSource::User))
        .or_else(|| {
            flow.error_pages
                .first()
                .map(|page| error_text::lookup(&page.text, ErrorTextSource::Har))
        });
    let outcomes: Vec<_> = messages
        .iter()
        .map(|message| check_message(message, &flow, options, error_text.as_ref()))
        .collect();
    drop(flow);
    for (message, (outcome, idp)) in messages.iter_mut().zip(outcomes) {
        message.findings = match &message.read_back {
            // A redacted report's messages were judged before redaction: those findings
            // stand (the pseudonyms and the replaced signature values judge nothing).
            Some(read_back) if read_back.redacted && !read_back.findings.is_empty() => {
                read_back.findings.clone()
            }
            _ => outcome.findings,
        };
        message.packs = outcome.packs;
        message.next_steps = outcome.next_steps;
        message.idp = idp;
    }

    Analysis {
        reference_time,
        inputs,
        trust: options.trust.clone(),
        expect: options.expect.clone(),
        error_text,
        messages,
    }
}

/// Each message of a report of ours read back (in the order its captures were made), with
/// whether the report is redacted and the findings it lists for the message.
fn read_back(bytes: &[u8]) -> Vec<ReadBack> {
    let Some(report) = input::export::read(bytes) else {
        return Vec::new();
    };
    report
        .messages
        .into_iter()
        .map(|message| {
            let mut findings: Vec<Finding> = message
                .findings
                .into_iter()
                .map(|finding| {
                    Finding::new(
                        finding.id,
                        finding.severity,
                        finding.title,
                        finding.detail,
                        finding.fix,
                    )
                })
                .collect();
            checks::normalize(&mut findings);
            ReadBack {
                format: report.format,
                redacted: report.redacted,
                findings,
            }
        })
        .collect()
}

/// The message's own IssueInstant: its protocol header's, else its first assertion's
/// (an assertion given on its own); `None` when missing or not a valid time.
fn issue_instant(message: &saml::Message) -> Option<Timestamp> {
    message
        .header()
        .and_then(|header| header.issue_instant.as_ref())
        .or_else(|| {
            message
                .evaluated_assertion()
                .and_then(|assertion| assertion.issue_instant.as_ref())
        })
        .and_then(|instant| instant.parsed)
}

/// The time the analysis as a whole is judged against (CLI.md `reference_time`): the
/// user's; else the capture time of the last Response found in a HAR (the moment the
/// sign-in reached the SP), else of the last message captured, else the first HAR
/// entry's; else the caller's clock.
fn reference_time(
    options: &Options,
    messages: &[MessageAnalysis],
    inputs: &[InputAnalysis],
    clock: Timestamp,
) -> ReferenceTime {
    if let Some(value) = options.reference_time {
        return ReferenceTime {
            value,
            source: TimeSource::User,
        };
    }
    let captured = |message: &&MessageAnalysis| message.origin.captured_at;
    messages
        .iter()
        .rev()
        .filter(|message| message.kind() == saml::MessageKind::Response)
        .find_map(|message| captured(&message))
        .or_else(|| messages.iter().rev().find_map(|message| captured(&message)))
        .or_else(|| inputs.iter().find_map(|input| input.captured_at))
        .map_or(
            ReferenceTime {
                value: clock,
                source: TimeSource::Clock,
            },
            |value| ReferenceTime {
                value,
                source: TimeSource::Har,
            },
        )
}

/// What reading one input found: the input's analysis (findings still to come), why
/// each certificate in it could not be read, its messages and the known error pages
/// among its HAR responses.
struct ReadInput {
    analysis: InputAnalysis,
    certificate_errors: Vec<String>,
    /// Each message once, with the other places it was captured (see
    /// [`input::merge_repeats`]).
    captures: Vec<(Capture, Vec<AlsoCaptured>)>,
    error_pages: Vec<ErrorPageSeen>,
}

/// Reads one input: what it is, its flow, certificates and notes, and the messages it
/// carries.
fn read_input(index: usize, input: &Input<'_>, limits: &Limits) -> ReadInput {
    let mut read = ReadInput {
        analysis: InputAnalysis {
            index,
            name: input.name.to_owned(),
            bytes: input.bytes.len(),
            kind: None,
            error: None,
            captured_at: None,
            flow: Vec::new(),
            certificates: Vec::new(),
            notes: Vec::new(),
            findings: Vec::new(),
        },
        certificate_errors: Vec::new(),
        captures: Vec::new(),
        error_pages: Vec::new(),
    };
    let extracted = match input::extract(index, input.bytes, limits) {
        Ok(extracted) => extracted,
        Err(error) => {
            read.analysis.error = Some(error);
            return read;
        }
    };
    let analysis = &mut read.analysis;
    analysis.kind = extracted.kind;
    analysis.captured_at = extracted.captured_at;
    for certificate in &extracted.certificates {
        match cert::parse_der(&certificate.der) {
            Ok(info) => analysis.certificates.push(info),
            Err(error) => read.certificate_errors.push(error.to_string()),
        }
    }
    analysis.flow = extracted.flow;
    analysis.notes = extracted.notes;
    read.error_pages = extracted
        .error_pages
        .into_iter()
        .map(|page| ErrorPageSeen {
            input: index,
            har_entry: page.har_entry,
            url: page.url,
            text: page.text.to_owned(),
        })
        .collect();
    // A report of ours lists each message once, in order (read back one for one).
    read.captures = if extracted.kind == Some(InputKind::Report) {
        extracted
            .captures
            .into_iter()
            .map(|capture| (capture, Vec::new()))
            .collect()
    } else {
        input::merge_repeats(extracted.captures)
    };
    read
}

/// Takes one captured message through decoding, parsing, verification and the model.
fn read_message(
    capture: Capture,
    reference_time: ReferenceTime,
    options: &Options,
) -> MessageAnalysis {
    let limits = &options.limits;
    let Capture {
        origin,
        payload,
        relay_state,
        redirect_signature,
        form_action,
        encoded: _,
    } = capture;
    let stage = match payload {
        Err(error) => Stage::Undecodable(error),
        Ok(bytes) => match xml::parse(&bytes, limits) {
            Err(error) => Stage::Unparsable { bytes, error },
            Ok(document) => {
                drop(bytes);
                let model = saml::read(&document);
                // The model read the KeyInfo certificates already: verification takes
                // them from it.
                let described = |signature| {
                    let found = model.signatures.iter().find(|s| s.node == signature)?;
                    Some(
                        found
                            .certificates
                            .iter()
                            .filter_map(|embedded| embedded.certificate.clone())
                            .collect(),
                    )
                };
                let keys_set_aside = !keys_apply(&model, options);
                let trust = if keys_set_aside {
                    &NO_TRUST
                } else {
                    &options.trust
                };
                let verdicts = dsig::verify_document_with(&document, trust, limits, &described);
                let query_signature = redirect_signature.map(|signature| QuerySignature {
                    verdict: dsig::redirect::verify_query(&signature, trust),
                    signature,
                });
                let hides_assertions = checks::wrapping::hides_assertions(&model, &verdicts);
                Stage::Verified(Box::new(Verified {
                    document,
                    model,
                    verdicts,
                    query_signature,
                    keys_set_aside,
                    hides_assertions,
                }))
            }
        },
    };
    MessageAnalysis {
        origin,
        also_captured: Vec::new(),
        form_action,
        relay_state,
        reference_time,
        read_back: None,
        stage,
        packs: Vec::new(),
        idp: None,
        next_steps: Vec::new(),
        findings: Vec::new(),
    }
}

/// The trust store of a message whose signer none of the trusted keys belongs to.
static NO_TRUST: TrustStore = TrustStore {
    keys: Vec::new(),
    fingerprints: Vec::new(),
};

/// Which side signs `model`: the IdP a Response or Assertion, the SP an AuthnRequest;
/// `None` when either may (logout messages) or it is not a protocol message.
fn signer(model: &saml::Message) -> Option<MetadataRole> {
    match &model.body {
        Body::Response(_) | Body::Assertion(_) => Some(MetadataRole::IdentityProvider),
        Body::AuthnRequest(_) => Some(MetadataRole::ServiceProvider),
        _ => None,
    }
}

/// Whether the trusted keys can check `model`'s signatures: some key is not known to be
/// the other side's (from metadata of the other role), or a fingerprint was given, or
/// there is nothing to set aside. IdP keys say nothing about an SP's signature: with
/// only those, an SP-signed request is checked as if no key had been given.
fn keys_apply(model: &saml::Message, options: &Options) -> bool {
    let Some(signer) = signer(model) else {
        return true;
    };
    let trust = &options.trust;
    if trust.keys.is_empty() || !trust.fingerprints.is_empty() {
        return true;
    }
    trust.keys.iter().any(|key| {
        let mut roles = options
            .key_roles
            .iter()
            .filter(|known| known.spki == key.certificate.spki)
            .peekable();
        roles.peek().is_none() || roles.any(|known| known.role == signer)
    })
}

/// Runs the checks over one message, with everything the analysis knows around it.
fn check_message(
    message: &MessageAnalysis,
    flow: &Flow<'_>,
    options: &Options,
    error_text: Option<&error_text::ErrorTextMatch>,
) -> (checks::Outcome, Option<checks::IdpGuess>) {
    let verified = match &message.stage {
        Stage::Undecodable(error) => {
            let parameter = message
                .origin
                .parameter
                .map_or("SAML", |parameter| parameter.as_str());
            let reached = Reached::Undecodable { parameter, error };
            return (checks::run(reached), None);
        }
        Stage::Unparsable { error, .. } => return (checks::run(Reached::Unparsable(error)), None),
        Stage::Verified(verified) => verified,
    };
    let idp = checks::idp::recognise(&verified.model, flow);
    let context = checks::Context {
        message: &verified.model,
        document: &verified.document,
        payload: verified.document.source(),
        verdicts: &verified.verdicts,
        trust: if verified.keys_set_aside {
            &NO_TRUST
        } else {
            &options.trust
        },
        keys_set_aside: verified.keys_set_aside,
        assertion: message.assertion_protection(),
        origin: &message.origin,
        relay_state: message.relay_state.as_deref(),
        form_action: message.form_action.as_deref(),
        reference_time: message.reference_time,
        flow,
        expect: &options.expect,
        error_text,
        idp: idp.as_ref(),
        packs: &[],
    };
    (checks::run(Reached::Read(&context)), idp)
}

/// What the whole analysis knows around each message: AuthnRequests, metadata (inputs
/// and trust anchors), error pages in HAR responses, each HAR's request flow.
fn build_flow<'r>(
    messages: &[MessageAnalysis],
    inputs: &'r [InputAnalysis],
    options: &Options,
    error_pages: Vec<ErrorPageSeen>,
) -> Flow<'r> {
    let mut flow = Flow {
        har_flows: inputs.iter().map(|input| input.flow.as_slice()).collect(),
        error_pages,
        ..Flow::default()
    };
    // A Cognito user pool says why it refused a sign-in in the app's callback URL
    // (`error_description=`), not in a page: taken like an error page when the
    // catalogue knows the text.
    for input in inputs {
        for entry in &input.flow {
            let urls = [Some(entry.url.as_str()), entry.redirect_url.as_deref()];
            let Some(error) = urls
                .into_iter()
                .flatten()
                .find_map(crate::aws::cognito::callback_error)
            else {
                continue;
            };
            if let Some(text) = error_text::lookup(&error.description, ErrorTextSource::Har).known
                && !flow
                    .error_pages
                    .iter()
                    .any(|page| page.input == input.index && page.har_entry == entry.index)
            {
                flow.error_pages.push(ErrorPageSeen {
                    input: input.index,
                    har_entry: entry.index,
                    url: entry.url.clone(),
                    text: text.to_owned(),
                });
            }
        }
    }
    flow.error_pages
        .sort_by_key(|page| (page.input, page.har_entry));
    for message in messages {
        let Some(model) = message.model() else {
            continue;
        };
        let origin = &message.origin;
        match &model.body {
            Body::AuthnRequest(request) => flow.requests.push(RequestSeen {
                input: origin.input,
                har_entry: origin.har_entry,
                captured_at: origin.captured_at,
                id: request.header.id.clone(),
                issuer: request
                    .header
                    .issuer
                    .as_ref()
                    .map(|issuer| issuer.value.clone()),
                destination: request.header.destination.clone(),
                acs_url: request.assertion_consumer_service_url.clone(),
                relay_state: message.relay_state.clone(),
            }),
            Body::Metadata { entities } => {
                let name = inputs
                    .get(origin.input)
                    .map_or("metadata", |input| input.name.as_str());
                flow.metadata.extend(metadata_entities(entities, name));
            }
            Body::Response(response) => {
                let issuers = response
                    .header
                    .issuer
                    .iter()
                    .chain(response.assertions.iter().filter_map(|a| a.issuer.as_ref()));
                for issuer in issuers {
                    if !flow.response_issuers.contains(&issuer.value) {
                        flow.response_issuers.push(issuer.value.clone());
                    }
                }
            }
            _ => {}
        }
    }
    flow.metadata
        .extend(options.trusted_metadata.iter().cloned());
    flow
}
