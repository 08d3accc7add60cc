//! Checks of outputs against outside truth, shared by `tests/hostile_outputs.rs` (the
//! command line) and `tests/e2e/hostile.rs` (the page): the characters no output may
//! carry, commands run in bash, dash, zsh and fish against a fake `aws`, the character
//! set PowerShell and cmd read literally, and Markdown rendered by `cmark-gfm`. (Each
//! test uses some of these, so the others look unused to the compiler there.)
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What a payload that runs as code creates in the shell's working directory.
pub const CANARY: &str = "pwned";
/// The shells every command is run in, each without its start-up files.
pub const SHELLS: [(&str, &[&str]); 4] = [
    ("bash", &["--norc", "--noprofile", "-c"]),
    ("dash", &["-c"]),
    ("zsh", &["-f", "-c"]),
    ("fish", &["--no-config", "-c"]),
];
/// The tools the command-line test runs; `scripts/setup.sh test` installs them.
pub const TOOLS: [&str; 7] = [
    "bash",
    "dash",
    "zsh",
    "fish",
    "cmark-gfm",
    "openssl",
    "python3",
];
/// The tools the page's test runs.
pub const PAGE_TOOLS: [&str; 5] = ["bash", "dash", "zsh", "fish", "cmark-gfm"];

/// Fails with how to get them when a tool this test needs is missing: a check that
/// cannot run must not pass.
pub fn require_tools(tools: &[&str]) {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| {
            !std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .any(|directory| directory.join(tool).is_file())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "this test needs {}; `scripts/setup.sh test` installs them",
        missing.join(", ")
    );
}

/// A scratch directory of this test, empty.
pub fn scratch(name: &str) -> PathBuf {
    let directory =
        std::env::temp_dir().join(format!("saml-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("a scratch directory");
    directory
}

/// The characters no output may carry raw: written out here rather than taken from
/// the code under test.
pub fn forbidden(character: char) -> bool {
    let code = u32::from(character);
    (code < 0x20 && !matches!(character, '\n' | '\t'))
        || (0x7f..=0x9f).contains(&code)
        || matches!(
            character,
            '\u{61c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{feff}'
        )
}

pub fn assert_no_forbidden(label: &str, text: &str) {
    if let Some((at, character)) = text.char_indices().find(|(_, c)| forbidden(*c)) {
        let boundary = |mut index: usize| {
            while !text.is_char_boundary(index) {
                index -= 1;
            }
            index
        };
        let start = boundary(at.saturating_sub(60));
        let end = boundary((at + 60).min(text.len()));
        panic!(
            "{label}: {character:?} at byte {at}: …{:?}…",
            &text[start..end]
        );
    }
}

/// The characters a command may hold. PowerShell and cmd cannot run here, so their
/// reading is argued from their rules instead:
///
/// - PowerShell (about_Parsing, about_Quoting_Rules, about_Special_Characters): in
///   argument mode a bare word of letters, digits and `_ . : / -` that starts with a
///   letter is a literal string; `@` (splatting), `,` (array), a leading `-` (parameter),
///   `$`, `` ` ``, `(`, `{`, `;`, `|`, `&`, `<`, `>`, `#`, `'` and `"` are special.
///   Inside double quotes only `$`, `` ` `` and `"` (and the typographic quotes) are
///   special, so `"a+b=c,@*"` is the literal `a+b=c,@*`.
/// - cmd (`cmd /?`, "Command Extensions"; the MSVC argument rules of
///   `CommandLineToArgvW`): `%` (variables), `^` (escape), `&`, `|`, `<`, `>`, `(`, `)`
///   and `!` (delayed expansion) are special outside quotes and `%` (and `!`) inside;
///   the program splits its command line at spaces outside double quotes and removes the
///   quotes, a backslash mattering only before a quote.
///
/// So a command whose words are bare `[A-Za-z0-9_.:/-]` words starting with a letter
/// (or an option), or `"…"` / `--option="…"` words of `[A-Za-z0-9_.:/+=,@*-]`, reads the
/// same in both, and the same as in the four shells run here.
pub fn assert_portable(command: &str) {
    assert!(
        command.chars().all(portable),
        "a character outside the portable set: {command:?}"
    );
    for word in command.split(' ') {
        let value = match word.split_once("=\"") {
            Some((option, quoted)) if option.starts_with("--") => quoted
                .strip_suffix('"')
                .unwrap_or_else(|| panic!("an open quote in {command:?}")),
            _ => match word.strip_prefix('"') {
                Some(quoted) => quoted
                    .strip_suffix('"')
                    .unwrap_or_else(|| panic!("an open quote in {command:?}")),
                None => {
                    assert!(
                        word.starts_with(|c: char| c.is_ascii_alphabetic())
                            || word.starts_with("--"),
                        "a bare word that does not start with a letter: {word:?} in {command:?}"
                    );
                    assert!(
                        !word.contains(['+', '=', ',', '@', '*'])
                            || word.starts_with("--") && !word.contains(['+', ',', '@', '*']),
                        "a bare word PowerShell would not read literally: {word:?} in {command:?}"
                    );
                    word
                }
            },
        };
        assert!(
            !value.contains('"') && !value.is_empty(),
            "a word with a stray quote: {word:?} in {command:?}"
        );
    }
}

pub fn portable(character: char) -> bool {
    character.is_ascii_alphanumeric() || " _.:/-+=,@*\"".contains(character)
}

/// The words the AWS CLI must receive for `command`: split at spaces, each word's
/// quotes removed.
pub fn intended_words(command: &str) -> Vec<String> {
    command
        .split(' ')
        .skip(1)
        .map(|word| word.replace('"', ""))
        .collect()
}

/// The four shells, each with a fake `aws` first on `PATH` that writes its arguments
/// (NUL-terminated) to a file.
pub struct Shells {
    directory: PathBuf,
    bin: PathBuf,
    /// Every command run so far.
    pub seen: std::sync::Mutex<BTreeSet<String>>,
}

impl Shells {
    pub fn new() -> Shells {
        let directory = scratch("shells");
        let bin = directory.join("bin");
        std::fs::create_dir_all(&bin).expect("bin");
        let aws = bin.join("aws");
        std::fs::write(
            &aws,
            "#!/bin/sh\nfor argument in \"$@\"; do printf '%s\\0' \"$argument\"; done > \"$AWS_ARGV\"\n",
        )
        .expect("the fake aws");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&aws, std::fs::Permissions::from_mode(0o755))
                .expect("the fake aws is executable");
        }
        Shells {
            directory,
            bin,
            seen: Default::default(),
        }
    }

    /// Runs `command` in every shell (once per distinct command); returns how many
    /// commands were run.
    pub fn run(&self, command: &str) -> usize {
        let first = self
            .seen
            .lock()
            .map(|mut seen| seen.insert(command.to_owned()))
            .unwrap_or(true);
        if !first {
            return 0;
        }
        assert_portable(command);
        assert!(command.starts_with("aws "), "{command}");
        self.run_in_every_shell(command, &intended_words(command));
        1
    }

    /// Runs `command` in every shell and checks that `aws` received `intended` and no
    /// canary (nor any other file) was made.
    pub fn run_in_every_shell(&self, command: &str, intended: &[String]) {
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        for (shell, flags) in SHELLS {
            let work = self.directory.join(format!("work-{shell}"));
            let _ = std::fs::remove_dir_all(&work);
            std::fs::create_dir_all(&work).expect("a working directory");
            let argv = self.directory.join(format!("argv-{shell}"));
            let _ = std::fs::remove_file(&argv);
            let output = Command::new(shell)
                .args(flags)
                .arg(command)
                .current_dir(&work)
                .env("PATH", &path)
                .env("HOME", &work)
                .env("XDG_CONFIG_HOME", &work)
                .env("XDG_DATA_HOME", &work)
                .env("AWS_ARGV", &argv)
                .stdin(Stdio::null())
                .output()
                .unwrap_or_else(|error| panic!("{shell} runs: {error}"));
            assert!(
                output.status.success(),
                "{shell} -c {command:?}: {:?}: {}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
            let recorded = std::fs::read(&argv)
                .unwrap_or_else(|_| panic!("{shell} -c {command:?} did not run aws"));
            let words: Vec<String> = recorded
                .split(|&byte| byte == 0)
                .filter(|word| !word.is_empty())
                .map(|word| String::from_utf8_lossy(word).into_owned())
                .collect();
            assert_eq!(words, intended, "{shell} -c {command:?}");
            assert!(
                !work.join(CANARY).exists(),
                "{shell} -c {command:?} created the canary"
            );
            let left: Vec<_> = std::fs::read_dir(&work)
                .expect("the working directory")
                .filter_map(Result::ok)
                .map(|entry| entry.file_name())
                .filter(|name| name != ".local" && name != ".config" && name != "fish")
                .collect();
            assert!(left.is_empty(), "{shell} -c {command:?} left {left:?}");
        }
    }
}

/// Renders `markdown` with cmark-gfm and checks that it made no link, no image and no
/// raw HTML, and (when given) exactly `code_blocks` code blocks.
pub fn assert_markdown_inert(label: &str, markdown: &str, code_blocks: Option<usize>) {
    let html = cmark_gfm(markdown);
    assert!(
        !html.contains("<a ") && !html.contains("<a>") && !html.contains("<img"),
        "{label}: cmark-gfm made a link or an image:\n{html}"
    );
    for (name, attributes) in tags(&html) {
        let allowed = match name.trim_start_matches('/') {
            _ if name.starts_with('/') && !attributes.is_empty() => false,
            "p" | "h1" | "h2" | "h3" | "ul" | "li" | "strong" | "em" | "pre" | "table"
            | "thead" | "tbody" | "tr" | "th" | "td" | "br" | "del" => attributes.is_empty(),
            "code" => {
                attributes.is_empty()
                    || attributes.starts_with("class=\"language-")
                        && attributes.ends_with('"')
                        && !attributes[16..attributes.len() - 1].contains(['"', '<', '>'])
            }
            _ => false,
        };
        assert!(
            allowed,
            "{label}: cmark-gfm made <{name} {attributes}> from the report:\n{html}"
        );
    }
    if let Some(code_blocks) = code_blocks {
        let blocks = html.matches("<pre>").count();
        assert_eq!(
            blocks, code_blocks,
            "{label}: a value opened or closed a code block:\n{markdown}"
        );
    }
}

pub fn cmark_gfm(markdown: &str) -> String {
    use std::io::Write;
    let mut child = Command::new("cmark-gfm")
        .args([
            "--unsafe",
            "-e",
            "autolink",
            "-e",
            "table",
            "-e",
            "strikethrough",
            "-e",
            "tasklist",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cmark-gfm runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = markdown.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("cmark-gfm finishes");
    writer.join().expect("the writer").expect("cmark-gfm reads");
    String::from_utf8(output.stdout).expect("cmark-gfm writes UTF-8")
}

/// Every tag of an HTML text: `(name, attributes)`, a closing tag's name starting with
/// `/`, a comment's or declaration's with `!`.
pub fn tags(html: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let after = &rest[start + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let inside = after[..end].trim_end_matches('/').trim();
        let (name, attributes) = inside.split_once(' ').unwrap_or((inside, ""));
        found.push((name.to_ascii_lowercase(), attributes.trim().to_owned()));
        rest = &after[end.min(after.len())..];
    }
    found
}
