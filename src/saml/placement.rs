//! Where assertions sit: every `Assertion` and `EncryptedAssertion` of a Response, wherever
//! it is (a direct child, `saml:Advice`, `samlp:Extensions`, `samlp:StatusDetail`, a
//! `ds:Object`, a wrapper), every element posing as one under another namespace, and
//! SAML statements found outside any assertion — each with where it sits and what it
//! claims (its NameID, its AWS roles, its attribute names).
//!
//! SAML Core §3.3.3 puts a Response's assertions directly in the Response, and §2.6
//! lets `saml:Advice` carry more; nothing else may hold one. An SP that searches the
//! document for `//Assertion`, or reads the last one, or matches by prefix, reads a
//! different assertion than one that takes the first child: signature-wrapping
//! attacks (CVE-2025-47949, CVE-2025-46572, CVE-2025-54419, CVE-2024-45409,
//! CVE-2025-25292, CVE-2025-46573) live in that difference. This module only finds and
//! describes; whether a signature covers each is the checks' business.
//!
//! The claims are read by local name (any namespace), so that an element under a
//! look-alike namespace says what it claims too.

use super::model::{Claims, Place, PlacedAssertion, PlacedKind};
use crate::aws::attributes::ROLE;
use crate::xml::{Document, NS_SAML, NS_SAMLP, NodeId};

/// At most this many placed assertions are described in full; the rest are counted
/// (`Message::placed_omitted`). A hostile message can hold one per element.
pub const PLACED_LISTED: usize = 32;
/// At most this many values (roles, attribute names) a claim lists.
const CLAIMS_LISTED: usize = 8;

/// Elements of the assertion namespace that belong inside an Assertion: found outside
/// any, they are statements smuggled next to it.
const STATEMENTS: [&str; 7] = [
    "AttributeStatement",
    "AuthnStatement",
    "AuthzDecisionStatement",
    "Subject",
    "Attribute",
    "NameID",
    "Conditions",
];

/// Every assertion-like element and stray statement of the document in document order
/// (at most [`PLACED_LISTED`]), and how many more there were.
pub fn place_assertions(document: &Document) -> (Vec<PlacedAssertion>, usize) {
    let root = document.root();
    let root_is_response = document.is(root, NS_SAMLP, "Response");
    // Per node, in document order (a parent comes before its children): whether an
    // assertion-like element or a recorded stray statement is among its ancestors.
    let mut inside = vec![false; document.len()];
    let mut placed = Vec::new();
    let mut omitted = 0;
    for node in document.ids() {
        let parent_inside = document
            .parent(node)
            .is_some_and(|parent| inside.get(parent.index()).copied().unwrap_or(false));
        let Some(element) = document.element(node) else {
            continue;
        };
        let local = &*element.name.local;
        let namespace = element.namespace.as_deref();
        let kind = match (local, namespace) {
            ("Assertion", Some(NS_SAML)) => Some(PlacedKind::Assertion),
            ("EncryptedAssertion", Some(NS_SAML)) => Some(PlacedKind::EncryptedAssertion),
            ("Assertion" | "EncryptedAssertion", _) => Some(PlacedKind::LookAlike {
                namespace: namespace.map(str::to_owned),
            }),
            (local, Some(NS_SAML))
                if root_is_response && !parent_inside && STATEMENTS.contains(&local) =>
            {
                Some(PlacedKind::Statement)
            }
            _ => None,
        };
        if let Some(slot) = inside.get_mut(node.index()) {
            *slot = parent_inside || kind.is_some();
        }
        let Some(kind) = kind else {
            continue;
        };
        if placed.len() >= PLACED_LISTED {
            omitted += 1;
            continue;
        }
        placed.push(PlacedAssertion {
            node,
            place: place_of(document, node, &kind),
            element: element.name.to_string(),
            path: path_to(document, node),
            claims: claims_of(document, node, &kind),
            kind,
        });
    }
    (placed, omitted)
}

/// Where an element sits, as SAML sees it.
fn place_of(document: &Document, node: NodeId, kind: &PlacedKind) -> Place {
    let root = document.root();
    if node == root {
        return Place::Root;
    }
    if matches!(kind, PlacedKind::Statement) {
        return Place::Elsewhere;
    }
    let parent = document.parent(node);
    if parent == Some(root) && document.is(root, NS_SAMLP, "Response") {
        return Place::ResponseChild;
    }
    let in_advice = parent.is_some_and(|parent| {
        document.is(parent, NS_SAML, "Advice")
            && document
                .parent(parent)
                .is_some_and(|owner| document.is(owner, NS_SAML, "Assertion"))
    });
    if in_advice {
        Place::Advice
    } else {
        Place::Elsewhere
    }
}

/// The names of the ancestors of `node`, as written, from the root down:
/// `samlp:Response/samlp:Extensions`.
fn path_to(document: &Document, node: NodeId) -> String {
    let mut names = Vec::new();
    let mut current = document.parent(node);
    while let Some(ancestor) = current {
        if let Some(element) = document.element(ancestor) {
            names.push(element.name.to_string());
        }
        current = document.parent(ancestor);
    }
    names.reverse();
    names.join("/")
}

/// The first child element of `node` with local name `local`, any namespace.
fn child_local(document: &Document, node: NodeId, local: &str) -> Option<NodeId> {
    children_local(document, node, local).next()
}

fn children_local<'a>(
    document: &'a Document,
    node: NodeId,
    local: &'a str,
) -> impl Iterator<Item = NodeId> + 'a {
    document.child_elements(node).filter(move |&child| {
        document
            .element(child)
            .is_some_and(|e| *e.name.local == *local)
    })
}

/// What an assertion-like element or statement claims, read by local names.
fn claims_of(document: &Document, node: NodeId, kind: &PlacedKind) -> Claims {
    let mut claims = Claims {
        id: document.attribute(node, "ID").map(str::to_owned),
        ..Claims::default()
    };
    if matches!(kind, PlacedKind::EncryptedAssertion) {
        return claims;
    }
    let local = document
        .element(node)
        .map_or("", |element| &*element.name.local);
    let subject = match local {
        "Subject" => Some(node),
        "Assertion" => child_local(document, node, "Subject"),
        _ => None,
    };
    let name_id = match local {
        "NameID" => Some(node),
        _ => subject.and_then(|subject| child_local(document, subject, "NameID")),
    };
    claims.name_id = name_id.map(|name_id| document.text(name_id));
    let statements: Vec<NodeId> = match local {
        "AttributeStatement" => vec![node],
        "Assertion" => children_local(document, node, "AttributeStatement").collect(),
        _ => Vec::new(),
    };
    let attributes = statements
        .into_iter()
        .flat_map(|statement| children_local(document, statement, "Attribute"))
        .chain((local == "Attribute").then_some(node));
    for attribute in attributes {
        let name = document.attribute(attribute, "Name").unwrap_or_default();
        if name == ROLE {
            for value in children_local(document, attribute, "AttributeValue") {
                if claims.roles.len() < CLAIMS_LISTED {
                    claims.roles.push(document.text(value));
                }
            }
        }
        if claims.attributes.len() < CLAIMS_LISTED {
            claims.attributes.push(name.to_owned());
        } else {
            claims.more_attributes += 1;
        }
    }
    claims
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Limits;

    fn placed(xml: &str) -> Vec<PlacedAssertion> {
        let document = crate::xml::parse(xml.as_bytes(), &Limits::default()).expect("parses");
        place_assertions(&document).0
    }

    const HEAD: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r" Version="2.0">"#;

    fn assertion(id: &str, user: &str) -> String {
        format!(
            r#"<saml:Assertion ID="{id}"><saml:Subject><saml:NameID>{user}</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="{ROLE}"><saml:AttributeValue>role-{user}</saml:AttributeValue></saml:Attribute><saml:Attribute Name="mail"/></saml:AttributeStatement></saml:Assertion>"#
        )
    }

    #[test]
    fn finds_every_assertion_where_it_sits() {
        let xml = format!(
            r#"{HEAD}<samlp:Extensions>{}</samlp:Extensions><samlp:Status><samlp:StatusDetail>{}</samlp:StatusDetail></samlp:Status>{}<saml:EncryptedAssertion/></samlp:Response>"#,
            assertion("x", "admin"),
            assertion("y", "root"),
            assertion("a", "alice").replace(
                "</saml:Assertion>",
                &format!(
                    "<saml:Advice>{}</saml:Advice></saml:Assertion>",
                    assertion("b", "bob")
                )
            ),
        );
        let found = placed(&xml);
        let summary: Vec<(Place, &str, Option<&str>)> = found
            .iter()
            .map(|p| (p.place, p.path.as_str(), p.claims.name_id.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Place::Elsewhere,
                    "samlp:Response/samlp:Extensions",
                    Some("admin")
                ),
                (
                    Place::Elsewhere,
                    "samlp:Response/samlp:Status/samlp:StatusDetail",
                    Some("root")
                ),
                (Place::ResponseChild, "samlp:Response", Some("alice")),
                (
                    Place::Advice,
                    "samlp:Response/saml:Assertion/saml:Advice",
                    Some("bob")
                ),
                (Place::ResponseChild, "samlp:Response", None),
            ]
        );
        assert_eq!(found[0].claims.roles, ["role-admin"]);
        assert_eq!(found[0].claims.attributes, [ROLE, "mail"]);
        assert_eq!(found[4].kind, PlacedKind::EncryptedAssertion);
    }

    #[test]
    fn look_alikes_and_stray_statements_are_found() {
        let xml = format!(
            r#"{HEAD}<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion:x" ID="f"><saml:Subject><saml:NameID>admin</saml:NameID></saml:Subject></saml:Assertion><samlp:Extensions><saml:AttributeStatement><saml:Attribute Name="{ROLE}"><saml:AttributeValue>Admin</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></samlp:Extensions>{}</samlp:Response>"#,
            assertion("a", "alice")
        );
        let found = placed(&xml);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(
            found[0].kind,
            PlacedKind::LookAlike {
                namespace: Some("urn:oasis:names:tc:SAML:2.0:assertion:x".to_owned())
            }
        );
        assert_eq!(found[0].claims.name_id.as_deref(), Some("admin"));
        assert_eq!(found[1].kind, PlacedKind::Statement);
        assert_eq!(found[1].element, "saml:AttributeStatement");
        assert_eq!(found[1].claims.roles, ["Admin"]);
        // The statements inside the genuine assertion are not strays.
        assert_eq!(found[2].kind, PlacedKind::Assertion);
    }

    #[test]
    fn a_hostile_number_is_counted_not_listed() {
        let many = "<saml:Assertion/>".repeat(PLACED_LISTED + 5);
        let document = crate::xml::parse(
            format!("{HEAD}{many}</samlp:Response>").as_bytes(),
            &Limits::default(),
        )
        .expect("parses");
        let (listed, omitted) = place_assertions(&document);
        assert_eq!((listed.len(), omitted), (PLACED_LISTED, 5));
    }
}
