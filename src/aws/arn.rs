//! IAM ARNs as the Role attribute carries them: a role ARN
//! (`arn:<partition>:iam::<account>:role/<path/><name>`) and a SAML provider ARN
//! (`arn:<partition>:iam::<account>:saml-provider/<name>`), separated by one comma, in
//! either order.
//!
//! [`parse_role_value`] reads a value strictly, as IAM does, and says what is wrong as a
//! [`RoleValueProblem`]; the `lenient` readers take a value apart even when it is
//! malformed, for showing it (the page's role table) and for next steps that still help.

use super::partition;

/// How many digits an AWS account id has.
pub const ACCOUNT_ID_DIGITS: usize = 12;
/// Role names: at most this many characters of `[a-zA-Z0-9+=,.@_-]`.
pub const ROLE_NAME_MAX_CHARS: usize = 64;
/// SAML provider names: at most this many characters of `[a-zA-Z0-9._-]`.
pub const PROVIDER_NAME_MAX_CHARS: usize = 128;

/// Whether `text` is an AWS account id: exactly 12 ASCII digits.
pub fn is_account_id(text: &str) -> bool {
    text.len() == ACCOUNT_ID_DIGITS && text.bytes().all(|b| b.is_ascii_digit())
}

/// What an IAM ARN in a Role value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IamResource<'a> {
    /// `role/<path/><name>`.
    Role { path: &'a str, name: &'a str },
    /// `saml-provider/<name>`.
    SamlProvider { name: &'a str },
}

/// An IAM role or SAML provider ARN, read strictly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IamArn<'a> {
    pub text: &'a str,
    pub partition: &'a str,
    pub account: &'a str,
    pub resource: IamResource<'a>,
}

/// Why a text is not an IAM role or SAML provider ARN. Every variant carries the whole
/// ARN (`text`) and the part that is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArnProblem<'a> {
    /// Fewer than six `:`-separated parts.
    NotAnArn { text: &'a str },
    /// The first part is not `arn`.
    NotArnScheme { text: &'a str },
    /// The partition is not `aws`, `aws-cn` or `aws-us-gov`.
    UnknownPartition { text: &'a str, partition: &'a str },
    /// The service is not `iam`.
    NotIam { text: &'a str, service: &'a str },
    /// IAM ARNs have an empty region part.
    HasRegion { text: &'a str, region: &'a str },
    /// The account is not 12 digits.
    BadAccount { text: &'a str, account: &'a str },
    /// The role name is empty, too long or has characters IAM refuses.
    BadRoleName { text: &'a str, name: &'a str },
    /// The role path has spaces or non-ASCII characters.
    BadRolePath { text: &'a str, path: &'a str },
    /// The SAML provider name is empty, too long or has characters IAM refuses.
    BadProviderName { text: &'a str, name: &'a str },
    /// The resource is neither `role/...` nor `saml-provider/...`.
    UnknownResource { text: &'a str },
}

impl<'a> IamArn<'a> {
    /// Reads `arn:<partition>:iam::<12 digits>:role/...` or `...:saml-provider/<name>`.
    pub fn parse(text: &'a str) -> Result<IamArn<'a>, ArnProblem<'a>> {
        let mut parts = text.splitn(6, ':');
        let (
            Some(scheme),
            Some(partition_name),
            Some(service),
            Some(region),
            Some(account),
            Some(resource),
        ) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        )
        else {
            return Err(ArnProblem::NotAnArn { text });
        };
        if scheme != "arn" {
            return Err(ArnProblem::NotArnScheme { text });
        }
        if partition(partition_name).is_none() {
            return Err(ArnProblem::UnknownPartition {
                text,
                partition: partition_name,
            });
        }
        if service != "iam" {
            return Err(ArnProblem::NotIam { text, service });
        }
        if !region.is_empty() {
            return Err(ArnProblem::HasRegion { text, region });
        }
        if !is_account_id(account) {
            return Err(ArnProblem::BadAccount { text, account });
        }
        let resource = if let Some(rest) = resource.strip_prefix("role/") {
            let (path, name) = match rest.rfind('/') {
                Some(slash) => (&rest[..=slash], &rest[slash + 1..]),
                None => ("", rest),
            };
            let name_ok = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
            if name.is_empty()
                || name.chars().count() > ROLE_NAME_MAX_CHARS
                || !name.chars().all(name_ok)
            {
                return Err(ArnProblem::BadRoleName { text, name });
            }
            if path.chars().any(|c| !c.is_ascii_graphic()) {
                return Err(ArnProblem::BadRolePath { text, path });
            }
            IamResource::Role { path, name }
        } else if let Some(name) = resource.strip_prefix("saml-provider/") {
            let name_ok = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
            if name.is_empty()
                || name.chars().count() > PROVIDER_NAME_MAX_CHARS
                || !name.chars().all(name_ok)
            {
                return Err(ArnProblem::BadProviderName { text, name });
            }
            IamResource::SamlProvider { name }
        } else {
            return Err(ArnProblem::UnknownResource { text });
        };
        Ok(IamArn {
            text,
            partition: partition_name,
            account,
            resource,
        })
    }
}

/// One Role value read: the role and the provider, whichever order they came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RolePair<'a> {
    pub role: IamArn<'a>,
    pub provider: IamArn<'a>,
    /// The role's name (last path segment).
    pub role_name: &'a str,
    pub provider_first: bool,
}

impl RolePair<'_> {
    /// The SAML provider's name.
    pub fn provider_name(&self) -> &str {
        match self.provider.resource {
            IamResource::SamlProvider { name } | IamResource::Role { name, .. } => name,
        }
    }
}

/// Why a Role value is not what IAM accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RoleValueProblem<'a> {
    Empty,
    /// Whitespace at the start or the end of the value.
    OuterWhitespace,
    /// Not two parts around one comma; `other_separator` when there is one part and it
    /// holds a `;` or a space (another separator was used).
    PartCount {
        parts: usize,
        other_separator: bool,
    },
    WhitespaceBeforeComma,
    WhitespaceAfterComma,
    /// One of the ARNs is not a role or SAML provider ARN.
    Arn(ArnProblem<'a>),
    TwoRoles,
    TwoProviders,
    AccountsDiffer {
        role: &'a str,
        provider: &'a str,
    },
    PartitionsDiffer {
        role: &'a str,
        provider: &'a str,
    },
}

/// Reads one Role attribute value strictly, as IAM does: exactly two ARNs separated by
/// one comma, no whitespace anywhere, one role and one SAML provider in the same account.
pub fn parse_role_value(value: &str) -> Result<RolePair<'_>, RoleValueProblem<'_>> {
    if value.is_empty() {
        return Err(RoleValueProblem::Empty);
    }
    if value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace) {
        return Err(RoleValueProblem::OuterWhitespace);
    }
    let parts: Vec<&str> = value.split(',').collect();
    let [first, second] = parts[..] else {
        return Err(RoleValueProblem::PartCount {
            parts: parts.len(),
            other_separator: parts.len() == 1 && value.contains([';', ' ']),
        });
    };
    if first.ends_with(char::is_whitespace) {
        return Err(RoleValueProblem::WhitespaceBeforeComma);
    }
    if second.starts_with(char::is_whitespace) {
        return Err(RoleValueProblem::WhitespaceAfterComma);
    }
    let first = IamArn::parse(first).map_err(RoleValueProblem::Arn)?;
    let second = IamArn::parse(second).map_err(RoleValueProblem::Arn)?;
    let (role, provider, provider_first, role_name) = match (first.resource, second.resource) {
        (IamResource::Role { name, .. }, IamResource::SamlProvider { .. }) => {
            (first, second, false, name)
        }
        (IamResource::SamlProvider { .. }, IamResource::Role { name, .. }) => {
            (second, first, true, name)
        }
        (IamResource::Role { .. }, IamResource::Role { .. }) => {
            return Err(RoleValueProblem::TwoRoles);
        }
        (IamResource::SamlProvider { .. }, IamResource::SamlProvider { .. }) => {
            return Err(RoleValueProblem::TwoProviders);
        }
    };
    if role.account != provider.account {
        return Err(RoleValueProblem::AccountsDiffer {
            role: role.account,
            provider: provider.account,
        });
    }
    if role.partition != provider.partition {
        return Err(RoleValueProblem::PartitionsDiffer {
            role: role.partition,
            provider: provider.partition,
        });
    }
    Ok(RolePair {
        role,
        provider,
        role_name,
        provider_first,
    })
}

/// A Role value read leniently (whitespace trimmed, either order), for next steps that
/// still help when the value is malformed: `(role ARN, role name, provider ARN)`.
pub fn lenient_role_value(value: &str) -> (Option<&str>, Option<&str>, Option<&str>) {
    let mut role = None;
    let mut provider = None;
    for part in value.split(',').map(str::trim) {
        if part.contains(":role/") && role.is_none() {
            role = Some(part);
        } else if part.contains(":saml-provider/") && provider.is_none() {
            provider = Some(part);
        }
    }
    let name = role
        .and_then(|arn| arn.rsplit('/').next())
        .filter(|n| !n.is_empty());
    (role, name, provider)
}

/// The comma-separated parts of a Role value, as written (untrimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleValueParts<'a> {
    /// How many parts the value has around commas.
    pub parts: usize,
    /// The first part that names a role (`:role/`).
    pub role: Option<&'a str>,
    /// The first part that names a SAML provider (`:saml-provider/`).
    pub provider: Option<&'a str>,
}

/// Splits a Role value at its commas and finds the role and the provider among the
/// parts (each the first part naming one), whatever else is wrong with it.
pub fn role_value_parts(value: &str) -> RoleValueParts<'_> {
    let find = |needle: &str| value.split(',').find(|part| part.contains(needle));
    RoleValueParts {
        parts: value.split(',').count(),
        role: find(":role/"),
        provider: find(":saml-provider/"),
    }
}

/// The partition, the account and the resource of
/// `arn:<partition>:iam::<account>:<resource>`, read leniently (surrounding whitespace
/// ignored; the parts' contents not checked): each is `None` when the text is not
/// shaped like that far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LenientArn<'a> {
    pub partition: Option<&'a str>,
    pub account: Option<&'a str>,
    pub resource: Option<&'a str>,
}

impl<'a> LenientArn<'a> {
    /// The name after `<kind>/` in the resource (`role`, `saml-provider`), path included.
    pub fn name(&self, kind: &str) -> Option<&'a str> {
        self.resource
            .and_then(|resource| resource.strip_prefix(kind))
            .and_then(|rest| rest.strip_prefix('/'))
    }
}

/// Reads an IAM ARN leniently (see [`LenientArn`]).
pub fn lenient_arn(text: &str) -> LenientArn<'_> {
    let mut pieces = text.trim().splitn(6, ':');
    let arn = pieces.next() == Some("arn");
    let partition = pieces.next();
    let shaped =
        arn && partition.is_some() && pieces.next() == Some("iam") && pieces.next() == Some("");
    LenientArn {
        partition: partition.filter(|_| shaped),
        account: pieces.next().filter(|_| shaped),
        resource: pieces.next().filter(|_| shaped),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLE: &str = "arn:aws:iam::111122223333:role/SamlReadOnly";
    const PROVIDER: &str = "arn:aws:iam::111122223333:saml-provider/ExampleIdP";

    #[test]
    fn role_values_parse_strictly() {
        let good = format!("{ROLE},{PROVIDER}");
        let pair = parse_role_value(&good).unwrap();
        assert_eq!(pair.role_name, "SamlReadOnly");
        assert_eq!(pair.role.account, "111122223333");
        assert_eq!(pair.provider_name(), "ExampleIdP");
        assert!(!pair.provider_first);
        let pathed = "arn:aws-us-gov:iam::111122223333:saml-provider/P,arn:aws-us-gov:iam::111122223333:role/team/ops/Admin";
        let pair = parse_role_value(pathed).unwrap();
        assert_eq!(pair.role_name, "Admin");
        assert!(pair.provider_first);
        assert!(matches!(
            pair.role.resource,
            IamResource::Role {
                path: "team/ops/",
                ..
            }
        ));
        // Each refused value, with the problem it is refused for (its Debug form's start).
        let table: &[(String, &str)] = &[
            (String::new(), "Empty"),
            (" ".to_owned(), "OuterWhitespace"),
            (format!(" {good}"), "OuterWhitespace"),
            (format!("{good} "), "OuterWhitespace"),
            (format!("{ROLE} ,{PROVIDER}"), "WhitespaceBeforeComma"),
            (format!("{ROLE}, {PROVIDER}"), "WhitespaceAfterComma"),
            (
                format!("{ROLE};{PROVIDER}"),
                "PartCount { parts: 1, other_separator: true }",
            ),
            (format!("{ROLE},{ROLE}"), "TwoRoles"),
            (format!("{PROVIDER},{PROVIDER}"), "TwoProviders"),
            (
                format!("{ROLE},{PROVIDER},{PROVIDER}"),
                "PartCount { parts: 3, other_separator: false }",
            ),
            (
                "arn:aws:iam:us-east-1:111122223333:role/R,arn:aws:iam::111122223333:saml-provider/P".to_owned(),
                "Arn(HasRegion",
            ),
            (
                "arn:aws:sts::111122223333:role/R,arn:aws:iam::111122223333:saml-provider/P".to_owned(),
                "Arn(NotIam",
            ),
            (
                "arn:aws:iam::111122223333:role/,arn:aws:iam::111122223333:saml-provider/P".to_owned(),
                "Arn(BadRoleName",
            ),
            (
                "arn:aws:iam::111122223333:role/R R,arn:aws:iam::111122223333:saml-provider/P".to_owned(),
                "Arn(BadRoleName",
            ),
            (
                "arn:aws:iam::111122223333:user/R,arn:aws:iam::111122223333:saml-provider/P".to_owned(),
                "Arn(UnknownResource",
            ),
            (
                "arn:aws:iam::111122223333:role/R,arn:aws-cn:iam::111122223333:saml-provider/P".to_owned(),
                "PartitionsDiffer",
            ),
            (
                "arn:aws:iam::111122223333:role/R,arn:aws:iam::111122223333:saml-provider/P q".to_owned(),
                "Arn(BadProviderName",
            ),
            (
                format!("{ROLE},arn:aws:iam::444455556666:saml-provider/ExampleIdP"),
                "AccountsDiffer { role: \"111122223333\", provider: \"444455556666\" }",
            ),
            ("x:y,z".to_owned(), "Arn(NotAnArn { text: \"x:y\" })"),
        ];
        for (value, problem) in table {
            let refused = parse_role_value(value).expect_err(value);
            assert!(
                format!("{refused:?}").starts_with(problem),
                "{value:?}: {refused:?}"
            );
        }
    }

    #[test]
    fn arns_say_which_part_is_wrong() {
        let table = [
            ("arn:aws:iam::1234:role/x", "BadAccount"),
            ("urn:aws:iam::111122223333:role/x", "NotArnScheme"),
            ("arn:aws-eu:iam::111122223333:role/x", "UnknownPartition"),
            ("arn:aws:sts::111122223333:role/x", "NotIam"),
            ("arn:aws:iam:eu-west-1:111122223333:role/x", "HasRegion"),
            ("arn:aws:iam::111122223333:role/bad name", "BadRoleName"),
            ("arn:aws:iam::111122223333:role/pa th/x", "BadRolePath"),
            (
                "arn:aws:iam::111122223333:saml-provider/",
                "BadProviderName",
            ),
            ("arn:aws:iam::111122223333:user/x", "UnknownResource"),
            ("arn:aws:iam", "NotAnArn"),
        ];
        for (text, variant) in table {
            let problem = IamArn::parse(text).expect_err(text);
            assert!(
                format!("{problem:?}").starts_with(variant),
                "{text}: {problem:?}"
            );
        }
    }

    #[test]
    fn lenient_readers_take_malformed_values_apart() {
        let spaced = format!(" {ROLE} , {PROVIDER}");
        let parts = role_value_parts(&spaced);
        assert_eq!(parts.parts, 2);
        assert_eq!(
            parts.role,
            Some(" arn:aws:iam::111122223333:role/SamlReadOnly ")
        );
        assert_eq!(
            lenient_role_value(&format!("{PROVIDER} , {ROLE} ")),
            (Some(ROLE), Some("SamlReadOnly"), Some(PROVIDER))
        );
        assert_eq!(lenient_role_value("nothing"), (None, None, None));
        let arn = lenient_arn(" arn:aws:iam::111122223333:role/path/Name ");
        assert_eq!(arn.account, Some("111122223333"));
        assert_eq!(arn.name("role"), Some("path/Name"));
        assert_eq!(arn.name("saml-provider"), None);
        let short = lenient_arn("arn:aws:iam::1234");
        assert_eq!((short.account, short.resource), (Some("1234"), None));
        assert_eq!(lenient_arn("arn:aws:sts::1:role/x").account, None);
        assert_eq!(arn.partition, Some("aws"));
        assert_eq!(
            lenient_arn("arn:aws-cn:iam::1:saml-provider/P").partition,
            Some("aws-cn")
        );
        assert_eq!(lenient_arn("arn:aws-cn:sts::1:role/x").partition, None);
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("11112222333a"));
    }
}
