//! Pack `core`: the rules for any SAML 2.0 message (`../shared/CHECKS.md`, pack `core`),
//! except the decoding rules (`core.xml.*`, in [`super::decoding`]) and the signature and
//! certificate rules (`core.sig.*`, `core.cert.*`, in [`super::signature`]).
//!
//! Which rules a message gets depends on its kind: a Response gets all of them; a lone
//! Assertion the assertion rules; an AuthnRequest, LogoutRequest or LogoutResponse the
//! protocol-header rules (`core.version`, `core.issuer`, `core.destination`, and
//! `core.status` for the LogoutResponse); metadata none.
//!
//! Each rule adds exactly one finding, a `pass` when it checked and found nothing. The
//! submodules group the rules by what they read: `protocol` the message header,
//! `status` its Status, `assertion` the assertion's subject, audience and confirmation,
//! `attributes` its attributes, `time` the clocks.

mod assertion;
mod attributes;
mod protocol;
mod status;
mod time;

use super::context::Context;
use super::{Finding, RuleId, Severity};
use crate::saml::{Body, Message, TimeProblem, TimeValue};
use crate::text::{is_invisible, quote};

/// Adds this pack's findings for one message (passes included) to `findings`.
pub fn run(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let message = context.message;
    match &message.body {
        Body::Response(_) => {
            protocol::run(context, findings);
            assertion::run(context, findings);
            time::run(context, findings);
        }
        Body::Assertion(_) => {
            findings.push(protocol::version(message));
            assertion::run(context, findings);
            time::run(context, findings);
        }
        Body::AuthnRequest(_) | Body::LogoutRequest(_) | Body::LogoutResponse(_) => {
            protocol::run(context, findings);
        }
        Body::Metadata { .. } | Body::Other => {}
    }
}

/// Most notes one finding lists. A hostile message can repeat a fault thousands of
/// times (a padded value in every one of 100,000 attributes); the finding shows the most
/// severe dozen and counts the rest, so its size does not grow with the input.
const NOTES_LISTED: usize = 12;

/// What one rule noticed on one message, gathered into its single finding.
struct Notes {
    rule: RuleId,
    notes: Vec<Note>,
    /// Notes beyond [`NOTES_LISTED`]: how many, and the most severe of them.
    omitted: usize,
    omitted_worst: Option<Severity>,
}

struct Note {
    severity: Severity,
    title: String,
    detail: String,
    fix: String,
}

impl Notes {
    fn new(rule: RuleId) -> Notes {
        Notes {
            rule,
            notes: Vec::new(),
            omitted: 0,
            omitted_worst: None,
        }
    }

    fn add(
        &mut self,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let note = Note {
            severity,
            title: title.into(),
            detail: detail.into(),
            fix: fix.into(),
        };
        if self.notes.len() < NOTES_LISTED {
            self.notes.push(note);
            return;
        }
        // Full: keep the more severe of the new note and the least severe kept one.
        let least = self
            .notes
            .iter()
            .enumerate()
            .max_by_key(|(_, kept)| kept.severity)
            .map(|(index, _)| index);
        let dropped = match least {
            Some(index) if self.notes[index].severity > note.severity => {
                std::mem::replace(&mut self.notes[index], note)
            }
            _ => note,
        };
        self.omitted += 1;
        self.omitted_worst = Some(
            self.omitted_worst
                .map_or(dropped.severity, |worst| worst.min(dropped.severity)),
        );
    }

    /// A fact worth showing that is not a problem (kept in the detail of the finding).
    fn fact(&mut self, severity: Severity, detail: impl Into<String>) {
        self.add(severity, "", detail, "");
    }

    /// The most severe note, or `Pass` when there is none.
    fn worst(&self) -> Severity {
        self.notes
            .iter()
            .map(|note| note.severity)
            .chain(self.omitted_worst)
            .min()
            .unwrap_or(Severity::Pass)
    }

    /// The one finding: the most severe note's title (else `pass_title`), every detail
    /// (most severe first), and the fixes of the problems.
    fn finish(mut self, pass_title: impl Into<String>) -> Finding {
        self.notes.sort_by_key(|note| note.severity);
        let severity = self.worst();
        let titled = self
            .notes
            .iter()
            .find(|note| note.severity == severity && !note.title.is_empty());
        let problems = self
            .notes
            .iter()
            .filter(|note| note.severity <= Severity::Warning)
            .count()
            + if self
                .omitted_worst
                .is_some_and(|worst| worst <= Severity::Warning)
            {
                self.omitted
            } else {
                0
            };
        let title = match titled {
            Some(note) if problems > 1 => {
                format!("{} (and {} more)", note.title, problems - 1)
            }
            Some(note) => note.title.clone(),
            None => pass_title.into(),
        };
        let mut detail = self
            .notes
            .iter()
            .map(|note| note.detail.as_str())
            .filter(|detail| !detail.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if self.omitted > 0 {
            detail.push_str(&format!(" … and {} more like these.", self.omitted));
        }
        let mut fixes: Vec<&str> = Vec::new();
        for note in &self.notes {
            if note.severity <= Severity::Warning
                && !note.fix.is_empty()
                && !fixes.contains(&note.fix.as_str())
            {
                fixes.push(&note.fix);
            }
        }
        Finding::new(self.rule, severity, title, detail, fixes.join(" "))
    }
}

/// Why a SAML time has no instant, in words, for a detail: "… is not an xs:dateTime with
/// a time zone such as 2024-05-01T12:00:00Z: it has no time zone".
fn time_problem(value: &TimeValue) -> String {
    let why = match value.problem() {
        Some(TimeProblem::NoZone) => {
            ": it has no time zone, so its instant is unknown (SAML times are UTC, ending in Z)"
        }
        Some(TimeProblem::SpaceForT) => {
            ": a space separates the date and the time where xs:dateTime has a T"
        }
        Some(TimeProblem::NotDateTime) | None => "",
    };
    format!(
        "{} is not an xs:dateTime with a time zone such as 2024-05-01T12:00:00Z{why}",
        quote(&value.text)
    )
}

/// `text` without leading and trailing whitespace or invisible characters.
fn trim_invisible(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || is_invisible(c))
}

/// Whether `text` starts or ends with whitespace or an invisible character.
fn has_padding(text: &str) -> bool {
    trim_invisible(text).len() != text.len()
}

/// What differs between a value found in the message and the one expected, in words:
/// surrounding or invisible characters, letter case, a trailing slash, the scheme, the
/// host, the path. Empty when they are equal.
fn difference(found: &str, expected: &str) -> String {
    if found == expected {
        return String::new();
    }
    if trim_invisible(found) == trim_invisible(expected) {
        return "they differ only by whitespace or invisible characters around the value"
            .to_owned();
    }
    if found.to_lowercase() == expected.to_lowercase() {
        return "they differ only in letter case (the comparison is exact)".to_owned();
    }
    let (Some(found_url), Some(expected_url)) = (UrlParts::parse(found), UrlParts::parse(expected))
    else {
        if found.trim_end_matches('/') == expected.trim_end_matches('/') {
            return "one ends with a slash and the other does not".to_owned();
        }
        return "they are different values".to_owned();
    };
    let mut parts = Vec::new();
    if !found_url.scheme.eq_ignore_ascii_case(expected_url.scheme) {
        parts.push(format!(
            "the scheme is {} instead of {}",
            found_url.scheme, expected_url.scheme
        ));
    }
    if !found_url
        .authority
        .eq_ignore_ascii_case(expected_url.authority)
    {
        parts.push(format!(
            "the host is {} instead of {}",
            quote(found_url.authority),
            quote(expected_url.authority)
        ));
    } else if found_url.authority != expected_url.authority {
        parts.push("the host differs in letter case".to_owned());
    }
    if found_url.path != expected_url.path {
        if found_url.path.trim_end_matches('/') == expected_url.path.trim_end_matches('/') {
            parts.push(if found_url.path.ends_with('/') {
                "it has a trailing slash the expected value does not have".to_owned()
            } else {
                "it lacks the trailing slash of the expected value".to_owned()
            });
        } else if found_url.path.eq_ignore_ascii_case(expected_url.path) {
            parts.push("the path differs in letter case".to_owned());
        } else {
            parts.push(format!(
                "the path is {} instead of {}",
                quote(found_url.path),
                quote(expected_url.path)
            ));
        }
    }
    if found_url.rest != expected_url.rest {
        parts.push(format!(
            "the query or fragment is {} instead of {}",
            quote(found_url.rest),
            quote(expected_url.rest)
        ));
    }
    if parts.is_empty() {
        return "they are different values".to_owned();
    }
    parts.join(", ")
}

/// The candidate most like `found` (equal but for padding, case or a trailing slash
/// first), to explain the difference against; `None` when there is no candidate.
fn closest<'a, T>(found: &str, candidates: &'a [(T, T)]) -> Option<&'a (T, T)>
where
    T: AsRef<str>,
{
    let normal = |text: &str| trim_invisible(text).trim_end_matches('/').to_lowercase();
    let found = normal(found);
    candidates
        .iter()
        .find(|(candidate, _)| normal(candidate.as_ref()) == found)
        .or_else(|| candidates.first())
}

/// A URL (or URN-less URI with `://`) cut at its main joints, without decoding anything.
struct UrlParts<'a> {
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    /// `?query` and `#fragment`, as written.
    rest: &'a str,
}

impl<'a> UrlParts<'a> {
    fn parse(url: &'a str) -> Option<UrlParts<'a>> {
        let (scheme, after) = url.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+')
        {
            return None;
        }
        let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, tail) = after.split_at(authority_end);
        let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
        let (path, rest) = tail.split_at(path_end);
        Some(UrlParts {
            scheme,
            authority,
            path,
            rest,
        })
    }
}

/// Whether the message's root element carries an enveloped signature.
fn root_signed(message: &Message) -> bool {
    let local = message
        .root_name
        .rsplit_once(':')
        .map_or(message.root_name.as_str(), |(_, local)| local);
    let id = message.header().and_then(|header| header.id.as_deref());
    message.signatures.iter().any(|signature| {
        signature.parent_element.as_deref() == Some(local) && signature.parent_id.as_deref() == id
    })
}

#[cfg(test)]
mod tests;
