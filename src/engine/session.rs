//! The session: what the engine holds between commands. The inputs (bytes, once), which
//! of them are trust anchors, the context, and the latest [`Analysis`] with the report
//! made from it for exports (made on the first export, then kept).

use super::capture;
use super::command::{Added, Answer, Command, Context, EngineError};
use super::examples;
use super::export::{ExportFormat, export};
use super::view::{self, InputId, PageView};
use super::xml_view::{self, Lines};
use crate::analysis::{self, Analysis, Input, Options, load_trust};
use crate::input::har::{self, Progress};
use crate::input::{InputKind, InputNote, sniff};
use crate::limits::Limits;
use crate::report::{self, Report};
use crate::timestamp::Timestamp;

/// A HAR bigger than this is reduced when it is added ([`har::reduce`]): the session
/// keeps only what the analysis reads, so a 200 MB HAR costs a few megabytes to hold
/// and to analyse again after every change of context. Smaller HARs are kept whole
/// (their request details keep every body).
pub const REDUCE_ABOVE_BYTES: usize = 2 << 20;

/// One input the session holds.
#[derive(Debug, Clone)]
struct Held {
    id: InputId,
    name: String,
    bytes: Vec<u8>,
    /// A big HAR reduced on arrival: its size before.
    reduced_from: Option<usize>,
}

/// The latest analysis and what was made from it.
#[derive(Debug)]
struct Latest {
    generation: u32,
    /// `None` when only trust anchors were held.
    analysis: Option<Analysis>,
    /// The analysed inputs' ids, in the analysis' order.
    ids: Vec<InputId>,
    /// The CLI's report of `analysis`, made on the first export.
    report: Option<Report>,
    /// The indented XML lines of one message, made on the first page asked for.
    xml: Option<(usize, Option<Lines>)>,
}

/// The engine's state between commands.
#[derive(Debug, Default)]
pub struct Session {
    inputs: Vec<Held>,
    trusted: Vec<InputId>,
    context: Context,
    /// The last reference time the user typed that could be read: a text that cannot
    /// be read leaves it as it was (and says why, [`Session::reference_time_error`]).
    reference_time: Option<Timestamp>,
    /// Why the reference time typed last could not be read.
    reference_time_error: Option<String>,
    latest: Option<Latest>,
    limits: Limits,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// A session with other limits (tests).
    pub fn with_limits(limits: Limits) -> Session {
        Session {
            limits,
            ..Session::default()
        }
    }

    /// Carries out one command. `bytes` are those that travel beside it (see
    /// [`Command::takes_bytes`]); `progress` hears how far a big HAR is read.
    pub fn handle(
        &mut self,
        command: Command,
        bytes: Option<Vec<u8>>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Answer, EngineError> {
        match command {
            Command::AddInput { id, name } => {
                let bytes = bytes.ok_or(EngineError::NoBytes)?;
                Ok(Answer::Added(self.add(id, name, bytes, progress)))
            }
            Command::AddExample { id, example } => {
                let content = examples::content(&example).ok_or(EngineError::UnknownExample {
                    name: example.clone(),
                })?;
                let name = examples::EXAMPLES
                    .iter()
                    .find(|known| known.id == example)
                    .map_or(example.as_str(), |known| known.file_name)
                    .to_owned();
                Ok(Answer::Added(self.add(
                    id,
                    name,
                    content.as_bytes().to_vec(),
                    progress,
                )))
            }
            Command::AddCapture {
                input,
                name,
                generation,
            } => {
                let entry = bytes.ok_or(EngineError::NoBytes)?;
                self.add_capture(input, name, &entry)?;
                Ok(Answer::View(Box::new(self.analyse(generation, None))))
            }
            Command::Remove { id } => {
                self.inputs.retain(|held| held.id != id);
                self.trusted.retain(|trusted| *trusted != id);
                Ok(Answer::Done)
            }
            Command::SetContext { context } => {
                match context.reference_time() {
                    Ok(time) => {
                        self.reference_time = time;
                        self.reference_time_error = None;
                    }
                    Err(reason) => self.reference_time_error = Some(reason),
                }
                self.context = context;
                Ok(Answer::Done)
            }
            Command::SetTrust { trusted } => {
                self.trusted = trusted;
                Ok(Answer::Done)
            }
            Command::Analyse {
                generation,
                selected,
            } => Ok(Answer::View(Box::new(self.analyse(generation, selected)))),
            Command::ShowMessage { generation, index } => {
                let analysis = self.analysis(generation)?;
                let explaining = analysis
                    .error_text
                    .as_ref()
                    .map(|matched| matched.rules.clone())
                    .unwrap_or_default();
                view::message(analysis, index, &explaining)
                    .map(|message| Answer::Message(Box::new(message)))
                    .ok_or(EngineError::NoMessage { index })
            }
            Command::Attributes {
                generation,
                message,
                from,
            } => view::attribute_page(self.analysis(generation)?, message, from)
                .map(Answer::Attributes)
                .ok_or(EngineError::NoMessage { index: message }),
            Command::Roles {
                generation,
                message,
                from,
            } => view::role_page(self.analysis(generation)?, message, from)
                .map(Answer::Roles)
                .ok_or(EngineError::NoMessage { index: message }),
            Command::ShowXml {
                generation,
                message,
                original,
                query,
                from,
            } => self
                .xml(generation, message, original, &query, from)
                .map(Answer::Xml),
            Command::RequestDetail { input, entry } => self
                .request_detail(input, entry)
                .map(|detail| Answer::Request(Box::new(view::request(&detail)))),
            Command::Preview {
                generation,
                policy,
                salt,
            } => {
                let mut text =
                    self.export(generation, ExportFormat::Markdown, policy, salt.as_bytes())?;
                let total = text.len();
                let mut cut = total.min(super::command::PREVIEW_BYTES);
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
                Ok(Answer::Preview(super::command::Preview { text, total }))
            }
            Command::Export {
                generation,
                format,
                policy,
                salt,
            } => self
                .export(generation, format, policy, salt.as_bytes())
                .map(Answer::Text),
        }
    }

    /// The page's face: a command as JSON, its bytes, and the answer encoded
    /// ([`Answer::encode`]; the page reads it with `command::decode`).
    pub fn handle_encoded(
        &mut self,
        command: &str,
        bytes: Option<Vec<u8>>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<u8>, EngineError> {
        let command: Command =
            serde_json::from_str(command).map_err(|error| EngineError::Malformed {
                reason: error.to_string(),
            })?;
        self.handle(command, bytes, progress)
            .map(|answer| answer.encode())
    }

    /// The ids of the inputs held, in order (trusted ones included).
    pub fn input_ids(&self) -> Vec<InputId> {
        self.inputs.iter().map(|held| held.id).collect()
    }

    /// The bytes held for input `id`.
    pub fn input_bytes(&self, id: InputId) -> Option<&[u8]> {
        self.held(id).map(|held| held.bytes.as_slice())
    }

    /// The context of the next analyses.
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// Why the reference time typed last could not be read (the analyses go on with the
    /// one before it).
    pub fn reference_time_error(&self) -> Option<&str> {
        self.reference_time_error.as_deref()
    }

    /// The latest analysis, when it had inputs.
    pub fn latest_analysis(&self) -> Option<&Analysis> {
        self.latest.as_ref()?.analysis.as_ref()
    }

    /// The CLI's report of the latest analysis (what exports redact), made once.
    pub fn report(&mut self) -> Option<&Report> {
        let latest = self.latest.as_mut()?;
        let analysis = latest.analysis.as_ref()?;
        Some(latest.report.get_or_insert_with(|| report::build(analysis)))
    }

    fn held(&self, id: InputId) -> Option<&Held> {
        self.inputs.iter().find(|held| held.id == id)
    }

    fn add(
        &mut self,
        id: InputId,
        name: String,
        bytes: Vec<u8>,
        progress: &mut dyn FnMut(Progress),
    ) -> Added {
        let original = bytes.len();
        let (bytes, reduced_from) =
            if original > REDUCE_ABOVE_BYTES && sniff(&bytes) == InputKind::Har {
                match har::reduce(&bytes, &self.limits, progress) {
                    Ok(reduced) if reduced.len() < original => (reduced, Some(original)),
                    // The analysis reads the whole file and says what is wrong with it.
                    _ => (bytes, None),
                }
            } else {
                (bytes, None)
            };
        let added = Added {
            id,
            name: name.clone(),
            kind: sniff(&bytes).describe().to_owned(),
            bytes: bytes.len(),
            reduced_from,
        };
        let held = Held {
            id,
            name,
            bytes,
            reduced_from,
        };
        match self.inputs.iter_mut().find(|other| other.id == id) {
            Some(slot) => *slot = held,
            None => self.inputs.push(held),
        }
        added
    }

    fn add_capture(
        &mut self,
        input: InputId,
        name: String,
        entry: &[u8],
    ) -> Result<(), EngineError> {
        let limits = self.limits;
        match self.inputs.iter_mut().find(|held| held.id == input) {
            Some(held) => {
                held.bytes =
                    capture::append(&held.bytes, entry, &limits).map_err(EngineError::Capture)?;
            }
            None => self.inputs.push(Held {
                id: input,
                name,
                bytes: capture::new_flow(entry, &limits).map_err(EngineError::Capture)?,
                reduced_from: None,
            }),
        }
        Ok(())
    }

    fn analyse(&mut self, generation: u32, selected: Option<usize>) -> PageView {
        let context = &self.context;
        let mut options = Options {
            expect: context.expect.clone(),
            error_text: context
                .error_text
                .as_ref()
                .filter(|text| !text.trim().is_empty())
                .cloned(),
            reference_time: self.reference_time,
            at_issue_instant: context.at_issue_instant,
            limits: self.limits,
            ..Options::default()
        };
        let mut trust_errors = Vec::new();
        for held in self
            .inputs
            .iter()
            .filter(|held| self.trusted.contains(&held.id))
        {
            let input = Input {
                name: &held.name,
                bytes: &held.bytes,
            };
            if let Err(reason) = load_trust(&mut options, input) {
                trust_errors.push((held.id, reason));
            }
        }
        let analysed: Vec<&Held> = self
            .inputs
            .iter()
            .filter(|held| !self.trusted.contains(&held.id))
            .collect();
        let ids: Vec<InputId> = analysed.iter().map(|held| held.id).collect();
        let analysis = (!analysed.is_empty()).then(|| {
            let named: Vec<Input<'_>> = analysed
                .iter()
                .map(|held| Input {
                    name: &held.name,
                    bytes: &held.bytes,
                })
                .collect();
            let mut analysis = analysis::run(&named, &options, context.now());
            for (input, held) in analysis.inputs.iter_mut().zip(&analysed) {
                if let Some(original) = held.reduced_from {
                    input
                        .notes
                        .insert(0, reduced_note(original, held.bytes.len()));
                }
            }
            analysis
        });
        let mut page = match &analysis {
            Some(analysis) => view::page(analysis, &ids, generation, selected),
            None => PageView {
                generation,
                inputs: Vec::new(),
                trust: view::trust_keys(&options.trust),
                trust_errors: Vec::new(),
                reference_time_error: None,
                error_text: None,
                messages: Vec::new(),
                selected: None,
                detail: None,
                has_har: false,
                long_flow: false,
            },
        };
        page.trust_errors = trust_errors;
        page.reference_time_error = self.reference_time_error.clone();
        self.latest = Some(Latest {
            generation,
            analysis,
            ids,
            report: None,
            xml: None,
        });
        page
    }

    /// The latest analysis, when it is the one asked for.
    fn analysis(&self, generation: u32) -> Result<&Analysis, EngineError> {
        let latest = self.latest.as_ref();
        match latest {
            Some(latest) if latest.generation == generation => latest
                .analysis
                .as_ref()
                .ok_or(EngineError::NoMessage { index: 0 }),
            _ => Err(EngineError::Stale {
                asked: generation,
                latest: latest.map(|latest| latest.generation),
            }),
        }
    }

    fn xml(
        &mut self,
        generation: u32,
        index: usize,
        original: bool,
        query: &str,
        from: usize,
    ) -> Result<xml_view::XmlPage, EngineError> {
        let limits = self.limits;
        self.analysis(generation)?;
        let Some(latest) = self.latest.as_mut() else {
            return Err(EngineError::NoMessage { index });
        };
        let Some(message) = latest
            .analysis
            .as_ref()
            .and_then(|analysis| analysis.messages.get(index))
        else {
            return Err(EngineError::NoMessage { index });
        };
        let Some(bytes) = message.xml_bytes() else {
            return Ok(xml_view::XmlPage::default());
        };
        if latest
            .xml
            .as_ref()
            .is_none_or(|(cached, _)| *cached != index)
        {
            let lines = Lines::of(bytes, &message.trusted_coverage(), &limits);
            latest.xml = Some((index, lines));
        }
        let lines = latest.xml.as_ref().and_then(|(_, lines)| lines.as_ref());
        Ok(match (lines, original) {
            (Some(lines), false) => lines.page(from, query),
            _ => {
                let text = String::from_utf8_lossy(bytes);
                xml_view::original_page(&text, from, query, lines.is_some())
            }
        })
    }

    /// The details of request `entry` of input `input`, linked to the messages.
    pub fn request_detail(
        &self,
        input: InputId,
        entry: usize,
    ) -> Result<crate::input::RequestDetail, EngineError> {
        let held = self
            .held(input)
            .ok_or(EngineError::UnknownInput { id: input })?;
        let mut detail = crate::input::request_detail(&held.bytes, entry, &self.limits)
            .map_err(EngineError::Detail)?;
        if let Some(latest) = &self.latest
            && let Some(analysis) = &latest.analysis
            && let Some(position) = latest.ids.iter().position(|id| *id == input)
        {
            detail.link_messages(
                position,
                analysis
                    .messages
                    .iter()
                    .enumerate()
                    .flat_map(|(index, message)| {
                        std::iter::once(&message.origin)
                            .chain(message.also_captured.iter().map(|also| &also.origin))
                            .map(move |origin| (index, origin.input, origin.har_entry))
                    }),
            );
        }
        Ok(detail)
    }

    fn export(
        &mut self,
        generation: u32,
        format: ExportFormat,
        policy: crate::redact::Policy,
        salt: &[u8],
    ) -> Result<String, EngineError> {
        self.analysis(generation)?;
        // The sanitized HAR is made from the first HAR analysed, as held.
        let har_id = self.latest.as_ref().and_then(|latest| {
            let analysis = latest.analysis.as_ref()?;
            let index = analysis
                .inputs
                .iter()
                .position(|input| input.kind == Some(InputKind::Har))?;
            latest.ids.get(index).copied()
        });
        let har = har_id.and_then(|id| self.held(id).map(|held| held.bytes.clone()));
        let report = self.report().ok_or(EngineError::NoMessage { index: 0 })?;
        export(report, format, policy, salt, har.as_deref())
            .map_err(|reason| EngineError::Export { reason })
    }
}

fn reduced_note(original: usize, kept: usize) -> InputNote {
    InputNote {
        har_entry: None,
        message: format!(
            "read from {:.1} MB in the browser and reduced to {:.1} MB: only the parts of \
             the HAR the analysis reads were kept",
            original as f64 / 1_048_576.0,
            kept as f64 / 1_048_576.0
        ),
    }
}
