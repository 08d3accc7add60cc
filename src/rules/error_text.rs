//! The error-text index: the texts users arrive with (from an AWS error page, an IdP,
//! a support ticket) mapped to the rules that explain them (`../shared/CHECKS.md`,
//! "Error text index").
//!
//! [`KNOWN`] is the catalogue (also the page's searchable list). [`lookup`] matches a
//! text the user gave, case-insensitively and tolerant of a longer paste ("Error: Your
//! request included an invalid SAML response. To logout, click here.") or a partial one
//! ("invalid SAML response"). [`find_in_page`] finds a catalogue text in an HTML
//! response body of a HAR (the caller bounds the body's size).

use super::RuleId;
use crate::text::{StaticText, one_of};
use serde::{Deserialize, Serialize};

/// One text of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KnownError {
    /// The text as users see it (the form shown in lists).
    pub text: &'static str,
    /// Rule ids or prefixes ending in `*` (`aws.role.*`), most relevant first.
    pub rules: &'static [&'static str],
    /// What it usually means, in a sentence.
    pub explanation: &'static str,
    /// Other wordings of the same text. `...` in a phrase stands for any text between
    /// its pieces.
    #[serde(skip)]
    pub phrases: &'static [&'static str],
    /// Whether the text is distinctive enough to be taken from an AWS page in a HAR
    /// without the user saying so ("Session Expired" alone is not).
    #[serde(skip)]
    pub in_har: bool,
}

impl KnownError {
    /// The rule ids, prefixes expanded in catalogue order.
    pub fn rule_ids(&self) -> Vec<RuleId> {
        let mut ids = Vec::new();
        for pattern in self.rules {
            let matching =
                RuleId::ALL
                    .iter()
                    .copied()
                    .filter(|id| match pattern.strip_suffix('*') {
                        Some(prefix) => id.as_str().starts_with(prefix),
                        None => id.as_str() == *pattern,
                    });
            for id in matching {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    fn all_phrases(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.text).chain(self.phrases.iter().copied())
    }
}

/// The catalogue, in CHECKS.md order.
pub const KNOWN: &[KnownError] = &[
    KnownError {
        text: "Your request included an invalid SAML response",
        rules: &[
            "aws.role.*",
            "core.attr.whitespace",
            "aws.audience",
            "core.sig.*",
        ],
        explanation: "AWS sign-in could not use the Response: usually the Role attribute (format, spaces, account), the audience, or the signature.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "RoleSessionName is required in AuthnResponse",
        rules: &["aws.session.name"],
        explanation: "The RoleSessionName attribute is missing or empty.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "RoleSessionName in AuthnResponse must match",
        rules: &["aws.session.name"],
        explanation: "The RoleSessionName has characters outside [a-zA-Z_0-9+=,.@-] or is not 2 to 64 characters long.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Not authorized to perform sts:AssumeRoleWithSAML",
        rules: &["aws.audience", "aws.role.format", "aws.tags"],
        explanation: "The role's trust policy refuses this provider, audience (SAML:aud) or session tags (sts:TagSession).",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Response signature invalid",
        rules: &["core.sig.valid", "core.cert.trust"],
        explanation: "The signature does not verify with the certificate AWS holds for the provider: usually a rotated IdP certificate.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Issuer not present in specified provider",
        rules: &["core.issuer", "meta.entityid"],
        explanation: "The Issuer differs from the entityID of the metadata uploaded to the IAM identity provider.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Could not parse metadata",
        rules: &["meta.*"],
        explanation: "IAM refused the metadata document: a byte order mark, a weak or odd certificate, or not metadata at all.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Response does not contain the required audience",
        rules: &["aws.audience", "core.audience"],
        explanation: "The Audience is not the AWS sign-in endpoint the provider or trust policy expects.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Requested DurationSeconds exceeds MaxSessionDuration",
        rules: &["aws.session.duration"],
        explanation: "SessionDuration asks for longer than the role's maximum session duration.",
        phrases: &["DurationSeconds exceeds the MaxSessionDuration"],
        in_har: true,
    },
    KnownError {
        text: "Specified provider doesn't exist",
        rules: &["aws.role.format"],
        explanation: "The provider ARN in the Role attribute names no IAM identity provider (wrong name or account id).",
        phrases: &["Specified provider does not exist"],
        in_har: true,
    },
    KnownError {
        text: "It's not you, it is us",
        rules: &["core.cert.trust", "iic.nameid.format", "core.time.skew"],
        explanation: "IAM Identity Center refused the Response early: certificate, NameID format or the IdP's clock.",
        phrases: &["It's not you, it's us", "It is not you, it is us"],
        in_har: true,
    },
    KnownError {
        text: "An unexpected error has occurred",
        rules: &[
            "iic.nameid.*",
            "iic.assertion.*",
            "iic.abac.*",
            "core.destination",
        ],
        explanation: "IAM Identity Center could not match the user or use the assertion: user name, ACS URL or attributes.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Access Denied ... has not been onboarded",
        rules: &["connect.username"],
        explanation: "The RoleSessionName is not exactly (case included) an Amazon Connect user name.",
        phrases: &["has not been onboarded to this application"],
        in_har: true,
    },
    KnownError {
        text: "Session Expired (Amazon Connect)",
        rules: &["connect.idp.initiated", "connect.relaystate"],
        explanation: "Connect federation starts at the IdP with the Connect RelayState; visiting the instance URL directly ends here. A federated Connect session also ends after 12 hours at most, whatever SessionDuration says: sign in again through the IdP.",
        phrases: &["Session Expired"],
        in_har: false,
    },
    KnownError {
        text: "Source Identity must match",
        rules: &["aws.source.identity"],
        explanation: "The SourceIdentity attribute is not 2 to 64 characters of [a-zA-Z_0-9+=,.@-], begins with the reserved \"aws:\", or the role's trust policy does not allow sts:SetSourceIdentity.",
        phrases: &[
            "SourceIdentity must match",
            "Source identity cannot begin with",
            "not authorized to perform sts:SetSourceIdentity",
        ],
        in_har: true,
    },
    KnownError {
        text: "Token must be redeemed within 5 minutes of issuance",
        rules: &["core.time.window", "core.time.skew"],
        explanation: "STS refused an assertion more than 5 minutes old (ExpiredTokenException): a command-line tool replayed a cached assertion, or the IdP's clock is off.",
        phrases: &["ExpiredTokenException", "Response has expired"],
        in_har: true,
    },
    KnownError {
        text: "Request ARN is invalid",
        rules: &["aws.role.format"],
        explanation: "The role and SAML provider ARNs handed to AssumeRoleWithSAML are malformed or swapped (a tool passing the Role value's two ARNs in the wrong order).",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Bad Request. The request was not valid (Amazon Connect)",
        rules: &["connect.role.single"],
        explanation: "Amazon Connect refused the federation: usually the user federated before with another role, and Connect needs exactly one.",
        phrases: &["The request was not valid"],
        in_har: true,
    },
    KnownError {
        text: "Private key limit of 2 is reached",
        rules: &["aws.encryption"],
        explanation: "IAM holds at most two private keys per SAML provider for encrypted assertions: remove one before adding another.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Invalid private key",
        rules: &["aws.encryption"],
        explanation: "The private key uploaded to the IAM SAML provider for encrypted assertions is not a usable RSA key in PEM form.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "because no private key is provided",
        rules: &["aws.encryption"],
        explanation: "The assertion is encrypted but the IAM SAML provider holds no private key to decrypt it: add the key, or turn encryption off at the IdP.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Request is unparsable, syntactically incorrect, or violates schema",
        rules: &[],
        explanation: "Not a SAML error: a SCIM provisioning request (the IdP creating or updating users in IAM Identity Center) was refused because its body breaks the SCIM schema; look at the IdP's provisioning logs, not at the sign-in.",
        phrases: &["Request is unparsable", "violates schema"],
        in_har: false,
    },
    KnownError {
        text: "AADSTS50011",
        rules: &["core.destination", "iic.urls"],
        explanation: "Entra ID: the reply URL (the ACS the SP asked for) is not among the application's Reply URLs (Basic SAML Configuration).",
        phrases: &["The reply URL specified in the request does not match"],
        in_har: true,
    },
    KnownError {
        text: "AADSTS50105",
        rules: &[],
        explanation: "Entra ID: the signed-in user is not assigned to the enterprise application (Users and groups), nor in an assigned group; nothing in the SAML message can show it.",
        phrases: &["is not assigned to a role for the application"],
        in_har: true,
    },
    KnownError {
        text: "AADSTS700016",
        rules: &["core.issuer", "iic.urls"],
        explanation: "Entra ID: no application in the directory has the Identifier (Entity ID) the SP sent as its AuthnRequest Issuer.",
        phrases: &["was not found in the directory"],
        in_har: true,
    },
    KnownError {
        text: "Invalid user attributes ... The attribute is required",
        rules: &["cognito.attributes"],
        explanation: "Amazon Cognito: an attribute the user pool requires is not mapped from the assertion's attributes.",
        phrases: &["attribute is required"],
        in_har: true,
    },
    KnownError {
        text: "SAML Assertion signature is invalid",
        rules: &["cognito.cert", "core.sig.valid", "core.cert.trust"],
        explanation: "Amazon Cognito could not verify the signature with the certificate its SAML provider holds: a rotated or expired IdP certificate.",
        phrases: &[],
        in_har: true,
    },
    KnownError {
        text: "Invalid relayState",
        rules: &["cognito.errors"],
        explanation: "Amazon Cognito did not recognise the RelayState it got back (the sign-in did not start at the pool's hosted UI, or the IdP changed the RelayState).",
        phrases: &["Invalid RelayState from identity provider"],
        in_har: true,
    },
];

/// What the user's error text was matched to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ErrorTextMatch {
    /// The text as the user gave it or as found in the HAR.
    pub text: String,
    /// `user` (given with `--error` or on the page) or `har` (found in a response body).
    pub source: ErrorTextSource,
    /// The catalogue text it matched, if any.
    #[serde(deserialize_with = "known_text")]
    pub known: Option<StaticText>,
    /// The rules to show first, most relevant first.
    pub rules: Vec<RuleId>,
}

/// Reads [`ErrorTextMatch::known`] back: one of the catalogue's texts, or `null`.
fn known_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<&'static str>, D::Error> {
    let Some(text) = <Option<std::borrow::Cow<'de, str>>>::deserialize(deserializer)? else {
        return Ok(None);
    };
    let texts: Vec<&'static str> = KNOWN.iter().map(|known| known.text).collect();
    one_of(&text, &texts).map(Some)
}

/// Where an error text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorTextSource {
    User,
    Har,
}

/// A partial text shorter than this (after normalizing) is not matched inside a
/// catalogue text: "error" or "SAML" alone would match half the catalogue.
const MIN_PARTIAL_CHARS: usize = 12;

/// Matches a text against the catalogue: a catalogue text inside the user's (a longer
/// paste), or the user's inside a catalogue text (a partial one). Case, curly quotes,
/// HTML apostrophe entities and runs of whitespace do not matter. The longest match
/// wins.
pub fn lookup(text: &str, source: ErrorTextSource) -> ErrorTextMatch {
    let given = normalize(text);
    let mut best: Option<(usize, &'static KnownError)> = None;
    for known in KNOWN {
        for phrase in known.all_phrases() {
            let phrase = normalize(phrase);
            let contained = phrase_in(&given, &phrase);
            let partial = given.chars().count() >= MIN_PARTIAL_CHARS
                && !phrase.contains("...")
                && phrase.contains(given.as_str());
            if (contained || partial) && best.is_none_or(|(length, _)| phrase.len() > length) {
                best = Some((phrase.len(), known));
            }
        }
    }
    ErrorTextMatch {
        text: text.to_owned(),
        source,
        known: best.map(|(_, known)| known.text),
        rules: best.map(|(_, known)| known.rule_ids()).unwrap_or_default(),
    }
}

/// Lowercase words one of which every wording of every [`KnownError::in_har`] text
/// contains, none with a character JSON or HTML escapes: a page whose lowercased raw
/// bytes hold none of them cannot match. Few, so that pages are searched few times.
const ANCHORS: [&str; 20] = [
    "response",
    "saml",
    "provider",
    "metadata",
    "duration",
    "not you",
    "unexpected",
    "onboarded",
    "identity",
    "redeemed",
    "expiredtoken",
    "arn is invalid",
    "not valid",
    "private key",
    "aadsts",
    "relaystate",
    "reply url",
    "not assigned",
    "in the directory",
    "attribute",
];

/// Whether a page may hold a catalogue text [`find_in_page`] looks for: one of the
/// [`ANCHORS`] occurs in `raw` (the body as bytes, even still JSON-escaped), ignoring
/// ASCII case. Fast: one lowercase copy and a SIMD substring search per anchor.
pub fn may_appear_in(raw: &[u8]) -> bool {
    let lower = raw.to_ascii_lowercase();
    ANCHORS
        .iter()
        .any(|anchor| memchr::memmem::find(&lower, anchor.as_bytes()).is_some())
}

/// The catalogue entry whose text appears in an HTML page (only entries distinctive
/// enough to be taken from a page unasked: [`KnownError::in_har`]).
pub fn find_in_page(html: &str) -> Option<&'static KnownError> {
    if !may_appear_in(html.as_bytes()) {
        return None;
    }
    let page = normalize(html);
    KNOWN.iter().filter(|known| known.in_har).find(|known| {
        known
            .all_phrases()
            .any(|phrase| phrase_in(&page, &normalize(phrase)))
    })
}

/// Whether `phrase` (with `...` gaps) occurs in `text`, its pieces in order.
fn phrase_in(text: &str, phrase: &str) -> bool {
    let mut rest = text;
    for piece in phrase.split("...").map(str::trim).filter(|p| !p.is_empty()) {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// ASCII lower case, one space for any run of whitespace (a no-break space included),
/// typographic and HTML-escaped apostrophes as `'`. Byte by byte: pages can be large,
/// and the catalogue is ASCII, so other characters are copied as they are.
fn normalize(text: &str) -> String {
    let text = text
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&rsquo;", "'")
        .replace("&nbsp;", " ");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut space = false;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let next = |offset: usize| bytes.get(at + offset).copied();
        let (mapped, width) = match byte {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => (None, 1),
            0xC2 if next(1) == Some(0xA0) => (None, 2),
            0xE2 if next(1) == Some(0x80) && matches!(next(2), Some(0x98 | 0x99)) => {
                (Some(b'\''), 3)
            }
            b'`' => (Some(b'\''), 1),
            other => (Some(other.to_ascii_lowercase()), 1),
        };
        at += width;
        let Some(mapped) = mapped else {
            space = true;
            continue;
        };
        if space && !out.is_empty() {
            out.push(b' ');
        }
        space = false;
        out.push(mapped);
    }
    // Only whole ASCII characters and sequences were replaced, so this holds UTF-8.
    String::from_utf8(out)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_matches_long_partial_and_odd_case() {
        let table: &[(&str, Option<&str>)] = &[
            (
                "Error: Your request included an invalid SAML response. To logout, click here.",
                Some("Your request included an invalid SAML response"),
            ),
            (
                "invalid SAML   response",
                Some("Your request included an invalid SAML response"),
            ),
            (
                "ROLESESSIONNAME IS REQUIRED IN AUTHNRESPONSE",
                Some("RoleSessionName is required in AuthnResponse"),
            ),
            (
                "It\u{2019}s not you, it\u{2019}s us",
                Some("It's not you, it is us"),
            ),
            (
                "Access Denied: user jdoe has not been onboarded to this application",
                Some("Access Denied ... has not been onboarded"),
            ),
            (
                "An error occurred (AccessDenied) when calling the AssumeRoleWithSAML operation: Not authorized to perform sts:AssumeRoleWithSAML",
                Some("Not authorized to perform sts:AssumeRoleWithSAML"),
            ),
            ("error", None),
            ("SAML", None),
            ("the printer is on fire", None),
            ("", None),
        ];
        for (text, expected) in table {
            let found = lookup(text, ErrorTextSource::User);
            assert_eq!(found.known, *expected, "{text:?}");
            assert_eq!(found.rules.is_empty(), expected.is_none(), "{text:?}");
        }
    }

    #[test]
    fn every_rule_pattern_names_known_rules() {
        for known in KNOWN {
            for phrase in known.all_phrases().filter(|_| known.in_har) {
                assert!(
                    ANCHORS
                        .iter()
                        .any(|anchor| normalize(phrase).contains(anchor)),
                    "{phrase:?} holds no anchor"
                );
            }
            for pattern in known.rules {
                let prefix = pattern.trim_end_matches('*');
                assert!(
                    RuleId::ALL.iter().any(|id| id.as_str().starts_with(prefix)),
                    "{pattern}"
                );
            }
            assert_eq!(
                lookup(known.text, ErrorTextSource::User).known,
                Some(known.text)
            );
        }
        let invalid = lookup(
            "Your request included an invalid SAML response",
            ErrorTextSource::User,
        );
        assert_eq!(invalid.rules.first(), Some(&RuleId::AwsRolePresent));
        assert!(invalid.rules.contains(&RuleId::CoreSigValid));
        assert!(!invalid.rules.contains(&RuleId::CoreIssuer));
    }

    #[test]
    fn pages_are_searched_for_distinctive_texts_only() {
        let page = "<html><body><h1>Error</h1><p>Your request included an invalid SAML response. To logout, click <a href=\"/logout\">here</a>.</p></body></html>";
        assert_eq!(
            find_in_page(page).map(|known| known.text),
            Some("Your request included an invalid SAML response")
        );
        assert_eq!(
            find_in_page("<p>It&#39;s not you, it is us</p>").map(|known| known.text),
            Some("It's not you, it is us")
        );
        assert!(find_in_page("<p>Session Expired</p>").is_none());
        assert!(find_in_page("<p>Welcome</p>").is_none());
        assert!(find_in_page("<p>Response\n  SIGNATURE&nbsp;invalid</p>").is_some());
        assert!(!may_appear_in(b"<p>Welcome back</p>"));
        assert!(may_appear_in(b"<p>AuthnRESPONSE \\u0027x\\u0027</p>"));
    }
}
