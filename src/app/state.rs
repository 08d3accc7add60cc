//! The page's state and its transitions, with no DOM code.
//!
//! Inputs are kept as bytes; every change of inputs re-runs [`analyze`] with the time
//! carried by the action (the core never reads a clock), so the report on screen always
//! matches the inputs listed.

use saml_inspector::saml::MessageKind;
use saml_inspector::{Input, Options, Report, Timestamp, analyze};
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
                next.reanalyze(now);
            }
            Action::Remove { index, now } => {
                if index < next.inputs.len() {
                    next.inputs.remove(index);
                }
                next.reanalyze(now);
            }
            Action::Clear => next = AppState::default(),
            Action::Select(index) => next.selected = Some(index),
            Action::ShowOriginal(original) => next.show_original = original,
        }
        Rc::new(next)
    }
}

impl AppState {
    fn reanalyze(&mut self, now: Timestamp) {
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
        let report = analyze(&inputs, &Options::default(), now);
        self.selected = first_interesting(&report);
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
