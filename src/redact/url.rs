//! URLs, query strings and form bodies: structure kept, values redacted.
//!
//! A URL keeps its scheme, and its host and port when they are a host name (an IP
//! address becomes a documentation address; anything else goes word by word). Its user
//! info becomes a token; each path
//! segment keeps only the protocol words in it ([`super::words`]: `/saml`, `/acs/`,
//! `/platform/`), so a user name or an id in a path (`/users/jdoe`, `/acs/7f3a...`)
//! becomes a pseudonym, the same in every URL of the report and the HAR. A query or form
//! parameter keeps its name when it is a protocol word (a pseudonym otherwise); its value
//! is kept only when the name is structural ([`KEPT_PARAMETERS`]) and then only its
//! protocol words; a value that is itself a URL keeps its structure (recursively, to a
//! depth of [`MAX_NESTING`]); SAML messages are replaced by the marker or, in the
//! sanitized HAR, by the redacted message re-encoded the same way; every other value
//! becomes a token. A fragment is read as parameters when it has `=`, word by word
//! otherwise. Text with no `scheme://` is read as a path; `data:` and other
//! scheme-only URLs keep their scheme and their words.

use super::words::{self, Numbers};
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

/// A URL with its user info, path words, query values and fragment redacted.
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
    let mut out = match base.find("://") {
        Some(scheme_end) => {
            let authority_start = scheme_end + 3;
            let path_start = base[authority_start..]
                .find('/')
                .map_or(base.len(), |end| authority_start + end);
            let mut out = user_info(redactor, &base[..path_start]);
            out.push_str(&path(redactor, &base[path_start..]));
            out
        }
        None => match scheme_only(base) {
            // `data:`, `blob:`, `about:`...: the scheme, and the words of the rest.
            Some(scheme) => format!(
                "{scheme}{}",
                words::words(
                    redactor,
                    &base[scheme.len()..],
                    Category::PathWord,
                    Numbers::Small
                )
            ),
            None => path(redactor, base),
        },
    };
    if let Some(query) = query {
        out.push('?');
        out.push_str(&pairs(redactor, query, saml, depth, false));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        if fragment.contains('=') {
            out.push_str(&pairs(redactor, fragment, saml, depth, false));
        } else {
            out.push_str(&path(redactor, fragment));
        }
    }
    out
}

/// `data:` in `data:text/html,...`: a scheme without `//` (RFC 3986 §3.1), if any.
fn scheme_only(text: &str) -> Option<&str> {
    let colon = text.find(':')?;
    let scheme = &text[..colon];
    let valid = scheme
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && colon >= 2).then(|| &text[..=colon])
}

/// A path (or fragment route): each segment percent-decoded, redacted word by word,
/// and encoded again where it was encoded (a segment that reads the same is kept as
/// written).
fn path(redactor: &mut Redactor, path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.is_empty() {
                return String::new();
            }
            let decoded = decode(segment, false);
            let redacted = words::words(redactor, &decoded, Category::PathWord, Numbers::Small);
            if redacted == decoded {
                return segment.to_owned();
            }
            if decoded == segment {
                // Written plainly: the tokens are plain too.
                return redacted;
            }
            encode_segment(&redacted)
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes what a path segment cannot hold as is (RFC 3986 §3.3 `pchar`).
fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(character) {
            out.push(character);
        } else {
            let mut buffer = [0u8; 4];
            out.push_str(&percent_encode(character.encode_utf8(&mut buffer), false));
        }
    }
    out
}

/// [`words::words`] for running text: a URL in it keeps its structure as
/// [`sanitize`] keeps it (host kept, path words by this module's rule,
/// query values redacted by name).
pub fn text(redactor: &mut Redactor, text: &str, category: Category) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(start) = find_url(rest) {
        out.push_str(&words::words(
            redactor,
            &rest[..start],
            category,
            Numbers::Small,
        ));
        let after = &rest[start..];
        let end = after
            .find(|c: char| c.is_whitespace() || c.is_control() || "\"'<>`{}|\\^".contains(c))
            .unwrap_or(after.len());
        out.push_str(&sanitize(redactor, &after[..end], &SamlValues::Marker));
        rest = &after[end..];
    }
    out.push_str(&words::words(redactor, rest, category, Numbers::Small));
    out
}

/// Where the first `http://` or `https://` URL in `text` starts (ASCII case ignored).
fn find_url(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at + 7 <= bytes.len() {
        let rest = &bytes[at..];
        let scheme = if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"https://") {
            true
        } else {
            rest[..7].eq_ignore_ascii_case(b"http://")
        };
        // At a word's start only: `xhttp://` is not a URL.
        if scheme && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric()) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// `https://user:password@host:port` with the user info replaced; the scheme kept, the
/// host and port kept when they are a host name (ASCII letters, digits, `-` and dots),
/// an IPv6 literal or a port number, an IPv4 address a documentation address, anything
/// else word by word.
fn user_info(redactor: &mut Redactor, base: &str) -> String {
    let Some(scheme_end) = base.find("://") else {
        return base.to_owned();
    };
    let authority_start = scheme_end + 3;
    let authority = &base[authority_start..];
    let mut out = base[..authority_start].to_owned();
    let host = match authority.rsplit_once('@') {
        Some((info, host)) => {
            let token = redactor.secret(&decode(info, false), Category::CredentialHeader);
            out.push_str(&percent_encode(&token, false));
            out.push('@');
            host
        }
        None => authority,
    };
    out.push_str(&host_and_port(redactor, host));
    out
}

fn host_and_port(redactor: &mut Redactor, authority: &str) -> String {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port))
            if !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|byte| byte.is_ascii_digit())
                && !host.ends_with(':') =>
        {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    let port = port.map(|port| format!(":{port}")).unwrap_or_default();
    if host.parse::<std::net::Ipv4Addr>().is_ok() {
        return format!("{}{port}", redactor.secret(host, Category::IpAddress));
    }
    let ipv6 = host
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .is_some_and(|inner| inner.parse::<std::net::Ipv6Addr>().is_ok());
    if ipv6 {
        let inner = &host[1..host.len() - 1];
        return format!("[{}]{port}", redactor.secret(inner, Category::IpAddress));
    }
    let name = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            label.len() <= 63
                && label
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        });
    if name {
        return format!("{host}{port}");
    }
    format!(
        "{}{port}",
        words::words(redactor, host, Category::PathWord, Numbers::Small)
    )
}

/// A parameter's name (raw, still percent-encoded): kept when it is a protocol word
/// (`SAMLResponse`, `RelayState`, `client_id`), a pseudonym otherwise.
pub fn parameter_name(redactor: &mut Redactor, raw: &str, form: bool) -> String {
    let decoded = decode(raw, form);
    let redacted = words::words(redactor, &decoded, Category::Identifier, Numbers::Small);
    if redacted == decoded {
        raw.to_owned()
    } else {
        percent_encode(&redacted, form)
    }
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
                return parameter_name(redactor, pair, form);
            };
            format!(
                "{}={}",
                parameter_name(redactor, name, form),
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
    let value = decode(raw, form);
    if KEPT_PARAMETERS.contains(&lower.as_str()) {
        let redacted = if looks_like_url(&value) && depth < MAX_NESTING {
            sanitize_nested(redactor, &value, saml, depth + 1)
        } else {
            words::words(redactor, &value, Category::Identifier, Numbers::Small)
        };
        return if redacted == value {
            raw.to_owned()
        } else {
            percent_encode(&redacted, form)
        };
    }
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

    #[test]
    fn path_words_and_parameter_names_are_redacted() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        // (URL, what must stay, what must go)
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "https://idp.example:8443/users/KanaryUser/profile?KanaryName=1",
                &["https://idp.example:8443/users/", "?"],
                &["KanaryUser", "KanaryName"],
            ),
            (
                "https://us-east-1.signin.aws/platform/saml/acs/7f3a9c1e-aaaa-bbbb",
                &["https://us-east-1.signin.aws/platform/saml/acs/"],
                &["7f3a9c1e"],
            ),
            (
                "https://idp.example/a%20Kanary%2FSlash/x",
                &["https://idp.example/", "/x"],
                &["Kanary", "Slash"],
            ),
            (
                "https://app.example/#/home/KanaryRoute",
                &["https://app.example/#/home/"],
                &["KanaryRoute"],
            ),
            ("/home/KanaryPath?q=1", &["/home/"], &["KanaryPath"]),
            (
                "data:text/html,KanaryData",
                &["data:text/html,"],
                &["KanaryData"],
            ),
            (
                "https://10.1.2.3:8443/x",
                &["https://203.0.113.", ":8443/x"],
                &["10.1.2.3"],
            ),
            ("https://[fe80::1]/x", &["https://[2001:db8::"], &["fe80"]),
            (
                "https://Kanaryжhost.example/x",
                &["https://", "/x"],
                &["Kanary", "ж"],
            ),
            ("https://a;Kanary,b/x", &["https://a;"], &["Kanary"]),
            (
                "https://idp.example/sso?SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&region=KanaryRegion",
                &["SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&region="],
                &["KanaryRegion"],
            ),
        ];
        for (url, kept, gone) in cases {
            let sanitized = sanitize(&mut redactor, url, &SamlValues::Marker);
            for part in *kept {
                assert!(sanitized.contains(part), "{url} became {sanitized}");
            }
            for part in *gone {
                assert!(!sanitized.contains(part), "{url} became {sanitized}");
            }
        }
    }
}
