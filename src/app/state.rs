//! The page's state and its transitions, with no DOM code.
//!
//! Inputs are kept as bytes; every change of inputs or context asks for a new analysis
//! (a new [`AppState::generation`], with the time carried by the action: the core never
//! reads a clock). The page runs it in the engine (`app::engine`) and hands the result
//! back with [`Action::Analysed`]; a result for an older generation is dropped, so the
//! report on screen always matches the inputs listed once the analysis is done.

use saml_inspector::checks::Expectations;
use saml_inspector::dsig::Coverage;
use saml_inspector::engine::{MessageFacts, Request, View};
use saml_inspector::report::TrustReport;
use saml_inspector::saml::MessageKind;
use saml_inspector::{Report, Timestamp};
use std::rc::Rc;
use yew::Reducible;

/// A HAR flow longer than this opens with only its SAML-related requests shown, unless
/// the user chose otherwise.
pub const LONG_FLOW_ROWS: usize = 500;

/// A file or pasted text the user gave.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedInput {
    pub name: String,
    pub bytes: Rc<Vec<u8>>,
}

/// A report shared between components, with each message's facts and trusted coverage
/// beside it; compared by identity, not content (a new analysis is a new report).
#[derive(Debug, Clone)]
pub struct SharedReport(pub Rc<Report>, pub Rc<Vec<(MessageFacts, Vec<Coverage>)>>);

impl SharedReport {
    /// What the page shows of message `index`'s typed model.
    pub fn facts(&self, index: usize) -> Option<&MessageFacts> {
        self.1.get(index).map(|(facts, _)| facts)
    }

    /// What signatures made with a trusted key cover in message `index`.
    pub fn coverage(&self, index: usize) -> &[Coverage] {
        self.1.get(index).map_or(&[], |(_, coverage)| coverage)
    }
}

impl PartialEq for SharedReport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A big file being read and reduced (in a worker, or on the main thread where none can
/// start), shown as a progress bar until it is added as an input.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingInput {
    pub name: String,
    pub total_bytes: f64,
    /// Still reading the file; else scanning it.
    pub reading: bool,
    pub bytes: f64,
    pub entries: f64,
    pub by_worker: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AppState {
    pub inputs: Vec<LoadedInput>,
    /// Metadata, certificates or fingerprints the user trusts to sign. Kept in memory for
    /// this tab only, never stored.
    pub trusted: Vec<LoadedInput>,
    /// Why a trusted input could not be used, by index into `trusted`.
    pub trust_errors: Vec<(usize, String)>,
    /// The keys and fingerprints read from `trusted`.
    pub trust_keys: Rc<Vec<TrustReport>>,
    pub report: Option<SharedReport>,
    /// Index into `report.messages` of the message shown in detail.
    pub selected: Option<usize>,
    /// Show the exact received bytes instead of the indented view.
    pub show_original: bool,
    /// What the user expects (user name, account, region, profile), passed to the checks.
    pub expect: Expectations,
    /// Why an expected value was refused, by key (`account`, ...).
    pub expect_errors: Vec<(String, String)>,
    /// The error text the user saw, as typed or picked (empty: none).
    pub error_text: String,
    /// The time to judge against instead of the HAR capture time or the clock.
    pub reference_time: Option<Timestamp>,
    /// Light, dark or the system's choice; kept in memory for this tab only.
    pub theme: Theme,
    /// The flow view shows only SAML-carrying requests and their neighbours.
    pub saml_only: bool,
    /// The user set `saml_only` themselves (else a long flow turns it on: drawing
    /// thousands of rows would freeze the tab for a second or more).
    pub saml_only_chosen: bool,
    /// Counts the user's moves to a message (choosing one, adding inputs): the page
    /// moves keyboard focus to the message's heading when it changes.
    pub focus_detail: u32,
    pub pending: Option<PendingInput>,
    /// Inputs that are a reduced big HAR, by identity of their bytes, with the original
    /// size: each gets a note saying so.
    pub reduced: Vec<(Rc<Vec<u8>>, f64)>,
    /// Why the last big file could not be read.
    pub pending_error: Option<String>,
    /// How the last big file was read: `"worker"` or `"main-thread"`.
    pub analysed_by: Option<&'static str>,
    /// Counts the analyses asked for; the page runs one when it changes.
    pub generation: u32,
    /// The time the user acted, for the analysis asked for.
    pub requested_at: Option<Timestamp>,
    /// An analysis was asked for and its result has not arrived.
    pub analysing: bool,
    /// Keyboard focus moves to the message once the analysis asked for arrives.
    pub focus_on_result: bool,
    /// Why the last analysis could not run (the engine did not load, ...).
    pub engine_error: Option<String>,
    /// The generation of the report on screen (exports name it to the engine).
    pub report_generation: Option<u32>,
}

/// The colour scheme the user chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// The value of `data-theme` on the root element (`None`: follow the system).
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }
}

pub enum Action {
    /// Add inputs to the analysis (a drop of several files is one action).
    Add {
        inputs: Vec<LoadedInput>,
        now: Timestamp,
    },
    /// Replace everything with these inputs (built-in examples).
    Replace {
        inputs: Vec<LoadedInput>,
        now: Timestamp,
    },
    Remove {
        index: usize,
        now: Timestamp,
    },
    Clear,
    /// Trust the keys in these inputs.
    AddTrusted {
        inputs: Vec<LoadedInput>,
        now: Timestamp,
    },
    RemoveTrusted {
        index: usize,
        now: Timestamp,
    },
    Select(usize),
    ShowOriginal(bool),
    /// Set one expected value (`Expectations::set` keys; empty clears it).
    SetExpect {
        key: &'static str,
        value: String,
        now: Timestamp,
    },
    /// The error text the user saw (empty: none).
    SetErrorText {
        text: String,
        now: Timestamp,
    },
    /// Judge at this time instead of the capture time or the clock (`None`: automatic).
    SetReferenceTime {
        time: Option<Timestamp>,
        now: Timestamp,
    },
    SetTheme(Theme),
    /// Show only SAML-related requests in the flow view.
    SamlOnly(bool),
    /// A big file started being read and reduced.
    Pending(PendingInput),
    /// How far the pending file is.
    Progress {
        reading: bool,
        bytes: f64,
        entries: f64,
    },
    /// The pending file is dropped by the user.
    Cancel,
    /// The pending file could not be read.
    Failed(String),
    /// The pending file is read: add it, reduced from `original_bytes`.
    Reduced {
        input: LoadedInput,
        original_bytes: f64,
        now: Timestamp,
    },
    /// The engine answered the analysis of this generation.
    Analysed {
        generation: u32,
        result: Result<View, String>,
    },
    /// A built-in example was chosen and is on its way from the engine: what was shown
    /// goes now (the example replaces it).
    ExampleRequested,
    /// A built-in example could not be had from the engine.
    ExampleFailed(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Add { inputs, now } => {
                next.inputs.extend(inputs);
                next.drop_report();
                next.reanalyze(now);
                next.focus_on_result = true;
            }
            Action::Replace { inputs, now } => {
                next.inputs = inputs;
                next.selected = None;
                next.drop_report();
                next.reanalyze(now);
                next.focus_on_result = true;
            }
            Action::Remove { index, now } => {
                if index < next.inputs.len() {
                    next.inputs.remove(index);
                }
                next.selected = None;
                next.drop_report();
                next.reanalyze(now);
            }
            Action::Clear => {
                // Trusted keys, expectations and preferences stay: they describe the
                // set-up and the user, not the messages.
                next = AppState {
                    trusted: next.trusted,
                    trust_errors: next.trust_errors,
                    trust_keys: next.trust_keys,
                    expect: next.expect,
                    expect_errors: next.expect_errors,
                    error_text: next.error_text,
                    reference_time: next.reference_time,
                    theme: next.theme,
                    saml_only: next.saml_only,
                    saml_only_chosen: next.saml_only_chosen,
                    focus_detail: next.focus_detail,
                    // A big file still being read is cancelled only by its own button.
                    pending: next.pending,
                    // An analysis still running is dropped when it arrives (the trusted
                    // keys it would read are kept above).
                    generation: next.generation.wrapping_add(1),
                    ..AppState::default()
                };
            }
            Action::AddTrusted { inputs, now } => {
                next.trusted.extend(inputs);
                next.reanalyze(now);
            }
            Action::RemoveTrusted { index, now } => {
                if index < next.trusted.len() {
                    next.trusted.remove(index);
                }
                next.reanalyze(now);
            }
            Action::Select(index) => {
                next.selected = Some(index);
                next.focus_detail = next.focus_detail.wrapping_add(1);
            }
            Action::ShowOriginal(original) => next.show_original = original,
            Action::SetExpect { key, value, now } => {
                next.expect_errors.retain(|(field, _)| field != key);
                if let Err(reason) = next.expect.set(key, &value) {
                    next.expect_errors.push((key.to_owned(), reason));
                }
                next.reanalyze(now);
            }
            Action::SetErrorText { text, now } => {
                if next.error_text != text {
                    next.error_text = text;
                    next.reanalyze(now);
                }
            }
            Action::SetReferenceTime { time, now } => {
                if next.reference_time != time {
                    next.reference_time = time;
                    next.reanalyze(now);
                }
            }
            Action::SetTheme(theme) => next.theme = theme,
            Action::SamlOnly(only) => {
                next.saml_only = only;
                next.saml_only_chosen = true;
            }
            Action::Pending(pending) => {
                next.pending = Some(pending);
                next.pending_error = None;
            }
            Action::Progress {
                reading,
                bytes,
                entries,
            } => {
                if let Some(pending) = next.pending.as_mut() {
                    pending.reading = reading;
                    pending.bytes = bytes;
                    pending.entries = entries;
                }
            }
            Action::Cancel => next.pending = None,
            Action::Failed(reason) => {
                if let Some(pending) = next.pending.take() {
                    next.pending_error = Some(format!("Could not read {}: {reason}", pending.name));
                }
            }
            Action::Reduced {
                input,
                original_bytes,
                now,
            } => {
                next.analysed_by = next.pending.take().map(|pending| {
                    if pending.by_worker {
                        "worker"
                    } else {
                        "main-thread"
                    }
                });
                if (input.bytes.len() as f64) < original_bytes {
                    next.reduced.push((input.bytes.clone(), original_bytes));
                }
                next.inputs.push(input);
                next.drop_report();
                next.reanalyze(now);
            }
            Action::Analysed { generation, result } => {
                if generation == next.generation {
                    next.analysing = false;
                    next.apply(result);
                }
            }
            Action::ExampleRequested => {
                next.inputs.clear();
                next.selected = None;
                next.drop_report();
                // Nothing to ask the engine until the example arrives (`Replace`); an
                // answer still on its way is for older inputs and is dropped.
                next.generation = next.generation.wrapping_add(1);
                next.requested_at = None;
                next.analysing = true;
            }
            Action::ExampleFailed(reason) => {
                next.analysing = false;
                next.engine_error = Some(reason);
            }
        }
        Rc::new(next)
    }
}

impl AppState {
    /// Asks for a new analysis of the inputs, at `now`.
    fn reanalyze(&mut self, now: Timestamp) {
        self.generation = self.generation.wrapping_add(1);
        self.requested_at = Some(now);
        self.analysing = !self.inputs.is_empty() || !self.trusted.is_empty();
        if !self.analysing {
            // Nothing the engine needs to look at.
            self.report = None;
            self.report_generation = None;
            self.selected = None;
            self.trust_keys = Rc::default();
            self.trust_errors.clear();
        }
    }

    /// The inputs changed: the report no longer matches them, so it goes until the new
    /// one arrives (a change of context keeps it on screen meanwhile instead).
    fn drop_report(&mut self) {
        self.report = None;
        self.report_generation = None;
    }

    /// The analysis to run for this state, when one was asked for.
    pub fn request(&self) -> Option<Request> {
        let now = self.requested_at.filter(|_| self.analysing)?;
        let reduced = self
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(index, input)| {
                self.reduced
                    .iter()
                    .find(|(bytes, _)| Rc::ptr_eq(bytes, &input.bytes))
                    .map(|(_, original)| (index, *original))
            })
            .collect();
        Some(Request {
            generation: self.generation,
            inputs: self.inputs.iter().map(|input| input.name.clone()).collect(),
            trusted: self
                .trusted
                .iter()
                .map(|input| input.name.clone())
                .collect(),
            expect: self.expect.clone(),
            error_text: (!self.error_text.trim().is_empty()).then(|| self.error_text.clone()),
            reference_time: self.reference_time,
            now,
            reduced,
        })
    }

    /// Takes in what the engine answered.
    fn apply(&mut self, result: Result<View, String>) {
        let mut view = match result {
            Ok(view) => view,
            Err(reason) => {
                self.engine_error = Some(reason);
                self.focus_on_result = false;
                return;
            }
        };
        self.engine_error = None;
        self.trust_errors = std::mem::take(&mut view.trust_errors);
        self.trust_keys = Rc::new(std::mem::take(&mut view.trust_keys));
        let generation = view.generation;
        let Some((report, facts, coverage)) = view.into_parts() else {
            self.report = None;
            self.report_generation = None;
            self.selected = None;
            return;
        };
        self.selected = self
            .selected
            .filter(|&index| index < report.messages.len())
            .or_else(|| first_interesting(&report));
        if !self.saml_only_chosen {
            self.saml_only = report
                .inputs
                .iter()
                .any(|input| input.flow.len() > LONG_FLOW_ROWS);
        }
        let extras = facts.into_iter().zip(coverage).collect();
        self.report = Some(SharedReport(Rc::new(report), Rc::new(extras)));
        self.report_generation = Some(generation);
        if std::mem::take(&mut self.focus_on_result) {
            self.focus_detail = self.focus_detail.wrapping_add(1);
        }
    }
}

/// The message to open first: the Response with the most severe finding, preferring
/// the one the service provider received (an HTTP POST) over the IdP's auto-post page
/// that carried the same message; else the first message.
fn first_interesting(report: &Report) -> Option<usize> {
    use saml_inspector::checks::Severity;
    use saml_inspector::input::Binding;
    report
        .messages
        .iter()
        .enumerate()
        .filter(|(_, message)| message.kind == MessageKind::Response)
        .min_by_key(|(index, message)| {
            let worst = message
                .findings
                .iter()
                .map(|finding| finding.severity)
                .min()
                .unwrap_or(Severity::Pass);
            (worst, message.origin.binding != Binding::Post, *index)
        })
        .map(|(index, _)| index)
        .or(if report.messages.is_empty() {
            None
        } else {
            Some(0)
        })
}

/// Which rows of a HAR flow to show: all, or (`saml_only`) those carrying SAML and the
/// request just before and just after each, so the redirect into the IdP and the page
/// AWS answered with stay in view. `carries_saml[i]` is entry i's mark.
pub fn visible_flow_rows(carries_saml: &[bool], saml_only: bool) -> Vec<usize> {
    (0..carries_saml.len())
        .filter(|&row| {
            !saml_only
                || carries_saml[row]
                || row
                    .checked_sub(1)
                    .is_some_and(|before| carries_saml[before])
                || carries_saml.get(row + 1).copied().unwrap_or(false)
        })
        .collect()
}
