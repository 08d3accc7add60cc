//! What the page view's parts share: the mark every value carries, a value with its
//! mark, a page of rows, a finding as the page lists it, and a few words.

use crate::checks::{Finding, RuleId, Severity};
use serde::{Deserialize, Serialize};

/// Rows of a long list (attributes, roles) sent at once; the page asks for the next
/// page as the user scrolls to it. Two hundred rows draw in a few milliseconds; the
/// 60,000 attributes a hostile message can carry do not.
pub const ROWS_PER_PAGE: usize = 200;

/// Values of one attribute listed in its row; the rest are counted. (The roles card
/// lists every Role value, a page at a time.)
pub const VALUES_PER_ROW: usize = 50;

/// A finding as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingView {
    pub rule: String,
    pub severity: Severity,
    pub title: String,
    pub detail: String,
    pub fix: String,
    /// The rule explains the error text the user saw.
    pub explains: bool,
}

/// Whether a signature covers a value the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// A valid signature made with a key the user trusts covers it.
    Signed,
    /// An intact signature made with the message's own certificate covers it; who
    /// signed was not checked.
    Unpinned,
    /// No signature covers it, and none in the message is intact.
    Unsigned,
    /// An intact signature is in the message, but this value is read from outside
    /// what it covers (or an assertion hides beside signed content): signature
    /// wrapping's shape.
    Outside,
    /// The message's signatures could not be checked (a redacted report read back, no
    /// key for the signer).
    NotChecked,
}

impl Mark {
    /// The words shown next to the value (never colour alone).
    pub fn words(self) -> &'static str {
        match self {
            Mark::Signed => "signed",
            Mark::Unpinned => "signed, signer not checked",
            Mark::Unsigned => "unsigned",
            Mark::Outside => "outside the signature",
            Mark::NotChecked => "signature not checked",
        }
    }

    /// The CSS class and `data-mark` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Signed => "signed",
            Mark::Unpinned => "unpinned",
            Mark::Unsigned => "unsigned",
            Mark::Outside => "outside",
            Mark::NotChecked => "not-checked",
        }
    }
}

/// A value the page shows, with its mark (`None`: not something a signature could
/// cover, such as the reference time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub text: String,
    pub mark: Option<Mark>,
}

/// One page of a long list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsPage<T> {
    /// Index of the first row.
    pub from: usize,
    /// Rows in the whole list.
    pub total: usize,
    pub rows: Vec<T>,
}

impl<T> Default for RowsPage<T> {
    fn default() -> Self {
        RowsPage {
            from: 0,
            total: 0,
            rows: Vec::new(),
        }
    }
}

pub(super) fn finding_view(finding: &Finding, explaining: &[RuleId]) -> FindingView {
    FindingView {
        rule: finding.id.as_str().to_owned(),
        severity: finding.severity,
        title: finding.title.clone(),
        detail: finding.detail.clone(),
        fix: finding.fix.clone(),
        explains: finding.severity != Severity::Pass && explaining.contains(&finding.id),
    }
}

/// Findings most severe first, and within a severity those that explain the error
/// text first, in the order the error text ranks them.
pub(super) fn findings_in_order(findings: &[Finding], explaining: &[RuleId]) -> Vec<FindingView> {
    let rank = |finding: &Finding| {
        explaining
            .iter()
            .position(|rule| *rule == finding.id)
            .unwrap_or(usize::MAX)
    };
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|finding| (finding.severity, rank(finding)));
    ordered
        .into_iter()
        .map(|finding| finding_view(finding, explaining))
        .collect()
}

/// `1.2 MB`, `830 bytes`.
pub fn human_bytes(bytes: usize) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
