//! One message in detail: key fields, findings, attributes, signatures, XML.

use crate::app::state::SharedReport;
use saml_inspector::cert::CertificateInfo;
use saml_inspector::report::render::short_urn;
use saml_inspector::report::{
    AssertionSignature, MessageReport, SignatureReport, SignatureStatus, TrustReport,
};
use saml_inspector::saml::{Body, Message};
use std::rc::Rc;
use yew::prelude::*;

use super::attribute_table::AttributeTable;
use super::findings::FindingList;
use super::value::Value;
use super::xml_view::XmlView;

#[derive(Properties, PartialEq)]
pub struct MessageDetailProps {
    pub report: SharedReport,
    pub index: usize,
    pub show_original: bool,
    pub onview: Callback<bool>,
}

#[function_component]
pub fn MessageDetail(props: &MessageDetailProps) -> Html {
    let Some(message) = props.report.0.messages.get(props.index) else {
        return html! {};
    };
    html! {
        <section class="message-detail" data-testid="message-detail" aria-labelledby="detail-heading">
            <h2 id="detail-heading">{ format!("{} {}", message.kind.as_str(), message.id.as_deref().unwrap_or("")) }</h2>
            { signature_banner(message) }
            <FindingList findings={message.findings.clone()} />
            <h3>{ "Key fields" }</h3>
            { key_fields(message) }
            if message.details.as_ref().is_some_and(|details| !details.assertions().is_empty()) {
                <h3>{ "Attributes" }</h3>
                <AttributeTable attributes={message.attributes.clone()} />
            }
            if !message.signatures.is_empty() {
                <h3>{ "Signatures" }</h3>
                <ul class="signatures">
                    { for message.signatures.iter().map(signature_item) }
                </ul>
                { certificate_comparison(message, &props.report.0.trust) }
            }
            if let Some(xml) = &message.xml {
                <XmlView xml={AttrValue::from(xml.clone())} show_original={props.show_original} onview={props.onview.clone()}
                    covered={Rc::new(message.trusted_coverage.clone())} />
            }
        </section>
    }
}

fn field(label: &str, testid: &str, value: Option<&str>) -> Html {
    let Some(value) = value else {
        return html! {};
    };
    html! {
        <>
            <dt>{ label }</dt>
            <dd data-testid={testid.to_owned()}><Value text={AttrValue::from(value.to_owned())} /></dd>
        </>
    }
}

fn key_fields(message: &MessageReport) -> Html {
    let details: Option<&Message> = message.details.as_ref();
    let status = details.and_then(|details| details.status());
    let assertion = details.and_then(|details| details.evaluated_assertion());
    let conditions = assertion.and_then(|assertion| assertion.conditions.as_ref());
    let audiences: Vec<String> = conditions
        .map(|conditions| conditions.audience_restrictions.concat())
        .unwrap_or_default();
    let confirmation = assertion
        .and_then(|assertion| assertion.subject.as_ref())
        .and_then(|subject| subject.confirmations.first())
        .and_then(|confirmation| confirmation.data.as_ref());
    let (acs, request_binding) = match details.map(|details| &details.body) {
        Some(Body::AuthnRequest(request)) => (
            request.assertion_consumer_service_url.as_deref(),
            request.protocol_binding.as_deref(),
        ),
        _ => (None, None),
    };
    let entity_ids: Vec<&str> = match details.map(|details| &details.body) {
        Some(Body::Metadata { entities }) => entities
            .iter()
            .filter_map(|entity| entity.entity_id.as_deref())
            .collect(),
        _ => Vec::new(),
    };
    let window = conditions.map(|conditions| {
        format!(
            "{} → {}",
            conditions
                .not_before
                .as_ref()
                .map_or("(open)", |time| time.text.as_str()),
            conditions
                .not_on_or_after
                .as_ref()
                .map_or("(open)", |time| time.text.as_str())
        )
    });
    html! {
        <dl class="fields">
            { field("Issuer", "field-issuer", message.issuer.as_deref()) }
            { field("Destination", "field-destination", message.destination.as_deref()) }
            { field("NameID", "field-name-id", message.subject.as_ref().map(|subject| subject.name_id.as_str())) }
            { field("NameID format", "field-name-id-format", message.subject.as_ref().and_then(|subject| subject.format.as_deref()).map(short_urn)) }
            { field("In response to", "field-in-response-to", details.and_then(|details| details.in_response_to())) }
            { field("Status", "field-status", status.and_then(|status| status.code.as_deref()).map(short_urn)) }
            { field("Second-level status", "field-sub-status", status.and_then(|status| status.sub_code.as_deref()).map(short_urn)) }
            { field("Status message", "field-status-message", status.and_then(|status| status.message.as_deref())) }
            { field("Audience", "field-audience", (!audiences.is_empty()).then(|| audiences.join(", ")).as_deref()) }
            { field("Recipient", "field-recipient", confirmation.and_then(|data| data.recipient.as_deref())) }
            { field("Valid", "field-window", window.as_deref()) }
            { field("ACS URL", "field-acs", acs) }
            { field("Response binding", "field-protocol-binding", request_binding.map(short_urn)) }
            { field("Entity ID", "field-entity-id", (!entity_ids.is_empty()).then(|| entity_ids.join(", ")).as_deref()) }
            { field("RelayState", "field-relay-state", message.relay_state.as_deref()) }
            { field("Judged at", "field-reference-time", Some(message.reference_time.value.to_string().as_str())) }
        </dl>
    }
}

fn signature_item(signature: &SignatureReport) -> Html {
    let status = match signature.status {
        saml_inspector::report::SignatureStatus::Valid => "valid",
        saml_inspector::report::SignatureStatus::ValidUnpinned => "valid (key not pinned)",
        saml_inspector::report::SignatureStatus::KeyMismatch => "signed with another key",
        saml_inspector::report::SignatureStatus::Invalid => "invalid",
    };
    html! {
        <li class="signature">
            <p>
                <strong>{ format!("Signature on {}", signature.target) }</strong>
                { format!(" — {status}. ") }
                { &signature.reason }
            </p>
            <p class="algorithms">
                { format!(
                    "Signature {} · digest {} · canonicalization {}",
                    signature.signature_method.as_deref().unwrap_or("(none)"),
                    if signature.digest_methods.is_empty() { "(none)".to_owned() } else { signature.digest_methods.join(", ") },
                    signature.canonicalization_method.as_deref().unwrap_or("(none)")
                ) }
            </p>
            if let Some(certificate) = &signature.certificate {
                <p class="certificate">
                    { format!(
                        "Certificate in the message: {} · {} · valid {} to {}",
                        certificate.subject, certificate.key, certificate.not_before, certificate.not_after
                    ) }
                    <br />
                    <code class="fingerprint">{ format!("SHA-256 {}", certificate.sha256_fingerprint) }</code>
                </p>
            }
        </li>
    }
}

/// The verdict on the message's signatures, first thing under its title. Green only
/// when a key the user trusts signed the assertion that is read.
fn signature_banner(message: &MessageReport) -> Html {
    let has_assertion = message
        .details
        .as_ref()
        .is_some_and(|details| !details.assertions().is_empty());
    let worst = message
        .signatures
        .iter()
        .map(|signature| signature.status)
        .find(|status| {
            matches!(
                status,
                SignatureStatus::Invalid | SignatureStatus::KeyMismatch
            )
        });
    let (class, title, text): (&str, &str, String) = match (message.assertion_signature, worst) {
        (AssertionSignature::Trusted, _) if has_assertion => (
            "trusted",
            "Signed by the trusted key",
            "A valid signature made with a key you loaded covers the assertion shown here.".into(),
        ),
        (_, Some(SignatureStatus::KeyMismatch)) => (
            "bad",
            "Signed by a certificate you do not trust",
            "The signature is intact, but the key that made it is not among your trusted keys: compare the certificates below.".into(),
        ),
        (_, Some(_)) => (
            "bad",
            "A signature does not verify",
            "Do not trust the contents: the message was changed after signing, or is forged. The findings say which step failed.".into(),
        ),
        (AssertionSignature::Unpinned, _) => (
            "unpinned",
            "Intact, signer not checked",
            "The signature verifies with the certificate inside the message. Load the IdP's metadata or certificate under \"Trusted IdP keys\" to check who signed it.".into(),
        ),
        (AssertionSignature::None, None) if has_assertion && !message.signatures.is_empty() => (
            "bad",
            "The assertion shown is not covered by a signature",
            "A signature is present, but not over the assertion that is read.".into(),
        ),
        (AssertionSignature::None, None) if has_assertion => (
            "bad",
            "Not signed",
            "Neither the Response nor its assertion carries a signature.".into(),
        ),
        _ if message.signatures.iter().any(|signature| signature.status == SignatureStatus::Valid) => (
            "trusted",
            "Signed by the trusted key",
            "Every signature on this message verifies with a key you loaded.".into(),
        ),
        _ if message.signatures.iter().any(|signature| signature.status == SignatureStatus::ValidUnpinned) => (
            "unpinned",
            "Intact, signer not checked",
            "The signature verifies with the certificate inside the message; load a trusted key to check who signed it.".into(),
        ),
        _ => return html! {},
    };
    html! {
        <div class={classes!("signature-banner", class)} data-testid="signature-banner" data-verdict={class} role="status">
            <strong>{ title }</strong>
            <span>{ text }</span>
        </div>
    }
}

/// For a key mismatch: the message's certificate next to the trusted ones, so the
/// rotation is visible at a glance.
fn certificate_comparison(message: &MessageReport, trust: &[TrustReport]) -> Html {
    let Some(carried) = message
        .signatures
        .iter()
        .filter(|signature| signature.status == SignatureStatus::KeyMismatch)
        .find_map(|signature| signature.certificate.as_ref())
    else {
        return html! {};
    };
    let trusted: Vec<&CertificateInfo> = trust
        .iter()
        .filter_map(|key| key.certificate.as_ref())
        .collect();
    let row = |label: &str, value: &dyn Fn(&CertificateInfo) -> String| {
        html! {
            <tr>
                <th scope="row">{ label }</th>
                <td>{ value(carried) }</td>
                { for trusted.iter().map(|certificate| html! { <td>{ value(certificate) }</td> }) }
            </tr>
        }
    };
    html! {
        <div class="certificate-comparison" data-testid="certificate-comparison">
            <h4>{ "Certificates side by side" }</h4>
            <table>
                <thead>
                    <tr>
                        <th scope="col"></th>
                        <th scope="col">{ "In the message" }</th>
                        { for trusted.iter().map(|_| html! { <th scope="col">{ "Trusted" }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { row("Subject", &|c| c.subject.clone()) }
                    { row("Valid from", &|c| c.not_before.to_string()) }
                    { row("Valid to", &|c| c.not_after.to_string()) }
                    { row("Key", &|c| c.key.to_string()) }
                    { row("SHA-256", &|c| c.sha256_fingerprint.clone()) }
                    { row("SHA-1", &|c| c.sha1_fingerprint.clone()) }
                </tbody>
            </table>
        </div>
    }
}
