//! The built-in examples (made up by us with `scripts/make-examples.py`; see
//! `examples/README.md`): a clean AWS sign-in, one broken case per rule pack, a wrapped
//! signature, and the other shapes people paste.
//!
//! The list ([`EXAMPLES`]) is the page's; the contents ([`content`]) are the engine's,
//! so the page's first load does not carry them.

/// One example as the page lists it.
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The name the input gets.
    pub file_name: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "aws-login-har",
        title: "Clean AWS sign-in (HAR)",
        description: "A complete IdP-initiated sign-in to the AWS console, recorded as a HAR; nothing wrong.",
        file_name: "aws-login.har",
    },
    Example {
        id: "aws-iam-role-space",
        title: "AWS: invalid SAML response",
        description: "AWS IAM federation refused: the Role value has a space after its comma; AWS answered with its error page.",
        file_name: "aws-iam-role-space.har",
    },
    Example {
        id: "identity-center-nameid",
        title: "Identity Center: wrong NameID",
        description: "IAM Identity Center refused: the NameID is not in the emailAddress format and is not the user name.",
        file_name: "identity-center-nameid.har",
    },
    Example {
        id: "connect-two-roles",
        title: "Amazon Connect: two roles",
        description: "Federation into Amazon Connect with two Role values (Connect needs exactly one).",
        file_name: "connect-two-roles.har",
    },
    Example {
        id: "idp-metadata-bom",
        title: "Metadata with a BOM",
        description: "IdP metadata starting with a UTF-8 byte order mark, which IAM refuses (\"Could not parse metadata\").",
        file_name: "idp-metadata-bom.xml",
    },
    Example {
        id: "wrapped-signature",
        title: "Wrapped signature (attack)",
        description: "A forged, unsigned assertion placed before the genuine signed one (XML signature wrapping).",
        file_name: "wrapped-signature.txt",
    },
    Example {
        id: "aws-response-session-name",
        title: "Copied SAMLResponse",
        description: "A base64 SAMLResponse whose RoleSessionName has spaces AWS refuses.",
        file_name: "aws-response-session-name.txt",
    },
    Example {
        id: "identity-center-request",
        title: "Redirect URL (AuthnRequest)",
        description: "An IAM Identity Center AuthnRequest in a Redirect-binding URL.",
        file_name: "identity-center-request.url",
    },
];

/// The content of the example with this id.
pub fn content(id: &str) -> Option<&'static str> {
    Some(match id {
        "aws-login-har" => include_str!("../../examples/aws-login.har"),
        "aws-iam-role-space" => include_str!("../../examples/aws-iam-role-space.har"),
        "identity-center-nameid" => include_str!("../../examples/identity-center-nameid.har"),
        "connect-two-roles" => include_str!("../../examples/connect-two-roles.har"),
        "idp-metadata-bom" => include_str!("../../examples/idp-metadata-bom.xml"),
        "wrapped-signature" => include_str!("../../examples/wrapped-signature.txt"),
        "aws-response-session-name" => include_str!("../../examples/aws-response-session-name.txt"),
        "identity-center-request" => include_str!("../../examples/identity-center-request.url"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_example_has_content_and_ids_are_unique() {
        for (index, example) in EXAMPLES.iter().enumerate() {
            assert!(
                content(example.id).is_some_and(|text| !text.is_empty()),
                "{}",
                example.id
            );
            assert!(EXAMPLES[..index].iter().all(|other| other.id != example.id));
        }
        assert_eq!(content("no-such-example"), None);
    }
}
