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
//! One test per case. Cases whose verdict is wrong today are marked `pending` with the
//! reason: their test is ignored (cargo counts and shows them) and
//! `pending_cases_are_still_wrong` runs, prints and counts them, failing once one comes out
//! right so that its mark is taken off.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_saml-inspect");
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/attacks");
/// Inside every case's validity window (NotBefore 09:10, bearer NotOnOrAfter 09:20).
const AT: &str = "2025-03-04T09:16:00Z";

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
            assert_eq!(
                columns.len(),
                6,
                "cases.tsv line {line:?} has not 6 columns"
            );
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
    assert_eq!(
        present, listed,
        "files present vs cases listed in cases.tsv"
    );

    let readme = std::fs::read_to_string(format!("{DIR}/README.md")).unwrap();
    let lines: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("- `"))
        .collect();
    assert_eq!(lines.len(), cases.len(), "one README line per case");
    for case in &cases {
        let marker = format!("- `{}` — ", case.file);
        assert_eq!(
            lines
                .iter()
                .filter(|line| line.starts_with(&marker))
                .count(),
            1,
            "README line for {}",
            case.file
        );
    }
    let tested: BTreeSet<String> = CASES.iter().map(|file| (*file).to_owned()).collect();
    assert_eq!(tested.len(), CASES.len(), "a case has two tests");
    assert_eq!(
        tested, listed,
        "cases with a test vs cases listed in cases.tsv"
    );
    let attacks = cases.iter().filter(|case| case.kind == "attack").count();
    let controls = cases.iter().filter(|case| case.kind == "control").count();
    assert_eq!(attacks + controls, cases.len(), "kind is attack or control");
    assert!(
        attacks >= 20 && controls >= 8,
        "{attacks} attacks, {controls} controls"
    );
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
    let verdict = message["assertion_signature"]
        .as_str()
        .unwrap_or("(missing)");
    if verdict != case.expect {
        problems.push(format!(
            "assertion_signature is {verdict:?}, should be {:?}",
            case.expect
        ));
    }
    for (index, requirement) in case.findings.iter().enumerate() {
        let matching: Vec<&serde_json::Value> = findings
            .iter()
            .filter(|finding| {
                requirement.ids.iter().any(|id| finding["id"] == **id)
                    && requirement
                        .severities
                        .iter()
                        .any(|severity| finding["severity"] == **severity)
            })
            .collect();
        if matching.is_empty() {
            problems.push(format!(
                "no {} finding at {}",
                requirement.ids.join(" or "),
                requirement.severities.join(" or ")
            ));
            continue;
        }
        // The words are about the first requirement: one of its findings says them all.
        let says_all = |finding: &&serde_json::Value| {
            let text = text_of(finding).to_lowercase();
            case.mentions
                .iter()
                .all(|word| text.contains(&word.to_lowercase()))
        };
        if index == 0 && !matching.iter().any(says_all) {
            problems.push(format!(
                "no {} finding mentions {:?}; they say: {}",
                requirement.ids.join(" or "),
                case.mentions,
                matching
                    .iter()
                    .map(|finding| text_of(finding))
                    .collect::<Vec<_>>()
                    .join(" / ")
            ));
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
        problems.push(format!(
            "exit status {code:?}, should be 1 (an error finding)"
        ));
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

fn case(file: &str) -> Case {
    manifest()
        .into_iter()
        .find(|case| case.file == file)
        .unwrap_or_else(|| panic!("{file} is not in cases.tsv"))
}

fn check(file: &str) {
    let problems = problems(&case(file));
    assert!(
        problems.is_empty(),
        "{file}:\n    {}",
        problems.join("\n    ")
    );
}

/// One test per case, in the order of `cases.tsv`. A case whose verdict is wrong today
/// carries `pending` and the reason (what we say, where it goes wrong): its test is ignored
/// (cargo counts and shows it), and `pending_cases_are_still_wrong` runs it, prints it, and
/// fails once it comes out right, so the mark is taken off.
macro_rules! cases {
    ($($name:ident: $file:literal $(pending $reason:literal)?;)*) => {
        /// Every case that has a test.
        const CASES: &[&str] = &[$($file),*];
        /// The cases whose verdict is wrong today, with the reason.
        const PENDING: &[(&str, &str)] = &[$($(($file, $reason),)?)*];
        $(
            #[test]
            $(#[ignore = $reason])?
            fn $name() {
                check($file);
            }
        )*
    };
}

cases! {
    control_assertion_signed: "control-assertion-signed.xml";
    control_response_signed: "control-response-signed.xml";
    control_both_signed: "control-both-signed.xml";
    control_nameid_comment_signed: "control-nameid-comment-signed.xml";
    control_nameid_cdata_signed: "control-nameid-cdata-signed.xml";
    control_nameid_pi_signed: "control-nameid-pi-signed.xml";
    control_inclusive_namespaces_prefixlist: "control-inclusive-namespaces-prefixlist.xml";
    control_ds_namespace_on_ancestor: "control-ds-namespace-on-ancestor.xml";
    control_default_namespace_on_ancestor: "control-default-namespace-on-ancestor.xml";
    control_signaturevalue_whitespace: "control-signaturevalue-whitespace.xml";
    cve_2025_47949_samlify_forged_assertion_first: "cve-2025-47949-samlify-forged-assertion-first.xml";
    cve_2025_46572_passport_wsfed_saml2_forged_assertion_after: "cve-2025-46572-passport-wsfed-saml2-forged-assertion-after.xml";
    cve_2025_54419_node_saml_assertion_in_extensions: "cve-2025-54419-node-saml-assertion-in-extensions.xml";
    cve_2025_54369_node_saml_assertion_in_statusdetail: "cve-2025-54369-node-saml-assertion-in-statusdetail.xml";
    cve_2024_45409_ruby_saml_assertion_in_ds_object: "cve-2024-45409-ruby-saml-assertion-in-ds-object.xml";
    cve_2025_47949_samlify_signed_assertion_in_advice: "cve-2025-47949-samlify-signed-assertion-in-advice.xml";
    cve_2024_8698_keycloak_signature_moved_into_forged_assertion: "cve-2024-8698-keycloak-signature-moved-into-forged-assertion.xml";
    cve_2024_6800_ghes_signed_metadata_graft: "cve-2024-6800-ghes-signed-metadata-graft.xml";
    cve_2025_40934_xml_sig_signature_removed: "cve-2025-40934-xml-sig-signature-removed.xml";
    cve_2025_46573_passport_wsfed_saml2_attribute_smuggling: "cve-2025-46573-passport-wsfed-saml2-attribute-smuggling.xml";
    cve_2025_29775_xml_crypto_digestvalue_comment: "cve-2025-29775-xml-crypto-digestvalue-comment.xml";
    cve_2025_29774_xml_crypto_second_signedinfo: "cve-2025-29774-xml-crypto-second-signedinfo.xml";
    cve_2024_45409_ruby_saml_digestvalue_smuggled: "cve-2024-45409-ruby-saml-digestvalue-smuggled.xml";
    cve_2024_32962_xml_crypto_attacker_certificate_in_keyinfo: "cve-2024-32962-xml-crypto-attacker-certificate-in-keyinfo.xml";
    cve_2024_32962_xml_crypto_keyvalue_beside_idp_certificate: "cve-2024-32962-xml-crypto-keyvalue-beside-idp-certificate.xml";
    cve_2025_48994_signxml_hmac_algorithm_confusion: "cve-2025-48994-signxml-hmac-algorithm-confusion.xml";
    cve_2025_25291_ruby_saml_doctype_differential: "cve-2025-25291-ruby-saml-doctype-differential.xml";
    cve_2025_25292_ruby_saml_rebound_saml_prefix: "cve-2025-25292-ruby-saml-rebound-saml-prefix.xml";
    cve_2025_66567_ruby_saml_signature_in_lookalike_namespace: "cve-2025-66567-ruby-saml-signature-in-lookalike-namespace.xml";
    cve_2025_66567_ruby_saml_duplicate_id: "cve-2025-66567-ruby-saml-duplicate-id.xml";
    cve_2025_66567_ruby_saml_namespaced_id: "cve-2025-66567-ruby-saml-namespaced-id.xml";
    cve_2025_66567_ruby_saml_id_attribute_case: "cve-2025-66567-ruby-saml-id-attribute-case.xml";
    cve_2025_66567_ruby_saml_whitespace_id: "cve-2025-66567-ruby-saml-whitespace-id.xml";
    cve_2024_52806_simplesamlphp_saml2_xxe: "cve-2024-52806-simplesamlphp-saml2-xxe.xml";
    cve_2025_66568_ruby_saml_void_canonicalization: "cve-2025-66568-ruby-saml-void-canonicalization.xml";
    cve_2025_66568_ruby_saml_void_reference: "cve-2025-66568-ruby-saml-void-reference.xml";
    vu_475445_nameid_comment_after_signing: "vu-475445-nameid-comment-after-signing.xml";
    vu_475445_nameid_cdata_after_signing: "vu-475445-nameid-cdata-after-signing.xml";
    vu_475445_nameid_pi_after_signing: "vu-475445-nameid-pi-after-signing.xml";
}

#[test]
fn pending_cases_are_still_wrong() {
    let mut now_right = Vec::new();
    for (file, reason) in PENDING {
        let problems = problems(&case(file));
        if problems.is_empty() {
            now_right.push(*file);
        } else {
            println!("PENDING {file} — {reason}\n    {}", problems.join("\n    "));
        }
    }
    println!(
        "attack catalogue: {} cases, {} pending",
        CASES.len(),
        PENDING.len() - now_right.len()
    );
    assert!(
        now_right.is_empty(),
        "now right, take `pending` off: {now_right:?}"
    );
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
        let says = if output.status.success() {
            "OK"
        } else {
            "FAIL"
        };
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
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/make-attacks.py"
        ))
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
    assert_eq!(
        files_in(&out),
        committed,
        "the generator writes other files"
    );
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
