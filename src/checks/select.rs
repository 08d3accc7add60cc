//! Which rule packs run for a message, and why: chosen from the URLs the message is
//! addressed to (Destination, Recipient, Audience, the ACS in loaded SP metadata or in
//! the AuthnRequest) and the RelayState, or by the user (`--expect profile=...`). The
//! URL shapes themselves are AWS facts ([`crate::aws`]).
//!
//! A new pack is chosen here: add its [`Pack`] variant, the reason it runs, and its arm
//! in [`super::run`].

pub use super::context::PackChoice;
use super::context::{Context, Pack};
use crate::aws::{self, Endpoint};
use crate::input::{Binding, SamlParameter};

/// Every URL the message is addressed to, with a label for the reason sentence.
fn addressed_urls<'a>(context: &'a Context<'_>) -> Vec<(&'static str, &'a str)> {
    let mut urls: Vec<(&'static str, &'a str)> = Vec::new();
    let message = context.message;
    if let Some(destination) = message
        .header()
        .and_then(|header| header.destination.as_deref())
    {
        urls.push(("Destination", destination));
    }
    if let Some(assertion) = message.evaluated_assertion() {
        if let Some(subject) = &assertion.subject {
            for confirmation in &subject.confirmations {
                if let Some(recipient) = confirmation
                    .data
                    .as_ref()
                    .and_then(|data| data.recipient.as_deref())
                {
                    urls.push(("Recipient", recipient));
                }
            }
        }
        if let Some(conditions) = &assertion.conditions {
            for audience in conditions.audience_restrictions.iter().flatten() {
                urls.push(("Audience", audience));
            }
        }
    }
    if let crate::saml::Body::AuthnRequest(request) = &message.body
        && let Some(acs) = request.assertion_consumer_service_url.as_deref()
    {
        urls.push(("AssertionConsumerServiceURL", acs));
    }
    if let Some(action) = context.form_action {
        urls.push(("the auto-post form's action", action));
    }
    if context.origin.parameter == Some(SamlParameter::SamlResponse)
        && context.origin.binding == Binding::Post
        && let Some(url) = context.origin.url.as_deref()
    {
        urls.push(("the URL it was posted to", url));
    }
    for entity in context.sp_metadata() {
        for acs in &entity.acs_urls {
            urls.push(("the ACS in the loaded SP metadata", acs));
        }
    }
    urls
}

/// Chooses the packs for one message, `core` first. The user's `profile` replaces the
/// automatic choice (and Connect brings `aws-iam`, whose federation it uses).
pub fn select(context: &Context<'_>) -> Vec<PackChoice> {
    let mut chosen = vec![PackChoice {
        pack: Pack::Core,
        reason: "always runs".to_owned(),
    }];
    let mut add = |pack: Pack, reason: String| {
        if !chosen.iter().any(|choice| choice.pack == pack) {
            chosen.push(PackChoice { pack, reason });
        }
    };
    if let Some(profile) = context.expect.profile {
        if profile == Pack::AmazonConnect {
            add(
                Pack::AwsIam,
                "Amazon Connect signs in through IAM SAML federation".to_owned(),
            );
        }
        add(profile, "chosen by you (profile)".to_owned());
        return chosen;
    }
    if context.message.kind.is_metadata() {
        add(Pack::Metadata, "the input is SAML metadata".to_owned());
        return chosen;
    }
    for (label, url) in addressed_urls(context) {
        match aws::endpoint(url) {
            Some(Endpoint::IamSaml { .. }) => {
                add(Pack::AwsIam, format!("{label} is {url}"));
            }
            Some(endpoint) if endpoint.is_identity_center() => {
                add(Pack::AwsIdentityCenter, format!("{label} is {url}"));
            }
            _ => {}
        }
        // A user pool's audience, or an ACS on a Cognito-hosted domain (a custom domain
        // with the same path could be anyone's).
        if aws::cognito::audience(url).is_some()
            || matches!(
                aws::cognito::acs(url),
                Some(aws::cognito::AcsHost::Hosted { .. })
            )
        {
            add(Pack::Cognito, format!("{label} is {url}"));
        }
    }
    if let Some(relay_state) = context.relay_state
        && (aws::connect_relay_state(relay_state).is_some() || aws::mentions_connect(relay_state))
    {
        add(
            Pack::AmazonConnect,
            format!("RelayState points at Amazon Connect federation ({relay_state})"),
        );
    }
    chosen
}
