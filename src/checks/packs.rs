//! Which rule packs run for a message, and why: chosen from the URLs the message is
//! addressed to (Destination, Recipient, Audience, the ACS in loaded SP metadata or in
//! the AuthnRequest) and the RelayState, or by the user (`--expect profile=...`).
//!
//! Also the shapes of the AWS sign-in URLs the packs share.

use super::context::{Context, Pack};
use serde::Serialize;

/// A pack that runs for a message, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PackChoice {
    pub pack: Pack,
    /// In a sentence: "Destination is https://signin.aws.amazon.com/saml".
    pub reason: String,
}

/// What an AWS sign-in URL is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsEndpoint {
    /// IAM SAML federation: `https://signin.aws.amazon.com/saml` (region `None`) or
    /// `https://<region>.signin.aws.amazon.com/saml`. Also the China and GovCloud
    /// partitions' sign-in hosts.
    IamSaml { region: Option<String> },
    /// Identity Center's ACS: `https://<region>.signin.aws.amazon.com/platform/saml/acs/<id>`.
    IdentityCenterAcs { region: String, id: String },
    /// Identity Center's entity id / audience: `.../platform/saml/<id>`.
    IdentityCenterEntity { region: String, id: String },
}

/// The sign-in hosts of the three partitions (without a region label).
const SIGNIN_HOSTS: &[&str] = &[
    "signin.aws.amazon.com",
    "signin.amazonaws-us-gov.com",
    "signin.amazonaws.cn",
];

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

/// Recognises an AWS sign-in URL, exactly as AWS publishes them (lowercase, https, no
/// trailing slash on `/saml`).
pub fn aws_endpoint(url: &str) -> Option<AwsEndpoint> {
    let (host, path) = https_parts(url)?;
    let region = if SIGNIN_HOSTS.contains(&host) {
        None
    } else {
        let (label, base) = host.split_once('.')?;
        if !SIGNIN_HOSTS.contains(&base) || !is_region(label) {
            return None;
        }
        Some(label.to_owned())
    };
    if path == "/saml" {
        return Some(AwsEndpoint::IamSaml { region });
    }
    let region = region?;
    let rest = path.strip_prefix("/platform/saml/")?;
    if let Some(id) = rest.strip_prefix("acs/") {
        return (!id.is_empty() && !id.contains('/')).then(|| AwsEndpoint::IdentityCenterAcs {
            region,
            id: id.to_owned(),
        });
    }
    (!rest.is_empty() && !rest.contains('/')).then(|| AwsEndpoint::IdentityCenterEntity {
        region,
        id: rest.to_owned(),
    })
}

/// An Amazon Connect federation RelayState:
/// `https://<region>.console.aws.amazon.com/connect/federate/<instance-id>[?destination=...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectRelayState {
    pub region: String,
    pub instance_id: String,
    /// The `destination` query parameter, percent-decoded, if any.
    pub destination: Option<String>,
}

/// Recognises a Connect federation RelayState (strictly; `connect.relaystate` explains
/// near misses).
pub fn connect_relay_state(relay_state: &str) -> Option<ConnectRelayState> {
    let (host, path) = https_parts(relay_state)?;
    let (region, base) = host.split_once('.')?;
    if !is_region(region)
        || !matches!(
            base,
            "console.aws.amazon.com" | "console.amazonaws-us-gov.com" | "console.amazonaws.cn"
        )
    {
        return None;
    }
    let instance_id = path.strip_prefix("/connect/federate/")?;
    if instance_id.is_empty() || instance_id.contains('/') {
        return None;
    }
    let destination = relay_state.split_once('?').and_then(|(_, query)| {
        crate::input::parse_query(query)
            .into_iter()
            .find(|field| field.decoded_name() == "destination")
            .map(|field| field.decoded_value().into_owned())
    });
    Some(ConnectRelayState {
        region: region.to_owned(),
        instance_id: instance_id.to_owned(),
        destination,
    })
}

/// Whether the RelayState mentions Connect federation at all (to explain a malformed one).
pub fn mentions_connect(relay_state: &str) -> bool {
    relay_state.contains("/connect/federate")
        || relay_state.contains("%2Fconnect%2Ffederate")
        || relay_state.contains("%2fconnect%2ffederate")
}

/// Every URL the message is addressed to, with a label for the reason sentence.
fn addressed_urls<'a>(context: &'a Context<'_>) -> Vec<(&'static str, &'a str)> {
    let mut urls: Vec<(&'static str, &'a str)> = Vec::new();
    let message = context.message;
    if let Some(destination) = message
        .header()
        .and_then(|header| header.destination.as_deref())
    {
        urls.push(("Destination", destination));
    }
    if let Some(assertion) = message.evaluated_assertion() {
        if let Some(subject) = &assertion.subject {
            for confirmation in &subject.confirmations {
                if let Some(recipient) = confirmation
                    .data
                    .as_ref()
                    .and_then(|data| data.recipient.as_deref())
                {
                    urls.push(("Recipient", recipient));
                }
            }
        }
        if let Some(conditions) = &assertion.conditions {
            for audience in conditions.audience_restrictions.iter().flatten() {
                urls.push(("Audience", audience));
            }
        }
    }
    if let crate::saml::Body::AuthnRequest(request) = &message.body
        && let Some(acs) = request.assertion_consumer_service_url.as_deref()
    {
        urls.push(("AssertionConsumerServiceURL", acs));
    }
    if let Some(action) = context.form_action {
        urls.push(("the auto-post form's action", action));
    }
    if context.origin.parameter == Some(crate::input::SamlParameter::SamlResponse)
        && context.origin.binding == crate::input::Binding::Post
        && let Some(url) = context.origin.url.as_deref()
    {
        urls.push(("the URL it was posted to", url));
    }
    for entity in context.sp_metadata() {
        for acs in &entity.acs_urls {
            urls.push(("the ACS in the loaded SP metadata", acs));
        }
    }
    urls
}

/// Chooses the packs for one message, `core` first. The user's `profile` replaces the
/// automatic choice (and Connect brings `aws-iam`, whose federation it uses).
pub fn select(context: &Context<'_>) -> Vec<PackChoice> {
    let mut chosen = vec![PackChoice {
        pack: Pack::Core,
        reason: "always runs".to_owned(),
    }];
    let mut add = |pack: Pack, reason: String| {
        if !chosen.iter().any(|choice| choice.pack == pack) {
            chosen.push(PackChoice { pack, reason });
        }
    };
    if let Some(profile) = context.expect.profile {
        if profile == Pack::AmazonConnect {
            add(
                Pack::AwsIam,
                "Amazon Connect signs in through IAM SAML federation".to_owned(),
            );
        }
        add(profile, "chosen by you (profile)".to_owned());
        return chosen;
    }
    if context.message.kind.is_metadata() {
        add(Pack::Metadata, "the input is SAML metadata".to_owned());
        return chosen;
    }
    for (label, url) in addressed_urls(context) {
        match aws_endpoint(url) {
            Some(AwsEndpoint::IamSaml { .. }) => {
                add(Pack::AwsIam, format!("{label} is {url}"));
            }
            Some(
                AwsEndpoint::IdentityCenterAcs { .. } | AwsEndpoint::IdentityCenterEntity { .. },
            ) => {
                add(Pack::AwsIdentityCenter, format!("{label} is {url}"));
            }
            None => {}
        }
    }
    if let Some(relay_state) = context.relay_state
        && (connect_relay_state(relay_state).is_some() || mentions_connect(relay_state))
    {
        add(
            Pack::AmazonConnect,
            format!("RelayState points at Amazon Connect federation ({relay_state})"),
        );
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_aws_sign_in_urls_exactly() {
        assert_eq!(
            aws_endpoint("https://signin.aws.amazon.com/saml"),
            Some(AwsEndpoint::IamSaml { region: None })
        );
        assert_eq!(
            aws_endpoint("https://eu-west-1.signin.aws.amazon.com/saml"),
            Some(AwsEndpoint::IamSaml {
                region: Some("eu-west-1".to_owned())
            })
        );
        assert_eq!(
            aws_endpoint("https://us-gov-west-1.signin.amazonaws-us-gov.com/saml"),
            Some(AwsEndpoint::IamSaml {
                region: Some("us-gov-west-1".to_owned())
            })
        );
        assert_eq!(
            aws_endpoint(
                "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/0b3f6c4e-1111-2222-3333-444455556666"
            ),
            Some(AwsEndpoint::IdentityCenterAcs {
                region: "eu-central-1".to_owned(),
                id: "0b3f6c4e-1111-2222-3333-444455556666".to_owned()
            })
        );
        assert_eq!(
            aws_endpoint("https://eu-central-1.signin.aws.amazon.com/platform/saml/d-1234567890"),
            Some(AwsEndpoint::IdentityCenterEntity {
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
            "urn:amazon:webservices",
        ] {
            assert_eq!(aws_endpoint(other), None, "{other}");
        }
    }

    #[test]
    fn recognises_connect_relay_states() {
        let parsed = connect_relay_state(
            "https://eu-west-2.console.aws.amazon.com/connect/federate/5f1e2d3c-aaaa-bbbb-cccc-123456789abc?destination=%2Fccp-v2",
        )
        .unwrap();
        assert_eq!(parsed.region, "eu-west-2");
        assert_eq!(parsed.instance_id, "5f1e2d3c-aaaa-bbbb-cccc-123456789abc");
        assert_eq!(parsed.destination.as_deref(), Some("/ccp-v2"));
        assert!(connect_relay_state("https://console.aws.amazon.com/connect/federate/x").is_none());
        assert!(mentions_connect(
            "https%3A%2F%2Feu-west-2.console.aws.amazon.com%2Fconnect%2Ffederate%2Fx"
        ));
    }
}
