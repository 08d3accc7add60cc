//! The signature and certificate panel: the verdict on the message's signatures, each
//! signature with its algorithms, the certificate it carries (validity on a line, key
//! size, fingerprints), and, when the key is not the trusted one, both side by side.

use crate::app::state::SharedReport;
use saml_inspector::Timestamp;
use saml_inspector::cert::CertificateInfo;
use saml_inspector::report::render::short_algorithm;
use saml_inspector::report::{
    AssertionSignature, MessageReport, SignatureReport, SignatureStatus, TrustReport,
};
use saml_inspector::timestamp::describe_duration;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SignaturePanelProps {
    /// The report, shared; the message is `report.messages[index]`.
    pub report: SharedReport,
    pub index: usize,
}

#[function_component]
pub fn SignaturePanel(props: &SignaturePanelProps) -> Html {
    let Some(message) = props.report.0.messages.get(props.index) else {
        return html! {};
    };
    let now = message.reference_time.value;
    let has_assertion = props
        .report
        .facts(props.index)
        .is_some_and(|facts| facts.has_assertions);
    html! {
        <section class="signature-panel" aria-labelledby="signature-heading" data-testid="signature-panel">
            <h3 id="signature-heading">{ "Signature and certificate" }</h3>
            { signature_banner(message, has_assertion) }
            if !message.signatures.is_empty() {
                <ul class="signatures">
                    { for message.signatures.iter().map(|signature| signature_item(signature, now)) }
                </ul>
                { certificate_comparison(message, &props.report.0.trust) }
            }
        </section>
    }
}

/// A certificate's validity as a line with the reference time on it, and in words.
fn validity_line(certificate: &CertificateInfo, now: Timestamp) -> Html {
    let (start, end) = (certificate.not_before, certificate.not_after);
    let (state, words) = if now < start {
        (
            "early",
            format!(
                "✖ not valid yet at the reference time (starts in {})",
                describe_duration(start.millis_since(now))
            ),
        )
    } else if now >= end {
        (
            "expired",
            format!(
                "✖ expired {} before the reference time",
                describe_duration(now.millis_since(end))
            ),
        )
    } else if end.millis_since(now) < 30 * 24 * 3600 * 1000 {
        (
            "soon",
            format!("▲ expires in {}", describe_duration(end.millis_since(now))),
        )
    } else {
        (
            "inside",
            format!(
                "✔ valid at the reference time, for another {}",
                describe_duration(end.millis_since(now))
            ),
        )
    };
    let low = start.unix_millis().min(now.unix_millis());
    let high = end.unix_millis().max(now.unix_millis());
    let span = (high - low).max(1) as f64;
    let x = |time: Timestamp| {
        format!(
            "{:.1}",
            20.0 + (time.unix_millis() - low) as f64 / span * 960.0
        )
    };
    let width = format!(
        "{:.1}",
        ((end.unix_millis() - start.unix_millis()) as f64 / span * 960.0).max(2.0)
    );
    html! {
        <div class="cert-validity" data-testid="cert-validity" data-state={state}>
            <svg class="timeline small" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img"
                aria-label={format!("Certificate validity: {words}")}>
                <line class="axis" x1="0" y1="12" x2="1000" y2="12" />
                <rect class="window" x={x(start)} y="6" width={width} height="12" rx="3" />
                <line class={classes!("reference", state)} x1={x(now)} y1="0" x2={x(now)} y2="24" />
            </svg>
            <p class="cert-dates">
                <span>{ format!("from {start}") }</span>
                <span class={classes!("window-state", state)}>{ words }</span>
                <span>{ format!("to {end}") }</span>
            </p>
        </div>
    }
}

fn signature_item(signature: &SignatureReport, now: Timestamp) -> Html {
    let status = match signature.status {
        SignatureStatus::Valid => "valid",
        SignatureStatus::ValidUnpinned => "valid (key not pinned)",
        SignatureStatus::KeyMismatch => "signed with another key",
        SignatureStatus::Invalid => "invalid",
        SignatureStatus::NotChecked => "not checked",
    };
    let status_icon = match signature.status {
        SignatureStatus::Valid => "✔",
        SignatureStatus::ValidUnpinned => "◑",
        SignatureStatus::KeyMismatch | SignatureStatus::Invalid => "✖",
        SignatureStatus::NotChecked => "○",
    };
    let algorithms = format!(
        "{} · digest {} · {}",
        signature
            .signature_method
            .as_deref()
            .map_or("(no SignatureMethod)", short_algorithm),
        if signature.digest_methods.is_empty() {
            "(none)".to_owned()
        } else {
            signature
                .digest_methods
                .iter()
                .map(|uri| short_algorithm(uri))
                .collect::<Vec<_>>()
                .join(", ")
        },
        signature
            .canonicalization_method
            .as_deref()
            .map_or("(no c14n)", short_algorithm)
    );
    html! {
        <li class={classes!("signature", signature.status.as_str())} data-testid="signature-item" data-status={signature.status.as_str()}>
            <p>
                <span aria-hidden="true">{ status_icon }</span>{ " " }
                <strong>{ format!("Signature on {}", signature.target) }</strong>
                { format!(" — {status}. ") }
                { &signature.reason }
            </p>
            <dl class="fields compact">
                <dt>{ "Algorithms" }</dt>
                <dd class="algorithms" title={signature.signature_method.clone().unwrap_or_default()}>{ algorithms }</dd>
                if !signature.reference_uris.is_empty() {
                    <dt>{ "References" }</dt>
                    <dd><code>{ signature.reference_uris.join(", ") }</code></dd>
                }
                if let Some(certificate) = &signature.certificate {
                    <dt>{ "Certificate" }</dt>
                    <dd><super::value::Value text={AttrValue::from(certificate.subject.clone())} />
                        if certificate.self_issued { <span class="hint">{ " (self-signed)" }</span> }
                    </dd>
                    <dt>{ "Key" }</dt>
                    <dd data-testid="cert-key">{ certificate.key.to_string() }</dd>
                    <dt>{ "Valid" }</dt>
                    <dd>{ validity_line(certificate, now) }</dd>
                    <dt>{ "SHA-256" }</dt>
                    <dd><code class="fingerprint">{ &certificate.sha256_fingerprint }</code></dd>
                    <dt>{ "SHA-1" }</dt>
                    <dd><code class="fingerprint">{ &certificate.sha1_fingerprint }</code></dd>
                }
            </dl>
        </li>
    }
}

/// The verdict on the message's signatures, first thing under its title. Green only
/// when a key the user trusts signed the assertion that is read.
fn signature_banner(message: &MessageReport, has_assertion: bool) -> Html {
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
                    { row("Subject", &|c| saml_inspector::text::escape_terminal(&c.subject)) }
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
