//! `saml-inspect` end to end: the contract of `../shared/CLI.md` (arguments, exit
//! status, JSON fields) on the built-in examples and on hostile input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_saml-inspect");
const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");

fn run(arguments: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(arguments)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("saml-inspect starts");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // The child may exit before reading everything (e.g. on a usage error).
        let _ = pipe.write_all(bytes);
    }
    child.wait_with_output().expect("saml-inspect finishes")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn example(name: &str) -> String {
    format!("{EXAMPLES}/{name}")
}

#[test]
fn har_to_json_follows_the_contract() {
    let output = run(&["--format", "json", &example("aws-login.har")], None);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    assert_eq!(report["schema"], "saml-inspector/report/v1");
    assert_eq!(report["reference_time"]["source"], "har");
    // CLI.md: the capture time of the last Response (the POST to AWS), exactly.
    assert_eq!(
        report["reference_time"]["value"],
        "2024-05-01T12:00:02.400Z"
    );

    let messages = report["messages"].as_array().expect("messages array");
    // One message, captured twice: its origin is the POST to AWS (entry 4), and the
    // IdP's auto-post page (entry 3) is where it was also captured.
    assert_eq!(messages.len(), 1, "one message, not one per capture");
    let post = &messages[0];
    assert_eq!(post["origin"]["binding"], "post");
    assert_eq!(post["origin"]["har_entry"], 4);
    let also = post["also_captured"]
        .as_array()
        .expect("also_captured array");
    assert_eq!(also.len(), 1);
    assert_eq!(also[0]["binding"], "html-form");
    assert_eq!(also[0]["har_entry"], 3);
    assert_eq!(also[0]["parameter"], "SAMLResponse");
    assert_eq!(also[0]["form_action"], "https://signin.aws.amazon.com/saml");

    assert_eq!(post["kind"], "Response");
    assert_eq!(post["origin"]["input"], 0);
    assert_eq!(post["origin"]["url"], "https://signin.aws.amazon.com/saml");
    assert_eq!(post["origin"]["parameter"], "SAMLResponse");
    assert_eq!(post["issuer"], "http://www.okta.com/exk1a2b3c4d5e6f7g8h9");
    assert_eq!(post["destination"], "https://signin.aws.amazon.com/saml");
    assert_eq!(post["subject"]["name_id"], "alice@example.com");
    assert_eq!(
        post["subject"]["format"],
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    );
    let attributes = post["attributes"].as_array().unwrap();
    let session = attributes
        .iter()
        .find(|a| a["name"] == "https://aws.amazon.com/SAML/Attributes/RoleSessionName")
        .expect("RoleSessionName attribute");
    assert_eq!(session["values"], serde_json::json!(["alice@example.com"]));
    let signature = &post["signatures"][0];
    assert_eq!(signature["target"], "Assertion");
    // No trusted key given: intact, but only against the message's own certificate.
    assert_eq!(signature["status"], "valid-unpinned");
    assert_eq!(post["assertion_signature"], "unpinned");
    assert!(post["findings"].is_array());
    // The whole flow is in the input report.
    assert_eq!(report["inputs"][0]["kind"], "har");
    assert_eq!(report["inputs"][0]["flow"].as_array().unwrap().len(), 6);
}

#[test]
fn base64_blob_from_stdin_keeps_values_exactly() {
    let blob = std::fs::read(example("aws-response-session-name.txt")).unwrap();
    let output = run(
        &["--format", "json", "--at", "2024-05-01T12:01:00Z", "-"],
        Some(&blob),
    );
    assert!(matches!(output.status.code(), Some(0 | 1)));
    let report = json(&output);
    assert_eq!(report["reference_time"]["source"], "user");
    let message = &report["messages"][0];
    assert_eq!(message["origin"]["binding"], "raw");
    assert_eq!(message["origin"]["har_entry"], serde_json::Value::Null);
    assert_eq!(message["origin"]["url"], serde_json::Value::Null);
    assert_eq!(message["subject"]["name_id"], "bob@example.com");
    let session = message["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "https://aws.amazon.com/SAML/Attributes/RoleSessionName")
        .unwrap();
    // The trailing space is the diagnosis: it must survive.
    assert_eq!(session["values"][0], "bob smith ");
}

#[test]
fn redirect_url_is_inflated() {
    let output = run(
        &["--format", "json", &example("identity-center-request.url")],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = json(&output);
    let message = &report["messages"][0];
    assert_eq!(message["kind"], "AuthnRequest");
    assert_eq!(message["origin"]["binding"], "redirect");
    assert_eq!(message["origin"]["parameter"], "SAMLRequest");
    assert_eq!(
        message["relay_state"],
        "https://eu-west-1.console.aws.amazon.com/"
    );
    assert_eq!(
        message["issuer"],
        "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9367123456"
    );
}

#[test]
fn name_id_is_the_whole_text_not_the_first_node() {
    let xml = br#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"><saml:Assertion ID="a1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"><saml:Issuer>https://idp.example.test</saml:Issuer><saml:Subject><saml:NameID>admin@evil.test<!-- cut -->.example.test<![CDATA[!]]></saml:NameID></saml:Subject></saml:Assertion></samlp:Response>"#;
    let output = run(&["--format", "json", "-"], Some(xml));
    let report = json(&output);
    assert_eq!(
        report["messages"][0]["subject"]["name_id"],
        "admin@evil.test.example.test!"
    );
}

#[test]
fn text_and_markdown_formats_render() {
    for format in ["text", "markdown"] {
        let output = run(&["--format", format, &example("aws-login.har")], None);
        assert_eq!(output.status.code(), Some(0));
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("alice@example.com"), "{format}: {text}");
        assert!(text.contains("Response"), "{format}");
    }
}

#[test]
fn several_inputs_make_one_report() {
    let output = run(
        &[
            "--format",
            "json",
            &example("aws-login.har"),
            &example("example-idp-certificate.pem"),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let report = json(&output);
    assert_eq!(report["inputs"].as_array().unwrap().len(), 2);
    assert_eq!(report["inputs"][1]["kind"], "certificate");
    assert_eq!(
        report["inputs"][1]["certificates"][0]["subject"],
        "CN=example-idp.okta.test, O=SAML Inspector Examples"
    );
}

/// A Redirect-binding URL whose SAMLRequest is a DEFLATE bomb: `<a>` and 1 GiB of
/// spaces, which DEFLATE packs into about 1 MiB. Built by compressing 1 MiB once and
/// repeating it (see [`deflate_bomb`]), so the test does not compress a gigabyte.
fn deflate_bomb_url() -> String {
    let value = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, deflate_bomb());
    let value = value
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    format!("https://idp.example.test/sso?SAMLRequest={value}&RelayState=x")
}

/// Raw DEFLATE of `<a>` followed by 1 GiB of spaces. A sync flush ends each chunk on a
/// byte boundary with the compressor's state unchanged, so once the window is full of
/// spaces every further MiB of spaces compresses to the same bytes, which are repeated.
fn deflate_bomb() -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress_to_output,
        create_comp_flags_from_zip_params,
    };
    const CHUNK: usize = 1 << 20;
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(9, -15, 0));
    let mut deflate = |input: &[u8], flush: TDEFLFlush| {
        let mut output = Vec::new();
        let (status, consumed) = compress_to_output(&mut compressor, input, flush, |bytes| {
            output.extend_from_slice(bytes);
            true
        });
        assert!(matches!(status, TDEFLStatus::Okay | TDEFLStatus::Done));
        assert_eq!(consumed, input.len());
        output
    };
    let spaces = vec![b' '; CHUNK];
    let mut bomb = deflate(b"<a>", TDEFLFlush::Sync);
    bomb.extend(deflate(&spaces, TDEFLFlush::Sync));
    let repeated = deflate(&spaces, TDEFLFlush::Sync);
    for _ in 1..1024 {
        bomb.extend_from_slice(&repeated);
    }
    bomb.extend(deflate(b"", TDEFLFlush::Finish));
    bomb
}

/// Hostile and broken inputs: a one-line reason and exit 2 when nothing can be
/// analysed, exit 1 with an error finding when a report can still be made; never a
/// panic.
#[test]
fn bad_input_is_refused_clearly() {
    let deep_json = format!("{{\"log\":{{\"entries\":{}}}}}", "[".repeat(1_000_000));
    let many_attributes = {
        let mut xml =
            String::from("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"");
        for index in 0..400_000 {
            xml.push_str(&format!(" a{index}=\"x\""));
        }
        xml.push_str("/>");
        xml
    };
    let billion_laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol2;</samlp:Response>"#;
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r>&xxe;</r>"#;
    // (case, input, exit status, text the reason or an error finding must contain)
    let cases: Vec<(&str, Vec<u8>, i32, Option<&str>)> = vec![
        ("empty", Vec::new(), 2, Some("empty")),
        ("whitespace", b"  \n\t ".to_vec(), 2, None),
        ("random bytes", (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect(), 2, None),
        ("invalid UTF-8", b"\xff\xfe\xfd not text \xc3\x28".to_vec(), 2, None),
        ("truncated base64", b"PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wi".to_vec(), 1, None),
        ("base64 of non-XML", b"SGVsbG8sIHRoaXMgaXMganVzdCBzb21lIHRleHQgYW5kIG5vdCBYTUwu".to_vec(), 2, None),
        ("nested JSON", deep_json.into_bytes(), 2, None),
        ("har with wrong types", br#"{"log":{"entries":"not an array"}}"#.to_vec(), 2, Some("not a valid HAR")),
        ("billion laughs", billion_laughs.as_bytes().to_vec(), 1, Some("DOCTYPE")),
        ("external entity", xxe.as_bytes().to_vec(), 1, Some("DOCTYPE")),
        ("400,000 attributes", many_attributes.into_bytes(), 1, Some("limit of 256 attributes")),
        ("DEFLATE bomb in a redirect URL", deflate_bomb_url().into_bytes(), 1, Some("inflated-size limit of 16777216 bytes")),
    ];
    for (name, bytes, expected, mention) in cases {
        let output = run(&["--format", "json", "-"], Some(&bytes));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(expected),
            "{name}: stderr {stderr}, stdout {}",
            String::from_utf8_lossy(&output.stdout)
        );
        if expected == 2 {
            assert_eq!(
                stderr.lines().count(),
                1,
                "{name}: one-line reason, got {stderr:?}"
            );
            assert!(stderr.starts_with("saml-inspect: "), "{name}: {stderr}");
            if let Some(mention) = mention {
                assert!(
                    stderr.contains(mention),
                    "{name}: {mention:?} in {stderr:?}"
                );
            }
        } else {
            let report = json(&output);
            let errors: Vec<String> = report["messages"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(report["inputs"].as_array().into_iter().flatten())
                .flat_map(|holder| holder["findings"].as_array().cloned().unwrap_or_default())
                .filter(|finding| finding["severity"] == "error")
                .map(|finding| format!("{}: {}", finding["title"], finding["detail"]))
                .collect();
            assert!(!errors.is_empty(), "{name}: expected an error finding");
            if let Some(mention) = mention {
                assert!(
                    errors.iter().any(|error| error.contains(mention)),
                    "{name}: {mention:?} in {errors:?}"
                );
            }
        }
    }
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    for arguments in [
        &[][..],
        &["--format", "yaml", "x"],
        &["/nonexistent/file.har"],
    ] {
        let output = run(arguments, None);
        assert_eq!(output.status.code(), Some(2), "{arguments:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{arguments:?}: {stderr:?}");
    }
}

/// CLI.md: no SAML message in any input is exit 2 with the reason on standard error, and
/// the report (a HAR's flow, with its advice) is still printed.
#[test]
fn no_saml_message_exits_2_and_still_prints_the_report() {
    let har = |entries: &str| {
        format!(
            r#"{{"log": {{"version": "1.2", "creator": {{"name": "t", "version": "1"}}, "entries": [{entries}]}}}}"#
        )
    };
    let entry = r#"{"startedDateTime": "2024-05-01T12:00:00.000Z", "time": 1, "request": {"method": "GET", "url": "https://app.example.test/", "httpVersion": "HTTP/1.1", "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0}, "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "headers": [], "cookies": [], "content": {"size": 0, "mimeType": "text/html"}, "redirectURL": "", "headersSize": -1, "bodySize": 0}, "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}}"#;
    for (entries, stderr_says, detail_says) in [
        ("", "the HAR has no requests", "The HAR has no requests"),
        (entry, "its one request carries none", "Its one request"),
        (
            &format!("{entry}, {entry}")[..],
            "none of its 2 requests",
            "None of the 2 requests",
        ),
    ] {
        for format in ["json", "text"] {
            let output = run(&["--format", format, "-"], Some(har(entries).as_bytes()));
            assert_eq!(output.status.code(), Some(2), "{entries:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
            assert!(
                stderr.contains("no SAML message found in standard input"),
                "{stderr:?}"
            );
            assert!(stderr.contains(stderr_says), "{stderr:?}");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(stdout.contains(detail_says), "{format}: {stdout}");
            assert!(!stdout.contains("None of the 0"), "{stdout}");
        }
    }
}

/// A forged message says so first: the wrapped-signature example's first finding is the
/// coverage error, and the text and Markdown reports open its message with it; a
/// message that only fails (a Role value with a space) does not.
#[test]
fn a_forged_message_says_so_first() {
    let at = "2024-05-01T12:00:03Z";
    let forged = run(
        &[
            "--at",
            at,
            "--format",
            "json",
            &example("wrapped-signature.txt"),
        ],
        None,
    );
    let report = json(&forged);
    assert_eq!(
        report["messages"][0]["findings"][0]["id"],
        "core.sig.coverage"
    );
    for format in ["text", "markdown"] {
        let output = run(
            &[
                "--at",
                at,
                "--format",
                format,
                &example("wrapped-signature.txt"),
            ],
            None,
        );
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("Forged or altered: do not trust"),
            "{format}"
        );
        let failing = run(
            &["--format", format, &example("aws-iam-role-space.har")],
            None,
        );
        assert!(
            !String::from_utf8_lossy(&failing.stdout).contains("Forged or altered"),
            "{format}"
        );
    }
}

/// A redacted report read back, in each format `saml-inspect` exports and reads:
/// signatures not checked, the findings computed before redaction (so the exit status
/// of the first analysis), and the text report says first that it is a redacted report.
#[test]
fn a_redacted_report_read_back_keeps_its_verdict() {
    let response = example("aws-response-session-name.txt");
    let at = "2024-05-01T12:00:03Z";
    let first = run(&["--format", "json", "--at", at, &response], None);
    let expected: Vec<(String, String)> = json(&first)["messages"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].to_string(), f["severity"].to_string()))
        .collect();
    for format in ["json", "markdown", "html"] {
        let export = run(
            &[
                "--redact", "--salt", "s", "--format", format, "--at", at, &response,
            ],
            None,
        );
        assert_eq!(export.status.code(), Some(1), "{format}");
        let again = run(&["--format", "json", "-"], Some(&export.stdout));
        assert_eq!(
            again.status.code(),
            Some(1),
            "{format}: the aws.session.name error stands"
        );
        let report = json(&again);
        let message = &report["messages"][0];
        assert_eq!(message["read_back"]["redacted"], true, "{format}");
        assert_eq!(message["read_back"]["format"], format, "{format}");
        assert_eq!(
            message["signatures"][0]["status"], "not-checked",
            "{format}"
        );
        let findings: Vec<(String, String)> = message["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["id"].to_string(), f["severity"].to_string()))
            .collect();
        assert_eq!(findings, expected, "{format}");
        let text = run(&["-"], Some(&export.stdout));
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains(&format!("Read back from a redacted report ({format})")),
            "{format}: {text}"
        );
    }
}

/// `--trust`: the example's own certificate makes the assertion `trusted`; another
/// certificate makes it `key-mismatch` (the rotated-certificate diagnosis), exit 1; the
/// same certificate pinned by fingerprint is `trusted` again.
#[test]
fn trust_decides_between_trusted_and_key_mismatch() {
    let response = example("aws-response-session-name.txt");
    let trusted = run(
        &[
            "--format",
            "json",
            "--trust",
            &example("example-idp-certificate.pem"),
            &response,
        ],
        None,
    );
    // Exit 1 even when trusted: the example's RoleSessionName "bob smith " is refused by
    // AWS (aws.session.name), which is the point of that example.
    assert_eq!(trusted.status.code(), Some(1));
    let report = json(&trusted);
    let message = &report["messages"][0];
    assert_eq!(message["assertion_signature"], "trusted");
    assert_eq!(message["signatures"][0]["status"], "valid");
    // Each shown value knows what covers it: only the Assertion is signed here.
    assert_eq!(message["subject"]["signed"], "trusted");
    assert!(
        message["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|attribute| attribute["signed"] == "trusted")
    );
    assert_eq!(message["message_signature"], "none");
    assert_eq!(report["trust"].as_array().unwrap().len(), 1);

    let other = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/certs/idp-rsa2048.pem"
    );
    let mismatch = run(&["--format", "json", "--trust", other, &response], None);
    assert_eq!(mismatch.status.code(), Some(1));
    let report = json(&mismatch);
    let message = &report["messages"][0];
    assert_eq!(message["assertion_signature"], "none");
    assert_eq!(message["signatures"][0]["status"], "key-mismatch");
    let finding = message["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["id"] == "core.cert.trust")
        .expect("a core.cert.trust finding");
    assert_eq!(finding["severity"], "error");
    // Both certificates are named, so the user can see the rotation.
    let detail = finding["detail"].as_str().unwrap();
    assert!(detail.contains("example-idp.okta.test"), "{detail}");
    assert!(detail.contains("idp-rsa2048.pem"), "{detail}");

    let fingerprint = std::env::temp_dir().join("saml-inspector-cli-fingerprint.txt");
    let pem = std::fs::read_to_string(example("example-idp-certificate.pem")).unwrap();
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    let certificate = saml_inspector::cert::parse_base64(&body).unwrap();
    std::fs::write(
        &fingerprint,
        format!("sha256 Fingerprint={}\n", certificate.sha256_fingerprint),
    )
    .unwrap();
    let pinned = run(
        &[
            "--format",
            "json",
            "--trust",
            fingerprint.to_str().unwrap(),
            &response,
        ],
        None,
    );
    assert_eq!(
        json(&pinned)["messages"][0]["assertion_signature"],
        "trusted"
    );

    let unusable = run(&["--trust", &response, &response], None);
    assert_eq!(unusable.status.code(), Some(2));
}

/// A Redirect-binding signature (`SigAlg` + `Signature` over the URL-encoded octets),
/// made here with openssl: `valid` with the signer's certificate trusted, `invalid` when
/// the URL was changed, and not checkable without a trusted key. RSA-SHA256, and
/// ECDSA-SHA256 on P-256 and ECDSA-SHA384 on P-384 in the DER layout `openssl dgst`
/// (like Java's signature API) writes.
#[test]
fn redirect_binding_signature_is_verified() {
    let rsa_sha256 = "http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256";
    let ecdsa_sha256 = "http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23ecdsa-sha256";
    let ecdsa_sha384 = "http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23ecdsa-sha384";
    for (label, new_key, sig_alg, digest) in [
        ("rsa", &["-newkey", "rsa:2048"][..], rsa_sha256, "-sha256"),
        (
            "p256",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"][..],
            ecdsa_sha256,
            "-sha256",
        ),
        (
            "p384",
            &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"][..],
            ecdsa_sha384,
            "-sha384",
        ),
    ] {
        redirect_signature_case(label, new_key, sig_alg, digest);
    }
}

fn redirect_signature_case(label: &str, new_key: &[&str], sig_alg: &str, digest: &str) {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("redirect-signature")
        .join(label);
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("key.pem");
    let certificate = dir.join("cert.pem");
    let made = Command::new("openssl")
        .args(["req", "-x509", "-nodes", "-days", "30"])
        .args(new_key)
        .args(["-subj", "/CN=sp.example.test"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&certificate)
        .output()
        .expect("openssl (scripts/setup.sh test installs it)");
    assert!(made.status.success(), "{label}: {made:?}");

    let url = std::fs::read_to_string(example("identity-center-request.url")).unwrap();
    let url = url.trim();
    let query = url.split_once('?').unwrap().1;
    let request = query
        .split('&')
        .find(|pair| pair.starts_with("SAMLRequest="))
        .unwrap();
    let octets = format!("{request}&RelayState=abc%2Fdef&SigAlg={sig_alg}");
    let octets_file = dir.join("octets");
    std::fs::write(&octets_file, &octets).unwrap();
    let signed = Command::new("openssl")
        .args(["dgst", digest, "-sign"])
        .arg(&key)
        .arg(&octets_file)
        .output()
        .unwrap();
    assert!(signed.status.success(), "{label}: {signed:?}");
    use base64::Engine as _;
    let signature = base64::engine::general_purpose::STANDARD.encode(&signed.stdout);
    let encoded: String = signature
        .bytes()
        .map(|byte| match byte {
            b'+' => "%2B".to_owned(),
            b'/' => "%2F".to_owned(),
            b'=' => "%3D".to_owned(),
            other => (other as char).to_string(),
        })
        .collect();
    let signed_url =
        format!("https://login.example-idp.test/saml/sso?{octets}&Signature={encoded}");
    let tampered_url = signed_url.replace("RelayState=abc", "RelayState=abd");

    let query_signature = |url: &str, trust: bool| {
        let mut arguments = vec!["--format", "json"];
        if trust {
            arguments.extend(["--trust", certificate.to_str().unwrap()]);
        }
        arguments.push("-");
        let report = json(&run(&arguments, Some(url.as_bytes())));
        report["messages"][0]["signatures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|signature| signature["target"] == "Query")
            .cloned()
            .expect("a Query signature")
    };
    let valid = query_signature(&signed_url, true);
    assert_eq!(valid["status"], "valid", "{label}: {valid}");
    let tampered = query_signature(&tampered_url, true);
    assert_eq!(tampered["status"], "invalid", "{label}");
    assert_eq!(tampered["failed_step"], "signature-value", "{label}");
    // No key given and none carried: neither valid nor invalid.
    let untrusted = query_signature(&signed_url, false);
    assert_eq!(untrusted["status"], "not-checked", "{label}: {untrusted}");
    assert_eq!(untrusted["failed_step"], serde_json::Value::Null, "{label}");
    assert!(
        untrusted["reason"]
            .as_str()
            .unwrap()
            .starts_with("not checked"),
        "{label}: {untrusted}"
    );
}

/// The report's verdict on hostile variants of a signed fixture, with the IdP trusted:
/// `assertion_signature` is `none` and a finding names the cause; the untouched
/// fixture is `trusted`, also when the IdP metadata (two signing keys) is the anchor.
#[test]
fn tampered_messages_are_never_trusted() {
    let fixture = |name: &str| {
        format!(
            "{}/tests/fixtures/signed/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let original = std::fs::read_to_string(fixture("response-assertion-signed.xml")).unwrap();
    let verdict = |xml: &str, trust: &str| {
        let output = run(
            &["--format", "json", "--trust", &fixture(trust), "-"],
            Some(xml.as_bytes()),
        );
        let report = json(&output);
        let message = report["messages"][0].clone();
        let findings: Vec<(String, String)> = message["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap().to_owned(),
                    f["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (
            message["assertion_signature"]
                .as_str()
                .unwrap_or("")
                .to_owned(),
            findings,
            output.status.code(),
        )
    };
    let has_error = |findings: &[(String, String)], id: &str| {
        findings
            .iter()
            .any(|(found, severity)| found == id && severity == "error")
    };

    let (signature, _, code) = verdict(&original, "idp.pem");
    assert_eq!((signature.as_str(), code), ("trusted", Some(0)));
    let (signature, _, _) = verdict(&original, "metadata-idp.xml");
    assert_eq!(signature, "trusted");

    // Comment injection: the signature still verifies (comments are not signed) over
    // the whole joined text, which is what is reported; core.nameid carries the danger
    // of a reader that sees only the first piece.
    let injected = original.replacen("alice@example.test<", "alice@example<!---->.test<", 1);
    assert_ne!(injected, original);
    let (signature, findings, _) = verdict(&injected, "idp.pem");
    assert_eq!(signature, "trusted");
    assert!(
        findings
            .iter()
            .any(|(id, severity)| id == "core.nameid" && severity == "warning"),
        "{findings:?}"
    );
    assert!(!has_error(&findings, "core.sig.valid"), "{findings:?}");
    // Text added next to the comment changes what was signed: the digest fails.
    let extended = original.replacen(
        "alice@example.test<",
        "alice@example.test<!---->.evil.test<",
        1,
    );
    let (signature, findings, _) = verdict(&extended, "idp.pem");
    assert_eq!(signature, "none");
    assert!(has_error(&findings, "core.sig.valid"), "{findings:?}");

    // A value changed after signing.
    let changed = original.replacen("alice@example.test<", "admin@example.test<", 1);
    let (signature, findings, code) = verdict(&changed, "idp.pem");
    assert_eq!((signature.as_str(), code), ("none", Some(1)));
    assert!(has_error(&findings, "core.sig.valid"), "{findings:?}");

    // XSW3: a forged, unsigned assertion placed before the signed one.
    let start = original.find("<saml:Assertion").unwrap();
    let end = original.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
    let forged = original[start..end]
        .replace("alice@example.test", "admin@example.test")
        .replacen(" ID=\"", " ID=\"forged-", 1);
    let forged = forged[..forged.find("<ds:Signature").unwrap()].to_owned()
        + &forged[forged.find("</ds:Signature>").unwrap() + "</ds:Signature>".len()..];
    let wrapped = format!("{}{forged}{}", &original[..start], &original[start..]);
    let (signature, findings, _) = verdict(&wrapped, "idp.pem");
    assert_eq!(signature, "none");
    assert!(has_error(&findings, "core.sig.coverage"), "{findings:?}");

    // Signed by another key than the trusted one.
    let (signature, findings, _) = verdict(&original, "idp-rotated.pem");
    assert_eq!(signature, "none");
    assert!(has_error(&findings, "core.cert.trust"), "{findings:?}");
}

/// Certificate and algorithm facts of intact signatures become findings, judged at the
/// reference time.
#[test]
fn signing_certificate_facts_are_judged() {
    let fixture = |name: &str| {
        format!(
            "{}/tests/fixtures/signed/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let severity_of = |message: &str, trust: &str, at: &str, id: &str| {
        let output = run(
            &[
                "--format",
                "json",
                "--at",
                at,
                "--trust",
                &fixture(trust),
                &fixture(message),
            ],
            None,
        );
        let report = json(&output);
        report["messages"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|finding| finding["id"] == id)
            .map(|finding| finding["severity"].as_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let at = "2026-03-01T12:00:00Z";
    // Addressed to IAM, which is not documented to check the dates: a warning.
    assert_eq!(
        severity_of(
            "response-expired-cert.xml",
            "idp-expired.pem",
            at,
            "core.cert.validity"
        ),
        "warning"
    );
    assert_eq!(
        severity_of(
            "response-assertion-signed.xml",
            "idp.pem",
            "2023-12-31T00:00:00Z",
            "core.cert.validity"
        ),
        "warning"
    );
    assert_eq!(
        severity_of(
            "response-assertion-signed.xml",
            "idp.pem",
            "2033-12-20T00:00:00Z",
            "core.cert.validity"
        ),
        "warning"
    );
    assert_eq!(
        severity_of(
            "response-assertion-signed.xml",
            "idp.pem",
            at,
            "core.cert.validity"
        ),
        "pass"
    );
    assert_eq!(
        severity_of(
            "response-rsa1024.xml",
            "idp-rsa1024.pem",
            at,
            "core.cert.keysize"
        ),
        "warning"
    );
    assert_eq!(
        severity_of("response-sha1.xml", "idp.pem", at, "core.sig.algorithm"),
        "warning"
    );
    assert_eq!(
        severity_of(
            "response-assertion-signed.xml",
            "idp.pem",
            at,
            "core.sig.algorithm"
        ),
        "pass"
    );
}

/// ECDSA-signed messages (xmlsec1, P-256/P-384/P-521) are trusted with their signer's
/// certificate, the report names the method and the EC key, and a P-256 certificate
/// does not vouch for a P-384 signature.
#[test]
fn ecdsa_signed_messages_are_verified_in_the_report() {
    let fixture = |name: &str| {
        format!(
            "{}/tests/fixtures/signed/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    for (message, signer, method, curve) in [
        (
            "response-ecdsa-p256.xml",
            "idp-ec256.pem",
            "ecdsa-sha256",
            "P-256",
        ),
        (
            "response-ecdsa-p384-both.xml",
            "idp-ec384.pem",
            "ecdsa-sha384",
            "P-384",
        ),
        (
            "response-ecdsa-p521.xml",
            "idp-ec521.pem",
            "ecdsa-sha512",
            "P-521",
        ),
    ] {
        let report = |trust: &str| {
            json(&run(
                &[
                    "--format",
                    "json",
                    "--at",
                    "2025-03-04T09:16:00Z",
                    "--trust",
                    &fixture(trust),
                    &fixture(message),
                ],
                None,
            ))
        };
        let trusted = report(signer);
        let found = &trusted["messages"][0];
        assert_eq!(
            found["assertion_signature"], "trusted",
            "{message}: {found}"
        );
        for signature in found["signatures"].as_array().unwrap() {
            assert_eq!(signature["status"], "valid", "{message}: {signature}");
            let uri = signature["signature_method"].as_str().unwrap();
            assert!(uri.ends_with(&format!("#{method}")), "{message}: {uri}");
            let key = signature["certificate"]["key"].to_string();
            assert!(key.contains(curve), "{message}: {key}");
        }

        let other = if signer == "idp-ec384.pem" {
            "idp-ec256.pem"
        } else {
            "idp-ec384.pem"
        };
        let mismatched = report(other);
        let found = &mismatched["messages"][0];
        assert_eq!(found["assertion_signature"], "none", "{message}: {found}");
        for signature in found["signatures"].as_array().unwrap() {
            assert_eq!(
                signature["status"], "key-mismatch",
                "{message}: {signature}"
            );
        }
    }
}

/// A redacted report holds no copy of a personal value with its spaces marked (the
/// RoleSessionName "bob smith " of the example): findings quote such values once, and
/// the redactor replaces the quoted value.
#[test]
fn redacted_findings_hold_no_marked_copy_of_a_personal_value() {
    for format in ["markdown", "json", "html", "text"] {
        let output = run(
            &[
                "--redact",
                "--salt",
                "s",
                "--format",
                format,
                "--at",
                "2024-05-01T12:00:03Z",
                &example("aws-response-session-name.txt"),
            ],
            None,
        );
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(!text.contains("bob"), "{format}: {text}");
        assert!(!text.contains("smith"), "{format}: {text}");
    }
}

/// The JSON report is compact unless `--pretty` is given, and carries the typed model
/// (`details`) only with `--details`; the layout changes nothing a reader parses, and
/// without `--details` every other field is the same.
#[test]
fn json_layout_and_details_are_chosen() {
    let response = example("aws-response-session-name.txt");
    let at = ["--format", "json", "--at", "2024-05-01T12:00:03Z"];
    let output = |extra: &[&str]| {
        let arguments: Vec<&str> = at
            .iter()
            .chain(extra)
            .copied()
            .chain([response.as_str()])
            .collect();
        let output = run(&arguments, None);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{extra:?}: the example's error"
        );
        output
    };
    let compact = output(&[]);
    let pretty = output(&["--pretty"]);
    let detailed = output(&["--details", "--pretty"]);
    // One line, and a final newline.
    let lines = |output: &Output| output.stdout.iter().filter(|&&byte| byte == b'\n').count();
    assert_eq!(lines(&compact), 1);
    assert!(lines(&pretty) > 100, "indented, one key per line");
    assert!(compact.stdout.len() < pretty.stdout.len());
    assert_eq!(json(&compact), json(&pretty));

    let mut detailed = json(&detailed);
    let message = detailed["messages"][0].as_object_mut().expect("a message");
    let details = message
        .remove("details")
        .expect("--details writes the model");
    assert_eq!(details["kind"], "Response", "the typed model: {details}");
    assert!(json(&compact)["messages"][0].get("details").is_none());
    // The XML stays in the report, so that it can be read back.
    assert!(
        json(&compact)["messages"][0]["xml"]
            .as_str()
            .is_some_and(|xml| xml.contains("RoleSessionName"))
    );
    assert_eq!(detailed, json(&compact));
}
