//! No output can be turned against its reader (issue #16): every payload of the hostile
//! catalogue (`tests/fixtures/hostile/`, made by `scripts/make-hostile-inputs.py`) in
//! every field a sign-in and its HAR carry, through every output of `saml-inspect`:
//! text, Markdown, JSON and HTML, each plain and `--redact`ed, and the sanitized HAR,
//! with the input files named after the payload too.
//!
//! Checked against outside truth, not against our own escapers:
//!
//! - **No control character** in any output (a list written here, independently of
//!   `text::is_hidden_or_control`): C0 but `\n` and `\t`, DEL, C1, bidi controls,
//!   zero-width characters and U+2028/U+2029.
//! - **Markdown renders inert**: each Markdown output is rendered by `cmark-gfm` (the
//!   reference GFM implementation, with its autolink, table, strikethrough and tasklist
//!   extensions and raw HTML let through) and the HTML it makes may hold only the
//!   elements Markdown itself makes (no `<a>`, no `<img>`, no raw tag or comment from a
//!   value), and exactly as many code blocks as the report has commands and XML
//!   documents (no value closed a fence or opened one).
//! - **HTML is ours only**: every tag of the HTML outputs is one the renderer writes,
//!   with its attributes.
//! - **JSON keeps values exactly** (the NameID, Issuer and RelayState read back as sent).
//! - **Commands run as meant in bash, dash, zsh and fish**: every command the report
//!   offers (the JSON's, and the same ones in the text and Markdown) is run by each
//!   shell with a fake `aws` first on `PATH` that records its arguments; each shell must
//!   pass exactly the words of the command, and no canary file may appear. For
//!   PowerShell and cmd, which cannot run here, each command must consist of characters
//!   both read literally (see [`assert_portable`]).

#[path = "support/outputs.rs"]
mod outputs;

use outputs::{
    Shells, assert_markdown_inert, assert_no_forbidden, assert_portable, portable, require_tools,
    scratch, tags,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_saml-inspect");
const AT: &str = "2024-05-01T12:00:03Z";
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/hostile")
}

/// One case of `payloads.json`.
struct Payload {
    name: String,
    class: String,
    payload: String,
}

fn payloads() -> Vec<Payload> {
    let text = std::fs::read_to_string(fixtures().join("payloads.json"))
        .expect("tests/fixtures/hostile/payloads.json reads");
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).expect("payloads.json");
    cases
        .iter()
        .map(|case| Payload {
            name: case["name"].as_str().expect("name").to_owned(),
            class: case["class"].as_str().expect("class").to_owned(),
            payload: case["payload"].as_str().expect("payload").to_owned(),
        })
        .collect()
}

/// The payload as the script writes it into XML (ESC [ and ESC ] as CSI and OSC, other
/// C0 controls dropped; tab, LF and CR kept through character references).
fn xml_form(payload: &str) -> String {
    payload
        .replace("\u{1b}[", "\u{9b}")
        .replace("\u{1b}]", "\u{9d}")
        .chars()
        .filter(|&c| u32::from(c) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// A file name made of the payload (no `/` or NUL, which no file name holds).
fn file_name(payload: &str, extension: &str) -> String {
    let mut name: String = payload.chars().filter(|&c| c != '/' && c != '\0').collect();
    while name.len() > 200 {
        name.pop();
    }
    if name.is_empty() || name == "." || name == ".." {
        name = "x".to_owned();
    }
    format!("{name}.{extension}")
}

fn saml_inspect(arguments: &[&str], inputs: &[&Path]) -> Output {
    Command::new(BIN)
        .args(arguments)
        .args(["--at", AT])
        .args(inputs)
        .stdin(Stdio::null())
        .output()
        .expect("saml-inspect runs")
}

#[test]
fn the_catalogue_is_what_the_script_writes() {
    require_tools(&outputs::TOOLS);
    let out = scratch("catalogue");
    let status = Command::new("python3")
        .arg(root().join("scripts/make-hostile-inputs.py"))
        .arg("--out")
        .arg(&out)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "scripts/make-hostile-inputs.py failed");
    let names = |directory: &Path| -> BTreeSet<String> {
        std::fs::read_dir(directory)
            .expect("a directory")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    };
    assert_eq!(names(&fixtures()), names(&out), "the files differ");
    for name in names(&out) {
        let made = std::fs::read(out.join(&name)).expect("made");
        let committed = std::fs::read(fixtures().join(&name)).expect("committed");
        assert!(
            made == committed,
            "tests/fixtures/hostile/{name} is not what the script writes: run python3 scripts/make-hostile-inputs.py"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Every output of every hostile input, checked.
#[test]
fn no_output_of_a_hostile_input_can_act_on_its_reader() {
    require_tools(&outputs::TOOLS);
    let shells = Shells::new();
    let mut commands_run = 0;
    for case in payloads() {
        let directory = scratch(&case.name);
        let har = directory.join(file_name(&case.payload, "har"));
        let pem = directory.join(file_name(&case.payload, "pem"));
        std::fs::copy(fixtures().join(format!("{}.har", case.name)), &har).expect("copied");
        std::fs::copy(fixtures().join(format!("{}.pem", case.name)), &pem).expect("copied");
        let inputs = [har.as_path(), pem.as_path()];
        let label = |format: &str| format!("{} ({}), {format}", case.name, case.class);

        let mut outputs = BTreeMap::new();
        for (format, arguments) in [
            ("text", &["--format", "text"][..]),
            ("markdown", &["--format", "markdown"]),
            ("json", &["--format", "json"]),
            ("html", &["--format", "html"]),
            (
                "redacted text",
                &["--redact", "--salt", "s", "--format", "text"],
            ),
            (
                "redacted markdown",
                &["--redact", "--salt", "s", "--format", "markdown"],
            ),
            (
                "redacted json",
                &["--redact", "--salt", "s", "--format", "json"],
            ),
            (
                "redacted html",
                &["--redact", "--salt", "s", "--format", "html"],
            ),
            ("sanitized har", &["--salt", "s", "--format", "har"]),
        ] {
            let paths: &[&Path] = if format == "sanitized har" {
                &inputs[..1]
            } else {
                &inputs
            };
            let output = saml_inspect(arguments, paths);
            let stdout = String::from_utf8(output.stdout)
                .unwrap_or_else(|_| panic!("{}: not UTF-8", label(format)));
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{}: exit {:?}: {stderr}",
                label(format),
                output.status
            );
            assert_no_forbidden(&label(format), &stdout);
            assert_no_forbidden(&format!("{} (stderr)", label(format)), &stderr);
            outputs.insert(format, stdout);
        }

        let json: serde_json::Value =
            serde_json::from_str(&outputs["json"]).expect("the JSON report parses");
        let redacted: serde_json::Value =
            serde_json::from_str(&outputs["redacted json"]).expect("the redacted JSON parses");
        let _: serde_json::Value =
            serde_json::from_str(&outputs["sanitized har"]).expect("the sanitized HAR parses");
        assert_values_exact(&label("json"), &json, &case.payload);

        let plain_commands = commands(&json);
        let redacted_commands = commands(&redacted);
        let blocks = |report: &serde_json::Value| -> usize {
            report["messages"].as_array().map_or(0, |messages| {
                messages.iter().filter(|m| m["xml"].is_string()).count()
            })
        };
        assert_markdown_inert(
            &label("markdown"),
            &outputs["markdown"],
            Some(plain_commands.len()),
        );
        assert_markdown_inert(
            &label("redacted markdown"),
            &outputs["redacted markdown"],
            Some(2 * redacted_commands.len() + blocks(&redacted)),
        );
        assert_html_ours(&label("html"), &outputs["html"]);
        assert_html_ours(&label("redacted html"), &outputs["redacted html"]);
        for (format, text, offered) in [
            ("text", &outputs["text"], &plain_commands),
            (
                "redacted text",
                &outputs["redacted text"],
                &redacted_commands,
            ),
        ] {
            let shown: Vec<&str> = text
                .lines()
                .filter_map(|line| line.trim_start().strip_prefix("$ "))
                .collect();
            assert_eq!(&shown, offered, "{}", label(format));
        }
        if case.class == "control" {
            assert!(
                ["\\u{", "\\r", "\\n"]
                    .iter()
                    .any(|escape| outputs["text"].contains(escape)),
                "{}: the control characters are shown as escapes",
                label("text")
            );
        }
        for command in plain_commands.iter().chain(&redacted_commands) {
            assert!(
                !command.contains(&case.payload) || case.payload.chars().all(portable),
                "{}: a command carries the payload: {command}",
                case.name
            );
            commands_run += shells.run(command);
        }
        let _ = std::fs::remove_dir_all(&directory);
    }
    // The names IAM accepts although shells treat them specially got their commands, in
    // the form every shell reads alike, or the shells checked little.
    let run = shells
        .seen
        .lock()
        .expect("no test thread panicked holding it");
    for expected in [
        "aws iam get-role --role-name \"=touch\"",
        "aws iam get-role --role-name=\"--debug\"",
        "aws iam get-role --role-name \"@admins\"",
        "aws iam get-role --role-name \"a+b=c.d@e_f-g\" --query Role.MaxSessionDuration",
        "aws iam simulate-principal-policy --policy-source-arn \"arn:aws:iam::111122223333:role/@admins/SamlReadOnly\" --action-names connect:GetFederationToken --resource-arns \"arn:aws:connect:eu-west-2:111122223333:instance/5f1e2d3c-aaaa-bbbb-cccc-123456789abc/user/*\"",
    ] {
        assert!(run.contains(expected), "not offered: {expected}\n{run:#?}");
    }
    assert!(commands_run >= 40, "only {commands_run} commands were run");
}

/// Standard error quotes file names too: escaped like every other output.
#[test]
fn standard_error_carries_no_control_character() {
    let directory = scratch("stderr");
    let missing = directory.join("\u{1b}[2J\u{1b}]52;c;eA==\u{7}\u{202e}.har");
    let output = saml_inspect(&["--format", "text"], &[missing.as_path()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("\\u{1b}[2J"), "{stderr}");
    assert_no_forbidden("standard error", &stderr);
    let _ = std::fs::remove_dir_all(&directory);
}

/// The JSON keeps the message's values exactly as sent.
fn assert_values_exact(label: &str, report: &serde_json::Value, payload: &str) {
    let messages = report["messages"].as_array().expect("messages");
    let iam = messages
        .iter()
        .find(|message| message["origin"]["har_entry"] == 1)
        .unwrap_or_else(|| panic!("{label}: no message from request 2"));
    let xml = xml_form(payload);
    assert_eq!(
        iam["issuer"].as_str(),
        Some(xml.as_str()),
        "{label}: Issuer"
    );
    assert_eq!(
        iam["subject"]["name_id"].as_str(),
        Some(xml.as_str()),
        "{label}: NameID"
    );
    assert_eq!(
        iam["relay_state"].as_str(),
        Some(payload),
        "{label}: RelayState"
    );
    let addressed = messages
        .iter()
        .find(|message| message["origin"]["har_entry"] == 7)
        .unwrap_or_else(|| panic!("{label}: no message from request 8"));
    assert_eq!(
        addressed["destination"].as_str(),
        Some(xml.as_str()),
        "{label}: Destination"
    );
}

/// Every command a JSON report offers, in order.
fn commands(report: &serde_json::Value) -> Vec<String> {
    report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|message| message["next_steps"].as_array().into_iter().flatten())
        .filter_map(|step| step["command"].as_str().map(str::to_owned))
        .collect()
}

// The checks above can fail: each is shown one input it must refuse.

/// The command `saml-inspect` offered before this issue for a role named
/// `a\';touch pwned;#`: POSIX single quotes, which fish reads differently.
#[test]
#[should_panic(expected = "fish -c")]
fn the_shells_catch_a_command_fish_reads_differently() {
    require_tools(&outputs::TOOLS);
    let shells = Shells::new();
    let command = "aws iam get-role --role-name 'a\\'\\'';touch pwned;#'";
    let intended: Vec<String> = ["iam", "get-role", "--role-name", "a\\';touch pwned;#"]
        .map(str::to_owned)
        .into();
    shells.run_in_every_shell(command, &intended);
}

#[test]
#[should_panic(expected = "a character outside the portable set")]
fn powershell_and_cmd_refuse_a_dollar() {
    assert_portable("aws iam get-role --role-name \"$x\"");
}

#[test]
#[should_panic(expected = "a link or an image")]
fn cmark_gfm_finds_an_autolink() {
    require_tools(&outputs::TOOLS);
    assert_markdown_inert("autolink", "mail victim@evil.example\n", None);
}

#[test]
#[should_panic(expected = "a value opened or closed a code block")]
fn cmark_gfm_finds_a_broken_fence() {
    require_tools(&outputs::TOOLS);
    assert_markdown_inert(
        "fence",
        "~~~~~~~~xml\n<a>\n~~~~~~~~~~~~\nb\n~~~~~~~~\n",
        Some(1),
    );
}

#[test]
#[should_panic(expected = "is not the renderer's")]
fn html_that_is_not_ours_is_found() {
    assert_html_ours(
        "img",
        "<!DOCTYPE html>\n<p><img src=x onerror=alert(1)></p>",
    );
}

/// Checks that every tag of an HTML report is one the renderer writes.
fn assert_html_ours(label: &str, html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n"), "{label}");
    for (name, attributes) in tags(html) {
        let allowed = match name.trim_start_matches('/') {
            _ if name.starts_with('/') => attributes.is_empty(),
            "!doctype" => attributes == "html",
            "html" => attributes.is_empty() || attributes == "lang=\"en\"",
            "meta" => {
                attributes == "charset=\"utf-8\""
                    || attributes.starts_with("http-equiv=\"Content-Security-Policy\"")
            }
            "strong" => attributes.is_empty() || attributes.starts_with("class=\""),
            "section" => attributes.is_empty() || attributes == "class=\"receipt\"",
            "pre" => {
                attributes == "class=\"saml-inspector-xml\""
                    || attributes.starts_with("class=\"saml-inspector-xml\" data-captured-at=\"")
            }
            "head" | "title" | "style" | "body" | "h1" | "h2" | "h3" | "p" | "em" | "ul" | "li"
            | "table" | "tr" | "th" | "td" | "code" | "br" | "details" | "summary" => {
                attributes.is_empty()
            }
            _ => false,
        };
        assert!(
            allowed && !attributes.contains('<'),
            "{label}: <{name} {attributes}> is not the renderer's"
        );
    }
}
