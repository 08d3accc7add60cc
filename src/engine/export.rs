//! Redacted exports of the latest report: the formats the page offers for download,
//! each made by `redact` from the report `report::build` made of the analysis.

use crate::redact::{self, Policy, export};
use crate::report::Report;
use serde::{Deserialize, Serialize};

/// The formats the page offers for download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Markdown,
    Json,
    Html,
    /// The HAR input, sanitized (needs its bytes).
    Har,
}

impl ExportFormat {
    pub fn parse(name: &str) -> Option<ExportFormat> {
        match name {
            "markdown" => Some(ExportFormat::Markdown),
            "json" => Some(ExportFormat::Json),
            "html" => Some(ExportFormat::Html),
            "har" => Some(ExportFormat::Har),
            _ => None,
        }
    }
}

/// A redacted export of `report`. `har` is the HAR input's bytes, needed for
/// [`ExportFormat::Har`] only.
pub fn export(
    report: &Report,
    format: ExportFormat,
    policy: Policy,
    salt: &[u8],
    har: Option<&[u8]>,
) -> Result<String, String> {
    let redacted = redact::redact_report(report, policy, salt);
    Ok(match format {
        ExportFormat::Markdown => export::markdown(&redacted),
        ExportFormat::Json => export::json(&redacted),
        ExportFormat::Html => export::html(&redacted),
        ExportFormat::Har => {
            let bytes = har.ok_or("a sanitized HAR needs the HAR itself")?;
            let mut redactor = redacted.redactor.clone();
            redact::har::sanitize(&mut redactor, bytes).map_err(|error| error.to_string())?
        }
    })
}
