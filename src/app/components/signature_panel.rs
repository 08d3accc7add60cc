//! The signature and certificate panel: the verdict on the message's signatures, each
//! signature with its algorithms, the certificate it carries (validity on a line, key
//! size, fingerprints), and, when the key is not the trusted one, both side by side.

use saml_inspector::engine::view::{CertificateView, SignatureItem, SignaturesView, ValidityView};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SignaturePanelProps {
    pub signatures: Rc<SignaturesView>,
}

#[function_component]
pub fn SignaturePanel(props: &SignaturePanelProps) -> Html {
    let view = &props.signatures;
    html! {
        <section class="signature-panel" aria-labelledby="signature-heading" data-testid="signature-panel">
            <h3 id="signature-heading">{ "Signature and certificate" }</h3>
            if let Some(banner) = &view.banner {
                <div class={classes!("signature-banner", banner.class.clone())} data-testid="signature-banner"
                    data-verdict={banner.class.clone()} role="status">
                    <strong>{ &banner.title }</strong>
                    <span>{ &banner.text }</span>
                </div>
            }
            if !view.items.is_empty() {
                <ul class="signatures">
                    { for view.items.iter().map(signature_item) }
                </ul>
            }
            if let Some(comparison) = &view.comparison {
                <div class="certificate-comparison" data-testid="certificate-comparison">
                    <h4>{ "Certificates side by side" }</h4>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col"></th>
                                <th scope="col">{ "In the message" }</th>
                                { for (0..comparison.trusted).map(|_| html! { <th scope="col">{ "Trusted" }</th> }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for comparison.rows.iter().map(|(label, values)| html! {
                                <tr>
                                    <th scope="row">{ label }</th>
                                    { for values.iter().map(|value| html! { <td>{ value }</td> }) }
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        </section>
    }
}

/// A certificate's validity as a line with the reference time on it, and in words.
fn validity_line(validity: &ValidityView) -> Html {
    let state = validity.state.clone();
    html! {
        <div class="cert-validity" data-testid="cert-validity" data-state={state.clone()}>
            <svg class="timeline small" viewBox="0 0 1000 24" preserveAspectRatio="none" role="img"
                aria-label={format!("Certificate validity: {}", validity.words)}>
                <line class="axis" x1="0" y1="12" x2="1000" y2="12" />
                <rect class="window" x={validity.x_start.clone()} y="6" width={validity.width.clone()} height="12" rx="3" />
                <line class={classes!("reference", state.clone())} x1={validity.x_now.clone()} y1="0" x2={validity.x_now.clone()} y2="24" />
            </svg>
            <p class="cert-dates">
                <span>{ &validity.from }</span>
                <span class={classes!("window-state", state)}>{ &validity.words }</span>
                <span>{ &validity.to }</span>
            </p>
        </div>
    }
}

fn certificate(certificate: &CertificateView) -> Html {
    html! {
        <>
            <dt>{ "Certificate" }</dt>
            <dd><super::value::Value text={AttrValue::from(certificate.subject.clone())} />
                if certificate.self_issued { <span class="hint">{ " (self-signed)" }</span> }
            </dd>
            <dt>{ "Key" }</dt>
            <dd data-testid="cert-key">{ &certificate.key }</dd>
            <dt>{ "Valid" }</dt>
            <dd>{ validity_line(&certificate.validity) }</dd>
            <dt>{ "SHA-256" }</dt>
            <dd><code class="fingerprint">{ &certificate.sha256 }</code></dd>
            <dt>{ "SHA-1" }</dt>
            <dd><code class="fingerprint">{ &certificate.sha1 }</code></dd>
        </>
    }
}

fn signature_item(signature: &SignatureItem) -> Html {
    html! {
        <li class={classes!("signature", signature.status.clone())} data-testid="signature-item" data-status={signature.status.clone()}>
            <p>
                <span aria-hidden="true">{ &signature.icon }</span>{ " " }
                <strong>{ format!("Signature on {}", signature.target) }</strong>
                { format!(" — {}. ", signature.status_words) }
                { &signature.reason }
            </p>
            <dl class="fields compact">
                <dt>{ "Algorithms" }</dt>
                <dd class="algorithms" title={signature.signature_method.clone()}>{ &signature.algorithms }</dd>
                if let Some(references) = &signature.references {
                    <dt>{ "References" }</dt>
                    <dd><code>{ references }</code></dd>
                }
                if let Some(carried) = &signature.certificate {
                    { certificate(carried) }
                }
            </dl>
        </li>
    }
}
