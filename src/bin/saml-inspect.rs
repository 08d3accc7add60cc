//! `saml-inspect`: the command-line face of SAML Inspector, over the same core as the
//! page. The contract (arguments, exit status, JSON fields) is `../shared/CLI.md`.
//!
//! Exit status: 0 when everything was analysed and no finding is an error; 1 when at
//! least one finding is an error; 2 when nothing could be analysed (usage error,
//! unreadable input, no SAML message in any input), with a one-line reason on standard
//! error; where a report can still be made (a HAR without SAML, with its advice) it is
//! printed first.

use saml_inspector::checks::Expectations;
use saml_inspector::redact;
use saml_inspector::report;
use saml_inspector::{Input, Options, Report, Timestamp, analysis, load_trust};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
usage: saml-inspect [OPTIONS] <INPUT>...

INPUT            a file path, or - for standard input: a HAR file, a base64 or URL-encoded
                 SAMLRequest/SAMLResponse, a redirect URL, a form body, SAML XML, IdP/SP
                 metadata, or a certificate (recognised from the content)
--trust FILE     IdP metadata, a certificate (PEM, DER, base64) or a SHA-256/SHA-1
                 certificate fingerprint whose key is trusted to sign; repeatable
--at TIME        reference time (RFC 3339) instead of the HAR capture time or now
--error TEXT     the error text you saw; the findings that explain it come first
--expect KEY=VALUE
                 what you expected: username=, account=, region=, role=, audience=,
                 acs=, profile=aws-iam|aws-identity-center|amazon-connect|metadata;
                 repeatable
--format FORMAT  text (default), json, markdown, html, or har: the sanitized HAR of the
                 first HAR input (implies --redact)
--pretty         JSON indented, one key per line (default: compact, on one line)
--details        JSON: also write each message's whole typed model (`details`)
--redact         redact the output with the page's default policy: user names, NameIDs,
                 e-mails, attribute values, tokens, cookies, signatures... become
                 consistent pseudonyms that keep whitespace, case and odd characters;
                 a receipt of what was replaced and kept ends the output
--salt TEXT      key for the pseudonyms (default: 16 random bytes from the OS per run,
                 so tokens cannot be linked across runs; give one to get the same
                 tokens twice)
-h, --help       this help";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
    Html,
    Har,
}

#[derive(Debug)]
struct Arguments {
    inputs: Vec<String>,
    trust: Vec<String>,
    format: Format,
    at: Option<Timestamp>,
    error: Option<String>,
    expect: Expectations,
    redact: bool,
    salt: Option<String>,
    /// JSON indented for people (`--pretty`) rather than compact.
    pretty: bool,
    /// JSON with each message's typed model (`--details`).
    details: bool,
}

/// Parses the command line. `Err` carries the one-line reason for standard error.
fn parse_arguments(
    mut arguments: impl Iterator<Item = String>,
) -> Result<Option<Arguments>, String> {
    let mut inputs = Vec::new();
    let mut trust = Vec::new();
    let mut format = Format::Text;
    let mut at = None;
    let mut error = None;
    let mut expect = Expectations::default();
    let mut redact = false;
    let mut salt = None;
    let mut pretty = false;
    let mut details = false;
    let mut only_inputs = false;
    while let Some(argument) = arguments.next() {
        if only_inputs || argument == "-" || !argument.starts_with('-') {
            inputs.push(argument);
            continue;
        }
        let (flag, inline_value) = match argument.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (argument.clone(), None),
        };
        let mut value = |name: &str| {
            inline_value
                .clone()
                .or_else(|| arguments.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--" => only_inputs = true,
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    "html" => Format::Html,
                    "har" => Format::Har,
                    other => {
                        return Err(format!(
                            "unknown --format {other:?} (text, json, markdown, html, har)"
                        ));
                    }
                }
            }
            "--at" => {
                let text = value("--at")?;
                at = Some(Timestamp::parse(&text).ok_or_else(|| {
                    format!("--at {text:?} is not an RFC 3339 time such as 2024-05-01T12:00:03Z")
                })?);
            }
            "--trust" => trust.push(value("--trust")?),
            "--error" => error = Some(value("--error")?),
            "--expect" => expect.set_pair(&value("--expect")?)?,
            "--redact" => redact = true,
            "--salt" => salt = Some(value("--salt")?),
            "--pretty" => pretty = true,
            "--details" => details = true,
            other => return Err(format!("unknown option {other:?}; see saml-inspect --help")),
        }
    }
    if inputs.is_empty() {
        return Err("no input given; see saml-inspect --help".to_owned());
    }
    Ok(Some(Arguments {
        inputs,
        trust,
        format,
        at,
        error,
        expect,
        redact: redact || format == Format::Har,
        salt,
        pretty,
        details,
    }))
}

fn read_input(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|error| format!("cannot read standard input: {error}"))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|error| format!("cannot read {path}: {error}"))
}

/// The caller's clock; only used when neither `--at` nor a HAR gives a time.
fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or(0);
    Timestamp::from_unix_millis(millis)
        .unwrap_or_else(|| Timestamp::parse("1970-01-01T00:00:00Z").expect("a valid literal"))
}

/// A salt for the pseudonyms: 16 bytes from the OS (`/dev/urandom`), or, where there
/// is none, the clock and the process id hashed.
fn random_salt() -> Vec<u8> {
    let mut bytes = [0u8; 16];
    if std::fs::File::open("/dev/urandom")
        .and_then(|mut file| file.read_exact(&mut bytes))
        .is_ok()
    {
        return bytes.to_vec();
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or(0);
    format!("{nanos}-{}", std::process::id()).into_bytes()
}

fn render_redacted(redacted: &redact::Redacted, format: Format) -> String {
    match format {
        Format::Text => redact::export::text(redacted),
        Format::Markdown => redact::export::markdown(redacted),
        Format::Html => redact::export::html(redacted),
        Format::Json | Format::Har => redact::export::json(redacted),
    }
}

/// The buffer between the report writers and standard output.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// The report in `format` (JSON is written by `report::json::write` instead). Each renderer escapes every value for its format: no
/// control character, escape sequence or bidi control from a message reaches the
/// terminal, and the JSON keeps values exactly (as `\u` escapes).
fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => report::text::text(report),
        Format::Markdown => report::markdown::markdown(report),
        Format::Html => report::html::page(report, "SAML Inspector report", ""),
        Format::Json | Format::Har => report::json::json(report),
    }
}

/// Writes `reason` on standard error, on one line: it may quote a file name or an input,
/// so it is escaped for a terminal like every other output.
fn complain(reason: &str) {
    eprintln!(
        "saml-inspect: {}",
        saml_inspector::text::escape_terminal(reason)
    );
}

/// Why nothing was analysed when the inputs were read but none held a SAML message, in
/// one line for standard error.
fn no_message_reason(report: &Report) -> String {
    let names: Vec<&str> = report
        .inputs
        .iter()
        .map(|input| input.name.as_str())
        .collect();
    let har_requests = report
        .inputs
        .iter()
        .filter(|input| input.kind == Some(saml_inspector::input::InputKind::Har))
        .map(|input| input.flow.len());
    let mut requests: Vec<String> = har_requests
        .map(|count| match count {
            0 => "the HAR has no requests".to_owned(),
            1 => "its one request carries none".to_owned(),
            count => format!("none of its {count} requests carries one"),
        })
        .collect();
    if report
        .inputs
        .iter()
        .any(|input| input.kind == Some(saml_inspector::input::InputKind::Certificate))
    {
        requests.push("a certificate's facts are in the report".to_owned());
    }
    let detail = if requests.is_empty() {
        String::new()
    } else {
        format!(" ({})", requests.join("; "))
    };
    format!(
        "no SAML message found in {}{detail}",
        if names.len() == 1 {
            names[0].to_owned()
        } else {
            format!("any of the {} inputs", names.len())
        }
    )
}

fn main() -> ExitCode {
    let arguments = match parse_arguments(std::env::args().skip(1)) {
        Ok(Some(arguments)) => arguments,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(reason) => {
            complain(&reason);
            return ExitCode::from(2);
        }
    };
    let mut contents = Vec::with_capacity(arguments.inputs.len());
    for path in &arguments.inputs {
        match read_input(path) {
            Ok(bytes) => contents.push(bytes),
            Err(reason) => {
                complain(&reason);
                return ExitCode::from(2);
            }
        }
    }
    let inputs: Vec<Input<'_>> = arguments
        .inputs
        .iter()
        .zip(&contents)
        .map(|(path, bytes)| Input {
            name: if path == "-" { "standard input" } else { path },
            bytes,
        })
        .collect();
    let mut options = Options {
        reference_time: arguments.at,
        expect: arguments.expect.clone(),
        error_text: arguments.error.clone(),
        ..Options::default()
    };
    for path in &arguments.trust {
        let bytes = match read_input(path) {
            Ok(bytes) => bytes,
            Err(reason) => {
                complain(&format!("--trust {reason}"));
                return ExitCode::from(2);
            }
        };
        let input = Input {
            name: path,
            bytes: &bytes,
        };
        if let Err(reason) = load_trust(&mut options, input) {
            complain(&format!("--trust {path}: {reason}"));
            return ExitCode::from(2);
        }
    }
    // The pipeline's product, then the CLI's report of it (CLI.md's JSON contract).
    let analysis = analysis::run(&inputs, &options, now());
    // The inputs' bytes are read again only for the sanitized HAR; freed here, their
    // memory is reused by the report.
    drop(inputs);
    if arguments.format != Format::Har {
        contents = Vec::new();
    }
    // The typed model (`details`) goes into a redacted export (redacted) and into the
    // JSON report when asked for; nothing else prints it. Without it, the report takes
    // the analysis apart as it is made.
    let report = if arguments.redact || (arguments.format == Format::Json && arguments.details) {
        let report = report::build(&analysis);
        drop(analysis);
        report
    } else {
        report::build_summary(analysis)
    };

    if report.nothing_analysed() {
        let reason = report
            .inputs
            .iter()
            .find_map(|input| {
                input
                    .error
                    .as_deref()
                    .map(|error| format!("{}: {error}", input.name))
            })
            .unwrap_or_else(|| "nothing could be analysed".to_owned());
        complain(&reason);
        return ExitCode::from(2);
    }
    // CLI.md: no SAML message in any input is exit 2 with the reason, but the report
    // (a HAR's flow and its advice) is still printed.
    let no_message = report
        .messages
        .is_empty()
        .then(|| no_message_reason(&report));
    // Standard output through one buffer: the JSON report is written into it as it is
    // serialised, never held whole in memory.
    let mut stdout = std::io::BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout().lock());
    let written = if arguments.redact {
        let salt = arguments
            .salt
            .as_ref()
            .map_or_else(random_salt, |salt| salt.as_bytes().to_vec());
        let mut redacted = redact::redact_report(&report, redact::Policy::default(), &salt);
        let output = if arguments.format == Format::Har {
            let Some(index) = report
                .inputs
                .iter()
                .position(|input| input.kind == Some(saml_inspector::input::InputKind::Har))
            else {
                complain("--format har needs a HAR input");
                return ExitCode::from(2);
            };
            match redact::har::sanitize(&mut redacted.redactor, &contents[index]) {
                Ok(mut har) => {
                    har.push('\n');
                    har
                }
                Err(reason) => {
                    complain(&reason.to_string());
                    return ExitCode::from(2);
                }
            }
        } else {
            render_redacted(&redacted, arguments.format)
        };
        stdout.write_all(output.as_bytes())
    } else if arguments.format == Format::Json {
        let layout = if arguments.pretty {
            report::json::Layout::Pretty
        } else {
            report::json::Layout::Compact
        };
        report::json::write(&report, layout, &mut stdout)
    } else {
        stdout.write_all(render(&report, arguments.format).as_bytes())
    };
    if written.and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    if let Some(reason) = no_message {
        complain(&reason);
        return ExitCode::from(2);
    }
    if report.worst_severity() == saml_inspector::checks::Severity::Error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Option<Arguments>, String> {
        parse_arguments(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn arguments() {
        let parsed = parse("--format json --at 2024-05-01T12:00:03Z a.har -")
            .unwrap()
            .unwrap();
        assert_eq!(parsed.format, Format::Json);
        assert_eq!(parsed.inputs, ["a.har", "-"]);
        assert_eq!(parsed.at.unwrap().to_string(), "2024-05-01T12:00:03Z");
        assert_eq!(
            parse("--format=markdown x").unwrap().unwrap().format,
            Format::Markdown
        );
        assert!(parse("--help").unwrap().is_none());
        let redacted = parse("--redact --salt s1 --format html x")
            .unwrap()
            .unwrap();
        assert!(redacted.redact);
        assert_eq!(redacted.salt.as_deref(), Some("s1"));
        assert_eq!(redacted.format, Format::Html);
        assert!(parse("--format har x.har").unwrap().unwrap().redact);
        let plain = parse("--format json x").unwrap().unwrap();
        assert!(!plain.pretty && !plain.details);
        let chosen = parse("--format json --pretty --details x")
            .unwrap()
            .unwrap();
        assert!(chosen.pretty && chosen.details);
        assert!(!parse("x").unwrap().unwrap().redact);
        let trusted = parse("--trust idp.xml --trust=old.pem login.har")
            .unwrap()
            .unwrap();
        assert_eq!(trusted.trust, ["idp.xml", "old.pem"]);
        assert_eq!(trusted.inputs, ["login.har"]);
        let expected =
            parse("--expect username=jdoe --expect=profile=amazon-connect --error Denied x")
                .unwrap()
                .unwrap();
        assert_eq!(expected.expect.username.as_deref(), Some("jdoe"));
        assert_eq!(
            expected.expect.profile,
            Some(saml_inspector::checks::Pack::AmazonConnect)
        );
        assert_eq!(expected.error.as_deref(), Some("Denied"));
        for bad in [
            "",
            "--format",
            "--format yaml x",
            "--at soon x",
            "--bogus x",
            "--trust",
            "--trust m.xml",
            "--expect colour=blue x",
            "--expect username x",
            "--error",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
