//! Signature wrapping through hidden assertions: an Assertion that no intact signature
//! covers, wherever it hides (`samlp:Extensions`, `samlp:StatusDetail`, `ds:Object`, a
//! wrapper, after the signed one, under a look-alike namespace), or SAML statements
//! outside any assertion, next to signed content (CHECKS.md `core.assertion.count`).
//!
//! Which assertion a service provider reads depends on the SP (the first child, the last,
//! any `//Assertion` in the document, one matched by prefix), so when one is hidden no
//! assertion of the message counts as trusted: [`hides_assertions`] is what the analysis
//! downgrades the protection with, and [`describe`] what `core.assertion.count` says.
//!
//! The evaluated assertion (the first child of the Response) is not judged here: whether
//! a signature covers it is `core.sig.coverage`'s finding, which names what it claims
//! through [`describe_claims`].

use crate::dsig::Verdict;
use crate::saml::{Claims, Message, Place, PlacedAssertion, PlacedKind};
use crate::text::quote;
use crate::xml::NodeId;

/// Why a placed assertion is a wrapping attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// An Assertion or EncryptedAssertion where none belongs, no signature over it.
    Misplaced,
    /// An Assertion where assertions belong, unsigned, next to a signed one.
    UnsignedBesideSigned,
    /// An element posing as an Assertion under another namespace, no signature over it.
    LookAlike,
    /// Statements of the assertion namespace outside any assertion, no signature over
    /// them.
    Stray,
}

/// A hidden assertion: where it is, and why it is one.
#[derive(Debug, Clone, Copy)]
pub struct Hidden<'a> {
    pub placed: &'a PlacedAssertion,
    pub why: Why,
}

/// Whether an intact signature (whoever made it) covers `node`.
fn intact_cover(verdicts: &[Verdict], node: NodeId) -> bool {
    verdicts.iter().any(|verdict| {
        verdict.status().is_intact() && verdict.coverage().is_some_and(|c| c.covers(node))
    })
}

/// Every hidden assertion of the message, in document order.
pub fn hidden<'a>(message: &'a Message, verdicts: &[Verdict]) -> Vec<Hidden<'a>> {
    let evaluated = message
        .evaluated_assertion()
        .map(|assertion| assertion.node);
    let signed_assertion = message
        .placed
        .iter()
        .any(|placed| placed.kind == PlacedKind::Assertion && intact_cover(verdicts, placed.node));
    message
        .placed
        .iter()
        .filter(|placed| Some(placed.node) != evaluated)
        .filter(|placed| !intact_cover(verdicts, placed.node))
        .filter_map(|placed| {
            let why = match (&placed.kind, placed.place) {
                (PlacedKind::LookAlike { .. }, _) => Why::LookAlike,
                (PlacedKind::Statement, _) => Why::Stray,
                (_, Place::Elsewhere) => Why::Misplaced,
                (_, Place::ResponseChild | Place::Advice) if signed_assertion => {
                    Why::UnsignedBesideSigned
                }
                _ => return None,
            };
            Some(Hidden { placed, why })
        })
        .collect()
}

/// Whether the message hides an assertion: then none of its assertions is trusted.
pub fn hides_assertions(message: &Message, verdicts: &[Verdict]) -> bool {
    !hidden(message, verdicts).is_empty()
}

/// What an assertion claims, for a detail: `NameID "admin@example.test" and Role
/// "arn:…:role/Admin,arn:…"`, or what it lacks.
pub fn describe_claims(claims: &Claims) -> String {
    let mut parts = Vec::new();
    if let Some(name_id) = &claims.name_id {
        parts.push(format!("NameID {}", quote(name_id)));
    }
    if !claims.roles.is_empty() {
        let roles: Vec<String> = claims.roles.iter().map(|role| quote(role)).collect();
        parts.push(format!("Role {}", roles.join(", ")));
    }
    let others: Vec<&String> = claims
        .attributes
        .iter()
        .filter(|name| name.as_str() != crate::aws::attributes::ROLE)
        .collect();
    if !others.is_empty() {
        let more = if claims.more_attributes > 0 {
            format!(" and {} more", claims.more_attributes)
        } else {
            String::new()
        };
        parts.push(format!(
            "the attribute(s) {}{more}",
            others
                .iter()
                .map(|name| quote(name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if parts.is_empty() {
        "no NameID and no attributes".to_owned()
    } else {
        parts.join(" and ")
    }
}

/// The element a placed assertion sits in, as written (`samlp:Extensions`).
fn container(placed: &PlacedAssertion) -> &str {
    placed.path.rsplit('/').next().unwrap_or_default()
}

/// One hidden assertion in words: (title, detail).
pub fn describe(hidden: &Hidden<'_>) -> (String, String) {
    let placed = hidden.placed;
    let id = placed
        .claims
        .id
        .as_deref()
        .map(|id| format!(" (ID {})", quote(id)))
        .unwrap_or_default();
    let claims = describe_claims(&placed.claims);
    let read_by = "Which assertion a service provider reads depends on the SP (the first, the last, or any Assertion found in the document), so no assertion of this message counts as trusted here.";
    match hidden.why {
        Why::Misplaced => (
            format!(
                "An unsigned {} hides in {}",
                local_name(&placed.element),
                container(placed)
            ),
            format!(
                "{}{id} sits in {}, where no assertion belongs, and claims {claims}; no signature covers it. {read_by}",
                placed.element, placed.path
            ),
        ),
        Why::UnsignedBesideSigned => (
            format!(
                "An unsigned {} sits next to the signed one",
                local_name(&placed.element)
            ),
            format!(
                "{}{id} in {} claims {claims}, and no signature covers it, while another Assertion of the message is signed. {read_by}",
                placed.element, placed.path
            ),
        ),
        Why::LookAlike => {
            let namespace = match &placed.kind {
                PlacedKind::LookAlike {
                    namespace: Some(namespace),
                } => format!("the look-alike namespace {}", quote(namespace)),
                _ => "no namespace".to_owned(),
            };
            (
                format!(
                    "An element poses as an {} under {}",
                    local_name(&placed.element),
                    if matches!(placed.kind, PlacedKind::LookAlike { namespace: Some(_) }) {
                        "a look-alike namespace"
                    } else {
                        "no namespace"
                    }
                ),
                format!(
                    "{}{id} in {} is in {namespace}, not SAML's urn:oasis:names:tc:SAML:2.0:assertion, and claims {claims}; no signature covers it. A reader that matches the prefix or the local name takes it for an assertion. {read_by}",
                    placed.element, placed.path
                ),
            )
        }
        Why::Stray => (
            format!(
                "Unsigned SAML statements sit outside any assertion, in {}",
                container(placed)
            ),
            format!(
                "{} in {}, outside any Assertion, claims {claims}; no signature covers it. Software that collects attributes or subjects from the whole document reads them as if they were asserted.",
                placed.element, placed.path
            ),
        ),
    }
}

fn local_name(element: &str) -> &str {
    element.rsplit(':').next().unwrap_or(element)
}

/// The fix for every hidden assertion.
pub const FIX: &str = "Do not trust this message: it has the shape of a signature-wrapping attack. If it came unchanged from your own IdP, capture it again and report it to the IdP vendor; a genuine Response carries its assertion(s) directly, each covered by a signature.";
