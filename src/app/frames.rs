//! Drawing a big report a step a frame, page-wide: the steps every component asks for
//! (a stage of the report, 25 more rows of the flow, lines of the XML) wait in one
//! queue, and each animation frame runs one of them, so a frame lays out one step
//! whatever else is being drawn (several components stepping at once would otherwise
//! add up in one frame).
//!
//! A step runs in a frame after the one that lays out what came before it. A step asked
//! for from a frame's step (its render and effects, run in microtasks right after the
//! frame callback) runs in the next frame. A step asked for anywhere else (an answer
//! from the engine, a click) is laid out by the coming frame together with whatever
//! that task drew, so it waits one frame more.
//!
//! What waits for all that to be drawn ([`after_all`]: the export's preview, asked of
//! the engine last) runs in the first frame in which no step waits.
//!
//! The browser's own scheduling (`scheduler.postTask`, `requestIdleCallback`) does not
//! serve: it says nothing of frames, and a task there can run twice between two frames.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// A step asked for: cancel it with [`cancel`] when it is no longer wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u64);

struct Step {
    ticket: Ticket,
    /// The frame (of [`Queue::frame`]'s count) it may run in, or after.
    ready_at: u64,
    run: Box<dyn FnOnce()>,
}

#[derive(Default)]
struct Queue {
    steps: VecDeque<Step>,
    /// What runs once no step waits ([`after_all`]).
    settled: Vec<Box<dyn FnOnce()>>,
    tickets: u64,
    /// Frames run so far.
    frame: u64,
    /// A frame callback is asked for.
    asked: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::default();
    /// Inside a frame's step: its callback and the microtasks after it (where the
    /// component's render and effects run).
    static IN_FRAME: Cell<bool> = const { Cell::new(false) };
}

/// Runs `run` in a coming animation frame, one step a frame (see the module).
pub fn after_layout(run: impl FnOnce() + 'static) -> Ticket {
    let in_frame = IN_FRAME.get();
    let ticket = QUEUE.with_borrow_mut(|queue| {
        queue.tickets += 1;
        let ticket = Ticket(queue.tickets);
        let ready_at = queue.frame + if in_frame { 1 } else { 2 };
        queue.steps.push_back(Step {
            ticket,
            ready_at,
            run: Box::new(run),
        });
        ticket
    });
    ask_frame();
    ticket
}

/// Runs `run` in the first animation frame in which no step waits: what was asked
/// for so far is drawn and laid out.
pub fn after_all(run: impl FnOnce() + 'static) {
    QUEUE.with_borrow_mut(|queue| queue.settled.push(Box::new(run)));
    ask_frame();
}

/// Forgets a step asked for (it has not run, or this does nothing).
pub fn cancel(ticket: Ticket) {
    QUEUE.with_borrow_mut(|queue| queue.steps.retain(|step| step.ticket != ticket));
}

fn ask_frame() {
    let ask = QUEUE.with_borrow_mut(|queue| {
        let waits = !queue.steps.is_empty() || !queue.settled.is_empty();
        let ask = waits && !queue.asked;
        queue.asked |= ask;
        ask
    });
    if !ask {
        return;
    }
    let asked = web_sys::window().and_then(|window| {
        let frame = Closure::once_into_js(run_frame);
        window.request_animation_frame(frame.unchecked_ref()).ok()
    });
    if asked.is_none() {
        // No frames here (no window): run what is asked at once rather than never.
        QUEUE.with_borrow_mut(|queue| queue.asked = false);
        while let Some(step) = QUEUE.with_borrow_mut(|queue| queue.steps.pop_front()) {
            (step.run)();
        }
        for run in QUEUE.with_borrow_mut(|queue| std::mem::take(&mut queue.settled)) {
            run();
        }
    }
}

/// A frame: runs the first step that may run in it, or, when no step waits, what waits
/// for that; then asks for the next frame while anything waits.
fn run_frame() {
    let (step, settled) = QUEUE.with_borrow_mut(|queue| {
        queue.asked = false;
        queue.frame += 1;
        let frame = queue.frame;
        if queue.steps.is_empty() {
            return (None, std::mem::take(&mut queue.settled));
        }
        let ready = queue.steps.iter().position(|step| step.ready_at <= frame);
        (
            ready.and_then(|ready| queue.steps.remove(ready)),
            Vec::new(),
        )
    });
    for run in settled {
        run();
    }
    if let Some(step) = step {
        IN_FRAME.set(true);
        (step.run)();
        // After the microtasks the step set off (the render, queued before this, and
        // its effects, which ask for the next steps).
        wasm_bindgen_futures::spawn_local(async { IN_FRAME.set(false) });
    }
    ask_frame();
}
