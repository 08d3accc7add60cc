//! Synthetic inputs, deterministic (a fixed seed), shaped like what browsers and IdPs
//! really produce. Shared by the benchmarks (`benches/pipeline.rs`) and the tests that
//! need a big HAR (`tests/har_reduce.rs`), which include this file with `#[path]`.

/// The size of the generated SAML Response, in bytes of XML.
pub const RESPONSE_BYTES: usize = 60 * 1024;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use std::fmt::Write;

/// splitmix64: enough randomness for body bytes and sizes, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low) as u64) as usize
    }

    fn bytes(&mut self, length: usize) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(length + 8);
        while bytes.len() < length {
            bytes.extend_from_slice(&self.next().to_le_bytes());
        }
        bytes.truncate(length);
        bytes
    }
}

/// The certificate the built-in examples are signed with, as the base64 text of an
/// `X509Certificate` element.
fn certificate_base64() -> String {
    include_str!("../../examples/example-idp-certificate.pem")
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

/// An enveloped signature as IdPs write it: exclusive C14N, RSA-SHA256, the
/// certificate in KeyInfo. The values are random: nothing here verifies them.
fn signature(rng: &mut Rng, reference: &str, certificate: &str) -> String {
    format!(
        r##"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#{reference}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>{value}</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"##,
        digest = BASE64.encode(rng.bytes(32)),
        value = BASE64.encode(rng.bytes(256)),
    )
}

/// A signed Response with a signed Assertion carrying profile attributes and a long
/// group list, padded with groups to about `size` bytes. Each `AttributeValue`
/// declares `xs` and `xsi` itself, as Okta and others do.
pub fn saml_response(size: usize) -> String {
    let mut rng = Rng(0x5A41_4D4C);
    let certificate = certificate_base64();
    let response_signature = signature(&mut rng, "id-response-4f1c", &certificate);
    let assertion_signature = signature(&mut rng, "id-assertion-93be", &certificate);
    let mut xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="https://sp.example.com/saml/acs" ID="id-response-4f1c" InResponseTo="id-request-77a0" IssueInstant="2024-05-01T12:00:02.123Z" Version="2.0">
  <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">https://idp.example.org/saml</saml2:Issuer>{response_signature}
  <saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>
  <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="id-assertion-93be" IssueInstant="2024-05-01T12:00:02.123Z" Version="2.0">
<saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">https://idp.example.org/saml</saml2:Issuer>{assertion_signature}
<saml2:Subject>
  <saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml2:NameID>
  <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
    <saml2:SubjectConfirmationData InResponseTo="id-request-77a0" NotOnOrAfter="2024-05-01T12:05:02.123Z" Recipient="https://sp.example.com/saml/acs"/>
  </saml2:SubjectConfirmation>
</saml2:Subject>
<saml2:Conditions NotBefore="2024-05-01T11:55:02.123Z" NotOnOrAfter="2024-05-01T12:05:02.123Z">
  <saml2:AudienceRestriction><saml2:Audience>https://sp.example.com/saml/metadata</saml2:Audience></saml2:AudienceRestriction>
</saml2:Conditions>
<saml2:AuthnStatement AuthnInstant="2024-05-01T12:00:01.000Z" SessionIndex="id-session-0c8d">
  <saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext>
</saml2:AuthnStatement>
<saml2:AttributeStatement>"#
    );
    for (name, value) in [
        ("email", "alice@example.com"),
        ("firstName", "Alice"),
        ("lastName", "Example"),
        ("department", "R&amp;D"),
        ("employeeNumber", "000142"),
    ] {
        attribute(&mut xml, name, &[value]);
    }
    let closing = "\n    </saml2:AttributeStatement>\n  </saml2:Assertion>\n</saml2p:Response>\n";
    let mut groups = Vec::new();
    let mut group_list = String::new();
    // Each group value costs about 230 bytes with its declarations.
    while xml.len() + group_list.len() + closing.len() + 400 < size {
        groups.push(format!("app-{:04}-users", groups.len()));
        group_list.clear();
        let values: Vec<&str> = groups.iter().map(String::as_str).collect();
        attribute(&mut group_list, "groups", &values);
    }
    xml.push_str(&group_list);
    xml.push_str(closing);
    xml
}

fn attribute(xml: &mut String, name: &str, values: &[&str]) {
    write!(
        xml,
        "\n      <saml2:Attribute Name=\"{name}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified\">"
    )
    .expect("writing to a String cannot fail");
    for value in values {
        write!(
            xml,
            "\n        <saml2:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">{value}</saml2:AttributeValue>"
        )
        .expect("writing to a String cannot fail");
    }
    xml.push_str("\n      </saml2:Attribute>");
}

/// What a response body is, with the share of entries that have it.
#[derive(Clone, Copy)]
enum Body {
    /// Binary, exported base64: images, fonts, wasm.
    Binary(&'static str),
    /// Text with JSON escapes: scripts, styles, JSON, HTML.
    Text(&'static str),
    /// Text exported base64 anyway. For HTML the scan has to decode it to look for a
    /// SAML form.
    EncodedText(&'static str),
    /// A 204 or a cached response: no `text`.
    Empty,
}

const BODIES: [Body; 11] = [
    Body::Binary("image/png"),
    Body::Binary("image/webp"),
    Body::Binary("font/woff2"),
    Body::Binary("application/wasm"),
    Body::Text("application/javascript"),
    Body::Text("application/javascript"),
    Body::Text("text/css"),
    Body::Text("application/json"),
    Body::Text("text/html"),
    Body::EncodedText("text/html"),
    Body::Empty,
];

/// A HAR 1.2 export as Chrome writes it, of about `size` bytes, with exactly one SAML
/// message: an HTTP-POST of a `SAMLResponse` halfway through, the body in both
/// `postData.text` and `postData.params`.
pub fn har(size: usize) -> Vec<u8> {
    let mut rng = Rng(0x4841_5221);
    let mut har = String::with_capacity(size + (1 << 20));
    har.push_str(
        r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"startedDateTime":"2024-05-01T12:00:00.000Z","id":"page_1","title":"https://app.example.com/","pageTimings":{"onContentLoad":412.5,"onLoad":980.1}}],"entries":["#,
    );
    let saml = BASE64.encode(saml_response(RESPONSE_BYTES));
    let mut index = 0;
    let mut saml_written = false;
    while har.len() < size || !saml_written {
        if index > 0 {
            har.push(',');
        }
        if !saml_written && har.len() >= size / 2 {
            saml_post(&mut har, index, &saml);
            saml_written = true;
        } else {
            let body = BODIES[rng.between(0, BODIES.len())];
            entry(&mut har, &mut rng, index, body);
        }
        index += 1;
    }
    har.push_str("]}}");
    har.into_bytes()
}

fn started(index: usize) -> String {
    let millis = index * 37;
    format!(
        "2024-05-01T12:{:02}:{:02}.{:03}Z",
        millis / 60_000 % 60,
        millis / 1000 % 60,
        millis % 1000
    )
}

const REQUEST_HEADERS: &str = r#"[{"name":":authority","value":"app.example.com"},{"name":":method","value":"GET"},{"name":":scheme","value":"https"},{"name":"accept","value":"*/*"},{"name":"accept-encoding","value":"gzip, deflate, br, zstd"},{"name":"accept-language","value":"en-GB,en;q=0.9"},{"name":"cookie","value":"session=3f9a1c0e7b; theme=dark; consent=yes"},{"name":"referer","value":"https://app.example.com/"},{"name":"sec-ch-ua","value":"\"Chromium\";v=\"124\", \"Google Chrome\";v=\"124\""},{"name":"sec-fetch-mode","value":"no-cors"},{"name":"user-agent","value":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"}]"#;

const TIMINGS: &str = r#""timings":{"blocked":1.203,"dns":-1,"ssl":-1,"connect":-1,"send":0.104,"wait":41.77,"receive":3.512,"_blocked_queueing":0.9}"#;

fn entry(har: &mut String, rng: &mut Rng, index: usize, body: Body) {
    let (mime_type, extension) = match body {
        Body::Binary(mime_type) | Body::Text(mime_type) | Body::EncodedText(mime_type) => {
            (mime_type, mime_type.rsplit('/').next().unwrap_or("bin"))
        }
        Body::Empty => ("x-unknown", "txt"),
    };
    let status = if matches!(body, Body::Empty) {
        204
    } else {
        200
    };
    let url = format!(
        "https://static.example.com/assets/{index}/chunk-{:08x}.{extension}?v={}",
        rng.next() as u32,
        rng.next() % 1000
    );
    let content = match body {
        Body::Binary(_) => {
            let length = rng.between(8 << 10, 160 << 10);
            let bytes = rng.bytes(length);
            format!(
                r#"{{"size":{},"mimeType":"{mime_type}","text":"{}","encoding":"base64"}}"#,
                bytes.len(),
                BASE64.encode(&bytes)
            )
        }
        Body::Text(_) => {
            let length = rng.between(4 << 10, 96 << 10);
            let text = source_text(rng, length);
            format!(
                r#"{{"size":{},"mimeType":"{mime_type}","compression":{},"text":{}}}"#,
                text.len(),
                text.len() / 3,
                json_string(&text)
            )
        }
        Body::EncodedText(_) => {
            let length = rng.between(4 << 10, 96 << 10);
            let text = source_text(rng, length);
            format!(
                r#"{{"size":{},"mimeType":"{mime_type}","text":"{}","encoding":"base64"}}"#,
                text.len(),
                BASE64.encode(&text)
            )
        }
        Body::Empty => r#"{"size":0,"mimeType":"x-unknown"}"#.to_owned(),
    };
    write!(
        har,
        r#"{{"_initiator":{{"type":"script","stack":{{"callFrames":[{{"functionName":"load","scriptId":"{script}","url":"https://app.example.com/main.js","lineNumber":1,"columnNumber":{column}}}]}}}},"_priority":"High","_resourceType":"{resource}","cache":{{}},"connection":"443","pageref":"page_1","request":{{"method":"GET","url":"{url}","httpVersion":"http/2.0","headers":{REQUEST_HEADERS},"queryString":[{{"name":"v","value":"1"}}],"cookies":[{{"name":"session","value":"3f9a1c0e7b","path":"/","domain":".example.com","expires":"2024-06-01T12:00:00.000Z","httpOnly":true,"secure":true}}],"headersSize":-1,"bodySize":0}},"response":{{"status":{status},"statusText":"","httpVersion":"http/2.0","headers":[{{"name":"cache-control","value":"public, max-age=31536000, immutable"}},{{"name":"content-type","value":"{mime_type}"}},{{"name":"date","value":"Wed, 01 May 2024 12:00:02 GMT"}},{{"name":"etag","value":"\"{etag:016x}\""}},{{"name":"server","value":"example"}},{{"name":"vary","value":"Accept-Encoding"}}],"cookies":[],"content":{content},"redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":{transfer},"_error":null}},"serverIPAddress":"192.0.2.10","startedDateTime":"{started}","time":46.593,{TIMINGS}}}"#,
        script = index % 97,
        column = rng.between(0, 50_000),
        resource = if matches!(body, Body::Text("text/html") | Body::EncodedText(_)) {
            "document"
        } else {
            "script"
        },
        etag = rng.next(),
        transfer = rng.between(200, 100_000),
        started = started(index),
    )
    .expect("writing to a String cannot fail");
}

/// The one SAML entry: the browser posting the IdP's form to the SP.
fn saml_post(har: &mut String, index: usize, saml: &str) {
    let encoded = percent_encode(saml);
    let relay_state = "https%3A%2F%2Fapp.example.com%2Fhome";
    write!(
        har,
        r#"{{"_initiator":{{"type":"other"}},"_priority":"VeryHigh","_resourceType":"document","cache":{{}},"connection":"443","pageref":"page_1","request":{{"method":"POST","url":"https://sp.example.com/saml/acs","httpVersion":"http/2.0","headers":{REQUEST_HEADERS},"queryString":[],"cookies":[],"headersSize":-1,"bodySize":{body_size},"postData":{{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse={encoded}&RelayState={relay_state}","params":[{{"name":"SAMLResponse","value":"{encoded}"}},{{"name":"RelayState","value":"{relay_state}"}}]}}}},"response":{{"status":302,"statusText":"","httpVersion":"http/2.0","headers":[{{"name":"date","value":"Wed, 01 May 2024 12:00:02 GMT"}},{{"name":"location","value":"https://app.example.com/home"}}],"cookies":[],"content":{{"size":0,"mimeType":"x-unknown"}},"redirectURL":"https://app.example.com/home","headersSize":-1,"bodySize":-1,"_transferSize":412,"_error":null}},"serverIPAddress":"192.0.2.20","startedDateTime":"{started}","time":88.1,{TIMINGS}}}"#,
        body_size = encoded.len() + relay_state.len() + 25,
        started = started(index),
    )
    .expect("writing to a String cannot fail");
}

/// Form encoding of a base64 value (`+`, `/`, `=` escaped).
fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len() * 11 / 10);
    for character in value.chars() {
        match character {
            '+' => encoded.push_str("%2B"),
            '/' => encoded.push_str("%2F"),
            '=' => encoded.push_str("%3D"),
            other => encoded.push(other),
        }
    }
    encoded
}

/// Lines of script-like text with quotes, backslashes, tabs and non-ASCII, so the
/// JSON has escapes in it.
fn source_text(rng: &mut Rng, length: usize) -> String {
    let mut text = String::with_capacity(length + 128);
    while text.len() < length {
        let n = rng.next() % 100_000;
        writeln!(
            text,
            "\tfunction f{n}(a, b) {{ return a + \"<div class=\\\"x{n}\\\">\" + b + '</div>'; }} // é ✓"
        )
        .expect("writing to a String cannot fail");
    }
    text
}

/// `text` as a JSON string literal (RFC 8259 §7), escaping as Chrome does.
fn json_string(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + text.len() / 8 + 2);
    json.push('"');
    for character in text.chars() {
        match character {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\n' => json.push_str("\\n"),
            '\t' => json.push_str("\\t"),
            '<' => json.push_str("\\u003c"),
            '>' => json.push_str("\\u003e"),
            control if u32::from(control) < 0x20 => {
                write!(json, "\\u{:04x}", u32::from(control))
                    .expect("writing to a String cannot fail");
            }
            other => json.push(other),
        }
    }
    json.push('"');
    json
}
