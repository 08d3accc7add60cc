//! The message types (SAML Core §2 and §3) as plain data.

use super::metadata::EntityDescriptor;
use super::signature::SignatureInfo;
use super::time::TimeValue;
use crate::xml::NodeId;
use serde::Serialize;

/// What kind of message a document is, from its root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum MessageKind {
    Response,
    AuthnRequest,
    LogoutRequest,
    LogoutResponse,
    EntityDescriptor,
    EntitiesDescriptor,
    /// An XML document that is none of the above (e.g. a bare Assertion, or not SAML).
    Other,
}

impl MessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Response => "Response",
            MessageKind::AuthnRequest => "AuthnRequest",
            MessageKind::LogoutRequest => "LogoutRequest",
            MessageKind::LogoutResponse => "LogoutResponse",
            MessageKind::EntityDescriptor => "EntityDescriptor",
            MessageKind::EntitiesDescriptor => "EntitiesDescriptor",
            MessageKind::Other => "Other",
        }
    }

    /// Whether this is IdP or SP metadata rather than a protocol message.
    pub fn is_metadata(self) -> bool {
        matches!(
            self,
            MessageKind::EntityDescriptor | MessageKind::EntitiesDescriptor
        )
    }
}

/// A message read from one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub kind: MessageKind,
    /// The root element's name as written, e.g. `samlp:Response`.
    pub root_name: String,
    pub root_namespace: Option<String>,
    pub body: Body,
    /// Every `ds:Signature` in the document, in document order.
    pub signatures: Vec<SignatureInfo>,
    /// For a Response or a lone Assertion: every Assertion, EncryptedAssertion, element
    /// posing as one and SAML statement outside any assertion, wherever it sits, in
    /// document order (see `saml::placement`); at most `placement::PLACED_LISTED`.
    pub placed: Vec<PlacedAssertion>,
    /// How many more there were than `placed` lists.
    pub placed_omitted: usize,
}

/// An assertion (or what poses as one) found somewhere in a message: where it sits and
/// what it claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacedAssertion {
    #[serde(skip)]
    pub node: NodeId,
    pub kind: PlacedKind,
    /// The element's name as written, e.g. `saml:Assertion`.
    pub element: String,
    /// Its ancestors' names as written, from the root down, e.g.
    /// `samlp:Response/samlp:Extensions`.
    pub path: String,
    pub place: Place,
    pub claims: Claims,
}

/// What was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum PlacedKind {
    /// `saml:Assertion`.
    Assertion,
    /// `saml:EncryptedAssertion`.
    EncryptedAssertion,
    /// An element named `Assertion` or `EncryptedAssertion` in another namespace (a
    /// look-alike such as `urn:oasis:names:tc:SAML:2.0:assertion:x`, or none): a reader
    /// that matches by prefix or local name takes it for an assertion.
    LookAlike { namespace: Option<String> },
    /// A statement, subject, attribute or NameID of the assertion namespace outside any
    /// assertion.
    Statement,
}

/// Where a [`PlacedAssertion`] sits, as SAML sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// It is the document's root (a lone Assertion).
    Root,
    /// A direct child of the Response, where SAML Core §3.3.3 puts assertions.
    ResponseChild,
    /// In `saml:Advice` of an Assertion (SAML Core §2.6.1).
    Advice,
    /// Anywhere else: nowhere an assertion belongs.
    Elsewhere,
}

/// What an assertion-like element says, read by local names (any namespace).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Claims {
    pub id: Option<String>,
    /// The whole text of its Subject's NameID.
    pub name_id: Option<String>,
    /// Values of its `https://aws.amazon.com/SAML/Attributes/Role` attribute.
    pub roles: Vec<String>,
    /// Names of its attributes (the first few).
    pub attributes: Vec<String>,
    /// Attributes beyond those named.
    pub more_attributes: usize,
}

/// The kind-specific content.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Body {
    Response(Response),
    AuthnRequest(AuthnRequest),
    LogoutRequest(LogoutRequest),
    LogoutResponse(StatusResponse),
    /// One EntityDescriptor, or the members of an EntitiesDescriptor.
    Metadata {
        entities: Vec<EntityDescriptor>,
    },
    /// A lone Assertion given without its Response.
    Assertion(Box<Assertion>),
    Other,
}

/// What splits a value that should be one plain text: comments, processing
/// instructions, child elements, and CDATA sections next to other text. Each is a sign
/// of text-node truncation (VU#475445): software that reads only the first text piece of
/// `alice@example.test<!---->.evil.test` sees another user than the whole text, which
/// is what a signature covers (C14N drops comments and turns CDATA into text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct Interruptions {
    pub comments: usize,
    pub processing_instructions: usize,
    pub elements: usize,
    /// `<![CDATA[...]]>` sections.
    #[serde(default)]
    pub cdata_sections: usize,
    /// Text and CDATA pieces, each a separate node to a DOM reader.
    #[serde(default)]
    pub text_pieces: usize,
}

impl Interruptions {
    /// Anything but plain text: markup inside, or text in several pieces.
    pub fn any(&self) -> bool {
        self.comments + self.processing_instructions + self.elements > 0 || self.cdata_split()
    }

    /// A CDATA section next to other text (or a second one): the text is in pieces a
    /// first-text-node reader cuts. One CDATA section holding the whole value is not a
    /// split.
    pub fn cdata_split(&self) -> bool {
        self.cdata_sections > 0 && self.text_pieces > 1
    }

    /// Whether the text is split in a way that makes a first-piece reader see less than
    /// the whole (comments, processing instructions, CDATA next to text).
    pub fn splits_text(&self) -> bool {
        self.comments + self.processing_instructions > 0 || self.cdata_split()
    }
}

/// The attributes every request and response carries (SAML Core §3.2.1, §3.2.2).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Header {
    pub id: Option<String>,
    pub version: Option<String>,
    pub issue_instant: Option<TimeValue>,
    pub destination: Option<String>,
    pub consent: Option<String>,
    pub issuer: Option<Issuer>,
}

/// `saml:Issuer` (SAML Core §2.2.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issuer {
    #[serde(skip)]
    pub node: NodeId,
    /// All the text of the element, exactly.
    pub value: String,
    pub format: Option<String>,
    pub interruptions: Interruptions,
}

/// `samlp:Status` (SAML Core §3.2.2.1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct Status {
    /// Top-level `StatusCode/@Value`.
    pub code: Option<String>,
    /// The nested second-level `StatusCode/@Value`, if any.
    pub sub_code: Option<String>,
    pub message: Option<String>,
}

impl Status {
    pub const SUCCESS: &'static str = "urn:oasis:names:tc:SAML:2.0:status:Success";

    pub fn is_success(&self) -> bool {
        self.code.as_deref() == Some(Status::SUCCESS)
    }
}

/// A Response (SAML Core §3.3.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    #[serde(flatten)]
    pub header: Header,
    pub in_response_to: Option<String>,
    pub status: Option<Status>,
    pub assertions: Vec<Assertion>,
    pub encrypted_assertions: Vec<EncryptedAssertion>,
}

/// A response that carries only a status: LogoutResponse (SAML Core §3.7.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusResponse {
    #[serde(flatten)]
    pub header: Header,
    pub in_response_to: Option<String>,
    pub status: Option<Status>,
}

/// `saml:EncryptedAssertion`: noted, not opened (that needs the SP's private key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EncryptedAssertion {
    #[serde(skip)]
    pub node: NodeId,
    /// `xenc:EncryptionMethod/@Algorithm` of the encrypted data.
    pub data_algorithm: Option<String>,
    /// The key transport algorithm, when an `xenc:EncryptedKey` is present.
    pub key_algorithm: Option<String>,
}

/// `saml:Assertion` (SAML Core §2.3.3).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assertion {
    #[serde(skip)]
    pub node: NodeId,
    pub id: Option<String>,
    pub version: Option<String>,
    pub issue_instant: Option<TimeValue>,
    pub issuer: Option<Issuer>,
    pub subject: Option<Subject>,
    pub conditions: Option<Conditions>,
    pub authn_statements: Vec<AuthnStatement>,
    /// Attributes of every AttributeStatement, in document order.
    pub attributes: Vec<Attribute>,
    /// Whether a `ds:Signature` is a direct child (signed, not yet verified).
    pub has_signature: bool,
}

/// `saml:Subject` (SAML Core §2.4.1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Subject {
    pub name_id: Option<NameId>,
    /// An `EncryptedID` stands in for the NameID.
    pub encrypted_id: bool,
    pub confirmations: Vec<SubjectConfirmation>,
}

/// `saml:NameID` (SAML Core §2.2.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameId {
    #[serde(skip)]
    pub node: NodeId,
    /// All text and CDATA of the element joined, exactly as sent.
    pub value: String,
    pub format: Option<String>,
    pub name_qualifier: Option<String>,
    pub sp_name_qualifier: Option<String>,
    pub sp_provided_id: Option<String>,
    pub interruptions: Interruptions,
}

/// `saml:SubjectConfirmation` (SAML Core §2.4.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectConfirmation {
    pub method: Option<String>,
    pub data: Option<SubjectConfirmationData>,
}

impl SubjectConfirmation {
    pub const BEARER: &'static str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
}

/// `saml:SubjectConfirmationData` (SAML Core §2.4.1.2).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct SubjectConfirmationData {
    pub not_before: Option<TimeValue>,
    pub not_on_or_after: Option<TimeValue>,
    pub recipient: Option<String>,
    pub in_response_to: Option<String>,
    pub address: Option<String>,
}

/// `saml:Conditions` (SAML Core §2.5.1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Conditions {
    pub not_before: Option<TimeValue>,
    pub not_on_or_after: Option<TimeValue>,
    /// Each `AudienceRestriction` with its `Audience` values (exact text).
    pub audience_restrictions: Vec<Vec<String>>,
    pub one_time_use: bool,
    pub proxy_restriction: bool,
}

/// `saml:AuthnStatement` (SAML Core §2.7.2).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct AuthnStatement {
    pub authn_instant: Option<TimeValue>,
    pub session_index: Option<String>,
    pub session_not_on_or_after: Option<TimeValue>,
    pub authn_context_class_ref: Option<String>,
}

/// `saml:Attribute` (SAML Core §2.7.3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribute {
    #[serde(skip)]
    pub node: NodeId,
    pub name: String,
    pub name_format: Option<String>,
    pub friendly_name: Option<String>,
    pub values: Vec<AttributeValue>,
}

/// `saml:AttributeValue` (SAML Core §2.7.3.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeValue {
    #[serde(skip)]
    pub node: NodeId,
    /// All text and CDATA joined, exactly as sent (leading/trailing whitespace kept).
    pub text: String,
    /// `xsi:type`, e.g. `xs:string`.
    pub xsi_type: Option<String>,
    /// `xsi:nil="true"`.
    pub nil: bool,
    /// Child elements, comments or processing instructions inside the value.
    pub interruptions: Interruptions,
}

/// `samlp:AuthnRequest` (SAML Core §3.4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthnRequest {
    #[serde(flatten)]
    pub header: Header,
    pub assertion_consumer_service_url: Option<String>,
    pub assertion_consumer_service_index: Option<String>,
    pub protocol_binding: Option<String>,
    pub force_authn: Option<String>,
    pub is_passive: Option<String>,
    pub provider_name: Option<String>,
    pub name_id_policy: Option<NameIdPolicy>,
    /// `RequestedAuthnContext/@Comparison` and its class references.
    pub requested_authn_context: Option<RequestedAuthnContext>,
    pub subject: Option<Subject>,
}

/// `samlp:NameIDPolicy` (SAML Core §3.4.1.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NameIdPolicy {
    pub format: Option<String>,
    pub sp_name_qualifier: Option<String>,
    pub allow_create: Option<String>,
}

/// `samlp:RequestedAuthnContext` (SAML Core §3.3.2.2.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestedAuthnContext {
    pub comparison: Option<String>,
    pub class_refs: Vec<String>,
}

/// `samlp:LogoutRequest` (SAML Core §3.7.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogoutRequest {
    #[serde(flatten)]
    pub header: Header,
    pub not_on_or_after: Option<TimeValue>,
    pub reason: Option<String>,
    pub name_id: Option<NameId>,
    pub encrypted_id: bool,
    pub session_indexes: Vec<String>,
}

impl Message {
    /// The protocol header of a request or response.
    pub fn header(&self) -> Option<&Header> {
        match &self.body {
            Body::Response(response) => Some(&response.header),
            Body::AuthnRequest(request) => Some(&request.header),
            Body::LogoutRequest(request) => Some(&request.header),
            Body::LogoutResponse(response) => Some(&response.header),
            Body::Metadata { .. } | Body::Assertion(_) | Body::Other => None,
        }
    }

    /// The assertions a Response carries (or the lone assertion given on its own).
    pub fn assertions(&self) -> &[Assertion] {
        match &self.body {
            Body::Response(response) => &response.assertions,
            Body::Assertion(assertion) => std::slice::from_ref(assertion.as_ref()),
            _ => &[],
        }
    }

    /// The assertion whose subject and attributes the report shows: the first one.
    pub fn evaluated_assertion(&self) -> Option<&Assertion> {
        self.assertions().first()
    }

    /// Where `node` (an assertion of the model) sits and what it claims.
    pub fn placed(&self, node: NodeId) -> Option<&PlacedAssertion> {
        self.placed.iter().find(|placed| placed.node == node)
    }

    /// The issuer shown for the message: the message's own `Issuer`, else the
    /// evaluated assertion's, else (metadata) the first `entityID`.
    pub fn issuer(&self) -> Option<&str> {
        if let Some(issuer) = self.header().and_then(|header| header.issuer.as_ref()) {
            return Some(&issuer.value);
        }
        if let Some(issuer) = self
            .evaluated_assertion()
            .and_then(|assertion| assertion.issuer.as_ref())
        {
            return Some(&issuer.value);
        }
        match &self.body {
            Body::Metadata { entities } => entities
                .first()
                .and_then(|entity| entity.entity_id.as_deref()),
            _ => None,
        }
    }

    /// The subject shown for the message: the evaluated assertion's, a
    /// LogoutRequest's NameID, or an AuthnRequest's Subject.
    pub fn subject_name_id(&self) -> Option<&NameId> {
        match &self.body {
            Body::LogoutRequest(request) => request.name_id.as_ref(),
            Body::AuthnRequest(request) => request.subject.as_ref()?.name_id.as_ref(),
            _ => self
                .evaluated_assertion()?
                .subject
                .as_ref()?
                .name_id
                .as_ref(),
        }
    }

    /// `Status` of a Response or LogoutResponse.
    pub fn status(&self) -> Option<&Status> {
        match &self.body {
            Body::Response(response) => response.status.as_ref(),
            Body::LogoutResponse(response) => response.status.as_ref(),
            _ => None,
        }
    }

    /// `InResponseTo` of a Response or LogoutResponse.
    pub fn in_response_to(&self) -> Option<&str> {
        match &self.body {
            Body::Response(response) => response.in_response_to.as_deref(),
            Body::LogoutResponse(response) => response.in_response_to.as_deref(),
            _ => None,
        }
    }
}
