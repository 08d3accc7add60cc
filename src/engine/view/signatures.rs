//! The signature panel: each signature's verdict, its certificate and validity, the
//! banner over them, and a message's certificate compared with the trusted ones.

use crate::analysis::{MessageAnalysis, Verified};
use crate::cert::CertificateInfo;
use crate::dsig::{Protection, TrustStore};
use crate::report::{SignatureReport, SignatureStatus};
use crate::timestamp::{Timestamp, describe_duration};
use serde::{Deserialize, Serialize};

/// The signature panel.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignaturesView {
    pub banner: Option<BannerView>,
    pub items: Vec<SignatureItem>,
    /// On a key mismatch: the message's certificate beside the trusted ones.
    pub comparison: Option<ComparisonView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannerView {
    /// `trusted`, `unpinned` or `bad`.
    pub class: String,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureItem {
    /// The contract's status name (`valid`, `not-checked`...).
    pub status: String,
    /// "valid (key not pinned)".
    pub status_words: String,
    pub icon: String,
    pub target: String,
    pub reason: String,
    /// "rsa-sha256 · digest sha256 · xml-exc-c14n".
    pub algorithms: String,
    pub signature_method: String,
    pub references: Option<String>,
    pub certificate: Option<CertificateView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub subject: String,
    pub self_issued: bool,
    pub key: String,
    pub validity: ValidityView,
    pub sha256: String,
    pub sha1: String,
}

/// A certificate's validity on a line (positions on a 0..1000 axis) with the reference
/// time, and in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidityView {
    /// `early`, `expired`, `soon` or `inside`.
    pub state: String,
    pub words: String,
    pub x_start: String,
    pub width: String,
    pub x_now: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComparisonView {
    /// How many trusted certificates are compared.
    pub trusted: usize,
    /// (row label, the message's value then each trusted certificate's).
    pub rows: Vec<(String, Vec<String>)>,
}

pub(super) fn signatures_of(message: &MessageAnalysis, trust: &TrustStore) -> Vec<SignatureReport> {
    message
        .verified()
        .map(|verified: &Verified| crate::report::signatures(verified, trust))
        .unwrap_or_default()
}

pub(super) fn signatures_view(
    message: &MessageAnalysis,
    signatures: &[SignatureReport],
    trust: &TrustStore,
    has_assertion: bool,
) -> SignaturesView {
    let now = message.reference_time.value;
    let trusted: Vec<CertificateInfo> = trust
        .keys
        .iter()
        .map(|key| key.certificate.clone())
        .collect();
    SignaturesView {
        banner: banner(message, signatures, has_assertion),
        items: signatures
            .iter()
            .map(|signature| signature_item(signature, now))
            .collect(),
        comparison: comparison(signatures, &trusted),
    }
}

fn signature_item(signature: &SignatureReport, now: Timestamp) -> SignatureItem {
    let status_words = match signature.status {
        SignatureStatus::Valid => "valid",
        SignatureStatus::ValidUnpinned => "valid (key not pinned)",
        SignatureStatus::KeyMismatch => "signed with another key",
        SignatureStatus::Invalid => "invalid",
        SignatureStatus::NotChecked => "not checked",
    };
    let icon = match signature.status {
        SignatureStatus::Valid => "✔",
        SignatureStatus::ValidUnpinned => "◑",
        SignatureStatus::KeyMismatch | SignatureStatus::Invalid => "✖",
        SignatureStatus::NotChecked => "○",
    };
    let short = crate::report::render::short_algorithm;
    let algorithms = format!(
        "{} · digest {} · {}",
        signature
            .signature_method
            .as_deref()
            .map_or("(no SignatureMethod)", short),
        if signature.digest_methods.is_empty() {
            "(none)".to_owned()
        } else {
            signature
                .digest_methods
                .iter()
                .map(|uri| short(uri))
                .collect::<Vec<_>>()
                .join(", ")
        },
        signature
            .canonicalization_method
            .as_deref()
            .map_or("(no c14n)", short)
    );
    SignatureItem {
        status: signature.status.as_str().to_owned(),
        status_words: status_words.to_owned(),
        icon: icon.to_owned(),
        target: signature.target.clone(),
        reason: signature.reason.clone(),
        algorithms,
        signature_method: signature.signature_method.clone().unwrap_or_default(),
        references: (!signature.reference_uris.is_empty())
            .then(|| signature.reference_uris.join(", ")),
        certificate: signature
            .certificate
            .as_ref()
            .map(|certificate| CertificateView {
                subject: certificate.subject.clone(),
                self_issued: certificate.self_issued,
                key: certificate.key.to_string(),
                validity: validity(certificate, now),
                sha256: certificate.sha256_fingerprint.clone(),
                sha1: certificate.sha1_fingerprint.clone(),
            }),
    }
}

/// A certificate's validity on a line with the reference time on it, and in words.
fn validity(certificate: &CertificateInfo, now: Timestamp) -> ValidityView {
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
    ValidityView {
        state: state.to_owned(),
        words,
        x_start: x(start),
        width: format!(
            "{:.1}",
            ((end.unix_millis() - start.unix_millis()) as f64 / span * 960.0).max(2.0)
        ),
        x_now: x(now),
        from: format!("from {start}"),
        to: format!("to {end}"),
    }
}

/// The verdict on the message's signatures, first thing in the panel. Green only when
/// a key the user trusts signed the assertion that is read.
fn banner(
    message: &MessageAnalysis,
    signatures: &[SignatureReport],
    has_assertion: bool,
) -> Option<BannerView> {
    let worst = signatures
        .iter()
        .map(|signature| signature.status)
        .find(|status| {
            matches!(
                status,
                SignatureStatus::Invalid | SignatureStatus::KeyMismatch
            )
        });
    let any = |status: SignatureStatus| {
        signatures
            .iter()
            .any(|signature| signature.status == status)
    };
    let (class, title, text) = match (message.assertion_protection(), worst) {
        (Protection::Trusted, _) if has_assertion => (
            "trusted",
            "Signed by the trusted key",
            "A valid signature made with a key you loaded covers the assertion shown here.",
        ),
        (_, Some(SignatureStatus::KeyMismatch)) => (
            "bad",
            "Signed by a certificate you do not trust",
            "The signature is intact, but the key that made it is not among your trusted keys: compare the certificates below.",
        ),
        (_, Some(_)) => (
            "bad",
            "A signature does not verify",
            "Do not trust the contents: the message was changed after signing, or is forged. The findings say which step failed.",
        ),
        (Protection::Unpinned, _) => (
            "unpinned",
            "Intact, signer not checked",
            "The signature verifies with the certificate inside the message. Load the IdP's metadata or certificate under \"Trusted IdP keys\" to check who signed it.",
        ),
        (Protection::None, None)
            if has_assertion && !signatures.is_empty() && any(SignatureStatus::NotChecked) =>
        {
            (
                "not-checked",
                "Signatures not checked",
                "The signatures could not be checked here (see each below): the values are shown as read, not as verified.",
            )
        }
        (Protection::None, None) if has_assertion && !signatures.is_empty() => (
            "bad",
            "The assertion shown is not covered by a signature",
            "A signature is present, but not over the assertion that is read.",
        ),
        (Protection::None, None) if has_assertion => (
            "bad",
            "Not signed",
            "Neither the Response nor its assertion carries a signature.",
        ),
        _ if any(SignatureStatus::Valid) => (
            "trusted",
            "Signed by the trusted key",
            "Every signature on this message verifies with a key you loaded.",
        ),
        _ if any(SignatureStatus::ValidUnpinned) => (
            "unpinned",
            "Intact, signer not checked",
            "The signature verifies with the certificate inside the message; load a trusted key to check who signed it.",
        ),
        _ => return None,
    };
    Some(BannerView {
        class: class.to_owned(),
        title: title.to_owned(),
        text: text.to_owned(),
    })
}

/// For a key mismatch: the message's certificate next to the trusted ones.
fn comparison(
    signatures: &[SignatureReport],
    trusted: &[CertificateInfo],
) -> Option<ComparisonView> {
    let carried = signatures
        .iter()
        .filter(|signature| signature.status == SignatureStatus::KeyMismatch)
        .find_map(|signature| signature.certificate.as_ref())?;
    let row = |label: &str, value: &dyn Fn(&CertificateInfo) -> String| {
        (
            label.to_owned(),
            std::iter::once(carried).chain(trusted).map(value).collect(),
        )
    };
    Some(ComparisonView {
        trusted: trusted.len(),
        rows: vec![
            row("Subject", &|c| crate::text::escape_terminal(&c.subject)),
            row("Valid from", &|c| c.not_before.to_string()),
            row("Valid to", &|c| c.not_after.to_string()),
            row("Key", &|c| c.key.to_string()),
            row("SHA-256", &|c| c.sha256_fingerprint.clone()),
            row("SHA-1", &|c| c.sha1_fingerprint.clone()),
        ],
    })
}
