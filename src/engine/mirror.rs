//! The page's side of the session: what it has told the engine, so that each change
//! sends only what changed. The page says what it wants the session to hold (its
//! inputs, which are trusted, the context); [`Mirror::commands`] gives the commands
//! that get there and analyse: an `add-input` for an input the engine has not seen (the
//! only command whose bytes travel), a `remove` for one the user dropped, `set-trust` and
//! `set-context` when they changed, then `analyse`. A change of context or trust is
//! therefore a few hundred bytes of JSON, never an input's bytes.
//!
//! When the engine had to start again (it stopped on an internal error, or the user
//! cancelled a long analysis and its worker was ended), [`Mirror::reset`] forgets
//! everything and the next commands add the inputs again: the only time bytes travel
//! twice.

use super::command::{Command, Context};
use super::view::InputId;

/// What the page wants the session to hold.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<'a> {
    /// Every input (trusted keys included), by id and name, in order.
    pub inputs: &'a [(InputId, &'a str)],
    /// The ids of the inputs that are trust anchors.
    pub trusted: &'a [InputId],
    pub context: &'a Context,
}

/// What the engine holds, as far as the page has told it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mirror {
    inputs: Vec<InputId>,
    trusted: Option<Vec<InputId>>,
    context: Option<Context>,
}

impl Mirror {
    pub fn new() -> Mirror {
        Mirror::default()
    }

    /// The engine holds nothing (a fresh worker).
    pub fn reset(&mut self) {
        *self = Mirror::default();
    }

    /// Whether the engine holds input `id`.
    pub fn holds(&self, id: InputId) -> bool {
        self.inputs.contains(&id)
    }

    /// Records that input `id` was added by other means (an example added by name).
    pub fn added(&mut self, id: InputId) {
        if !self.inputs.contains(&id) {
            self.inputs.push(id);
        }
    }

    /// The commands that bring the session to `wanted`, then analyse it as
    /// `generation`. An `add-input` needs the input's bytes beside it; no other
    /// command does.
    pub fn commands(
        &mut self,
        wanted: &Wanted<'_>,
        generation: u32,
        selected: Option<usize>,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let keep: Vec<InputId> = wanted.inputs.iter().map(|(id, _)| *id).collect();
        for gone in self.inputs.iter().filter(|id| !keep.contains(id)) {
            commands.push(Command::Remove { id: *gone });
        }
        self.inputs.retain(|id| keep.contains(id));
        for &(id, name) in wanted.inputs {
            if !self.inputs.contains(&id) {
                commands.push(Command::AddInput {
                    id,
                    name: name.to_owned(),
                });
                self.inputs.push(id);
            }
        }
        if self.trusted.as_deref() != Some(wanted.trusted) {
            commands.push(Command::SetTrust {
                trusted: wanted.trusted.to_vec(),
            });
            self.trusted = Some(wanted.trusted.to_vec());
        }
        if self.context.as_ref() != Some(wanted.context) {
            commands.push(Command::SetContext {
                context: wanted.context.clone(),
            });
            self.context = Some(wanted.context.clone());
        }
        commands.push(Command::Analyse {
            generation,
            selected,
        });
        commands
    }
}
