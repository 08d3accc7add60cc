//! The names AWS itself accepts, read strictly, for values that go into a command we
//! offer to run: role names and paths, role and SAML provider ARNs, account ids, region
//! names and Amazon Connect instance ids.
//!
//! A next step offers a command only when every value in it has one of these shapes
//! (IAM API Reference: `RoleName` `[\w+=,.@-]+` of 1 to 64 characters, `Path`
//! `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)` of 1 to 512; `SAMLProviderArn`; ARNs as in
//! the IAM User Guide's "IAM identifiers"; Connect's `InstanceId`, a UUID), so a value
//! that AWS would refuse anyway is shown with an explanation instead, and a value a
//! shell would read as code never reaches a command line. [`super::arn`] reads the ARNs;
//! this module adds the limits a command needs on top of what the Role attribute check
//! reports.

use super::arn::{IamArn, IamResource};

pub use super::arn::{ROLE_NAME_MAX_CHARS, is_account_id};
pub use super::connect::is_instance_id;
pub use super::is_region;

/// The longest role path IAM accepts, leading and trailing `/` included.
pub const ROLE_PATH_MAX_CHARS: usize = 512;

/// Whether `name` is a role name IAM accepts: 1 to 64 of `[A-Za-z0-9+=,.@_-]`.
pub fn is_role_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= ROLE_NAME_MAX_CHARS
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
}

/// Whether `path` is a role path IAM accepts: `/`, or `/` + printable ASCII other than
/// space + `/`, at most 512 characters.
pub fn is_role_path(path: &str) -> bool {
    path.len() <= ROLE_PATH_MAX_CHARS
        && (path == "/"
            || (path.len() > 2
                && path.starts_with('/')
                && path.ends_with('/')
                && path.bytes().all(|b| b.is_ascii_graphic())))
}

/// A role ARN read strictly: `arn:<partition>:iam::<12 digits>:role/<path/><name>` with
/// a known partition, a valid path and a valid name.
pub fn role_arn(text: &str) -> Option<IamArn<'_>> {
    let arn = IamArn::parse(text).ok()?;
    let IamResource::Role { path, name } = arn.resource else {
        return None;
    };
    // The ARN writes the path without its leading `/` (`role/team/ops/Admin`).
    let full_path = format!("/{path}");
    (is_role_name(name) && is_role_path(&full_path)).then_some(arn)
}

/// A SAML provider ARN read strictly:
/// `arn:<partition>:iam::<12 digits>:saml-provider/<name>`.
pub fn saml_provider_arn(text: &str) -> Option<IamArn<'_>> {
    let arn = IamArn::parse(text).ok()?;
    matches!(arn.resource, IamResource::SamlProvider { .. }).then_some(arn)
}

/// The ARN of an Amazon Connect instance, when every part has AWS's shape:
/// `arn:<partition>:connect:<region>:<account>:instance/<instance id>`.
pub fn connect_instance_arn(
    partition: &str,
    region: &str,
    account: &str,
    instance_id: &str,
) -> Option<String> {
    (super::partition(partition).is_some()
        && is_region(region)
        && is_account_id(account)
        && is_instance_id(instance_id))
    .then(|| format!("arn:{partition}:connect:{region}:{account}:instance/{instance_id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_and_paths_are_what_iam_accepts() {
        let longest = "a".repeat(64);
        for name in [
            "R",
            "Saml_Read-Only",
            "a+b=c,d.e@f",
            "-x",
            "=x",
            longest.as_str(),
        ] {
            assert!(is_role_name(name), "{name}");
        }
        let too_long = "a".repeat(65);
        for name in [
            "",
            "a b",
            "a/b",
            "a'b",
            "x\\",
            "caf\u{e9}",
            "R\u{1b}",
            too_long.as_str(),
        ] {
            assert!(!is_role_name(name), "{name:?}");
        }
        let longest_path = format!("/{}/", "p".repeat(510));
        for path in ["/", "/team/", "/a/b/", "/$(x)/", longest_path.as_str()] {
            assert!(is_role_path(path), "{path}");
        }
        let too_long_path = format!("/{}/", "p".repeat(511));
        for path in [
            "",
            "//",
            "team/",
            "/team",
            "/a b/",
            "/\u{1b}/",
            too_long_path.as_str(),
        ] {
            assert!(!is_role_path(path), "{path:?}");
        }
    }

    #[test]
    fn arns_are_read_strictly() {
        assert_eq!(
            role_arn("arn:aws:iam::111122223333:role/team/Admin").map(|arn| arn.account),
            Some("111122223333")
        );
        for text in [
            "arn:aws:iam::111122223333:role/",
            "arn:aws:iam::111122223333:role/a b",
            "arn:aws:iam::111122223333:role/x\\';touch p;#",
            "arn:aws:iam::111122223333:saml-provider/P",
            " arn:aws:iam::111122223333:role/R",
            "arn:aws:iam::11112222333:role/R",
        ] {
            assert!(role_arn(text).is_none(), "{text:?}");
        }
        assert!(saml_provider_arn("arn:aws-cn:iam::111122223333:saml-provider/Okta_1").is_some());
        assert!(saml_provider_arn("arn:aws:iam::111122223333:role/R").is_none());
    }

    #[test]
    fn connect_instance_arns_need_every_part_shaped() {
        let id = "5f1e2d3c-aaaa-bbbb-cccc-123456789abc";
        assert_eq!(
            connect_instance_arn("aws", "eu-west-2", "111122223333", id).as_deref(),
            Some(
                "arn:aws:connect:eu-west-2:111122223333:instance/5f1e2d3c-aaaa-bbbb-cccc-123456789abc"
            )
        );
        for (partition, region, account, instance) in [
            ("aws-eu", "eu-west-2", "111122223333", id),
            ("aws", "eu-west", "111122223333", id),
            ("aws", "eu-west-2", "1111", id),
            (
                "aws",
                "eu-west-2",
                "111122223333",
                "x\u{1b}[201~\u{15}touch p\n",
            ),
        ] {
            assert_eq!(
                connect_instance_arn(partition, region, account, instance),
                None,
                "{instance:?}"
            );
        }
    }
}
