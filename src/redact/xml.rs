//! Redacting a SAML message's XML in place, byte for byte outside what is replaced, so
//! the result still parses, reads as the same kind of message and keeps every finding
//! that does not depend on a signature.
//!
//! Every text node, attribute value, namespace declaration, element and attribute name
//! and processing instruction goes through a rule; none is passed through because no
//! rule matched it:
//!
//! - secrets by their place, always a pseudonym: the text of `NameID` (and its
//!   `SPProvidedID`), of `AttributeValue`s (values of [`super::KEPT_ATTRIBUTES`] kept
//!   only with the shape AWS expects), `SessionIndex`, `KeyName`, `Address`,
//!   `DNSName`, metadata contact names, e-mail addresses and telephone numbers;
//! - `SignatureValue` and `DigestValue` become [`super::REDACTED_SIGNATURE`] (so the
//!   signature status of a redacted message says "not verifiable: redacted");
//!   certificates, CRLs, key values and cipher values become [`REDACTED_KEY`] (a
//!   certificate's DER holds its subject's names; its fingerprints stay in the report);
//! - certificate names in `X509SubjectName` / `X509IssuerName`: the attribute types
//!   kept, every value a pseudonym;
//! - IDs and references to them, times, booleans, small numbers: kept when they have
//!   that shape;
//! - everything else (issuers, audiences, URIs, attribute names, status messages, the
//!   names of elements, attributes and prefixes, namespace URIs, text of elements we do
//!   not know): only the protocol words in it are kept ([`super::words`]); a URL keeps
//!   its host;
//! - comments: replaced.
//!
//! Input that is not well-formed XML cannot be read field by field: it is pseudonymised
//! word by word as a whole ([`super::url::text`]), which keeps where it was cut and
//! its protocol words and nothing else, and the receipt says so.

use super::url;
use super::words::{self, Numbers};
use super::{
    Category, REDACTED_SIGNATURE, Redactor, UnreadAction, attribute_category, kept_attribute_value,
    value_category,
};
use crate::limits::Limits;
use crate::xml::{
    self, Document, NS_DS, NS_MD, NS_SAML, NS_SAMLP, NS_XENC, NodeId, NodeKind, Span, XmlError,
};

/// What replaces a certificate, CRL, key value or cipher value: valid base64.
pub const REDACTED_KEY: &str = "REDACTED";

/// `xml` with every value redacted by its rule; registers each value replaced.
pub fn redact_xml(redactor: &mut Redactor, xml: &str) -> String {
    redact_message_xml(redactor, xml, "XML")
}

/// [`redact_xml`] for the XML of the message at `place` (as the receipt names it).
pub fn redact_message_xml(redactor: &mut Redactor, xml: &str, place: &str) -> String {
    match xml::parse(xml.as_bytes(), &Limits::default()) {
        Ok(document) => redact_document(redactor, xml, &document),
        Err(error) => {
            redactor.unreadable(
                "XML",
                place,
                &unreadable_reason(&error),
                UnreadAction::PseudonymisedWordByWord,
            );
            url::text(redactor, xml, Category::Identifier)
        }
    }
}

/// Why XML could not be read, in our words and with its position only: the parser's
/// own message may quote the content.
pub fn unreadable_reason(error: &XmlError) -> String {
    let what = match error {
        XmlError::NoRootElement => "it holds no XML element",
        XmlError::Doctype { .. } => "it declares a DTD",
        XmlError::Syntax { .. } => "it is not well-formed XML (truncated?)",
        XmlError::InvalidUtf8 { .. } => "it has bytes that are not UTF-8",
        XmlError::UnsupportedEncoding { .. } => "it declares an encoding other than UTF-8",
        XmlError::UnknownEntity { .. } => "it uses an undeclared entity",
        XmlError::UnboundPrefix { .. } => "it uses an undeclared namespace prefix",
        XmlError::DuplicateAttribute { .. } => "it has an attribute given twice",
        XmlError::TooDeep { .. } | XmlError::TooManyNodes { .. } => {
            "it is over a size limit of the XML reader"
        }
        _ => "it is not XML the reader accepts (over a limit, say)",
    };
    match error.position() {
        Some(at) => format!("{what}, at {at}"),
        None => what.to_owned(),
    }
}

fn redact_document(redactor: &mut Redactor, source: &str, document: &Document) -> String {
    let mut edits: Vec<(Span, String)> = Vec::new();
    declaration_edit(redactor, source, &mut edits);
    for id in document.ids() {
        match &document.node(id).kind {
            NodeKind::Comment(content) => {
                if !content.trim().is_empty() && redactor.policy.tokens {
                    redactor.count(content, Category::Comment);
                    edits.push((document.span(id), "<!--redacted-->".to_owned()));
                }
            }
            NodeKind::ProcessingInstruction { target, data } => {
                let new_target = name(redactor, target);
                let new_data = words::words(redactor, data, Category::Identifier, Numbers::Small);
                if new_target != *target || new_data != *data {
                    let separator = if data.is_empty() { "" } else { " " };
                    edits.push((
                        document.span(id),
                        format!("<?{new_target}{separator}{new_data}?>"),
                    ));
                }
            }
            NodeKind::Element(_) => element_edits(redactor, source, document, id, &mut edits),
            NodeKind::Text(text) | NodeKind::CData(text) => {
                if let Some(replacement) = text_replacement(redactor, document, id, text) {
                    edits.push((document.span(id), xml_escape(&replacement)));
                }
            }
        }
    }
    apply_edits(source, edits)
}

/// The XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`), which is not a node:
/// its words by the vocabulary.
fn declaration_edit(redactor: &mut Redactor, source: &str, edits: &mut Vec<(Span, String)>) {
    let start = source.len() - source.trim_start_matches('\u{feff}').len();
    if !source[start..].starts_with("<?xml") {
        return;
    }
    let Some(length) = source[start..].find("?>") else {
        return;
    };
    let inner = Span {
        start: start + 5,
        end: start + length,
    };
    let text = &source[inner.start..inner.end];
    let redacted = words::words(redactor, text, Category::Identifier, Numbers::Small);
    if redacted != text {
        edits.push((inner, redacted));
    }
}

/// A name (element, attribute, prefix, PI target) by the vocabulary: the SAML,
/// XML-DSig and metadata names are words of it; any other becomes a pseudonym, the same
/// wherever it appears, so prefixes still match their declarations.
fn name(redactor: &mut Redactor, name: &str) -> String {
    words::words(redactor, name, Category::Identifier, Numbers::Small)
}

fn qname(redactor: &mut Redactor, qname: &xml::QName) -> String {
    let local = name(redactor, &qname.local);
    match &qname.prefix {
        Some(prefix) => format!("{}:{local}", name(redactor, prefix)),
        None => local,
    }
}

/// What replaces a text node (`None`: kept as it is).
fn text_replacement(
    redactor: &mut Redactor,
    document: &Document,
    id: NodeId,
    text: &str,
) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    let parent = document.parent(id)?;
    let replacement = match text_rule(document, parent) {
        TextRule::Secret(category) => redactor.secret(text, category),
        TextRule::Kept => return None,
        // The element's whole content is replaced by `element_edits`.
        TextRule::Marker => return None,
        TextRule::Number => {
            if text.trim().bytes().all(|byte| byte.is_ascii_digit()) && text.trim().len() <= 64 {
                return None;
            }
            words::words(redactor, text, Category::Identifier, Numbers::Small)
        }
        TextRule::DistinguishedName => words::distinguished_name(redactor, text),
        TextRule::Words => url::text(redactor, text, Category::Identifier),
    };
    (replacement != text).then_some(replacement)
}

enum TextRule {
    Secret(Category),
    Kept,
    Marker,
    Number,
    DistinguishedName,
    Words,
}

/// The rule for the text directly inside `element`.
fn text_rule(document: &Document, element: NodeId) -> TextRule {
    let is = |namespace: &str, local: &str| document.is(element, namespace, local);
    if is(NS_SAML, "NameID") {
        return TextRule::Secret(value_category(&document.text(element), Category::NameId));
    }
    if is(NS_SAML, "AttributeValue") {
        let name = document
            .parent(element)
            .and_then(|parent| document.attribute(parent, "Name"))
            .unwrap_or_default();
        let whole = document.text(element);
        if kept_attribute_value(name, &whole) {
            return TextRule::Kept;
        }
        return TextRule::Secret(value_category(&whole, attribute_category(name)));
    }
    if is(NS_SAMLP, "SessionIndex")
        || is(NS_SAMLP, "Artifact")
        || is(NS_DS, "KeyName")
        || is(NS_XENC, "CarriedKeyName")
        || is(NS_MD, "TelephoneNumber")
    {
        return TextRule::Secret(Category::Token);
    }
    if is(NS_MD, "GivenName") || is(NS_MD, "SurName") {
        return TextRule::Secret(Category::UserName);
    }
    if is(NS_MD, "EmailAddress") {
        return TextRule::Secret(Category::Email);
    }
    if marker(document, element).is_some() {
        return TextRule::Marker;
    }
    if is(NS_DS, "X509SubjectName") || is(NS_DS, "X509IssuerName") {
        return TextRule::DistinguishedName;
    }
    if is(NS_DS, "X509SerialNumber") || is(NS_DS, "HMACOutputLength") || is(NS_XENC, "KeySize") {
        return TextRule::Number;
    }
    // Inside an attribute value (a NameID or any element there): still a value.
    let mut ancestor = document.parent(element);
    while let Some(id) = ancestor {
        if document.is(id, NS_SAML, "AttributeValue") {
            return TextRule::Secret(Category::AttributeValue);
        }
        ancestor = document.parent(id);
    }
    TextRule::Words
}

/// The marker that replaces the whole content of `element`, and its category, if it is
/// a signature value, a digest, a certificate or key material.
fn marker(document: &Document, element: NodeId) -> Option<(&'static str, Category)> {
    let is = |namespace: &str, local: &str| document.is(element, namespace, local);
    if is(NS_DS, "SignatureValue") || is(NS_DS, "DigestValue") {
        return Some((REDACTED_SIGNATURE, Category::Signature));
    }
    let key_material = [
        (NS_DS, "X509Certificate"),
        (NS_DS, "X509CRL"),
        (NS_DS, "X509SKI"),
        (NS_DS, "Modulus"),
        (NS_DS, "Exponent"),
        (NS_DS, "P"),
        (NS_DS, "Q"),
        (NS_DS, "G"),
        (NS_DS, "Y"),
        (NS_DS, "J"),
        (NS_DS, "Seed"),
        (NS_DS, "PgenCounter"),
        (NS_DS, "PGPKeyID"),
        (NS_DS, "PGPKeyPacket"),
        (NS_DS, "SPKISexp"),
        (NS_DS, "MgmtData"),
        (NS_XENC, "CipherValue"),
        (NS_XENC, "OAEPparams"),
    ];
    if key_material
        .iter()
        .any(|(namespace, local)| is(namespace, local))
        // XML-DSig 1.1's ECKeyValue/PublicKey and other key elements by name.
        || document
            .element(element)
            .is_some_and(|e| &*e.name.local == "PublicKey" || &*e.name.local == "X509Digest")
    {
        return Some((REDACTED_KEY, Category::KeyMaterial));
    }
    None
}

fn element_edits(
    redactor: &mut Redactor,
    source: &str,
    document: &Document,
    id: NodeId,
    edits: &mut Vec<(Span, String)>,
) {
    let Some(element) = document.element(id) else {
        return;
    };
    let span = document.span(id);
    // The element's name, in its start and end tags.
    let written = element.name.to_string();
    let renamed = qname(redactor, &element.name);
    if renamed != written {
        let start = span.start + 1;
        edits.push((
            Span {
                start,
                end: start + written.len(),
            },
            renamed.clone(),
        ));
        if let Some(end_tag) = end_tag_name(source, span, &written) {
            edits.push((end_tag, renamed));
        }
    }
    // Namespace declarations: the prefix as every name using it, the URI by its words.
    for declaration in namespace_declarations(source, span.start) {
        let prefix = declaration
            .prefix
            .map(|prefix| name(redactor, prefix))
            .unwrap_or_default();
        let uri = unescape(declaration.value);
        let new_uri = url::text(redactor, &uri, Category::Identifier);
        if declaration.prefix.is_some_and(|old| old != prefix) || new_uri != uri {
            let attribute = if declaration.prefix.is_some() {
                format!("xmlns:{prefix}")
            } else {
                "xmlns".to_owned()
            };
            edits.push((
                declaration.span,
                format!("{attribute}=\"{}\"", xml_escape(&new_uri)),
            ));
        }
    }
    for attribute in document.attributes(id) {
        let written = attribute.name.to_string();
        let renamed = qname(redactor, &attribute.name);
        let value = attribute_value(redactor, document, id, attribute);
        if renamed != written || value != attribute.value {
            edits.push((
                attribute.span,
                format!("{renamed}=\"{}\"", xml_escape(&value)),
            ));
        }
    }
    if let Some((replacement, category)) = marker(document, id)
        && redactor.policy.allows(category)
    {
        let text = document.text(id);
        if !text.trim().is_empty() {
            redactor.count(&text, category);
            edits.push((content_span(document, id), replacement.to_owned()));
        }
    }
}

/// An attribute's new value by its rule.
fn attribute_value(
    redactor: &mut Redactor,
    document: &Document,
    element: NodeId,
    attribute: &xml::Attribute,
) -> String {
    let value = attribute.value.as_str();
    let local = &*attribute.name.local;
    if attribute.namespace.is_some() {
        // xsi:type, xml:lang and the like: their words.
        return url::text(redactor, value, Category::Identifier);
    }
    match local {
        "ID" | "Id" | "AssertionID" | "ResponseID" | "InResponseTo" => {
            words::xml_id(redactor, value)
        }
        "URI" if value.starts_with('#') => words::xml_id(redactor, value),
        "IssueInstant"
        | "NotBefore"
        | "NotOnOrAfter"
        | "AuthnInstant"
        | "SessionNotOnOrAfter"
        | "validUntil"
        | "cacheDuration" => words::time(redactor, value, Category::Identifier),
        "Address" => redactor.secret(value, Category::IpAddress),
        "DNSName" | "SessionIndex" => redactor.secret(value, Category::Token),
        "SPProvidedID" => redactor.secret(value, Category::NameId),
        "AllowCreate"
        | "IsPassive"
        | "ForceAuthn"
        | "isDefault"
        | "isRequired"
        | "WantAuthnRequestsSigned"
        | "AuthnRequestsSigned"
        | "WantAssertionsSigned"
            if matches!(value, "true" | "false" | "1" | "0") =>
        {
            value.to_owned()
        }
        "index"
        | "AssertionConsumerServiceIndex"
        | "AttributeConsumingServiceIndex"
        | "ProxyCount"
        | "MajorVersion"
        | "MinorVersion"
            if (1..=5).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit()) =>
        {
            value.to_owned()
        }
        "Value" if document.is(element, NS_SAML, "AttributeValue") => {
            redactor.secret(value, Category::AttributeValue)
        }
        _ => url::text(redactor, value, Category::Identifier),
    }
}

/// The span of the name in an element's end tag (`</p:name >`), if it has one.
fn end_tag_name(source: &str, span: Span, written: &str) -> Option<Span> {
    let text = source.get(span.start..span.end)?;
    if text.ends_with("/>") && !text.contains("</") {
        return None;
    }
    let at = text.rfind("</")?;
    let start = span.start + at + 2;
    (source.get(start..start + written.len()) == Some(written)).then_some(Span {
        start,
        end: start + written.len(),
    })
}

/// A namespace declaration as written in a start tag.
struct Declaration<'a> {
    prefix: Option<&'a str>,
    /// The value as written (entities not decoded).
    value: &'a str,
    /// The whole `xmlns:p="uri"`.
    span: Span,
}

/// The namespace declarations of the start tag at `start`, read from the source (the
/// document keeps no span for them). The document parsed, so the tag is well-formed.
fn namespace_declarations(source: &str, start: usize) -> Vec<Declaration<'_>> {
    let bytes = source.as_bytes();
    let mut declarations = Vec::new();
    let mut at = start + 1;
    // The element name.
    while at < bytes.len() && !bytes[at].is_ascii_whitespace() && !b"/>".contains(&bytes[at]) {
        at += 1;
    }
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at >= bytes.len() || b"/>".contains(&bytes[at]) {
            return declarations;
        }
        let name_start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'=' {
            at += 1;
        }
        let attribute = &source[name_start..at];
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'=') {
            at += 1;
        }
        let Some(&quote) = bytes.get(at) else {
            return declarations;
        };
        if quote != b'"' && quote != b'\'' {
            return declarations;
        }
        let value_start = at + 1;
        let Some(length) = source[value_start..].find(char::from(quote)) else {
            return declarations;
        };
        at = value_start + length + 1;
        let prefix = if attribute == "xmlns" {
            None
        } else if let Some(prefix) = attribute.strip_prefix("xmlns:") {
            Some(prefix)
        } else {
            continue;
        };
        declarations.push(Declaration {
            prefix,
            value: &source[value_start..value_start + length],
            span: Span {
                start: name_start,
                end: at,
            },
        });
    }
}

/// Decodes the five predefined entities and character references.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(';') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let entity = &after[..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(character) => out.push(character),
            None => {
                out.push('&');
                out.push_str(entity);
                out.push(';');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn xml_escape(text: &str) -> String {
    super::xml_escape(text).replace('\'', "&apos;")
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
        for secret in [
            "jd",
            "oe@example.com",
            "Finance",
            "jdoe",
            "exk1example2idp3",
        ] {
            assert!(!redacted.contains(secret), "{secret} survived: {redacted}");
        }
        let token = redactor.token("jdoe ");
        assert!(redacted.contains(&format!(">{token}<")), "{redacted}");
        for kept in [
            "arn:aws:iam::111122223333:role/SamlReadOnly",
            "http://www.okta.com/",
            "3600",
            "https://signin.aws.amazon.com/saml",
            "urn:oasis:names:tc:SAML:2.0:status:Success",
            "<!--redacted-->",
        ] {
            assert!(redacted.contains(kept), "{kept} lost: {redacted}");
        }
    }

    #[test]
    fn names_prefixes_declarations_and_unknown_text_are_redacted_consistently() {
        let xml = "<?xml version=\"1.0\"?><Kanary:Root xmlns:Kanary=\"urn:kanary:Secret1\" \
                   xmlns=\"http://idp.example/ns/Hidden9\" Kanary:Attr=\"Val9ue\" ID=\"_id1\">\
                   <Kanary:Child>Some Text2</Kanary:Child><Empty/><?Kanary9 Data3?></Kanary:Root>";
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let redacted = redact_xml(&mut redactor, xml);
        let document = xml::parse(redacted.as_bytes(), &Limits::default()).expect(&redacted);
        for gone in [
            "Kanary", "Secret1", "Hidden9", "Attr", "Val9ue", "Text2", "Kanary9", "Data3",
        ] {
            assert!(!redacted.contains(gone), "{gone}: {redacted}");
        }
        for kept in [
            "ID=\"_id1\"",
            "http://idp.example/",
            "<Empty/>",
            "version=\"1.0\"",
        ] {
            assert!(redacted.contains(kept), "{kept}: {redacted}");
        }
        // The renamed prefix still resolves: same token in declaration and names.
        let root = document.root();
        assert_eq!(document.children(root).len(), 3, "{redacted}");
    }

    #[test]
    fn key_material_and_certificate_names_are_replaced() {
        let xml = "<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:X509Data>\
                   <ds:X509SubjectName>CN=Kanary Host,O=Acme9</ds:X509SubjectName>\
                   <ds:X509SerialNumber>12345</ds:X509SerialNumber>\
                   <ds:X509Certificate>TUlJS2FuYXJ5</ds:X509Certificate></ds:X509Data></ds:KeyInfo>";
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let redacted = redact_xml(&mut redactor, xml);
        assert!(
            redacted.contains("<ds:X509Certificate>REDACTED</ds:X509Certificate>"),
            "{redacted}"
        );
        assert!(
            redacted.contains(">CN=") && redacted.contains(",O="),
            "{redacted}"
        );
        assert!(redacted.contains(">12345<"), "{redacted}");
        for gone in ["Kanary", "Acme9", "TUlJS2FuYXJ5"] {
            assert!(!redacted.contains(gone), "{gone}: {redacted}");
        }
    }

    #[test]
    fn xml_that_is_not_well_formed_is_pseudonymised_word_by_word() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let cut = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" \
                   Destination=\"https://signin.aws.amazon.com/saml\"><saml:NameID>KanaryUser@corp.example</saml:Na";
        let redacted = redact_message_xml(&mut redactor, cut, "message 1");
        assert!(!redacted.contains("KanaryUser"), "{redacted}");
        assert!(!redacted.contains("corp.example"), "{redacted}");
        assert!(
            redacted.contains("https://signin.aws.amazon.com/saml"),
            "{redacted}"
        );
        assert!(
            redacted.starts_with(
                "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
            )
        );
        let receipt = redactor.receipt();
        assert_eq!(receipt.unread.len(), 1, "{receipt:?}");
        assert_eq!(
            receipt.unread[0].action,
            UnreadAction::PseudonymisedWordByWord
        );
        assert_eq!(receipt.unread[0].places, ["message 1"]);
        // The same words in free text (a finding quoting the parser) are replaced too.
        assert!(
            !redactor
                .replace("found `</KanaryUser@corp.example>`")
                .contains("KanaryUser")
        );
    }
}
