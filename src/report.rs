//! The plain-data report.

use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {}
