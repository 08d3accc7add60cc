//! The attack catalogue: published SAML / XML-DSig attacks (advisories of 2024–2026)
//! reproduced on legitimately signed messages, and the positive controls beside them, in
//! `tests/fixtures/attacks/` (made by `scripts/make-attacks.py`, one README line per
//! case, the expected verdicts in `cases.tsv`).
//!
//! Every case runs through the real pipeline (`saml-inspect --format json --trust
//! idp.pem --at …`): an attack must not come out `trusted` (unless the catalogue says the
//! signature legitimately verifies, as with a comment inserted into signed text) and must
//! carry the finding that says why; a control must come out `trusted` with no error about
//! its signature, so refusing everything cannot pass. Outside truth: `xmlsec1 --verify`
//! must still say what the manifest records for each file, and the generator must still
//! write exactly the committed files.
//!
//! Cases whose verdict is wrong today are listed in `PENDING` with the reason: they are
//! still run, printed and counted, and a pending case that starts passing fails the test
//! until it is taken off the list.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_saml-inspect");
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/attacks");
/// Inside every case's validity window (NotBefore 09:10, bearer NotOnOrAfter 09:20).
const AT: &str = "2025-03-04T09:16:00Z";

/// Cases whose verdict is wrong today, with what we say and where it goes wrong.
const PENDING: &[(&str, &str)] = &[];

/// Findings about the signature and what it covers: a control must have none of them at
/// severity `error`.
const SIGNATURE_FINDINGS: &[&str] = &[
    "core.xml.wellformed",
    "core.xml.doctype",
    "core.assertion.count",
    "core.sig.present",
    "core.sig.valid",
    "core.sig.coverage",
    "core.cert.trust",
];

/// A required finding: one of `ids`, at one of `severities`.
#[derive(Debug)]
struct Requirement {
    ids: Vec<String>,
    severities: Vec<String>,
}

#[derive(Debug)]
struct Case {
    file: String,
    kind: String,
    expect: String,
    findings: Vec<Requirement>,
    mentions: Vec<String>,
    xmlsec1: String,
}

fn split(text: &str) -> Vec<String> {
    text.split(';')
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

fn manifest() -> Vec<Case> {
    let path = format!("{DIR}/cases.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            assert_eq!(columns.len(), 6, "cases.tsv line {line:?} has not 6 columns");
            let findings = split(columns[3])
                .iter()
                .map(|requirement| {
                    let (ids, severities) = requirement
                        .split_once('=')
                        .unwrap_or_else(|| panic!("requirement {requirement:?} has no '='"));
                    Requirement {
                        ids: ids.split('|').map(str::to_owned).collect(),
                        severities: severities.split('|').map(str::to_owned).collect(),
                    }
                })
                .collect();
            Case {
                file: columns[0].to_owned(),
                kind: columns[1].to_owned(),
                expect: columns[2].to_owned(),
                findings,
                mentions: split(columns[4]),
                xmlsec1: columns[5].to_owned(),
            }
        })
        .collect()
}

/// The files of the catalogue that are not cases: keys, certificates, README, manifest.
const SUPPORT: &[&str] = &[
    "README.md",
    "cases.tsv",
    "idp.key",
    "idp.pem",
    "attacker.key",
    "attacker.pem",
];

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| {
            entry
                .expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn every_file_is_a_listed_case_and_every_case_has_a_readme_line() {
    let cases = manifest();
    let listed: BTreeSet<String> = cases.iter().map(|case| case.file.clone()).collect();
    assert_eq!(listed.len(), cases.len(), "a case is listed twice");
    let mut present = files_in(Path::new(DIR));
    for support in SUPPORT {
        assert!(present.remove(*support), "{support} is missing");
    }
    assert_eq!(present, listed, "files present vs cases listed in cases.tsv");

    let readme = std::fs::read_to_string(format!("{DIR}/README.md")).unwrap();
    let lines: Vec<&str> = readme.lines().filter(|line| line.starts_with("- `")).collect();
    assert_eq!(lines.len(), cases.len(), "one README line per case");
    for case in &cases {
        let marker = format!("- `{}` — ", case.file);
        assert_eq!(
            lines.iter().filter(|line| line.starts_with(&marker)).count(),
            1,
            "README line for {}",
            case.file
        );
    }
    for (file, _) in PENDING {
        assert!(listed.contains(*file), "PENDING names {file}, not a case");
    }
    let attacks = cases.iter().filter(|case| case.kind == "attack").count();
    let controls = cases.iter().filter(|case| case.kind == "control").count();
    assert_eq!(attacks + controls, cases.len(), "kind is attack or control");
    assert!(attacks >= 20 && controls >= 8, "{attacks} attacks, {controls} controls");
}

fn report(case: &Case) -> (Option<i32>, serde_json::Value) {
    let output = Command::new(BIN)
        .args([
            "--format",
            "json",
            "--trust",
            &format!("{DIR}/idp.pem"),
            "--at",
            AT,
            &format!("{DIR}/{}", case.file),
        ])
        .output()
        .expect("saml-inspect runs");
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{}: stdout is not JSON ({error}); exit {:?}; stderr: {}",
            case.file,
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code(), json)
}

fn text_of(finding: &serde_json::Value) -> String {
    format!(
        "{} {}",
        finding["title"].as_str().unwrap_or_default(),
        finding["detail"].as_str().unwrap_or_default()
    )
}

/// What is wrong with our verdict on `case`, or nothing.
fn problems(case: &Case) -> Vec<String> {
    let (code, report) = report(case);
    let mut problems = Vec::new();
    let Some(message) = report["messages"].get(0) else {
        return vec![format!("no message in the report (exit {code:?})")];
    };
    let findings = message["findings"].as_array().cloned().unwrap_or_default();
    let verdict = message["assertion_signature"].as_str().unwrap_or("(missing)");
    if verdict != case.expect {
        problems.push(format!(
            "assertion_signature is {verdict:?}, should be {:?}",
            case.expect
        ));
    }
    let mut first_required = None;
    for requirement in &case.findings {
        let found = findings.iter().find(|finding| {
            requirement.ids.iter().any(|id| finding["id"] == **id)
                && requirement
                    .severities
                    .iter()
                    .any(|severity| finding["severity"] == **severity)
        });
        match found {
            Some(finding) => {
                first_required.get_or_insert(finding.clone());
            }
            None => problems.push(format!(
                "no {} finding at {}",
                requirement.ids.join(" or "),
                requirement.severities.join(" or ")
            )),
        }
    }
    if let Some(finding) = &first_required {
        let text = text_of(finding).to_lowercase();
        for word in &case.mentions {
            if !text.contains(&word.to_lowercase()) {
                problems.push(format!(
                    "{} does not mention {word:?}: {}",
                    finding["id"],
                    text_of(finding)
                ));
            }
        }
    }
    if case.expect == "trusted" {
        for finding in &findings {
            let id = finding["id"].as_str().unwrap_or_default();
            if finding["severity"] == "error" && SIGNATURE_FINDINGS.contains(&id) {
                problems.push(format!("error {id}: {}", text_of(finding)));
            }
        }
    } else if code != Some(1) {
        problems.push(format!("exit status {code:?}, should be 1 (an error finding)"));
    }
    if !problems.is_empty() {
        let summary: Vec<String> = findings
            .iter()
            .filter(|finding| finding["severity"] != "pass")
            .map(|finding| {
                format!(
                    "{} {}: {}",
                    finding["severity"].as_str().unwrap_or_default(),
                    finding["id"].as_str().unwrap_or_default(),
                    finding["title"].as_str().unwrap_or_default()
                )
            })
            .collect();
        problems.push(format!(
            "(we say: name_id {}, signatures {}, findings: {})",
            message["subject"]["name_id"],
            message["signatures"],
            summary.join("; ")
        ));
    }
    problems
}

#[test]
fn every_case_gets_its_verdict() {
    let cases = manifest();
    let mut failures = Vec::new();
    let mut newly_passing = Vec::new();
    let (mut passed, mut pending) = (0, 0);
    for case in &cases {
        let problems = problems(case);
        let reason = PENDING
            .iter()
            .find(|(file, _)| *file == case.file)
            .map(|(_, reason)| *reason);
        match (problems.is_empty(), reason) {
            (true, None) => passed += 1,
            (true, Some(_)) => newly_passing.push(case.file.clone()),
            (false, Some(reason)) => {
                pending += 1;
                println!("PENDING {} — {reason}\n    {}", case.file, problems.join("\n    "));
            }
            (false, None) => failures.push(format!("{}:\n    {}", case.file, problems.join("\n    "))),
        }
    }
    println!(
        "attack catalogue: {passed} as expected, {pending} pending, {} failing, {} pending but passing",
        failures.len(),
        newly_passing.len()
    );
    assert!(
        newly_passing.is_empty(),
        "now right, take off PENDING: {newly_passing:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn xmlsec1_still_says_what_the_catalogue_records() {
    for case in manifest() {
        let mut command = Command::new("xmlsec1");
        command.args(["--verify", "--pubkey-cert-pem", &format!("{DIR}/idp.pem")]);
        for (element, namespace) in [
            ("Response", "urn:oasis:names:tc:SAML:2.0:protocol"),
            ("Assertion", "urn:oasis:names:tc:SAML:2.0:assertion"),
            ("EntityDescriptor", "urn:oasis:names:tc:SAML:2.0:metadata"),
        ] {
            command.args(["--id-attr:ID", &format!("{namespace}:{element}")]);
        }
        let output = command
            .arg(format!("{DIR}/{}", case.file))
            .output()
            .expect("xmlsec1 runs (scripts/setup.sh test installs it)");
        let says = if output.status.success() { "OK" } else { "FAIL" };
        assert_eq!(
            says,
            case.xmlsec1,
            "{}: xmlsec1 --verify says {says}: {}",
            case.file,
            String::from_utf8_lossy(&output.stderr)
        );
        // A control that xmlsec1 refuses would be no control.
        if case.kind == "control" {
            assert_eq!(says, "OK", "{}", case.file);
        }
    }
}

#[test]
fn the_generator_writes_exactly_the_committed_catalogue() {
    let out: PathBuf = std::env::temp_dir().join(format!("saml-attacks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/make-attacks.py"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("python3 runs");
    assert!(
        status.status.success(),
        "make-attacks.py failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let committed = files_in(Path::new(DIR));
    assert_eq!(files_in(&out), committed, "the generator writes other files");
    for file in &committed {
        let written = std::fs::read(out.join(file)).unwrap();
        let kept = std::fs::read(Path::new(DIR).join(file)).unwrap();
        assert!(
            written == kept,
            "{file} differs from what scripts/make-attacks.py writes: re-run it and commit"
        );
    }
    std::fs::remove_dir_all(&out).unwrap();
}
