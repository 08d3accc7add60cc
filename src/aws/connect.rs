//! Amazon Connect: the federation RelayState that sends a user signed in through IAM
//! SAML federation on to an instance, and the instance's own URLs.

use super::{PARTITIONS, https_parts, regional_host};
use crate::decode::parse_query;

/// The contact control panel destinations Connect documents for the federation URL's
/// `destination` parameter.
pub const KNOWN_DESTINATIONS: &[&str] = &[
    "/ccp-v2",
    "/ccp-v2/chat",
    "/ccp-v2/softphone",
    "/agent-app-v2",
];

/// The shape of a federation RelayState, as help texts show it.
pub const RELAY_STATE_SHAPE: &str =
    "https://<region>.console.aws.amazon.com/connect/federate/<instance-id>?destination=%2Fccp-v2";

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
    let (region, _) = regional_host(host, |partition| partition.console_host)?;
    let instance_id = path.strip_prefix("/connect/federate/")?;
    if instance_id.is_empty() || instance_id.contains('/') {
        return None;
    }
    let destination = relay_state.split_once('?').and_then(|(_, query)| {
        parse_query(query)
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

/// Whether `host` is one of the partitions' console hosts without a region label.
pub fn is_console_host(host: &str) -> bool {
    PARTITIONS
        .iter()
        .any(|partition| partition.console_host == host)
}

/// Whether `id` has the shape of a Connect instance id (a lowercase UUID).
pub fn is_instance_id(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length
                && group
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// Whether a URL is an Amazon Connect instance's own address (`<alias>.my.connect.aws`,
/// or `<alias>.awsapps.com/connect`), not the federation URL.
pub fn is_instance_url(url: &str) -> bool {
    let Some((host, path)) = https_parts(url) else {
        return false;
    };
    host.ends_with(".my.connect.aws")
        || (host.ends_with(".awsapps.com") && path.starts_with("/connect"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_connect_relay_states() {
        let parsed = connect_relay_state(
            "https://eu-west-2.console.aws.amazon.com/connect/federate/5f1e2d3c-aaaa-bbbb-cccc-123456789abc?destination=%2Fccp-v2",
        )
        .unwrap();
        assert_eq!(parsed.region, "eu-west-2");
        assert_eq!(parsed.instance_id, "5f1e2d3c-aaaa-bbbb-cccc-123456789abc");
        assert_eq!(parsed.destination.as_deref(), Some("/ccp-v2"));
        let gov = connect_relay_state(
            "https://us-gov-west-1.console.amazonaws-us-gov.com/connect/federate/x",
        )
        .unwrap();
        assert_eq!(
            (gov.region.as_str(), gov.destination),
            ("us-gov-west-1", None)
        );
        for other in [
            "https://console.aws.amazon.com/connect/federate/x",
            "https://eu-west-2.console.aws.amazon.com/connect/federate/",
            "https://eu-west-2.console.aws.amazon.com/connect/federate/x/y",
            "https://eu-west-2.console.aws.amazon.com/connect/x",
            "http://eu-west-2.console.aws.amazon.com/connect/federate/x",
        ] {
            assert_eq!(connect_relay_state(other), None, "{other}");
        }
        assert!(mentions_connect(
            "https%3A%2F%2Feu-west-2.console.aws.amazon.com%2Fconnect%2Ffederate%2Fx"
        ));
        assert!(!mentions_connect("https://example.com/"));
    }

    #[test]
    fn instance_ids_are_uuids() {
        assert!(is_instance_id("5f1e2d3c-aaaa-bbbb-cccc-123456789abc"));
        for bad in [
            "",
            "my-alias",
            "5F1E2D3C-AAAA-BBBB-CCCC-123456789ABC",
            "5f1e2d3c-aaaa-bbbb-cccc-123456789ab",
            "arn:aws:connect:eu-west-2:111122223333:instance/x",
        ] {
            assert!(!is_instance_id(bad), "{bad}");
        }
    }

    #[test]
    fn instance_urls_are_recognised() {
        assert!(is_instance_url("https://example-cc.my.connect.aws/ccp-v2"));
        assert!(is_instance_url(
            "https://example-cc.awsapps.com/connect/ccp-v2"
        ));
        for other in [
            "https://eu-west-2.console.aws.amazon.com/connect/federate/x",
            "https://idp.example.com/app",
            "https://example.awsapps.com/start",
        ] {
            assert!(!is_instance_url(other), "{other}");
        }
        assert!(is_console_host("console.amazonaws.cn"));
        assert!(!is_console_host("eu-west-1.console.aws.amazon.com"));
    }
}
