//! Reading the typed model from a document.

use super::metadata::read_entity;
use super::model::*;
use super::signature::describe_signatures;
use crate::xml::{Document, NS_DS, NS_MD, NS_SAML, NS_SAMLP, NS_XENC, NodeId};

const NS_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Reads the message in `document`. Never fails: an unknown root is [`Body::Other`],
/// missing parts are `None`, and the checks say what is wrong with them.
pub fn read(document: &Document) -> Message {
    let root = document.root();
    let (root_name, root_namespace, local) = match document.element(root) {
        Some(element) => (
            element.name.to_string(),
            element.namespace.clone(),
            element.name.local.as_str(),
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
    Message {
        kind,
        root_name,
        root_namespace,
        body,
        signatures: describe_signatures(document),
    }
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
        interruptions: document.text_interruptions(issuer).into(),
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
        interruptions: document.text_interruptions(name_id).into(),
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
                interruptions: document.text_interruptions(value).into(),
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
