//! Every golden file the rule and signature tests read has its one-line entry in the
//! README beside it (`- name — what it shows`, a key's entry covering its `.key`, `.pem`,
//! `.der`, `.facts` and `.fingerprints`), and every entry names a file that exists: a
//! case nobody can explain, or an explanation of a case that went, fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The folders of `tests/fixtures/` this test keeps honest.
const FOLDERS: [&str; 5] = ["aws", "certs", "hostile", "iic", "signed"];

#[test]
fn every_fixture_has_its_readme_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut problems = Vec::new();
    for folder in FOLDERS {
        let directory = root.join(folder);
        let readme = std::fs::read_to_string(directory.join("README.md"))
            .unwrap_or_else(|error| panic!("{folder}/README.md: {error}"));
        let listed = listed_names(&readme);
        let mut files = BTreeSet::new();
        for entry in std::fs::read_dir(&directory).expect("the folder lists") {
            let name = entry.expect("an entry").file_name();
            let name = name.to_string_lossy().into_owned();
            if name == "README.md" || name.ends_with(".sh") {
                continue;
            }
            let stem = name.split('.').next().unwrap_or_default().to_owned();
            if !listed.contains(&name) && !listed.contains(&stem) {
                problems.push(format!("{folder}/{name} has no line in its README"));
            }
            files.insert(name);
            files.insert(stem);
        }
        for name in &listed {
            if !files.contains(name) {
                problems.push(format!(
                    "{folder}/README.md lists {name}, which is not there"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The names a README's entries start with: `- a.xml — …` and `- a, b, c — …`.
fn listed_names(readme: &str) -> BTreeSet<String> {
    readme
        .lines()
        .filter_map(|line| line.strip_prefix("- "))
        .filter_map(|entry| entry.split_once(" — "))
        .flat_map(|(names, _)| names.split(','))
        .map(|name| name.trim().trim_matches('`').to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn readme_entries_are_read_as_written() {
    let readme = "# Title\n\nText — not an entry.\n\n- a.xml — one case\n- k1, k2 — two keys\n- b.xml: no dash, not an entry\n";
    let names: Vec<String> = listed_names(readme).into_iter().collect();
    assert_eq!(names, ["a.xml", "k1", "k2"]);
}
