//! URLs, query strings and form bodies: names and structure kept, values redacted.
//!
//! A query or form value is kept only when its name is structural ([`KEPT_PARAMETERS`]);
//! a value that is itself a URL keeps its structure (recursively, to a depth of
//! [`MAX_NESTING`]); SAML messages are replaced by the marker or, in the sanitized HAR,
//! by the redacted message re-encoded the same way; everything else becomes a token.

use super::{Category, REDACTED_SAML, REDACTED_SIGNATURE, Redactor};
use std::collections::BTreeMap;

/// Parameters whose values are structure, not secrets (case-insensitive).
pub const KEPT_PARAMETERS: &[&str] = &[
    "sigalg",
    "region",
    "action",
    "version",
    "locale",
    "lang",
    "response_type",
    "response_mode",
    "scope",
    "client_id",
    "protocol",
    "binding",
];

/// How deep URLs inside URLs are followed.
pub const MAX_NESTING: usize = 4;

/// What to put where a SAML message was.
#[derive(Debug, Clone)]
pub enum SamlValues<'a> {
    /// [`REDACTED_SAML`].
    Marker,
    /// The redacted message re-encoded, by the original value as found (raw, still
    /// percent-encoded) and percent-decoded.
    Map(&'a BTreeMap<String, String>),
}

impl SamlValues<'_> {
    fn replace(&self, raw: &str) -> String {
        match self {
            SamlValues::Marker => REDACTED_SAML.to_owned(),
            SamlValues::Map(map) => map
                .get(raw)
                .or_else(|| map.get(&decode(raw, true)))
                .cloned()
                .unwrap_or_else(|| REDACTED_SAML.to_owned()),
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters (`+` for space when
/// `plus_for_space`).
pub fn percent_encode(text: &str, plus_for_space: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' if plus_for_space => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(b"0123456789ABCDEF"[usize::from(byte >> 4)]));
                out.push(char::from(b"0123456789ABCDEF"[usize::from(byte & 15)]));
            }
        }
    }
    out
}

fn decode(text: &str, plus_as_space: bool) -> String {
    crate::decode::percent_decode(text, plus_as_space)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_else(|_| text.to_owned())
}

fn looks_like_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A URL with its user info, query values and fragment redacted.
pub fn sanitize(redactor: &mut Redactor, url: &str, saml: &SamlValues<'_>) -> String {
    sanitize_nested(redactor, url, saml, 0)
}

fn sanitize_nested(
    redactor: &mut Redactor,
    url: &str,
    saml: &SamlValues<'_>,
    depth: usize,
) -> String {
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (url, None),
    };
    let (base, query) = match rest.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (rest, None),
    };
    let mut out = user_info(redactor, base);
    if let Some(query) = query {
        out.push('?');
        out.push_str(&pairs(redactor, query, saml, depth, false));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        if fragment.contains('=') {
            out.push_str(&pairs(redactor, fragment, saml, depth, false));
        } else if !fragment.is_empty() {
            out.push_str(&redactor.secret(fragment, Category::Token));
        }
    }
    out
}

/// `https://user:password@host/...` with the user info replaced.
fn user_info(redactor: &mut Redactor, base: &str) -> String {
    let Some(scheme_end) = base.find("://") else {
        return base.to_owned();
    };
    let authority_start = scheme_end + 3;
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |end| authority_start + end);
    let authority = &base[authority_start..authority_end];
    let Some((info, host)) = authority.rsplit_once('@') else {
        return base.to_owned();
    };
    let token = redactor.secret(&decode(info, false), Category::CredentialHeader);
    format!(
        "{}{}@{host}{}",
        &base[..authority_start],
        percent_encode(&token, false),
        &base[authority_end..]
    )
}

/// A query string or form body (`a=1&b=2`) with values redacted by name.
pub fn pairs(
    redactor: &mut Redactor,
    text: &str,
    saml: &SamlValues<'_>,
    depth: usize,
    form: bool,
) -> String {
    text.split('&')
        .map(|pair| {
            let Some((name, value)) = pair.split_once('=') else {
                // A bare word: a flag, or a token on its own.
                if pair.len() >= 16 {
                    return percent_encode(
                        &redactor.secret(&decode(pair, form), Category::Token),
                        form,
                    );
                }
                return pair.to_owned();
            };
            format!(
                "{name}={}",
                parameter(redactor, &decode(name, form), value, saml, depth, form)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// One parameter's value (raw, still percent-encoded) redacted by its name.
pub fn parameter(
    redactor: &mut Redactor,
    name: &str,
    raw: &str,
    saml: &SamlValues<'_>,
    depth: usize,
    form: bool,
) -> String {
    let lower = name.to_ascii_lowercase();
    if raw.is_empty() {
        return String::new();
    }
    if lower == "samlrequest" || lower == "samlresponse" {
        if !redactor.policy.raw_saml {
            return raw.to_owned();
        }
        redactor.count(raw, Category::RawSaml);
        return saml.replace(raw);
    }
    if lower == "signature" && redactor.policy.signatures {
        redactor.count(raw, Category::Signature);
        return REDACTED_SIGNATURE.to_owned();
    }
    if KEPT_PARAMETERS.contains(&lower.as_str()) {
        return raw.to_owned();
    }
    let value = decode(raw, form);
    if lower == "relaystate" {
        return percent_encode(&relay_state(redactor, &value), form);
    }
    if looks_like_url(&value) && depth < MAX_NESTING {
        return percent_encode(&sanitize_nested(redactor, &value, saml, depth + 1), form);
    }
    let category = if value.contains('@') {
        Category::Email
    } else {
        Category::Token
    };
    percent_encode(&redactor.secret(&value, category), form)
}

/// A RelayState: a URL keeps its structure (Amazon Connect's deep links, console
/// URLs), anything else is a token.
pub fn relay_state(redactor: &mut Redactor, value: &str) -> String {
    if looks_like_url(value) {
        return sanitize(redactor, value, &SamlValues::Marker);
    }
    redactor.secret(value, Category::RelayState)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Policy;

    #[test]
    fn urls_keep_structure() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let cases = [
            (
                "https://signin.aws.amazon.com/saml?SAMLResponse=PHNhbWw%2B&RelayState=abc123def",
                "https://signin.aws.amazon.com/saml?SAMLResponse=REDACTED-SAML-MESSAGE&RelayState=",
            ),
            (
                "https://idp.example/sso?SigAlg=http%3A%2F%2Fx&Signature=AAAA",
                "https://idp.example/sso?SigAlg=http%3A%2F%2Fx&Signature=REDACTED",
            ),
            ("https://u:p4ss@host.example/x", "https://"),
            (
                "https://host.example/x?token=s3cr3t-value",
                "https://host.example/x?token=",
            ),
        ];
        for (url, prefix) in cases {
            let sanitized = sanitize(&mut redactor, url, &SamlValues::Marker);
            assert!(sanitized.starts_with(prefix), "{url} became {sanitized}");
            for secret in ["PHNhbWw", "abc123def", "AAAA", "p4ss", "s3cr3t"] {
                assert!(!sanitized.contains(secret), "{secret} in {sanitized}");
            }
        }
        let nested = sanitize(
            &mut redactor,
            "https://a.example/?returnTo=https%3A%2F%2Fb.example%2F%3Fsid%3Dtopsecret1",
            &SamlValues::Marker,
        );
        assert!(nested.contains("b.example"), "{nested}");
        assert!(!nested.contains("topsecret1"), "{nested}");
    }
}
