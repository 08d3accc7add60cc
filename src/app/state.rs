//! The page's state and its transitions, with no DOM code.
//!
//! Inputs are kept as bytes; every change of inputs re-runs [`analyze`] with the time
//! carried by the action (the core never reads a clock), so the report on screen always
//! matches the inputs listed.

use saml_inspector::report::TrustReport;
use saml_inspector::saml::MessageKind;
use saml_inspector::{Input, Options, Report, Timestamp, analyze, load_trust};
use std::rc::Rc;
use yew::Reducible;

/// A file or pasted text the user gave.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedInput {
    pub name: String,
    pub bytes: Rc<Vec<u8>>,
}

/// A report shared between components; compared by identity, not content (a new
/// analysis is a new report).
#[derive(Debug, Clone)]
pub struct SharedReport(pub Rc<Report>);

impl PartialEq for SharedReport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
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
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Add { inputs, now } => {
                next.inputs.extend(inputs);
                next.reanalyze(now);
            }
            Action::Replace { inputs, now } => {
                next.inputs = inputs;
                next.selected = None;
                next.reanalyze(now);
            }
            Action::Remove { index, now } => {
                if index < next.inputs.len() {
                    next.inputs.remove(index);
                }
                next.selected = None;
                next.reanalyze(now);
            }
            Action::Clear => {
                // Trusted keys stay: they describe the IdP, not the messages.
                next = AppState {
                    trusted: next.trusted,
                    trust_errors: next.trust_errors,
                    trust_keys: next.trust_keys,
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
            Action::Select(index) => next.selected = Some(index),
            Action::ShowOriginal(original) => next.show_original = original,
        }
        Rc::new(next)
    }
}

impl AppState {
    fn reanalyze(&mut self, now: Timestamp) {
        let mut options = Options::default();
        self.trust_errors.clear();
        for (index, input) in self.trusted.iter().enumerate() {
            let input = Input {
                name: &input.name,
                bytes: &input.bytes,
            };
            if let Err(reason) = load_trust(&mut options, input) {
                self.trust_errors.push((index, reason));
            }
        }
        self.trust_keys = Rc::new(TrustReport::from_store(&options.trust));
        if self.inputs.is_empty() {
            self.report = None;
            self.selected = None;
            return;
        }
        let inputs: Vec<Input<'_>> = self
            .inputs
            .iter()
            .map(|input| Input {
                name: &input.name,
                bytes: &input.bytes,
            })
            .collect();
        let report = analyze(&inputs, &options, now);
        self.selected = self
            .selected
            .filter(|&index| index < report.messages.len())
            .or_else(|| first_interesting(&report));
        self.report = Some(SharedReport(Rc::new(report)));
    }
}

/// The message to open first: the first Response, else the first message.
fn first_interesting(report: &Report) -> Option<usize> {
    report
        .messages
        .iter()
        .position(|message| message.kind == MessageKind::Response)
        .or(if report.messages.is_empty() {
            None
        } else {
            Some(0)
        })
}
