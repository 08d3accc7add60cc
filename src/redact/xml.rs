//! Redacting a SAML message's XML in place, byte for byte outside what is replaced, so
//! the result still parses, reads as the same kind of message and keeps every finding
//! that does not depend on a signature.
//!
//! Replaced: the text of `NameID` (and its `SPProvidedID`), of `AttributeValue`s other
//! than those kept on purpose ([`super::KEPT_ATTRIBUTES`]), `SessionIndex`,
//! `SubjectConfirmationData`/`SubjectLocality` `Address`, every comment's content, and
//! `SignatureValue` / `DigestValue` (by [`super::REDACTED_SIGNATURE`], so the signature
//! status of a redacted message says "not verifiable: redacted"). Input that is not
//! well-formed XML is redacted as text (every registered secret, and every long base64
//! run).

use super::{Category, REDACTED_SIGNATURE, Redactor, attribute_category, value_category};
use crate::limits::Limits;
use crate::xml::{self, Document, NS_DS, NS_SAML, NS_SAMLP, NodeId, NodeKind, Span};

/// Base64 runs at least this long in text that is not XML are replaced (certificates
/// and signatures are far longer; identifiers and words far shorter).
pub const LONG_BASE64: usize = 64;

/// `xml` with the values above replaced by tokens; registers each value replaced.
pub fn redact_xml(redactor: &mut Redactor, xml: &str) -> String {
    let Ok(document) = xml::parse(xml.as_bytes(), &Limits::default()) else {
        return redact_long_base64(redactor, xml);
    };
    let mut edits: Vec<(Span, String)> = Vec::new();
    for id in document.ids() {
        match &document.node(id).kind {
            NodeKind::Comment(content) if !content.trim().is_empty() && redactor.policy.tokens => {
                redactor.count(content, Category::Comment);
                edits.push((document.span(id), "<!--redacted-->".to_owned()));
            }
            NodeKind::Element(_) => element_edits(redactor, &document, id, &mut edits),
            _ => {}
        }
    }
    apply_edits(xml, edits)
}

fn element_edits(
    redactor: &mut Redactor,
    document: &Document,
    id: NodeId,
    edits: &mut Vec<(Span, String)>,
) {
    let is_saml = |local: &str| document.is(id, NS_SAML, local);
    // Attributes that carry a secret.
    let secret_attributes: &[(&str, Category)] = if is_saml("NameID") {
        &[("SPProvidedID", Category::NameId)]
    } else if is_saml("SubjectConfirmationData") || is_saml("SubjectLocality") {
        &[
            ("Address", Category::IpAddress),
            ("DNSName", Category::Token),
        ]
    } else if is_saml("AuthnStatement") {
        &[("SessionIndex", Category::Token)]
    } else {
        &[]
    };
    if let Some(element) = document.element(id) {
        for attribute in &element.attributes {
            let Some((_, category)) = secret_attributes
                .iter()
                .find(|(name, _)| attribute.namespace.is_none() && *attribute.name.local == **name)
            else {
                continue;
            };
            let token = redactor.secret(&attribute.value, *category);
            if token == attribute.value {
                continue;
            }
            let name = match &attribute.name.prefix {
                Some(prefix) => format!("{prefix}:{}", attribute.name.local),
                None => attribute.name.local.to_string(),
            };
            edits.push((
                attribute.span,
                format!("{name}=\"{}\"", super::xml_escape(&token)),
            ));
        }
    }
    // Elements whose text is a secret.
    let category = if is_saml("NameID") {
        Some(value_category(&document.text(id), Category::NameId))
    } else if is_saml("AttributeValue") {
        document
            .parent(id)
            .and_then(|parent| document.attribute(parent, "Name"))
            .map_or(Some(Category::AttributeValue), attribute_category)
            .map(|category| value_category(&document.text(id), category))
    } else if document.is(id, NS_SAMLP, "SessionIndex") {
        Some(Category::Token)
    } else if document.is(id, NS_DS, "SignatureValue") || document.is(id, NS_DS, "DigestValue") {
        if redactor.policy.signatures {
            redactor.count(&document.text(id), Category::Signature);
            edits.push((content_span(document, id), REDACTED_SIGNATURE.to_owned()));
        }
        None
    } else {
        None
    };
    let Some(category) = category else {
        return;
    };
    for node in document.descendants(id) {
        let text = match &document.node(node).kind {
            NodeKind::Text(text) | NodeKind::CData(text) => text,
            _ => continue,
        };
        let token = redactor.secret(text, category);
        if token != *text {
            edits.push((document.span(node), super::xml_escape(&token)));
        }
    }
}

/// The span of an element's content: from its first child to its last.
fn content_span(document: &Document, id: NodeId) -> Span {
    let children = document.children(id);
    match (children.first(), children.last()) {
        (Some(first), Some(last)) => Span {
            start: document.span(*first).start,
            end: document.span(*last).end,
        },
        _ => {
            // An empty element: insert nothing.
            let end = document.span(id).end;
            Span { start: end, end }
        }
    }
}

/// Applies non-overlapping edits (an edit inside an earlier one is dropped).
fn apply_edits(source: &str, mut edits: Vec<(Span, String)>) -> String {
    edits.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (span, replacement) in edits {
        if span.start < at || span.end > source.len() || span.start > span.end {
            continue;
        }
        let (Some(before), true) = (
            source.get(at..span.start),
            source.is_char_boundary(span.end),
        ) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&replacement);
        at = span.end;
    }
    out.push_str(source.get(at..).unwrap_or_default());
    out
}

/// Text that is not XML: every run of base64 of [`LONG_BASE64`] characters or more
/// (a message, a signature, a token) becomes a marker.
pub fn redact_long_base64(redactor: &mut Redactor, text: &str) -> String {
    let is_base64 = |byte: u8| {
        byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'/' | b'=' | b'-' | b'_' | b'%')
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut index = 0;
    while index < bytes.len() {
        if !is_base64(bytes[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && is_base64(bytes[index]) {
            index += 1;
        }
        let run = &text[start..index];
        let has_digit = run.bytes().any(|byte| byte.is_ascii_digit());
        let has_upper = run.bytes().any(|byte| byte.is_ascii_uppercase());
        let has_lower = run.bytes().any(|byte| byte.is_ascii_lowercase());
        if run.len() >= LONG_BASE64 && has_digit && has_upper && has_lower && redactor.policy.tokens
        {
            redactor.count(run, Category::Body);
            out.push_str(&text[at..start]);
            out.push_str("REDACTED-OPAQUE-VALUE");
            at = index;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Secrets the typed model holds as whole fields, in its JSON form: replaced wherever
/// the field's whole value is a known secret (short values included), and the
/// signature fields by the marker.
pub fn redact_model_json(redactor: &mut Redactor, value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if let serde_json::Value::String(text) = item {
                    let lower = key.to_ascii_lowercase();
                    if lower.contains("signature_value") || lower.contains("digest_value") {
                        *text = REDACTED_SIGNATURE.to_owned();
                    } else if lower == "session_index" || lower == "sp_provided_id" {
                        *text = redactor.secret(text, Category::Token);
                    } else if lower == "address" {
                        *text = redactor.secret(text, Category::IpAddress);
                    } else {
                        *text = redactor.replace_whole(text);
                    }
                } else {
                    redact_model_json(redactor, item);
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                if let serde_json::Value::String(text) = item {
                    *text = redactor.replace_whole(text);
                } else {
                    redact_model_json(redactor, item);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Policy;
    use crate::testing::{AttributeSpec, ResponseSpec, SESSION_NAME_ATTRIBUTE};

    #[test]
    fn values_are_replaced_and_the_rest_kept() {
        let mut spec = ResponseSpec {
            name_id: Some("jd<!-- x -->oe@example.com".to_owned()),
            ..Default::default()
        };
        spec.attributes
            .push(AttributeSpec::new("department", &["Finance & Risk"]));
        spec.attributes[1] = AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &["jdoe "]);
        let xml = spec.xml();
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let redacted = redact_xml(&mut redactor, &xml);
        assert!(
            xml::parse(redacted.as_bytes(), &Limits::default()).is_ok(),
            "{redacted}"
        );
        for secret in ["jd", "oe@example.com", "Finance", "jdoe"] {
            assert!(!redacted.contains(secret), "{secret} survived: {redacted}");
        }
        let token = redactor.token("jdoe ");
        assert!(redacted.contains(&format!(">{token}<")), "{redacted}");
        for kept in [
            "arn:aws:iam::111122223333:role/SamlReadOnly",
            "http://www.okta.com/exk1example2idp3",
            "3600",
            "https://signin.aws.amazon.com/saml",
            "<!--redacted-->",
        ] {
            assert!(redacted.contains(kept), "{kept} lost: {redacted}");
        }
    }

    #[test]
    fn text_that_is_not_xml_loses_long_base64() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let blob = "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiPg==";
        let redacted = redact_xml(&mut redactor, &format!("<broken {blob}"));
        assert!(!redacted.contains(&blob[..20]), "{redacted}");
    }
}
