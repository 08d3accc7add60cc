//! The page's engine (`saml_inspector::engine`): the session and its commands, checked
//! natively. The commands go in as JSON and the answers are read back as the page reads
//! them ([`Session::handle_encoded`], `engine::decode`).

use saml_inspector::checks::Expectations;
use saml_inspector::engine::command::{Added, Context};
use saml_inspector::engine::view::{
    AttributeRow, Mark, MessageView, ROWS_PER_PAGE, RequestView, RoleRow, RowsPage,
};
use saml_inspector::engine::xml_view::XmlPage;
use saml_inspector::engine::{
    self, Command, ExportFormat, InputId, Mirror, PageView, Session, Wanted, examples,
};
use saml_inspector::input::RequestDetail;
use saml_inspector::redact::Policy;
use saml_inspector::report::{MessageReport, Report};
use saml_inspector::{Input, Options, Timestamp, load_trust};
use serde::de::DeserializeOwned;
use std::path::Path;

#[allow(dead_code)]
#[path = "../benches/support/generate.rs"]
mod generate;

fn fixture(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a valid timestamp")
}

const NOW: &str = "2024-05-01T12:01:00Z";

fn context() -> Context {
    Context {
        now_millis: at(NOW).unix_millis(),
        ..Context::default()
    }
}

/// The page's side: sends commands as JSON and reads each answer as its type.
struct Page {
    session: Session,
    generation: u32,
}

impl Page {
    fn new() -> Page {
        let mut page = Page {
            session: Session::new(),
            generation: 0,
        };
        page.send::<()>(&Command::SetContext { context: context() }, None);
        page
    }

    fn try_send<T: DeserializeOwned>(
        &mut self,
        command: &Command,
        bytes: Option<&[u8]>,
    ) -> Result<T, String> {
        let json = serde_json::to_string(command).expect("a command serializes");
        let answer = self
            .session
            .handle_encoded(&json, bytes.map(<[u8]>::to_vec), &mut |_| {})
            .map_err(|error| error.to_string())?;
        Ok(engine::decode(&answer)
            .unwrap_or_else(|error| panic!("the page reads the answer to {json}: {error}")))
    }

    fn send<T: DeserializeOwned>(&mut self, command: &Command, bytes: Option<&[u8]>) -> T {
        self.try_send(command, bytes)
            .unwrap_or_else(|error| panic!("{command:?}: {error}"))
    }

    fn add(&mut self, id: InputId, name: &str, bytes: &[u8]) -> Added {
        self.send(
            &Command::AddInput {
                id,
                name: name.to_owned(),
            },
            Some(bytes),
        )
    }

    fn add_example(&mut self, id: InputId, example: &str) -> Added {
        self.send(
            &Command::AddExample {
                id,
                example: example.to_owned(),
            },
            None,
        )
    }

    fn analyse(&mut self) -> PageView {
        self.generation += 1;
        self.send(
            &Command::Analyse {
                generation: self.generation,
                selected: None,
            },
            None,
        )
    }

    fn export(&mut self, format: ExportFormat) -> Result<String, String> {
        self.try_send(
            &Command::Export {
                generation: self.generation,
                format,
                policy: Policy::default(),
                salt: "salt".to_owned(),
            },
            None,
        )
    }

    fn report(&mut self) -> Report {
        self.session.report().expect("an analysis was made").clone()
    }

    fn message(&mut self, index: usize) -> MessageView {
        self.send(
            &Command::ShowMessage {
                generation: self.generation,
                index,
            },
            None,
        )
    }
}

/// The message of `view` shown first.
fn detail(view: &PageView) -> &MessageView {
    view.detail.as_ref().expect("a message is shown")
}

#[test]
fn the_view_judges_as_the_cli_does() {
    let response = fixture("tests/fixtures/aws/iam-global.xml");
    let idp = fixture("tests/fixtures/signed/idp.pem");
    let mut page = Page::new();
    page.add(1, "response.xml", &response);
    page.add(2, "idp.pem", &idp);
    page.send::<()>(&Command::SetTrust { trusted: vec![2] }, None);
    let view = page.analyse();

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
        at(NOW),
    );
    let direct = saml_inspector::report::build(&analysis);
    let rules = |message: &MessageReport| -> Vec<String> {
        message
            .findings
            .iter()
            .map(|finding| finding.id.as_str().to_owned())
            .collect()
    };
    let shown: Vec<String> = detail(&view)
        .findings
        .iter()
        .map(|finding| finding.rule.clone())
        .collect();
    assert_eq!(
        shown,
        rules(&direct.messages[0]),
        "the engine judges as the CLI does"
    );
    assert_eq!(
        page.report().messages[0].findings,
        direct.messages[0].findings
    );
    assert_eq!(
        view.inputs.len(),
        1,
        "the trusted key is not analysed as an input"
    );
    assert_eq!(view.inputs[0].id, 1);
    assert_eq!(view.trust.len(), 1);
    assert!(view.trust_errors.is_empty());
    assert_eq!(view.messages.len(), 1);
    assert_eq!(
        view.messages[0]
            .signature
            .as_ref()
            .map(|mark| mark.class.as_str()),
        Some("trusted")
    );
    let cards = &detail(&view).cards;
    for (what, shown) in [
        ("issuer", &cards.issuer),
        ("name id", &cards.name_id),
        ("audience", &cards.audience),
    ] {
        assert_eq!(
            shown.as_ref().and_then(|shown| shown.mark),
            Some(Mark::Signed),
            "{what}: covered by the trusted signature"
        );
    }
    // The XML view marks the lines the trusted signature covers.
    let xml: XmlPage = page.send(
        &Command::ShowXml {
            generation: page.generation,
            message: 0,
            original: false,
            query: "audience".to_owned(),
            from: 0,
        },
        None,
    );
    assert!(xml.parsed && xml.any_signed && xml.matches > 0);
    assert!(xml.lines.iter().any(|line| line.signed));
}

#[test]
fn trust_only_gives_keys_and_errors_but_no_messages() {
    let idp = fixture("tests/fixtures/signed/idp.pem");
    let mut page = Page::new();
    page.add(7, "idp.pem", &idp);
    page.add(8, "notes.txt", b"this is no certificate");
    page.send::<()>(
        &Command::SetTrust {
            trusted: vec![7, 8],
        },
        None,
    );
    let view = page.analyse();
    assert!(view.inputs.is_empty() && view.messages.is_empty() && view.detail.is_none());
    assert_eq!(view.trust.len(), 1);
    assert_eq!(view.trust_errors.len(), 1);
    assert_eq!(
        view.trust_errors[0].0, 8,
        "the error names the second input"
    );
    assert_eq!(
        page.export(ExportFormat::Markdown).map(|_| ()),
        Err("there is no message 1".to_owned()),
        "nothing to export"
    );
}

/// A big HAR is reduced when it is added (with progress), and says so.
#[test]
fn big_hars_are_reduced_on_arrival_with_progress() {
    let har = generate::har(3 << 20);
    let mut session = Session::new();
    let mut steps = Vec::new();
    let answer = session
        .handle(
            Command::AddInput {
                id: 1,
                name: "big.har".to_owned(),
            },
            Some(har.clone()),
            &mut |step| steps.push(step.bytes_scanned),
        )
        .expect("added");
    let engine::Answer::Added(added) = answer else {
        panic!("{answer:?}");
    };
    assert_eq!(added.reduced_from, Some(har.len()));
    assert!(added.bytes < har.len() / 2, "{added:?}");
    assert!(!steps.is_empty(), "progress was reported");
    assert!(
        session
            .input_bytes(1)
            .is_some_and(|kept| kept.len() == added.bytes)
    );
    let mut page = Page {
        session,
        generation: 0,
    };
    page.send::<()>(&Command::SetContext { context: context() }, None);
    let view = page.analyse();
    let note = &view.inputs[0].notes[0];
    assert!(
        note.contains("3.0 MB") && note.contains("reduced to"),
        "{note}"
    );
    assert_eq!(view.messages.len(), 1, "the reduced HAR analyses the same");
    // A small HAR is kept whole.
    let small = examples::content("aws-login-har").expect("the example exists");
    let added = page.add(2, "small.har", small.as_bytes());
    assert_eq!((added.bytes, added.reduced_from), (small.len(), None));
}

#[test]
fn every_example_analyses_and_exports_in_every_format() {
    for (number, example) in examples::EXAMPLES.iter().enumerate() {
        let mut page = Page::new();
        let added = page.add_example(number as InputId, example.id);
        assert_eq!(added.name, example.file_name);
        let view = page.analyse();
        assert!(
            view.inputs[0].error.is_none(),
            "{}: {:?}",
            example.id,
            view.inputs[0].error
        );
        assert!(!view.messages.is_empty(), "{}", example.id);
        let har = example.file_name.ends_with(".har");
        assert_eq!(view.has_har, har, "{}", example.id);
        for format in [
            ExportFormat::Markdown,
            ExportFormat::Json,
            ExportFormat::Html,
            ExportFormat::Har,
        ] {
            let result = page.export(format);
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
    assert_eq!(ExportFormat::parse("pdf"), None);
}

#[test]
fn exports_are_redacted_and_match_the_direct_redaction() {
    let mut page = Page::new();
    page.add_example(1, "aws-iam-role-space");
    page.analyse();
    let markdown = page
        .export(ExportFormat::Markdown)
        .expect("a Markdown export");
    let report = page.report();
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
    // An export names the analysis it is of: an older one is refused.
    page.generation -= 1;
    assert!(
        page.export(ExportFormat::Json)
            .is_err_and(|reason| reason.contains("try again"))
    );
}

/// Hostile commands are refused with a sentence, never a panic.
#[test]
fn hostile_commands_are_refused_with_a_sentence() {
    let mut session = Session::new();
    let cases: &[(&str, Option<&[u8]>, &str)] = &[
        ("", None, "malformed"),
        ("{", None, "malformed"),
        ("null", None, "malformed"),
        ("[]", None, "malformed"),
        ("\u{0}\u{ff}", None, "malformed"),
        (r#"{"command":"format-disk"}"#, None, "malformed"),
        (r#"{"command":"analyse"}"#, None, "malformed"),
        (
            r#"{"command":"add-input","id":1,"name":"x"}"#,
            None,
            "without its bytes",
        ),
        (
            r#"{"command":"add-input","id":-1,"name":"x"}"#,
            Some(b"x"),
            "malformed",
        ),
        (
            r#"{"command":"add-example","id":1,"example":"../../etc/passwd"}"#,
            None,
            "no example",
        ),
        (
            r#"{"command":"show-message","generation":9,"index":0}"#,
            None,
            "try again",
        ),
        (
            r#"{"command":"request-detail","input":4,"entry":0}"#,
            None,
            "no input 4",
        ),
        (
            r#"{"command":"export","generation":1,"format":"pdf","policy":{},"salt":""}"#,
            None,
            "malformed",
        ),
        (
            r#"{"command":"add-capture","input":1,"name":"live","generation":1}"#,
            Some(b"[1,2]"),
            "not a HAR entry",
        ),
    ];
    for (command, bytes, word) in cases {
        let error = session
            .handle_encoded(command, bytes.map(<[u8]>::to_vec), &mut |_| {})
            .expect_err("refused");
        assert!(
            error.to_string().contains(word),
            "{command:?}: {error} (wanted {word:?})"
        );
    }
    assert!(session.input_ids().is_empty(), "nothing was added");
}

#[test]
fn the_xml_view_comes_a_page_at_a_time_and_garbage_has_none() {
    let xml = String::from_utf8(fixture("tests/fixtures/aws/iam-global.xml")).expect("UTF-8");
    let lines = engine::pretty_lines(&xml).expect("the fixture parses");
    let mut page = Page::new();
    page.add(1, "response.xml", xml.as_bytes());
    page.analyse();
    let show = |page: &mut Page, original: bool, from: usize| -> XmlPage {
        page.send(
            &Command::ShowXml {
                generation: page.generation,
                message: 0,
                original,
                query: "AUDIENCE".to_owned(),
                from,
            },
            None,
        )
    };
    let indented = show(&mut page, false, 0);
    assert_eq!(indented.total, lines.len());
    let texts: Vec<String> = indented
        .lines
        .iter()
        .map(|line| {
            line.tokens
                .iter()
                .map(|token| token.text.as_str())
                .collect()
        })
        .collect();
    let direct: Vec<String> = lines
        .iter()
        .map(|line| {
            line.tokens
                .iter()
                .map(|token| token.text.as_str())
                .collect()
        })
        .collect();
    assert_eq!(texts, direct);
    assert_eq!(
        indented.matches,
        direct
            .iter()
            .filter(|text| text.to_lowercase().contains("audience"))
            .count()
    );
    let original = show(&mut page, true, 0);
    let joined: String = original
        .original
        .iter()
        .map(|piece| piece.text.as_str())
        .collect();
    assert_eq!(joined, xml, "the original bytes, exactly");
    assert!(original.original.iter().any(|piece| piece.matched));
    for garbage in ["", "<a>", "not xml", "<!DOCTYPE x><x/>"] {
        assert_eq!(engine::pretty_lines(garbage), None, "{garbage:?}");
    }
}

/// Exports read back are judged at the capture time they carry.
#[test]
fn an_export_read_back_is_judged_at_its_capture_time_not_today() {
    for (format, name) in [
        (ExportFormat::Json, "report.json"),
        (ExportFormat::Markdown, "report.md"),
        (ExportFormat::Html, "report.html"),
    ] {
        let mut page = Page::new();
        page.add_example(1, "aws-iam-role-space");
        page.analyse();
        let first = page.report();
        let export = page.export(format).expect("an export");
        // Read back years later.
        let mut later = Page::new();
        later.send::<()>(
            &Command::SetContext {
                context: Context {
                    now_millis: at("2031-01-01T00:00:00Z").unix_millis(),
                    ..context()
                },
            },
            None,
        );
        later.add(1, name, export.as_bytes());
        let view = later.analyse();
        assert!(view.inputs[0].summary.starts_with("SAML Inspector report"));
        let again = later.report();
        assert_eq!(again.messages.len(), first.messages.len());
        let window = |message: &MessageReport| {
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
}

/// A redacted report read back is not a forgery, in every export format the page makes:
/// its signatures are `not-checked`, never "invalid"; its findings are those computed
/// before redaction; the verdict says it is a redacted report first, and its values are
/// marked "signature not checked", not "unsigned".
#[test]
fn a_redacted_report_read_back_is_not_a_forgery() {
    let mut page = Page::new();
    page.add_example(1, "aws-iam-role-space");
    let view = page.analyse();
    let first = page.report();
    assert!(
        first.messages.iter().any(|message| message
            .signatures
            .iter()
            .any(|s| s.status.as_str() == "valid-unpinned")),
        "the example is signed"
    );
    let before: Vec<Vec<String>> = first
        .messages
        .iter()
        .map(|message| {
            message
                .findings
                .iter()
                .map(|finding| finding.id.to_string())
                .collect()
        })
        .collect();
    assert!(
        view.messages
            .iter()
            .any(|message| message.worst.label() == "error")
    );
    for (format, name) in [
        (ExportFormat::Json, "report.json"),
        (ExportFormat::Markdown, "report.md"),
        (ExportFormat::Html, "report.html"),
        (ExportFormat::Har, "sanitized.har"),
    ] {
        let export = page.export(format).expect("an export");
        let mut again = Page::new();
        again.add(1, name, export.as_bytes());
        let view = again.analyse();
        let report = again.report();
        assert_eq!(report.messages.len(), first.messages.len(), "{name}");
        for (number, message) in report.messages.iter().enumerate() {
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
            let shown = again.message(number);
            assert!(
                !shown.verdict.headline.starts_with("Forged"),
                "{name}: {:?}",
                shown.verdict
            );
            if !message.signatures.is_empty() {
                assert!(
                    shown
                        .verdict
                        .next
                        .starts_with("Signatures not checked here."),
                    "{name}: {:?}",
                    shown.verdict
                );
                assert_eq!(
                    shown.cards.issuer.as_ref().and_then(|issuer| issuer.mark),
                    Some(Mark::NotChecked),
                    "{name}"
                );
            }
            if format == ExportFormat::Har {
                assert_eq!(message.read_back, None, "{name}");
                continue;
            }
            assert!(
                shown.verdict.headline.starts_with("Redacted report — "),
                "{name}: {:?}",
                shown.verdict
            );
            let ids: Vec<String> = message.findings.iter().map(|f| f.id.to_string()).collect();
            assert_eq!(ids, before[number], "{name}: message {number}");
        }
        assert!(view.messages.iter().all(|message| {
            message
                .signature
                .as_ref()
                .is_none_or(|mark| mark.text != "bad signature")
        }));
    }
}

/// The wrapped-signature example: the headline says forged first, and the values the
/// page shows are marked as read from outside the signature.
#[test]
fn a_wrapped_signature_is_forged_first_and_its_values_outside_the_signature() {
    let mut page = Page::new();
    page.add_example(1, "wrapped-signature");
    let view = page.analyse();
    let shown = detail(&view);
    assert_eq!(
        shown.verdict.headline,
        "Forged or altered: do not trust this message"
    );
    assert!(
        shown.verdict.next.starts_with("First: "),
        "{:?}",
        shown.verdict
    );
    let name_id = shown.cards.name_id.as_ref().expect("a NameID");
    assert_eq!(name_id.mark, Some(Mark::Outside), "{name_id:?}");
    assert!(
        shown
            .attributes
            .rows
            .iter()
            .all(|row| row.mark == Mark::Outside),
        "{:?}",
        shown.attributes
    );
}

/// Signed by a trusted key, by the message's own key, or not at all: each value says.
#[test]
fn values_are_marked_by_what_covers_them() {
    let certificate = fixture("examples/example-idp-certificate.pem");
    let response = examples::content("aws-response-session-name").expect("the example");
    let marks = |trusted: bool| -> (Option<Mark>, Vec<Mark>) {
        let mut page = Page::new();
        page.add(1, "response.txt", response.as_bytes());
        if trusted {
            page.add(2, "idp.pem", &certificate);
            page.send::<()>(&Command::SetTrust { trusted: vec![2] }, None);
        }
        let view = page.analyse();
        let shown = detail(&view);
        (
            shown
                .cards
                .name_id
                .as_ref()
                .and_then(|name_id| name_id.mark),
            shown.attributes.rows.iter().map(|row| row.mark).collect(),
        )
    };
    let (name_id, attributes) = marks(true);
    assert_eq!(name_id, Some(Mark::Signed));
    assert!(!attributes.is_empty() && attributes.iter().all(|mark| *mark == Mark::Signed));
    let (name_id, attributes) = marks(false);
    assert_eq!(name_id, Some(Mark::Unpinned));
    assert!(attributes.iter().all(|mark| *mark == Mark::Unpinned));

    let unsigned = saml_inspector::testing::ResponseSpec::default().xml();
    let mut page = Page::new();
    page.add(1, "unsigned.xml", unsigned.as_bytes());
    let view = page.analyse();
    let shown = detail(&view);
    assert_eq!(
        shown.cards.issuer.as_ref().and_then(|issuer| issuer.mark),
        Some(Mark::Unsigned)
    );
    assert!(
        shown
            .attributes
            .rows
            .iter()
            .all(|row| row.mark == Mark::Unsigned)
    );
}

/// Role values come split by the `aws` module: account, partition, role, provider.
#[test]
fn roles_come_split() {
    let role = "arn:aws-us-gov:iam::111122223333:role/path/Admin,arn:aws-us-gov:iam::111122223333:saml-provider/Okta";
    let spec = saml_inspector::testing::ResponseSpec::default()
        .without_attribute(saml_inspector::aws::attributes::ROLE)
        .with_attribute(saml_inspector::testing::AttributeSpec::new(
            saml_inspector::aws::attributes::ROLE,
            &[
                role,
                "garbage",
                " arn:aws:iam::444455556666:role/X,arn:aws:iam::444455556666:saml-provider/Y",
            ],
        ));
    let mut page = Page::new();
    page.add(1, "response.xml", spec.xml().as_bytes());
    let view = page.analyse();
    let roles = &detail(&view).cards.roles;
    assert_eq!(roles.total, 3);
    let split = |row: &RoleRow| {
        (
            row.account.clone(),
            row.partition.clone(),
            row.role.clone(),
            row.provider.clone(),
            row.not_pair,
            row.extra_text,
        )
    };
    let some = |text: &str| Some(text.to_owned());
    assert_eq!(
        split(&roles.rows[0]),
        (
            some("111122223333"),
            some("aws-us-gov"),
            some("path/Admin"),
            some("Okta"),
            false,
            false
        )
    );
    assert_eq!(split(&roles.rows[1]), (None, None, None, None, true, false));
    assert_eq!(
        split(&roles.rows[2]),
        (
            some("444455556666"),
            some("aws"),
            some("X"),
            some("Y"),
            false,
            false
        )
    );
    assert_eq!(
        roles.rows[2].raw,
        " arn:aws:iam::444455556666:role/X,arn:aws:iam::444455556666:saml-provider/Y"
    );
}

/// Long lists come a page at a time, and the pages together are the whole list.
#[test]
fn long_lists_come_a_page_at_a_time() {
    let total = ROWS_PER_PAGE * 2 + 37;
    let mut spec = saml_inspector::testing::ResponseSpec::default()
        .without_attribute(saml_inspector::aws::attributes::ROLE);
    let roles: Vec<String> = (0..total)
        .map(|n| {
            format!("arn:aws:iam::111122223333:role/R{n},arn:aws:iam::111122223333:saml-provider/P")
        })
        .collect();
    let role_refs: Vec<&str> = roles.iter().map(String::as_str).collect();
    spec = spec.with_attribute(saml_inspector::testing::AttributeSpec::new(
        saml_inspector::aws::attributes::ROLE,
        &role_refs,
    ));
    for n in 0..total {
        spec = spec.with_attribute(saml_inspector::testing::AttributeSpec::new(
            &format!("urn:example:attribute:{n}"),
            &["value"],
        ));
    }
    let mut page = Page::new();
    page.add(1, "big.xml", spec.xml().as_bytes());
    let view = page.analyse();
    let shown = detail(&view);
    assert_eq!(shown.attributes.rows.len(), ROWS_PER_PAGE);
    let attributes_total = shown.attributes.total;
    assert!(attributes_total > total);
    let mut names = Vec::new();
    let mut from = 0;
    while from < attributes_total {
        let rows: RowsPage<AttributeRow> = page.send(
            &Command::Attributes {
                generation: page.generation,
                message: 0,
                from,
            },
            None,
        );
        assert_eq!(rows.from, from);
        assert!(rows.rows.len() <= ROWS_PER_PAGE && !rows.rows.is_empty());
        names.extend(rows.rows.iter().map(|row| row.name.clone()));
        from += rows.rows.len();
    }
    assert_eq!(names.len(), attributes_total);
    let role_row = names
        .iter()
        .position(|name| name == saml_inspector::aws::attributes::ROLE)
        .expect("the Role attribute is listed");
    let rows: RowsPage<AttributeRow> = page.send(
        &Command::Attributes {
            generation: page.generation,
            message: 0,
            from: role_row,
        },
        None,
    );
    assert_eq!(rows.rows[0].value_count, total);
    assert_eq!(rows.rows[0].values.len(), engine::view::VALUES_PER_ROW);
    assert_eq!(
        rows.rows[0].more_values,
        total - engine::view::VALUES_PER_ROW
    );
    let last: RowsPage<RoleRow> = page.send(
        &Command::Roles {
            generation: page.generation,
            message: 0,
            from: ROWS_PER_PAGE * 2,
        },
        None,
    );
    assert_eq!((last.total, last.rows.len()), (total, 37));
    // The export's preview is its start, cut; the export is all of it.
    let preview: engine::command::Preview = page.send(
        &Command::Preview {
            generation: page.generation,
            policy: Policy::default(),
            salt: "salt".to_owned(),
        },
        None,
    );
    let whole = page.export(ExportFormat::Markdown).expect("an export");
    assert_eq!(preview.total, whole.len());
    assert!(whole.len() > engine::command::PREVIEW_BYTES);
    assert!(preview.text.len() <= engine::command::PREVIEW_BYTES);
    assert!(whole.starts_with(&preview.text) && preview.text.len() > 1000);
    assert_eq!(
        last.rows[36].role.as_deref(),
        Some(format!("R{}", total - 1).as_str())
    );
}

/// The HAR entries of the clean sign-in example, each as JSON.
fn example_entries() -> (serde_json::Value, Vec<String>) {
    let har: serde_json::Value =
        serde_json::from_str(examples::content("aws-login-har").expect("the example"))
            .expect("the example is JSON");
    let entries = har["log"]["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|entry| entry.to_string())
        .collect();
    (har, entries)
}

/// A captured request appended to a flow is analysed with it, as if it had been in the
/// HAR; a flow can also be started by captures alone. What is not a HAR entry is refused
/// and leaves the flow as it was.
#[test]
fn captured_requests_join_the_flow_one_at_a_time() {
    let (har, entries) = example_entries();
    let saml = entries
        .iter()
        .position(|entry| entry.contains("SAMLResponse"))
        .expect("the example posts a SAMLResponse");
    // The HAR without the requests from the SAML one on.
    let mut before = har.clone();
    before["log"]["entries"] = serde_json::Value::Array(
        har["log"]["entries"].as_array().expect("entries")[..saml].to_vec(),
    );
    let whole = {
        let mut page = Page::new();
        page.add(1, "whole.har", har.to_string().as_bytes());
        page.analyse()
    };

    let cases: &[(&str, Option<&str>)] = &[
        ("appended to a HAR", Some("before")),
        ("a new flow from captures alone", None),
    ];
    for (case, start) in cases {
        let mut page = Page::new();
        if start.is_some() {
            page.add(1, "live.har", before.to_string().as_bytes());
            let view = page.analyse();
            assert!(view.messages.is_empty(), "{case}: no message yet");
        }
        let first = if start.is_some() { saml } else { 0 };
        let mut view = None;
        for entry in &entries[first..] {
            page.generation += 1;
            view = Some(page.send::<PageView>(
                &Command::AddCapture {
                    input: 1,
                    name: "live.har".to_owned(),
                    generation: page.generation,
                },
                Some(entry.as_bytes()),
            ));
        }
        let view = view.expect("captures were added");
        assert_eq!(view.inputs.len(), 1, "{case}: one flow");
        assert_eq!(view.inputs[0].flow.len(), entries.len(), "{case}");
        assert_eq!(
            view.messages, whole.messages,
            "{case}: as if captured in the HAR"
        );
        assert_eq!(
            detail(&view).findings,
            detail(&whole).findings,
            "{case}: judged the same"
        );
        // Not an entry: refused, and the flow is as it was.
        let held = page.session.input_bytes(1).expect("held").to_vec();
        for refused in [&b"not json"[..], b"[]", b"\"GET /\""] {
            let error = page
                .try_send::<PageView>(
                    &Command::AddCapture {
                        input: 1,
                        name: "live.har".to_owned(),
                        generation: page.generation + 1,
                    },
                    Some(refused),
                )
                .expect_err("refused");
            assert!(error.contains("captured request"), "{case}: {error}");
            assert_eq!(page.session.input_bytes(1), Some(&held[..]), "{case}");
        }
    }
    // A capture cannot join an input that is not a HAR.
    let mut page = Page::new();
    page.add(
        1,
        "response.xml",
        &fixture("tests/fixtures/aws/iam-global.xml"),
    );
    let error = page
        .try_send::<PageView>(
            &Command::AddCapture {
                input: 1,
                name: "x".to_owned(),
                generation: 1,
            },
            Some(entries[0].as_bytes()),
        )
        .expect_err("refused");
    assert!(error.contains("HAR flow"), "{error}");
}

/// A flow row opens to its request's details, its SAML field linked to the message.
#[test]
fn request_details_link_their_saml_to_the_message() {
    let mut page = Page::new();
    page.add_example(3, "aws-login-har");
    let view = page.analyse();
    let row = view.inputs[0]
        .flow
        .iter()
        .find(|row| row.saml.iter().any(|name| name == "SAMLResponse") && row.method == "POST")
        .expect("the hand-off");
    let shown: RequestView = page.send(
        &Command::RequestDetail {
            input: 3,
            entry: row.entry,
        },
        None,
    );
    assert_eq!((shown.entry, shown.number), (row.entry, row.number));
    assert_eq!(shown.method, "POST");
    let keys: Vec<&str> = shown
        .sections
        .iter()
        .map(|section| section.key.as_str())
        .collect();
    assert!(
        keys.contains(&"request-headers") && keys.contains(&"form-fields"),
        "{keys:?}"
    );
    let form = shown
        .sections
        .iter()
        .find(|section| section.key == "form-fields")
        .expect("form fields");
    assert!(form.rows.iter().any(|(name, _)| name == "SAMLResponse"));
    assert_eq!(
        shown
            .saml
            .iter()
            .map(|link| link.message)
            .collect::<Vec<_>>(),
        row.messages
            .iter()
            .map(|(index, _)| Some(*index))
            .collect::<Vec<_>>(),
        "each SAML parameter links to its message"
    );
    let detail: RequestDetail = page
        .session
        .request_detail(3, row.entry)
        .expect("the details");
    assert_eq!(detail.index, row.entry);
    assert_eq!(detail.method, "POST");
    let linked: Vec<Option<usize>> = detail.saml.iter().map(|field| field.message).collect();
    assert_eq!(
        linked,
        row.messages
            .iter()
            .map(|(index, _)| Some(*index))
            .collect::<Vec<_>>()
    );
}

/// Re-analysing after a change of context or trust sends no input bytes: the commands
/// the page makes for it ([`Mirror::commands`]) carry none, none of their JSON holds
/// the input, and the session still analyses with the change.
#[test]
fn a_change_of_context_sends_no_input_bytes() {
    const CANARY: &str = "canary-7c1d2e";
    let xml = saml_inspector::testing::ResponseSpec::default()
        .xml()
        .replacen(
            "</saml:Issuer>",
            &format!("</saml:Issuer><!-- {CANARY} -->"),
            1,
        );
    assert!(xml.contains(CANARY));
    let certificate = fixture("examples/example-idp-certificate.pem");
    let mut session = Session::new();
    let mut mirror = Mirror::new();
    let mut sent: Vec<(Command, Option<Vec<u8>>)> = Vec::new();
    let mut answers = Vec::new();
    let bytes_of = |id: InputId| -> Vec<u8> {
        match id {
            1 => xml.clone().into_bytes(),
            _ => certificate.clone(),
        }
    };
    let mut step = |mirror: &mut Mirror,
                    inputs: &[(InputId, &str)],
                    trusted: &[InputId],
                    context: &Context,
                    generation: u32,
                    sent: &mut Vec<(Command, Option<Vec<u8>>)>| {
        let first = sent.len();
        for command in mirror.commands(
            &Wanted {
                inputs,
                trusted,
                context,
            },
            generation,
            None,
        ) {
            let bytes = match &command {
                Command::AddInput { id, .. } => Some(bytes_of(*id)),
                _ => None,
            };
            assert_eq!(bytes.is_some(), command.takes_bytes());
            let answer = session
                .handle(command.clone(), bytes.clone(), &mut |_| {})
                .expect("carried out");
            answers.push(answer);
            sent.push((command, bytes));
        }
        first
    };
    let mut context = context();
    step(
        &mut mirror,
        &[(1, "response.xml")],
        &[],
        &context,
        1,
        &mut sent,
    );
    assert!(
        matches!(&sent[0], (Command::AddInput { id: 1, .. }, Some(bytes)) if bytes == xml.as_bytes()),
        "the input's bytes travel once, with its add-input"
    );
    // The expected user changes; then a trusted key is added; then the time.
    context.expect = Expectations {
        username: Some("jdoe".to_owned()),
        ..Expectations::default()
    };
    let after_first = step(
        &mut mirror,
        &[(1, "response.xml")],
        &[],
        &context,
        2,
        &mut sent,
    );
    step(
        &mut mirror,
        &[(1, "response.xml"), (2, "idp.pem")],
        &[2],
        &context,
        3,
        &mut sent,
    );
    context.reference_time = Some("2024-05-01T12:00:30Z".to_owned());
    step(
        &mut mirror,
        &[(1, "response.xml"), (2, "idp.pem")],
        &[2],
        &context,
        4,
        &mut sent,
    );
    for (command, bytes) in &sent[after_first..] {
        let json = serde_json::to_string(command).expect("serializes");
        assert!(!json.contains(CANARY), "{json}");
        match command {
            Command::AddInput { id: 2, .. } => {
                assert_eq!(
                    bytes.as_deref(),
                    Some(&certificate[..]),
                    "only the new key's bytes"
                )
            }
            _ => assert!(bytes.is_none() && !command.takes_bytes(), "{command:?}"),
        }
        assert!(
            !matches!(command, Command::AddInput { id: 1, .. }),
            "the input is not sent again"
        );
    }
    // And the analyses took the changes in.
    let views: Vec<&PageView> = answers
        .iter()
        .filter_map(|answer| match answer {
            engine::Answer::View(view) => Some(view.as_ref()),
            _ => None,
        })
        .collect();
    assert_eq!(views.len(), 4);
    assert_eq!(views[2].trust.len(), 1, "the trusted key was read");
    let reference = |view: &PageView| {
        detail(view)
            .cards
            .time
            .as_ref()
            .map(|time| time.reference.clone())
    };
    assert_eq!(reference(views[3]), Some("2024-05-01T12:00:30Z".to_owned()));
    assert_eq!(
        session.context().expect.username.as_deref(),
        Some("jdoe"),
        "the session holds the context"
    );
    // A fresh engine (after a crash or a cancel) gets everything again.
    mirror.reset();
    let commands = mirror.commands(
        &Wanted {
            inputs: &[(1, "response.xml"), (2, "idp.pem")],
            trusted: &[2],
            context: &context,
        },
        5,
        None,
    );
    assert_eq!(
        commands
            .iter()
            .filter(|command| command.takes_bytes())
            .count(),
        2
    );
}

/// The SP's entity ID and ACS URL the user types reach the checks through the
/// set-context command: a wrong one gives the audience and destination findings.
#[test]
fn the_sp_entity_id_and_acs_url_the_user_knows_are_checked() {
    let severity = |page: &mut Page, id: &str| {
        page.report().messages[0]
            .findings
            .iter()
            .find(|finding| finding.id.as_str() == id)
            .map(|finding| finding.severity)
    };
    let mut page = Page::new();
    page.add_example(1, "aws-response-session-name");
    page.analyse();
    let error = Some(saml_inspector::checks::Severity::Error);
    assert_ne!(severity(&mut page, "core.audience"), error);
    assert_ne!(severity(&mut page, "core.destination"), error);

    let mut expect = Expectations::default();
    expect
        .set("audience", "https://sp.example.com/saml")
        .expect("any audience is accepted");
    expect
        .set("acs", "https://sp.example.com/saml/acs")
        .expect("any ACS URL is accepted");
    page.send::<()>(
        &Command::SetContext {
            context: Context {
                expect,
                ..context()
            },
        },
        None,
    );
    let view = page.analyse();
    assert_eq!(severity(&mut page, "core.audience"), error);
    assert_eq!(severity(&mut page, "core.destination"), error);
    let shown: Vec<&str> = detail(&view)
        .findings
        .iter()
        .map(|finding| finding.rule.as_str())
        .collect();
    assert!(shown.contains(&"core.audience"), "{shown:?}");
    assert!(shown.contains(&"core.destination"), "{shown:?}");
}

/// An old pasted message is out of its time window by today's clock; judged at its own
/// IssueInstant it is inside it, and the view says what it was judged at.
#[test]
fn an_old_message_judged_at_its_issue_instant_is_inside_its_window() {
    let window = |page: &mut Page| {
        page.report().messages[0]
            .findings
            .iter()
            .find(|finding| finding.id.as_str() == "core.time.window")
            .map(|finding| finding.severity)
    };
    // Judged at a time the user chose (by the clock alone a time window is only a
    // warning: the clock says nothing about when the sign-in happened).
    let years_later = Context {
        now_millis: at("2031-01-01T00:00:00Z").unix_millis(),
        reference_time: Some("2031-01-01T00:00:00Z".to_owned()),
        ..context()
    };
    let mut page = Page::new();
    page.send::<()>(
        &Command::SetContext {
            context: years_later.clone(),
        },
        None,
    );
    page.add_example(1, "aws-response-session-name");
    page.analyse();
    assert_eq!(
        window(&mut page),
        Some(saml_inspector::checks::Severity::Error)
    );

    // The explicit time is overridden too: the choice is the user's latest word.
    page.send::<()>(
        &Command::SetContext {
            context: Context {
                at_issue_instant: true,
                ..years_later
            },
        },
        None,
    );
    page.analyse();
    assert_eq!(
        window(&mut page),
        Some(saml_inspector::checks::Severity::Pass)
    );
    let report = page.report();
    assert_eq!(
        report.messages[0].reference_time,
        saml_inspector::checks::ReferenceTime {
            value: at("2024-05-01T12:00:02Z"),
            source: saml_inspector::checks::TimeSource::IssueInstant,
        }
    );
}

/// The page's set-context JSON without the IssueInstant choice (an older page) is still
/// read, with the choice off.
#[test]
fn a_context_without_the_issue_instant_choice_reads_as_off() {
    let mut json = serde_json::to_value(Command::SetContext { context: context() })
        .expect("a command serializes");
    let removed = json["context"]
        .as_object_mut()
        .and_then(|context| context.remove("at_issue_instant"));
    assert_eq!(removed, Some(serde_json::Value::Bool(false)));
    let command: Command = serde_json::from_value(json).expect("an older set-context reads");
    match command {
        Command::SetContext { context } => assert!(!context.at_issue_instant),
        other => panic!("{other:?}"),
    }
}

/// The page sends the reference time as typed: the engine reads it, and a text it cannot
/// read is reported in the view while the analyses keep the time read before.
#[test]
fn a_reference_time_that_cannot_be_read_is_reported_and_the_last_one_kept() {
    let typed = |text: &str| Command::SetContext {
        context: Context {
            reference_time: Some(text.to_owned()),
            ..context()
        },
    };
    let judged_at = |page: &mut Page| page.report().messages[0].reference_time;
    let mut page = Page::new();
    page.add_example(1, "aws-response-session-name");

    page.send::<()>(&typed("2030-01-01 08:30"), None);
    let view = page.analyse();
    assert_eq!(view.reference_time_error, None);
    let chosen = saml_inspector::checks::ReferenceTime {
        value: at("2030-01-01T08:30:00Z"),
        source: saml_inspector::checks::TimeSource::User,
    };
    assert_eq!(judged_at(&mut page), chosen);

    page.send::<()>(&typed("next tuesday"), None);
    let view = page.analyse();
    assert_eq!(
        view.reference_time_error.as_deref(),
        Some("\"next tuesday\" is not a time like 2024-05-01T12:00:00Z")
    );
    assert_eq!(judged_at(&mut page), chosen, "the time read before stays");

    // Cleared: automatic again (the page's clock), and no error.
    page.send::<()>(&typed(" "), None);
    let view = page.analyse();
    assert_eq!(view.reference_time_error, None);
    assert_eq!(
        judged_at(&mut page).source,
        saml_inspector::checks::TimeSource::Clock
    );
}
