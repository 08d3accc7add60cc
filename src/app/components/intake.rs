//! Where input comes in: a drop zone that is also a file picker, a paste box, and the
//! built-in examples.

use crate::app::examples::EXAMPLES;
use crate::app::state::LoadedInput;
use gloo::file::File;
use gloo::file::callbacks::{FileReader, read_as_bytes};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IntakeProps {
    /// Files read or text pasted, all at once.
    pub onadd: Callback<Vec<LoadedInput>>,
    /// A built-in example chosen (replaces the current inputs).
    pub onexample: Callback<LoadedInput>,
    pub has_inputs: bool,
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
        Rc::new(move |files: Vec<File>| {
            if files.is_empty() {
                return;
            }
            read_error.set(None);
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
                        .map(File::from)
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
            let files = event
                .data_transfer()
                .and_then(|transfer| transfer.files())
                .map(|list| {
                    (0..list.length())
                        .filter_map(|index| list.get(index))
                        .map(File::from)
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
                    <span class="drop-hint">{ "or click to choose files (several at once are analysed together)" }</span>
                </label>
                <input id="file-input" class="file-input" type="file" multiple=true {onchange} />
            </div>
            <div class="paste">
                <label for="paste-input">{ "Or paste a SAMLResponse / SAMLRequest value, a redirect URL, a form body or XML" }</label>
                <textarea id="paste-input" rows="4" spellcheck="false" autocomplete="off"
                    placeholder="PHNhbWxwOlJlc3BvbnNl… or https://idp.example.com/sso?SAMLRequest=…" ref={paste_ref} />
                <button id="paste-analyze" type="button" onclick={onpaste_analyze}>{ "Analyse pasted text" }</button>
            </div>
            if let Some(error) = (*read_error).clone() {
                <p class="input-error" data-testid="input-error" role="alert">{ error }</p>
            }
            <div class="examples">
                <span class="examples-label">{ "Try an example (made up, no real data):" }</span>
                { for EXAMPLES.iter().map(|example| {
                    let onexample = props.onexample.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        onexample.emit(LoadedInput {
                            name: example.file_name.to_owned(),
                            bytes: Rc::new(example.content.as_bytes().to_vec()),
                        })
                    });
                    html! {
                        <button type="button" class="example" data-testid="example-button"
                            data-example={example.id} title={example.description} {onclick}>
                            { example.title }
                        </button>
                    }
                }) }
            </div>
        </section>
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
