//! Query strings, form bodies and HTML auto-post forms.

/// A `name=value` pair exactly as it appeared (still percent-encoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// Splits a query string or `application/x-www-form-urlencoded` body into raw fields.
pub fn parse_query(query: &str) -> Vec<FormField<'_>> {
    let _ = query;
    Vec::new()
}

/// Hidden `<input>` fields of the forms in an HTML page: `(form action, name, value)`.
pub fn html_form_fields(html: &str) -> Vec<(Option<String>, String, String)> {
    let _ = html;
    Vec::new()
}
