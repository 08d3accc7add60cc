//! Makes the single self-contained page: `dist/` (as `trunk build` leaves it) in one
//! HTML file that opens from `file://` and works offline.
//!
//!     single-file [DIST [OUT]]     # default: dist dist-single/saml-inspector.html
//!
//! The wasm-bindgen glue goes into one inline module script, followed by the start-up
//! that `boot.js` does for the served page, except that the WebAssembly is instantiated
//! from bytes inlined as base64 instead of fetched. The analysis engine (the page's
//! second module, named by the loader tag's `data-engine-js` and `data-engine-wasm`)
//! goes into another inline module script before it, in its own module scope, and
//! defines `globalThis.samlInspectorEngine` as `boot.js` does: it instantiates the
//! engine from its inlined bytes the first time the page asks, once. The stylesheet
//! becomes an inline style element. Nothing else may refer to a file: the preload links
//! Trunk adds are dropped, and any other reference to a local file is an error.
//!
//! The Content-Security-Policy is `dist/index.html`'s, made stricter for a file with
//! nothing to load: `'self'` is removed everywhere (on `file://` it means nothing
//! useful), the inline script and style are allowed by their SHA-256 only, and
//! `connect-src` is `'none'`. Trusted Types stay required.
//!
//! The output depends only on the bytes of `dist/`, so a reproducible `dist/` gives a
//! reproducible file; its SHA-256 is printed (`scripts/build` shows it, README lists it).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

fn main() -> ExitCode {
    let mut arguments = std::env::args_os().skip(1);
    let dist = arguments
        .next()
        .map_or_else(|| PathBuf::from("dist"), PathBuf::from);
    let out = arguments.next().map_or_else(
        || PathBuf::from("dist-single/saml-inspector.html"),
        PathBuf::from,
    );
    match build(&dist) {
        Ok(page) => {
            if let Some(parent) = out.parent().filter(|parent| !parent.as_os_str().is_empty())
                && let Err(error) = std::fs::create_dir_all(parent)
            {
                eprintln!("single-file: {}: {error}", parent.display());
                return ExitCode::FAILURE;
            }
            if let Err(error) = std::fs::write(&out, &page) {
                eprintln!("single-file: {}: {error}", out.display());
                return ExitCode::FAILURE;
            }
            println!("{}  {}", hex(&Sha256::digest(&page)), out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("single-file: {error}");
            ExitCode::FAILURE
        }
    }
}

fn build(dist: &Path) -> Result<Vec<u8>, String> {
    let read = |name: &str| -> Result<Vec<u8>, String> {
        // Only plain names of files in dist/: the page refers to them as `./NAME`.
        let name = name.strip_prefix("./").unwrap_or(name);
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(format!("refusing to inline `{name}`: not a file of dist/"));
        }
        let path = dist.join(name);
        std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))
    };
    let index = String::from_utf8(read("index.html")?)
        .map_err(|_| "dist/index.html is not UTF-8".to_owned())?;
    make_single(&index, read)
}

/// The single page from `index` (dist/index.html), reading the files it names with
/// `read`.
fn make_single(
    index: &str,
    read: impl Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let mut html = index.to_owned();

    // The loader tag (Trunk.toml's pattern_script) names the glue and the wasm.
    let (start, end) = find_tag(&html, "<script", "data-wasm=")
        .ok_or("dist/index.html has no <script data-js data-wasm> loader tag")?;
    let loader = &html[start..end];
    let glue_name = attribute(loader, "data-js").ok_or("the loader tag has no data-js")?;
    let wasm_name = attribute(loader, "data-wasm").ok_or("the loader tag has no data-wasm")?;
    let closing = "</script>";
    if !html[end..].starts_with(closing) {
        return Err("the loader tag is not followed by </script>".into());
    }
    let read_text = |name: &str| -> Result<String, String> {
        String::from_utf8(read(name)?).map_err(|_| format!("{name} is not UTF-8"))
    };
    let glue = read_text(&glue_name)?;
    let wasm = read(&wasm_name)?;
    let script = inline_script(&glue, &wasm)?;
    let mut script_hashes = Vec::new();
    let mut scripts = String::new();
    match (
        attribute(loader, "data-engine-js"),
        attribute(loader, "data-engine-wasm"),
    ) {
        (Some(engine_glue), Some(engine_wasm)) => {
            let engine = engine_script(&read_text(&engine_glue)?, &read(&engine_wasm)?)?;
            script_hashes.push(csp_hash(&engine));
            scripts.push_str(&format!("<script type=\"module\">{engine}</script>"));
        }
        (None, None) => {}
        _ => return Err("the loader tag names only one of the engine's two files".into()),
    }
    script_hashes.push(csp_hash(&script));
    scripts.push_str(&format!("<script type=\"module\">{script}</script>"));
    html.replace_range(start..end + closing.len(), &scripts);

    // The stylesheet, inline.
    let mut style_hashes = Vec::new();
    while let Some((start, end)) = find_tag(&html, "<link", "rel=\"stylesheet\"") {
        let href = attribute(&html[start..end], "href").ok_or("a stylesheet link has no href")?;
        let css = String::from_utf8(read(&href)?).map_err(|_| format!("{href} is not UTF-8"))?;
        if css.contains("</style") || css.contains("url(") && !css.contains("url(data:") {
            return Err(format!(
                "{href} cannot be inlined as it is (</style> or url())"
            ));
        }
        style_hashes.push(csp_hash(&css));
        html.replace_range(start..end, &format!("<style>{css}</style>"));
    }

    // Preloads of the files now inlined would be fetches.
    for rel in ["rel=\"modulepreload\"", "rel=\"preload\""] {
        while let Some((start, end)) = find_tag(&html, "<link", rel) {
            html.replace_range(start..end, "");
        }
    }

    // The policy, for a file with nothing to load.
    let (start, end) = find_tag(&html, "<meta", "Content-Security-Policy")
        .ok_or("dist/index.html has no Content-Security-Policy meta tag")?;
    let policy =
        attribute(&html[start..end], "content").ok_or("the CSP meta tag has no content")?;
    let policy = single_file_policy(&policy, &script_hashes, &style_hashes)?;
    html.replace_range(
        start..end,
        &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\" />"),
    );

    // Anything else that names a file would now be a request from file://. (Script
    // contents are code, not markup: only script tags themselves are looked at.)
    let markup: String = html
        .split("<script")
        .enumerate()
        .map(|(index, part)| {
            if index == 0 {
                return part.to_owned();
            }
            let (tag, rest) = part.split_once('>').unwrap_or((part, ""));
            let after = rest.split_once("</script>").map_or("", |(_, after)| after);
            format!("{tag}>{after}")
        })
        .collect();
    for reference in ["src=", "href=\"./", "href=\"/", "href=\"http", "url("] {
        if markup.contains(reference) {
            return Err(format!(
                "dist/index.html still refers to a file (`{reference}`) after inlining"
            ));
        }
    }
    Ok(html.into_bytes())
}

/// Refuses glue that cannot be inlined as it is.
fn check_glue(glue: &str) -> Result<(), String> {
    // A glue that imports other modules (wasm-bindgen snippets) would need them too.
    if glue
        .lines()
        .any(|line| line.starts_with("import ") || line.starts_with("import{"))
    {
        return Err("the wasm-bindgen glue imports other modules; inline them first".into());
    }
    if glue.contains("</script") || glue.contains("<!--") {
        return Err("the glue contains `</script` or `<!--`".into());
    }
    Ok(())
}

/// The engine's glue and its loader in one module script: `samlInspectorEngine()`
/// instantiates the engine from its inlined bytes on the first call and returns (a
/// promise of) its exported functions; later calls return the same promise.
fn engine_script(glue: &str, wasm: &[u8]) -> Result<String, String> {
    check_glue(glue)?;
    let init = default_export(glue).ok_or("the engine's glue has no default export")?;
    let functions = exported_functions(glue);
    if functions.is_empty() {
        return Err("the engine's glue exports no function".into());
    }
    Ok(format!(
        "{glue}\n\
         // The analysis engine, inlined: instantiated from these bytes the first time the\n\
         // page asks for it (src/app/engine.rs), once.\n\
         const singleFileEngineWasm = \"{wasm}\";\n\
         let singleFileEngine;\n\
         globalThis.samlInspectorEngine = () =>\n  \
           (singleFileEngine ??= {init}({{\n    \
             module_or_path: Uint8Array.from(atob(singleFileEngineWasm), (c) => c.charCodeAt(0)),\n  \
           }}).then(() => ({{ {functions} }})));\n",
        wasm = STANDARD.encode(wasm),
        functions = functions.join(", "),
    ))
}

/// The names of the functions the glue exports (`export function NAME(`).
fn exported_functions(glue: &str) -> Vec<&str> {
    glue.lines()
        .filter_map(|line| {
            let name = line.strip_prefix("export function ")?.split('(').next()?;
            (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .then_some(name)
        })
        .collect()
}

/// The glue and the start-up in one module script: the glue's default export (its
/// async init) is given the WebAssembly's bytes, so nothing is fetched.
fn inline_script(glue: &str, wasm: &[u8]) -> Result<String, String> {
    check_glue(glue)?;
    let init = default_export(glue).ok_or("the glue has no default export (its init)")?;
    Ok(format!(
        "{glue}\n\
         // The page's WebAssembly, inlined: instantiated from these bytes, never fetched.\n\
         const singleFileWasm = Uint8Array.from(atob(\"{wasm}\"), (c) => c.charCodeAt(0));\n\
         await {init}({{ module_or_path: singleFileWasm }});\n",
        wasm = STANDARD.encode(wasm),
    ))
}

/// The name of the glue's default export: `export { initSync, __wbg_init as default };`
/// or `export default __wbg_init;`.
fn default_export(glue: &str) -> Option<&str> {
    fn identifier(text: &str) -> Option<&str> {
        let text = text.trim();
        (!text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$'))
        .then_some(text)
    }
    glue.lines().find_map(|line| {
        let line = line.trim().trim_end_matches(';');
        if let Some(name) = line.strip_prefix("export default ") {
            return identifier(name);
        }
        let list = line.strip_prefix("export {")?.strip_suffix('}')?;
        list.split(',')
            .find_map(|item| identifier(item.trim().strip_suffix(" as default")?))
    })
}

/// `content` for the single file: no `'self'`; scripts and styles by hash; nothing to
/// connect to.
fn single_file_policy(
    policy: &str,
    script_hashes: &[String],
    style_hashes: &[String],
) -> Result<String, String> {
    let mut directives = Vec::new();
    let mut seen = Vec::new();
    for directive in policy.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut words = directive.split_whitespace();
        let name = words.next().unwrap_or_default();
        seen.push(name);
        let mut values: Vec<String> = words
            .filter(|word| *word != "'self'")
            .map(str::to_owned)
            .collect();
        match name {
            "script-src" => {
                for (index, hash) in script_hashes.iter().enumerate() {
                    values.insert(index, format!("'{hash}'"));
                }
            }
            "style-src" => {
                for (index, hash) in style_hashes.iter().enumerate() {
                    values.insert(index, format!("'{hash}'"));
                }
            }
            "connect-src" => values = vec!["'none'".into()],
            _ => {}
        }
        if values.is_empty() {
            values.push("'none'".into());
        }
        directives.push(format!("{name} {}", values.join(" ")));
    }
    for needed in ["default-src", "script-src", "style-src", "connect-src"] {
        if !seen.contains(&needed) {
            return Err(format!("the page's CSP has no {needed}"));
        }
    }
    Ok(directives.join("; "))
}

/// `sha256-BASE64` of a script's or style's text, as CSP hashes it.
fn csp_hash(text: &str) -> String {
    format!(
        "sha256-{}",
        STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The first tag starting with `open` (`<link`) that contains `needle`: its byte range.
fn find_tag(html: &str, open: &str, needle: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(offset) = html[from..].find(open) {
        let start = from + offset;
        let end = start + html[start..].find('>')? + 1;
        if html[start..end].contains(needle) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// The value of `name="..."` in one tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(offset) = tag[from..].find(name) {
        let at = from + offset;
        let before = tag[..at].chars().next_back();
        let rest = &tag[at + name.len()..];
        if before.is_some_and(char::is_whitespace)
            && let Some(value) = rest.strip_prefix("=\"")
        {
            return value.split_once('"').map(|(value, _)| value.to_owned());
        }
        from = at + name.len();
    }
    None
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"<!doctype html>
<html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' data:; style-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'" />
<link rel="icon" href="data:," />
<link rel="stylesheet" href="./main-1.css" integrity="sha384-x"/>
<script type="module" src="./boot.js" data-js="./app-1.js" data-wasm="./app-1_bg.wasm"></script>
<link rel="modulepreload" href="./app-1.js" crossorigin="anonymous"><link rel="preload" href="./app-1_bg.wasm" as="fetch" type="application/wasm"></head>
<body></body></html>"#;

    const GLUE: &str =
        "let wasm;\nasync function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n";

    fn files(name: &str) -> Result<Vec<u8>, String> {
        match name {
            "./main-1.css" => Ok(b"body { color: red }".to_vec()),
            "./app-1.js" => Ok(GLUE.as_bytes().to_vec()),
            "./app-1_bg.wasm" => Ok(b"\0asm\x01\0\0\0".to_vec()),
            _ => Err(format!("no {name}")),
        }
    }

    #[test]
    fn inlines_everything_and_allows_it_by_hash_only() {
        let page = String::from_utf8(make_single(INDEX, files).unwrap()).unwrap();
        let script = page
            .split_once("<script type=\"module\">")
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .unwrap()
            .0;
        assert!(script.starts_with(GLUE));
        assert!(script.contains(&STANDARD.encode(b"\0asm\x01\0\0\0")));
        assert!(script.contains("await __wbg_init({ module_or_path: singleFileWasm });"));
        let css_hash = csp_hash("body { color: red }");
        assert!(page.contains("<style>body { color: red }</style>"));
        let policy = format!(
            "default-src 'none'; script-src '{}' 'wasm-unsafe-eval'; connect-src 'none'; \
             img-src data:; style-src '{css_hash}'; require-trusted-types-for 'script'; \
             trusted-types 'none'",
            csp_hash(script)
        );
        assert!(page.contains(&format!("content=\"{policy}\"")), "{page}");
        for gone in ["boot.js", "preload", "'self'", "app-1", "main-1.css"] {
            assert!(!page.contains(gone), "{gone} is still in {page}");
        }
        // The same input, the same bytes.
        assert_eq!(make_single(INDEX, files).unwrap(), page.into_bytes());
    }

    #[test]
    fn refuses_what_it_cannot_inline() {
        let cases = [
            (
                "no loader tag",
                INDEX.replace("data-wasm=", "data-x="),
                "loader tag",
            ),
            (
                "another script file",
                INDEX.replace("<body>", "<body><script src=\"./x.js\"></script>"),
                "refers to a file",
            ),
            (
                "an image file",
                INDEX.replace("<body>", "<body><img src=\"./x.png\">"),
                "refers to a file",
            ),
            (
                "no CSP",
                INDEX.replace("Content-Security-Policy", "X"),
                "no Content-Security-Policy",
            ),
            (
                "a missing file",
                INDEX.replace("./main-1.css", "./main-2.css"),
                "no ./main-2.css",
            ),
        ];
        for (name, index, expected) in cases {
            let error = make_single(&index, files).unwrap_err();
            assert!(error.contains(expected), "{name}: {error}");
        }
        let glue_without_init = |name: &str| match name {
            "./app-1.js" => Ok(b"let wasm;\n".to_vec()),
            other => files(other),
        };
        assert!(make_single(INDEX, glue_without_init).is_err());
        let glue_with_import = |name: &str| match name {
            "./app-1.js" => {
                Ok(format!("import * as a from './snippets/a.js';\n{GLUE}").into_bytes())
            }
            other => files(other),
        };
        assert!(make_single(INDEX, glue_with_import).is_err());
    }

    #[test]
    fn finds_the_default_export() {
        for (glue, expected) in [
            (
                "export { initSync, __wbg_init as default };",
                Some("__wbg_init"),
            ),
            ("export default init;", Some("init")),
            ("export { initSync };", None),
            ("export default function () {}", None),
        ] {
            assert_eq!(default_export(glue), expected, "{glue}");
        }
    }

    const ENGINE_GLUE: &str = "let wasm;\nexport function analyze(a) {}\nexport function reduce_har(b, p) {}\nasync function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n";

    fn with_engine(name: &str) -> Result<Vec<u8>, String> {
        match name {
            "./engine.js" => Ok(ENGINE_GLUE.as_bytes().to_vec()),
            "./engine_bg.wasm" => Ok(b"\0asm\x01\0\0\0engine".to_vec()),
            other => files(other),
        }
    }

    fn index_with_engine() -> String {
        INDEX.replace(
            "data-wasm=\"./app-1_bg.wasm\"",
            "data-wasm=\"./app-1_bg.wasm\" data-engine-js=\"./engine.js\" data-engine-wasm=\"./engine_bg.wasm\"",
        )
    }

    /// The inline module scripts, in document order.
    fn inline_scripts(page: &str) -> Vec<&str> {
        page.split("<script type=\"module\">")
            .skip(1)
            .filter_map(|part| part.split_once("</script>").map(|(script, _)| script))
            .collect()
    }

    #[test]
    fn inlines_the_engine_before_the_page_with_a_lazy_loader() {
        let page =
            String::from_utf8(make_single(&index_with_engine(), with_engine).unwrap()).unwrap();
        let scripts = inline_scripts(&page);
        assert_eq!(scripts.len(), 2, "{page}");
        let (engine, app) = (scripts[0], scripts[1]);
        assert!(
            engine.starts_with(ENGINE_GLUE),
            "the engine comes first, in its own module"
        );
        assert!(app.starts_with(GLUE));
        assert!(engine.contains(&STANDARD.encode(b"\0asm\x01\0\0\0engine")));
        // Started only when called, once, and answering with the exported functions.
        assert!(engine.contains("globalThis.samlInspectorEngine = () =>"));
        assert!(engine.contains("(singleFileEngine ??= __wbg_init({"));
        assert!(engine.contains(".then(() => ({ analyze, reduce_har }))"));
        assert!(
            !engine.contains("await "),
            "nothing runs before the first call"
        );
        let policy = format!(
            "script-src '{}' '{}' 'wasm-unsafe-eval'",
            csp_hash(engine),
            csp_hash(app)
        );
        assert!(page.contains(&policy), "{page}");
        for gone in ["engine.js", "engine_bg.wasm", "data-engine"] {
            assert!(!page.contains(gone), "{gone} is still in the page");
        }
    }

    #[test]
    fn refuses_an_engine_it_cannot_inline() {
        let half = INDEX.replace(
            "data-wasm=\"./app-1_bg.wasm\"",
            "data-wasm=\"./app-1_bg.wasm\" data-engine-js=\"./engine.js\"",
        );
        assert!(
            make_single(&half, with_engine)
                .unwrap_err()
                .contains("only one")
        );
        for glue in [
            "let wasm;\nexport function analyze(a) {}\n",
            "async function __wbg_init(m) {}\nexport { initSync, __wbg_init as default };\n",
            "import * as a from './snippets/a.js';\nexport function analyze(a) {}\nexport { initSync, __wbg_init as default };\n",
            "export function analyze(a) { return '</script>'; }\nexport { initSync, __wbg_init as default };\n",
        ] {
            let files = |name: &str| match name {
                "./engine.js" => Ok(glue.as_bytes().to_vec()),
                other => with_engine(other),
            };
            assert!(make_single(&index_with_engine(), files).is_err(), "{glue}");
        }
    }

    #[test]
    fn finds_the_exported_functions() {
        assert_eq!(exported_functions(ENGINE_GLUE), ["analyze", "reduce_har"]);
        assert!(exported_functions("export function (x) {}\nexport function a-b() {}").is_empty());
    }
}
