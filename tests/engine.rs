//! The page's analysis engine (`saml_inspector::engine`): what the page's second
//! WebAssembly module answers, checked natively. The page only ever sees these answers
//! through JSON, so every test goes through it.

use saml_inspector::checks::Expectations;
use saml_inspector::engine::{self, ExportFormat, Request, View, examples};
use saml_inspector::redact::Policy;
use saml_inspector::{Input, Options, Timestamp, load_trust};
use std::path::Path;

fn fixture(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a valid timestamp")
}

fn request(inputs: &[&str], trusted: &[&str]) -> Request {
    Request {
        generation: 1,
        inputs: inputs.iter().map(|name| (*name).to_owned()).collect(),
        trusted: trusted.iter().map(|name| (*name).to_owned()).collect(),
        expect: Expectations::default(),
        error_text: None,
        reference_time: None,
        now: at("2024-05-01T12:01:00Z"),
        reduced: Vec::new(),
    }
}

/// The view as the page reads it: through JSON.
fn through_json(view: &View) -> (View, String) {
    let json = view.clone().to_page_json().expect("a view serializes");
    let back: View = serde_json::from_str(&json).expect("the page reads the view back");
    (back, json)
}

/// `view` without what the report's JSON does not carry to the page: each message's
/// typed model (`details`; the page gets `facts` instead, next to the report) and
/// certificates' DER bytes.
fn page_part(view: &View) -> View {
    let mut view = view.clone();
    let mut certificates: Vec<&mut saml_inspector::cert::CertificateInfo> = Vec::new();
    if let Some(report) = view.report.as_mut() {
        for message in &mut report.messages {
            message.details = None;
            certificates.extend(
                message
                    .signatures
                    .iter_mut()
                    .filter_map(|signature| signature.certificate.as_mut()),
            );
        }
        for input in &mut report.inputs {
            certificates.extend(input.certificates.iter_mut());
        }
        for trust in &mut report.trust {
            certificates.extend(trust.certificate.as_mut());
        }
    }
    for trust in &mut view.trust_keys {
        certificates.extend(trust.certificate.as_mut());
    }
    for certificate in certificates {
        certificate.der.clear();
        certificate.spki.clear();
    }
    view
}

/// The page reads back everything it is sent. Compared as JSON, so that a failure
/// points at the first difference instead of printing two whole reports.
fn assert_page_reads_it_all(view: &View, what: &str) {
    let (back, json) = through_json(view);
    let again = serde_json::to_string(&back).expect("a view serializes");
    let expected = serde_json::to_string(&page_part(view)).expect("a view serializes");
    if again != expected {
        let at = again
            .bytes()
            .zip(expected.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(again.len().min(expected.len()));
        let around = |text: &str| text[at.saturating_sub(80)..(at + 80).min(text.len())].to_owned();
        panic!(
            "{what}: read back differs at byte {at}:\n  read: {}\n  sent: {}",
            around(&again),
            around(&expected)
        );
    }
    assert!(
        back == page_part(view),
        "{what}: read back differs from what was sent"
    );
    assert!(json.len() >= again.len());
}

#[test]
fn the_view_is_the_report_the_cli_makes_with_its_coverage() {
    let response = fixture("tests/fixtures/aws/iam-global.xml");
    let idp = fixture("tests/fixtures/signed/idp.pem");
    let request = request(&["response.xml"], &["idp.pem"]);
    let view = engine::run(&request, &[&response], &[&idp]);
    assert_page_reads_it_all(&view, "iam-global.xml");
    let (back, _) = through_json(&view);

    // The same analysis through the CLI's entry point.
    let mut options = Options::default();
    load_trust(
        &mut options,
        Input {
            name: "idp.pem",
            bytes: &idp,
        },
    )
    .expect("the certificate is a trust anchor");
    let analysis = saml_inspector::analysis::run(
        &[Input {
            name: "response.xml",
            bytes: &response,
        }],
        &options,
        request.now,
    );
    let direct = saml_inspector::report::build(&analysis);
    let (report, facts, coverage) = back.into_parts().expect("there are inputs");
    assert_eq!(
        serde_json::to_string(&report.messages[0].findings).expect("findings serialize"),
        serde_json::to_string(&direct.messages[0].findings).expect("findings serialize"),
        "the engine judges as the CLI does"
    );
    assert_eq!(facts[0], engine::MessageFacts::of(&analysis.messages[0]));
    assert!(
        coverage.iter().any(|covered| !covered.is_empty()),
        "the trusted coverage comes back for the page's highlighting"
    );
    assert_eq!(view.trust_keys.len(), 1);
    assert!(view.trust_errors.is_empty());
}

#[test]
fn trust_only_gives_keys_and_errors_but_no_report() {
    let idp = fixture("tests/fixtures/signed/idp.pem");
    let view = engine::run(
        &request(&[], &["idp.pem", "notes.txt"]),
        &[],
        &[&idp, b"this is no certificate"],
    );
    let (back, _) = through_json(&view);
    assert!(back.report.is_none());
    assert_eq!(back.trust_keys.len(), 1);
    assert_eq!(back.trust_errors.len(), 1);
    assert_eq!(
        back.trust_errors[0].0, 1,
        "the error names the second input"
    );
}

#[test]
fn reduced_inputs_get_a_note_with_both_sizes() {
    let har = examples::content("aws-login-har").expect("the example exists");
    let mut request = request(&["big.har"], &[]);
    request.reduced = vec![(0, 200.0 * 1_048_576.0), (7, 1.0)];
    let view = engine::run(&request, &[har.as_bytes()], &[]);
    let report = view.into_report().expect("there are inputs");
    let note = &report.inputs[0].notes[0].message;
    assert!(
        note.contains("200.0 MB") && note.contains("reduced to 0.0 MB"),
        "{note}"
    );
}

#[test]
fn every_example_analyses_and_exports_in_every_format() {
    for example in examples::EXAMPLES {
        let content = examples::content(example.id).expect("every example has content");
        let view = engine::run(
            &request(&[example.file_name], &[]),
            &[content.as_bytes()],
            &[],
        );
        assert_page_reads_it_all(&view, example.id);
        let report = view.into_report().expect("there are inputs");
        assert!(
            report.inputs[0].error.is_none(),
            "{}: {:?}",
            example.id,
            report.inputs[0].error
        );
        let har = example.file_name.ends_with(".har");
        for format in ["markdown", "json", "html", "har"] {
            let format = ExportFormat::parse(format).expect("a known format");
            let result = engine::export(
                &report,
                format,
                Policy::default(),
                b"salt",
                har.then_some(content.as_bytes()),
            );
            match (format, har) {
                (ExportFormat::Har, false) => {
                    assert!(result.is_err(), "{}: a HAR export needs a HAR", example.id)
                }
                _ => assert!(
                    result.as_ref().is_ok_and(|text| !text.is_empty()),
                    "{} {format:?}: {result:?}",
                    example.id
                ),
            }
        }
    }
}

#[test]
fn exports_are_redacted_and_match_the_direct_redaction() {
    let har = examples::content("aws-iam-role-space").expect("the example exists");
    let view = engine::run(&request(&["login.har"], &[]), &[har.as_bytes()], &[]);
    let report = view.into_report().expect("there are inputs");
    let markdown = engine::export(
        &report,
        ExportFormat::Markdown,
        Policy::default(),
        b"salt",
        None,
    )
    .expect("a Markdown export");
    let direct = saml_inspector::redact::export::markdown(&saml_inspector::redact::redact_report(
        &report,
        Policy::default(),
        b"salt",
    ));
    assert_eq!(markdown, direct);
    let person = report
        .messages
        .iter()
        .find_map(|message| Some(message.subject.as_ref()?.name_id.clone()))
        .expect("the example names a person");
    assert!(!markdown.contains(&person), "the export names {person}");
}

#[test]
fn hostile_views_are_refused_with_a_sentence_and_formats_by_name() {
    for json in [
        "",
        "{",
        "null",
        "[]",
        "{\"report\":1}",
        "\u{0}\u{ff}",
        "{\"generation\":1,\"report\":{\"schema\":\"other/v9\"}}",
    ] {
        assert!(serde_json::from_str::<View>(json).is_err(), "{json:?}");
    }
    // A rule id or a timestamp the engine would never write.
    let har = examples::content("aws-iam-role-space").expect("the example exists");
    let view = engine::run(&request(&["login.har"], &[]), &[har.as_bytes()], &[]);
    let json = serde_json::to_string(&view).expect("a view serializes");
    for (from, to) in [
        ("\"aws.role.format\"", "\"aws.role.nonsense\""),
        ("\"value\":\"2024-", "\"value\":\"yesterday 2024-"),
        ("\"SAMLResponse\"", "\"SAMLSomething\""),
    ] {
        assert!(json.contains(from), "{from} is in the view");
        let tampered = json.replacen(from, to, 1);
        assert!(serde_json::from_str::<View>(&tampered).is_err(), "{to}");
    }
    assert_eq!(ExportFormat::parse("pdf"), None);
}

#[test]
fn the_xml_view_lines_read_back_as_made_and_garbage_has_none() {
    let xml = String::from_utf8(fixture("tests/fixtures/aws/iam-global.xml")).expect("UTF-8");
    let lines = engine::pretty_lines(&xml).expect("the fixture parses");
    assert!(lines.len() > 10);
    let json = serde_json::to_string(&lines).expect("lines serialize");
    let back: Vec<saml_inspector::xml::pretty::Line> =
        serde_json::from_str(&json).expect("the page reads them back");
    assert_eq!(back, lines);
    let direct = saml_inspector::xml::parse(xml.as_bytes(), &saml_inspector::Limits::default())
        .map(|document| saml_inspector::xml::pretty::lines(&document))
        .expect("the fixture parses");
    assert_eq!(lines, direct);
    for garbage in ["", "<a>", "not xml", "<!DOCTYPE x><x/>"] {
        assert_eq!(engine::pretty_lines(garbage), None, "{garbage:?}");
    }
}

/// JSON, Markdown and HTML exports read back are judged at the capture time they carry.
#[test]
fn an_export_read_back_is_judged_at_its_capture_time_not_today() {
    for (format, name) in [
        (ExportFormat::Json, "report.json"),
        (ExportFormat::Markdown, "report.md"),
        (ExportFormat::Html, "report.html"),
    ] {
        read_back_at_capture_time(format, name);
    }
}

fn read_back_at_capture_time(format: ExportFormat, name: &str) {
    let har = examples::content("aws-iam-role-space").expect("the example exists");
    let first = engine::run(&request(&["login.har"], &[]), &[har.as_bytes()], &[])
        .into_report()
        .expect("there are inputs");
    let export =
        engine::export(&first, format, Policy::default(), b"salt", None).expect("an export");
    // Read back years later.
    let mut later = request(&[name], &[]);
    later.now = at("2031-01-01T00:00:00Z");
    let again = engine::run(&later, &[export.as_bytes()], &[])
        .into_report()
        .expect("there are inputs");
    assert_eq!(
        again.inputs[0].kind,
        Some(saml_inspector::input::InputKind::Report)
    );
    assert_eq!(again.messages.len(), first.messages.len());
    let window = |message: &saml_inspector::report::MessageReport| {
        message
            .findings
            .iter()
            .find(|finding| finding.id.as_str() == "core.time.window")
            .map(|finding| finding.severity)
    };
    for (before, after) in first.messages.iter().zip(&again.messages) {
        assert_eq!(after.reference_time, before.reference_time, "{name}");
        assert_eq!(
            window(after),
            window(before),
            "{name}: judged as the first time"
        );
    }
    assert!(
        first
            .messages
            .iter()
            .any(|message| window(message) == Some(saml_inspector::checks::Severity::Pass)),
        "the example is inside its window when captured"
    );
}

/// A redacted report read back is not a forgery, in every export format the page makes:
/// its signatures are `not-checked` ("redacted — not checked here"), never "invalid" or
/// "does not verify"; its findings are those computed before redaction; the message
/// says it was read back from a redacted report, and the page's verdict says so first.
/// The sanitized HAR read back has no findings of its own to carry, so its signatures
/// alone say it: not checked, and no signature error.
#[test]
fn a_redacted_report_read_back_is_not_a_forgery() {
    // The example's Role value has a space AWS refuses: an error before redaction.
    let har = examples::content("aws-iam-role-space").expect("the example exists");
    let first = engine::run(&request(&["login.har"], &[]), &[har.as_bytes()], &[])
        .into_report()
        .expect("there are inputs");
    let before: Vec<Vec<(String, String)>> = first
        .messages
        .iter()
        .map(|message| {
            message
                .findings
                .iter()
                .map(|finding| (finding.id.to_string(), finding.title.clone()))
                .collect()
        })
        .collect();
    assert!(
        first.messages.iter().any(|message| message
            .signatures
            .iter()
            .any(|s| s.status.as_str() == "valid-unpinned")),
        "the example is signed"
    );
    assert!(
        first.messages.iter().any(|message| message
            .findings
            .iter()
            .any(|finding| finding.severity.label() == "error")),
        "the example fails before redaction"
    );
    for (format, name) in [
        (ExportFormat::Json, "report.json"),
        (ExportFormat::Markdown, "report.md"),
        (ExportFormat::Html, "report.html"),
        (ExportFormat::Har, "sanitized.har"),
    ] {
        let export = engine::export(
            &first,
            format,
            Policy::default(),
            b"salt",
            Some(har.as_bytes()),
        )
        .expect("an export");
        let again = engine::run(&request(&[name], &[]), &[export.as_bytes()], &[])
            .into_report()
            .expect("there are inputs");
        assert_eq!(again.messages.len(), first.messages.len(), "{name}");
        for (number, message) in again.messages.iter().enumerate() {
            for signature in &message.signatures {
                assert_eq!(
                    signature.status.as_str(),
                    "not-checked",
                    "{name}: {signature:?}"
                );
                assert!(
                    signature.reason.starts_with("redacted — not checked here"),
                    "{name}: {signature:?}"
                );
            }
            for finding in &message.findings {
                let text = format!("{} {} {}", finding.title, finding.detail, finding.fix);
                assert!(
                    !text.contains("does not verify") && !text.contains("Do not trust"),
                    "{name}: {finding:?}"
                );
                if finding.id.as_str().starts_with("core.sig") {
                    assert_ne!(finding.severity.label(), "error", "{name}: {finding:?}");
                }
            }
            if format == ExportFormat::Har {
                assert_eq!(message.read_back, None, "{name}");
                continue;
            }
            let read_back = message.read_back.as_ref().expect("read back from a report");
            assert!(read_back.redacted, "{name}");
            assert!(read_back.verdict().contains("redacted report"), "{name}");
            // The findings computed before redaction, ids and titles alike (the titles'
            // values are the same pseudonyms as in the export).
            let ids: Vec<&str> = message.findings.iter().map(|f| f.id.as_str()).collect();
            let before_ids: Vec<&str> = before[number].iter().map(|(id, _)| id.as_str()).collect();
            assert_eq!(ids, before_ids, "{name}: message {number}");
            let errors = |findings: &mut dyn Iterator<Item = (&str, &str)>| -> Vec<String> {
                findings
                    .filter(|(_, severity)| *severity == "error")
                    .map(|(id, _)| id.to_owned())
                    .collect()
            };
            assert_eq!(
                errors(
                    &mut message
                        .findings
                        .iter()
                        .map(|f| (f.id.as_str(), f.severity.label()))
                ),
                errors(
                    &mut first.messages[number]
                        .findings
                        .iter()
                        .map(|f| (f.id.as_str(), f.severity.label()))
                ),
                "{name}: the errors found before redaction are shown"
            );
        }
    }
}
