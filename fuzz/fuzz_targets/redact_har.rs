//! Redaction fails closed: arbitrary bytes around a canary, placed in a SAML parameter
//! of a HAR entry, never leave the canary readable in the sanitized HAR or in any
//! export of the redacted report (Markdown, JSON, HTML, text).
//!
//! The first byte chooses where the parameter goes (a POST form body, a Redirect query,
//! an HTML auto-post form, Chrome's `postData.params`) and how the payload is encoded
//! (base64 as the POST binding does, DEFLATE and base64 as the Redirect binding does,
//! or as it is, so the fuzzer writes the encoded text itself); the second byte where in
//! the rest the canary goes. "Readable" is: in clear in any letter case, percent-encoded,
//! in base64 at any alignment, or inside what percent, base64 and DEFLATE decoding of
//! the output give.
//!
//! The canary holds a Cyrillic letter, so it can never be one of the values redaction
//! keeps on purpose (an ASCII host name, an XML ID, a Role ARN, a protocol word). An
//! input whose own bytes already hold a readable form of the canary (the fuzzer learns
//! the base64 forms from the checks) is skipped: what it shows is the fuzzer's text.
#![no_main]

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use libfuzzer_sys::fuzz_target;
use saml_inspector::redact::{self, Policy, export, har};
use saml_inspector::{Input, Options, Timestamp};

const CANARY: &str = "Kc7жq8Z";

/// The report of an analysis (the pipeline's product, as the CLI and the page get it).
fn analyze(inputs: &[Input<'_>], options: &Options, now: Timestamp) -> saml_inspector::Report {
    saml_inspector::report::build(&saml_inspector::analysis::run(inputs, options, now))
}

fn percent(text: &str) -> String {
    redact::url::percent_encode(text, false)
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A one-entry HAR with `value` (already encoded) in the place `slot` chooses;
/// `encoded` says whether the value is the fuzzer's own text (inserted raw).
fn har(slot: u8, value: &str, raw: bool) -> String {
    let entry = |request: String, content: String| {
        format!(
            r#"{{"log":{{"version":"1.2","creator":{{"name":"fuzz","version":"1"}},"entries":[{{"startedDateTime":"2024-05-01T12:00:00.000Z","time":1,"request":{request},"response":{{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{content},"redirectURL":"","headersSize":-1,"bodySize":-1}},"cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}]}}}}"#
        )
    };
    let empty = r#"{"mimeType":"text/html","size":0,"text":""}"#.to_owned();
    let in_query = if raw { value.to_owned() } else { percent(value) };
    match slot {
        // POST binding: the form body.
        0 => entry(
            format!(
                r#"{{"method":"POST","url":"https://signin.aws.amazon.com/saml","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"queryString":[],"postData":{{"mimeType":"application/x-www-form-urlencoded","text":{}}},"headersSize":-1,"bodySize":-1}}"#,
                json_string(&format!("SAMLResponse={in_query}&RelayState=r"))
            ),
            empty,
        ),
        // Redirect binding: the query.
        1 => entry(
            format!(
                r#"{{"method":"GET","url":{},"httpVersion":"HTTP/1.1","headers":[],"cookies":[],"queryString":[],"headersSize":-1,"bodySize":-1}}"#,
                json_string(&format!(
                    "https://idp.example/sso?SAMLRequest={in_query}&RelayState=r"
                ))
            ),
            empty,
        ),
        // The IdP's auto-post page.
        2 => {
            let value = if raw { value.to_owned() } else { html_escape(value) };
            let page = format!(
                "<html><body><form method=\"post\" action=\"https://signin.aws.amazon.com/saml\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{value}\"/><input type=\"hidden\" name=\"RelayState\" value=\"r\"/></form></body></html>"
            );
            entry(
                r#"{"method":"GET","url":"https://idp.example/app","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"queryString":[],"headersSize":-1,"bodySize":-1}"#.to_owned(),
                format!(
                    r#"{{"mimeType":"text/html","size":1,"text":{}}}"#,
                    json_string(&page)
                ),
            )
        }
        // Chrome's params, without a body text.
        _ => entry(
            format!(
                r#"{{"method":"POST","url":"https://signin.aws.amazon.com/saml","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"queryString":[],"postData":{{"mimeType":"application/x-www-form-urlencoded","params":[{{"name":"SAMLResponse","value":{}}},{{"name":"RelayState","value":"r"}}]}},"headersSize":-1,"bodySize":-1}}"#,
                json_string(&in_query)
            ),
            empty,
        ),
    }
}

/// Whether the canary can be read in `text` as it is.
fn readable_here(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.contains(&CANARY.to_lowercase()) {
        return true;
    }
    let encoded = percent(CANARY);
    if text.contains(&encoded) || lower.contains(&encoded.to_lowercase()) {
        return true;
    }
    let bytes = CANARY.as_bytes();
    (0..3).any(|alignment| {
        let mut padded = vec![b'A'; alignment];
        padded.extend_from_slice(bytes);
        let start = alignment.div_ceil(3) * 4;
        let end = (alignment + bytes.len()) / 3 * 4;
        [STANDARD.encode(&padded), URL_SAFE_NO_PAD.encode(&padded)]
            .iter()
            .any(|encoded| text.contains(&encoded[start..end]))
    })
}

/// Whether the canary can be read in `text` or in what decodes from it.
fn readable(text: &str, depth: usize) -> bool {
    if readable_here(text) {
        return true;
    }
    if depth == 0 {
        return false;
    }
    let is_value = |c: char| c.is_ascii_alphanumeric() || "+/=%_-".contains(c);
    text.split(|c: char| !is_value(c))
        .filter(|run| run.len() >= 8)
        .any(|run| {
            let mut candidates = vec![run.to_owned()];
            candidates.extend(run.match_indices('=').map(|(at, _)| run[at + 1..].to_owned()));
            let decoded: Vec<String> = candidates
                .iter()
                .filter_map(|candidate| {
                    saml_inspector::decode::percent_decode(candidate, true)
                        .ok()
                        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                })
                .collect();
            candidates.extend(decoded);
            candidates.iter().any(|candidate| {
                let Ok(bytes) =
                    saml_inspector::decode::base64_lenient(candidate.as_bytes(), 1 << 22)
                else {
                    return false;
                };
                if readable(&String::from_utf8_lossy(&bytes), depth - 1) {
                    return true;
                }
                miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, 1 << 22)
                    .is_ok_and(|inflated| readable(&String::from_utf8_lossy(&inflated), depth - 1))
            })
        })
}

fuzz_target!(|data: &[u8]| {
    let [mode, split, rest @ ..] = data else {
        return;
    };
    // The canary in a form the fuzzer wrote itself (it learns the forms from the checks'
    // comparisons) is not the canary leaking: such an input proves nothing.
    if readable(&String::from_utf8_lossy(rest), 2) {
        return;
    }
    let at = usize::from(*split) * rest.len() / 256;
    let mut payload = rest[..at].to_vec();
    payload.extend_from_slice(CANARY.as_bytes());
    payload.extend_from_slice(&rest[at..]);
    let (value, raw) = match mode / 4 % 3 {
        0 => (STANDARD.encode(&payload), false),
        1 => (
            STANDARD.encode(miniz_oxide::deflate::compress_to_vec(&payload, 6)),
            false,
        ),
        _ => (String::from_utf8_lossy(&payload).into_owned(), true),
    };
    let har = har(mode % 4, &value, raw);
    let Some(now) = Timestamp::parse("2024-05-01T12:00:00Z") else {
        return;
    };
    let report = analyze(
        &[Input {
            name: "fuzz.har",
            bytes: har.as_bytes(),
        }],
        &Options::default(),
        now,
    );
    let mut redacted = redact::redact_report(&report, Policy::default(), b"fuzz salt");
    for (label, output) in [
        ("markdown", export::markdown(&redacted)),
        ("json", export::json(&redacted)),
        ("html", export::html(&redacted)),
        ("text", export::text(&redacted)),
    ] {
        assert!(!readable(&output, 2), "the canary survives in the {label} export:\n{output}");
    }
    if let Ok(sanitized) = har::sanitize(&mut redacted.redactor, har.as_bytes()) {
        assert!(
            !readable(&sanitized, 3),
            "the canary survives in the sanitized HAR:\n{sanitized}"
        );
    }
});
