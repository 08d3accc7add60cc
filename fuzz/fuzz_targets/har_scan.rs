//! HAR scanning. The first byte chooses how the rest is used: as a whole HAR file, or
//! spliced as a JSON string into one field of a HAR template that already has the shape
//! the scanner looks into (a request URL, a form body, `params`, `queryString`, an HTML
//! response page, plain or base64), so mutations reach the decoding behind each field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use saml_inspector::Limits;
use saml_inspector::input::har;

/// The template's slots; `@` is replaced by the fuzz input as a JSON string body.
const TEMPLATES: [&str; 8] = [
    // Redirect binding: the whole URL.
    r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"GET","url":"@"},"response":{"status":302,"headers":[{"name":"Location","value":"https://sp.example.test/"}],"content":{}}}]}}"#,
    // POST binding: the form body.
    r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"POST","url":"https://sp.example.test/acs","postData":{"mimeType":"application/x-www-form-urlencoded","text":"@"}},"response":{"status":200,"headers":[{"name":"Date","value":"Wed, 01 May 2024 12:00:03 GMT"}]}}]}}"#,
    // POST binding without a body text: Chrome's params.
    r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"POST","url":"https://sp.example.test/acs","postData":{"mimeType":"application/x-www-form-urlencoded","params":[{"name":"SAMLResponse","value":"@"},{"name":"RelayState","value":"%2Fhome"}]}},"response":{"status":200}}]}}"#,
    // Redirect binding with the query only in queryString.
    r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://idp.example.test/sso","queryString":[{"name":"SAMLRequest","value":"@"}]},"response":{"status":200}}]}}"#,
    // The IdP's auto-post page.
    r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"GET","url":"https://idp.example.test/app"},"response":{"status":200,"content":{"mimeType":"text/html; charset=utf-8","text":"@"}}}]}}"#,
    // The same page, base64 as Firefox exports binary-looking bodies.
    r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://idp.example.test/app"},"response":{"status":200,"content":{"mimeType":"text/html","encoding":"base64","text":"@"}}}]}}"#,
    // A form body with SAMLResponse= already in front.
    r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"POST","url":"https://sp.example.test/acs","postData":{"text":"SAMLResponse=@&RelayState=x"}},"response":{"status":"200"}}]}}"#,
    // A redirect URL with SAMLRequest= already in place.
    r#"{"log":{"entries":[{"startedDateTime":"2024-05-01T12:00:00Z","request":{"method":"GET","url":"https://idp.example.test/sso?SAMLRequest=@&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=AAAA"},"response":{"status":302,"redirectURL":"https://idp.example.test/login"}}]}}"#,
];

/// `text` as the inside of a JSON string.
fn json_string_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{0}'..='\u{1F}' => out.push_str(&format!("\\u{:04x}", character as u32)),
            _ => out.push(character),
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let limits = Limits {
        // Small enough that the fuzzer reaches the limit; the real one is 200,000.
        har_entries: 64,
        ..Limits::default()
    };
    let spliced;
    let bytes: &[u8] = match usize::from(mode).checked_sub(1) {
        Some(slot) if slot < TEMPLATES.len() => {
            let body = json_string_body(&String::from_utf8_lossy(rest));
            spliced = TEMPLATES[slot].replacen('@', &body, 1);
            spliced.as_bytes()
        }
        _ => data,
    };
    if let Ok(extracted) = har::scan(0, bytes, &limits) {
        assert!(extracted.flow.len() <= limits.har_entries);
        for capture in &extracted.captures {
            assert!(capture.origin.har_entry.is_some());
        }
    }
});
