//! Amazon Cognito user pools as a SAML service provider: the audience (the pool's SP
//! entity id, `urn:amazon:cognito:sp:<user pool id>`) and the ACS
//! (`https://<prefix>.auth.<region>.amazoncognito.com/saml2/idpresponse`, or the pool's
//! custom domain with the same path).
//!
//! The `cognito` rule pack, pack selection and the page read these, so that they
//! recognise the same shapes; and the error a user pool sends back to the app's
//! callback URL ([`callback_error`]).

use super::{https_parts, is_region};

/// The prefix of a user pool's SP entity id.
pub const AUDIENCE_PREFIX: &str = "urn:amazon:cognito:sp:";
/// The path of a user pool's ACS, on the Cognito domain or a custom domain.
pub const ACS_PATH: &str = "/saml2/idpresponse";
/// The parent domain of the Cognito-hosted domains: `<prefix>.auth.<region>.<domain>`.
const HOSTED_DOMAIN: &str = "amazoncognito.com";

/// A user pool id, `<region>_<id>` (`eu-west-1_AbCdEf123`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserPool<'a> {
    pub region: &'a str,
    pub id: &'a str,
}

/// Reads a user pool id: a region, `_`, and letters and digits.
pub fn user_pool(text: &str) -> Option<UserPool<'_>> {
    let (region, id) = text.split_once('_')?;
    (is_region(region) && !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then_some(UserPool { region, id })
}

/// Recognises a user pool's SP entity id, `urn:amazon:cognito:sp:<user pool id>`.
pub fn audience(text: &str) -> Option<UserPool<'_>> {
    user_pool(text.strip_prefix(AUDIENCE_PREFIX)?)
}

/// Where a user pool's ACS is hosted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcsHost<'a> {
    /// `https://<prefix>.auth.<region>.amazoncognito.com/saml2/idpresponse`.
    Hosted { prefix: &'a str, region: &'a str },
    /// The pool's custom domain, `https://<domain>/saml2/idpresponse`: any https host
    /// with that path (whether it is this pool's is for the user to say).
    Custom { domain: &'a str },
}

/// Recognises a user pool's ACS URL, exactly (https, no query, no trailing slash).
pub fn acs(url: &str) -> Option<AcsHost<'_>> {
    let (host, path) = https_parts(url)?;
    if path != ACS_PATH || url.len() != "https://".len() + host.len() + path.len() {
        return None;
    }
    if let Some(rest) = host.strip_suffix(HOSTED_DOMAIN)
        && let Some(rest) = rest.strip_suffix('.')
    {
        let (prefix, rest) = rest.split_once(".auth.")?;
        return (!prefix.is_empty() && !prefix.contains('.') && is_region(rest)).then_some(
            AcsHost::Hosted {
                prefix,
                region: rest,
            },
        );
    }
    (!host.is_empty()).then_some(AcsHost::Custom { domain: host })
}

/// The longest error description kept from a callback URL (a hostile URL can be long).
const CALLBACK_ERROR_CHARS: usize = 512;

/// What a user pool sends back to the app's callback URL when a sign-in fails:
/// `?error=<code>&error_description=<text>` (OAuth 2.0 §4.1.2.1, as Cognito's hosted UI
/// uses it for federated sign-in errors).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackError {
    /// `error`, e.g. `invalid_request`, when present.
    pub error: Option<String>,
    /// `error_description`, percent-decoded (`+` as a space), at most 512 characters.
    pub description: String,
}

/// The error a callback URL carries in its query (`error_description=` present), or
/// `None`.
pub fn callback_error(url: &str) -> Option<CallbackError> {
    let query = url.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(query, _)| query);
    let fields = crate::decode::parse_query(query);
    let value = |name: &str| {
        fields.iter().find(|field| field.name == name).map(|field| {
            let bytes = crate::decode::percent_decode(field.value, true)
                .unwrap_or_else(|_| field.value.as_bytes().to_vec());
            String::from_utf8_lossy(&bytes)
                .chars()
                .take(CALLBACK_ERROR_CHARS)
                .collect::<String>()
        })
    };
    Some(CallbackError {
        description: value("error_description")?,
        error: value("error"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_error_a_callback_carries() {
        assert_eq!(
            callback_error(
                "https://app.example.com/callback?error_description=Invalid+user+attributes%3A+email%3A+The+attribute+is+required+&error=invalid_request#x"
            ),
            Some(CallbackError {
                error: Some("invalid_request".to_owned()),
                description: "Invalid user attributes: email: The attribute is required "
                    .to_owned(),
            })
        );
        assert_eq!(
            callback_error("https://app.example.com/callback?code=abc"),
            None
        );
        assert_eq!(callback_error("https://app.example.com/callback"), None);
        let long = format!("https://a/?error_description={}", "x".repeat(10_000));
        assert_eq!(callback_error(&long).unwrap().description.len(), 512);
    }

    #[test]
    fn recognises_user_pool_audiences() {
        assert_eq!(
            audience("urn:amazon:cognito:sp:eu-west-1_AbCdEf123"),
            Some(UserPool {
                region: "eu-west-1",
                id: "AbCdEf123"
            })
        );
        for other in [
            "urn:amazon:cognito:sp:eu-west-1",
            "urn:amazon:cognito:sp:eu-west-1_",
            "urn:amazon:cognito:sp:nowhere_Abc",
            "urn:amazon:cognito:sp:eu-west-1_Ab-c",
            "urn:amazon:webservices",
            " urn:amazon:cognito:sp:eu-west-1_AbCdEf123",
        ] {
            assert_eq!(audience(other), None, "{other}");
        }
    }

    #[test]
    fn recognises_user_pool_acs_urls() {
        assert_eq!(
            acs("https://myapp.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"),
            Some(AcsHost::Hosted {
                prefix: "myapp",
                region: "eu-west-1"
            })
        );
        assert_eq!(
            acs("https://auth.example.com/saml2/idpresponse"),
            Some(AcsHost::Custom {
                domain: "auth.example.com"
            })
        );
        for other in [
            "https://myapp.auth.eu-west-1.amazoncognito.com/saml2/idpresponse/",
            "https://myapp.auth.eu-west-1.amazoncognito.com/saml2/idpresponse?x=1",
            "http://auth.example.com/saml2/idpresponse",
            "https://myapp.auth.nowhere.amazoncognito.com/saml2/idpresponse",
            "https://auth.eu-west-1.amazoncognito.com/saml2/idpresponse",
            "https://auth.example.com/saml2/idpResponse",
        ] {
            assert_eq!(acs(other), None, "{other}");
        }
    }
}
