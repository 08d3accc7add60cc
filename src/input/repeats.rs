//! One message, one card: the same message captured twice in one input.
//!
//! A HAR of an IdP-initiated (or any HTTP-POST binding) sign-in holds every Response
//! twice: once in the IdP's auto-post HTML page (SAML Bindings §3.5.4, binding
//! `html-form`), and once in the browser's POST of that form to the SP (`post`). They
//! are one message, byte for byte: [`merge_repeats`] keeps the POST (what the SP
//! received, so the checks judge what the SP judged) and records the auto-post page as
//! an [`AlsoCaptured`] of it, so every report and the page show one message with two
//! origins.
//!
//! Only this pair is merged. Two POSTs of the same message stay two messages: a Response
//! posted twice is a replay the checks must see.

use super::{Binding, Capture, Origin};

/// Another place the same message was captured in the same input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlsoCaptured {
    pub origin: Origin,
    /// For `html-form`: the form's `action`, where it posts the message.
    pub form_action: Option<String>,
}

/// `captures` (of one input, in flow order) with each auto-post form capture folded into
/// the browser's POST of it: the first later `post` capture of the same parameter whose
/// decoded XML is byte-identical, not already paired. Every other capture is kept as it
/// is, in order.
pub fn merge_repeats(captures: Vec<Capture>) -> Vec<(Capture, Vec<AlsoCaptured>)> {
    // For each capture, the form capture folded into it (by index), if any.
    let mut folded_into: Vec<Option<usize>> = vec![None; captures.len()];
    let mut absorbed: Vec<Option<usize>> = vec![None; captures.len()];
    for (form, capture) in captures.iter().enumerate() {
        if capture.origin.binding != Binding::HtmlForm {
            continue;
        }
        let Ok(payload) = &capture.payload else {
            continue;
        };
        let post = captures
            .iter()
            .enumerate()
            .skip(form + 1)
            .find(|(index, candidate)| {
                absorbed[*index].is_none()
                    && candidate.origin.binding == Binding::Post
                    && candidate.origin.input == capture.origin.input
                    && candidate.origin.parameter == capture.origin.parameter
                    && match (candidate.origin.har_entry, capture.origin.har_entry) {
                        (Some(posted), Some(page)) => posted >= page,
                        _ => true,
                    }
                    && candidate
                        .payload
                        .as_ref()
                        .is_ok_and(|bytes| bytes == payload)
            })
            .map(|(index, _)| index);
        if let Some(post) = post {
            absorbed[post] = Some(form);
            folded_into[form] = Some(post);
        }
    }
    let mut forms: Vec<Option<AlsoCaptured>> = captures
        .iter()
        .zip(&folded_into)
        .map(|(capture, folded)| {
            folded.map(|_| AlsoCaptured {
                origin: capture.origin.clone(),
                form_action: capture.form_action.clone(),
            })
        })
        .collect();
    captures
        .into_iter()
        .enumerate()
        .filter(|(index, _)| folded_into[*index].is_none())
        .map(|(index, capture)| {
            let also = absorbed[index]
                .and_then(|form| forms[form].take())
                .into_iter()
                .collect();
            (capture, also)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::DecodeError;
    use crate::input::SamlParameter;

    fn capture(
        har_entry: usize,
        binding: Binding,
        parameter: SamlParameter,
        payload: Result<&[u8], ()>,
    ) -> Capture {
        Capture {
            origin: Origin {
                input: 0,
                har_entry: Some(har_entry),
                url: Some(format!("https://example.test/{har_entry}")),
                method: Some("POST".to_owned()),
                binding,
                parameter: Some(parameter),
                captured_at: None,
                http_status: Some(200),
                server_date: None,
            },
            payload: payload.map(<[u8]>::to_vec).map_err(|()| DecodeError::Empty),
            encoded: String::new(),
            relay_state: None,
            redirect_signature: None,
            form_action: (binding == Binding::HtmlForm).then(|| "https://sp.test/acs".to_owned()),
        }
    }

    use Binding::{HtmlForm, Post, Redirect};
    use SamlParameter::{SamlRequest, SamlResponse};

    /// (captures as (entry, binding, parameter, payload), expected: per kept capture its
    /// entry and the entries folded into it).
    #[allow(clippy::type_complexity)]
    const CASES: &[(
        &str,
        &[(usize, Binding, SamlParameter, Result<&[u8], ()>)],
        &[(usize, &[usize])],
    )] = &[
        (
            "the auto-post page and the POST of it are one message",
            &[
                (3, HtmlForm, SamlResponse, Ok(b"<r/>")),
                (4, Post, SamlResponse, Ok(b"<r/>")),
            ],
            &[(4, &[3])],
        ),
        (
            "different bytes are different messages",
            &[
                (3, HtmlForm, SamlResponse, Ok(b"<r/>")),
                (4, Post, SamlResponse, Ok(b"<s/>")),
            ],
            &[(3, &[]), (4, &[])],
        ),
        (
            "a POST before the page is not the POST of it",
            &[
                (4, Post, SamlResponse, Ok(b"<r/>")),
                (5, HtmlForm, SamlResponse, Ok(b"<r/>")),
            ],
            &[(4, &[]), (5, &[])],
        ),
        (
            "two POSTs of one message (a replay) stay two; the page folds into the first",
            &[
                (3, HtmlForm, SamlResponse, Ok(b"<r/>")),
                (4, Post, SamlResponse, Ok(b"<r/>")),
                (9, Post, SamlResponse, Ok(b"<r/>")),
            ],
            &[(4, &[3]), (9, &[])],
        ),
        (
            "two pages and two POSTs pair in order",
            &[
                (3, HtmlForm, SamlResponse, Ok(b"<r/>")),
                (4, Post, SamlResponse, Ok(b"<r/>")),
                (7, HtmlForm, SamlResponse, Ok(b"<r/>")),
                (8, Post, SamlResponse, Ok(b"<r/>")),
            ],
            &[(4, &[3]), (8, &[7])],
        ),
        (
            "another parameter is another message",
            &[
                (3, HtmlForm, SamlRequest, Ok(b"<r/>")),
                (4, Post, SamlResponse, Ok(b"<r/>")),
            ],
            &[(3, &[]), (4, &[])],
        ),
        (
            "a redirect is not the POST of a form",
            &[
                (3, HtmlForm, SamlResponse, Ok(b"<r/>")),
                (4, Redirect, SamlResponse, Ok(b"<r/>")),
            ],
            &[(3, &[]), (4, &[])],
        ),
        (
            "undecodable values are not compared",
            &[
                (3, HtmlForm, SamlResponse, Err(())),
                (4, Post, SamlResponse, Err(())),
            ],
            &[(3, &[]), (4, &[])],
        ),
        (
            "a page without its POST stays",
            &[(3, HtmlForm, SamlResponse, Ok(b"<r/>"))],
            &[(3, &[])],
        ),
    ];

    #[test]
    fn merges_only_the_page_and_its_post() {
        for (name, captures, expected) in CASES {
            let captures = captures
                .iter()
                .map(|(entry, binding, parameter, payload)| {
                    capture(*entry, *binding, *parameter, *payload)
                })
                .collect();
            let merged: Vec<(usize, Vec<usize>)> = merge_repeats(captures)
                .into_iter()
                .map(|(capture, also)| {
                    (
                        capture.origin.har_entry.unwrap_or_default(),
                        also.iter()
                            .map(|also| also.origin.har_entry.unwrap_or_default())
                            .collect(),
                    )
                })
                .collect();
            let expected: Vec<(usize, Vec<usize>)> = expected
                .iter()
                .map(|(entry, also)| (*entry, also.to_vec()))
                .collect();
            assert_eq!(merged, expected, "{name}");
        }
    }

    #[test]
    fn the_page_keeps_its_form_action() {
        let merged = merge_repeats(vec![
            capture(3, HtmlForm, SamlResponse, Ok(b"<r/>")),
            capture(4, Post, SamlResponse, Ok(b"<r/>")),
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].0.origin.binding, Post);
        assert_eq!(
            merged[0].1[0].form_action.as_deref(),
            Some("https://sp.test/acs")
        );
    }
}
