//! Where input comes in: a drop zone that is also a file picker (files, and folders of
//! several files: a HAR with the IdP's metadata and certificate), a paste box, and the
//! built-in examples.

use crate::app::state::{LoadedInput, PendingInput};
use crate::app::worker::WORKER_THRESHOLD_BYTES;
use gloo::file::File;
use gloo::file::callbacks::{FileReader, read_as_bytes};
use saml_inspector::Limits;
use saml_inspector::engine::examples::{EXAMPLES, Example};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// At most this many files are taken from dropped folders: a folder of a few HARs,
/// metadata files and certificates is the use; a dropped home directory is not.
const FOLDER_FILES: usize = 64;

#[derive(Properties, PartialEq)]
pub struct IntakeProps {
    /// Files read or text pasted, all at once.
    pub onadd: Callback<Vec<LoadedInput>>,
    /// A built-in example chosen (replaces the current inputs).
    pub onexample: Callback<&'static Example>,
    pub has_inputs: bool,
    /// A file over [`WORKER_THRESHOLD_BYTES`]: read and reduced off the main thread.
    #[prop_or_default]
    pub onbig: Callback<web_sys::File>,
    /// The big file being read, shown with a progress bar and a Cancel button.
    #[prop_or_default]
    pub pending: Option<PendingInput>,
    #[prop_or_default]
    pub oncancel: Callback<()>,
    /// Why the last big file could not be read.
    #[prop_or_default]
    pub pending_error: Option<String>,
    /// How the last big file was read (`worker` or `main-thread`), for tests.
    #[prop_or_default]
    pub analysed_by: Option<&'static str>,
}

/// Files being read: the results so far and the readers, which must stay alive until
/// they finish.
#[derive(Default)]
struct PendingRead {
    expected: usize,
    done: Vec<(usize, LoadedInput)>,
    readers: Vec<FileReader>,
    failures: Vec<String>,
}

#[function_component]
pub fn Intake(props: &IntakeProps) -> Html {
    let dragging = use_state(|| false);
    let pending = use_mut_ref(|| None::<PendingRead>);
    let read_error = use_state(|| None::<String>);
    let paste_ref = use_node_ref();

    let read_files = {
        let onadd = props.onadd.clone();
        let pending = pending.clone();
        let read_error = read_error.clone();
        let onbig = props.onbig.clone();
        Rc::new(move |files: Vec<web_sys::File>| {
            read_error.set(None);
            // Over the input limit: said before anything is read. Big: off the main thread.
            let limit = Limits::default().input_bytes as f64;
            let mut refused = Vec::new();
            let mut small = Vec::new();
            for file in files {
                if file.size() > limit {
                    refused.push(format!(
                        "{} was not read: at {} bytes it is over the limit of {} MB for one file; export a HAR of just the login (clear the network log, sign in, export)",
                        file.name(),
                        // Whole numbers, formatted as integers: float formatting would
                        // add its code to the page's first load.
                        file.size() as u64,
                        Limits::default().input_bytes >> 20
                    ));
                } else if file.size() > WORKER_THRESHOLD_BYTES {
                    onbig.emit(file);
                } else {
                    small.push(File::from(file));
                }
            }
            if !refused.is_empty() {
                read_error.set(Some(refused.join("; ")));
            }
            let files = small;
            if files.is_empty() {
                return;
            }
            let expected = files.len();
            *pending.borrow_mut() = Some(PendingRead {
                expected,
                ..PendingRead::default()
            });
            for (position, file) in files.into_iter().enumerate() {
                let name = file.name();
                let onadd = onadd.clone();
                let pending_for_reader = pending.clone();
                let read_error = read_error.clone();
                let reader = read_as_bytes(&file, move |result| {
                    finish_read(
                        &pending_for_reader,
                        position,
                        name,
                        result.map_err(|error| error.to_string()),
                        &onadd,
                        &read_error,
                    );
                });
                if let Some(read) = pending.borrow_mut().as_mut() {
                    read.readers.push(reader);
                }
            }
        })
    };

    let onchange = {
        let read_files = read_files.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let files = input
                .files()
                .map(|list| {
                    (0..list.length())
                        .filter_map(|index| list.get(index))
                        .collect()
                })
                .unwrap_or_default();
            read_files(files);
            // Let the same file be chosen again after it was removed.
            input.set_value("");
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let read_files = read_files.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            // Folders among the dropped items: walk them, then read every file found.
            if let Some(entries) = event
                .data_transfer()
                .and_then(|transfer| folder_drop(&transfer))
            {
                let read_files = read_files.clone();
                walk_entries(entries, Box::new(move |files| read_files(files)));
                return;
            }
            let files = event
                .data_transfer()
                .and_then(|transfer| transfer.files())
                .map(|list| {
                    (0..list.length())
                        .filter_map(|index| list.get(index))
                        .collect()
                })
                .unwrap_or_default();
            read_files(files);
        })
    };
    let onpaste_analyze = {
        let onadd = props.onadd.clone();
        let paste_ref = paste_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = area.value();
            if text.trim().is_empty() {
                return;
            }
            onadd.emit(vec![LoadedInput {
                name: "pasted text".to_owned(),
                bytes: Rc::new(text.into_bytes()),
            }]);
            area.set_value("");
        })
    };

    let zone_class = classes!("drop-zone", dragging.then_some("dragging"));
    html! {
        <section class="intake" aria-labelledby="intake-heading">
            <h2 id="intake-heading" class="visually-hidden">{ "Input" }</h2>
            <div class={zone_class} {ondragover} {ondragleave} {ondrop}>
                <label for="file-input" class="drop-label">
                    <span class="drop-title">
                        { if props.has_inputs { "Drop more files to add them" } else { "Drop a HAR file, SAML message, metadata or certificate" } }
                    </span>
                    <span class="drop-hint">{ "or a folder holding them — or click to choose files (several at once are analysed together)" }</span>
                </label>
                <input id="file-input" class="file-input" type="file" multiple=true {onchange} />
            </div>
            <div class="paste">
                <label for="paste-input">{ "Or paste a SAMLResponse / SAMLRequest value, a redirect URL, a form body or XML" }</label>
                <textarea id="paste-input" rows="4" spellcheck="false" autocomplete="off"
                    placeholder="PHNhbWxwOlJlc3BvbnNl… or https://idp.example.com/sso?SAMLRequest=…" ref={paste_ref} />
                <button id="paste-analyze" type="button" onclick={onpaste_analyze}>{ "Analyse pasted text" }</button>
            </div>
            if let Some(pending) = &props.pending {
                <div class="pending-input" data-testid="pending-input" role="status"
                    data-analysed-by={if pending.by_worker { "worker" } else { "main-thread" }}>
                    <progress max={whole(pending.total_bytes)} value={whole(pending.bytes)}
                        aria-label={format!("Reading {}", pending.name)} />
                    <span class="pending-text">{ pending_text(pending) }</span>
                    <button type="button" data-testid="cancel-pending"
                        onclick={props.oncancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                </div>
            }
            if let Some(by) = props.analysed_by {
                <span hidden=true data-testid="analysed-by" data-analysed-by={by} />
            }
            if let Some(error) = props.pending_error.clone() {
                <p class="input-error" data-testid="input-error" role="alert">{ error }</p>
            }
            if let Some(error) = (*read_error).clone() {
                <p class="input-error" data-testid="input-error" role="alert">{ error }</p>
            }
            <div class="examples">
                <span class="examples-label">{ "Try an example (made up, no real data):" }</span>
                { for EXAMPLES.iter().map(|example| {
                    let onexample = props.onexample.clone();
                    let onclick = Callback::from(move |_: MouseEvent| onexample.emit(example));
                    html! {
                        <button type="button" class="example" data-testid="example-button"
                            data-example={example.id} title={example.description} {onclick}>
                            { example.title }
                        </button>
                    }
                }) }
            </div>
            <CaptureHelp open={!props.has_inputs} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CaptureHelpProps {
    /// Open on the landing page; folded once something was analysed.
    open: bool,
}

/// How to capture a sign-in as a HAR in each browser, with the menu names as the
/// browsers show them, and what to do when the file is big.
#[function_component]
fn CaptureHelp(props: &CaptureHelpProps) -> Html {
    html! {
        <details class="capture-help" data-testid="capture-help" open={props.open}>
            <summary>{ "How to capture a sign-in (HAR)" }</summary>
            <ol class="capture-steps">
                <li>{ "Open the developer tools on the Network panel " }<em>{ "before" }</em>{ " you sign in (F12, or ⌥⌘I on a Mac; in Safari first turn on Settings → Advanced → “Show features for web developers”)." }</li>
                <li>{ "Keep the log across pages (the sign-in goes through several), sign in until it fails, then export:" }</li>
            </ol>
            <div class="table-scroll">
                <table class="capture-table">
                    <thead>
                        <tr><th scope="col">{ "Browser" }</th><th scope="col">{ "Keep the log" }</th><th scope="col">{ "Export" }</th></tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row">{ "Chrome, Edge" }</th>
                            <td>{ "tick " }<strong>{ "Preserve log" }</strong></td>
                            <td><strong>{ "Export HAR (sanitized)…" }</strong>{ " (the download arrow in the panel's toolbar); older versions: right-click a request → " }<strong>{ "Save all as HAR with content" }</strong></td>
                        </tr>
                        <tr>
                            <th scope="row">{ "Firefox" }</th>
                            <td>{ "gear menu → " }<strong>{ "Persist Logs" }</strong></td>
                            <td>{ "gear menu (or right-click a request) → " }<strong>{ "Save All As HAR" }</strong></td>
                        </tr>
                        <tr>
                            <th scope="row">{ "Safari" }</th>
                            <td>{ "tick " }<strong>{ "Preserve Log" }</strong></td>
                            <td><strong>{ "Export" }</strong>{ " at the top right of the Network tab" }</td>
                        </tr>
                    </tbody>
                </table>
            </div>
            <p class="capture-note">
                { format!("A sanitized export leaves out cookies and authorization headers and keeps the SAML messages. A big file? Press the panel's Clear button just before signing in, so the file holds only the sign-in; files up to {} MB are read here, the big ones in the background.", Limits::default().input_bytes >> 20) }
            </p>
        </details>
    }
}

/// The dropped items as file-system entries, when at least one is a folder (`None`:
/// plain files, read from `DataTransfer.files` as before). Read through
/// `webkitGetAsEntry` by name, which every current browser has.
fn folder_drop(transfer: &web_sys::DataTransfer) -> Option<Vec<JsValue>> {
    let items = js_sys::Reflect::get(transfer, &JsValue::from_str("items")).ok()?;
    let length = js_sys::Reflect::get(&items, &JsValue::from_str("length"))
        .ok()?
        .as_f64()? as u32;
    let mut entries = Vec::new();
    for index in 0..length {
        let item = js_sys::Reflect::get_u32(&items, index).ok()?;
        let get_entry = js_sys::Reflect::get(&item, &JsValue::from_str("webkitGetAsEntry"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let entry = get_entry.call0(&item).ok()?;
        if !entry.is_null() && !entry.is_undefined() {
            entries.push(entry);
        }
    }
    entries
        .iter()
        .any(|entry| flag(entry, "isDirectory"))
        .then_some(entries)
}

fn flag(value: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(value, &JsValue::from_str(name))
        .ok()
        .and_then(|flag| flag.as_bool())
        .unwrap_or(false)
}

/// Calls `name` on `target` with `arguments`; `false` when it is not a function.
fn call(target: &JsValue, name: &str, arguments: &[&JsValue]) -> bool {
    let Some(function) = js_sys::Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    let arguments: js_sys::Array = arguments.iter().copied().collect();
    function.apply(target, &arguments).is_ok()
}

/// A walk through dropped folders: the files found so far, and how many callbacks are
/// still to come; `done` gets the files when none are.
struct Walk {
    outstanding: usize,
    files: Vec<web_sys::File>,
    done: Option<Box<dyn FnOnce(Vec<web_sys::File>)>>,
}

type SharedWalk = Rc<RefCell<Walk>>;

fn walk_entries(entries: Vec<JsValue>, done: Box<dyn FnOnce(Vec<web_sys::File>)>) {
    let walk = Rc::new(RefCell::new(Walk {
        outstanding: 1,
        files: Vec::new(),
        done: Some(done),
    }));
    for entry in entries {
        visit(entry, &walk);
    }
    settle(&walk);
}

/// One callback of the walk has come back: when it was the last, hand the files over.
fn settle(walk: &SharedWalk) {
    let finished = {
        let mut state = walk.borrow_mut();
        state.outstanding = state.outstanding.saturating_sub(1);
        if state.outstanding > 0 {
            return;
        }
        state
            .done
            .take()
            .map(|done| (done, std::mem::take(&mut state.files)))
    };
    if let Some((done, files)) = finished {
        done(files);
    }
}

fn visit(entry: JsValue, walk: &SharedWalk) {
    if walk.borrow().files.len() >= FOLDER_FILES {
        return;
    }
    let directory = flag(&entry, "isDirectory");
    if !directory && !flag(&entry, "isFile") {
        return;
    }
    walk.borrow_mut().outstanding += 1;
    if directory {
        let Ok(reader) = js_sys::Reflect::get(&entry, &JsValue::from_str("createReader"))
            .and_then(|create| create.dyn_into::<js_sys::Function>())
            .and_then(|create| create.call0(&entry))
        else {
            settle(walk);
            return;
        };
        read_batch(reader, walk.clone());
        return;
    }
    let on_file = {
        let walk = walk.clone();
        Closure::once_into_js(move |file: JsValue| {
            if let Ok(file) = file.dyn_into::<web_sys::File>() {
                let mut state = walk.borrow_mut();
                if state.files.len() < FOLDER_FILES {
                    state.files.push(file);
                }
            }
            settle(&walk);
        })
    };
    let on_error = {
        let walk = walk.clone();
        Closure::once_into_js(move |_: JsValue| settle(&walk))
    };
    if !call(&entry, "file", &[&on_file, &on_error]) {
        settle(walk);
    }
}

/// Reads a folder's entries batch by batch (`readEntries` returns them in pieces, and an
/// empty batch at the end).
fn read_batch(reader: JsValue, walk: SharedWalk) {
    let on_entries = {
        let walk = walk.clone();
        let reader = reader.clone();
        Closure::once_into_js(move |batch: JsValue| {
            let batch: js_sys::Array = batch.unchecked_into();
            if batch.length() > 0 && walk.borrow().files.len() < FOLDER_FILES {
                for entry in batch.iter() {
                    visit(entry, &walk);
                }
                walk.borrow_mut().outstanding += 1;
                read_batch(reader, walk.clone());
            }
            settle(&walk);
        })
    };
    let on_error = {
        let walk = walk.clone();
        Closure::once_into_js(move |_: JsValue| settle(&walk))
    };
    if !call(&reader, "readEntries", &[&on_entries, &on_error]) {
        settle(&walk);
    }
}

/// Records one finished read; when all files of the drop are read, hands them over in
/// the order they were given.
fn finish_read(
    pending: &Rc<RefCell<Option<PendingRead>>>,
    position: usize,
    name: String,
    result: Result<Vec<u8>, String>,
    onadd: &Callback<Vec<LoadedInput>>,
    read_error: &UseStateHandle<Option<String>>,
) {
    let finished = {
        let mut slot = pending.borrow_mut();
        let Some(read) = slot.as_mut() else {
            return;
        };
        match result {
            Ok(bytes) => read.done.push((
                position,
                LoadedInput {
                    name,
                    bytes: Rc::new(bytes),
                },
            )),
            Err(error) => read.failures.push(format!("{name}: {error}")),
        }
        if read.done.len() + read.failures.len() < read.expected {
            return;
        }
        slot.take()
    };
    let Some(mut read) = finished else {
        return;
    };
    // This runs inside the last reader's callback: drop the readers after it returns.
    let readers = std::mem::take(&mut read.readers);
    gloo::timers::callback::Timeout::new(0, move || drop(readers)).forget();
    if !read.failures.is_empty() {
        read_error.set(Some(format!("Could not read {}", read.failures.join("; "))));
    }
    read.done.sort_by_key(|(position, _)| *position);
    let inputs: Vec<LoadedInput> = read.done.into_iter().map(|(_, input)| input).collect();
    if !inputs.is_empty() {
        onadd.emit(inputs);
    }
}

/// "Reading login.har — 120 of 200 MB, 48 000 entries".
fn pending_text(pending: &PendingInput) -> String {
    // Rounded to whole megabytes in integers (float formatting is not in the page).
    let megabytes = |bytes: f64| ((bytes.max(0.0) as u64 + (1 << 19)) >> 20).to_string();
    let verb = if pending.reading {
        "Reading"
    } else {
        "Scanning"
    };
    let mut text = format!(
        "{verb} {} \u{2014} {} of {} MB",
        pending.name,
        megabytes(pending.bytes),
        megabytes(pending.total_bytes)
    );
    if pending.entries > 0.0 {
        text.push_str(&format!(", {} entries", thousands(pending.entries as u64)));
    }
    text
}

/// 48000 as "48 000".
fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(digit);
    }
    grouped
}

/// A byte count as a whole number (a progress bar needs no more; formatting a float
/// would add its code to the first load).
fn whole(bytes: f64) -> String {
    (bytes.max(0.0) as u64).to_string()
}
