//! The exports of a redacted report, each ending with the receipt: Markdown for a
//! support ticket, JSON (the CLI contract's schema plus `redaction`), a self-contained
//! HTML page, and plain text.
//!
//! Redaction only redacts: the rendering (and every escape) is `report`'s, the same
//! renderers as the unredacted outputs ([`crate::report::markdown`],
//! [`crate::report::json`], [`crate::report::html`], [`crate::report::text`]). Here the
//! receipt is handed to them as lines ([`receipt_lines`]).

use super::{Receipt, Redacted, UnreadLine};
use crate::report::words::{self, ReceiptLines};
use crate::report::{html as html_report, json as json_report, markdown as markdown_report};

/// The redacted report as Markdown: a summary of the errors and next steps first, then
/// each message, the HAR flow, each message's XML and the receipt.
pub fn markdown(redacted: &Redacted) -> String {
    markdown_report::redacted(&redacted.report, &receipt_lines(&redacted.receipt))
}

/// The redacted report as plain text, with the receipt.
pub fn text(redacted: &Redacted) -> String {
    crate::report::text::redacted(&redacted.report, &receipt_lines(&redacted.receipt))
}

/// The redacted report as JSON: the contract's fields (`saml-inspector/report/v1`),
/// each message's `details` redacted, and `redaction` (the receipt).
pub fn json_value(redacted: &Redacted) -> serde_json::Value {
    json_report::redacted_value(&redacted.report, &redacted.details, &redacted.receipt)
}

/// [`json_value`], pretty-printed with a final newline.
pub fn json(redacted: &Redacted) -> String {
    json_report::redacted(&redacted.report, &redacted.details, &redacted.receipt)
}

/// The redacted report as a self-contained HTML page, with the receipt.
pub fn html(redacted: &Redacted) -> String {
    html_report::redacted(&redacted.report, &receipt_lines(&redacted.receipt))
}

/// The receipt as the renderers print it.
pub fn receipt_lines(receipt: &Receipt) -> ReceiptLines {
    ReceiptLines {
        replaced: receipt
            .replaced
            .iter()
            .map(|line| (line.count, line.label.to_owned()))
            .collect(),
        unread: receipt.unread.iter().map(unread_line).collect(),
        kept: receipt.kept.clone(),
        method: receipt.method.to_owned(),
    }
}

/// One line of [`Receipt::unread`] in words: `dropped whole: request body (request 4,
/// request 6 and 2 more): a type redaction does not read (text/plain)`.
pub fn unread_line(line: &UnreadLine) -> String {
    words::unread_line(
        line.action.label(),
        &line.what,
        &line.places,
        line.more,
        &line.reason,
    )
}
