//! Points in time as SAML, HAR and X.509 state them, without ever reading a clock.
//!
//! The core never asks the system for "now" (it panics on wasm32 and makes results
//! depend on when a test ran): the reference time is an input, see [`crate::Options`].

use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// An instant in UTC with nanosecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: Timestamp = Timestamp(OffsetDateTime::UNIX_EPOCH);

    /// Parses an `xs:dateTime` as SAML Core §1.3.3 uses it (`2024-05-01T12:00:03Z`,
    /// fractional seconds allowed) or an RFC 3339 / ISO 8601 time with an offset, as HAR
    /// `startedDateTime` carries it (`2024-05-01T14:00:03.120+02:00`).
    ///
    /// A time without any zone designator is read as UTC, which is what SAML requires
    /// its times to be; the checks that care flag the missing `Z` separately.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.len() > 64 {
            return None;
        }
        if let Ok(parsed) = OffsetDateTime::parse(text, &Rfc3339) {
            return Some(Timestamp(parsed.to_offset(UtcOffset::UTC)));
        }
        // RFC 3339 requires the seconds and a zone; xs:dateTime lets the zone go.
        let has_zone = text.ends_with('Z')
            || text.ends_with('z')
            || text
                .get(text.len().saturating_sub(6)..)
                .is_some_and(|tail| tail.starts_with(['+', '-']) && tail.as_bytes()[3] == b':');
        if !has_zone {
            let mut with_zone = String::with_capacity(text.len() + 1);
            with_zone.push_str(text);
            with_zone.push('Z');
            if let Ok(parsed) = OffsetDateTime::parse(&with_zone, &Rfc3339) {
                return Some(Timestamp(parsed));
            }
        }
        None
    }

    /// The instant `unix_millis` milliseconds after 1970-01-01T00:00:00Z, as
    /// JavaScript's `Date.now()` reports it. `None` outside years 1..=9999.
    pub fn from_unix_millis(unix_millis: i64) -> Option<Timestamp> {
        let nanos = i128::from(unix_millis) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .map(Timestamp)
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// Milliseconds since the Unix epoch.
    pub fn unix_millis(self) -> i64 {
        // In range: OffsetDateTime spans years -9999..=9999, well within i64 milliseconds.
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// Signed difference `self - other` in milliseconds.
    pub fn millis_since(self, other: Timestamp) -> i64 {
        self.unix_millis() - other.unix_millis()
    }

    /// The timestamp shifted by `seconds` (negative goes back), saturating at the ends of
    /// the representable range.
    pub fn plus_seconds(self, seconds: i64) -> Timestamp {
        Timestamp(
            self.0
                .checked_add(time::Duration::seconds(seconds))
                .unwrap_or(self.0),
        )
    }

    /// From a `time` value (as x509-parser reports certificate validity).
    pub fn from_offset_date_time(value: OffsetDateTime) -> Timestamp {
        Timestamp(value.to_offset(UtcOffset::UTC))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC with a `Z`, fractional seconds only when present.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            value.year(),
            u8::from(value.month()),
            value.day(),
            value.hour(),
            value.minute(),
            value.second()
        )?;
        let millis = value.millisecond();
        if !value.nanosecond().is_multiple_of(1_000_000) {
            write!(f, ".{:09}", value.nanosecond())?;
        } else if millis != 0 {
            write!(f, ".{millis:03}")?;
        }
        f.write_str("Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Reads back exactly what [`Serialize`] writes (the page reads the engine's report);
/// any other text is an error.
impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as Deserialize>::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .filter(|time| time.to_string() == text)
            .ok_or_else(|| serde::de::Error::custom(format_args!("not a timestamp: `{text}`")))
    }
}

/// Renders a duration in milliseconds for people: `4 min 12 s`, `2 h 3 min`, `350 ms`.
pub fn describe_duration(millis: i64) -> String {
    let sign = if millis < 0 { "-" } else { "" };
    let millis = millis.unsigned_abs();
    let seconds = millis / 1000;
    if seconds == 0 {
        return format!("{sign}{millis} ms");
    }
    let (days, hours, minutes, secs) = (
        seconds / 86_400,
        seconds / 3600 % 24,
        seconds / 60 % 60,
        seconds % 60,
    );
    let text = if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes} min")
    } else if minutes > 0 {
        format!("{minutes} min {secs} s")
    } else {
        format!("{secs} s")
    };
    format!("{sign}{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_saml_and_har_use() {
        let cases = [
            ("2024-05-01T12:00:03Z", Some("2024-05-01T12:00:03Z")),
            ("2024-05-01T12:00:03.120Z", Some("2024-05-01T12:00:03.120Z")),
            (
                "2024-05-01T14:00:03.120+02:00",
                Some("2024-05-01T12:00:03.120Z"),
            ),
            ("2024-05-01T12:00:03", Some("2024-05-01T12:00:03Z")),
            (" 2024-05-01T12:00:03Z\n", Some("2024-05-01T12:00:03Z")),
            (
                "2024-05-01T12:00:03.123456789Z",
                Some("2024-05-01T12:00:03.123456789Z"),
            ),
            ("2024-05-01", None),
            ("yesterday", None),
            ("", None),
            ("2024-13-01T12:00:03Z", None),
        ];
        for (text, expected) in cases {
            let parsed = Timestamp::parse(text).map(|t| t.to_string());
            assert_eq!(parsed.as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn millis_round_trip_and_difference() {
        let t = Timestamp::from_unix_millis(1_714_564_803_120).unwrap();
        assert_eq!(t.to_string(), "2024-05-01T12:00:03.120Z");
        assert_eq!(t.unix_millis(), 1_714_564_803_120);
        let later = t.plus_seconds(301);
        assert_eq!(later.millis_since(t), 301_000);
    }

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (350, "350 ms"),
            (12_000, "12 s"),
            (252_000, "4 min 12 s"),
            (7_380_000, "2 h 3 min"),
            (-90_000, "-1 min 30 s"),
            (90_000_000, "1 d 1 h"),
        ];
        for (millis, expected) in cases {
            assert_eq!(describe_duration(millis), expected);
        }
    }
}
