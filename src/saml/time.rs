//! Times as SAML writes them (`xs:dateTime`, SAML Core §1.3.3): the text exactly as
//! sent, beside the instant when it is one. Shared by the message and metadata models.
//!
//! SAML times are `xs:dateTime` values in UTC (XML Schema Part 2 §3.2.7):
//! `2024-05-01T12:00:00Z`, fractional seconds allowed. A value without a time zone
//! (`2024-05-01T12:00:00`) has no instant at all (its zone is unknown), and
//! `2024-05-01 12:00:00` is not the type's lexical form; receivers parse such values
//! differently or refuse them, so here they have no instant and the checks name them.

use crate::timestamp::Timestamp;
use serde::Serialize;

/// A time value: its text as written and, when it is a valid `xs:dateTime` with a time
/// zone, the instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct TimeValue {
    pub text: String,
    pub parsed: Option<Timestamp>,
}

/// Why a time value has no instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeProblem {
    /// A well-formed date and time without a zone (`Z` or `+hh:mm`).
    NoZone,
    /// A space, not `T`, between the date and the time.
    SpaceForT,
    /// Anything else that is not an `xs:dateTime`.
    NotDateTime,
}

impl TimeValue {
    pub fn new(text: &str) -> TimeValue {
        TimeValue {
            text: text.to_owned(),
            parsed: match lexical_problem(text) {
                None => Timestamp::parse(text),
                Some(_) => None,
            },
        }
    }

    /// Why the value has no instant, or `None` when it has one.
    pub fn problem(&self) -> Option<TimeProblem> {
        match lexical_problem(&self.text) {
            None if self.parsed.is_none() => Some(TimeProblem::NotDateTime),
            problem => problem,
        }
    }
}

/// What keeps `text` from being an `xs:dateTime` with a zone: `-?YYYY-MM-DDThh:mm:ss`,
/// optional `.fraction`, then `Z` or `±hh:mm` (surrounding whitespace is collapsed by
/// the type, so allowed).
fn lexical_problem(text: &str) -> Option<TimeProblem> {
    let text = text.trim_matches([' ', '\t', '\n', '\r']);
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| !part.is_empty() && part.iter().all(u8::is_ascii_digit))
    };
    let at = |index: usize, byte: u8| bytes.get(index) == Some(&byte);
    // The date: four digits of year (more are allowed by the type, never by SAML's
    // receivers in practice), then -MM-DD.
    if !(digits(0..4) && at(4, b'-') && digits(5..7) && at(7, b'-') && digits(8..10)) {
        return Some(TimeProblem::NotDateTime);
    }
    let time_ok =
        digits(11..13) && at(13, b':') && digits(14..16) && at(16, b':') && digits(17..19);
    match bytes.get(10) {
        Some(b'T') if time_ok => {}
        Some(b' ') if time_ok => return Some(TimeProblem::SpaceForT),
        _ => return Some(TimeProblem::NotDateTime),
    }
    let mut rest = &bytes[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let length = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
        if length == 0 {
            return Some(TimeProblem::NotDateTime);
        }
        rest = &fraction[length..];
    }
    match rest {
        [] => Some(TimeProblem::NoZone),
        [b'Z'] => None,
        [b'+' | b'-', h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()) =>
        {
            None
        }
        _ => Some(TimeProblem::NotDateTime),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_xs_date_times_with_a_zone_are_instants() {
        let table: &[(&str, Option<TimeProblem>)] = &[
            ("2024-05-01T12:00:00Z", None),
            ("2024-05-01T12:00:00.123Z", None),
            ("2024-05-01T14:00:00+02:00", None),
            (" 2024-05-01T12:00:00Z\n", None),
            ("2024-05-01T12:00:00", Some(TimeProblem::NoZone)),
            ("2024-05-01T12:00:00.5", Some(TimeProblem::NoZone)),
            ("2024-05-01 12:00:00", Some(TimeProblem::SpaceForT)),
            ("2024-05-01 12:00:00Z", Some(TimeProblem::SpaceForT)),
            ("2024-05-01t12:00:00z", Some(TimeProblem::NotDateTime)),
            ("2024-05-01T12:00Z", Some(TimeProblem::NotDateTime)),
            ("2024-05-01T12:00:00.Z", Some(TimeProblem::NotDateTime)),
            ("2024-05-01T12:00:00+0200", Some(TimeProblem::NotDateTime)),
            ("01/05/2024 12:00", Some(TimeProblem::NotDateTime)),
            ("2024-13-01T12:00:00Z", Some(TimeProblem::NotDateTime)),
            ("", Some(TimeProblem::NotDateTime)),
            ("2024-05-01T12:00:00Z\u{0}", Some(TimeProblem::NotDateTime)),
            ("２０２４-05-01T12:00:00Z", Some(TimeProblem::NotDateTime)),
        ];
        for (text, expected) in table {
            let value = TimeValue::new(text);
            assert_eq!(value.problem(), *expected, "{text:?}");
            assert_eq!(value.parsed.is_some(), expected.is_none(), "{text:?}");
            assert_eq!(value.text, *text, "the text is kept exactly");
        }
    }
}
