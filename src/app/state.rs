//! The page's state and its transitions, with no DOM code.
//!
//! The page keeps what it needs to draw and to tell the engine what to hold: each
//! input's id, name and source (the engine keeps the bytes and the analysis). Every
//! change of inputs or context asks for a new analysis (a new
//! [`AppState::generation`], with the time carried by the action: the core never reads
//! a clock). The page runs it in the engine (`app::engine::analyse`) and hands the view
//! back with [`Action::Analysed`]; a view for an older generation is dropped, so what
//! is on screen always matches the inputs listed once the analysis is done.

use crate::app::engine::{self, Holding, Progress, Source};
use saml_inspector::checks::Expectations;
use saml_inspector::engine::InputId;
use saml_inspector::engine::command::{Added, Context};
use saml_inspector::engine::view::{MessageView, PageView, TrustKeyView};
use std::rc::Rc;
use yew::Reducible;

/// A file or pasted text the user gave, read on the main thread.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedInput {
    pub name: String,
    pub bytes: Rc<Vec<u8>>,
}

/// One input the page has given the engine (or is giving it).
#[derive(Debug, Clone, PartialEq)]
pub struct PageInput {
    pub id: InputId,
    pub name: String,
    pub source: Source,
    /// The engine said it holds it.
    pub added: bool,
}

/// A big file being read and reduced (in the engine's worker, or on the main thread
/// where none can start), shown as a progress bar until the engine holds it.
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
    pub inputs: Vec<PageInput>,
    /// Metadata, certificates or fingerprints the user trusts to sign. Kept in memory for
    /// this tab only, never stored.
    pub trusted: Vec<PageInput>,
    /// The next input's id.
    pub next_id: InputId,
    /// Why a trusted input could not be used, by id.
    pub trust_errors: Vec<(InputId, String)>,
    /// The keys and fingerprints read from `trusted`.
    pub trust_keys: Rc<Vec<TrustKeyView>>,
    /// The latest view with inputs.
    pub view: Option<Rc<PageView>>,
    /// Index into `view.messages` of the message shown in detail.
    pub selected: Option<usize>,
    /// Its detail, once the engine sent it.
    pub detail: Option<Rc<MessageView>>,
    /// Show the exact received bytes instead of the indented view.
    pub show_original: bool,
    /// What the user expects (user name, account, region, profile), passed to the checks.
    pub expect: Expectations,
    /// Why an expected value was refused, by key (`account`, ...).
    pub expect_errors: Vec<(String, String)>,
    /// The error text the user saw, as typed or picked (empty: none).
    pub error_text: String,
    /// The time to judge against instead of the HAR capture time or the clock, as typed
    /// (blank: automatic); the engine reads it.
    pub reference_time: String,
    /// Why the engine could not read `reference_time` (it judged at the time before).
    pub reference_time_error: Option<String>,
    /// Judge each message at its own IssueInstant (an old pasted message). A reference
    /// time typed comes first: the choice then has no effect (the box is disabled).
    pub at_issue_instant: bool,
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
    /// The big file being read, until the engine holds it.
    pub pending: Option<PendingInput>,
    /// Why the last big file could not be read.
    pub pending_error: Option<String>,
    /// How the last big file was read: `"worker"` or `"main-thread"`.
    pub analysed_by: Option<&'static str>,
    /// Counts the analyses asked for; the page runs one when it changes.
    pub generation: u32,
    /// The time the user acted (the clock's milliseconds), for the analysis asked for.
    pub requested_at: Option<i64>,
    /// An analysis was asked for and its result has not arrived.
    pub analysing: bool,
    /// Keyboard focus moves to the message once the analysis asked for arrives.
    pub focus_on_result: bool,
    /// Why the last analysis could not run (the engine did not load, ...).
    pub engine_error: Option<String>,
    /// The user cancelled an analysis: what is shown is from before their last change.
    pub cancelled: bool,
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
        now: i64,
    },
    /// Add a big file: the engine reads it (with progress) and reduces it.
    AddFile {
        file: web_sys::File,
        by_worker: bool,
        now: i64,
    },
    /// Replace everything with a built-in example (the engine holds its content).
    Example {
        id: &'static str,
        file_name: &'static str,
        now: i64,
    },
    Remove {
        id: InputId,
        now: i64,
    },
    Clear,
    /// Trust the keys in these inputs.
    AddTrusted {
        inputs: Vec<LoadedInput>,
        now: i64,
    },
    RemoveTrusted {
        id: InputId,
        now: i64,
    },
    Select(usize),
    /// The engine sent message `index`'s detail for `generation`.
    Detail {
        generation: u32,
        detail: Result<Rc<MessageView>, String>,
    },
    ShowOriginal(bool),
    /// Set one expected value (`Expectations::set` keys; empty clears it).
    SetExpect {
        key: &'static str,
        value: String,
        now: i64,
    },
    /// The error text the user saw (empty: none).
    SetErrorText {
        text: String,
        now: i64,
    },
    /// Judge at this time, as typed, instead of the capture time or the clock (blank:
    /// automatic).
    SetReferenceTime {
        text: String,
        now: i64,
    },
    /// Judge each message at its own IssueInstant (when no reference time is typed).
    SetAtIssueInstant {
        on: bool,
        now: i64,
    },
    SetTheme(Theme),
    /// Show only SAML-related requests in the flow view.
    SamlOnly(bool),
    /// How far a big file is.
    Progress {
        id: InputId,
        progress: Progress,
    },
    /// The engine holds an input.
    Added(Added),
    /// The user stops what runs: a big file being read, an analysis. Inputs the last
    /// view does not show are dropped; what is shown stays.
    Cancel,
    /// The engine answered the analysis of this generation.
    Analysed {
        generation: u32,
        result: Result<Rc<PageView>, String>,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Add { inputs, now } => {
                for input in inputs {
                    next.push_input(input.name, Source::Bytes(input.bytes));
                }
                next.inputs_changed(now);
            }
            Action::AddFile {
                file,
                by_worker,
                now,
            } => {
                next.pending_error = None;
                next.analysed_by = None;
                if next.pending.is_none() {
                    next.pending = Some(PendingInput {
                        name: file.name(),
                        total_bytes: file.size(),
                        reading: true,
                        bytes: 0.0,
                        entries: 0.0,
                        by_worker,
                    });
                }
                next.push_input(file.name(), Source::File(file));
                next.inputs_changed(now);
            }
            Action::Example { id, file_name, now } => {
                next.inputs.clear();
                next.pending = None;
                next.push_input(file_name.to_owned(), Source::Example(id));
                next.inputs_changed(now);
            }
            Action::Remove { id, now } => {
                next.inputs.retain(|input| input.id != id);
                next.inputs_changed(now);
            }
            Action::Clear => {
                // Trusted keys, expectations and preferences stay: they describe the
                // set-up and the user, not the messages.
                next = AppState {
                    trusted: next.trusted,
                    next_id: next.next_id,
                    trust_errors: next.trust_errors,
                    trust_keys: next.trust_keys,
                    expect: next.expect,
                    expect_errors: next.expect_errors,
                    error_text: next.error_text,
                    reference_time: next.reference_time,
                    reference_time_error: next.reference_time_error,
                    at_issue_instant: next.at_issue_instant,
                    theme: next.theme,
                    saml_only: next.saml_only,
                    saml_only_chosen: next.saml_only_chosen,
                    focus_detail: next.focus_detail,
                    // An analysis still running is dropped when it arrives.
                    generation: next.generation.wrapping_add(1),
                    ..AppState::default()
                };
            }
            Action::AddTrusted { inputs, now } => {
                for input in inputs {
                    let id = next.take_id();
                    next.trusted.push(PageInput {
                        id,
                        name: input.name,
                        source: Source::Bytes(input.bytes),
                        added: false,
                    });
                }
                next.reanalyze(now);
            }
            Action::RemoveTrusted { id, now } => {
                next.trusted.retain(|input| input.id != id);
                next.reanalyze(now);
            }
            Action::Select(index) => {
                next.selected = Some(index);
                if next
                    .detail
                    .as_ref()
                    .is_none_or(|detail| detail.index != index)
                {
                    next.detail = None;
                }
                next.focus_detail = next.focus_detail.wrapping_add(1);
            }
            Action::Detail { generation, detail } => {
                let current = next.view.as_ref().map(|view| view.generation);
                match detail {
                    Ok(detail)
                        if current == Some(generation) && next.selected == Some(detail.index) =>
                    {
                        next.detail = Some(detail);
                    }
                    Ok(_) => {}
                    // A newer analysis was asked for meanwhile: it brings its own detail.
                    Err(_) if generation != next.generation => {}
                    Err(reason) => next.engine_error = Some(reason),
                }
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
            Action::SetReferenceTime { text, now } => {
                if next.reference_time != text {
                    next.reference_time = text;
                    next.reanalyze(now);
                }
            }
            Action::SetAtIssueInstant { on, now } => {
                if next.at_issue_instant != on {
                    next.at_issue_instant = on;
                    next.reanalyze(now);
                }
            }
            Action::SetTheme(theme) => next.theme = theme,
            Action::SamlOnly(only) => {
                next.saml_only = only;
                next.saml_only_chosen = true;
            }
            Action::Progress { id, progress } => {
                let name = next
                    .inputs
                    .iter()
                    .find(|input| input.id == id)
                    .map(|input| (input.name.clone(), &input.source));
                if let Some((name, Source::File(file))) = name {
                    let total_bytes = file.size();
                    let by_worker = engine::place() == Some("worker");
                    next.pending = Some(PendingInput {
                        name,
                        total_bytes,
                        reading: progress.reading,
                        bytes: progress.bytes,
                        entries: progress.entries,
                        by_worker,
                    });
                }
            }
            Action::Added(added) => {
                if let Some(input) = next
                    .inputs
                    .iter_mut()
                    .chain(next.trusted.iter_mut())
                    .find(|input| input.id == added.id)
                {
                    input.added = true;
                    if matches!(input.source, Source::File(_)) {
                        next.analysed_by = engine::place();
                    }
                }
                next.pending = next.next_pending();
            }
            Action::Cancel => {
                let shown: Vec<InputId> = next
                    .view
                    .as_ref()
                    .map(|view| view.inputs.iter().map(|input| input.id).collect())
                    .unwrap_or_default();
                next.inputs.retain(|input| shown.contains(&input.id));
                next.pending = None;
                if next.analysing {
                    next.cancelled = next.view.is_some();
                }
                next.analysing = false;
                next.focus_on_result = false;
                // An answer still on its way is dropped.
                next.generation = next.generation.wrapping_add(1);
                next.requested_at = None;
                if next.inputs.is_empty() {
                    next.drop_view();
                }
            }
            Action::Analysed { generation, result } => {
                if generation == next.generation {
                    next.analysing = false;
                    next.apply(result);
                }
            }
        }
        Rc::new(next)
    }
}

impl AppState {
    fn take_id(&mut self) -> InputId {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        id
    }

    fn push_input(&mut self, name: String, source: Source) {
        let id = self.take_id();
        self.inputs.push(PageInput {
            id,
            name,
            source,
            added: false,
        });
    }

    /// The first big file the engine does not hold yet, as the progress bar shows it.
    fn next_pending(&self) -> Option<PendingInput> {
        self.inputs
            .iter()
            .filter(|input| !input.added)
            .find_map(|input| match &input.source {
                Source::File(file) => Some(PendingInput {
                    name: input.name.clone(),
                    total_bytes: file.size(),
                    reading: true,
                    bytes: 0.0,
                    entries: 0.0,
                    by_worker: engine::place() != Some("main-thread"),
                }),
                _ => None,
            })
    }

    /// The inputs changed: what is shown no longer matches them, so it goes until the
    /// new view arrives (a change of context keeps it on screen meanwhile instead), and
    /// the message that explains the failure is shown first.
    fn inputs_changed(&mut self, now: i64) {
        self.drop_view();
        self.selected = None;
        self.cancelled = false;
        self.reanalyze(now);
        self.focus_on_result = !self.inputs.is_empty();
    }

    /// Asks for a new analysis, at `now`.
    fn reanalyze(&mut self, now: i64) {
        self.generation = self.generation.wrapping_add(1);
        self.requested_at = Some(now);
        self.analysing = !self.inputs.is_empty() || !self.trusted.is_empty();
        if !self.analysing {
            // Nothing the engine needs to look at.
            self.drop_view();
            self.trust_keys = Rc::default();
            self.trust_errors.clear();
            self.reference_time_error = None;
        }
    }

    fn drop_view(&mut self) {
        self.view = None;
        self.detail = None;
    }

    /// The reference time typed, unless blank.
    pub fn typed_reference_time(&self) -> Option<&str> {
        Some(self.reference_time.as_str()).filter(|text| !text.trim().is_empty())
    }

    /// Each message is judged at its own IssueInstant: chosen, and no time typed (a
    /// typed time is the user's more precise word).
    pub fn judges_at_issue_instant(&self) -> bool {
        self.at_issue_instant && self.typed_reference_time().is_none()
    }

    /// The analysis to run for this state, when one was asked for.
    pub fn analysis(&self) -> Option<engine::Analysis> {
        let now = self.requested_at.filter(|_| self.analysing)?;
        let holding = |input: &PageInput| Holding {
            id: input.id,
            name: input.name.clone(),
            source: input.source.clone(),
        };
        Some(engine::Analysis {
            inputs: self
                .inputs
                .iter()
                .chain(&self.trusted)
                .map(holding)
                .collect(),
            trusted: self.trusted.iter().map(|input| input.id).collect(),
            context: Context {
                expect: self.expect.clone(),
                error_text: (!self.error_text.trim().is_empty()).then(|| self.error_text.clone()),
                reference_time: self.typed_reference_time().map(str::to_owned),
                at_issue_instant: self.judges_at_issue_instant(),
                now_millis: now,
            },
            generation: self.generation,
            selected: self.selected,
        })
    }

    /// Takes in what the engine answered.
    fn apply(&mut self, result: Result<Rc<PageView>, String>) {
        let view = match result {
            Ok(view) => view,
            Err(reason) => {
                self.engine_error = Some(reason);
                self.focus_on_result = false;
                return;
            }
        };
        self.engine_error = None;
        self.cancelled = false;
        self.trust_errors = view.trust_errors.clone();
        self.reference_time_error = view.reference_time_error.clone();
        self.trust_keys = Rc::new(view.trust.clone());
        if view.inputs.is_empty() {
            self.drop_view();
            self.selected = None;
            return;
        }
        self.selected = view.selected;
        self.detail = view.detail.clone().map(Rc::new);
        if !self.saml_only_chosen {
            self.saml_only = view.long_flow;
        }
        self.view = Some(view);
        if std::mem::take(&mut self.focus_on_result) {
            self.focus_detail = self.focus_detail.wrapping_add(1);
        }
    }
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

/// A value shared between components, compared by identity, not content: a new view
/// from the engine is a new value (and comparing two views field by field on every
/// render would cost more than drawing them).
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
