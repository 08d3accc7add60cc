//! Query strings, form bodies and HTML auto-post forms: finding the fields that carry
//! SAML messages, keeping their values exactly as they appeared.
//!
//! Owns finding the SAML fields among the fields of a query string or form body (SAML
//! Bindings §3.4.4, §3.5.4; the splitting into fields is [`crate::decode`]'s) and turning
//! each into a [`Capture`], with the Redirect signature's exact octets; and the reading of
//! `<form>`/`<input>` tags in the HTML page an IdP returns to make the browser POST the
//! message (§3.5.4). Both run in one pass over their input, whatever it holds.
//!
//! Why not the `url` or `form_urlencoded` crates: they decode as they split, and a
//! Redirect-binding signature covers the parameters exactly as they were encoded (SAML
//! Bindings §3.4.4.1), so the raw text of each field must be kept; and an HTML form is
//! not a URL.

use super::{Binding, Capture, Origin, RedirectSignature, SamlParameter};
use crate::decode::{self, FormField, Transport};
use crate::limits::Limits;

/// The SAML parameter a field is, if its name is one (exactly, as written or
/// percent-decoded: the bindings define the names case-sensitively).
fn saml_parameter(field: &FormField<'_>) -> Option<SamlParameter> {
    [SamlParameter::SamlRequest, SamlParameter::SamlResponse]
        .into_iter()
        .find(|parameter| field.name_is(parameter.as_str()))
}

/// A SAML message found among the fields of a query string or form body, with the
/// fields that travel with it, all as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldMessage<'a> {
    pub parameter: SamlParameter,
    /// The value as received (still percent-encoded).
    pub value: &'a str,
    /// `RelayState`, percent-decoded.
    pub relay_state: Option<String>,
    /// Present when both `SigAlg` and `Signature` are (SAML Bindings §3.4.4.1).
    pub redirect_signature: Option<RedirectSignature>,
}

/// The SAML messages among `fields` (names compared after percent-decoding, exactly, as
/// the bindings define them case-sensitively), each with the first `RelayState`,
/// `SigAlg` and `Signature` of the same fields.
///
/// The signed octets follow SAML Bindings §3.4.4.1: `SAMLRequest=value&RelayState=value&
/// SigAlg=value` (or `SAMLResponse=...`), each value exactly as received, because URL
/// encoding is not canonical; `RelayState` only when the field is present.
pub(crate) fn field_messages<'a>(fields: &[FormField<'a>]) -> Vec<FieldMessage<'a>> {
    let find = |wanted: &str| fields.iter().find(|field| field.name_is(wanted));
    let relay_state = find("RelayState");
    let sig_alg = find("SigAlg");
    let signature = find("Signature");
    let mut messages = Vec::new();
    for field in fields {
        let Some(parameter) = saml_parameter(field) else {
            continue;
        };
        let redirect_signature = match (sig_alg, signature) {
            (Some(sig_alg), Some(signature)) => {
                let mut signed_octets = format!("{}={}", field.name, field.value);
                if let Some(relay_state) = relay_state {
                    signed_octets.push('&');
                    signed_octets.push_str(relay_state.name);
                    signed_octets.push('=');
                    signed_octets.push_str(relay_state.value);
                }
                signed_octets.push('&');
                signed_octets.push_str(sig_alg.name);
                signed_octets.push('=');
                signed_octets.push_str(sig_alg.value);
                Some(RedirectSignature {
                    sig_alg: sig_alg.decoded_value().into_owned(),
                    // base64 has no spaces: a space here is a `+` sent unencoded.
                    signature: signature.decoded_value().replace(' ', "+"),
                    signed_octets,
                })
            }
            _ => None,
        };
        messages.push(FieldMessage {
            parameter,
            value: field.value,
            relay_state: relay_state.map(|field| field.decoded_value().into_owned()),
            redirect_signature,
        });
    }
    messages
}

/// A capture of a message from a query string or form body. With `redirect`, the value
/// is decoded as the Redirect binding has it and `origin.binding` stays as given;
/// otherwise DEFLATE is a fallback and `origin.binding` becomes `Redirect` only when the
/// value turned out to be deflated.
pub(crate) fn field_capture(
    message: FieldMessage<'_>,
    origin: Origin,
    redirect: bool,
    limits: &Limits,
) -> Capture {
    field_capture_with(message, origin, redirect, Transport::FormEncoded, limits)
}

/// [`field_capture_with`] for a value found at `binding` in a capture of traffic (a HAR
/// entry, a SAML-tracer request): the binding is where the value was, not how it was
/// encoded.
pub(crate) fn capture_at(
    message: FieldMessage<'_>,
    origin: &Origin,
    binding: Binding,
    transport: Transport,
    limits: &Limits,
) -> Capture {
    let mut origin = origin.clone();
    origin.binding = binding;
    let mut capture = field_capture_with(
        message,
        origin,
        binding == Binding::Redirect,
        transport,
        limits,
    );
    capture.origin.binding = binding;
    capture
}

/// The SAML parameters of one request for its flow line: those of its captures, then
/// those seen without a message (`names_only`), each once, in that order.
pub(crate) fn flow_parameters(
    captures: &[Capture],
    names_only: Vec<SamlParameter>,
) -> Vec<SamlParameter> {
    let mut saml: Vec<SamlParameter> = Vec::new();
    for parameter in captures
        .iter()
        .filter_map(|capture| capture.origin.parameter)
        .chain(names_only)
    {
        if !saml.contains(&parameter) {
            saml.push(parameter);
        }
    }
    saml
}

/// [`field_capture`] for a value that reached us through `transport`.
pub(crate) fn field_capture_with(
    message: FieldMessage<'_>,
    mut origin: Origin,
    redirect: bool,
    transport: Transport,
    limits: &Limits,
) -> Capture {
    let decoded = decode::decode_value(message.value, transport, redirect, limits.decoded_bytes);
    if !redirect {
        origin.binding = match &decoded {
            Ok(decoded) if decoded.inflated => Binding::Redirect,
            _ => origin.binding,
        };
    }
    origin.parameter = Some(message.parameter);
    Capture {
        origin,
        payload: decoded.map(|decoded| decoded.xml),
        encoded: message.value.to_owned(),
        relay_state: message.relay_state,
        redirect_signature: message.redirect_signature,
        form_action: None,
    }
}

/// A named `<input>` of an HTML page, with the form it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlFormField {
    /// Which `<form>` of the page holds the input, counted from 0 in page order; `None`
    /// for an input outside any form.
    pub form: Option<usize>,
    /// The `action` of that form, HTML character references decoded.
    pub action: Option<String>,
    /// The input's `name`, references decoded.
    pub name: String,
    /// The input's `value`, references decoded (empty when absent).
    pub value: String,
}

/// The named `<input>` fields of the forms in an HTML page, in page order.
///
/// Tag and attribute names are matched case-insensitively; attribute values may be
/// double-quoted, single-quoted or unquoted, in any order; character references
/// (`&#x2b;`, `&#43;`, `&amp;`, `&quot;`, `&equals;` ...) are decoded, since IdPs often
/// encode base64's `+` and `=` that way. Comments are skipped. One pass, linear in the
/// length of the page: every byte is looked at a bounded number of times.
pub fn html_form_fields(html: &str) -> Vec<HtmlFormField> {
    let bytes = html.as_bytes();
    let mut fields = Vec::new();
    let mut forms_seen = 0usize;
    let mut current_form: Option<(usize, Option<String>)> = None;
    let mut position = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[position..]) {
        let tag_start = position + found;
        let rest = &bytes[tag_start + 1..];
        if rest.starts_with(b"!--") {
            position = match memchr::memmem::find(&rest[3..], b"-->") {
                Some(end) => tag_start + 1 + 3 + end + 3,
                None => bytes.len(),
            };
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = tag_start + 1 + usize::from(closing);
        let name_length = bytes[name_start..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count();
        let tag_name = &bytes[name_start..name_start + name_length];
        let after_name = name_start + name_length;
        let is_form = tag_name.eq_ignore_ascii_case(b"form");
        let is_input = tag_name.eq_ignore_ascii_case(b"input");
        if closing || !(is_form || is_input) {
            if closing && is_form {
                current_form = None;
            }
            position = after_name.max(tag_start + 1);
            continue;
        }
        let (attributes, tag_end) = read_attributes(bytes, after_name);
        position = tag_end;
        if is_form {
            let action = attribute(&attributes, b"action").map(decode_references);
            current_form = Some((forms_seen, action));
            forms_seen += 1;
            continue;
        }
        let Some(name) = attribute(&attributes, b"name") else {
            continue;
        };
        let value = attribute(&attributes, b"value").unwrap_or_default();
        fields.push(HtmlFormField {
            form: current_form.as_ref().map(|(index, _)| *index),
            action: current_form.as_ref().and_then(|(_, action)| action.clone()),
            name: decode_references(name),
            value: decode_references(value),
        });
    }
    fields
}

/// The first attribute named `name` (ASCII case-insensitive), as HTML keeps the first
/// of duplicates.
fn attribute<'a>(attributes: &[(&[u8], &'a str)], name: &[u8]) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(attribute_name, _)| attribute_name.eq_ignore_ascii_case(name))
        .map(|(_, value)| *value)
}

/// Reads the attributes of a tag whose name ends at `start`, up to the closing `>`.
/// Returns them (name, raw value) and the offset just past the tag (the end of the
/// input when the tag never closes).
fn read_attributes(bytes: &[u8], start: usize) -> (Vec<(&[u8], &str)>, usize) {
    let mut attributes = Vec::new();
    let mut position = start;
    loop {
        while position < bytes.len()
            && (bytes[position].is_ascii_whitespace() || bytes[position] == b'/')
        {
            position += 1;
        }
        match bytes.get(position) {
            None => return (attributes, bytes.len()),
            Some(b'>') => return (attributes, position + 1),
            Some(_) => {}
        }
        let name_start = position;
        while position < bytes.len()
            && !bytes[position].is_ascii_whitespace()
            && !matches!(bytes[position], b'=' | b'>' | b'/')
        {
            position += 1;
        }
        let name = &bytes[name_start..position];
        while position < bytes.len() && bytes[position].is_ascii_whitespace() {
            position += 1;
        }
        if bytes.get(position) != Some(&b'=') {
            attributes.push((name, ""));
            continue;
        }
        position += 1;
        while position < bytes.len() && bytes[position].is_ascii_whitespace() {
            position += 1;
        }
        let (value_start, value_end, next) = match bytes.get(position) {
            Some(&quote @ (b'"' | b'\'')) => {
                let value_start = position + 1;
                match memchr::memchr(quote, &bytes[value_start..]) {
                    Some(length) => (value_start, value_start + length, value_start + length + 1),
                    None => (value_start, bytes.len(), bytes.len()),
                }
            }
            _ => {
                let value_start = position;
                let length = bytes[value_start..]
                    .iter()
                    .take_while(|byte| !byte.is_ascii_whitespace() && **byte != b'>')
                    .count();
                (value_start, value_start + length, value_start + length)
            }
        };
        // Quotes, whitespace and `>` are ASCII, so these offsets are character boundaries.
        let value = std::str::from_utf8(&bytes[value_start..value_end]).unwrap_or_default();
        attributes.push((name, value));
        position = next;
    }
}

/// Decodes HTML character references (HTML §13.5): decimal and hex numeric references
/// and the named ones that appear in form values and URLs. Unknown names stay as
/// written; invalid code points become U+FFFD.
pub fn decode_references(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(ampersand) = rest.find('&') {
        decoded.push_str(&rest[..ampersand]);
        let after = &rest[ampersand + 1..];
        match read_reference(after) {
            Some((character, consumed)) => {
                decoded.push(character);
                rest = &after[consumed..];
            }
            None => {
                decoded.push('&');
                rest = after;
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// The character of the reference at the start of `text` (just after `&`) and how many
/// bytes it used, including the `;` when there is one.
fn read_reference(text: &str) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (radix, digits_start) = match bytes.get(1) {
            Some(b'x' | b'X') => (16, 2),
            _ => (10, 1),
        };
        let digits = bytes[digits_start..]
            .iter()
            .take_while(|byte| byte.is_ascii_hexdigit() && (radix == 16 || byte.is_ascii_digit()))
            .count();
        if digits == 0 {
            return None;
        }
        let digit_text = &text[digits_start..digits_start + digits];
        // More than 8 digits is out of range whatever they are; avoid overflow.
        let character = if digits > 8 {
            char::REPLACEMENT_CHARACTER
        } else {
            u32::from_str_radix(digit_text, radix)
                .ok()
                .and_then(|code| char::from_u32(code).filter(|&c| c != '\0'))
                .unwrap_or(char::REPLACEMENT_CHARACTER)
        };
        let mut consumed = digits_start + digits;
        if bytes.get(consumed) == Some(&b';') {
            consumed += 1;
        }
        return Some((character, consumed));
    }
    const NAMED: [(&str, char); 12] = [
        ("amp", '&'),
        ("quot", '"'),
        ("apos", '\''),
        ("lt", '<'),
        ("gt", '>'),
        ("plus", '+'),
        ("equals", '='),
        ("sol", '/'),
        ("percnt", '%'),
        ("num", '#'),
        ("colon", ':'),
        ("nbsp", '\u{a0}'),
    ];
    let name_length = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_alphanumeric())
        .count();
    let name = &text[..name_length];
    let (_, character) = NAMED.iter().find(|(known, _)| *known == name)?;
    let mut consumed = name_length;
    if bytes.get(consumed) == Some(&b';') {
        consumed += 1;
    } else if !matches!(name, "amp" | "quot" | "lt" | "gt") {
        // Only these few are recognised without a `;` (legacy HTML).
        return None;
    }
    Some((*character, consumed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::parse_query;

    #[test]
    fn names_match_as_written_or_decoded() {
        let all_escaped: String = "RelayState"
            .bytes()
            .map(|byte| format!("%{byte:02X}"))
            .collect();
        // (name, wanted, matches)
        let cases: &[(&str, &str, bool)] = &[
            ("RelayState", "RelayState", true),
            ("Relay%53tate", "RelayState", true),
            (&all_escaped, "RelayState", true),
            ("SAML+Response", "SAML Response", true),
            ("relaystate", "RelayState", false),
            ("RelayStateX", "RelayState", false),
            ("%zz", "RelayState", false),
            // Longer than any encoding of the name: not decoded, not it.
            (&format!("{all_escaped}+"), "RelayState", false),
        ];
        for &(name, wanted, matches) in cases {
            let field = FormField { name, value: "" };
            assert_eq!(field.name_is(wanted), matches, "{name} vs {wanted}");
        }
    }

    #[test]
    fn query_fields_keep_their_encoding() {
        let fields = parse_query("?SAMLRequest=fZ%2B+x&RelayState=&&flag&a=b=c");
        assert_eq!(
            fields,
            vec![
                FormField {
                    name: "SAMLRequest",
                    value: "fZ%2B+x"
                },
                FormField {
                    name: "RelayState",
                    value: ""
                },
                FormField {
                    name: "flag",
                    value: ""
                },
                FormField {
                    name: "a",
                    value: "b=c"
                },
            ]
        );
        assert_eq!(fields[0].decoded_value(), "fZ+ x");
        let encoded_name = FormField {
            name: "SAML%52esponse",
            value: "",
        };
        assert_eq!(encoded_name.decoded_name(), "SAMLResponse");
        let broken = FormField {
            name: "%zz",
            value: "%4",
        };
        assert_eq!(broken.decoded_name(), "%zz");
        assert_eq!(broken.decoded_value(), "%4");
    }

    #[test]
    fn finds_hidden_inputs_whatever_the_quoting() {
        let html = r#"<!DOCTYPE html><HTML><body onload="document.forms[0].submit()">
            <!-- <input name="Commented" value="no"> -->
            <FORM Method=POST ACTION='https://sp.example.com/acs?a=1&amp;b=2'>
            <Input TYPE=hidden Value="PHNhbWw&#x2b;&#43;&#X2B;&equals;&#61;" NAME=SAMLResponse />
            <input type='hidden' name='RelayState' value='/home&quot;x'>
            <input type="submit" value="Go">
            </form>
            <input name=outside value=1>"#;
        let fields = html_form_fields(html);
        assert_eq!(
            fields,
            vec![
                HtmlFormField {
                    form: Some(0),
                    action: Some("https://sp.example.com/acs?a=1&b=2".to_owned()),
                    name: "SAMLResponse".to_owned(),
                    value: "PHNhbWw+++==".to_owned(),
                },
                HtmlFormField {
                    form: Some(0),
                    action: Some("https://sp.example.com/acs?a=1&b=2".to_owned()),
                    name: "RelayState".to_owned(),
                    value: "/home\"x".to_owned(),
                },
                HtmlFormField {
                    form: None,
                    action: None,
                    name: "outside".to_owned(),
                    value: "1".to_owned(),
                },
            ]
        );
    }

    #[test]
    fn broken_pages_end_cleanly() {
        for html in [
            "<",
            "<input",
            "<input name=",
            "<input name=\"SAMLResponse\" value=\"abc",
            "<form action='x",
            "<!--",
            "<input name=a value=&#xFFFFFFFFFFFF; &#0; &#xD800; &amp &bogus; &",
            "<\u{e9}input name=a>",
        ] {
            let _ = html_form_fields(html);
        }
        assert_eq!(
            decode_references("&#xFFFFFFFFFFFF;&#0;&#xD800;&amp&bogus;&"),
            "\u{fffd}\u{fffd}\u{fffd}&&bogus;&"
        );
    }

    #[test]
    fn pathological_pages_are_read_to_the_end() {
        // An unclosed quote after many tags, many unclosed tags, many empty forms: each
        // is read to the end, at most one field per tag. How long that takes is measured
        // by scripts/measure-hostile-inputs, not asserted here.
        let many_tags = "<input name='a' value=\"".repeat(200_000);
        assert!(html_form_fields(&many_tags).len() <= 200_000);
        let many_lt = "<".repeat(2_000_000);
        assert!(html_form_fields(&many_lt).is_empty());
        let many_forms = "<form action=x>".repeat(200_000);
        assert!(html_form_fields(&many_forms).is_empty());
    }
}
