//! One request of a HAR or SAML-tracer flow opened like the browser's DevTools: URL
//! and query, headers, cookies, form fields, timing and a preview of the body.

use super::shared::human_bytes;
use crate::input::request_number;
use serde::{Deserialize, Serialize};

/// One request of a flow opened, as a browser's network panel shows it: its URL and
/// status, then sections of name/value rows (query parameters, headers, cookies sent
/// and set, form fields, timing), the response body's preview, and the SAML messages
/// it carried. Made from `input::request_detail`; the user's own data in their own
/// tab, never part of a report or an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    /// The entry's index (0-based) and the number people use.
    pub entry: usize,
    pub number: usize,
    pub method: String,
    pub url: String,
    /// "302 Found", or that there was no response.
    pub status: String,
    pub sections: Vec<SectionView>,
    /// The request body when it is not a form, and the response body.
    pub bodies: Vec<BodyView>,
    /// The SAML parameters it carried, each with the message it became (index into
    /// `PageView::messages`).
    pub saml: Vec<SamlLink>,
    pub notes: Vec<String>,
}

/// Rows of one kind: "Request headers", "Cookies sent"...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionView {
    pub title: String,
    /// For `data-testid`: `query`, `request-headers`, `cookies-sent`...
    pub key: String,
    pub rows: Vec<(String, String)>,
    /// Rows not listed (over `Limits::detail_fields`).
    pub more: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyView {
    pub title: String,
    /// "text/html, 12.3 KB", what kind and how big.
    pub summary: String,
    /// The start of a text body (images and binary bodies are never shown).
    pub text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlLink {
    pub parameter: String,
    pub message: Option<usize>,
}

/// The view of one request's details.
pub fn request(detail: &crate::input::RequestDetail) -> RequestView {
    use crate::input::detail::{BodyKind, BodyPreview, Cookie, Field, Listed};
    let value = |field: &Field| {
        let mut text = field.value.clone();
        if let Some(size) = field.cut_from {
            text.push_str(&format!(" … (cut; {size} bytes in all)"));
        }
        if let Some(masking) = field.masked {
            text.push_str(&format!(" ({})", masking.describe()));
        }
        text
    };
    let fields = |title: &str, key: &str, listed: &Listed<Field>| SectionView {
        title: title.to_owned(),
        key: key.to_owned(),
        rows: listed
            .items
            .iter()
            .map(|field| (field.name.clone(), value(field)))
            .collect(),
        more: listed.more,
    };
    let cookie = |cookie: &Cookie| {
        let mut text = value(&Field {
            name: cookie.name.clone(),
            value: cookie.value.clone(),
            name_cut_from: cookie.name_cut_from,
            cut_from: cookie.cut_from,
            masked: cookie.masked,
        });
        for (name, attribute) in [
            ("Domain", &cookie.domain),
            ("Path", &cookie.path),
            ("Expires", &cookie.expires),
            ("SameSite", &cookie.same_site),
        ] {
            if let Some(attribute) = attribute {
                text.push_str(&format!("; {name}={attribute}"));
            }
        }
        for (name, set) in [("HttpOnly", cookie.http_only), ("Secure", cookie.secure)] {
            if set == Some(true) {
                text.push_str(&format!("; {name}"));
            }
        }
        (cookie.name.clone(), text)
    };
    let cookies = |title: &str, key: &str, listed: &Listed<Cookie>| SectionView {
        title: title.to_owned(),
        key: key.to_owned(),
        rows: listed.items.iter().map(cookie).collect(),
        more: listed.more,
    };
    let body = |title: &str, preview: &BodyPreview| {
        let kind = match preview.kind {
            BodyKind::Html => "HTML",
            BodyKind::Text => "text",
            BodyKind::Image => "image (not shown)",
            BodyKind::Binary => "binary (not shown)",
            BodyKind::Empty => "empty",
            BodyKind::NotRecorded => "not recorded",
        };
        let mut summary = format!("{kind}, {}", preview.mime_type);
        if let Some(size) = preview.size {
            summary.push_str(&format!(", {}", human_bytes(size as usize)));
        }
        if preview.truncated {
            summary.push_str(", only its start is shown");
        }
        BodyView {
            title: title.to_owned(),
            summary,
            text: preview.text.clone(),
        }
    };
    let mut sections = vec![
        fields("Query parameters", "query", &detail.query),
        fields(
            "Request headers",
            "request-headers",
            &detail.request_headers,
        ),
        cookies("Cookies sent", "cookies-sent", &detail.request_cookies),
    ];
    let mut bodies = Vec::new();
    if let Some(request_body) = &detail.request_body {
        sections.push(fields("Form fields", "form-fields", &request_body.fields));
        if let Some(text) = &request_body.text {
            bodies.push(body("Request body", text));
        }
    }
    sections.push(fields(
        "Response headers",
        "response-headers",
        &detail.response_headers,
    ));
    sections.push(cookies(
        "Cookies set",
        "cookies-set",
        &detail.response_cookies,
    ));
    if let Some(timing) = &detail.timing {
        let rows = [
            ("Total", timing.total_ms),
            ("Blocked", timing.blocked_ms),
            ("DNS", timing.dns_ms),
            ("Connect", timing.connect_ms),
            ("TLS", timing.ssl_ms),
            ("Send", timing.send_ms),
            ("Wait", timing.wait_ms),
            ("Receive", timing.receive_ms),
        ]
        .into_iter()
        .filter_map(|(name, ms)| Some((name.to_owned(), format!("{:.0} ms", ms?))))
        .collect();
        sections.push(SectionView {
            title: "Timing".to_owned(),
            key: "timing".to_owned(),
            rows,
            more: 0,
        });
    }
    sections.retain(|section| !section.rows.is_empty() || section.more > 0);
    if let Some(response_body) = &detail.response_body {
        bodies.push(body("Response body", response_body));
    }
    let mut notes = detail.notes.clone();
    if let Some(started) = detail.started_at {
        notes.insert(0, format!("Started {started}"));
    }
    RequestView {
        entry: detail.index,
        number: request_number(detail.index),
        method: detail.method.clone(),
        url: detail.url.clone(),
        status: match detail.status {
            Some(status) => format!("{status} {}", detail.status_text)
                .trim_end()
                .to_owned(),
            None => "no response".to_owned(),
        },
        sections,
        bodies,
        saml: detail
            .saml
            .iter()
            .map(|field| SamlLink {
                parameter: field.parameter.as_str().to_owned(),
                message: field.message,
            })
            .collect(),
        notes,
    }
}
