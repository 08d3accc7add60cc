//! Unit tests of the pack's own helpers: naming the difference between two URLs,
//! invisible padding, NCNames, and how a finding's notes stay bounded. The rules
//! themselves are tested end to end in `tests/rules_core.rs`.

use super::protocol::is_ncname_for_tests as is_ncname;
use super::{Notes, difference, has_padding};
use crate::checks::RuleId::CoreAttrEmpty;
use crate::checks::Severity::{Error, Pass, Warning};

#[test]
fn differences_are_named() {
    let cases = [
        ("https://a.example/x", "https://a.example/x", ""),
        ("https://a.example/x ", "https://a.example/x", "whitespace"),
        ("https://A.example/x", "https://a.example/x", "letter case"),
        (
            "https://a.example/x/",
            "https://a.example/x",
            "has a trailing slash",
        ),
        (
            "https://a.example/x",
            "https://a.example/x/",
            "lacks the trailing slash",
        ),
        (
            "http://a.example/x",
            "https://a.example/x",
            "scheme is http instead of https",
        ),
        (
            "https://b.example/x",
            "https://a.example/x",
            "host is \"b.example\"",
        ),
        (
            "https://a.example/y",
            "https://a.example/x",
            "path is \"/y\"",
        ),
        ("https://a.example/x?a=1", "https://a.example/x", "query"),
        ("urn:a", "urn:b", "different values"),
        ("urn:a/", "urn:a", "slash"),
    ];
    for (found, expected, mentions) in cases {
        let said = difference(found, expected);
        if mentions.is_empty() {
            assert_eq!(said, "", "{found} vs {expected}");
        } else {
            assert!(said.contains(mentions), "{found} vs {expected}: {said}");
        }
    }
}

#[test]
fn padding_and_ncnames() {
    for (text, padded) in [
        ("a", false),
        (" a", true),
        ("a\u{feff}", true),
        ("a b", false),
        ("\u{200b}", true),
    ] {
        assert_eq!(has_padding(text), padded, "{text:?}");
    }
    for (text, valid) in [
        ("_a1", true),
        ("id-1.2", true),
        ("pfx41d8ef22", true),
        ("1abc", false),
        ("", false),
        ("a:b", false),
        ("a b", false),
        ("-a", false),
        ("é", true),
    ] {
        assert_eq!(is_ncname(text), valid, "{text:?}");
    }
}

#[test]
fn notes_keep_the_most_severe_when_full() {
    let mut notes = Notes::new(CoreAttrEmpty);
    for _ in 0..40 {
        notes.add(Warning, "w", "warning detail", "fix w");
    }
    notes.add(Error, "e", "error detail", "fix e");
    let found = notes.finish("pass");
    assert_eq!(found.severity, Error);
    assert!(
        found.title.starts_with("e (and 40 more)"),
        "{}",
        found.title
    );
    assert!(found.detail.starts_with("error detail"), "{}", found.detail);
    assert!(
        found.detail.ends_with("… and 29 more like these."),
        "{}",
        found.detail
    );
    assert_eq!(Notes::new(CoreAttrEmpty).finish("ok").severity, Pass);
}
