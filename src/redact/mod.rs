//! Redaction: a report and a HAR users can send to support, still showing why the
//! login failed.
//!
//! This module owns the redaction [`Policy`] (a safe default with named toggles), the
//! [`Redactor`] that finds what to remove and replaces it with consistent,
//! shape-preserving pseudonyms ([`pseudonym`]), the [`Receipt`] of what was replaced
//! and what was kept on purpose, and the exports ([`export`]: Markdown, JSON, HTML,
//! text; [`har`]: the sanitized HAR).
//!
//! Findings are computed before redaction, on the real values; [`redact_report`] then
//! replaces every redacted value wherever it occurs in the report (message fields, the
//! XML, finding titles, details and fixes, next steps, URLs), longest value first,
//! matching ASCII case-insensitively and in the escaped forms the renderers print
//! (`report::render::quote`, XML escaping, percent-encoding).
//!
//! Kept on purpose: structure, element and attribute names, issuers, audiences,
//! destinations, algorithms, times, certificates (public facts), finding ids and texts,
//! the Role attribute's ARNs (role and provider names name configuration, not a person,
//! and support needs them to compare with the trust policy), SessionDuration, and by
//! default AWS account ids (support needs them; a toggle redacts them as 12 digits).

pub mod export;
pub mod har;
pub mod pseudonym;
pub mod url;
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
        }
    }
}

impl Policy {
    /// Every toggle: (name, label, current value), for the page and the receipt.
    pub fn toggles(&self) -> [(&'static str, &'static str, bool); 14] {
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
            Category::Token | Category::Comment | Category::Body => self.tokens,
            Category::Signature => self.signatures,
            Category::RawSaml => self.raw_saml,
            Category::RelayState => self.relay_state,
        }
    }
}

/// The AWS attributes whose values are kept on purpose, with the reason.
pub const KEPT_ATTRIBUTES: &[(&str, &str)] = &[
    (
        "https://aws.amazon.com/SAML/Attributes/Role",
        "role and provider ARNs name configuration, not a person; support compares them with the trust policy (account ids follow the account-id toggle)",
    ),
    (
        "https://aws.amazon.com/SAML/Attributes/SessionDuration",
        "a number of seconds",
    ),
    (
        "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys",
        "tag key names, not values",
    ),
];

/// What the report and the sanitized HAR keep on purpose (the receipt lists it).
pub const KEPT: &[&str] = &[
    "structure, element and attribute names",
    "issuers, audiences, destinations, ACS and sign-in URLs (their query values redacted)",
    "algorithms, times, message and assertion IDs",
    "certificates' public facts (subject, issuer, fingerprints, validity)",
    "finding ids and texts (their values redacted with the same pseudonyms)",
    "the Role attribute's ARNs, SessionDuration and TransitiveTagKeys",
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
    /// Inside `report::render::quote`'s double quotes (Rust string escapes).
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
    /// Distinct secrets (original text) with their category and whether the receipt
    /// counts it (the local part of a known e-mail address is not counted again);
    /// index = secret id.
    secrets: Vec<(String, Category, bool)>,
    known: BTreeMap<String, usize>,
    patterns: Vec<Pattern>,
    sorted: bool,
    /// The needles of [`Form::QuotedFull`] patterns already registered.
    quoted_needles: BTreeSet<String>,
    /// Patterns by the first three bytes of their needle, longest first (every needle
    /// has at least three bytes), so a text is scanned once whatever the number of
    /// secrets.
    index: HashMap<[u8; 3], Vec<usize>>,
    /// Extra counts that are not values in the secret list (whole bodies, comments).
    extra: BTreeMap<Category, BTreeSet<String>>,
}

impl Redactor {
    pub fn new(policy: Policy, salt: &[u8]) -> Redactor {
        Redactor {
            policy,
            pseudonyms: Pseudonyms::new(salt),
            secrets: Vec::new(),
            known: BTreeMap::new(),
            patterns: Vec::new(),
            sorted: true,
            quoted_needles: BTreeSet::new(),
            index: HashMap::new(),
            extra: BTreeMap::new(),
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
        self.register(core, category, true);
        self.register_quoted(value);
        // The whitespace-trimmed value is the secret; the parts of an e-mail address
        // too, so `jdoe` alone is caught once `jdoe@example.com` is known.
        if let Some((local, _)) = core.split_once('@')
            && self.policy.allows(Category::Email)
        {
            self.register(local, category, false);
        }
        self.token(value)
    }

    /// Registers a secret replaced by a fixed marker rather than a token (signature
    /// values, whole SAML messages); counted in the receipt.
    pub fn count(&mut self, value: &str, category: Category) {
        self.extra
            .entry(category)
            .or_default()
            .insert(hex_digest(value));
    }

    /// A value as `report::render::quote` shows it, quotes included: distinctive enough
    /// to replace even when the value is short.
    fn register_quoted(&mut self, value: &str) {
        let Some(&id) = self.known.get(&value.trim().to_ascii_lowercase()) else {
            return;
        };
        let needle = crate::text::quote(value).to_ascii_lowercase();
        if self.quoted_needles.insert(needle.clone()) {
            self.patterns.push(Pattern {
                needle,
                form: Form::QuotedFull(value.to_owned()),
                secret: id,
            });
            self.sorted = false;
        }
    }

    fn register(&mut self, core: &str, category: Category, counted: bool) {
        let lower = core.to_ascii_lowercase();
        if let Some(&id) = self.known.get(&lower) {
            self.secrets[id].2 |= counted;
            return;
        }
        let id = self.secrets.len();
        self.secrets.push((core.to_owned(), category, counted));
        self.known.insert(lower.clone(), id);
        if core.len() < MIN_FREE_TEXT
            || COMMON_WORDS.contains(&lower.as_str())
            || (core.len() < 6 && core.bytes().all(|byte| byte.is_ascii_digit()))
        {
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
            if seen.insert(needle.clone()) {
                self.patterns.push(Pattern {
                    needle,
                    form,
                    secret: id,
                });
            }
        }
        self.sorted = false;
    }

    /// `text`'s token when its whole (trimmed) value is a registered secret, short ones
    /// included; otherwise [`Redactor::replace`].
    pub fn replace_whole(&mut self, text: &str) -> String {
        if self.known.contains_key(&text.trim().to_ascii_lowercase()) {
            return self.token(text);
        }
        self.replace(text)
    }

    /// Replaces every registered secret in `text`, longest first, and IP addresses.
    pub fn replace(&mut self, text: &str) -> String {
        if !self.sorted {
            self.patterns.sort_by(|a, b| {
                b.needle
                    .len()
                    .cmp(&a.needle.len())
                    .then(a.needle.cmp(&b.needle))
            });
            self.index.clear();
            for (number, pattern) in self.patterns.iter().enumerate() {
                if let Some(key) = trigram(pattern.needle.as_bytes(), 0) {
                    self.index.entry(key).or_default().push(number);
                }
            }
            self.sorted = true;
        }
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
        // Every match, by pattern (longest first), then position.
        let bytes = haystack.as_bytes();
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for position in 0..bytes.len() {
            let Some(candidates) = trigram(bytes, position).and_then(|key| self.index.get(&key))
            else {
                continue;
            };
            for &number in candidates {
                if bytes[position..].starts_with(self.patterns[number].needle.as_bytes()) {
                    matches.push((number, position));
                }
            }
        }
        matches.sort_unstable();
        for (number, start) in matches {
            let pattern = &self.patterns[number];
            let end = start + pattern.needle.len();
            if claimed[start..end].iter().any(|taken| *taken) {
                continue;
            }
            claimed[start..end]
                .iter_mut()
                .for_each(|taken| *taken = true);
            let original = &self.secrets[pattern.secret].0;
            let token = self.token(original);
            let replacement = match &pattern.form {
                Form::QuotedFull(value) => crate::text::quote(&self.token(value)),
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
        for (_, category, _) in self.secrets.iter().filter(|secret| secret.2) {
            *counts.entry(*category).or_default() += 1;
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
        Receipt {
            policy: self.policy,
            replaced: counts
                .into_iter()
                .map(|(category, count)| ReceiptLine {
                    category,
                    label: category.label(),
                    count,
                })
                .collect(),
            kept,
            method: "consistent pseudonyms: HMAC-SHA256 with a salt chosen for this export, keeping whitespace, letter case, length bucket, e-mail form and characters outside [a-zA-Z0-9_+=,.@-]",
        }
    }
}

/// The three bytes at `position`, if there are three.
fn trigram(bytes: &[u8], position: usize) -> Option<[u8; 3]> {
    bytes.get(position..position + 3)?.try_into().ok()
}

fn is_documentation(address: &str) -> bool {
    ["192.0.2.", "198.51.100.", "203.0.113.", "127.", "0."]
        .iter()
        .any(|prefix| address.starts_with(prefix))
}

/// `report::render::quote` without the surrounding quotes.
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
    let details = apply(&mut redactor, &mut redacted, report);
    let receipt = redactor.receipt();
    Redacted {
        report: redacted,
        details,
        receipt,
        redactor,
    }
}

/// Which category an attribute's values belong to; `None` when kept on purpose.
fn attribute_category(name: &str) -> Option<Category> {
    if KEPT_ATTRIBUTES.iter().any(|(kept, _)| *kept == name) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with("/rolesessionname") {
        return Some(Category::RoleSessionName);
    }
    if lower.ends_with("/sourceidentity") {
        return Some(Category::SourceIdentity);
    }
    if ["user", "login", "uid", "upn", "samaccountname", "name"]
        .iter()
        .any(|word| lower.contains(word))
    {
        return Some(Category::UserName);
    }
    Some(Category::AttributeValue)
}

fn value_category(value: &str, category: Category) -> Category {
    let core = value.trim();
    if core.contains('@') && core.contains('.') && !core.contains(' ') {
        return Category::Email;
    }
    category
}

/// Phase one: find every secret and redact the fields that hold one whole.
fn collect(redactor: &mut Redactor, report: &mut Report) {
    if let Some(username) = report.expect.username.as_mut() {
        let category = value_category(username, Category::UserName);
        *username = redactor.secret(username, category);
    }
    for message in &mut report.messages {
        if let Some(subject) = message.subject.as_mut() {
            let category = value_category(&subject.name_id, Category::NameId);
            let category = if redactor.policy.name_ids && !redactor.policy.allows(category) {
                Category::NameId
            } else {
                category
            };
            subject.name_id = redactor.secret(&subject.name_id, category);
        }
        for attribute in &mut message.attributes {
            match attribute_category(&attribute.name) {
                Some(category) => {
                    for value in &mut attribute.values {
                        let category = value_category(value, category);
                        *value = redactor.secret(value, category);
                    }
                }
                None if redactor.policy.account_ids => {
                    for value in &mut attribute.values {
                        for account in account_ids(value) {
                            redactor.secret(&account, Category::AccountId);
                        }
                    }
                }
                None => {}
            }
        }
        if let Some(relay_state) = message.relay_state.as_mut() {
            *relay_state = url::relay_state(redactor, relay_state);
        }
        if let Some(xml) = message.xml.as_mut() {
            *xml = xml::redact_xml(redactor, xml);
        }
        for url in [&mut message.origin.url, &mut message.origin.form_action]
            .into_iter()
            .flatten()
        {
            *url = url::sanitize(redactor, url, &url::SamlValues::Marker);
        }
    }
    for input in &mut report.inputs {
        for entry in &mut input.flow {
            entry.url = url::sanitize(redactor, &entry.url, &url::SamlValues::Marker);
            if let Some(redirect) = entry.redirect_url.as_mut() {
                *redirect = url::sanitize(redactor, redirect, &url::SamlValues::Marker);
            }
        }
    }
}

/// Phase two: replace every secret wherever it occurs.
fn apply(
    redactor: &mut Redactor,
    report: &mut Report,
    original: &Report,
) -> Vec<serde_json::Value> {
    let replace_finding = |redactor: &mut Redactor, finding: &mut crate::report::Finding| {
        finding.title = redactor.replace(&finding.title);
        finding.detail = redactor.replace(&finding.detail);
        finding.fix = redactor.replace(&finding.fix);
    };
    if let Some(error_text) = report.error_text.as_mut() {
        let mut value = serde_json::to_value(&*error_text).unwrap_or_default();
        redact_json_strings(redactor, &mut value);
        // The error text is shown as typed; only its `text` field carries user words.
        if let Some(text) = value.get("text").and_then(|text| text.as_str()) {
            let _ = text;
        }
        error_text.text = redactor.replace(&error_text.text);
    }
    for input in &mut report.inputs {
        input.name = redactor.replace(&input.name);
        if let Some(error) = input.error.as_mut() {
            *error = redactor.replace(error);
        }
        for finding in &mut input.findings {
            replace_finding(redactor, finding);
        }
        for note in &mut input.notes {
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
    for (message, source) in report.messages.iter_mut().zip(&original.messages) {
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
        for finding in &mut message.findings {
            replace_finding(redactor, finding);
        }
        for step in &mut message.next_steps {
            step.title = redactor.replace(&step.title);
            step.detail = redactor.replace(&step.detail);
            if let Some(command) = step.command.as_mut() {
                *command = redactor.replace(command);
            }
        }
        if let Some(idp) = message.idp.as_mut() {
            idp.evidence = redactor.replace(&idp.evidence);
        }
        let mut value = serde_json::to_value(&source.details).unwrap_or_default();
        xml::redact_model_json(redactor, &mut value);
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
