//! Inputs the end-to-end tests upload, generated here rather than checked in: a SAML
//! Response for AWS sign-in, the same Response as a HAR capture and as a bare base64 blob.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

pub const NAME_ID: &str = "alice@example.com";
pub const ROLE_SESSION_NAME: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
pub const ROLE_SESSION_NAME_VALUE: &str = "alice";

/// An unsigned SAML 2.0 Response (SAML Core §3.3.3) whose assertion names
/// [`NAME_ID`] and carries one attribute, [`ROLE_SESSION_NAME`] = [`ROLE_SESSION_NAME_VALUE`].
pub fn saml_response() -> String {
    format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_response-1" Version="2.0" IssueInstant="2025-01-15T12:00:00Z" Destination="https://signin.aws.amazon.com/saml">
  <saml:Issuer>https://idp.example.com/metadata</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion ID="_assertion-1" Version="2.0" IssueInstant="2025-01-15T12:00:00Z">
    <saml:Issuer>https://idp.example.com/metadata</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{NAME_ID}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="2025-01-15T12:05:00Z" Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2025-01-15T11:55:00Z" NotOnOrAfter="2025-01-15T12:05:00Z">
      <saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2025-01-15T12:00:00Z">
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="{ROLE_SESSION_NAME}">
        <saml:AttributeValue>{ROLE_SESSION_NAME_VALUE}</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"#
    )
}

/// [`saml_response`] base64-encoded, as the HTTP-POST binding carries it (SAML Bindings §3.5.4).
pub fn saml_response_base64() -> String {
    STANDARD.encode(saml_response())
}

/// A HAR 1.2 capture of the browser posting [`saml_response`] to AWS sign-in.
pub fn har() -> String {
    let body = format!(
        "SAMLResponse={}&RelayState=",
        percent_encode(&saml_response_base64())
    );
    let har = serde_json::json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "saml-inspector e2e fixtures", "version": "1" },
            "pages": [],
            "entries": [{
                "startedDateTime": "2025-01-15T12:00:01.000Z",
                "time": 120,
                "request": {
                    "method": "POST",
                    "url": "https://signin.aws.amazon.com/saml",
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": [
                        { "name": "Content-Type", "value": "application/x-www-form-urlencoded" },
                        { "name": "Origin", "value": "https://idp.example.com" }
                    ],
                    "queryString": [],
                    "postData": {
                        "mimeType": "application/x-www-form-urlencoded",
                        "text": body,
                    },
                    "headersSize": -1,
                    "bodySize": body.len(),
                },
                "response": {
                    "status": 302,
                    "statusText": "Found",
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": [{ "name": "Location", "value": "https://console.aws.amazon.com/" }],
                    "content": { "size": 0, "mimeType": "text/html" },
                    "redirectURL": "https://console.aws.amazon.com/",
                    "headersSize": -1,
                    "bodySize": 0,
                },
                "cache": {},
                "timings": { "send": 1, "wait": 118, "receive": 1 },
            }],
        }
    });
    serde_json::to_string_pretty(&har).expect("a serde_json::Value always serializes")
}

/// Writes `contents` to a fresh file `name` under the system temp directory and returns
/// its absolute path (what WebDriver needs to "type" into a file input).
pub fn write_temp_file(name: &str, contents: &str) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("saml-inspector-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    std::fs::write(&path, contents)?;
    Ok(absolute(&path))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `application/x-www-form-urlencoded` value encoding: everything but unreserved
/// characters (RFC 3986 §2.3) becomes `%XX`.
fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len() * 3 / 2);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}
