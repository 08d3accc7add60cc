//! The commands the page (or, later, the browser extension) sends the engine, and the
//! answers it gets. Commands are small JSON; an input's bytes travel beside the one
//! command that adds it ([`Command::takes_bytes`]), once. Nothing else carries bytes:
//! after a change of context or trust the page sends a few hundred bytes of JSON and
//! the engine analyses the inputs it already holds.
//!
//! Answers go back encoded with postcard ([`Answer::encode`], read with [`decode`]):
//! the page's module decodes the view with a fraction of the code JSON needs (the
//! derived readers of a non-self-describing format have no field names to match and
//! no numbers to parse), which is most of what keeps its first load small. The answer
//! types never skip a field, so each decodes as it was encoded.

use super::export::ExportFormat;
use super::view::{AttributeRow, InputId, MessageView, PageView, RequestView, RoleRow, RowsPage};
use super::xml_view::XmlPage;
use crate::checks::Expectations;
use crate::redact::Policy;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the user told the page besides the inputs, and when. The page carries times as
/// plain data (the clock's milliseconds, the reference time as typed): reading and
/// writing dates is the engine's, so the page's first load does not carry it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// What the user expects (user name, account, region, target...).
    pub expect: Expectations,
    /// The error text the user saw (`None` or blank: none).
    pub error_text: Option<String>,
    /// The time to judge against instead of the HAR capture time or the clock, as the
    /// user typed it (`None` or blank: automatic); read by [`Context::reference_time`].
    pub reference_time: Option<String>,
    /// Judge each message at its own IssueInstant (see `Options::at_issue_instant`).
    #[serde(default)]
    pub at_issue_instant: bool,
    /// The page's clock at the user's action, in milliseconds since the Unix epoch as
    /// JavaScript's `Date.now()` gives it (the engine reads no clock).
    pub now_millis: i64,
}

impl Context {
    /// The page's clock as a [`Timestamp`] (the epoch for a value outside years
    /// 1..=9999, which no browser's clock gives).
    pub fn now(&self) -> Timestamp {
        Timestamp::from_unix_millis(self.now_millis).unwrap_or(Timestamp::EPOCH)
    }

    /// The reference time the user typed: `Ok(None)` for none (automatic), else the
    /// time, or the sentence the page shows under the field.
    pub fn reference_time(&self) -> Result<Option<Timestamp>, String> {
        read_reference_time(self.reference_time.as_deref().unwrap_or_default())
    }
}

/// Reads a reference time as a person types it: RFC 3339, or a `datetime-local`-like
/// value without zone or seconds (taken as UTC), with a space or a `T` between date
/// and time. Empty or blank means automatic (`Ok(None)`).
pub fn read_reference_time(text: &str) -> Result<Option<Timestamp>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let candidates = [
        text.to_owned(),
        format!("{text}Z"),
        format!("{text}:00Z"),
        text.replacen(' ', "T", 1) + "Z",
    ];
    candidates
        .iter()
        .find_map(|candidate| Timestamp::parse(candidate))
        .map(Some)
        .ok_or_else(|| format!("{text:?} is not a time like 2024-05-01T12:00:00Z"))
}

/// One command. Tagged by `command` in JSON: `{"command":"analyse","generation":3}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum Command {
    /// Adds an input (or replaces the one with this id); its bytes come beside the
    /// command. A big HAR is reduced here, with progress. Answers [`Added`].
    AddInput { id: InputId, name: String },
    /// Adds a built-in example as an input: its content is the engine's, so no bytes
    /// travel at all. Answers [`Added`].
    AddExample { id: InputId, example: String },
    /// Appends one captured request (a HAR entry, as JSON beside the command) to the
    /// HAR flow `input`, or starts a new flow with this id and name when there is none;
    /// then analyses. Answers a [`PageView`].
    AddCapture {
        input: InputId,
        name: String,
        generation: u32,
    },
    /// Drops an input (or a trusted key). Answers nothing.
    Remove { id: InputId },
    /// Sets the context of the next analyses. Answers nothing.
    SetContext { context: Context },
    /// Which inputs are trust anchors (the others are analysed). Answers nothing.
    SetTrust { trusted: Vec<InputId> },
    /// Analyses what the session holds; `selected` is the message the page shows (else
    /// the engine picks the one that explains the failure). Answers a [`PageView`].
    Analyse {
        generation: u32,
        selected: Option<usize>,
    },
    /// Message `index` of the latest analysis in detail. Answers a [`MessageView`].
    ShowMessage { generation: u32, index: usize },
    /// A page of a message's attribute table. Answers `RowsPage<AttributeRow>`.
    Attributes {
        generation: u32,
        message: usize,
        from: usize,
    },
    /// A page of a message's AWS roles. Answers `RowsPage<RoleRow>`.
    Roles {
        generation: u32,
        message: usize,
        from: usize,
    },
    /// A page of a message's XML: indented, or the original text (`original`), from
    /// line or byte `from`, with the lines containing `query` marked. Answers an
    /// [`XmlPage`].
    ShowXml {
        generation: u32,
        message: usize,
        original: bool,
        query: String,
        from: usize,
    },
    /// The details of request `entry` (0-based) of input `input`, its SAML fields
    /// linked to the latest analysis' messages. Answers a [`RequestView`].
    RequestDetail { input: InputId, entry: usize },
    /// The start of the redacted Markdown export, at most [`PREVIEW_BYTES`], for the
    /// page to show (a report of a message with 60,000 attributes is megabytes of
    /// Markdown). Answers a [`Preview`].
    Preview {
        generation: u32,
        policy: Policy,
        salt: String,
    },
    /// A redacted export of the latest report. Answers the text.
    Export {
        generation: u32,
        format: ExportFormat,
        policy: Policy,
        salt: String,
    },
}

impl Command {
    /// Whether bytes travel beside this command (an input's, or a captured request's).
    /// Every other command is the small JSON above and nothing else.
    pub fn takes_bytes(&self) -> bool {
        matches!(self, Command::AddInput { .. } | Command::AddCapture { .. })
    }
}

/// The most of an export [`Command::Preview`] sends.
pub const PREVIEW_BYTES: usize = 64 << 10;

/// The start of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// At most [`PREVIEW_BYTES`], cut at a character boundary.
    pub text: String,
    /// The whole export's length in bytes (more than `text`'s when it was cut).
    pub total: usize,
}

/// An input the session now holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    pub id: InputId,
    pub name: String,
    /// What it was recognised as ("HAR file").
    pub kind: String,
    /// Its size as kept.
    pub bytes: usize,
    /// For a big HAR reduced on arrival: its size before.
    pub reduced_from: Option<usize>,
}

/// What a command answers. Each serializes as its content alone (the page knows which
/// answer its command gets and reads that type).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Done,
    Added(Added),
    View(Box<PageView>),
    Message(Box<MessageView>),
    Attributes(RowsPage<AttributeRow>),
    Roles(RowsPage<RoleRow>),
    Xml(XmlPage),
    Request(Box<RequestView>),
    Text(String),
    Preview(Preview),
}

impl Answer {
    /// The answer as the page reads it (with [`decode`]).
    pub fn encode(&self) -> Vec<u8> {
        // Plain data of strings, numbers, options and sequences, no field skipped:
        // encoding into a growing vector cannot fail.
        postcard::to_allocvec(self).unwrap_or_default()
    }
}

/// Reads an answer the engine encoded ([`Answer::encode`]) as `T`, the type the command
/// answers with.
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|error| format!("the answer could not be read: {error}"))
}

/// Why a command could not be carried out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EngineError {
    /// The command is not one the engine knows (`reason` is the JSON reader's).
    Malformed { reason: String },
    /// A command that needs bytes came without them.
    NoBytes,
    /// No input with this id.
    UnknownInput { id: InputId },
    /// No built-in example by this name.
    UnknownExample { name: String },
    /// The command names an analysis that is not the latest (the user changed
    /// something meanwhile).
    Stale { asked: u32, latest: Option<u32> },
    /// The latest analysis has no such message.
    NoMessage { index: usize },
    /// A captured request could not be added.
    Capture(super::capture::CaptureError),
    /// The request's details could not be read.
    Detail(crate::input::DetailError),
    /// The export could not be made.
    Export { reason: String },
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Malformed { reason } => write!(f, "a malformed command: {reason}"),
            EngineError::NoBytes => f.write_str("the command came without its bytes"),
            EngineError::UnknownInput { id } => write!(f, "there is no input {id}"),
            EngineError::UnknownExample { name } => write!(f, "there is no example {name:?}"),
            EngineError::Stale { .. } => {
                f.write_str("the report changed while this was being made; try again")
            }
            EngineError::NoMessage { index } => write!(f, "there is no message {}", index + 1),
            EngineError::Capture(error) => write!(f, "{error}"),
            EngineError::Detail(error) => write!(f, "{error}"),
            EngineError::Export { reason } => f.write_str(reason),
        }
    }
}

impl std::error::Error for EngineError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_times_read_as_people_type_them() {
        let cases = [
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("2024-05-01T12:00:00Z", Ok(Some("2024-05-01T12:00:00Z"))),
            (
                "2024-05-01T14:00:00+02:00",
                Ok(Some("2024-05-01T12:00:00Z")),
            ),
            (" 2024-05-01T12:00:00 ", Ok(Some("2024-05-01T12:00:00Z"))),
            ("2024-05-01T12:00", Ok(Some("2024-05-01T12:00:00Z"))),
            ("2024-05-01 12:00:30", Ok(Some("2024-05-01T12:00:30Z"))),
            (
                "yesterday",
                Err("\"yesterday\" is not a time like 2024-05-01T12:00:00Z"),
            ),
            (
                "2024-13-01T12:00:00Z",
                Err("\"2024-13-01T12:00:00Z\" is not a time like 2024-05-01T12:00:00Z"),
            ),
        ];
        for (text, expected) in cases {
            let read = read_reference_time(text).map(|time| time.map(|time| time.to_string()));
            let expected = expected
                .map(|time| time.map(str::to_owned))
                .map_err(str::to_owned);
            assert_eq!(read, expected, "{text:?}");
        }
    }

    #[test]
    fn the_clock_reads_from_millis() {
        let context = Context {
            now_millis: 1_714_564_803_120,
            ..Context::default()
        };
        assert_eq!(context.now().to_string(), "2024-05-01T12:00:03.120Z");
        let out_of_range = Context {
            now_millis: i64::MAX,
            ..Context::default()
        };
        assert_eq!(out_of_range.now(), Timestamp::EPOCH);
    }
}
