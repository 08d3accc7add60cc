//! AWS facts as data: the sign-in endpoints and hosts of the three partitions, region
//! names, ARN shapes, the SAML attribute names and value limits AWS reads, the Amazon
//! Connect and Amazon Cognito URL shapes, and the hosts whose error pages we recognise.
//!
//! One place for what AWS publishes, so that the input readers (which HAR responses are
//! AWS error pages), the rule packs (which packs run, what a Role value must look
//! like), the redaction (what is an account id) and the page (a Role value split into
//! account, role and provider) agree. Everything here is a constant or a pure
//! recogniser over `&str`; recognisers are exact (no trimming, no case folding) unless
//! their name says `lenient`, because the targets compare these strings exactly. Words
//! for people are not written here: a recogniser that refuses says why as data
//! ([`ArnProblem`], [`RoleValueProblem`]) and the checks word it.
//!
//! - [`endpoints`]: IAM SAML federation and IAM Identity Center sign-in URLs, the hosts
//!   whose HTML error pages are read.
//! - [`arn`]: IAM role and SAML provider ARNs, the Role attribute's pair, account ids.
//! - [`attributes`]: the `https://aws.amazon.com/SAML/Attributes/...` names and STS's
//!   limits on their values.
//! - [`connect`]: Amazon Connect federation RelayStates and instance URLs.
//! - [`cognito`]: Amazon Cognito user pools as a service provider.
//! - [`names`]: the names AWS accepts (roles, paths, ARNs, regions, instance ids), for
//!   the values of the commands we offer.

pub mod arn;
pub mod attributes;
pub mod cognito;
pub mod connect;
pub mod endpoints;
pub mod names;

pub use arn::{
    ArnProblem, IamArn, IamResource, LenientArn, RolePair, RoleValueParts, RoleValueProblem,
    is_account_id, lenient_arn, lenient_role_value, parse_role_value, role_value_parts,
};
pub use connect::{ConnectRelayState, connect_relay_state, mentions_connect};
pub use endpoints::{Endpoint, endpoint, shows_sign_in_errors, sign_in_partition};

/// An AWS partition: a separate AWS with its own accounts, sign-in and console hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// The name in ARNs: `aws`, `aws-cn`, `aws-us-gov`.
    pub name: &'static str,
    /// The global sign-in host (`<region>.<host>` for the regional endpoints).
    pub sign_in_host: &'static str,
    /// The console host (`<region>.<host>` for a region's console).
    pub console_host: &'static str,
    /// The entity id in the partition's published sign-in SAML metadata, which IdPs set
    /// up from that metadata send as the Audience.
    pub metadata_entity_id: &'static str,
}

/// The partitions IAM SAML federation exists in.
pub const PARTITIONS: [Partition; 3] = [
    Partition {
        name: "aws",
        sign_in_host: "signin.aws.amazon.com",
        console_host: "console.aws.amazon.com",
        metadata_entity_id: "urn:amazon:webservices",
    },
    Partition {
        name: "aws-cn",
        sign_in_host: "signin.amazonaws.cn",
        console_host: "console.amazonaws.cn",
        metadata_entity_id: "urn:amazon:webservices:cn-north-1",
    },
    Partition {
        name: "aws-us-gov",
        sign_in_host: "signin.amazonaws-us-gov.com",
        console_host: "console.amazonaws-us-gov.com",
        metadata_entity_id: "urn:amazon:webservices:govcloud",
    },
];

/// The entity id in AWS's (commercial partition's) published sign-in SAML metadata:
/// the audience the Okta and Keycloak defaults and AD FS relying party trusts send.
pub const LEGACY_AUDIENCE: &str = "urn:amazon:webservices";

/// IAM SAML federation's global ACS in the commercial partition.
pub const GLOBAL_SIGN_IN_URL: &str = "https://signin.aws.amazon.com/saml";

/// The global sign-in endpoint of the commercial partition, which is hosted in this
/// region.
pub const GLOBAL_SIGN_IN_REGION: &str = "us-east-1";

/// The partition named `name` (`aws`, `aws-cn`, `aws-us-gov`).
pub fn partition(name: &str) -> Option<&'static Partition> {
    PARTITIONS.iter().find(|partition| partition.name == name)
}

/// Whether `audience` is the entity id of one partition's sign-in SAML metadata
/// (`urn:amazon:webservices` and its GovCloud and China forms).
pub fn is_metadata_entity_id(audience: &str) -> bool {
    PARTITIONS
        .iter()
        .any(|partition| partition.metadata_entity_id == audience)
}

/// Whether `label` looks like an AWS region name (`eu-west-1`, `us-gov-west-1`,
/// `cn-north-1`, `ap-southeast-2`...): lowercase words and a final number.
pub fn is_region(label: &str) -> bool {
    let mut parts = label.split('-').collect::<Vec<_>>();
    let Some(number) = parts.pop() else {
        return false;
    };
    parts.len() >= 2
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Whether `host` is one of AWS's (a flow marks its requests): `*.amazon.com`,
/// `*.amazonaws.com`, `*.aws`, `*.amazonaws.cn`, any case.
pub fn is_aws_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    [".amazon.com", ".amazonaws.com", ".aws", ".amazonaws.cn"]
        .iter()
        .any(|suffix| host.ends_with(suffix))
}

/// Splits `https://host/path` into host and path (no query or fragment); `None` for
/// anything that is not an https URL. Exact: no trimming, no case folding, because the
/// targets compare these strings exactly.
pub fn https_parts(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("https://")?;
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = &rest[..end];
    Some(match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, ""),
    })
}

/// `<region>.<base>` split into a region label and one of the partitions' hosts chosen
/// by `host_of`; `None` when `host` is not shaped like that.
fn regional_host(host: &str, host_of: fn(&Partition) -> &'static str) -> Option<(&str, &str)> {
    let (label, base) = host.split_once('.')?;
    (is_region(label)
        && PARTITIONS
            .iter()
            .any(|partition| host_of(partition) == base))
    .then_some((label, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aws_hosts_are_recognised_by_their_domains() {
        for (host, aws) in [
            ("signin.aws.amazon.com", true),
            ("SIGNIN.AWS.AMAZON.COM", true),
            ("portal.sso.eu-west-1.amazonaws.com", true),
            ("example.awsapps.com", false),
            ("x.awsapps.aws", true),
            ("console.amazonaws.cn", true),
            ("amazon.com.evil.example", false),
            ("idp.example.com", false),
        ] {
            assert_eq!(is_aws_host(host), aws, "{host}");
        }
    }

    #[test]
    fn regions_are_words_and_a_number() {
        for region in ["eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2"] {
            assert!(is_region(region), "{region}");
        }
        for other in [
            "xx",
            "eu-west",
            "EU-west-1",
            "eu--1",
            "-west-1",
            "eu-west-1a",
            "",
        ] {
            assert!(!is_region(other), "{other}");
        }
    }

    #[test]
    fn https_urls_split_exactly() {
        assert_eq!(
            https_parts("https://signin.aws.amazon.com/saml?x=1#y"),
            Some(("signin.aws.amazon.com", "/saml"))
        );
        assert_eq!(https_parts("https://host"), Some(("host", "")));
        assert_eq!(https_parts("http://signin.aws.amazon.com/saml"), None);
        assert_eq!(https_parts(" https://host/"), None);
    }

    #[test]
    fn the_global_sign_in_url_is_the_global_iam_endpoint() {
        assert_eq!(
            endpoints::endpoint(GLOBAL_SIGN_IN_URL),
            Some(Endpoint::IamSaml { region: None })
        );
    }

    #[test]
    fn partitions_know_their_hosts_and_metadata_ids() {
        assert_eq!(
            partition("aws-cn").map(|p| p.sign_in_host),
            Some("signin.amazonaws.cn")
        );
        assert_eq!(partition("aws-eu"), None);
        for audience in [
            "urn:amazon:webservices",
            "urn:amazon:webservices:govcloud",
            "urn:amazon:webservices:cn-north-1",
        ] {
            assert!(is_metadata_entity_id(audience), "{audience}");
        }
        assert!(!is_metadata_entity_id("urn:amazon:webservices "));
        assert_eq!(
            regional_host("eu-west-1.console.aws.amazon.com", |p| p.console_host),
            Some(("eu-west-1", "console.aws.amazon.com"))
        );
        assert_eq!(
            regional_host("console.aws.amazon.com", |p| p.console_host),
            None
        );
    }
}
