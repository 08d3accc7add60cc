//! The core's shape, checked: no module imports a module above it in the layer order
//! written in `src/lib.rs` ("# Layers"), and no two files of one module import each
//! other in a circle.
//!
//! Reads every file of the library under `src/` (not the page, `src/app/`, nor the
//! binaries): its `crate::…`, `super::…` and `$crate::…` paths outside comments, string
//! literals and test-only code (`#[cfg(test)]` items, files declared as
//! `#[cfg(test)] mod …;`). Tests may use anything; the product may not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One library file: its module path (`["checks", "core", "assertion"]`) and the module
/// paths it names (`["crate", ...]` resolved to absolute segments).
#[derive(Debug)]
struct SourceFile {
    module: Vec<String>,
    uses: Vec<Vec<String>>,
}

#[test]
fn no_module_imports_a_module_above_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("src/lib.rs reads");
    let layers = layers(&lib);
    let files = library_files(&root);
    let modules: BTreeSet<&str> = files
        .iter()
        .filter_map(|file| file.module.first().map(String::as_str))
        .collect();
    for module in &modules {
        assert!(
            layers.contains_key(*module),
            "module `{module}` is missing from the layer order in src/lib.rs"
        );
    }
    let violations = upward_imports(&files, &layers, &root_items(&lib));
    assert!(
        violations.is_empty(),
        "imports against the layer order of src/lib.rs:\n{}",
        violations.join("\n")
    );
}

#[test]
fn no_circle_between_the_files_of_a_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = library_files(&root);
    let circles = circles(&files, |module| module != "dsig");
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

#[test]
fn no_circle_between_the_files_of_dsig() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = library_files(&root);
    let circles = circles(&files, |module| module == "dsig");
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

/// The checker itself, on made-up files: it must see an upward import, a grouped one,
/// one through `super::` from a top-level file, and a circle; and nothing in comments,
/// strings or test modules.
#[test]
fn the_checker_sees_what_it_must() {
    let lib = "//! # Layers\n//!\n//! 1. `low`, `text` — the bottom\n//! 2. `mid` — in between\n//! 3. `high` — the top\n//!\n//! # Next\npub use high::Thing;\n";
    let layers = layers(lib);
    assert_eq!(
        layers,
        BTreeMap::from([
            ("low".to_owned(), 1),
            ("text".to_owned(), 1),
            ("mid".to_owned(), 2),
            ("high".to_owned(), 3),
        ])
    );
    let file = |module: &[&str], text: &str| SourceFile {
        module: module.iter().map(|s| (*s).to_owned()).collect(),
        uses: paths(module, &clean(text)),
    };
    let files = [
        file(&["mid"], "use crate::low::X;\nuse crate::{text, high::Y};"),
        file(
            &["low"],
            "// use crate::high::Z;\nconst A: &str = \"crate::high\";\nfn f() { let c = '\"'; super::mid::g(); }",
        ),
        file(
            &["text"],
            "fn f() -> crate::low::X {}\n#[cfg(test)]\nmod tests {\n    use crate::high::Z;\n}\n",
        ),
        file(&["high", "a"], "use super::b::X;"),
        file(&["high", "b"], "use crate::high::a::Y;"),
        file(&["high"], "use crate::Thing;"),
    ];
    let violations = upward_imports(&files, &layers, &root_items(lib));
    let expected = [
        "`mid` imports `high`",
        "`low` imports `mid`",
        "`text` imports `low`",
    ];
    assert_eq!(violations.len(), expected.len(), "{violations:#?}");
    for (violation, expected) in violations.iter().zip(expected) {
        assert!(violation.contains(expected), "{violations:#?}");
    }
    let circles = circles(&files, |_| true);
    assert_eq!(circles.len(), 1, "{circles:#?}");
    assert!(circles[0].contains("high::a"), "{circles:#?}");
}

/// The layer of each module, from the numbered list under `# Layers` in lib.rs's module
/// documentation: ``//! 3. `decode` — …`` puts `decode` on layer 3.
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let mut layers = BTreeMap::new();
    let mut in_section = false;
    for line in lib.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            continue;
        };
        let doc = doc.trim();
        if let Some(heading) = doc.strip_prefix("# ") {
            in_section = heading == "Layers";
            continue;
        }
        if !in_section {
            continue;
        }
        let Some((number, rest)) = doc.split_once(". ") else {
            continue;
        };
        let Ok(number) = number.parse::<usize>() else {
            continue;
        };
        let names = rest.split(" — ").next().unwrap_or_default();
        for name in names.split(',') {
            let name = name.trim().trim_matches('`');
            if !name.is_empty() {
                layers.insert(name.to_owned(), number);
            }
        }
    }
    layers
}

/// The items lib.rs re-exports (`pub use analysis::{Analysis, Input}` → `Analysis` and
/// `Input` are `analysis`'s), so `crate::Input` counts as an import of `analysis`.
fn root_items(lib: &str) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for name in names.trim_matches(['{', '}']).split(',') {
            let name = name.trim();
            if !name.is_empty() {
                items.insert(name.to_owned(), module.to_owned());
            }
        }
    }
    items
}

/// Every import that goes up the layers or sideways within one, in words.
fn upward_imports(
    files: &[SourceFile],
    layers: &BTreeMap<String, usize>,
    root_items: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut violations = Vec::new();
    for file in files {
        let Some(from) = file.module.first() else {
            continue;
        };
        let from_layer = layers.get(from).copied().unwrap_or(usize::MAX);
        for path in &file.uses {
            let Some(first) = path.first() else {
                continue;
            };
            // An item lib.rs re-exports belongs to its module; anything else defined in
            // lib.rs itself (the `analyze` wrapper) sits above every layer.
            let to = root_items.get(first).unwrap_or(first);
            if to == from {
                continue;
            }
            let to_layer = layers.get(to).copied().unwrap_or(usize::MAX);
            if to_layer >= from_layer {
                violations.push(format!(
                    "`{from}` imports `{to}` (layer {from_layer} → {}): {} in {}",
                    if to_layer == usize::MAX {
                        "the crate root".to_owned()
                    } else {
                        format!("layer {to_layer}")
                    },
                    path.join("::"),
                    file.module.join("::"),
                ));
            }
        }
    }
    violations
}

/// Every circle of imports between sibling files (children of one module, the parent's
/// own file left out: a parent declares and re-exports its children, they use its
/// shared items) of the modules `include` accepts.
fn circles(files: &[SourceFile], include: impl Fn(&str) -> bool) -> Vec<String> {
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in files {
        if file.module.len() < 2 || !include(&file.module[0]) {
            continue;
        }
        let parent = &file.module[..file.module.len() - 1];
        let from = file.module.clone();
        for path in &file.uses {
            // A path into a sibling (or below it) is an edge to that sibling.
            if path.len() > parent.len()
                && path.starts_with(parent)
                && path[parent.len()] != from[parent.len()]
            {
                let sibling = path[..=parent.len()].to_vec();
                if files.iter().any(|other| other.module == sibling) {
                    edges.entry(from.clone()).or_default().insert(sibling);
                }
            }
        }
    }
    let mut found = Vec::new();
    for (start, targets) in &edges {
        for target in targets {
            if let Some(route) = route(&edges, target, start) {
                let names: Vec<String> = std::iter::once(start)
                    .chain(route.iter())
                    .map(|module| module.join("::"))
                    .collect();
                found.push(names.join(" → "));
            }
        }
    }
    found.sort();
    found.dedup_by(|one, other| same_circle(one, other));
    found
}

/// A route from `from` to `to` in `edges`, `from` and `to` included.
fn route(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    from: &[String],
    to: &[String],
) -> Option<Vec<Vec<String>>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![from.to_vec()]];
    while let Some(route) = stack.pop() {
        let last = route.last()?;
        if last.as_slice() == to {
            return Some(route);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in edges.get(last).into_iter().flatten() {
            let mut longer = route.clone();
            longer.push(next.clone());
            stack.push(longer);
        }
    }
    None
}

fn same_circle(one: &str, other: &str) -> bool {
    let members =
        |text: &str| -> BTreeSet<String> { text.split(" → ").map(str::to_owned).collect() };
    members(one) == members(other)
}

/// Every library file under `root` with the paths it names, test-only files left out.
fn library_files(root: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect(root, &mut files);
    let mut test_only = BTreeSet::new();
    let mut sources = Vec::new();
    for path in files {
        let relative = path.strip_prefix(root).expect("under src/");
        let first = relative
            .components()
            .next()
            .and_then(|part| part.as_os_str().to_str())
            .unwrap_or_default();
        if matches!(first, "app" | "bin" | "main.rs" | "lib.rs") {
            continue;
        }
        let module = module_path(relative);
        let text = std::fs::read_to_string(&path).expect("a source file reads");
        for child in test_modules(&text) {
            let mut child_path = module.clone();
            child_path.push(child);
            test_only.insert(child_path);
        }
        sources.push((module, text));
    }
    sources
        .into_iter()
        .filter(|(module, _)| {
            !test_only
                .iter()
                .any(|test| module.len() >= test.len() && module[..test.len()] == test[..])
        })
        .map(|(module, text)| SourceFile {
            uses: paths(&module, &clean(&text)),
            module,
        })
        .collect()
}

fn collect(directory: &Path, paths: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(directory)
        .expect("src/ lists")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, paths);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            paths.push(path);
        }
    }
}

/// `checks/core/mod.rs` → `["checks", "core"]`, `checks/core/time.rs` → `[…, "time"]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut segments: Vec<String> = relative
        .components()
        .filter_map(|part| part.as_os_str().to_str())
        .map(str::to_owned)
        .collect();
    if let Some(last) = segments.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            segments.push(stem.to_owned());
        }
    }
    segments
}

/// The children a file declares as `#[cfg(test)] mod name;`.
fn test_modules(text: &str) -> Vec<String> {
    let mut children = Vec::new();
    let mut lines = text.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        if line != "#[cfg(test)]" {
            continue;
        }
        if let Some(next) = lines.peek()
            && let Some(name) = next
                .strip_prefix("mod ")
                .or_else(|| next.strip_prefix("pub mod "))
                .and_then(|rest| rest.strip_suffix(';'))
        {
            children.push(name.trim().to_owned());
        }
    }
    children
}

/// `text` without comments, string and character literals, and `#[cfg(test)]` items
/// (each replaced by a space).
fn clean(text: &str) -> String {
    let characters: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < characters.len() {
        let rest = &characters[at..];
        if rest.starts_with(&['/', '/']) {
            while at < characters.len() && characters[at] != '\n' {
                at += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            let mut depth = 0;
            while at < characters.len() {
                if characters[at..].starts_with(&['/', '*']) {
                    depth += 1;
                    at += 2;
                } else if characters[at..].starts_with(&['*', '/']) {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    at += 1;
                }
            }
            out.push(' ');
        } else if let Some(length) = raw_string(rest) {
            at += length;
            out.push(' ');
        } else if rest[0] == '"' {
            at += 1;
            while at < characters.len() && characters[at] != '"' {
                at += if characters[at] == '\\' { 2 } else { 1 };
            }
            at += 1;
            out.push(' ');
        } else if let Some(length) = char_literal(rest) {
            at += length;
            out.push(' ');
        } else {
            out.push(rest[0]);
            at += 1;
        }
    }
    without_test_items(&out)
}

/// The length of a raw string literal (`r"…"`, `r#"…"#`, `br#"…"#`) at the start.
fn raw_string(text: &[char]) -> Option<usize> {
    let start = match text {
        ['b', 'r', ..] => 2,
        ['r', ..] => 1,
        _ => return None,
    };
    let hashes = text[start..].iter().take_while(|&&c| c == '#').count();
    if text.get(start + hashes) != Some(&'"') {
        return None;
    }
    let body = start + hashes + 1;
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    (body..text.len())
        .find(|&at| text[at..].starts_with(&closing))
        .map(|at| at + closing.len())
}

/// The length of a character literal (`'a'`, `'\n'`, `'\u{a0}'`) at the start; `None`
/// for a lifetime.
fn char_literal(text: &[char]) -> Option<usize> {
    if text.first() != Some(&'\'') {
        return None;
    }
    if text.get(1) == Some(&'\\') {
        return (3..text.len().min(14))
            .find(|&at| text[at] == '\'')
            .map(|at| at + 1);
    }
    (text.get(2) == Some(&'\'')).then_some(3)
}

/// `text` without the items that follow a `#[cfg(test)]` attribute: a `mod … { … }`
/// block, a `mod …;` declaration, or any other item up to its closing brace.
fn without_test_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at + "#[cfg(test)]".len()..];
        let brace = item.find('{');
        let semicolon = item.find(';');
        let end = match (brace, semicolon) {
            (Some(brace), Some(semicolon)) if semicolon < brace => semicolon + 1,
            (Some(brace), _) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (offset, character) in item[brace..].char_indices() {
                    match character {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = brace + offset + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, Some(semicolon)) => semicolon + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Every path `text` (cleaned) names through `crate::`, `$crate::` or `super::`, as
/// absolute module segments; `super::` is resolved from `module`, the file's module
/// path (its parent is what `super` names, for a `mod.rs` and a leaf file alike).
fn paths<S: AsRef<str>>(module: &[S], text: &str) -> Vec<Vec<String>> {
    let characters: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut at = 0;
    while at < characters.len() {
        let starts_word =
            at == 0 || !is_identifier(characters[at - 1]) || characters[at - 1] == '$';
        if !starts_word || !is_identifier(characters[at]) {
            at += 1;
            continue;
        }
        let word = identifier(&characters, at);
        let after = at + word.len();
        let base: Option<Vec<String>> = match word.as_str() {
            "crate" => Some(Vec::new()),
            "super" => {
                let parent = module.len().saturating_sub(1);
                Some(
                    module[..parent]
                        .iter()
                        .map(|s| s.as_ref().to_owned())
                        .collect(),
                )
            }
            _ => None,
        };
        let Some(mut base) = base else {
            at = after;
            continue;
        };
        let mut cursor = skip_space(&characters, after);
        if !characters[cursor..].starts_with(&[':', ':']) {
            at = after;
            continue;
        }
        cursor = skip_space(&characters, cursor + 2);
        // More `super::` segments go further up.
        while identifier(&characters, cursor) == "super" {
            base.pop();
            let next = skip_space(&characters, cursor + 5);
            if !characters[next..].starts_with(&[':', ':']) {
                break;
            }
            cursor = skip_space(&characters, next + 2);
        }
        let (expansions, end) = path_tree(&characters, cursor);
        for expansion in expansions {
            let mut full = base.clone();
            full.extend(expansion);
            found.push(full);
        }
        at = end.max(after);
    }
    found
}

/// Parses `a::b::{c, d::e, self}` at `at`: every path it names (relative), and where
/// it ends.
fn path_tree(characters: &[char], at: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut cursor = skip_space(characters, at);
    loop {
        if characters.get(cursor) == Some(&'{') {
            let mut expansions = Vec::new();
            cursor += 1;
            loop {
                cursor = skip_space(characters, cursor);
                match characters.get(cursor) {
                    None => return (expansions, cursor),
                    Some('}') => return (expansions, cursor + 1),
                    Some(',') => cursor += 1,
                    Some(_) => {
                        let (inner, end) = path_tree(characters, cursor);
                        for tail in inner {
                            let mut full = prefix.clone();
                            full.extend(tail);
                            expansions.push(full);
                        }
                        if end == cursor {
                            cursor += 1;
                        } else {
                            cursor = end;
                        }
                    }
                }
            }
        }
        if characters.get(cursor) == Some(&'*') {
            return (vec![prefix], cursor + 1);
        }
        let segment = identifier(characters, cursor);
        if segment.is_empty() {
            return (vec![prefix], cursor);
        }
        cursor += segment.len();
        if segment != "self" {
            prefix.push(segment);
        }
        let next = skip_space(characters, cursor);
        if characters[next..].starts_with(&[':', ':']) {
            cursor = skip_space(characters, next + 2);
        } else {
            return (vec![prefix], cursor);
        }
    }
}

fn is_identifier(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

fn identifier(characters: &[char], at: usize) -> String {
    characters
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&c| is_identifier(c))
        .collect()
}

fn skip_space(characters: &[char], mut at: usize) -> usize {
    while characters.get(at).is_some_and(|c| c.is_whitespace()) {
        at += 1;
    }
    at
}
