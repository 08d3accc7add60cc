//! AWS sign-in URLs: IAM SAML federation's ACS (global and regional, in each
//! partition), IAM Identity Center's ACS and entity id, and the hosts whose HTML error
//! pages say why a sign-in failed.

use super::{PARTITIONS, https_parts, regional_host};

/// What an AWS sign-in URL is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// IAM SAML federation: `https://signin.aws.amazon.com/saml` (region `None`) or
    /// `https://<region>.signin.aws.amazon.com/saml`. Also the China and GovCloud
    /// partitions' sign-in hosts.
    IamSaml { region: Option<String> },
    /// Identity Center's ACS: `https://<region>.signin.aws.amazon.com/platform/saml/acs/<id>`.
    IdentityCenterAcs { region: String, id: String },
    /// Identity Center's entity id / audience: `.../platform/saml/<id>`.
    IdentityCenterEntity { region: String, id: String },
}

impl Endpoint {
    /// Whether this is one of Identity Center's URLs (ACS or entity id).
    pub fn is_identity_center(&self) -> bool {
        matches!(
            self,
            Endpoint::IdentityCenterAcs { .. } | Endpoint::IdentityCenterEntity { .. }
        )
    }
}

/// Recognises an AWS sign-in URL, exactly as AWS publishes them (lowercase, https, no
/// trailing slash on `/saml`).
pub fn endpoint(url: &str) -> Option<Endpoint> {
    let (host, path) = https_parts(url)?;
    let region = if PARTITIONS
        .iter()
        .any(|partition| partition.sign_in_host == host)
    {
        None
    } else {
        let (label, _) = regional_host(host, |partition| partition.sign_in_host)?;
        Some(label.to_owned())
    };
    if path == "/saml" {
        return Some(Endpoint::IamSaml { region });
    }
    let region = region?;
    let rest = path.strip_prefix("/platform/saml/")?;
    if let Some(id) = rest.strip_prefix("acs/") {
        return (!id.is_empty() && !id.contains('/')).then(|| Endpoint::IdentityCenterAcs {
            region,
            id: id.to_owned(),
        });
    }
    (!rest.is_empty() && !rest.contains('/')).then(|| Endpoint::IdentityCenterEntity {
        region,
        id: rest.to_owned(),
    })
}

/// The partition (`aws`, `aws-us-gov`, `aws-cn`) whose sign-in host an https URL's host
/// ends with, global or regional.
pub fn sign_in_partition(url: &str) -> Option<&'static str> {
    let (host, _) = https_parts(url)?;
    PARTITIONS
        .iter()
        .find(|partition| host.ends_with(partition.sign_in_host))
        .map(|partition| partition.name)
}

/// The hosts of identity providers whose HTML error pages say why a sign-in failed: Entra
/// ID's sign-in hosts (its `AADSTS…` pages), Okta's org domains, Amazon Cognito's hosted
/// domains.
const IDP_ERROR_HOSTS: [&str; 7] = [
    "login.microsoftonline.com",
    "login.microsoft.com",
    "login.windows.net",
    "okta.com",
    "oktapreview.com",
    "okta-emea.com",
    "amazoncognito.com",
];

/// Whether a URL is one where a SAML sign-in's errors are shown: where AWS answers it
/// (the sign-in hosts of the three partitions, IAM federation and Identity Center ACS;
/// the AWS access portal `*.awsapps.com`; Amazon Connect, `*.connect.aws` and
/// `/connect/` on the console) and the IdPs' own pages (Entra ID, Okta, Cognito's hosted
/// UI). Other AWS pages (the console's) are never searched. Host names compare without
/// case and port, as browsers treat them.
pub fn shows_sign_in_errors(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://") else {
        return false;
    };
    let (host, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let host = host
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    PARTITIONS
        .iter()
        .any(|partition| under(partition.sign_in_host))
        || under("awsapps.com")
        || under("connect.aws")
        || IDP_ERROR_HOSTS.iter().any(|domain| under(domain))
        || (PARTITIONS
            .iter()
            .any(|partition| under(partition.console_host))
            && path.starts_with("/connect/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_aws_sign_in_urls_exactly() {
        assert_eq!(
            endpoint("https://signin.aws.amazon.com/saml"),
            Some(Endpoint::IamSaml { region: None })
        );
        assert_eq!(
            endpoint("https://eu-west-1.signin.aws.amazon.com/saml"),
            Some(Endpoint::IamSaml {
                region: Some("eu-west-1".to_owned())
            })
        );
        assert_eq!(
            endpoint("https://us-gov-west-1.signin.amazonaws-us-gov.com/saml"),
            Some(Endpoint::IamSaml {
                region: Some("us-gov-west-1".to_owned())
            })
        );
        assert_eq!(
            endpoint("https://signin.amazonaws.cn/saml"),
            Some(Endpoint::IamSaml { region: None })
        );
        assert_eq!(
            endpoint(
                "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/0b3f6c4e-1111-2222-3333-444455556666"
            ),
            Some(Endpoint::IdentityCenterAcs {
                region: "eu-central-1".to_owned(),
                id: "0b3f6c4e-1111-2222-3333-444455556666".to_owned()
            })
        );
        assert_eq!(
            endpoint("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-1234567890"),
            Some(Endpoint::IdentityCenterEntity {
                region: "eu-central-1".to_owned(),
                id: "d-1234567890".to_owned()
            })
        );
        for other in [
            "http://signin.aws.amazon.com/saml",
            "https://signin.aws.amazon.com/saml/",
            "https://signin.aws.amazon.com.evil.example/saml",
            "https://evil.example/signin.aws.amazon.com/saml",
            "https://Signin.aws.amazon.com/saml",
            "https://xx.signin.aws.amazon.com/saml",
            "https://signin.aws.amazon.com/platform/saml/acs/x",
            "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/",
            "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/a/b",
            "urn:amazon:webservices",
        ] {
            assert_eq!(endpoint(other), None, "{other}");
        }
    }

    #[test]
    fn sign_in_partitions_follow_the_host() {
        let table = [
            ("https://signin.aws.amazon.com/saml", Some("aws")),
            ("https://eu-west-1.signin.aws.amazon.com/saml", Some("aws")),
            ("https://signin.amazonaws.cn/saml", Some("aws-cn")),
            (
                "https://us-gov-west-1.signin.amazonaws-us-gov.com/saml",
                Some("aws-us-gov"),
            ),
            ("https://idp.example.com/saml", None),
            ("http://signin.aws.amazon.com/saml", None),
        ];
        for (url, partition) in table {
            assert_eq!(sign_in_partition(url), partition, "{url}");
        }
    }

    #[test]
    fn error_pages_are_read_from_aws_sign_in_hosts_only() {
        let table = [
            ("https://signin.aws.amazon.com/saml", true),
            ("https://EU-WEST-1.signin.aws.amazon.com:443/saml", true),
            ("https://d-123.awsapps.com/start", true),
            ("https://example.my.connect.aws/ccp-v2", true),
            (
                "https://eu-west-2.console.aws.amazon.com/connect/federate/x",
                true,
            ),
            ("https://eu-west-2.console.aws.amazon.com/ec2/home", false),
            ("https://login.microsoftonline.com/tenant/saml2", true),
            (
                "https://example.okta.com/app/amazon_aws/exk1/sso/saml",
                true,
            ),
            ("https://myapp.auth.eu-west-1.amazoncognito.com/error", true),
            ("https://okta.com.evil.example/", false),
            ("https://notokta.com/", false),
            ("https://signin.aws.amazon.com.evil.example/saml", false),
            ("http://signin.aws.amazon.com/saml", false),
            ("https://idp.example.com/", false),
        ];
        for (url, expected) in table {
            assert_eq!(shows_sign_in_errors(url), expected, "{url}");
        }
    }
}
