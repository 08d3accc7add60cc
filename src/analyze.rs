//! The one entry point: inputs in, a report out.
//!
//! [`analyze`] runs every stage (input → decode → XML → model → findings → report) and
//! turns a stage's failure into findings, so one bad message never hides the others
//! in the same HAR. It is the only place the per-analysis message limit is checked.

use crate::cert;
use crate::checks::context::{ErrorPageSeen, MetadataRole, MetadataSeen, RequestSeen};
use crate::checks::error_text::{self, ErrorTextSource};
use crate::checks::{self, Expectations, Flow, decoding, signature as signature_checks};
use crate::dsig::{self, Fingerprint, Protection, Status, TrustStore, Verdict};
use crate::input::{self, Capture, InputKind};
use crate::limits::Limits;
use crate::report::{
    AssertionSignature, AttributeReport, InputReport, MessageFacts, MessageReport, OriginReport,
    ReferenceTime, Report, SCHEMA, SignatureReport, SignatureStatus, SubjectReport, TimeSource,
    TrustReport,
};
use crate::saml::{self, Body, KeyUse, Message, MessageKind, SignatureInfo};
use crate::timestamp::Timestamp;
use crate::xml;

/// One file or pasted text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file name, shown in the report; never used to decide what the input is.
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What the user told us besides the inputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The time to judge against instead of the HAR capture time or the clock.
    pub reference_time: Option<Timestamp>,
    pub limits: Limits,
    /// The keys the user trusts to sign (see [`load_trust`]).
    pub trust: TrustStore,
    /// Metadata entities loaded as trust anchors (see [`load_trust`]): compared with the
    /// messages like metadata given as an input.
    pub trusted_metadata: Vec<MetadataSeen>,
    /// What the user expected (`--expect`, the page's fields).
    pub expect: Expectations,
    /// The error text the user saw (`--error`, the page's field).
    pub error_text: Option<String>,
}

/// Adds the trust anchors in one user-given input to `options.trust`: a certificate
/// (PEM, DER or base64), IdP or SP metadata (its signing and unspecified-use keys, and
/// the entity itself to `options.trusted_metadata`), or a SHA-256 or SHA-1 certificate
/// fingerprint. Returns how many anchors it added, or why it could not.
pub fn load_trust(options: &mut Options, input: Input<'_>) -> Result<usize, String> {
    let limits = &options.limits;
    let store = &mut options.trust;
    if let Some(fingerprint) = std::str::from_utf8(input.bytes)
        .ok()
        .and_then(Fingerprint::parse)
    {
        store.fingerprints.push(fingerprint);
        return Ok(1);
    }
    let extracted = input::extract(0, input.bytes, limits).map_err(|error| error.to_string())?;
    let before = store.keys.len();
    for (index, certificate) in extracted.certificates.iter().enumerate() {
        let info = cert::parse_der(&certificate.der)
            .map_err(|error| format!("certificate {} cannot be read: {error}", index + 1))?;
        let source = if extracted.certificates.len() == 1 {
            input.name.to_owned()
        } else {
            format!("{} (certificate {})", input.name, index + 1)
        };
        store.add_certificate(info, source);
    }
    for capture in &extracted.captures {
        let Ok(bytes) = &capture.payload else {
            continue;
        };
        let Ok(document) = xml::parse(bytes, limits) else {
            continue;
        };
        let Body::Metadata { entities } = saml::read(&document).body else {
            continue;
        };
        options
            .trusted_metadata
            .extend(metadata_entities(&entities, input.name));
        for entity in &entities {
            let entity_id = entity.entity_id.as_deref().unwrap_or("metadata");
            for role in &entity.roles {
                for (number, key) in role.keys.iter().enumerate() {
                    if key.usage == KeyUse::Encryption {
                        continue;
                    }
                    for embedded in &key.certificates {
                        if let Some(certificate) = &embedded.certificate {
                            store.add_certificate(
                                certificate.clone(),
                                format!(
                                    "{} ({entity_id}, {:?} key {})",
                                    input.name,
                                    role.kind,
                                    number + 1
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
    match store.keys.len() - before {
        0 if extracted.certificates.is_empty() => Err(
            "it holds no certificate, signing key in metadata, or certificate fingerprint"
                .to_owned(),
        ),
        added => Ok(added),
    }
}

/// Analyses `inputs` together. `clock` is the caller's "now", used only when neither
/// the user nor a HAR gives a time.
pub fn analyze(inputs: &[Input<'_>], options: &Options, clock: Timestamp) -> Report {
    let limits = &options.limits;
    let mut input_reports = Vec::with_capacity(inputs.len());
    let mut captures: Vec<Capture> = Vec::new();
    let mut skipped_messages = 0;
    let mut error_pages: Vec<ErrorPageSeen> = Vec::new();

    for (index, input) in inputs.iter().enumerate() {
        let mut report = InputReport {
            index,
            name: input.name.to_owned(),
            kind: None,
            bytes: input.bytes.len(),
            error: None,
            captured_at: None,
            flow: Vec::new(),
            certificates: Vec::new(),
            notes: Vec::new(),
            findings: Vec::new(),
        };
        match input::extract(index, input.bytes, limits) {
            Err(error) => {
                report.error = Some(error.to_string());
                report.findings.push(decoding::unreadable_input(&error));
            }
            Ok(extracted) => {
                report.kind = extracted.kind;
                report.captured_at = extracted.captured_at;
                if extracted.kind == Some(InputKind::Har) && extracted.captures.is_empty() {
                    report
                        .findings
                        .push(decoding::har_without_saml(extracted.flow.len()));
                }
                for certificate in &extracted.certificates {
                    match cert::parse_der(&certificate.der) {
                        Ok(info) => report.certificates.push(info),
                        Err(error) => report
                            .findings
                            .push(decoding::unreadable_certificate(&error.to_string())),
                    }
                }
                report.flow = extracted.flow;
                error_pages.extend(extracted.error_pages.into_iter().map(|page| ErrorPageSeen {
                    input: index,
                    har_entry: page.har_entry,
                    url: page.url,
                    text: page.text.to_owned(),
                }));
                report.notes = extracted.notes;
                for capture in extracted.captures {
                    if captures.len() < limits.messages {
                        captures.push(capture);
                    } else {
                        skipped_messages += 1;
                    }
                }
            }
        }
        checks::normalize(&mut report.findings);
        input_reports.push(report);
    }
    if skipped_messages > 0
        && let Some(last) = input_reports.last_mut()
    {
        last.findings.push(decoding::too_many_messages(
            skipped_messages,
            limits.messages,
        ));
    }

    let reference_time = match options.reference_time {
        Some(value) => ReferenceTime {
            value,
            source: TimeSource::User,
        },
        None => captures
            .iter()
            .find_map(|capture| capture.origin.captured_at)
            .or_else(|| input_reports.iter().find_map(|input| input.captured_at))
            .map_or(
                ReferenceTime {
                    value: clock,
                    source: TimeSource::Clock,
                },
                |value| ReferenceTime {
                    value,
                    source: TimeSource::Har,
                },
            ),
    };

    let analysed: Vec<Analysed> = captures
        .iter()
        .map(|capture| {
            let message_time = match (options.reference_time, capture.origin.captured_at) {
                (None, Some(value)) => ReferenceTime {
                    value,
                    source: TimeSource::Har,
                },
                _ => reference_time,
            };
            analyze_capture(capture, message_time, options)
        })
        .collect();

    let flow = build_flow(&analysed, &captures, &input_reports, options, error_pages);
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
    let messages = analysed
        .into_iter()
        .zip(&captures)
        .map(|(analysed, capture)| {
            run_packs(analysed, capture, &flow, options, error_text.as_ref())
        })
        .collect();

    Report {
        schema: SCHEMA,
        reference_time,
        inputs: input_reports,
        trust: TrustReport::from_store(&options.trust),
        expect: options.expect.clone(),
        error_text,
        messages,
    }
}

/// One message after decoding, reading and signature verification, before the packs.
struct Analysed {
    report: MessageReport,
    verdicts: Vec<Verdict>,
    /// How well the evaluated assertion is signed (after the comment downgrade).
    assertion: Protection,
}

/// The entities of a metadata document, as the packs compare them with messages.
fn metadata_entities(
    entities: &[saml::EntityDescriptor],
    source: &str,
) -> impl Iterator<Item = MetadataSeen> {
    let source = source.to_owned();
    entities
        .iter()
        .flat_map(move |entity| {
            let source = source.clone();
            entity.roles.iter().filter_map(move |role| {
                let role_kind = match role.kind {
                    saml::RoleKind::IdentityProvider => MetadataRole::IdentityProvider,
                    saml::RoleKind::ServiceProvider => MetadataRole::ServiceProvider,
                    saml::RoleKind::Other(_) => return None,
                };
                Some(MetadataSeen {
                    role: role_kind,
                    entity_id: entity.entity_id.clone(),
                    acs_urls: role
                        .assertion_consumer_services
                        .iter()
                        .filter_map(|endpoint| endpoint.location.clone())
                        .collect(),
                    name_id_formats: role.name_id_formats.clone(),
                    source: source.clone(),
                })
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
}

/// What the whole analysis knows around each message: AuthnRequests, metadata (inputs
/// and trust anchors), error pages in HAR responses, each HAR's request flow.
fn build_flow<'r>(
    analysed: &[Analysed],
    captures: &[Capture],
    inputs: &'r [InputReport],
    options: &Options,
    error_pages: Vec<ErrorPageSeen>,
) -> Flow<'r> {
    let mut flow = Flow {
        har_flows: inputs.iter().map(|input| input.flow.as_slice()).collect(),
        error_pages,
        ..Flow::default()
    };
    for (analysed, capture) in analysed.iter().zip(captures) {
        let Some(message) = &analysed.report.details else {
            continue;
        };
        match &message.body {
            Body::AuthnRequest(request) => flow.requests.push(RequestSeen {
                input: capture.origin.input,
                har_entry: capture.origin.har_entry,
                captured_at: capture.origin.captured_at,
                id: request.header.id.clone(),
                issuer: request
                    .header
                    .issuer
                    .as_ref()
                    .map(|issuer| issuer.value.clone()),
                destination: request.header.destination.clone(),
                acs_url: request.assertion_consumer_service_url.clone(),
                relay_state: capture.relay_state.clone(),
            }),
            Body::Metadata { entities } => {
                let name = inputs
                    .get(capture.origin.input)
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

/// Runs the rule packs over one analysed message and completes its report.
fn run_packs(
    analysed: Analysed,
    capture: &Capture,
    flow: &Flow<'_>,
    options: &Options,
    error_text: Option<&checks::error_text::ErrorTextMatch>,
) -> MessageReport {
    let Analysed {
        mut report,
        verdicts,
        assertion,
    } = analysed;
    let Some(message) = report.details.take() else {
        return report;
    };
    let payload = capture.payload.as_deref().unwrap_or_default();
    let idp = checks::idp::recognise(&message, flow);
    let context = checks::Context {
        message: &message,
        payload,
        verdicts: &verdicts,
        trust: &options.trust,
        assertion,
        origin: &capture.origin,
        relay_state: capture.relay_state.as_deref(),
        form_action: capture.form_action.as_deref(),
        reference_time: report.reference_time,
        flow,
        expect: &options.expect,
        error_text: error_text.map(|found| found.text.as_str()),
        idp: idp.as_ref(),
    };
    let outcome = checks::run(&context);
    report.details = Some(message);
    report.findings.extend(outcome.findings);
    report.packs = outcome.packs;
    report.next_steps = outcome.next_steps;
    report.idp = idp;
    checks::normalize(&mut report.findings);
    if let Some(found) = error_text {
        explained_first(&mut report.findings, &found.rules);
    }
    report
}

/// Moves the findings that explain the user's error text (rule in `rules`, not a pass)
/// to the front and marks them; stable, so severity order holds on both sides.
fn explained_first(findings: &mut Vec<checks::Finding>, rules: &[checks::RuleId]) {
    if rules.is_empty() {
        return;
    }
    let (mut explaining, rest): (Vec<_>, Vec<_>) =
        std::mem::take(findings).into_iter().partition(|finding| {
            finding.severity != checks::Severity::Pass && rules.contains(&finding.id)
        });
    for finding in &mut explaining {
        finding.explains_error = true;
    }
    explaining.extend(rest);
    *findings = explaining;
}

/// Decodes, parses and reads one captured message into its report.
fn analyze_capture(
    capture: &Capture,
    reference_time: ReferenceTime,
    options: &Options,
) -> Analysed {
    let limits = &options.limits;
    let mut origin = OriginReport::from(&capture.origin);
    origin.form_action = capture.form_action.clone();
    let mut report = MessageReport {
        kind: MessageKind::Other,
        origin,
        id: None,
        issuer: None,
        destination: None,
        subject: None,
        attributes: Vec::new(),
        signatures: Vec::new(),
        assertion_signature: AssertionSignature::None,
        message_signature: Protection::None,
        findings: Vec::new(),
        reference_time,
        relay_state: capture.relay_state.clone(),
        xml: None,
        details: None,
        facts: MessageFacts::default(),
        trusted_coverage: Vec::new(),
        packs: Vec::new(),
        idp: None,
        next_steps: Vec::new(),
    };
    let unread = |report| Analysed {
        report,
        verdicts: Vec::new(),
        assertion: Protection::None,
    };

    let bytes = match &capture.payload {
        Ok(bytes) => bytes,
        Err(error) => {
            let parameter = capture
                .origin
                .parameter
                .map_or("SAML", |parameter| parameter.as_str());
            report
                .findings
                .push(decoding::undecodable_parameter(parameter, error));
            return unread(report);
        }
    };
    // `from_utf8` checks a whole message several times faster than the lossy
    // conversion, which is left for the rare payload that is not UTF-8.
    report.xml = Some(match std::str::from_utf8(bytes) {
        Ok(xml) => xml.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    });

    let document = match xml::parse(bytes, limits) {
        Ok(document) => document,
        Err(error) => {
            report.findings.push(decoding::unreadable_xml(&error));
            return unread(report);
        }
    };
    report.findings.extend(decoding::readable_xml(&document));

    let message = saml::read(&document);
    if message.kind == MessageKind::Other && !matches!(message.body, saml::Body::Assertion(_)) {
        report.findings.push(decoding::not_saml(
            &message.root_name,
            message.root_namespace.as_deref(),
        ));
    }
    fill_from_message(&mut report, &message);

    // The model read the KeyInfo certificates already: verification takes them from it.
    let described = |signature| {
        let found = message.signatures.iter().find(|s| s.node == signature)?;
        Some(
            found
                .certificates
                .iter()
                .filter_map(|embedded| embedded.certificate.clone())
                .collect(),
        )
    };
    let verdicts = dsig::verify_document_with(&document, &options.trust, limits, &described);
    report.signatures = message
        .signatures
        .iter()
        .map(|described| {
            let verdict = verdicts.iter().find(|v| v.signature == described.node);
            signature_report(&document, described, verdict, &options.trust)
        })
        .collect();
    if let Some(signature) = &capture.redirect_signature {
        let verdict = dsig::redirect::verify_query(signature, &options.trust);
        report.signatures.push(SignatureReport {
            target: "Query".to_owned(),
            status: status_of(verdict.status()),
            reason: signature_checks::query_reason(&verdict, &options.trust),
            signature_method: Some(signature.sig_alg.clone()),
            digest_methods: Vec::new(),
            canonicalization_method: None,
            reference_uris: Vec::new(),
            certificate: verdict
                .key()
                .and_then(|index| options.trust.keys.get(index))
                .map(|key| key.certificate.clone()),
            failed_step: verdict.failed_step(),
        });
    }
    let protection = message
        .evaluated_assertion()
        .map_or(Protection::None, |assertion| {
            dsig::protection(&verdicts, assertion.node)
        });
    let injection = signature_checks::comment_injection(&message);
    report.assertion_signature = match (protection, &injection) {
        (_, Some(_)) | (Protection::None, _) => AssertionSignature::None,
        (Protection::Trusted, None) => AssertionSignature::Trusted,
        (Protection::Unpinned, None) => AssertionSignature::Unpinned,
    };
    // What each shown value's signature status is; a comment inside a value voids it.
    let signed = |node| {
        if injection.is_some() {
            Protection::None
        } else {
            dsig::protection(&verdicts, node)
        }
    };
    report.message_signature = dsig::protection(&verdicts, document.root());
    if let (Some(subject), Some(name_id)) = (&mut report.subject, message.subject_name_id()) {
        subject.signed = signed(name_id.node);
    }
    if let Some(assertion) = message.evaluated_assertion() {
        for (shown, attribute) in report.attributes.iter_mut().zip(&assertion.attributes) {
            shown.signed = signed(attribute.node);
        }
    }
    report.findings.extend(injection);
    report
        .findings
        .extend(signature_checks::run(&signature_checks::Context {
            document: &document,
            message: &message,
            verdicts: &verdicts,
            trust: &options.trust,
            assertion: protection,
            now: reference_time.value,
        }));
    report.trusted_coverage = verdicts
        .iter()
        .filter(|verdict| verdict.status() == Status::Valid)
        .filter_map(Verdict::coverage)
        .collect();
    report.facts = MessageFacts::of(&message);
    report.details = Some(message);
    let assertion = report_protection(report.assertion_signature);
    Analysed {
        report,
        verdicts,
        assertion,
    }
}

fn report_protection(signature: AssertionSignature) -> Protection {
    match signature {
        AssertionSignature::Trusted => Protection::Trusted,
        AssertionSignature::Unpinned => Protection::Unpinned,
        AssertionSignature::None => Protection::None,
    }
}

fn status_of(status: Status) -> SignatureStatus {
    match status {
        Status::Valid => SignatureStatus::Valid,
        Status::ValidUnpinned => SignatureStatus::ValidUnpinned,
        Status::KeyMismatch => SignatureStatus::KeyMismatch,
        Status::Invalid => SignatureStatus::Invalid,
    }
}

/// A signature as described and as verified.
fn signature_report(
    document: &xml::Document,
    signature: &SignatureInfo,
    verdict: Option<&Verdict>,
    trust: &TrustStore,
) -> SignatureReport {
    let mut report = describe_signature(signature);
    if let Some(verdict) = verdict {
        report.target = signature_checks::target_name(document, verdict);
        report.status = status_of(verdict.status());
        report.reason = signature_checks::reason(verdict, trust);
        report.failed_step = verdict.failed_step();
    }
    // A report exported with redaction carries a marker instead of the SignatureValue.
    let redacted = document
        .child(signature.node, xml::NS_DS, "SignatureValue")
        .is_some_and(|value| crate::redact::is_redacted_signature(&document.text(value)));
    if redacted && report.status == SignatureStatus::Invalid {
        report.reason = "not verifiable: redacted (the SignatureValue was removed when this was exported with redaction)".to_owned();
    }
    report
}

/// Copies the contract's summary fields out of the typed model.
fn fill_from_message(report: &mut MessageReport, message: &Message) {
    report.kind = message.kind;
    report.id = message
        .header()
        .and_then(|header| header.id.clone())
        .or_else(|| message.evaluated_assertion().and_then(|a| a.id.clone()));
    report.issuer = message.issuer().map(str::to_owned);
    report.destination = message
        .header()
        .and_then(|header| header.destination.clone());
    report.subject = message.subject_name_id().map(|name_id| SubjectReport {
        name_id: name_id.value.clone(),
        format: name_id.format.clone(),
        name_qualifier: name_id.name_qualifier.clone(),
        sp_name_qualifier: name_id.sp_name_qualifier.clone(),
        signed: Protection::None,
    });
    report.attributes = message
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
                    signed: Protection::None,
                })
                .collect()
        })
        .unwrap_or_default();
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
