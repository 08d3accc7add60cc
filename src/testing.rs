//! Building made-up SAML messages for rule tests: a clean AWS IAM sign-in Response by
//! default, changed one field at a time to plant exactly one fault.
//!
//! Public (but hidden) so integration tests under `tests/` use the same builder as the
//! unit tests; nothing in the product calls it. It sits above every other module (it
//! runs the whole pipeline and reads the report), so only tests import it.

use crate::analysis::{self, Input, Options};
use crate::checks::idp::{Idp, IdpGuess};
use crate::checks::{
    self, Context, Expectations, Finding, Flow, Pack, ReferenceTime, RuleId, Severity, TimeSource,
};
use crate::report::{self, MessageReport, Report};
use crate::text::escape_html;
use crate::timestamp::Timestamp;
use std::fmt::Write;

/// The reference time the default message is built around (`IssueInstant`).
pub const NOW: &str = "2024-05-01T12:00:00Z";
/// The default account, role and provider.
pub const ACCOUNT: &str = "111122223333";
pub const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/SamlReadOnly";
pub const PROVIDER_ARN: &str = "arn:aws:iam::111122223333:saml-provider/ExampleIdP";
pub const ROLE_ATTRIBUTE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
pub const SESSION_NAME_ATTRIBUTE: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
pub const SESSION_DURATION_ATTRIBUTE: &str =
    "https://aws.amazon.com/SAML/Attributes/SessionDuration";
pub const EMAIL_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
pub const URI_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";

/// One `saml:Attribute`. `values` are written as they are (escaped, never trimmed);
/// `raw_values` are inserted verbatim as the content of an `AttributeValue` (for child
/// elements or comments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeSpec {
    pub name: String,
    pub name_format: Option<String>,
    pub friendly_name: Option<String>,
    pub values: Vec<String>,
    pub raw_values: Vec<String>,
}

impl AttributeSpec {
    pub fn new(name: &str, values: &[&str]) -> AttributeSpec {
        AttributeSpec {
            name: name.to_owned(),
            name_format: Some(URI_FORMAT.to_owned()),
            friendly_name: None,
            values: values.iter().map(|value| (*value).to_owned()).collect(),
            raw_values: Vec::new(),
        }
    }
}

/// A Response, field by field. `None` leaves an element or attribute out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseSpec {
    pub response_id: Option<String>,
    pub version: Option<String>,
    pub issue_instant: Option<String>,
    pub destination: Option<String>,
    pub in_response_to: Option<String>,
    pub issuer: Option<String>,
    pub status_code: Option<String>,
    pub sub_status_code: Option<String>,
    pub status_message: Option<String>,
    /// How many assertions to write (each a copy of the one described below).
    pub assertions: usize,
    /// How many `EncryptedAssertion`s to add (opaque content).
    pub encrypted_assertions: usize,
    pub assertion_id: Option<String>,
    pub assertion_issuer: Option<String>,
    pub assertion_issue_instant: Option<String>,
    /// NameID text, inserted verbatim (so a comment can be planted).
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    pub confirmation_method: Option<String>,
    pub recipient: Option<String>,
    pub confirmation_not_on_or_after: Option<String>,
    pub confirmation_in_response_to: Option<String>,
    pub not_before: Option<String>,
    pub not_on_or_after: Option<String>,
    /// Each inner list is one AudienceRestriction.
    pub audiences: Vec<Vec<String>>,
    pub session_not_on_or_after: Option<String>,
    pub attributes: Vec<AttributeSpec>,
}

impl Default for ResponseSpec {
    /// A clean IdP-initiated AWS IAM sign-in (global endpoint), issued at [`NOW`].
    fn default() -> ResponseSpec {
        let acs = "https://signin.aws.amazon.com/saml";
        ResponseSpec {
            response_id: Some("_r1a2b3c4d5e6f".to_owned()),
            version: Some("2.0".to_owned()),
            issue_instant: Some(NOW.to_owned()),
            destination: Some(acs.to_owned()),
            in_response_to: None,
            issuer: Some("http://www.okta.com/exk1example2idp3".to_owned()),
            status_code: Some("urn:oasis:names:tc:SAML:2.0:status:Success".to_owned()),
            sub_status_code: None,
            status_message: None,
            assertions: 1,
            encrypted_assertions: 0,
            assertion_id: Some("_a1b2c3d4e5f6".to_owned()),
            assertion_issuer: Some("http://www.okta.com/exk1example2idp3".to_owned()),
            assertion_issue_instant: Some(NOW.to_owned()),
            name_id: Some("jdoe@example.com".to_owned()),
            name_id_format: Some(EMAIL_FORMAT.to_owned()),
            confirmation_method: Some("urn:oasis:names:tc:SAML:2.0:cm:bearer".to_owned()),
            recipient: Some(acs.to_owned()),
            confirmation_not_on_or_after: Some("2024-05-01T12:05:00Z".to_owned()),
            confirmation_in_response_to: None,
            not_before: Some("2024-05-01T11:55:00Z".to_owned()),
            not_on_or_after: Some("2024-05-01T12:05:00Z".to_owned()),
            audiences: vec![vec![acs.to_owned()]],
            session_not_on_or_after: Some("2024-05-01T20:00:00Z".to_owned()),
            attributes: vec![
                AttributeSpec::new(ROLE_ATTRIBUTE, &[&format!("{ROLE_ARN},{PROVIDER_ARN}")]),
                AttributeSpec::new(SESSION_NAME_ATTRIBUTE, &["jdoe@example.com"]),
                AttributeSpec::new(SESSION_DURATION_ATTRIBUTE, &["3600"]),
            ],
        }
    }
}

/// Escapes a value for XML text or a quoted attribute: the HTML escaping, plus a
/// carriage return as a character reference (a literal one would be read as a line
/// feed, XML 1.0 §2.11).
fn escape(text: &str) -> String {
    escape_html(text).replace('\r', "&#xD;")
}

fn attr(out: &mut String, name: &str, value: &Option<String>) {
    if let Some(value) = value {
        let _ = write!(out, " {name}=\"{}\"", escape(value));
    }
}

impl ResponseSpec {
    /// A clean Identity Center sign-in (eu-west-1) for `user@example.com`.
    pub fn identity_center() -> ResponseSpec {
        let acs = "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
        let audience = "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-93670example";
        ResponseSpec {
            destination: Some(acs.to_owned()),
            recipient: Some(acs.to_owned()),
            audiences: vec![vec![audience.to_owned()]],
            attributes: Vec::new(),
            ..ResponseSpec::default()
        }
    }

    /// Replaces (or adds) an attribute by name.
    pub fn with_attribute(mut self, attribute: AttributeSpec) -> ResponseSpec {
        match self
            .attributes
            .iter_mut()
            .find(|a| a.name == attribute.name)
        {
            Some(existing) => *existing = attribute,
            None => self.attributes.push(attribute),
        }
        self
    }

    /// Removes an attribute by name.
    pub fn without_attribute(mut self, name: &str) -> ResponseSpec {
        self.attributes.retain(|attribute| attribute.name != name);
        self
    }

    fn write_assertion(&self, out: &mut String, index: usize) {
        out.push_str("<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"");
        let id = self.assertion_id.as_ref().map(|id| {
            if index == 0 {
                id.clone()
            } else {
                format!("{id}-{index}")
            }
        });
        attr(out, "ID", &id);
        attr(out, "IssueInstant", &self.assertion_issue_instant);
        attr(out, "Version", &self.version);
        out.push('>');
        if let Some(issuer) = &self.assertion_issuer {
            let _ = write!(out, "<saml:Issuer>{}</saml:Issuer>", escape(issuer));
        }
        out.push_str("<saml:Subject>");
        if let Some(name_id) = &self.name_id {
            out.push_str("<saml:NameID");
            attr(out, "Format", &self.name_id_format);
            let _ = write!(out, ">{name_id}</saml:NameID>");
        }
        out.push_str("<saml:SubjectConfirmation");
        attr(out, "Method", &self.confirmation_method);
        out.push_str("><saml:SubjectConfirmationData");
        attr(out, "InResponseTo", &self.confirmation_in_response_to);
        attr(out, "NotOnOrAfter", &self.confirmation_not_on_or_after);
        attr(out, "Recipient", &self.recipient);
        out.push_str("/></saml:SubjectConfirmation></saml:Subject><saml:Conditions");
        attr(out, "NotBefore", &self.not_before);
        attr(out, "NotOnOrAfter", &self.not_on_or_after);
        out.push('>');
        for restriction in &self.audiences {
            out.push_str("<saml:AudienceRestriction>");
            for audience in restriction {
                let _ = write!(out, "<saml:Audience>{}</saml:Audience>", escape(audience));
            }
            out.push_str("</saml:AudienceRestriction>");
        }
        out.push_str("</saml:Conditions><saml:AuthnStatement");
        attr(out, "AuthnInstant", &self.assertion_issue_instant);
        attr(out, "SessionNotOnOrAfter", &self.session_not_on_or_after);
        out.push_str(" SessionIndex=\"_s1\"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>");
        if !self.attributes.is_empty() {
            out.push_str("<saml:AttributeStatement>");
            for attribute in &self.attributes {
                out.push_str("<saml:Attribute");
                attr(out, "Name", &Some(attribute.name.clone()));
                attr(out, "NameFormat", &attribute.name_format);
                attr(out, "FriendlyName", &attribute.friendly_name);
                out.push('>');
                for value in &attribute.values {
                    let _ = write!(
                        out,
                        "<saml:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">{}</saml:AttributeValue>",
                        escape(value)
                    );
                }
                for raw in &attribute.raw_values {
                    let _ = write!(out, "<saml:AttributeValue>{raw}</saml:AttributeValue>");
                }
                out.push_str("</saml:Attribute>");
            }
            out.push_str("</saml:AttributeStatement>");
        }
        out.push_str("</saml:Assertion>");
    }

    /// The Response as XML text.
    pub fn xml(&self) -> String {
        let mut out = String::from(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"",
        );
        attr(&mut out, "ID", &self.response_id);
        attr(&mut out, "Version", &self.version);
        attr(&mut out, "IssueInstant", &self.issue_instant);
        attr(&mut out, "Destination", &self.destination);
        attr(&mut out, "InResponseTo", &self.in_response_to);
        out.push('>');
        if let Some(issuer) = &self.issuer {
            let _ = write!(out, "<saml:Issuer>{}</saml:Issuer>", escape(issuer));
        }
        if self.status_code.is_some() || self.status_message.is_some() {
            out.push_str("<samlp:Status><samlp:StatusCode");
            attr(&mut out, "Value", &self.status_code);
            match &self.sub_status_code {
                Some(_) => {
                    out.push_str("><samlp:StatusCode");
                    attr(&mut out, "Value", &self.sub_status_code);
                    out.push_str("/></samlp:StatusCode>");
                }
                None => out.push_str("/>"),
            }
            if let Some(message) = &self.status_message {
                let _ = write!(
                    out,
                    "<samlp:StatusMessage>{}</samlp:StatusMessage>",
                    escape(message)
                );
            }
            out.push_str("</samlp:Status>");
        }
        for index in 0..self.assertions {
            self.write_assertion(&mut out, index);
        }
        for _ in 0..self.encrypted_assertions {
            out.push_str("<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"><xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>");
        }
        out.push_str("</samlp:Response>");
        out
    }
}

/// The reference time [`NOW`].
pub fn now() -> Timestamp {
    Timestamp::parse(NOW).expect("a valid literal")
}

/// Analyses texts (XML, base64, HAR...) as one analysis at `options.reference_time`
/// (default [`NOW`]).
pub fn analyze_texts(texts: &[&str], options: &Options) -> Report {
    let inputs: Vec<Input<'_>> = texts
        .iter()
        .enumerate()
        .map(|(index, text)| Input {
            name: ["first", "second", "third", "fourth"]
                .get(index)
                .copied()
                .unwrap_or("input"),
            bytes: text.as_bytes(),
        })
        .collect();
    let mut options = options.clone();
    options.reference_time.get_or_insert_with(now);
    report::build(&analysis::run(&inputs, &options, now()))
}

/// The one message of an analysis of `xml` with default options at [`NOW`].
pub fn analyze_xml(xml: &str) -> MessageReport {
    analyze_with(xml, &Options::default())
}

/// The first message of an analysis of `xml` with `options`.
pub fn analyze_with(xml: &str, options: &Options) -> MessageReport {
    analyze_texts(&[xml], options)
        .messages
        .into_iter()
        .next()
        .expect("the input holds a message")
}

/// The finding for `id` in `message`; panics (showing every finding) when there is none.
pub fn finding(message: &MessageReport, id: RuleId) -> &Finding {
    message
        .findings
        .iter()
        .find(|finding| finding.id == id)
        .unwrap_or_else(|| {
            panic!(
                "no {id} finding; found: {:#?}",
                message
                    .findings
                    .iter()
                    .map(|f| format!("{} {}: {}", f.id, f.severity.label(), f.title))
                    .collect::<Vec<_>>()
            )
        })
}

/// The severity of the finding for `id`, `None` when the rule said nothing.
pub fn severity(message: &MessageReport, id: RuleId) -> Option<Severity> {
    message
        .findings
        .iter()
        .find(|finding| finding.id == id)
        .map(|finding| finding.severity)
}

/// Every `error` finding's id, for "a clean message has no error" assertions.
pub fn errors(message: &MessageReport) -> Vec<RuleId> {
    message
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| finding.id)
        .collect()
}

/// The findings of one pack alone on `spec`'s message, as if the IdP had been
/// recognised as `idp`: no signature, flow, expectation or other pack around it (for
/// tests of how a pack words its fixes).
pub fn run_pack_as(pack: Pack, idp: Option<Idp>, spec: &ResponseSpec) -> Vec<Finding> {
    let xml = spec.xml();
    let document = crate::xml::parse(xml.as_bytes(), &crate::Limits::default())
        .expect("the made-up message is well-formed");
    let message = crate::saml::read(&document);
    let origin = crate::input::Origin {
        input: 0,
        har_entry: None,
        url: None,
        method: None,
        binding: crate::input::Binding::Raw,
        parameter: None,
        captured_at: None,
        http_status: None,
        server_date: None,
    };
    let guess = idp.map(|idp| IdpGuess {
        idp,
        evidence: "test".to_owned(),
    });
    let context = Context {
        message: &message,
        document: &document,
        payload: b"",
        verdicts: &[],
        trust: &crate::dsig::TrustStore::default(),
        keys_set_aside: false,
        assertion: crate::dsig::Protection::None,
        origin: &origin,
        relay_state: None,
        form_action: None,
        reference_time: ReferenceTime {
            value: now(),
            source: TimeSource::User,
        },
        flow: &Flow::default(),
        expect: &Expectations::default(),
        error_text: None,
        idp: guess.as_ref(),
        packs: &[],
    };
    let mut findings = Vec::new();
    let run = match pack {
        Pack::Core => checks::core::run,
        Pack::AwsIam => checks::aws_iam::run,
        Pack::AwsIdentityCenter => checks::identity_center::run,
        Pack::AmazonConnect => checks::connect::run,
        Pack::Cognito => checks::cognito::run,
        Pack::Metadata => checks::metadata::run,
    };
    run(&context, &mut findings);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_response_reads_back() {
        let message = analyze_xml(&ResponseSpec::default().xml());
        assert_eq!(message.kind, crate::saml::MessageKind::Response);
        assert_eq!(
            message.subject.as_ref().unwrap().name_id,
            "jdoe@example.com"
        );
        assert_eq!(message.attributes.len(), 3);
        let identity_center = analyze_xml(&ResponseSpec::identity_center().xml());
        assert!(identity_center.attributes.is_empty());
        let packs: Vec<_> = message.packs.iter().map(|choice| choice.pack).collect();
        assert_eq!(
            packs,
            [crate::checks::Pack::Core, crate::checks::Pack::AwsIam]
        );
    }
}
