//! Reading the typed model from a document.

use super::metadata::read_entity;
use super::model::*;
use super::placement::place_assertions;
use super::signature::describe_signatures;
use super::time::TimeValue;
use crate::xml::{Document, NS_DS, NS_MD, NS_SAML, NS_SAMLP, NS_XENC, NodeId, NodeKind};

const NS_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Reads the message in `document`. Never fails: an unknown root is [`Body::Other`],
/// missing parts are `None`, and the checks say what is wrong with them.
pub fn read(document: &Document) -> Message {
    let root = document.root();
    let (root_name, root_namespace, local) = match document.element(root) {
        Some(element) => (
            element.name.to_string(),
            element.namespace.as_deref().map(str::to_owned),
            &*element.name.local,
        ),
        None => (String::new(), None, ""),
    };
    let namespace = root_namespace.as_deref();
    let (kind, body) = match (namespace, local) {
        (Some(NS_SAMLP), "Response") => (
            MessageKind::Response,
            Body::Response(read_response(document, root)),
        ),
        (Some(NS_SAMLP), "AuthnRequest") => (
            MessageKind::AuthnRequest,
            Body::AuthnRequest(read_authn_request(document, root)),
        ),
        (Some(NS_SAMLP), "LogoutRequest") => (
            MessageKind::LogoutRequest,
            Body::LogoutRequest(read_logout_request(document, root)),
        ),
        (Some(NS_SAMLP), "LogoutResponse") => (
            MessageKind::LogoutResponse,
            Body::LogoutResponse(StatusResponse {
                header: read_header(document, root),
                in_response_to: attribute(document, root, "InResponseTo"),
                status: read_status(document, root),
            }),
        ),
        (Some(NS_MD), "EntityDescriptor") => (
            MessageKind::EntityDescriptor,
            Body::Metadata {
                entities: vec![read_entity(document, root)],
            },
        ),
        (Some(NS_MD), "EntitiesDescriptor") => (
            MessageKind::EntitiesDescriptor,
            Body::Metadata {
                entities: document
                    .descendants(root)
                    .filter(|&node| document.is(node, NS_MD, "EntityDescriptor"))
                    .map(|entity| read_entity(document, entity))
                    .collect(),
            },
        ),
        (Some(NS_SAML), "Assertion") => (
            MessageKind::Other,
            Body::Assertion(Box::new(read_assertion(document, root))),
        ),
        _ => (MessageKind::Other, Body::Other),
    };
    let (placed, placed_omitted) = match body {
        Body::Response(_) | Body::Assertion(_) => place_assertions(document),
        _ => (Vec::new(), 0),
    };
    Message {
        kind,
        root_name,
        root_namespace,
        body,
        signatures: describe_signatures(document),
        placed,
        placed_omitted,
    }
}

/// What splits the text of `node` (see [`Interruptions`]): comments, processing
/// instructions, child elements, CDATA sections and the number of text pieces.
pub(super) fn interruptions(document: &Document, node: NodeId) -> Interruptions {
    let mut found = Interruptions::default();
    for descendant in document.descendants(node).skip(1) {
        match &document.node(descendant).kind {
            NodeKind::Comment(_) => found.comments += 1,
            NodeKind::ProcessingInstruction { .. } => found.processing_instructions += 1,
            NodeKind::Element(_) => found.elements += 1,
            NodeKind::CData(_) => {
                found.cdata_sections += 1;
                found.text_pieces += 1;
            }
            NodeKind::Text(_) => found.text_pieces += 1,
        }
    }
    found
}

fn attribute(document: &Document, node: NodeId, name: &str) -> Option<String> {
    document.attribute(node, name).map(str::to_owned)
}

fn time_attribute(document: &Document, node: NodeId, name: &str) -> Option<TimeValue> {
    document.attribute(node, name).map(TimeValue::new)
}

fn read_header(document: &Document, node: NodeId) -> Header {
    Header {
        id: attribute(document, node, "ID"),
        version: attribute(document, node, "Version"),
        issue_instant: time_attribute(document, node, "IssueInstant"),
        destination: attribute(document, node, "Destination"),
        consent: attribute(document, node, "Consent"),
        issuer: read_issuer(document, node),
    }
}

fn read_issuer(document: &Document, parent: NodeId) -> Option<Issuer> {
    let issuer = document.child(parent, NS_SAML, "Issuer")?;
    Some(Issuer {
        node: issuer,
        value: document.text(issuer),
        format: attribute(document, issuer, "Format"),
        interruptions: interruptions(document, issuer),
    })
}

/// `Status` with its top-level code, the nested second-level code and the message
/// (SAML Core §3.2.2.1–§3.2.2.3).
fn read_status(document: &Document, parent: NodeId) -> Option<Status> {
    let status = document.child(parent, NS_SAMLP, "Status")?;
    let code = document.child(status, NS_SAMLP, "StatusCode");
    let sub_code = code.and_then(|code| document.child(code, NS_SAMLP, "StatusCode"));
    Some(Status {
        code: code.and_then(|code| attribute(document, code, "Value")),
        sub_code: sub_code.and_then(|code| attribute(document, code, "Value")),
        message: document
            .child(status, NS_SAMLP, "StatusMessage")
            .map(|message| document.text(message)),
    })
}

fn read_response(document: &Document, root: NodeId) -> Response {
    Response {
        header: read_header(document, root),
        in_response_to: attribute(document, root, "InResponseTo"),
        status: read_status(document, root),
        assertions: document
            .children_named(root, NS_SAML, "Assertion")
            .map(|assertion| read_assertion(document, assertion))
            .collect(),
        encrypted_assertions: document
            .children_named(root, NS_SAML, "EncryptedAssertion")
            .map(|encrypted| read_encrypted_assertion(document, encrypted))
            .collect(),
    }
}

fn read_encrypted_assertion(document: &Document, node: NodeId) -> EncryptedAssertion {
    let data = document.child(node, NS_XENC, "EncryptedData");
    let method_of = |parent: Option<NodeId>| {
        parent
            .and_then(|parent| document.child(parent, NS_XENC, "EncryptionMethod"))
            .and_then(|method| attribute(document, method, "Algorithm"))
    };
    let encrypted_key = data
        .and_then(|data| document.child(data, NS_DS, "KeyInfo"))
        .and_then(|key_info| document.child(key_info, NS_XENC, "EncryptedKey"))
        .or_else(|| document.child(node, NS_XENC, "EncryptedKey"));
    EncryptedAssertion {
        node,
        data_algorithm: method_of(data),
        key_algorithm: method_of(encrypted_key),
    }
}

fn read_assertion(document: &Document, node: NodeId) -> Assertion {
    let attributes = document
        .children_named(node, NS_SAML, "AttributeStatement")
        .flat_map(|statement| document.children_named(statement, NS_SAML, "Attribute"))
        .map(|attribute| read_attribute(document, attribute))
        .collect();
    Assertion {
        node,
        id: attribute(document, node, "ID"),
        version: attribute(document, node, "Version"),
        issue_instant: time_attribute(document, node, "IssueInstant"),
        issuer: read_issuer(document, node),
        subject: document
            .child(node, NS_SAML, "Subject")
            .map(|subject| read_subject(document, subject)),
        conditions: document
            .child(node, NS_SAML, "Conditions")
            .map(|conditions| read_conditions(document, conditions)),
        authn_statements: document
            .children_named(node, NS_SAML, "AuthnStatement")
            .map(|statement| read_authn_statement(document, statement))
            .collect(),
        attributes,
        has_signature: document.child(node, NS_DS, "Signature").is_some(),
    }
}

fn read_name_id(document: &Document, parent: NodeId) -> Option<NameId> {
    let name_id = document.child(parent, NS_SAML, "NameID")?;
    Some(NameId {
        node: name_id,
        value: document.text(name_id),
        format: attribute(document, name_id, "Format"),
        name_qualifier: attribute(document, name_id, "NameQualifier"),
        sp_name_qualifier: attribute(document, name_id, "SPNameQualifier"),
        sp_provided_id: attribute(document, name_id, "SPProvidedID"),
        interruptions: interruptions(document, name_id),
    })
}

fn read_subject(document: &Document, subject: NodeId) -> Subject {
    Subject {
        name_id: read_name_id(document, subject),
        encrypted_id: document.child(subject, NS_SAML, "EncryptedID").is_some(),
        confirmations: document
            .children_named(subject, NS_SAML, "SubjectConfirmation")
            .map(|confirmation| SubjectConfirmation {
                method: attribute(document, confirmation, "Method"),
                data: document
                    .child(confirmation, NS_SAML, "SubjectConfirmationData")
                    .map(|data| SubjectConfirmationData {
                        not_before: time_attribute(document, data, "NotBefore"),
                        not_on_or_after: time_attribute(document, data, "NotOnOrAfter"),
                        recipient: attribute(document, data, "Recipient"),
                        in_response_to: attribute(document, data, "InResponseTo"),
                        address: attribute(document, data, "Address"),
                    }),
            })
            .collect(),
    }
}

fn read_conditions(document: &Document, conditions: NodeId) -> Conditions {
    Conditions {
        not_before: time_attribute(document, conditions, "NotBefore"),
        not_on_or_after: time_attribute(document, conditions, "NotOnOrAfter"),
        audience_restrictions: document
            .children_named(conditions, NS_SAML, "AudienceRestriction")
            .map(|restriction| {
                document
                    .children_named(restriction, NS_SAML, "Audience")
                    .map(|audience| document.text(audience))
                    .collect()
            })
            .collect(),
        one_time_use: document.child(conditions, NS_SAML, "OneTimeUse").is_some(),
        proxy_restriction: document
            .child(conditions, NS_SAML, "ProxyRestriction")
            .is_some(),
    }
}

fn read_authn_statement(document: &Document, statement: NodeId) -> AuthnStatement {
    AuthnStatement {
        authn_instant: time_attribute(document, statement, "AuthnInstant"),
        session_index: attribute(document, statement, "SessionIndex"),
        session_not_on_or_after: time_attribute(document, statement, "SessionNotOnOrAfter"),
        authn_context_class_ref: document
            .child(statement, NS_SAML, "AuthnContext")
            .and_then(|context| document.child(context, NS_SAML, "AuthnContextClassRef"))
            .map(|class_ref| document.text(class_ref)),
    }
}

fn read_attribute(document: &Document, node: NodeId) -> Attribute {
    Attribute {
        node,
        name: attribute(document, node, "Name").unwrap_or_default(),
        name_format: attribute(document, node, "NameFormat"),
        friendly_name: attribute(document, node, "FriendlyName"),
        values: document
            .children_named(node, NS_SAML, "AttributeValue")
            .map(|value| AttributeValue {
                node: value,
                text: document.text(value),
                xsi_type: document
                    .attribute_ns(value, NS_XSI, "type")
                    .map(str::to_owned),
                nil: document
                    .attribute_ns(value, NS_XSI, "nil")
                    .is_some_and(|nil| matches!(nil.trim(), "true" | "1")),
                interruptions: interruptions(document, value),
            })
            .collect(),
    }
}

fn read_authn_request(document: &Document, root: NodeId) -> AuthnRequest {
    let name_id_policy = document
        .child(root, NS_SAMLP, "NameIDPolicy")
        .map(|policy| NameIdPolicy {
            format: attribute(document, policy, "Format"),
            sp_name_qualifier: attribute(document, policy, "SPNameQualifier"),
            allow_create: attribute(document, policy, "AllowCreate"),
        });
    let requested_authn_context =
        document
            .child(root, NS_SAMLP, "RequestedAuthnContext")
            .map(|context| RequestedAuthnContext {
                comparison: attribute(document, context, "Comparison"),
                class_refs: document
                    .children_named(context, NS_SAML, "AuthnContextClassRef")
                    .map(|class_ref| document.text(class_ref))
                    .collect(),
            });
    AuthnRequest {
        header: read_header(document, root),
        assertion_consumer_service_url: attribute(document, root, "AssertionConsumerServiceURL"),
        assertion_consumer_service_index: attribute(
            document,
            root,
            "AssertionConsumerServiceIndex",
        ),
        protocol_binding: attribute(document, root, "ProtocolBinding"),
        force_authn: attribute(document, root, "ForceAuthn"),
        is_passive: attribute(document, root, "IsPassive"),
        provider_name: attribute(document, root, "ProviderName"),
        name_id_policy,
        requested_authn_context,
        subject: document
            .child(root, NS_SAML, "Subject")
            .map(|subject| read_subject(document, subject)),
    }
}

fn read_logout_request(document: &Document, root: NodeId) -> LogoutRequest {
    LogoutRequest {
        header: read_header(document, root),
        not_on_or_after: time_attribute(document, root, "NotOnOrAfter"),
        reason: attribute(document, root, "Reason"),
        name_id: read_name_id(document, root),
        encrypted_id: document.child(root, NS_SAML, "EncryptedID").is_some(),
        session_indexes: document
            .children_named(root, NS_SAMLP, "SessionIndex")
            .map(|index| document.text(index))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;
    use crate::saml::{KeyUse, RoleKind};

    fn message(xml: &str) -> Message {
        let document =
            crate::xml::parse(xml.as_bytes(), &Limits::default()).expect("test XML parses");
        read(&document)
    }

    const RESPONSE: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" Destination="https://sp.example.test/acs" InResponseTo="req-1">
  <saml:Issuer>https://idp.example.test/</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode><samlp:StatusMessage>bad password</samlp:StatusMessage></samlp:Status>
  <saml:Assertion ID="a1" Version="2.0" IssueInstant="not a time">
    <saml:Issuer>https://idp.example.test/</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" SPNameQualifier="sp"> jdoe@example.test<!--x--></saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="2024-05-01T12:05:00Z" Recipient="https://sp.example.test/acs" InResponseTo="req-1"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2024-05-01T11:55:00Z" NotOnOrAfter="2024-05-01T12:05:00Z">
      <saml:AudienceRestriction><saml:Audience>urn:sp</saml:Audience><saml:Audience>urn:sp2</saml:Audience></saml:AudienceRestriction>
      <saml:OneTimeUse/>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2024-05-01T11:59:00Z" SessionIndex="s1" SessionNotOnOrAfter="2024-05-01T20:00:00Z"><saml:AuthnContext><saml:AuthnContextClassRef>urn:pw</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri" FriendlyName="Role"><saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">a </saml:AttributeValue><saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></saml:Attribute>
    </saml:AttributeStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="groups"><saml:AttributeValue>x<b>y</b></saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
  <saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/></xenc:EncryptedData></saml:EncryptedAssertion>
</samlp:Response>"#;

    #[test]
    fn reads_a_response_exactly() {
        let message = message(RESPONSE);
        assert_eq!(message.kind, MessageKind::Response);
        assert_eq!(message.root_name, "samlp:Response");
        let Body::Response(response) = &message.body else {
            panic!("not a response body");
        };
        assert_eq!(response.header.id.as_deref(), Some("r1"));
        assert_eq!(
            response.header.destination.as_deref(),
            Some("https://sp.example.test/acs")
        );
        assert_eq!(response.in_response_to.as_deref(), Some("req-1"));
        let status = response.status.as_ref().unwrap();
        assert!(!status.is_success());
        assert_eq!(
            status.sub_code.as_deref(),
            Some("urn:oasis:names:tc:SAML:2.0:status:AuthnFailed")
        );
        assert_eq!(status.message.as_deref(), Some("bad password"));

        let assertion = &response.assertions[0];
        assert_eq!(assertion.issue_instant.as_ref().unwrap().parsed, None);
        assert_eq!(assertion.issue_instant.as_ref().unwrap().text, "not a time");
        let name_id = assertion
            .subject
            .as_ref()
            .unwrap()
            .name_id
            .as_ref()
            .unwrap();
        assert_eq!(name_id.value, " jdoe@example.test");
        assert_eq!(name_id.interruptions.comments, 1);
        assert_eq!(name_id.sp_name_qualifier.as_deref(), Some("sp"));
        let confirmation = &assertion.subject.as_ref().unwrap().confirmations[0];
        assert_eq!(
            confirmation.method.as_deref(),
            Some(SubjectConfirmation::BEARER)
        );
        assert_eq!(
            confirmation
                .data
                .as_ref()
                .unwrap()
                .in_response_to
                .as_deref(),
            Some("req-1")
        );
        let conditions = assertion.conditions.as_ref().unwrap();
        assert_eq!(
            conditions.audience_restrictions,
            [vec!["urn:sp".to_owned(), "urn:sp2".to_owned()]]
        );
        assert!(conditions.one_time_use);
        assert_eq!(
            conditions
                .not_before
                .as_ref()
                .unwrap()
                .parsed
                .unwrap()
                .to_string(),
            "2024-05-01T11:55:00Z"
        );
        assert_eq!(
            assertion.authn_statements[0].session_index.as_deref(),
            Some("s1")
        );
        assert_eq!(
            assertion.authn_statements[0]
                .authn_context_class_ref
                .as_deref(),
            Some("urn:pw")
        );

        // Attributes of both statements, values exact.
        let names: Vec<&str> = assertion
            .attributes
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["role", "groups"]);
        let role = &assertion.attributes[0];
        assert_eq!(role.friendly_name.as_deref(), Some("Role"));
        assert_eq!(role.values[0].text, "a ");
        assert_eq!(role.values[0].xsi_type.as_deref(), Some("xs:string"));
        assert!(role.values[1].nil);
        assert_eq!(assertion.attributes[1].values[0].text, "xy");
        assert_eq!(assertion.attributes[1].values[0].interruptions.elements, 1);

        assert_eq!(
            response.encrypted_assertions[0].data_algorithm.as_deref(),
            Some("http://www.w3.org/2009/xmlenc11#aes256-gcm")
        );
        assert_eq!(message.issuer(), Some("https://idp.example.test/"));
        assert_eq!(
            message.subject_name_id().unwrap().value,
            " jdoe@example.test"
        );
    }

    #[test]
    fn reads_requests_and_logout() {
        let request = message(
            r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="q1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" AssertionConsumerServiceURL="https://sp/acs" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" ForceAuthn="true"><saml:Issuer>urn:sp</saml:Issuer><samlp:NameIDPolicy Format="urn:f" AllowCreate="true"/><samlp:RequestedAuthnContext Comparison="exact"><saml:AuthnContextClassRef>urn:c</saml:AuthnContextClassRef></samlp:RequestedAuthnContext></samlp:AuthnRequest>"#,
        );
        assert_eq!(request.kind, MessageKind::AuthnRequest);
        let Body::AuthnRequest(body) = &request.body else {
            panic!()
        };
        assert_eq!(
            body.assertion_consumer_service_url.as_deref(),
            Some("https://sp/acs")
        );
        assert_eq!(
            body.name_id_policy.as_ref().unwrap().format.as_deref(),
            Some("urn:f")
        );
        assert_eq!(
            body.requested_authn_context.as_ref().unwrap().class_refs,
            ["urn:c"]
        );
        assert_eq!(request.issuer(), Some("urn:sp"));

        let logout = message(
            r#"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="l1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"><saml:Issuer>urn:sp</saml:Issuer><saml:NameID>jdoe</saml:NameID><samlp:SessionIndex>s1</samlp:SessionIndex><samlp:SessionIndex>s2</samlp:SessionIndex></samlp:LogoutRequest>"#,
        );
        let Body::LogoutRequest(body) = &logout.body else {
            panic!()
        };
        assert_eq!(body.session_indexes, ["s1", "s2"]);
        assert_eq!(logout.subject_name_id().unwrap().value, "jdoe");

        let logout_response = message(
            r#"<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="l2" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" InResponseTo="l1"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>"#,
        );
        assert_eq!(logout_response.kind, MessageKind::LogoutResponse);
        assert!(logout_response.status().unwrap().is_success());
        assert_eq!(logout_response.in_response_to(), Some("l1"));
    }

    #[test]
    fn reads_metadata_and_unknown_roots() {
        let certificate = {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .encode(include_bytes!("../../tests/fixtures/certs/idp-rsa2048.der"))
        };
        let metadata = message(&format!(
            r#"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><md:EntityDescriptor entityID="https://idp.example.test/" validUntil="2030-01-01T00:00:00Z"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
{certificate}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>bm90IGEgY2VydA==</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/sso"/></md:IDPSSODescriptor></md:EntityDescriptor><md:EntityDescriptor entityID="urn:sp"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp/acs" index="0" isDefault="true"/></md:SPSSODescriptor></md:EntityDescriptor></md:EntitiesDescriptor>"#
        ));
        assert_eq!(metadata.kind, MessageKind::EntitiesDescriptor);
        let Body::Metadata { entities } = &metadata.body else {
            panic!()
        };
        assert_eq!(entities.len(), 2);
        let idp = &entities[0].roles[0];
        assert_eq!(idp.kind, RoleKind::IdentityProvider);
        assert_eq!(idp.keys[0].usage, KeyUse::Signing);
        let read_certificate = idp.keys[0].certificates[0].certificate.as_ref().unwrap();
        assert_eq!(
            read_certificate.subject,
            "CN=idp.example.test, O=SAML Inspector Tests"
        );
        assert_eq!(idp.keys[1].usage, KeyUse::Unspecified);
        assert!(idp.keys[1].certificates[0].error.is_some());
        assert_eq!(
            idp.single_sign_on_services[0].location.as_deref(),
            Some("https://idp.example.test/sso")
        );
        assert_eq!(entities[1].roles[0].kind, RoleKind::ServiceProvider);
        assert_eq!(
            entities[1].roles[0].assertion_consumer_services[0]
                .is_default
                .as_deref(),
            Some("true")
        );
        assert_eq!(metadata.issuer(), Some("https://idp.example.test/"));

        let other = message("<html><body/></html>");
        assert_eq!(other.kind, MessageKind::Other);
        assert_eq!(other.body, Body::Other);
    }
}
