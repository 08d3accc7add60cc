//! The one entry point: inputs in, a report out.
//!
//! [`analyze`] runs every stage (input → decode → XML → model → findings → report) and
//! turns a stage's failure into findings, so one bad message never hides the others
//! in the same HAR. It is the only place the per-analysis message limit is checked.

use crate::cert;
use crate::checks::{self, decoding};
use crate::input::{self, Capture, InputKind};
use crate::limits::Limits;
use crate::report::{
    AssertionSignature, AttributeReport, InputReport, MessageReport, OriginReport, ReferenceTime,
    Report, SCHEMA, SignatureReport, SignatureStatus, SubjectReport, TimeSource,
};
use crate::saml::{self, Message, MessageKind, SignatureInfo};
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
}

/// Analyses `inputs` together. `clock` is the caller's "now", used only when neither
/// the user nor a HAR gives a time.
pub fn analyze(inputs: &[Input<'_>], options: &Options, clock: Timestamp) -> Report {
    let limits = &options.limits;
    let mut input_reports = Vec::with_capacity(inputs.len());
    let mut captures: Vec<Capture> = Vec::new();
    let mut skipped_messages = 0;

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

    let messages = captures
        .iter()
        .map(|capture| {
            let message_time = match (options.reference_time, capture.origin.captured_at) {
                (None, Some(value)) => ReferenceTime {
                    value,
                    source: TimeSource::Har,
                },
                _ => reference_time,
            };
            analyze_capture(capture, message_time, limits)
        })
        .collect();

    Report {
        schema: SCHEMA,
        reference_time,
        inputs: input_reports,
        messages,
    }
}

/// Decodes, parses and reads one captured message into its report.
fn analyze_capture(
    capture: &Capture,
    reference_time: ReferenceTime,
    limits: &Limits,
) -> MessageReport {
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
        findings: Vec::new(),
        reference_time,
        relay_state: capture.relay_state.clone(),
        xml: None,
        details: None,
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
            return report;
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
            return report;
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
    report.details = Some(message);
    checks::normalize(&mut report.findings);
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
                })
                .collect()
        })
        .unwrap_or_default();
    report.signatures = message.signatures.iter().map(describe_signature).collect();
}

/// A signature as found, before verification: described, never called valid.
fn describe_signature(signature: &SignatureInfo) -> SignatureReport {
    SignatureReport {
        target: signature
            .parent_element
            .clone()
            .unwrap_or_else(|| "document".to_owned()),
        status: SignatureStatus::Unverified,
        reason: "Found, not verified: this version of SAML Inspector describes signatures but does not check them yet.".to_owned(),
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
