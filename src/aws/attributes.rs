//! The SAML attributes AWS reads from an assertion, and the limits STS and IAM Identity
//! Center put on their values.

/// `https://aws.amazon.com/SAML/Attributes/Role`: `role-arn,provider-arn` pairs.
pub const ROLE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
/// `RoleSessionName`: the session's name, shown in CloudTrail and the console.
pub const ROLE_SESSION_NAME: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
/// `SessionDuration`: requested console session length in seconds.
pub const SESSION_DURATION: &str = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
/// `SourceIdentity`: an identity that sticks to the session and its role chain.
pub const SOURCE_IDENTITY: &str = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
/// Session tags: `PrincipalTag:<key>` attributes.
pub const PRINCIPAL_TAG_PREFIX: &str = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:";
/// Which session tags are transitive (kept through role chaining).
pub const TRANSITIVE_TAG_KEYS: &str = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys";
/// IAM Identity Center's attributes for access control: `AccessControl:<key>`.
pub const ACCESS_CONTROL_PREFIX: &str = "https://aws.amazon.com/SAML/Attributes/AccessControl:";

/// STS session duration bounds, in seconds (AssumeRoleWithSAML `DurationSeconds`).
pub const SESSION_DURATION_MIN: u32 = 900;
pub const SESSION_DURATION_MAX: u32 = 43_200;
/// A role's default `MaxSessionDuration` (one hour) when nobody raised it.
pub const DEFAULT_MAX_SESSION_DURATION: u32 = 3_600;
/// STS limits on session tags.
pub const MAX_SESSION_TAGS: usize = 50;
pub const MAX_TAG_KEY_CHARS: usize = 128;
pub const MAX_TAG_VALUE_CHARS: usize = 256;
/// RoleSessionName and SourceIdentity: 2 to 64 characters of `[a-zA-Z_0-9+=,.@-]`.
pub const NAME_MIN_CHARS: usize = 2;
pub const NAME_MAX_CHARS: usize = 64;
/// IAM Identity Center: at most this many attributes for access control.
pub const MAX_ACCESS_CONTROL_ATTRIBUTES: usize = 50;

/// Whether `c` is allowed in RoleSessionName and SourceIdentity.
pub fn is_session_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '=' | ',' | '.' | '@' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_name_characters() {
        for c in ['a', 'Z', '0', '_', '+', '=', ',', '.', '@', '-'] {
            assert!(is_session_name_char(c), "{c:?}");
        }
        for c in [' ', '/', ':', 'é', '\u{a0}', '*'] {
            assert!(!is_session_name_char(c), "{c:?}");
        }
        assert!(ROLE_SESSION_NAME.starts_with("https://aws.amazon.com/SAML/Attributes/"));
    }
}
