//! The canary suite: messages and HARs whose every field an attacker or a user controls
//! carries a unique canary, run through every redacted output — `redact::redact_report`
//! and its four exports, the engine's exports, the sanitized HAR, `saml-inspect
//! --redact` with each `--format` — and no canary may survive in any form: clear (any
//! letter case), percent-encoded, base64 at each of the three alignments, or inside
//! whatever decodes from the output (percent-encoding, base64, DEFLATE: a rebuilt
//! Redirect parameter, a re-encoded body).
//!
//! The corpus holds well-formed messages and, in every binding, ones redaction cannot
//! read: XML cut mid-way, base64 cut mid-way, valid base64 of garbage, DEFLATE that does
//! not inflate, a SAMLResponse that is JSON or HTML; bodies of unknown type or encoding,
//! binary bodies, `_` extension fields, WebSocket frames, page titles, custom headers,
//! cookies, certificate names, file names. Everything is generated here (the
//! certificate by a small DER writer); nothing is a copied fixture.
//!
//! Kept on purpose, so never planted with a canary: hosts, message and assertion IDs,
//! well-formed Role ARNs, `--expect role=` (role names name configuration, not people).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use saml_inspector::engine::{self, ExportFormat};
use saml_inspector::redact::{self, Policy, UnreadAction, export, har};
use saml_inspector::{Input, Options, Report, Timestamp};
use serde_json::{Value, json};
use std::cell::RefCell;

/// The report of an analysis (the pipeline's product, as the CLI and the page get it).
fn analyze(inputs: &[Input<'_>], options: &Options, now: Timestamp) -> saml_inspector::Report {
    saml_inspector::report::build(&saml_inspector::analysis::run(inputs, options, now))
}

const SALT: &[u8] = b"canary salt";
const NOW: &str = "2024-05-01T12:00:00Z";

thread_local! {
    /// Every canary planted so far in this test's thread: (canary, where).
    static PLANTED: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// A new unique canary for `place`: `Kc` + a number + `q8Z`, short enough to fit whole
/// in the 16 bytes a decoding error quotes, distinct in every letter case, and never
/// a substring of hex or base64 that redaction writes.
fn canary(place: &str) -> String {
    PLANTED.with(|planted| {
        let mut planted = planted.borrow_mut();
        let canary = format!("Kc{:03}q8Z", planted.len() + 1);
        planted.push((canary.clone(), place.to_owned()));
        canary
    })
}

/// A canary written in another script (a name need not be ASCII).
fn foreign_canary(place: &str) -> String {
    PLANTED.with(|planted| {
        let mut planted = planted.borrow_mut();
        let canary = format!("Ωμέγα{:03}ж", planted.len() + 1);
        planted.push((canary.clone(), place.to_owned()));
        canary
    })
}

fn planted() -> Vec<(String, String)> {
    PLANTED.with(|planted| planted.borrow().clone())
}

/// Forgets the canaries planted since `mark` that `kept` (what is left of a value cut
/// short) no longer holds: they are in no input.
fn forget_cut(mark: usize, kept: &str) {
    PLANTED.with(|planted| {
        let mut planted = planted.borrow_mut();
        let mut index = mark;
        while index < planted.len() {
            if kept.contains(&planted[index].0) {
                index += 1;
            } else {
                planted.remove(index);
            }
        }
    });
}

fn mark() -> usize {
    PLANTED.with(|planted| planted.borrow().len())
}

fn percent(text: &str) -> String {
    redact::url::percent_encode(text, false)
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 6)
}

// ---------------------------------------------------------------------------------
// The certificate: a small DER writer (RFC 5280 §4.1), every name a canary.

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let length = content.len();
    if length < 0x80 {
        out.push(length as u8);
    } else {
        let bytes: Vec<u8> = length
            .to_be_bytes()
            .into_iter()
            .skip_while(|byte| *byte == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn sequence(parts: &[Vec<u8>]) -> Vec<u8> {
    der(0x30, &parts.concat())
}

/// A Name of (OID bytes, UTF8String value) attributes.
fn name(attributes: &[(&[u8], String)]) -> Vec<u8> {
    let sets: Vec<Vec<u8>> = attributes
        .iter()
        .map(|(oid, value)| {
            der(
                0x31,
                &sequence(&[der(0x06, oid), der(0x0C, value.as_bytes())]),
            )
        })
        .collect();
    sequence(&sets)
}

const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
const OID_O: &[u8] = &[0x55, 0x04, 0x0A];
const OID_OU: &[u8] = &[0x55, 0x04, 0x0B];
const OID_L: &[u8] = &[0x55, 0x04, 0x07];
const OID_EMAIL: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01];
const OID_RSA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];
const OID_SHA256_RSA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B];

/// A self-issued RSA certificate (its signature is not valid: nothing here verifies
/// certificate signatures) whose subject and issuer names are canaries.
fn certificate_der(label: &str) -> Vec<u8> {
    let subject = name(&[
        (OID_CN, canary(&format!("{label} certificate subject CN"))),
        (OID_OU, canary(&format!("{label} certificate subject OU"))),
        (OID_O, canary(&format!("{label} certificate subject O"))),
        (OID_L, canary(&format!("{label} certificate subject L"))),
        (
            OID_EMAIL,
            format!(
                "{}@example.com",
                canary(&format!("{label} certificate subject e-mail"))
            ),
        ),
    ]);
    let issuer = name(&[
        (OID_CN, canary(&format!("{label} certificate issuer CN"))),
        (OID_O, canary(&format!("{label} certificate issuer O"))),
    ]);
    let algorithm = sequence(&[der(0x06, OID_SHA256_RSA), der(0x05, &[])]);
    let mut modulus = vec![0x00, 0xC3];
    modulus.extend((0..255).map(|index: u32| (index * 7 + 13) as u8 | 1));
    let key = sequence(&[der(0x02, &modulus), der(0x02, &[0x01, 0x00, 0x01])]);
    let mut bits = vec![0x00];
    bits.extend(key);
    let spki = sequence(&[
        sequence(&[der(0x06, OID_RSA), der(0x05, &[])]),
        der(0x03, &bits),
    ]);
    let validity = sequence(&[der(0x17, b"240101000000Z"), der(0x17, b"340101000000Z")]);
    let tbs = sequence(&[
        der(0xA0, &der(0x02, &[0x02])),
        der(0x02, &[0x1F, 0x2E]),
        algorithm.clone(),
        issuer,
        validity,
        subject,
        spki,
    ]);
    let mut signature = vec![0x00];
    signature.extend([0x5A; 256]);
    sequence(&[tbs, algorithm, der(0x03, &signature)])
}

fn pem(der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|chunk| std::str::from_utf8(chunk).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    )
}

// ---------------------------------------------------------------------------------
// The messages.

/// A Response with a canary in every field an IdP (or an attacker) writes.
fn response_xml(label: &str) -> String {
    let c = |place: &str| canary(&format!("{label} {place}"));
    let issuer = c("Issuer path");
    let certificate = STANDARD.encode(certificate_der(label));
    format!(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_resp1\" Version=\"2.0\" \
IssueInstant=\"2024-05-01T11:59:59Z\" Destination=\"https://signin.aws.amazon.com/saml/{destination}\" \
InResponseTo=\"_req1\"><!-- {comment} --><saml:Issuer>https://idp.example/{issuer}</saml:Issuer>\
<samlp:Extensions><ext:{element} xmlns:ext=\"urn:{namespace}\" ext:{attribute}=\"{attribute_value}\">{extension_text}</ext:{element}></samlp:Extensions>\
<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\">\
<samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:{sub_status}\"/></samlp:StatusCode>\
<samlp:StatusMessage>User {status_message} is not assigned to this application</samlp:StatusMessage></samlp:Status>\
<saml:Assertion ID=\"_assert1\" Version=\"2.0\" IssueInstant=\"2024-05-01T11:59:59Z\">\
<saml:Issuer>https://idp.example/{issuer}</saml:Issuer>\
<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo>\
<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\
<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\"/>\
<ds:Reference URI=\"#_assert1\"><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\
<ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>\
<ds:SignatureValue>{signature}</ds:SignatureValue><ds:KeyInfo><ds:KeyName>{key_name}</ds:KeyName><ds:X509Data>\
<ds:X509SubjectName>CN={subject_name},O={subject_org}</ds:X509SubjectName>\
<ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>\
<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\" \
NameQualifier=\"https://idp.example/{name_qualifier}\" SPNameQualifier=\"urn:{sp_name_qualifier}\">{name_id}@example.com</saml:NameID>\
<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">\
<saml:SubjectConfirmationData NotOnOrAfter=\"2024-05-01T12:05:00Z\" \
Recipient=\"https://signin.aws.amazon.com/saml/{recipient}\" Address=\"10.20.30.40\"/></saml:SubjectConfirmation></saml:Subject>\
<saml:Conditions NotBefore=\"2024-05-01T11:59:00Z\" NotOnOrAfter=\"2024-05-01T12:05:00Z\">\
<saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>\
<saml:AuthnStatement AuthnInstant=\"2024-05-01T11:59:58Z\" SessionIndex=\"{session_index}\">\
<saml:SubjectLocality Address=\"10.20.30.41\" DNSName=\"{dns_name}.example\"/>\
<saml:AuthnContext><saml:AuthnContextClassRef>urn:{authn_context}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>\
<saml:AttributeStatement>\
<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/Role\"><saml:AttributeValue>\
arn:aws:iam::111122223333:role/SamlReadOnly,arn:aws:iam::111122223333:saml-provider/ExampleIdP</saml:AttributeValue>\
<saml:AttributeValue>{malformed_role}</saml:AttributeValue></saml:Attribute>\
<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/RoleSessionName\"><saml:AttributeValue>{session_name}</saml:AttributeValue></saml:Attribute>\
<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/SessionDuration\"><saml:AttributeValue>{duration}</saml:AttributeValue></saml:Attribute>\
<saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/PrincipalTag:{tag_key}\" FriendlyName=\"{friendly}\"><saml:AttributeValue>{tag_value}</saml:AttributeValue></saml:Attribute>\
<saml:Attribute Name=\"{attribute_name}\" NameFormat=\"urn:{name_format}\"><saml:AttributeValue>{attribute_value_text}</saml:AttributeValue></saml:Attribute>\
<saml:Attribute Name=\"displayName\"><saml:AttributeValue>{display}</saml:AttributeValue></saml:Attribute>\
</saml:AttributeStatement></saml:Assertion></samlp:Response>",
        destination = c("Destination path"),
        comment = c("comment"),
        element = c("extension element name"),
        namespace = c("extension namespace URI"),
        attribute = c("extension attribute name"),
        attribute_value = c("extension attribute value"),
        extension_text = c("extension text"),
        sub_status = c("second-level StatusCode"),
        status_message = c("StatusMessage"),
        digest = c("DigestValue"),
        signature = c("SignatureValue"),
        key_name = c("KeyName"),
        subject_name = c("X509SubjectName CN"),
        subject_org = c("X509SubjectName O"),
        name_qualifier = c("NameQualifier"),
        sp_name_qualifier = c("SPNameQualifier"),
        name_id = c("NameID"),
        recipient = c("Recipient path"),
        audience = c("Audience path"),
        session_index = c("SessionIndex"),
        dns_name = c("DNSName"),
        authn_context = c("AuthnContextClassRef"),
        malformed_role = c("malformed Role value"),
        session_name = c("RoleSessionName"),
        duration = c("malformed SessionDuration"),
        tag_key = c("PrincipalTag key"),
        friendly = c("FriendlyName"),
        tag_value = c("PrincipalTag value"),
        attribute_name = c("attribute Name"),
        name_format = c("NameFormat"),
        attribute_value_text = c("attribute value"),
        display = foreign_canary(&format!("{label} display name in another script")),
    )
}

/// An AuthnRequest with canaries in what an SP writes.
fn authn_request_xml(label: &str) -> String {
    let c = |place: &str| canary(&format!("{label} {place}"));
    format!(
        "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_req1\" Version=\"2.0\" \
IssueInstant=\"2024-05-01T11:59:58Z\" Destination=\"https://idp.example/sso/{destination}\" \
AssertionConsumerServiceURL=\"https://signin.aws.amazon.com/saml/{acs}\" ProviderName=\"{provider}\">\
<saml:Issuer>urn:amazon:{issuer}</saml:Issuer>\
<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:{format}\" AllowCreate=\"true\"/>\
</samlp:AuthnRequest>",
        destination = c("AuthnRequest Destination path"),
        acs = c("AssertionConsumerServiceURL path"),
        provider = c("ProviderName"),
        issuer = c("AuthnRequest Issuer"),
        format = c("NameIDPolicy Format"),
    )
}

/// `xml` cut just after the NameID's text, mid-element.
fn cut_after_name_id(xml: &str) -> String {
    let at = xml
        .find("</saml:NameID>")
        .expect("the Response has a NameID")
        + 5;
    xml[..at].to_owned()
}

/// A Response cut just after the NameID's text; the canaries cut off are forgotten.
fn cut_response(label: &str) -> String {
    let mark = mark();
    let cut = cut_after_name_id(&response_xml(label));
    forget_cut(mark, &cut);
    cut
}

// ---------------------------------------------------------------------------------
// The HAR.

fn header(name: &str, value: &str) -> Value {
    json!({ "name": name, "value": value })
}

fn entry(started: &str, request: Value, response: Value) -> Value {
    json!({
        "startedDateTime": started,
        "time": 12.5,
        "request": request,
        "response": response,
        "cache": {},
        "timings": { "send": 0, "wait": 10, "receive": 2 },
    })
}

fn request(method: &str, url: &str) -> Value {
    json!({
        "method": method, "url": url, "httpVersion": "HTTP/1.1",
        "headers": [], "cookies": [], "queryString": [], "headersSize": -1, "bodySize": -1
    })
}

fn response(status: u16, content: Value) -> Value {
    json!({
        "status": status, "statusText": "OK", "httpVersion": "HTTP/1.1",
        "headers": [], "cookies": [], "content": content, "redirectURL": "",
        "headersSize": -1, "bodySize": -1
    })
}

fn html(text: &str) -> Value {
    json!({ "mimeType": "text/html; charset=utf-8", "size": text.len(), "text": text })
}

fn post_form(url: &str, body: &str) -> Value {
    let mut request = request("POST", url);
    request["headers"] = json!([header("Content-Type", "application/x-www-form-urlencoded")]);
    request["postData"] = json!({ "mimeType": "application/x-www-form-urlencoded", "text": body });
    request
}

/// The HAR of a sign-in where every field carries a canary, with a SAML message in
/// every binding, well-formed and not.
fn canary_har() -> String {
    let acs = "https://signin.aws.amazon.com/saml";
    let mut entries = Vec::new();

    // 0: an IdP page: URL parts, headers, cookies, extension fields, a page body.
    let c = canary;
    let mut first = request(
        "GET",
        &format!(
            "https://{}:{}@idp.example/users/{}/start?user={}&{}=x#token={}",
            c("URL user info"),
            c("URL password"),
            c("URL path segment"),
            c("query value"),
            c("query parameter name"),
            c("fragment value"),
        ),
    );
    first["headers"] = json!([
        header(
            "Cookie",
            &format!(
                "sid={}; {}=1",
                c("Cookie header value"),
                c("Cookie header name")
            )
        ),
        header("Authorization", &format!("Bearer {}", c("Authorization"))),
        header(
            &format!("X-{}", c("custom header name")),
            &c("custom header value")
        ),
        header("X-Request-Id", &c("X-Request-Id value")),
        header("User-Agent", &format!("Mozilla/5.0 {}", c("User-Agent"))),
        header(
            "Referer",
            &format!(
                "https://app.example/{}/?q={}",
                c("Referer path"),
                c("Referer query")
            )
        ),
        header(
            "Accept-Language",
            &format!("en-US,{}", c("Accept-Language"))
        ),
        header("X-Forwarded-For", "10.20.30.43"),
    ]);
    first["cookies"] = json!([{
        "name": c("cookie name"), "value": c("cookie value"),
        "path": format!("/{}", c("cookie path")), "domain": "idp.example",
        "expires": "2024-06-01T00:00:00Z", "httpOnly": true, "secure": true,
    }]);
    first["queryString"] = json!([{ "name": "user", "value": c("queryString value") }]);
    first["_kanaryField"] = json!(c("request extension field"));
    let mut first_response = response(
        200,
        html(&format!(
            "<html><body><p>Hello {}</p></body></html>",
            c("HTML page text")
        )),
    );
    first_response["statusText"] = json!(format!("OK {}", c("statusText")));
    first_response["headers"] = json!([
        header(
            "Set-Cookie",
            &format!(
                "sess={}; Path=/{}; Secure",
                c("Set-Cookie value"),
                c("Set-Cookie path")
            )
        ),
        header(
            &format!("X-Custom-{}", c("response header name")),
            &c("response header value")
        ),
        header(
            "Content-Type",
            &format!("text/{}", c("Content-Type subtype"))
        ),
    ]);
    let mut first = entry("2024-05-01T11:59:50.000Z", first, first_response);
    first["pageref"] = json!(format!("page_{}", c("pageref")));
    first["serverIPAddress"] = json!("10.20.30.42");
    first["connection"] = json!(c("connection"));
    first["comment"] = json!(c("entry comment"));
    first["_initiator"] = json!({
        "type": "script",
        "url": format!("https://cdn.example/{}.js", c("_initiator url path")),
        "stack": { "callFrames": [{ "functionName": c("_initiator function"), "lineNumber": 3 }] },
    });
    first["_priority"] = json!("VeryHigh");
    first["_transferSize"] = json!(1234);
    first[format!("_{}", c("extension field name"))] = json!(c("extension field value"));
    entries.push(first);

    // 1: an API call with JSON both ways (the response base64).
    let mut api = request("POST", "https://idp.example/api/v1/authn");
    api["postData"] = json!({
        "mimeType": "application/json",
        "text": json!({
            "username": c("JSON request value"),
            "password": c("JSON password"),
            c("JSON key"): { "nested": c("JSON nested value") },
        }).to_string(),
    });
    let api_response = json!({
        "mimeType": "application/json", "size": 10, "encoding": "base64",
        "text": STANDARD.encode(json!({ "session": c("JSON response value") }).to_string()),
    });
    entries.push(entry(
        "2024-05-01T11:59:51.000Z",
        api,
        response(200, api_response),
    ));

    // 2-8: bodies redaction cannot read.
    let mut plain = request("POST", "https://idp.example/log");
    plain["postData"] = json!({ "mimeType": "text/plain", "text": format!("note {}", c("text/plain request body")) });
    entries.push(entry(
        "2024-05-01T11:59:52.000Z",
        plain,
        response(204, json!({ "mimeType": "", "size": 0 })),
    ));
    let mut multipart = request("POST", "https://idp.example/upload");
    multipart["postData"] = json!({
        "mimeType": "multipart/form-data; boundary=x",
        "text": format!("--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n{}\r\n--x--", c("multipart body")),
        "params": [{ "name": "f", "value": c("multipart param value"), "fileName": format!("{}.txt", c("upload file name")), "contentType": "text/plain" }],
    });
    entries.push(entry("2024-05-01T11:59:52.100Z", multipart, response(200, json!({ "mimeType": format!("application/{}", c("unknown MIME type")), "size": 4, "text": c("unknown MIME body") }))));
    entries.push(entry(
        "2024-05-01T11:59:52.200Z",
        request("GET", "https://idp.example/gz"),
        response(200, json!({ "mimeType": "text/html", "encoding": "gzip", "text": c("unknown encoding body") })),
    ));
    let mut binary = vec![0xFF, 0xFE, 0x00];
    binary.extend(c("binary body").as_bytes());
    binary.extend([0x80, 0x81]);
    entries.push(entry(
        "2024-05-01T11:59:52.300Z",
        request("GET", "https://idp.example/bin"),
        response(200, json!({ "mimeType": "application/octet-stream", "encoding": "base64", "text": STANDARD.encode(&binary) })),
    ));
    entries.push(entry(
        "2024-05-01T11:59:52.400Z",
        request("GET", "https://idp.example/bad64"),
        response(200, json!({ "mimeType": "text/html", "encoding": "base64", "text": format!("!!{}!!", c("base64 body that does not decode")) })),
    ));
    let mut xml_api = request("POST", "https://idp.example/soap");
    xml_api["postData"] = json!({ "mimeType": "text/xml", "text": format!("<Envelope><Body>{}</Body></Envelope>", c("XML request body")) });
    entries.push(entry("2024-05-01T11:59:52.500Z", xml_api, response(200, json!({ "mimeType": "application/json", "text": format!("{{not json {}", c("JSON body that does not parse")) }))));
    let mut weird = request(
        &c("HTTP method").to_uppercase(),
        "https://idp.example/weird",
    );
    weird["httpVersion"] = json!(format!("HTTP/{}", c("httpVersion")));
    entries.push(entry(
        "2024-05-01T11:59:52.600Z",
        weird,
        response(200, json!({ "mimeType": "text/html", "size": 0 })),
    ));

    // 9: WebSocket frames.
    let mut socket = entry(
        "2024-05-01T11:59:53.000Z",
        request("GET", "wss://idp.example/socket"),
        response(101, json!({ "mimeType": "", "size": 0 })),
    );
    socket["_webSocketMessages"] = json!([
        { "type": "send", "time": 1.0, "opcode": 1, "data": format!("hello {}", c("WebSocket text frame")) },
        { "type": "receive", "time": 1.1, "opcode": 1, "data": json!({ "user": c("WebSocket JSON frame") }).to_string() },
        { "type": "receive", "time": 1.2, "opcode": 2, "data": STANDARD.encode(c("WebSocket binary frame")) },
    ]);
    entries.push(socket);

    // 10: Redirect binding, well-formed AuthnRequest, with RelayState and a signature.
    let request_xml = authn_request_xml("Redirect");
    entries.push(entry(
        "2024-05-01T11:59:54.000Z",
        request(
            "GET",
            &format!(
                "https://idp.example/sso/{}?SAMLRequest={}&RelayState={}&SigAlg={}&Signature={}",
                c("Redirect URL path"),
                percent(&STANDARD.encode(deflate(request_xml.as_bytes()))),
                c("Redirect RelayState"),
                percent("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
                percent(&STANDARD.encode(c("Redirect Signature"))),
            ),
        ),
        response(302, json!({ "mimeType": "", "size": 0 })),
    ));
    // 11: Redirect, valid DEFLATE of XML cut mid-way.
    let before = mark();
    let cut_request = authn_request_xml("Redirect cut");
    let cut_request = &cut_request[..cut_request
        .find("<samlp:NameIDPolicy")
        .expect("has a policy")
        + 30];
    forget_cut(before, cut_request);
    entries.push(entry(
        "2024-05-01T11:59:54.100Z",
        request(
            "GET",
            &format!(
                "https://idp.example/sso?SAMLRequest={}",
                percent(&STANDARD.encode(deflate(cut_request.as_bytes())))
            ),
        ),
        response(302, json!({ "mimeType": "", "size": 0 })),
    ));
    // 12: Redirect, DEFLATE that does not inflate.
    let mut garbage = c("DEFLATE that does not inflate").into_bytes();
    garbage.extend([0xFF; 12]);
    entries.push(entry(
        "2024-05-01T11:59:54.200Z",
        request(
            "GET",
            &format!(
                "https://idp.example/sso?SAMLRequest={}",
                percent(&STANDARD.encode(&garbage))
            ),
        ),
        response(302, json!({ "mimeType": "", "size": 0 })),
    ));

    // 13: the IdP's auto-post page, with other content around the form.
    let page_response = STANDARD.encode(cut_response("auto-post page cut"));
    let page = format!(
        "<html><head><title>{}</title><script>var user = \"{}\";</script></head><body onload=\"document.forms[0].submit()\">\
<p>Signing in {}</p><form method=\"post\" action=\"{acs}/{}\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{page_response}\"/>\
<input type=\"hidden\" name=\"RelayState\" value=\"{}\"/></form></body></html>",
        c("auto-post page title"),
        c("auto-post page script"),
        c("auto-post page text"),
        c("auto-post form action path"),
        c("auto-post RelayState"),
    );
    entries.push(entry(
        "2024-05-01T11:59:55.000Z",
        request("GET", "https://idp.example/app/aws/sso/saml"),
        response(200, html(&page)),
    ));

    // 14: POST binding, the whole Response, RelayState and another field.
    let whole = STANDARD.encode(response_xml("POST"));
    entries.push(entry(
        "2024-05-01T12:00:00.000Z",
        post_form(
            acs,
            &format!(
                "SAMLResponse={}&RelayState={}&{}={}",
                percent(&whole),
                percent(&format!(
                    "https://console.aws.amazon.com/{}/home?x={}",
                    c("RelayState URL path"),
                    c("RelayState URL query")
                )),
                c("form field name"),
                c("form field value"),
            ),
        ),
        response(200, html(&format!("<p>{}</p>", c("ACS response page")))),
    ));
    // 15-19: POST binding, values redaction cannot read.
    let cut_xml = STANDARD.encode(cut_response("POST cut mid-XML"));
    let before = mark();
    let full = response_xml("POST cut mid-base64");
    let encoded = STANDARD.encode(&full);
    let cut_base64 = &encoded[..encoded.len() * 2 / 3 + 1];
    // What is left of the message: the whole groups of four before the cut.
    forget_cut(before, &full[..(cut_base64.len() / 4) * 3 - 3]);
    let mut garbage = c("base64 of garbage").into_bytes();
    garbage.extend([0x00, 0xFF, 0xFE, 0x80]);
    let json_value = format!("{{\"u\":\"{}\"}}", c("SAMLResponse that is JSON"));
    let html_value = format!(
        "<html><body><p>{}<br></body></html>",
        c("SAMLResponse that is HTML")
    );
    for (index, value) in [
        cut_xml,
        cut_base64.to_owned(),
        STANDARD.encode(&garbage),
        STANDARD.encode(json_value),
        STANDARD.encode(html_value),
    ]
    .into_iter()
    .enumerate()
    {
        entries.push(entry(
            &format!("2024-05-01T12:00:0{}.000Z", index + 1),
            post_form(
                acs,
                &format!(
                    "SAMLResponse={}&RelayState={}",
                    percent(&value),
                    c("POST RelayState")
                ),
            ),
            response(200, html("")),
        ));
    }
    // 20: Chrome's params without a body text, with a parameter of our own.
    let mut params = request("POST", acs);
    params["postData"] = json!({
        "mimeType": "application/x-www-form-urlencoded",
        "params": [
            { "name": "SAMLResponse", "value": percent(&STANDARD.encode(cut_response("params cut"))) },
            { "name": c("params name"), "value": c("params value") },
        ],
    });
    entries.push(entry(
        "2024-05-01T12:00:07.000Z",
        params,
        response(200, html("")),
    ));

    let har = json!({
        "log": {
            "version": "1.2",
            "creator": { "name": c("creator name"), "version": "1.0" },
            "browser": { "name": "Chrome", "version": c("browser version") },
            "comment": c("log comment"),
            "_custom": c("log extension field"),
            "pages": [
                { "startedDateTime": "2024-05-01T11:59:50.000Z", "id": "page_1",
                  "title": format!("https://idp.example/login/{}?user={}", c("page title URL path"), c("page title URL query")),
                  "pageTimings": { "onContentLoad": 10, "onLoad": 20, "comment": c("pageTimings comment") } },
                { "startedDateTime": "2024-05-01T11:59:51.000Z", "id": "page_2",
                  "title": format!("{} - Sign in", c("page title text")) },
            ],
            "entries": entries,
        }
    });
    serde_json::to_string_pretty(&har).expect("a JSON value serializes")
}

// ---------------------------------------------------------------------------------
// Finding canaries in an output.

/// Finds every planted canary in a text in one pass: each form a canary can take
/// (clear in lower case, looked for in the lower-cased text; percent-encoded; base64
/// at each alignment, standard and URL-safe) indexed by its first eight bytes.
struct Detector {
    /// First eight bytes of a form → the forms that start so.
    forms: std::collections::HashMap<[u8; 8], Vec<Form>>,
    canaries: Vec<(String, String)>,
}

/// One form of a canary: its bytes, the canary's index, the form's name, and whether
/// it is looked for in the lower-cased text.
type Form = (Vec<u8>, usize, &'static str, bool);

impl Detector {
    fn new(canaries: Vec<(String, String)>) -> Detector {
        let mut forms: std::collections::HashMap<[u8; 8], Vec<_>> = Default::default();
        let mut add = |form: Vec<u8>, index: usize, name: &'static str, lower: bool| {
            if let Some(key) = form.get(..8).and_then(|key| <[u8; 8]>::try_from(key).ok()) {
                forms
                    .entry(key)
                    .or_default()
                    .push((form, index, name, lower));
            }
        };
        for (index, (canary, _)) in canaries.iter().enumerate() {
            add(canary.to_lowercase().into_bytes(), index, "clear", true);
            add(
                percent(canary).into_bytes(),
                index,
                "percent-encoded",
                false,
            );
            add(
                percent(canary).to_lowercase().into_bytes(),
                index,
                "percent-encoded",
                true,
            );
            let bytes = canary.as_bytes();
            for alignment in 0..3 {
                let mut padded = vec![b'A'; alignment];
                padded.extend_from_slice(bytes);
                // Only the characters that depend on the canary's bytes alone.
                let start = alignment.div_ceil(3) * 4;
                let end = (alignment + bytes.len()) / 3 * 4;
                for encoded in [STANDARD.encode(&padded), URL_SAFE_NO_PAD.encode(&padded)] {
                    add(
                        encoded.as_bytes()[start..end].to_vec(),
                        index,
                        "base64",
                        false,
                    );
                }
            }
        }
        Detector { forms, canaries }
    }

    /// The canaries found in `text` (indexes), with the form found.
    fn scan(&self, text: &str, found: &mut std::collections::BTreeMap<usize, &'static str>) {
        let lower = text.to_lowercase();
        for (haystack, lowered) in [(text.as_bytes(), false), (lower.as_bytes(), true)] {
            for at in 0..haystack.len().saturating_sub(7) {
                let Some(candidates) = haystack[at..at + 8]
                    .try_into()
                    .ok()
                    .and_then(|key: [u8; 8]| self.forms.get(&key))
                else {
                    continue;
                };
                for (form, index, name, lower) in candidates {
                    if *lower == lowered && haystack[at..].starts_with(form) {
                        found.entry(*index).or_insert(name);
                    }
                }
            }
        }
    }
}

/// Everything that decodes from `text`: each run that could be an encoded value (and
/// each part of it after a `=`), percent-decoded, base64-decoded and inflated, a PEM
/// block's body as a whole, and what decodes from those, to a depth of three.
fn decodings(text: &str, depth: usize, out: &mut Vec<String>) {
    if depth == 0 {
        return;
    }
    for block in text.split("-----BEGIN CERTIFICATE-----").skip(1) {
        let body: String = block
            .split("-----END")
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if let Ok(bytes) = STANDARD.decode(body) {
            out.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    let is_value = |c: char| c.is_ascii_alphanumeric() || "+/=%_-".contains(c);
    for run in text
        .split(|c: char| !is_value(c))
        .filter(|run| run.len() >= 8)
    {
        let mut candidates = vec![run.to_owned()];
        candidates.extend(
            run.match_indices('=')
                .map(|(at, _)| run[at + 1..].to_owned())
                .filter(|rest| rest.len() >= 8),
        );
        for candidate in candidates.clone() {
            if let Ok(decoded) = saml_inspector::decode::percent_decode(&candidate, true) {
                let decoded = String::from_utf8_lossy(&decoded).into_owned();
                if decoded != candidate {
                    out.push(decoded.clone());
                    decodings(&decoded, depth - 1, out);
                    candidates.push(decoded);
                }
            }
        }
        for candidate in candidates {
            let Ok(bytes) = saml_inspector::decode::base64_lenient(candidate.as_bytes(), 1 << 24)
            else {
                continue;
            };
            let decoded = String::from_utf8_lossy(&bytes).into_owned();
            out.push(decoded.clone());
            decodings(&decoded, depth - 1, out);
            if let Ok(inflated) = miniz_oxide::inflate::decompress_to_vec(&bytes) {
                let inflated = String::from_utf8_lossy(&inflated).into_owned();
                out.push(inflated.clone());
                decodings(&inflated, depth - 1, out);
            }
        }
    }
}

/// The canaries that can be read in `texts` or in what decodes from them, as
/// `place (canary) as form`.
fn findings(detector: &Detector, texts: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = texts.iter().map(|text| (*text).to_owned()).collect();
    for text in texts {
        decodings(text, 3, &mut all);
    }
    let mut found = std::collections::BTreeMap::new();
    for text in &all {
        detector.scan(text, &mut found);
    }
    let mut lines: Vec<String> = found
        .into_iter()
        .map(|(index, form)| {
            let (canary, place) = &detector.canaries[index];
            format!("{place} ({canary}) as {form}")
        })
        .collect();
    for address in ["10.20.30.40", "10.20.30.41", "10.20.30.42", "10.20.30.43"] {
        if all.iter().any(|text| text.contains(address)) {
            lines.push(format!("IP address {address}"));
        }
    }
    lines
}

/// Every planted canary still readable in `output`.
fn survivors(output: &str) -> Vec<String> {
    findings(&Detector::new(planted()), &[output])
}

fn assert_no_canary(label: &str, output: &str) {
    let found = survivors(output);
    assert!(
        found.is_empty(),
        "{label}: {} canaries survive redaction:\n{}",
        found.len(),
        found.join("\n")
    );
}

// ---------------------------------------------------------------------------------
// The analysis of the whole corpus.

struct Corpus {
    har: String,
    certificate_pem: String,
    trusted_pem: String,
    /// Standalone inputs as a user pastes them.
    pasted: Vec<String>,
    har_name: String,
    certificate_name: String,
    trusted_name: String,
    username: String,
    audience: String,
    acs: String,
    error: String,
}

fn corpus() -> Corpus {
    let har = canary_har();
    let certificate_pem = pem(&certificate_der("PEM input"));
    let trusted_pem = pem(&certificate_der("trusted key"));
    let pasted_cut = STANDARD.encode(cut_response("pasted cut"));
    let mut garbage = canary("pasted DEFLATE that does not inflate").into_bytes();
    garbage.extend([0xFF; 9]);
    let pasted = vec![
        // A copied SAMLResponse, cut mid-XML.
        pasted_cut,
        // A redirect URL whose SAMLRequest does not inflate.
        format!(
            "https://idp.example/sso/{}?SAMLRequest={}&RelayState={}",
            canary("pasted URL path"),
            percent(&STANDARD.encode(&garbage)),
            canary("pasted URL RelayState")
        ),
        // A form body whose SAMLResponse is JSON.
        format!(
            "SAMLResponse={}&RelayState={}",
            percent(&STANDARD.encode(format!("{{\"u\":\"{}\"}}", canary("pasted JSON value")))),
            canary("pasted form RelayState")
        ),
        // Raw XML that is not well-formed.
        format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><saml:Issuer>{}</saml:Issuer><{}>",
            canary("pasted broken XML Issuer"),
            canary("pasted broken XML element")
        ),
    ];
    Corpus {
        har,
        certificate_pem,
        trusted_pem,
        pasted,
        har_name: format!("{}.har", canary("HAR file name")),
        certificate_name: format!("certs/{}/idp.pem", canary("certificate directory name")),
        trusted_name: format!("{}-idp.pem", canary("trusted key file name")),
        username: canary("--expect username"),
        audience: format!(
            "https://signin.aws.amazon.com/{}",
            canary("--expect audience")
        ),
        acs: format!(
            "https://signin.aws.amazon.com/saml/{}",
            canary("--expect acs")
        ),
        error: format!("Sign-in failed for {}", canary("--error text")),
    }
}

fn options(corpus: &Corpus) -> Options {
    let mut options = Options {
        reference_time: Timestamp::parse(NOW),
        error_text: Some(corpus.error.clone()),
        ..Options::default()
    };
    options
        .expect
        .set("username", &corpus.username)
        .expect("a user name");
    options
        .expect
        .set("audience", &corpus.audience)
        .expect("an audience");
    options.expect.set("acs", &corpus.acs).expect("an ACS URL");
    saml_inspector::load_trust(
        &mut options,
        Input {
            name: &corpus.trusted_name,
            bytes: corpus.trusted_pem.as_bytes(),
        },
    )
    .expect("the generated certificate is read as a trust anchor");
    options
}

fn analyse(corpus: &Corpus) -> Report {
    let mut inputs = vec![
        Input {
            name: &corpus.har_name,
            bytes: corpus.har.as_bytes(),
        },
        Input {
            name: &corpus.certificate_name,
            bytes: corpus.certificate_pem.as_bytes(),
        },
    ];
    let names: Vec<String> = (0..corpus.pasted.len())
        .map(|index| format!("pasted {index}"))
        .collect();
    for (text, name) in corpus.pasted.iter().zip(&names) {
        inputs.push(Input {
            name,
            bytes: text.as_bytes(),
        });
    }
    let now = Timestamp::parse(NOW).expect("a valid time");
    analyze(&inputs, &options(corpus), now)
}

#[test]
fn every_canary_is_planted_where_the_outputs_would_show_it() {
    let corpus = corpus();
    let report = analyse(&corpus);
    // The corpus is read as meant: one HAR, a certificate, four pasted inputs.
    assert_eq!(report.inputs.len(), 6);
    assert!(
        !report.inputs[1].certificates.is_empty(),
        "{:?}",
        report.inputs[1]
    );
    assert_eq!(report.trust.len(), 1, "{:?}", report.trust);
    let kinds: Vec<&str> = report.messages.iter().map(|m| m.kind.as_str()).collect();
    assert!(
        kinds.iter().filter(|kind| **kind == "Response").count() >= 1,
        "{kinds:?}"
    );
    assert!(kinds.contains(&"AuthnRequest"), "{kinds:?}");
    // Unredacted, every canary is somewhere in the inputs, the arguments or the
    // report: the check can fail.
    let mut everything = vec![
        corpus.har.clone(),
        corpus.certificate_pem.clone(),
        corpus.trusted_pem.clone(),
        corpus.har_name.clone(),
        corpus.certificate_name.clone(),
        corpus.trusted_name.clone(),
        corpus.username.clone(),
        corpus.audience.clone(),
        corpus.acs.clone(),
        corpus.error.clone(),
    ];
    everything.extend(corpus.pasted.iter().cloned());
    let everything: Vec<&str> = everything.iter().map(String::as_str).collect();
    let detector = Detector::new(planted());
    let found = findings(&detector, &everything);
    let missing: Vec<(String, String)> = planted()
        .into_iter()
        .filter(|(canary, _)| !found.iter().any(|line| line.contains(canary.as_str())))
        .collect();
    assert!(missing.is_empty(), "planted but not findable: {missing:?}");
    // And the unredacted report shows the ones it reads (the outputs could leak them).
    let plain = serde_json::to_string(&report).expect("the report serializes");
    let shown = survivors(&plain);
    for place in [
        "POST NameID",
        "POST StatusMessage",
        "POST attribute Name",
        "PEM input certificate subject CN",
        "HAR file name",
        "HTTP method",
        "POST cut mid-XML NameID",
        "SAMLResponse that is JSON",
    ] {
        assert!(
            shown.iter().any(|line| line.starts_with(place)),
            "{place} is not in the unredacted report: {shown:#?}"
        );
    }
}

#[test]
fn no_canary_survives_the_report_exports() {
    let corpus = corpus();
    let report = analyse(&corpus);
    let redacted = redact::redact_report(&report, Policy::default(), SALT);
    assert_no_canary("markdown", &export::markdown(&redacted));
    assert_no_canary("json", &export::json(&redacted));
    assert_no_canary("html", &export::html(&redacted));
    assert_no_canary("text", &export::text(&redacted));
    // The page's exports go through the engine.
    for format in [
        ExportFormat::Markdown,
        ExportFormat::Json,
        ExportFormat::Html,
    ] {
        let text = engine::export(&report, format, Policy::default(), SALT, None)
            .expect("the engine exports the report");
        assert_no_canary(&format!("engine {format:?}"), &text);
    }
}

#[test]
fn no_canary_survives_the_sanitized_har() {
    let corpus = corpus();
    let report = analyse(&corpus);
    let mut redacted = redact::redact_report(&report, Policy::default(), SALT);
    let sanitized =
        har::sanitize(&mut redacted.redactor, corpus.har.as_bytes()).expect("the HAR is JSON");
    assert_no_canary("sanitized HAR", &sanitized);
    let engine_har = engine::export(
        &report,
        ExportFormat::Har,
        Policy::default(),
        SALT,
        Some(corpus.har.as_bytes()),
    )
    .expect("the engine sanitizes the HAR");
    assert_no_canary("engine sanitized HAR", &engine_har);
    // Still a HAR with every entry, and the Redirect parameter rebuilt as DEFLATE.
    let value: Value = serde_json::from_str(&sanitized).expect("the sanitized HAR is JSON");
    let entries = value["log"]["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 21);
    let redirect = entries[10]["request"]["url"].as_str().expect("a URL");
    let parameter = redirect
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("SAMLRequest="))
        .expect("the SAMLRequest is still there");
    let bytes = STANDARD
        .decode(saml_inspector::decode::percent_decode(parameter, false).expect("percent"))
        .expect("base64");
    let inflated = miniz_oxide::inflate::decompress_to_vec(&bytes).expect("DEFLATE");
    assert!(
        String::from_utf8_lossy(&inflated).starts_with("<samlp:AuthnRequest"),
        "{}",
        String::from_utf8_lossy(&inflated)
    );
}

fn run_cli(arguments: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_saml-inspect"))
        .args(arguments)
        .output()
        .expect("saml-inspect runs")
}

#[test]
fn no_canary_survives_the_cli_in_any_format() {
    let corpus = corpus();
    let directory = std::env::temp_dir().join(format!("canaries-{}", std::process::id()));
    let write = |name: &str, text: &str| {
        let path = directory.join(name);
        std::fs::create_dir_all(path.parent().expect("a file has a directory"))
            .expect("the directory can be made");
        std::fs::write(&path, text).expect("the file can be written");
        path.to_str().expect("an ASCII path").to_owned()
    };
    let har = write(&corpus.har_name, &corpus.har);
    let certificate = write(&corpus.certificate_name, &corpus.certificate_pem);
    let trusted = write(&corpus.trusted_name, &corpus.trusted_pem);
    let mut pasted = Vec::new();
    for (index, text) in corpus.pasted.iter().enumerate() {
        pasted.push(write(&format!("pasted-{index}.txt"), text));
    }
    let username = format!("username={}", corpus.username);
    let audience = format!("audience={}", corpus.audience);
    let acs = format!("acs={}", corpus.acs);
    for format in ["text", "json", "markdown", "html", "har"] {
        let mut arguments = vec![
            "--redact",
            "--salt",
            "s",
            "--format",
            format,
            "--at",
            NOW,
            "--trust",
            &trusted,
            "--expect",
            &username,
            "--expect",
            &audience,
            "--expect",
            &acs,
            "--error",
            &corpus.error,
            &har,
            &certificate,
        ];
        arguments.extend(pasted.iter().map(String::as_str));
        let output = run_cli(&arguments);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{format}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
        assert_no_canary(&format!("saml-inspect --redact --format {format}"), &stdout);
        assert_no_canary(
            &format!("saml-inspect --format {format} (standard error)"),
            &String::from_utf8_lossy(&output.stderr),
        );
    }
    let _ = std::fs::remove_dir_all(&directory);
}

#[test]
fn a_truncated_saml_response_is_not_passed_through() {
    // The case of issue #16: a SAMLResponse cut mid-XML in a HAR went out unchanged in
    // every redacted export, with "Nothing needed replacing".
    let xml = cut_response("truncated");
    let value = STANDARD.encode(&xml);
    let har = json!({ "log": { "version": "1.2", "creator": { "name": "t", "version": "1" }, "entries": [
        entry("2024-05-01T12:00:00.000Z",
              post_form("https://signin.aws.amazon.com/saml", &format!("SAMLResponse={}", percent(&value))),
              response(200, html("")))
    ] } })
    .to_string();
    let now = Timestamp::parse(NOW).expect("a valid time");
    let report = analyze(
        &[Input {
            name: "login.har",
            bytes: har.as_bytes(),
        }],
        &Options::default(),
        now,
    );
    assert!(
        report.messages[0]
            .xml
            .as_deref()
            .is_some_and(|xml| xml.ends_with("</sam"))
    );
    let mut redacted = redact::redact_report(&report, Policy::default(), SALT);
    let markdown = export::markdown(&redacted);
    assert_no_canary("markdown", &markdown);
    assert!(!markdown.contains("Nothing needed replacing"), "{markdown}");
    assert!(
        markdown.contains(
            "pseudonymised word by word: XML (message 1 (input 1, request 1, SAMLResponse))"
        ),
        "{markdown}"
    );
    let sanitized = har::sanitize(&mut redacted.redactor, har.as_bytes()).expect("a HAR");
    assert_no_canary("sanitized HAR", &sanitized);
    // What is left still reads as a truncated Response: the same finding.
    let again = analyze(
        &[Input {
            name: "sanitized.har",
            bytes: sanitized.as_bytes(),
        }],
        &Options::default(),
        now,
    );
    let ids = |report: &Report| -> Vec<String> {
        report.messages[0]
            .findings
            .iter()
            .map(|finding| finding.id.as_str().to_owned())
            .collect()
    };
    assert_eq!(ids(&again), ids(&report));
}

#[test]
fn the_receipt_names_what_could_not_be_read() {
    let corpus = corpus();
    let report = analyse(&corpus);
    let mut redacted = redact::redact_report(&report, Policy::default(), SALT);
    let sanitized =
        har::sanitize(&mut redacted.redactor, corpus.har.as_bytes()).expect("the HAR is JSON");
    let receipt = redacted.redactor.receipt();
    let line = |what: &str, place: &str, action: UnreadAction| {
        receipt.unread.iter().find(|line| {
            line.what == what
                && line.action == action
                && line.places.iter().any(|p| p.contains(place))
        })
    };
    // (what, where, what became of it, a word of the reason)
    let expected: &[(&str, &str, UnreadAction, &str)] = &[
        (
            "XML",
            "request 16, SAMLResponse",
            UnreadAction::PseudonymisedWordByWord,
            "not well-formed",
        ),
        (
            "XML",
            "request 12, SAMLRequest",
            UnreadAction::PseudonymisedWordByWord,
            "not well-formed",
        ),
        (
            "XML",
            "request 14, SAMLResponse",
            UnreadAction::PseudonymisedWordByWord,
            "not well-formed",
        ),
        (
            "SAMLRequest value",
            "request 13",
            UnreadAction::DroppedWhole,
            "DEFLATE",
        ),
        (
            "SAMLResponse value",
            "request 18",
            UnreadAction::DroppedWhole,
            "not XML",
        ),
        (
            "SAMLResponse value",
            "request 19",
            UnreadAction::DroppedWhole,
            "not XML",
        ),
        (
            "request body",
            "request 3",
            UnreadAction::DroppedWhole,
            "type",
        ),
        (
            "request body",
            "request 4",
            UnreadAction::DroppedWhole,
            "type",
        ),
        (
            "response body",
            "request 1",
            UnreadAction::DroppedWhole,
            "page",
        ),
        (
            "response body",
            "request 4",
            UnreadAction::DroppedWhole,
            "type",
        ),
        (
            "response body",
            "request 5",
            UnreadAction::DroppedWhole,
            "encoding",
        ),
        (
            "response body",
            "request 6",
            UnreadAction::DroppedWhole,
            "binary",
        ),
        (
            "response body",
            "request 7",
            UnreadAction::DroppedWhole,
            "base64",
        ),
        (
            "response body",
            "request 8",
            UnreadAction::DroppedWhole,
            "JSON",
        ),
        (
            "WebSocket frame",
            "request 10",
            UnreadAction::DroppedWhole,
            "binary",
        ),
        (
            "SAML value",
            "message",
            UnreadAction::DroppedWhole,
            "decoded",
        ),
    ];
    for (what, place, action, reason) in expected {
        let found = line(what, place, *action);
        assert!(
            found.is_some_and(|line| line.reason.contains(reason)),
            "no receipt line for {what} at {place} ({action:?}, {reason}): {:#?}",
            receipt.unread
        );
    }
    // The sanitized HAR carries the receipt in log.comment; the exports print it.
    let value: Value = serde_json::from_str(&sanitized).expect("JSON");
    let comment = value["log"]["comment"].as_str().expect("a comment");
    assert!(
        comment.contains("Could not be read, dropped whole: request body"),
        "{comment}"
    );
    let markdown = export::markdown(&redacted);
    assert!(
        markdown.contains("Could not be read, so not passed through"),
        "{markdown}"
    );
    let json: Value = serde_json::from_str(&export::json(&redacted)).expect("JSON");
    assert!(
        !json["redaction"]["unread"]
            .as_array()
            .expect("unread")
            .is_empty()
    );
}

#[test]
fn the_sanitized_canary_har_reads_back_as_the_same_messages() {
    let corpus = corpus();
    let now = Timestamp::parse(NOW).expect("a valid time");
    let analyse_har = |bytes: &[u8]| {
        analyze(
            &[Input {
                name: "login.har",
                bytes,
            }],
            &Options::default(),
            now,
        )
    };
    let report = analyse_har(corpus.har.as_bytes());
    let mut redacted = redact::redact_report(&report, Policy::default(), SALT);
    let sanitized =
        har::sanitize(&mut redacted.redactor, corpus.har.as_bytes()).expect("the HAR is JSON");
    let again = analyse_har(sanitized.as_bytes());
    let outline = |report: &Report| -> Vec<(String, Option<usize>, Vec<String>)> {
        report
            .messages
            .iter()
            .map(|message| {
                let mut errors: Vec<String> = message
                    .findings
                    .iter()
                    .filter(|finding| finding.severity == saml_inspector::checks::Severity::Error)
                    .map(|finding| finding.id.as_str().to_owned())
                    .filter(|id| !id.starts_with("core.sig") && !id.starts_with("core.cert"))
                    .collect();
                errors.sort();
                (
                    message.kind.as_str().to_owned(),
                    message.origin.har_entry,
                    errors,
                )
            })
            .collect()
    };
    assert_eq!(outline(&again), outline(&report));
}
