//! The built-in examples (made up by us; see `examples/README.md`).

pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub file_name: &'static str,
    pub content: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "aws-login-har",
        title: "AWS sign-in (HAR)",
        description: "A complete IdP-initiated sign-in to the AWS console, recorded as a HAR.",
        file_name: "aws-login.har",
        content: include_str!("../../examples/aws-login.har"),
    },
    Example {
        id: "aws-response-session-name",
        title: "Copied SAMLResponse",
        description: "A base64 SAMLResponse whose RoleSessionName has spaces AWS refuses.",
        file_name: "aws-response-session-name.txt",
        content: include_str!("../../examples/aws-response-session-name.txt"),
    },
    Example {
        id: "identity-center-request",
        title: "Redirect URL (AuthnRequest)",
        description: "An IAM Identity Center AuthnRequest in a Redirect-binding URL.",
        file_name: "identity-center-request.url",
        content: include_str!("../../examples/identity-center-request.url"),
    },
];
