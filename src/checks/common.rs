//! What more than one pack reads the same way: an attribute's values by name, the IAM
//! sign-in endpoints a message names and the region they put it in. Packs never call
//! each other; what two of them share lives here (or, for AWS facts, in [`crate::aws`]).

use super::context::Context;
use crate::aws::{self, Endpoint};
use crate::input::Binding;
use crate::saml::Assertion;

/// The text values of every attribute named exactly `name` (repeats merged), `None`
/// when there is none. Nil values count as empty strings.
pub fn attribute_values<'a>(assertion: &'a Assertion, name: &str) -> Option<Vec<&'a str>> {
    let mut found = false;
    let mut values = Vec::new();
    for attribute in assertion.attributes.iter().filter(|a| a.name == name) {
        found = true;
        values.extend(attribute.values.iter().map(|value| value.text.as_str()));
    }
    found.then_some(values)
}

/// Every IAM SAML endpoint the message names, with where: `(label, url, region)`.
pub fn iam_endpoints<'a>(
    context: &'a Context<'_>,
    assertion: &'a Assertion,
) -> Vec<(&'static str, &'a str, Option<String>)> {
    let mut found = Vec::new();
    let mut add = |label: &'static str, url: &'a str| {
        if let Some(Endpoint::IamSaml { region }) = aws::endpoint(url) {
            found.push((label, url, region));
        }
    };
    if let Some(destination) = context
        .message
        .header()
        .and_then(|header| header.destination.as_deref())
    {
        add("Destination", destination);
    }
    if let Some(subject) = &assertion.subject {
        for confirmation in &subject.confirmations {
            if let Some(recipient) = confirmation
                .data
                .as_ref()
                .and_then(|data| data.recipient.as_deref())
            {
                add("Recipient", recipient);
            }
        }
    }
    if let Some(conditions) = &assertion.conditions {
        for audience in conditions.audience_restrictions.iter().flatten() {
            add("Audience", audience);
        }
    }
    if context.origin.binding == Binding::Post
        && let Some(url) = context.origin.url.as_deref()
    {
        add("the URL it was posted to", url);
    }
    found
}

/// The region the message is addressed to: the first regional endpoint it names, else
/// `us-east-1` for the global endpoint (which is hosted there).
pub fn sign_in_region(context: &Context<'_>) -> Option<String> {
    let assertion = context.message.evaluated_assertion()?;
    let endpoints = iam_endpoints(context, assertion);
    endpoints
        .iter()
        .find_map(|(_, _, region)| region.clone())
        .or_else(|| (!endpoints.is_empty()).then(|| aws::GLOBAL_SIGN_IN_REGION.to_owned()))
}
