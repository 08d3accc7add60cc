//! Redaction: a report and a HAR users can send to support, still showing why the
//! login failed.
//!
//! This module owns the redaction [`Policy`] (a safe default with named toggles), the
//! [`Redactor`] that finds what to remove and replaces it with consistent,
//! shape-preserving pseudonyms ([`pseudonym`]), the [`Receipt`] of what was replaced,
//! what could not be read and what was kept on purpose, and the exports ([`export`]:
//! Markdown, JSON, HTML, text; [`har`]: the sanitized HAR).
//!
//! It works from an allowlist and fails closed. A field redaction understands is kept or
//! pseudonymised by its own rule: a NameID or an attribute value always becomes a
//! pseudonym; a timestamp, an XML ID, an HTTP method, a well-formed Role ARN pair or
//! SessionDuration is kept when it has that shape; a URL keeps its scheme, host and port,
//! its path, query and fragment go word by word ([`url`]); every other value (an issuer,
//! an attribute's name, a status message, a certificate's names, a header, a file name,
//! an element or field redaction has no rule for) keeps only the protocol words in it
//! ([`words`]). What cannot be read at all is never passed through: XML that is not
//! well-formed is pseudonymised word by word, a SAML value that does not decode, a body
//! of a type or encoding redaction does not read, binary data, a WebSocket binary frame
//! are dropped whole, and the receipt lists each, with where and why ([`UnreadLine`]).
//!
//! Findings are computed before redaction, on the real values; [`redact_report`] then
//! replaces every redacted value wherever it occurs in the report (message fields, the
//! XML, finding titles, details and fixes, next steps, URLs), longest value first,
//! matching ASCII case-insensitively and in the escaped forms the renderers print
//! (`text::quote`, XML escaping, percent-encoding). Texts made from what
//! could not be read (a decoding error that quotes the first bytes of a value, a note
//! that quotes a HAR field) have every quoted part pseudonymised word by word.
//!
//! Kept on purpose: structure, element and attribute names, hosts, the protocols' own
//! words (algorithm, format and status URIs), times, message and assertion IDs,
//! certificates' fingerprints and validity, finding ids and texts, the Role attribute's
//! ARNs when well-formed (role and provider names name configuration, not a person, and
//! support needs them to compare with the trust policy), SessionDuration, and by default
//! AWS account ids (support needs them; a toggle redacts them as 12 digits).

pub mod export;
pub mod har;
pub mod pseudonym;
pub mod url;
pub mod words;
pub mod xml;

use crate::report::Report;
use pseudonym::Pseudonyms;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use crate::input::export::{REDACTED_SIGNATURE, is_redacted_signature};

/// What replaces a SAML message in a URL of a redacted report (the sanitized HAR
/// carries the redacted message re-encoded instead).
pub const REDACTED_SAML: &str = "REDACTED-SAML-MESSAGE";

/// What to replace. [`Policy::default`] is the safe default the page and `--redact`
/// use: everything on except `account_ids`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Policy {
    /// NameID values (and SPProvidedID).
    pub name_ids: bool,
    /// E-mail addresses wherever they appear as a value.
    pub emails: bool,
    /// User names: attributes named like a user name, `--expect username=`.
    pub user_names: bool,
    pub role_session_names: bool,
    pub source_identities: bool,
    /// Every other attribute value, except the structural ones kept on purpose
    /// ([`KEPT_ATTRIBUTES`]).
    pub attribute_values: bool,
    /// AWS account ids (default: kept, since support needs them).
    pub account_ids: bool,
    pub ip_addresses: bool,
    /// Cookie values, `Cookie` and `Set-Cookie`.
    pub cookies: bool,
    /// `Authorization` and other credential headers.
    pub credential_headers: bool,
    /// Bearer and session tokens, SessionIndex, query parameters, form fields and JSON
    /// fields that carry secrets.
    pub tokens: bool,
    /// `SignatureValue`, `DigestValue` and the Redirect binding's `Signature`.
    pub signatures: bool,
    /// SAML messages in URLs and bodies (the sanitized HAR re-encodes the redacted one).
    pub raw_saml: bool,
    /// RelayState values that are not URLs (a URL keeps its structure; its query is
    /// redacted like any other).
    pub relay_state: bool,
    /// Names and identifiers outside the protocols' vocabulary ([`words`]): URL path
    /// words, issuers, attribute names, status messages, certificate names, file names,
    /// custom header names.
    #[serde(default = "on")]
    pub identifiers: bool,
}

fn on() -> bool {
    true
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            name_ids: true,
            emails: true,
            user_names: true,
            role_session_names: true,
            source_identities: true,
            attribute_values: true,
            account_ids: false,
            ip_addresses: true,
            cookies: true,
            credential_headers: true,
            tokens: true,
            signatures: true,
            raw_saml: true,
            relay_state: true,
            identifiers: true,
        }
    }
}

impl Policy {
    /// Every toggle: (name, label, current value), for the page and the receipt.
    pub fn toggles(&self) -> [(&'static str, &'static str, bool); 15] {
        [
            ("name_ids", "NameID values", self.name_ids),
            ("emails", "e-mail addresses", self.emails),
            ("user_names", "user names", self.user_names),
            (
                "role_session_names",
                "RoleSessionName",
                self.role_session_names,
            ),
            (
                "source_identities",
                "SourceIdentity",
                self.source_identities,
            ),
            (
                "attribute_values",
                "other attribute values",
                self.attribute_values,
            ),
            ("account_ids", "AWS account ids", self.account_ids),
            ("ip_addresses", "IP addresses", self.ip_addresses),
            ("cookies", "cookies and Set-Cookie", self.cookies),
            (
                "credential_headers",
                "Authorization and credential headers",
                self.credential_headers,
            ),
            (
                "tokens",
                "bearer/session tokens, secret query, form and JSON fields",
                self.tokens,
            ),
            (
                "signatures",
                "SignatureValue and DigestValue",
                self.signatures,
            ),
            ("raw_saml", "raw (base64) SAML messages", self.raw_saml),
            ("relay_state", "RelayState tokens", self.relay_state),
            (
                "identifiers",
                "names outside the SAML vocabulary: URL paths, issuers, attribute names, status messages, certificate names, file names",
                self.identifiers,
            ),
        ]
    }

    /// Sets the toggle called `name`; `false` when there is no such toggle.
    pub fn set(&mut self, name: &str, value: bool) -> bool {
        let field = match name {
            "name_ids" => &mut self.name_ids,
            "emails" => &mut self.emails,
            "user_names" => &mut self.user_names,
            "role_session_names" => &mut self.role_session_names,
            "source_identities" => &mut self.source_identities,
            "attribute_values" => &mut self.attribute_values,
            "account_ids" => &mut self.account_ids,
            "ip_addresses" => &mut self.ip_addresses,
            "cookies" => &mut self.cookies,
            "credential_headers" => &mut self.credential_headers,
            "tokens" => &mut self.tokens,
            "signatures" => &mut self.signatures,
            "raw_saml" => &mut self.raw_saml,
            "relay_state" => &mut self.relay_state,
            "identifiers" => &mut self.identifiers,
            _ => return false,
        };
        *field = value;
        true
    }

    fn allows(&self, category: Category) -> bool {
        match category {
            Category::NameId => self.name_ids,
            Category::Email => self.emails,
            Category::UserName => self.user_names,
            Category::RoleSessionName => self.role_session_names,
            Category::SourceIdentity => self.source_identities,
            Category::AttributeValue => self.attribute_values,
            Category::AccountId => self.account_ids,
            Category::IpAddress => self.ip_addresses,
            Category::Cookie => self.cookies,
            Category::CredentialHeader => self.credential_headers,
            Category::Token
            | Category::Comment
            | Category::Body
            | Category::Header
            | Category::Extension => self.tokens,
            Category::Signature | Category::KeyMaterial => self.signatures,
            Category::Identifier | Category::PathWord | Category::CertificateName => {
                self.identifiers
            }
            Category::RawSaml => self.raw_saml,
            Category::RelayState => self.relay_state,
        }
    }
}

/// The AWS attributes whose values are kept on purpose when they have the shape AWS
/// expects ([`kept_attribute_value`]), with the reason; any other value of theirs is
/// pseudonymised like every attribute value.
pub const KEPT_ATTRIBUTES: &[(&str, &str)] = &[
    (
        "https://aws.amazon.com/SAML/Attributes/Role",
        "role and provider ARNs name configuration, not a person; support compares them with the trust policy (account ids follow the account-id toggle)",
    ),
    (
        "https://aws.amazon.com/SAML/Attributes/SessionDuration",
        "a number of seconds",
    ),
];

/// Whether `value` of the kept attribute `name` has the shape that makes it kept: a
/// Role value is role and provider ARNs separated by a comma (spaces around them kept,
/// they are what a finding may be about); SessionDuration is a number.
pub fn kept_attribute_value(name: &str, value: &str) -> bool {
    match name {
        "https://aws.amazon.com/SAML/Attributes/Role" => {
            !value.trim().is_empty() && value.split(',').all(|part| is_iam_arn(part.trim()))
        }
        "https://aws.amazon.com/SAML/Attributes/SessionDuration" => {
            let value = value.trim();
            (1..=6).contains(&value.len()) && value.bytes().all(|byte| byte.is_ascii_digit())
        }
        _ => false,
    }
}

/// `arn:<partition>:iam::<12 digits>:role/<path and name>` or `...:saml-provider/<name>`,
/// in the characters IAM allows in those names.
fn is_iam_arn(text: &str) -> bool {
    let mut parts = text.splitn(6, ':');
    let (Some("arn"), Some(partition), Some("iam"), Some(""), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let name = resource
        .strip_prefix("role/")
        .or_else(|| resource.strip_prefix("saml-provider/"));
    ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"].contains(&partition)
        && account.len() == 12
        && account.bytes().all(|byte| byte.is_ascii_digit())
        && name.is_some_and(|name| {
            (1..=512).contains(&name.len())
                && name.chars().all(|c| pseudonym::is_plain(c) || c == '/')
        })
}

/// What the report and the sanitized HAR keep on purpose (the receipt lists it).
pub const KEPT: &[&str] = &[
    "structure, element and attribute names",
    "hosts and ports of URLs (their paths, queries and fragments redacted word by word)",
    "the SAML, XML-DSig, HTTP and AWS protocol words in names and URIs (algorithms, formats, status codes); every other word is a pseudonym",
    "times, message and assertion IDs",
    "certificates' fingerprints, serial numbers, keys and validity (their subject and issuer names redacted)",
    "finding ids and texts (their values redacted with the same pseudonyms)",
    "the Role attribute's ARNs and SessionDuration, when well-formed",
];

/// A kind of redacted value, as the receipt counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    NameId,
    Email,
    UserName,
    RoleSessionName,
    SourceIdentity,
    AttributeValue,
    AccountId,
    IpAddress,
    Cookie,
    CredentialHeader,
    Token,
    Signature,
    RawSaml,
    RelayState,
    Comment,
    Body,
    Identifier,
    PathWord,
    CertificateName,
    KeyMaterial,
    Header,
    Extension,
}

impl Category {
    pub fn label(self) -> &'static str {
        match self {
            Category::NameId => "NameID values",
            Category::Email => "e-mail addresses",
            Category::UserName => "user names",
            Category::RoleSessionName => "RoleSessionName values",
            Category::SourceIdentity => "SourceIdentity values",
            Category::AttributeValue => "attribute values",
            Category::AccountId => "AWS account ids",
            Category::IpAddress => "IP addresses",
            Category::Cookie => "cookies",
            Category::CredentialHeader => "credential headers",
            Category::Token => "tokens, secret query/form/JSON values",
            Category::Signature => "signature and digest values",
            Category::RawSaml => "raw SAML messages",
            Category::RelayState => "RelayState tokens",
            Category::Comment => "HAR comments",
            Category::Body => "opaque body content",
            Category::Identifier => "words of names outside the SAML vocabulary",
            Category::PathWord => "words of URL paths",
            Category::CertificateName => "certificate subject and issuer names",
            Category::KeyMaterial => "certificates and key values in the XML",
            Category::Header => "custom HTTP header values",
            Category::Extension => "HAR extension fields and WebSocket frames",
        }
    }
}

/// What a redaction replaced and kept: appended to every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The policy applied.
    pub policy: Policy,
    /// Distinct values replaced, by category (categories with none are left out).
    pub replaced: Vec<ReceiptLine>,
    /// What could not be read, and so was dropped whole or pseudonymised word by word.
    pub unread: Vec<UnreadLine>,
    /// What was kept on purpose, and why.
    pub kept: Vec<String>,
    /// How the tokens were made.
    pub method: &'static str,
}

/// One category of the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptLine {
    pub category: Category,
    pub label: &'static str,
    /// Distinct values replaced.
    pub count: usize,
}

/// Something redaction could not read, where, why, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnreadLine {
    /// What it was: "SAMLResponse value", "request body", "XML of the message".
    pub what: String,
    /// Where: "message 2 (input 1, request 4)", "request 5"; at most
    /// [`MAX_UNREAD_PLACES`], then `more`.
    pub places: Vec<String>,
    /// How many places were left out of `places`.
    pub more: usize,
    /// Why it could not be read, in our words (never its content).
    pub reason: String,
    pub action: UnreadAction,
}

/// What became of what could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnreadAction {
    /// Replaced whole by a marker: nothing of it is in the output.
    DroppedWhole,
    /// Kept as text with every word outside the protocols' vocabulary pseudonymised
    /// ([`words`]), so its shape (where it was cut, say) still shows.
    PseudonymisedWordByWord,
}

impl UnreadAction {
    pub fn label(self) -> &'static str {
        match self {
            UnreadAction::DroppedWhole => "dropped whole",
            UnreadAction::PseudonymisedWordByWord => "pseudonymised word by word",
        }
    }
}

/// Places listed per line of [`Receipt::unread`]; a HAR can have thousands of bodies
/// dropped for the same reason, and the receipt says how many more there were.
pub const MAX_UNREAD_PLACES: usize = 20;

/// Shortest value replaced wherever it occurs in free text; shorter ones (and the
/// words below) are replaced only in the fields they were found in, because replacing
/// `yes` or `42` everywhere would garble the report without protecting anyone.
const MIN_FREE_TEXT: usize = 4;
const COMMON_WORDS: &[&str] = &["true", "false", "null", "none", "yes", "no"];

/// How a secret appears in text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    /// The whole value (whitespace included) in `quote`'s double quotes.
    QuotedFull(String),
    /// As is (matched ASCII case-insensitively; the token takes the match's case).
    Raw,
    /// Inside `text::quote`'s double quotes (Rust string escapes).
    Quoted,
    /// XML-escaped.
    Xml,
    /// Percent-encoded (`%40`), as in URLs.
    Percent,
    /// Percent-encoded with `+` for space, as in form bodies.
    PlusEncoded,
    /// JSON-escaped, as in a JSON body inside a HAR string.
    Json,
}

#[derive(Debug, Clone)]
struct Pattern {
    /// The form as it appears, ASCII lower-cased.
    needle: String,
    form: Form,
    secret: usize,
}

/// Finds the values to remove and replaces them, consistently, wherever they occur.
#[derive(Debug, Clone)]
pub struct Redactor {
    pub policy: Policy,
    pseudonyms: Pseudonyms,
    /// Distinct secrets; index = secret id.
    secrets: Vec<Secret>,
    known: BTreeMap<String, usize>,
    /// Every pattern, in the order registered.
    patterns: Vec<Pattern>,
    /// The needles of [`Form::QuotedFull`] patterns already registered.
    quoted_needles: BTreeSet<String>,
    /// Every needle, with the first pattern registered that has it; kept up to date as
    /// patterns are added, so registering between two replacements costs one insert,
    /// not a new index of every pattern.
    needles: HashMap<Vec<u8>, usize, FastHash>,
    /// By the first three bytes of a needle (every needle has at least three), the
    /// lengths of the needles that start so, longest first: at each place of a text only
    /// those lengths are looked up, so a text is scanned once, in time that does not
    /// grow with the number of secrets sharing a prefix.
    lengths: HashMap<[u8; 3], Vec<usize>, FastHash>,
    /// Extra counts that are not values in the secret list (whole bodies, comments).
    extra: BTreeMap<Category, BTreeSet<String>>,
    /// What could not be read: (what, reason, action) → places, and how many more.
    unread: BTreeMap<(String, String, UnreadAction), (Vec<String>, usize)>,
}

/// One secret: its original text (trimmed), category, whether the receipt counts it
/// (the local part of a known e-mail address is not counted again), and what replaces
/// it when that is not its token (a value redacted word by word).
#[derive(Debug, Clone)]
struct Secret {
    value: String,
    category: Category,
    counted: bool,
    replacement: Option<String>,
}

impl Redactor {
    pub fn new(policy: Policy, salt: &[u8]) -> Redactor {
        Redactor {
            policy,
            pseudonyms: Pseudonyms::new(salt),
            secrets: Vec::new(),
            known: BTreeMap::new(),
            patterns: Vec::new(),
            quoted_needles: BTreeSet::new(),
            needles: HashMap::default(),
            lengths: HashMap::default(),
            extra: BTreeMap::new(),
            unread: BTreeMap::new(),
        }
    }

    /// The token for `value` (no registration).
    pub fn token(&self, value: &str) -> String {
        self.pseudonyms.token(value)
    }

    /// Registers `value` as a secret of `category` (when the policy redacts that
    /// category) and returns what replaces it: its token, or `value` itself when kept.
    pub fn secret(&mut self, value: &str, category: Category) -> String {
        if !self.policy.allows(category) || value.trim().is_empty() {
            return value.to_owned();
        }
        let core = value.trim();
        self.register(core, category, true, true);
        self.register_quoted(value);
        // The whitespace-trimmed value is the secret; the parts of an e-mail address
        // too, so `jdoe` alone is caught once `jdoe@example.com` is known.
        if let Some((local, _)) = core.split_once('@')
            && self.policy.allows(Category::Email)
        {
            self.register(local, category, false, true);
        }
        self.token(value)
    }

    /// Registers one word pseudonymised by [`words`] and returns its token. The word is
    /// looked for elsewhere only when it is distinctive (a digit, `@`, `_`, `.`, a
    /// letter of another script, a capital inside it, or 12 characters or more): a
    /// plain word such as `user` or `this` from a status message would otherwise be
    /// replaced in every sentence of the report. The whole value it came from is looked
    /// for elsewhere too ([`Redactor::value_redacted_as`]).
    pub fn word(&mut self, word: &str, category: Category) -> String {
        if !self.policy.allows(category) || word.trim().is_empty() {
            return word.to_owned();
        }
        let distinctive = word.len() >= 12
            || word.chars().skip(1).any(|c| c.is_ascii_uppercase())
            || word
                .chars()
                .any(|c| c.is_ascii_digit() || matches!(c, '@' | '_' | '.') || !c.is_ascii());
        self.register(word, category, true, distinctive);
        self.token(word)
    }

    /// Registers `value` (not counted) as replaced by `replacement` wherever it occurs
    /// whole: a value redacted word by word, quoted whole by a finding.
    pub fn value_redacted_as(&mut self, value: &str, replacement: &str) {
        let core = value.trim();
        if core == replacement.trim() || core.len() < MIN_FREE_TEXT {
            return;
        }
        let lower = core.to_ascii_lowercase();
        if self.known.contains_key(&lower) {
            return;
        }
        let id = self.secrets.len();
        self.secrets.push(Secret {
            value: core.to_owned(),
            category: Category::Identifier,
            counted: false,
            replacement: Some(replacement.trim().to_owned()),
        });
        self.known.insert(lower, id);
        self.add_patterns(core, id);
    }

    /// Records that `what` at `place` could not be read (`reason`, in our words) and
    /// what became of it.
    pub fn unreadable(&mut self, what: &str, place: &str, reason: &str, action: UnreadAction) {
        let (places, more) = self
            .unread
            .entry((what.to_owned(), reason.to_owned(), action))
            .or_default();
        if places.iter().any(|known| known == place) {
            return;
        }
        if places.len() < MAX_UNREAD_PLACES {
            places.push(place.to_owned());
        } else {
            *more += 1;
        }
    }

    /// Registers a secret replaced by a fixed marker rather than a token (signature
    /// values, whole SAML messages); counted in the receipt.
    pub fn count(&mut self, value: &str, category: Category) {
        self.extra
            .entry(category)
            .or_default()
            .insert(hex_digest(value));
    }

    /// A value as `text::quote` shows it, quotes included: distinctive enough
    /// to replace even when the value is short.
    fn register_quoted(&mut self, value: &str) {
        let Some(&id) = self.known.get(&value.trim().to_ascii_lowercase()) else {
            return;
        };
        let needle = crate::text::quote(value).to_ascii_lowercase();
        if self.quoted_needles.insert(needle.clone()) {
            self.push_pattern(Pattern {
                needle,
                form: Form::QuotedFull(value.to_owned()),
                secret: id,
            });
        }
    }

    fn register(&mut self, core: &str, category: Category, counted: bool, free_text: bool) {
        let lower = core.to_ascii_lowercase();
        if let Some(&id) = self.known.get(&lower) {
            self.secrets[id].counted |= counted;
            return;
        }
        let id = self.secrets.len();
        self.secrets.push(Secret {
            value: core.to_owned(),
            category,
            counted,
            replacement: None,
        });
        self.known.insert(lower.clone(), id);
        if !free_text
            || core.len() < MIN_FREE_TEXT
            || COMMON_WORDS.contains(&lower.as_str())
            || (core.len() < 6 && core.bytes().all(|byte| byte.is_ascii_digit()))
        {
            return;
        }
        self.add_patterns(core, id);
    }

    /// The forms in which secret `id` is looked for in free text.
    fn add_patterns(&mut self, core: &str, id: usize) {
        if core
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_'))
        {
            // Every form of such a value is the value itself.
            self.push_pattern(Pattern {
                needle: core.to_ascii_lowercase(),
                form: Form::Raw,
                secret: id,
            });
            return;
        }
        let forms = [
            (Form::Raw, core.to_owned()),
            (Form::Quoted, quoted(core)),
            (Form::Xml, xml_escape(core)),
            (Form::Percent, url::percent_encode(core, false)),
            (Form::PlusEncoded, url::percent_encode(core, true)),
            (Form::Json, json_inner(core)),
        ];
        let mut seen = BTreeSet::new();
        for (form, text) in forms {
            let needle = text.to_ascii_lowercase();
            if needle.len() >= 3 && seen.insert(needle.clone()) {
                self.push_pattern(Pattern {
                    needle,
                    form,
                    secret: id,
                });
            }
        }
    }

    /// Adds a pattern and indexes its needle: the first pattern with a needle keeps it,
    /// and its trigram's lengths stay distinct and longest first.
    fn push_pattern(&mut self, pattern: Pattern) {
        let number = self.patterns.len();
        let needle = pattern.needle.as_bytes();
        if let Some(key) = trigram(needle, 0)
            && !self.needles.contains_key(needle)
        {
            self.needles.insert(needle.to_vec(), number);
            let lengths = self.lengths.entry(key).or_default();
            if let Err(at) = lengths.binary_search_by(|length| needle.len().cmp(length)) {
                lengths.insert(at, needle.len());
            }
        }
        self.patterns.push(pattern);
    }

    /// Replaces every registered secret in `text`, longest first, and IP addresses.
    pub fn replace(&mut self, text: &str) -> String {
        let replaced = self.replace_secrets(text);
        if self.policy.ip_addresses {
            self.replace_ips(&replaced)
        } else {
            replaced
        }
    }

    fn replace_secrets(&self, text: &str) -> String {
        if self.patterns.is_empty() {
            return text.to_owned();
        }
        let haystack = text.to_ascii_lowercase();
        // Claimed byte ranges, with what replaces them.
        let mut claims: Vec<(usize, usize, String)> = Vec::new();
        // Which bytes a longer pattern already took.
        let mut claimed = vec![false; text.len()];
        // Every match, by needle (longest first, then in byte order), then position.
        let bytes = haystack.as_bytes();
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for position in 0..bytes.len() {
            let Some(lengths) = trigram(bytes, position).and_then(|key| self.lengths.get(&key))
            else {
                continue;
            };
            for &length in lengths {
                let Some(candidate) = bytes.get(position..position + length) else {
                    continue;
                };
                if let Some(&number) = self.needles.get(candidate) {
                    matches.push((number, position));
                }
            }
        }
        matches.sort_unstable_by(|&(a, at_a), &(b, at_b)| {
            let (a, b) = (&self.patterns[a].needle, &self.patterns[b].needle);
            b.len()
                .cmp(&a.len())
                .then_with(|| a.cmp(b))
                .then(at_a.cmp(&at_b))
        });
        for (number, start) in matches {
            let pattern = &self.patterns[number];
            let end = start + pattern.needle.len();
            if claimed[start..end].iter().any(|taken| *taken) {
                continue;
            }
            claimed[start..end]
                .iter_mut()
                .for_each(|taken| *taken = true);
            let secret = &self.secrets[pattern.secret];
            let token = match &secret.replacement {
                Some(replacement) => replacement.clone(),
                None => self.token(&secret.value),
            };
            let replacement = match &pattern.form {
                Form::QuotedFull(value) => crate::text::quote(&self.token(value)),
                Form::Raw if secret.replacement.is_some() || text[start..end] == secret.value => {
                    token.clone()
                }
                Form::Raw => self.token(&text[start..end]),
                Form::Quoted => quoted(&token),
                Form::Xml => xml_escape(&token),
                Form::Percent => url::percent_encode(&token, false),
                Form::PlusEncoded => url::percent_encode(&token, true),
                Form::Json => json_inner(&token),
            };
            claims.push((start, end, replacement));
        }
        if claims.is_empty() {
            return text.to_owned();
        }
        claims.sort_by_key(|(start, _, _)| *start);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, replacement) in claims {
            out.push_str(&text[at..start]);
            out.push_str(&replacement);
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Replaces IPv4 addresses found in running text (documentation ranges excepted,
    /// which is what tokens are made of).
    fn replace_ips(&mut self, text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let mut index = 0;
        while index < bytes.len() {
            let boundary =
                index == 0 || !(bytes[index - 1].is_ascii_digit() || bytes[index - 1] == b'.');
            if !(boundary && bytes[index].is_ascii_digit()) {
                index += 1;
                continue;
            }
            let mut end = index;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
                end += 1;
            }
            let mut candidate = &text[index..end];
            candidate = candidate.trim_end_matches('.');
            let end = index + candidate.len();
            if candidate.parse::<std::net::Ipv4Addr>().is_ok() && !is_documentation(candidate) {
                out.push_str(&text[at..index]);
                // Counted, not registered: the scan finds every other occurrence, and
                // registering here would re-index the patterns for every text.
                self.count(candidate, Category::IpAddress);
                out.push_str(&self.token(candidate));
                at = end;
            }
            index = end.max(index + 1);
        }
        out.push_str(&text[at..]);
        out
    }

    /// The receipt so far.
    pub fn receipt(&self) -> Receipt {
        let mut counts: BTreeMap<Category, usize> = BTreeMap::new();
        for secret in self.secrets.iter().filter(|secret| secret.counted) {
            *counts.entry(secret.category).or_default() += 1;
        }
        for (category, values) in &self.extra {
            *counts.entry(*category).or_default() += values.len();
        }
        let mut kept: Vec<String> = KEPT.iter().map(|line| (*line).to_owned()).collect();
        if !self.policy.account_ids {
            kept.push(
                "AWS account ids (support needs them; the account-id toggle redacts them)"
                    .to_owned(),
            );
        }
        for (_, name, on) in self.policy.toggles() {
            if !on && name != "AWS account ids" {
                kept.push(format!("{name} (toggle off)"));
            }
        }
        let unread = self
            .unread
            .iter()
            .map(|((what, reason, action), (places, more))| UnreadLine {
                what: what.clone(),
                places: places.clone(),
                more: *more,
                reason: reason.clone(),
                action: *action,
            })
            .collect();
        Receipt {
            policy: self.policy,
            unread,
            replaced: counts
                .into_iter()
                .map(|(category, count)| ReceiptLine {
                    category,
                    label: category.label(),
                    count,
                })
                .collect(),
            kept,
            method: "consistent pseudonyms: HMAC-SHA256 with a salt chosen for this export, keeping whitespace, letter case, length bucket, e-mail form and characters outside [a-zA-Z0-9_+=,.@-] (letters of other scripts become Greek letters)",
        }
    }
}

/// FxHash (the Rust compiler's hasher, from `rustc-hash`): the matcher hashes a slice
/// at nearly every place of every text, where SipHash's resistance to chosen keys buys
/// nothing (the keys are the secrets of the report being redacted) and costs most of
/// the time. Version 2 mixes the bytes into the bits the table indexes by; a hand-rolled
/// FxHash without that final mix put thousands of similar values ("value 1 for this
/// user", "value 2 …") in the same buckets, and redacting 60,000 attributes took
/// seconds of comparisons.
type FastHash = rustc_hash::FxBuildHasher;

/// The three bytes at `position`, if there are three.
fn trigram(bytes: &[u8], position: usize) -> Option<[u8; 3]> {
    bytes.get(position..position + 3)?.try_into().ok()
}

fn is_documentation(address: &str) -> bool {
    ["192.0.2.", "198.51.100.", "203.0.113.", "127.", "0."]
        .iter()
        .any(|prefix| address.starts_with(prefix))
}

/// `text::quote` without the surrounding quotes.
fn quoted(value: &str) -> String {
    let quoted = crate::text::quote(value);
    quoted[1..quoted.len() - 1].to_owned()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn json_inner(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_default();
    json.get(1..json.len().saturating_sub(1))
        .unwrap_or_default()
        .to_owned()
}

fn hex_digest(value: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(value.as_bytes())
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A redacted report with its receipt.
#[derive(Debug, Clone)]
pub struct Redacted {
    /// The report with every redacted value replaced. `details` (the full typed model)
    /// is dropped here; [`export::json`] carries a redacted copy of it instead.
    pub report: Report,
    /// The redacted `details` of each message, as JSON.
    pub details: Vec<serde_json::Value>,
    pub receipt: Receipt,
    /// The redactor, holding every secret found (the sanitized HAR reuses it).
    pub redactor: Redactor,
}

/// Redacts `report` with `policy`; tokens are keyed by `salt`.
pub fn redact_report(report: &Report, policy: Policy, salt: &[u8]) -> Redacted {
    let mut redactor = Redactor::new(policy, salt);
    let mut redacted = report.clone();
    collect(&mut redactor, &mut redacted);
    let details = apply(&mut redactor, &mut redacted);
    let receipt = redactor.receipt();
    Redacted {
        report: redacted,
        details,
        receipt,
        redactor,
    }
}

/// Which category an attribute's values belong to (values of [`KEPT_ATTRIBUTES`] of
/// the right shape are kept: [`kept_attribute_value`]).
fn attribute_category(name: &str) -> Category {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("/rolesessionname") {
        return Category::RoleSessionName;
    }
    if lower.ends_with("/sourceidentity") {
        return Category::SourceIdentity;
    }
    if ["user", "login", "uid", "upn", "samaccountname", "name"]
        .iter()
        .any(|word| lower.contains(word))
    {
        return Category::UserName;
    }
    Category::AttributeValue
}

fn value_category(value: &str, category: Category) -> Category {
    let core = value.trim();
    if core.contains('@') && core.contains('.') && !core.contains(' ') {
        return Category::Email;
    }
    category
}

/// An attribute value: kept when the attribute is kept on purpose and the value has
/// its shape (account ids registered when the policy redacts them), a pseudonym
/// otherwise.
fn attribute_value(redactor: &mut Redactor, name: &str, value: &str) -> String {
    if kept_attribute_value(name, value) {
        if redactor.policy.account_ids {
            for account in account_ids(value) {
                redactor.secret(&account, Category::AccountId);
            }
        }
        return value.to_owned();
    }
    let category = value_category(value, attribute_category(name));
    redactor.secret(value, category)
}

/// Where a message was found, for the receipt, numbered as people count:
/// `message 2 (input 1, request 4, SAMLResponse)`.
fn message_place(number: usize, message: &crate::report::MessageReport) -> String {
    let origin = &message.origin;
    let mut place = format!(
        "message {number} (input {}",
        crate::input::input_number(origin.input)
    );
    if let Some(entry) = origin.har_entry {
        place.push_str(&format!(
            ", request {}",
            crate::input::request_number(entry)
        ));
    }
    if let Some(parameter) = origin.parameter {
        place.push_str(", ");
        place.push_str(parameter);
    }
    place.push(')');
    place
}

/// A certificate's names: subject and issuer redacted as distinguished names; its
/// fingerprints, serial, key and validity kept.
fn certificate(redactor: &mut Redactor, certificate: &mut crate::cert::CertificateInfo) {
    certificate.subject = words::distinguished_name(redactor, &certificate.subject);
    certificate.issuer = words::distinguished_name(redactor, &certificate.issuer);
    certificate.signature_algorithm = words::words(
        redactor,
        &certificate.signature_algorithm,
        Category::Identifier,
        words::Numbers::Small,
    );
    if let crate::cert::KeyDescription::Ec { curve: name, .. }
    | crate::cert::KeyDescription::Other { algorithm: name } = &mut certificate.key
    {
        *name = words::words(redactor, name, Category::Identifier, words::Numbers::Small);
    }
    // The DER holds the names: it is never exported, and a redacted report has no use
    // for it.
    certificate.der.clear();
}

/// An identifier (issuer, URI, name): a URL keeps its host, everything else its
/// protocol words ([`url::text`]).
fn identifier(redactor: &mut Redactor, text: &str) -> String {
    url::text(redactor, text, Category::Identifier)
}

/// Phase one: find every secret and redact, by its own rule, each field that holds one.
fn collect(redactor: &mut Redactor, report: &mut Report) {
    let expect = &mut report.expect;
    if let Some(username) = expect.username.as_mut() {
        let category = value_category(username, Category::UserName);
        *username = redactor.secret(username, category);
    }
    if let Some(account) = expect.account.as_mut() {
        *account = redactor.secret(account, Category::AccountId);
    }
    if let Some(region) = expect.region.as_mut()
        && !words::is_region(region)
    {
        *region = identifier(redactor, region);
    }
    if let Some(role) = expect.role.as_mut() {
        let name_only = !role.is_empty()
            && role.len() <= 512
            && role.chars().all(|c| pseudonym::is_plain(c) || c == '/');
        if !(name_only || role.split(',').all(|part| is_iam_arn(part.trim()))) {
            *role = identifier(redactor, role);
        }
    }
    for value in [&mut expect.audience, &mut expect.acs]
        .into_iter()
        .flatten()
    {
        *value = identifier(redactor, value);
    }
    if let Some(error_text) = report.error_text.as_mut() {
        // A text of our catalogue is ours; anything else the user typed is theirs.
        error_text.text = match error_text.known {
            Some(known) => known.to_owned(),
            None => url::text(redactor, &error_text.text, Category::Identifier),
        };
    }
    for (number, message) in report.messages.iter_mut().enumerate() {
        let place = message_place(number + 1, message);
        if let Some(subject) = message.subject.as_mut() {
            let category = value_category(&subject.name_id, Category::NameId);
            let category = if redactor.policy.name_ids && !redactor.policy.allows(category) {
                Category::NameId
            } else {
                category
            };
            subject.name_id = redactor.secret(&subject.name_id, category);
            for value in [
                &mut subject.format,
                &mut subject.name_qualifier,
                &mut subject.sp_name_qualifier,
            ]
            .into_iter()
            .flatten()
            {
                *value = identifier(redactor, value);
            }
        }
        for attribute in &mut message.attributes {
            for value in &mut attribute.values {
                *value = attribute_value(redactor, &attribute.name, value);
            }
            attribute.name = identifier(redactor, &attribute.name);
            for value in [&mut attribute.name_format, &mut attribute.friendly_name]
                .into_iter()
                .flatten()
            {
                *value = identifier(redactor, value);
            }
        }
        if let Some(relay_state) = message.relay_state.as_mut() {
            *relay_state = url::relay_state(redactor, relay_state);
        }
        if let Some(xml) = message.xml.as_mut() {
            *xml = xml::redact_message_xml(redactor, xml, &place);
        }
        for origin in std::iter::once(&mut message.origin).chain(&mut message.also_captured) {
            for url in [&mut origin.url, &mut origin.form_action]
                .into_iter()
                .flatten()
            {
                *url = url::sanitize(redactor, url, &url::SamlValues::Marker);
            }
            if let Some(method) = origin.method.as_mut() {
                *method = words::method(redactor, method);
            }
        }
        if let Some(id) = message.id.as_mut() {
            *id = words::xml_id(redactor, id);
        }
        for value in [&mut message.issuer, &mut message.destination]
            .into_iter()
            .flatten()
        {
            *value = identifier(redactor, value);
        }
        for signature in &mut message.signatures {
            signature.target = identifier(redactor, &signature.target);
            for value in [
                &mut signature.signature_method,
                &mut signature.canonicalization_method,
            ]
            .into_iter()
            .flatten()
            {
                *value = identifier(redactor, value);
            }
            for value in &mut signature.digest_methods {
                *value = identifier(redactor, value);
            }
            for value in &mut signature.reference_uris {
                *value = words::xml_id(redactor, value);
            }
            if let Some(info) = signature.certificate.as_mut() {
                certificate(redactor, info);
            }
        }
        if message.xml.is_none() && message.origin.parameter.is_some() {
            // The value never decoded: nothing of it is in the report but the URL's
            // marker and what the decoding error quotes (redacted in phase two).
            redactor.unreadable(
                "SAML value",
                &place,
                "it could not be decoded (see the finding); only the decoding error is shown, its quoted bytes pseudonymised",
                UnreadAction::DroppedWhole,
            );
        }
    }
    for input in &mut report.inputs {
        input.name = words::file_name(redactor, &input.name);
        for info in &mut input.certificates {
            certificate(redactor, info);
        }
        for entry in &mut input.flow {
            entry.url = url::sanitize(redactor, &entry.url, &url::SamlValues::Marker);
            if let Some(redirect) = entry.redirect_url.as_mut() {
                *redirect = url::sanitize(redactor, redirect, &url::SamlValues::Marker);
            }
            entry.method = words::method(redactor, &entry.method);
            entry.status_text = words::words(
                redactor,
                &entry.status_text,
                Category::Identifier,
                words::Numbers::Small,
            );
            entry.mime_type = identifier(redactor, &entry.mime_type);
        }
    }
    for trusted in &mut report.trust {
        trusted.source = words::file_name(redactor, &trusted.source);
        if let Some(info) = trusted.certificate.as_mut() {
            certificate(redactor, info);
        }
    }
}

/// Phase two: replace every secret wherever it occurs; texts made from what could not
/// be read have their quoted parts pseudonymised.
fn apply(redactor: &mut Redactor, report: &mut Report) -> Vec<serde_json::Value> {
    let replace_finding = |redactor: &mut Redactor,
                           finding: &mut crate::report::Finding,
                           unread: bool| {
        if unread {
            finding.detail = words::quoted_parts(redactor, &finding.detail, Category::Identifier);
        }
        finding.title = redactor.replace(&finding.title);
        finding.detail = redactor.replace(&finding.detail);
        finding.fix = redactor.replace(&finding.fix);
    };
    if let Some(error_text) = report.error_text.as_mut() {
        error_text.text = redactor.replace(&error_text.text);
    }
    for input in &mut report.inputs {
        input.name = redactor.replace(&input.name);
        if let Some(error) = input.error.as_mut() {
            *error = words::quoted_parts(redactor, error, Category::Identifier);
            *error = redactor.replace(error);
        }
        for finding in &mut input.findings {
            replace_finding(redactor, finding, true);
        }
        for note in &mut input.notes {
            note.message = words::quoted_parts(redactor, &note.message, Category::Identifier);
            note.message = redactor.replace(&note.message);
        }
        for entry in &mut input.flow {
            entry.url = redactor.replace(&entry.url);
            entry.status_text = redactor.replace(&entry.status_text);
            if let Some(redirect) = entry.redirect_url.as_mut() {
                *redirect = redactor.replace(redirect);
            }
        }
    }
    let mut details = Vec::with_capacity(report.messages.len());
    for message in &mut report.messages {
        for text in [
            &mut message.issuer,
            &mut message.destination,
            &mut message.relay_state,
            &mut message.xml,
            &mut message.origin.url,
            &mut message.origin.form_action,
        ]
        .into_iter()
        .flatten()
        {
            *text = redactor.replace(text);
        }
        for origin in &mut message.also_captured {
            for text in [&mut origin.url, &mut origin.form_action]
                .into_iter()
                .flatten()
            {
                *text = redactor.replace(text);
            }
        }
        if let Some(subject) = message.subject.as_mut() {
            subject.name_id = redactor.replace(&subject.name_id);
        }
        for attribute in &mut message.attributes {
            for value in &mut attribute.values {
                *value = redactor.replace(value);
            }
        }
        for signature in &mut message.signatures {
            signature.reason = redactor.replace(&signature.reason);
        }
        let unread = message.details.is_none();
        for finding in &mut message.findings {
            replace_finding(redactor, finding, unread);
        }
        for step in &mut message.next_steps {
            step.title = redactor.replace(&step.title);
            step.detail = redactor.replace(&step.detail);
            if let Some(command) = step.command.as_mut() {
                *command = redactor.replace(command);
            }
        }
        for pack in &mut message.packs {
            pack.reason = redactor.replace(&pack.reason);
        }
        if let Some(idp) = message.idp.as_mut() {
            idp.evidence = redactor.replace(&idp.evidence);
        }
        // The model, read again from the redacted XML: it holds nothing the XML does
        // not, so nothing redaction did not see.
        let model = message.xml.as_deref().and_then(|xml| {
            let document =
                crate::xml::parse(xml.as_bytes(), &crate::limits::Limits::default()).ok()?;
            Some(crate::saml::read(&document))
        });
        let mut value = serde_json::to_value(&model).unwrap_or_default();
        redact_json_strings(redactor, &mut value);
        details.push(value);
        message.details = None;
    }
    details
}

/// Replaces secrets in every string of a JSON value.
pub fn redact_json_strings(redactor: &mut Redactor, value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(text) => *text = redactor.replace(text),
        serde_json::Value::Array(items) => {
            for item in items {
                redact_json_strings(redactor, item);
            }
        }
        serde_json::Value::Object(map) => {
            for item in map.values_mut() {
                redact_json_strings(redactor, item);
            }
        }
        _ => {}
    }
}

/// The 12-digit AWS account ids in an ARN list (`arn:aws:iam::123456789012:role/x`).
pub fn account_ids(text: &str) -> Vec<String> {
    text.split([':', ',', '/'])
        .filter(|part| {
            let part = part.trim();
            part.len() == 12 && part.bytes().all(|byte| byte.is_ascii_digit())
        })
        .map(|part| part.trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacement_is_longest_first_case_insensitive_and_escaped() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let token = redactor.secret("jdoe@example.com", Category::Email);
        let jdoe = redactor.token("jdoe");
        // (text, what the replaced text must be)
        let cases = [
            (
                "user jdoe@example.com signed in".to_owned(),
                format!("user {token} signed in"),
            ),
            (
                "JDOE@EXAMPLE.COM".to_owned(),
                redactor.token("JDOE@EXAMPLE.COM"),
            ),
            ("name jdoe".to_owned(), format!("name {jdoe}")),
            (
                "q=jdoe%40example.com".to_owned(),
                format!("q={}", url::percent_encode(&token, false)),
            ),
            (
                "from 10.0.0.7 ok".to_owned(),
                format!("from {} ok", redactor.token("10.0.0.7")),
            ),
            ("nothing here".to_owned(), "nothing here".to_owned()),
        ];
        for (text, expected) in cases {
            assert_eq!(redactor.replace(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_secret_registered_after_a_replacement_is_found_longest_first() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let short = redactor.secret("alice.smith", Category::UserName);
        assert_eq!(redactor.replace("by alice.smith"), format!("by {short}"));
        // Registered between two replacements, and longer than one already indexed
        // under the same first three bytes: it must win where both match.
        let long = redactor.secret("alice.smith.admin", Category::UserName);
        let again = redactor.secret("ALICE.SMITH", Category::UserName);
        assert_eq!(again, redactor.token("ALICE.SMITH"));
        assert_eq!(
            redactor.replace("alice.smith.admin and alice.smith"),
            format!("{long} and {short}")
        );
    }

    #[test]
    fn short_and_common_values_are_only_replaced_in_place() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        redactor.secret("yes", Category::AttributeValue);
        redactor.secret("42", Category::AttributeValue);
        assert_eq!(redactor.replace("yes, 42 years"), "yes, 42 years");
    }

    #[test]
    fn toggles_keep_values() {
        let mut policy = Policy::default();
        assert!(policy.set("emails", false));
        assert!(!policy.set("colour", true));
        let mut redactor = Redactor::new(policy, b"salt");
        assert_eq!(
            redactor.secret("a@b.example", Category::Email),
            "a@b.example"
        );
        assert_ne!(redactor.secret("jdoe", Category::UserName), "jdoe");
    }

    #[test]
    fn account_ids_in_arns() {
        assert_eq!(
            account_ids(
                "arn:aws:iam::123456789012:role/R,arn:aws:iam::123456789012:saml-provider/P"
            ),
            ["123456789012", "123456789012"]
        );
    }
}
