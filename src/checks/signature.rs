//! Findings about signatures and the certificates behind them: `core.sig.*` and
//! `core.cert.*`. (Text split inside a signed value is `core.nameid`'s, in the core pack:
//! the signature over the joined text holds.)

use super::{Finding, RuleId, Severity, wrapping};
use crate::cert::{CertificateInfo, KeyDescription};
use crate::dsig::algorithms::{KeyType, SignatureAlgorithm};
use crate::dsig::redirect::QueryVerdict;
use crate::dsig::{
    Error, KeyKind, KeyProblem, KeyUsed, MAX_RSA_BITS, Part, Protection, Status, Step, TrustStore,
    Verdict,
};
use crate::input::export::is_redacted_signature;
use crate::saml::{Message, MessageKind};
use crate::text::quote;
use crate::timestamp::{Timestamp, describe_duration};
use crate::xml::{Document, NS_DS, NodeId};

/// Thirty days, the warning horizon for a certificate about to expire.
const EXPIRY_WARNING_MILLIS: i64 = 30 * 24 * 3600 * 1000;

/// What the signature checks look at for one message.
pub struct Context<'a> {
    pub document: &'a Document,
    pub message: &'a Message,
    pub verdicts: &'a [Verdict],
    pub trust: &'a TrustStore,
    /// The user's keys are all the other side's and were set aside (`trust` is empty).
    pub keys_set_aside: bool,
    /// The target's rule when it refuses a signing certificate outside its dates
    /// (Cognito's `cognito.cert`): that rule is then the error, and `core.cert.validity`
    /// points at it; else `core.cert.validity` is a warning.
    pub certificate_dates_rule: Option<&'static str>,
    /// How well the evaluated assertion is signed, before the hidden-assertion
    /// downgrade.
    pub assertion: Protection,
    pub now: Timestamp,
}

pub fn run(context: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    presence(context, &mut findings);
    validity(context, &mut findings);
    coverage(context, &mut findings);
    algorithms(context, &mut findings);
    trust(context, &mut findings);
    certificates(context, &mut findings);
    findings
}

/// Why a signature was not checked here: nothing about it shows tampering, nor that it
/// is intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotChecked {
    /// No key that applies to the signer was given and the message carries no
    /// certificate (a Redirect-binding signature never does).
    NoKey,
    /// The report it was read from was exported with redaction: its SignatureValue or
    /// DigestValue was replaced.
    Redacted,
}

impl NotChecked {
    /// The contract's `signatures[].reason` for it.
    pub fn reason(self, keys_set_aside: bool) -> &'static str {
        match (self, keys_set_aside) {
            (NotChecked::Redacted, _) => {
                "redacted — not checked here (not verifiable: redacted; the report this was read from replaced the signature's values when it was exported with redaction)"
            }
            (NotChecked::NoKey, true) => {
                "not checked: the keys you trust are the IdP's, and this message is signed by the SP; it carries no certificate of its own, so load the SP's metadata or certificate to check it"
            }
            (NotChecked::NoKey, false) => {
                "not checked: the message carries no certificate and no trusted key was given; load the signer's metadata or certificate to check it"
            }
        }
    }
}

/// Whether a verdict says nothing either way: no key could be tried (failed at the key
/// step: no trusted key applies and no certificate was carried), or the signature's
/// values were redacted.
pub fn not_checked(document: &Document, verdict: &Verdict) -> Option<NotChecked> {
    if verdict.status() != Status::Invalid {
        return None;
    }
    if is_redacted(document, verdict.signature) {
        return Some(NotChecked::Redacted);
    }
    (verdict.failed_step() == Some(Step::Key)).then_some(NotChecked::NoKey)
}

/// Whether a Redirect-binding signature could not be checked: no trusted key to try.
pub fn query_not_checked(verdict: &QueryVerdict) -> Option<NotChecked> {
    (verdict.status() == Status::Invalid && verdict.failed_step() == Some(Step::Key))
        .then_some(NotChecked::NoKey)
}

/// Whether the `ds:Signature` at `signature` carries the redaction marker in its
/// SignatureValue or a DigestValue (see `input::export::REDACTED_SIGNATURE`).
pub fn is_redacted(document: &Document, signature: NodeId) -> bool {
    let marked = |node: NodeId| is_redacted_signature(&document.text(node));
    if document
        .child(signature, NS_DS, "SignatureValue")
        .is_some_and(marked)
    {
        return true;
    }
    document
        .child(signature, NS_DS, "SignedInfo")
        .into_iter()
        .flat_map(|info| document.children_named(info, NS_DS, "Reference"))
        .filter_map(|reference| document.child(reference, NS_DS, "DigestValue"))
        .any(marked)
}

/// The name of what a verdict signs (`Response`, `Assertion`...).
pub fn target_name(document: &Document, verdict: &Verdict) -> String {
    verdict
        .parent
        .and_then(|parent| document.element(parent))
        .map_or_else(
            || "document".to_owned(),
            |element| element.name.local.to_string(),
        )
}

/// Why a verdict is what it is, in a sentence or two (the JSON report's
/// `signatures[].reason`): who signed an intact signature, or what stopped verification
/// and why that matters.
pub fn reason(verdict: &Verdict, trust: &TrustStore) -> String {
    let Some(verified) = verdict.verified() else {
        return verdict.error().map(error_text).unwrap_or_default();
    };
    match (&verified.key, verified.status) {
        (KeyUsed::Trusted(index), _) => trusted_key(trust, *index),
        (KeyUsed::Embedded { pinned: true, .. }, _) => {
            "signed by the certificate whose fingerprint you trust".to_owned()
        }
        (KeyUsed::Embedded { index, .. }, status) => {
            let certificate = verdict.certificates.get(*index);
            let subject = certificate.map_or("unreadable", |c| c.subject.as_str());
            if status == Status::ValidUnpinned {
                format!(
                    "intact, and signed by the certificate the message carries ({subject}); no trusted key was loaded, so this shows integrity, not who signed it — load the IdP metadata or certificate to pin it"
                )
            } else {
                format!(
                    "signed with a key that is not among the keys you trust: the message's certificate ({subject}, SHA-256 {}) is not in the metadata or certificates you loaded — if the IdP rotated its signing certificate, the SP still holds the old one",
                    certificate.map_or("unknown", |c| c.sha256_fingerprint.as_str())
                )
            }
        }
    }
}

/// [`reason`] for an HTTP-Redirect binding signature (the `Query` target).
pub fn query_reason(verdict: &QueryVerdict, trust: &TrustStore) -> String {
    let error = match &verdict.outcome {
        Ok(index) => return trusted_key(trust, *index),
        Err(error) => error,
    };
    match error {
        Error::HmacSignatureMethod { uri } => {
            format!("SigAlg {uri} is an HMAC, never a valid SAML signature")
        }
        Error::UnsupportedSignatureMethod { uri } | Error::UnknownSignatureMethod { uri } => {
            format!("SigAlg {uri:?} is not an algorithm we accept")
        }
        Error::NoKey { .. } => "a Redirect-binding signature carries no certificate; load the signer's metadata or certificate to check it".to_owned(),
        Error::ValueUnreadable { algorithm, problem } => format!(
            "the query signature cannot be checked{}",
            key_problem(problem, *algorithm)
        ),
        Error::ValueMismatch {
            algorithm, problem, ..
        } => format!(
            "the query signature does not verify with the trusted key(s){}: the URL was changed (re-encoding a parameter breaks it), or another key signed it",
            problem
                .as_ref()
                .map(|problem| key_problem(problem, *algorithm))
                .unwrap_or_default()
        ),
        other => error_text(other),
    }
}

fn trusted_key(trust: &TrustStore, index: usize) -> String {
    match trust.keys.get(index) {
        Some(key) => format!("signed by the trusted key from {}", key.source),
        None => "signed by a trusted key".to_owned(),
    }
}

/// A verification step as a sentence names it ("fails at the digest step").
pub fn step_name(step: Step) -> &'static str {
    match step {
        Step::Shape => "signature structure",
        Step::Algorithm => "algorithm",
        Step::Reference => "reference",
        Step::Transforms => "transforms",
        Step::Digest => "digest",
        Step::Key => "key",
        Step::SignatureValue => "signature value",
    }
}

/// A part of a signature as the subject of a sentence.
fn part_name(part: Part) -> &'static str {
    match part {
        Part::Signature => "the signature",
        Part::Reference => "the Reference",
        Part::Transform => "a transform",
        Part::CanonicalizationMethod => "a canonicalization method",
        Part::QuerySignature => "the Signature parameter",
        other => other.local_name(),
    }
}

/// What stopped verification, and for people why it matters.
fn error_text(error: &Error) -> String {
    match error {
        Error::NoParent => {
            "the signature is the whole document; it must sit inside the element it signs".to_owned()
        }
        Error::SeveralSignatures { parent } => format!(
            "<{parent}> holds more than one signature; which one counts is ambiguous, so neither does"
        ),
        Error::TextInside { part } => {
            format!("{} contains text outside its elements", part_name(*part))
        }
        Error::Missing { inside, expected } => format!(
            "{} has no <ds:{}>",
            part_name(*inside),
            expected.local_name()
        ),
        Error::Unexpected {
            inside,
            expected,
            found,
        } => format!(
            "{} holds <{}> where <ds:{}> belongs; a signature must have exactly the structure XML-DSig defines",
            part_name(*inside),
            found.name,
            expected.local_name()
        ),
        Error::ExtraInSignature { found, object } => format!(
            "the signature holds <{}>: {}",
            found.name,
            if *object {
                "ds:Object can carry a copy of signed content, the hiding place of signature-wrapping attacks; SAML never needs it"
            } else {
                "only SignedInfo, SignatureValue and KeyInfo belong there"
            }
        ),
        Error::RetrievalMethod => {
            "KeyInfo uses RetrievalMethod, which would fetch the key from elsewhere; refused"
                .to_owned()
        }
        Error::SeveralReferences => "SignedInfo holds more than one Reference; a SAML signature references exactly its own element".to_owned(),
        Error::ExtraInSignedInfo { found } => {
            format!("SignedInfo holds an unexpected <{}>", found.name)
        }
        Error::ExtraInReference { .. } => {
            "the Reference holds more than DigestMethod and DigestValue".to_owned()
        }
        Error::CommentInValue { part } => format!(
            "a comment inside {}: its value must be plain text, and a comment there is a sign of tampering",
            part.local_name()
        ),
        Error::MarkupInValue { part } => format!(
            "{} holds markup; its value must be plain base64 text",
            part.local_name()
        ),
        Error::NotBase64 { part } => format!("{} is not valid base64", part_name(*part)),
        Error::TooManySignatures { limit } => format!(
            "not checked: the document holds more than {limit} signatures, the most verified in one message"
        ),
        Error::HmacSignatureMethod { uri } => format!(
            "the signature method {uri} is an HMAC: a shared-secret code anyone with the \"secret\" can compute, never a valid SAML IdP signature"
        ),
        Error::UnsupportedSignatureMethod { uri } => format!(
            "the signature method {uri} is not supported by SAML Inspector; we check RSA and ECDSA (P-256, P-384, P-521) with SHA-1/256/384/512"
        ),
        Error::UnknownSignatureMethod { uri } => {
            format!("the signature method {uri:?} is not an algorithm we accept")
        }
        Error::UnknownDigestMethod { uri } => format!(
            "the digest method {uri:?} is not one we accept (SHA-1, SHA-256, SHA-384, SHA-512)"
        ),
        Error::UnknownCanonicalization { uri } => format!(
            "canonicalization {uri:?} is not one we accept (Canonical XML 1.0 or Exclusive XML Canonicalization 1.0)"
        ),
        Error::CanonicalizationContent { uri } => {
            format!("unexpected content inside the canonicalization method {uri}")
        }
        Error::TooManyTransforms { count } => format!(
            "{count} transforms; a SAML signature uses enveloped-signature and one canonicalization"
        ),
        Error::UnexpectedInTransforms { found } => {
            format!("unexpected <{}> in Transforms", found.name)
        }
        Error::RepeatedEnveloped => {
            "the enveloped-signature transform is repeated or has content".to_owned()
        }
        Error::SeveralCanonicalizations => "more than one canonicalization transform".to_owned(),
        Error::RefusedTransform { uri } => format!(
            "the transform {uri:?} is refused: only enveloped-signature and canonicalization are accepted (XSLT, XPath and others can rewrite what is digested)"
        ),
        Error::MissingEnveloped => "the reference lacks the enveloped-signature transform, which a signature inside the element it signs needs".to_owned(),
        Error::DuplicateIds { ids } => format!(
            "the ID {} appears on more than one element; with duplicate IDs a signature can be made to point at a different element than the one read (signature wrapping)",
            ids.iter()
                .map(|id| format!("{id:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Error::EmptyUriInside { parent } => format!(
            "the reference URI is empty (the whole document), but the signature sits in <{parent}>, which is not the document element: the signed content was moved into another document"
        ),
        Error::OtherTarget {
            uri,
            parent,
            parent_id,
        } => format!(
            "the reference points at {uri:?}, but the signature sits in <{parent}> with ID {:?}; a signature must sign the element it is in",
            parent_id.as_deref().unwrap_or("")
        ),
        Error::NotSameDocument { uri } => format!(
            "the reference URI {uri:?} is not a same-document reference to the signed element"
        ),
        Error::NoUri => "the Reference has no URI".to_owned(),
        Error::SignedBytesLimit { .. } => "not checked: the signatures of this document sign more content in total than the limit allows (nested signatures over the same large content)".to_owned(),
        Error::EmptyContent => "the signed content canonicalizes to nothing".to_owned(),
        Error::DigestLength {
            algorithm,
            expected,
            found,
        } => format!(
            "DigestValue has {found} bytes, but a {} digest has {expected}",
            algorithm.name()
        ),
        Error::DigestMismatch { element, .. } => format!(
            "the digest of the {element} does not match: it was changed after it was signed (or re-serialised: pretty-printing, re-encoding or editing whitespace breaks signatures)"
        ),
        Error::NoKey { fingerprints: false } => "the message carries no certificate and no trusted key was loaded, so the signature cannot be checked; load the IdP metadata or signing certificate".to_owned(),
        Error::NoKey { fingerprints: true } => "the message carries no certificate to compare with the pinned fingerprint, and no trusted key was loaded, so the signature cannot be checked; load the IdP metadata or signing certificate".to_owned(),
        Error::ValueUnreadable { algorithm, problem } => format!(
            "the signature value cannot be checked{}",
            key_problem(problem, *algorithm)
        ),
        Error::ValueMismatch {
            algorithm,
            tried,
            problem,
        } => format!(
            "the signature value does not verify with {}{}: SignedInfo was changed after signing, or it was signed with another key",
            match (tried.trusted, tried.embedded) {
                (true, true) => "the trusted key(s) or with the certificate in the message",
                (true, false) => "the trusted key(s)",
                (false, _) => "the certificate in the message",
            },
            problem
                .as_ref()
                .map(|problem| key_problem(problem, *algorithm))
                .unwrap_or_default()
        ),
    }
}

/// Why a key could not check a value, as a parenthesised aside for a sentence about
/// `algorithm`.
fn key_problem(problem: &KeyProblem, algorithm: SignatureAlgorithm) -> String {
    match problem {
        KeyProblem::WrongType { key } => format!(
            " ({} needs {}, but the key is {})",
            algorithm.name(),
            match algorithm.key_type() {
                KeyType::Rsa => "an RSA key",
                KeyType::Ec => "an elliptic-curve key",
            },
            match key {
                KeyKind::Rsa => "an RSA key",
                KeyKind::Ec => "an elliptic-curve key",
                KeyKind::EcOtherCurve =>
                    "an elliptic-curve key on a curve other than P-256, P-384 or P-521",
                KeyKind::Other => "a key of another type",
            }
        ),
        KeyProblem::TooLarge { bits } => {
            format!(" (a {bits}-bit key is beyond the {MAX_RSA_BITS}-bit limit)")
        }
        KeyProblem::Malformed => " (a key could not be read)".to_owned(),
        KeyProblem::EcdsaLayout {
            curve,
            expected,
            found,
            der,
        } => format!(
            " (an ECDSA {} signature value is r and s side by side, {expected} bytes; this one is {found} bytes{})",
            curve.name(),
            if *der {
                ", a DER SEQUENCE as Java's signature API writes it, which XML Signature does not allow: the signer must convert it"
            } else {
                ""
            }
        ),
    }
}

fn presence(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let message = context.message;
    if message.kind != MessageKind::Response {
        return;
    }
    let response_signed = context
        .verdicts
        .iter()
        .any(|verdict| verdict.parent == Some(context.document.root()));
    let assertion_signed = message.evaluated_assertion().is_some_and(|assertion| {
        context
            .verdicts
            .iter()
            .any(|verdict| verdict.parent == Some(assertion.node))
    });
    // Signatures elsewhere in the message (on another assertion, deeper in the tree):
    // with the evaluated assertion unsigned, that is the shape of signature wrapping.
    let elsewhere: Vec<String> = context
        .verdicts
        .iter()
        .filter(|verdict| {
            verdict.parent != Some(context.document.root())
                && message
                    .evaluated_assertion()
                    .is_none_or(|assertion| verdict.parent != Some(assertion.node))
        })
        .map(|verdict| target_name(context.document, verdict))
        .collect();
    // An intact signature over something else: `core.sig.coverage` says that the
    // assertion read is not the one signed, with what it claims; this rule only notes it.
    let intact_elsewhere = context
        .verdicts
        .iter()
        .any(|verdict| verdict.status().is_intact());
    let finding = match (response_signed, assertion_signed) {
        (false, false)
            if message.evaluated_assertion().is_some()
                && !elsewhere.is_empty()
                && intact_elsewhere =>
        {
            Finding::new(
                RuleId::CoreSigPresent,
                Severity::Info,
                "The Assertion that is read carries no signature; one sits elsewhere",
                format!(
                    "Neither the Response nor the first Assertion carries a ds:Signature; the signature(s) of the message sit on {} (see core.sig.coverage).",
                    elsewhere.join(", ")
                ),
                "",
            )
        }
        (false, false) if message.evaluated_assertion().is_some() && !elsewhere.is_empty() => {
            Finding::new(
                RuleId::CoreSigPresent,
                Severity::Error,
                "The Assertion that is read is not signed; a signature sits elsewhere",
                format!(
                    "Neither the Response nor the first Assertion (the one a service provider reads) carries a ds:Signature, but the message holds {} other signed element(s) ({}). A signed element moved aside while an unsigned one takes its place is how signature-wrapping attacks look.",
                    elsewhere.len(),
                    elsewhere.join(", ")
                ),
                "Do not trust this message. If it came from your IdP unchanged, look at how it places assertions; a genuine response has one Assertion, signed where it stands (or a signed Response).",
            )
        }
        (false, false) if message.evaluated_assertion().is_some() => Finding::new(
            RuleId::CoreSigPresent,
            Severity::Error,
            "Neither the Response nor the Assertion is signed",
            "No ds:Signature was found on the Response or on its Assertion; no service provider accepts an unsigned assertion.",
            "Turn on signing in the IdP's application settings (sign the assertion, or the response and the assertion).",
        ),
        (false, false) => return,
        (true, true) => Finding::new(
            RuleId::CoreSigPresent,
            Severity::Pass,
            "The Response and the Assertion are both signed",
            "",
            "",
        ),
        (true, false) => Finding::new(
            RuleId::CoreSigPresent,
            Severity::Pass,
            "The Response is signed (which covers its Assertion)",
            "",
            "",
        ),
        (false, true) => Finding::new(
            RuleId::CoreSigPresent,
            Severity::Pass,
            "The Assertion is signed",
            "",
            "",
        ),
    };
    findings.push(finding);
}

fn validity(context: &Context<'_>, findings: &mut Vec<Finding>) {
    if context.verdicts.is_empty() {
        return;
    }
    let unchecked: Vec<(&Verdict, NotChecked)> = context
        .verdicts
        .iter()
        .filter_map(|verdict| Some((verdict, not_checked(context.document, verdict)?)))
        .collect();
    let broken: Vec<&Verdict> = context
        .verdicts
        .iter()
        .filter(|verdict| verdict.status() == Status::Invalid)
        .filter(|verdict| {
            !unchecked
                .iter()
                .any(|(other, _)| other.signature == verdict.signature)
        })
        .collect();
    if broken.is_empty() && !unchecked.is_empty() {
        let redacted = unchecked
            .iter()
            .any(|(_, why)| *why == NotChecked::Redacted);
        let detail = unchecked
            .iter()
            .map(|(verdict, why)| {
                format!(
                    "The signature on the {}: {}.",
                    target_name(context.document, verdict),
                    why.reason(context.keys_set_aside)
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        findings.push(Finding::new(
            RuleId::CoreSigValid,
            Severity::Info,
            if redacted {
                "Signatures redacted — not checked here"
            } else {
                "A signature could not be checked here"
            },
            detail,
            if redacted {
                "The findings of the report before redaction say whether the signatures verified; to check them again, analyse the original capture."
            } else {
                "Load the signer's metadata or signing certificate as a trusted key to check it."
            },
        ));
        return;
    }
    if broken.is_empty() {
        findings.push(Finding::new(
            RuleId::CoreSigValid,
            Severity::Pass,
            "Every signature is intact",
            "",
            "",
        ));
        return;
    }
    let detail = broken
        .iter()
        .map(|verdict| {
            format!(
                "The signature on the {} fails at the {} step: {}.",
                target_name(context.document, verdict),
                verdict.failed_step().map_or("verification", step_name),
                reason(verdict, context.trust)
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    findings.push(Finding::new(
        RuleId::CoreSigValid,
        Severity::Error,
        "A signature does not verify",
        detail,
        "Capture the message again exactly as the IdP sent it (copy the encoded value, do not pretty-print or edit it). If it still fails, the message was altered on the way or is forged: do not trust its contents.",
    ));
}

/// What an intact signature signs, for a detail: `the Assertion "_a1" in
/// samlp:Response/samlp:Extensions/samlp:Response`.
fn signed_element(context: &Context<'_>, verdict: &Verdict) -> String {
    let document = context.document;
    let Some(parent) = verdict.parent else {
        return "the document".to_owned();
    };
    let name = target_name(document, verdict);
    let id = document
        .attribute(parent, "ID")
        .map(|id| format!(" {}", quote(id)))
        .unwrap_or_default();
    let mut path = Vec::new();
    let mut current = document.parent(parent);
    while let Some(ancestor) = current {
        if let Some(element) = document.element(ancestor) {
            path.push(element.name.to_string());
        }
        current = document.parent(ancestor);
    }
    if path.is_empty() {
        return format!("the {name}{id}");
    }
    path.reverse();
    format!("the {name}{id} in {}", path.join("/"))
}

fn coverage(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let Some(assertion) = context.message.evaluated_assertion() else {
        return;
    };
    if context.verdicts.is_empty() {
        return;
    }
    let intact_elsewhere = context
        .verdicts
        .iter()
        .any(|verdict| verdict.status().is_intact());
    let covered = context.verdicts.iter().any(|verdict| {
        verdict
            .coverage()
            .is_some_and(|coverage| coverage.covers(assertion.node))
    });
    if covered {
        findings.push(Finding::new(
            RuleId::CoreSigCoverage,
            Severity::Pass,
            "The assertion that is read is covered by the signature",
            "",
            "",
        ));
        return;
    }
    if intact_elsewhere {
        let claims = context
            .message
            .placed(assertion.node)
            .map(|placed| {
                format!(
                    ", which claims {}",
                    wrapping::describe_claims(&placed.claims)
                )
            })
            .unwrap_or_default();
        let signed: Vec<String> = context
            .verdicts
            .iter()
            .filter(|verdict| verdict.status().is_intact())
            .map(|verdict| signed_element(context, verdict))
            .collect();
        findings.push(Finding::new(
            RuleId::CoreSigCoverage,
            Severity::Error,
            "The assertion that is read is not the one that was signed",
            format!(
                "A signature in this message is intact, but it covers {} and not the assertion{} a service provider reads (the first Assertion of the Response{claims}). This is the shape of an XML signature wrapping attack: signed content kept elsewhere in the message to pass verification while forged content is used.",
                signed.join(" and "),
                assertion
                    .id
                    .as_deref()
                    .map(|id| format!(" {}", quote(id)))
                    .unwrap_or_default()
            ),
            "Do not trust this message. If it came from your own IdP, capture it again; if it did not, report it to your security team.",
        ));
    }
}

fn algorithms(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let weak: Vec<String> = context
        .verdicts
        .iter()
        .filter(|verdict| {
            verdict
                .signature_algorithm
                .is_some_and(|a| a.is_deprecated())
                || verdict.digest_algorithm.is_some_and(|d| d.is_deprecated())
        })
        .map(|verdict| target_name(context.document, verdict))
        .collect();
    if !weak.is_empty() {
        findings.push(Finding::new(
            RuleId::CoreSigAlgorithm,
            Severity::Warning,
            "Signed with SHA-1",
            format!(
                "The signature on the {} uses SHA-1, which is deprecated; some service providers refuse it.",
                weak.join(" and the ")
            ),
            "In the IdP's application settings, set the signature algorithm to RSA-SHA256 (ECDSA-SHA256 for an elliptic-curve key) and the digest to SHA-256.",
        ));
    } else if context
        .verdicts
        .iter()
        .any(|verdict| verdict.signature_algorithm.is_some())
    {
        findings.push(Finding::new(
            RuleId::CoreSigAlgorithm,
            Severity::Pass,
            "Signature algorithms are current",
            "",
            "",
        ));
    }
}

fn trust(context: &Context<'_>, findings: &mut Vec<Finding>) {
    for verdict in context.verdicts {
        match verdict.status() {
            Status::KeyMismatch => {
                let carried = verdict.embedded_signer();
                let trusted = context
                    .trust
                    .keys
                    .iter()
                    .map(|key| format!("{} from {}", describe(&key.certificate), key.source))
                    .collect::<Vec<_>>();
                findings.push(Finding::new(
                    RuleId::CoreCertTrust,
                    Severity::Error,
                    "Signed by a certificate you do not trust",
                    format!(
                        "The {} was signed with the certificate in the message: {}. The trusted {}: {}. The usual cause: the IdP rotated its signing certificate and the service provider still holds the old one.",
                        target_name(context.document, verdict),
                        carried.map_or_else(|| "(unreadable)".to_owned(), describe),
                        if trusted.len() == 1 { "certificate is" } else { "certificates are" },
                        if trusted.is_empty() { "only fingerprints".to_owned() } else { trusted.join("; ") }
                    ),
                    "If the IdP rotated its certificate on purpose, upload the new metadata (or certificate) to the service provider — for AWS, update the IAM identity provider's metadata document or the IAM Identity Center external IdP certificate. If it did not, treat the message as forged.",
                ));
                return;
            }
            Status::ValidUnpinned if context.keys_set_aside => {
                findings.push(Finding::new(
                    RuleId::CoreCertTrust,
                    Severity::Info,
                    "Signature checked against the message's own certificate",
                    format!(
                        "The {} is signed by the SP, and the keys you trust are the IdP's (from its metadata), which cannot check an SP's signature. It is intact with the certificate it carries: this shows that it was not changed, not who signed it.",
                        context.message.kind.as_str()
                    ),
                    "Load the SP's metadata (or its signing certificate) as a trusted key to check the signer too.",
                ));
                return;
            }
            Status::ValidUnpinned => {
                findings.push(Finding::new(
                    RuleId::CoreCertTrust,
                    Severity::Info,
                    "Signature checked against the message's own certificate",
                    "The signature is intact, but no trusted IdP metadata or certificate was loaded, so this shows that the message was not changed, not who signed it.",
                    "Load the IdP metadata (or its signing certificate) as a trusted key to check the signer too.",
                ));
                return;
            }
            Status::Valid => {
                findings.push(Finding::new(
                    RuleId::CoreCertTrust,
                    Severity::Pass,
                    "Signed by a trusted key",
                    "",
                    "",
                ));
            }
            Status::Invalid => {}
        }
    }
}

fn describe(certificate: &CertificateInfo) -> String {
    format!(
        "{} (valid {} to {}, SHA-256 {})",
        certificate.subject,
        certificate.not_before,
        certificate.not_after,
        certificate.sha256_fingerprint
    )
}

/// The certificate that made each intact signature.
fn signing_certificates<'a>(context: &'a Context<'_>) -> Vec<&'a CertificateInfo> {
    context
        .verdicts
        .iter()
        .filter_map(|verdict| match verdict.key()? {
            KeyUsed::Trusted(index) => context.trust.keys.get(*index).map(|key| &key.certificate),
            KeyUsed::Embedded { .. } => verdict.embedded_signer(),
        })
        .collect()
}

fn certificates(context: &Context<'_>, findings: &mut Vec<Finding>) {
    let signers = signing_certificates(context);
    let Some(first) = signers.first() else {
        return;
    };
    let now = context.now;
    let mut validity = Finding::new(
        RuleId::CoreCertValidity,
        Severity::Pass,
        "The signing certificate is within its validity period",
        "",
        "",
    );
    // SAML does not ask SPs to check a signing certificate's dates (the key is what is
    // trusted); only a target known to refuse it makes it an error.
    let (severity, who_checks) = match context.certificate_dates_rule {
        Some(rule) => (
            Severity::Info,
            format!(
                "The target refuses a signing certificate outside its validity period: see {rule}."
            ),
        ),
        None => (
            Severity::Warning,
            "SAML does not require service providers to check a signing certificate's dates, and most trust the key, not the dates: many keep working with an expired IdP certificate (Amazon OpenSearch's SAML among them), while Amazon Cognito refuses one; AWS documents neither way for IAM SAML federation and IAM Identity Center.".to_owned(),
        ),
    };
    let rotation = "Plan a rotation: create the new signing certificate at the IdP without activating it, add it at the service provider next to the current one (for AWS IAM, upload IdP metadata listing both; Identity Center holds two certificates), then make the IdP sign with it and remove the old one. Activating a new certificate at the IdP before the service provider has it stops every sign-in.";
    for certificate in &signers {
        if now < certificate.not_before {
            validity = Finding::new(
                RuleId::CoreCertValidity,
                severity,
                "The signing certificate is not yet valid",
                format!(
                    "{} is valid from {}, {} after the reference time {now}. {who_checks}",
                    certificate.subject,
                    certificate.not_before,
                    describe_duration(certificate.not_before.millis_since(now))
                ),
                "Check the IdP's clock and the certificate's start date. If the certificate is new, it was activated too early: keep signing with the current one until the service provider holds both (a planned rotation).",
            );
        } else if now > certificate.not_after {
            validity = Finding::new(
                RuleId::CoreCertValidity,
                severity,
                "The signing certificate has expired",
                format!(
                    "{} expired at {}, {} before the reference time {now}. {who_checks}",
                    certificate.subject,
                    certificate.not_after,
                    describe_duration(now.millis_since(certificate.not_after))
                ),
                rotation,
            );
        } else if certificate.not_after.millis_since(now) < EXPIRY_WARNING_MILLIS
            && validity.severity == Severity::Pass
        {
            validity = Finding::new(
                RuleId::CoreCertValidity,
                Severity::Warning,
                "The signing certificate expires within 30 days",
                format!(
                    "{} expires at {}, {} after the reference time.",
                    certificate.subject,
                    certificate.not_after,
                    describe_duration(certificate.not_after.millis_since(now))
                ),
                "Plan the rollover now: add the new certificate at the IdP, publish metadata with both, update the service provider, then switch.",
            );
        }
    }
    findings.push(validity);

    if let Some(certificate) = signers
        .iter()
        .find(|certificate| !certificate.duplicate_extensions.is_empty())
    {
        findings.push(Finding::new(
            RuleId::MetaCertExtensions,
            Severity::Warning,
            "The signing certificate repeats an extension",
            format!(
                "{} carries the extension {} more than once (RFC 5280 forbids it); AWS IAM refuses metadata holding such a certificate.",
                certificate.subject,
                certificate.duplicate_extensions.join(", ")
            ),
            "Issue a new signing certificate at the IdP (most IdPs generate a clean one) and publish new metadata.",
        ));
    }

    let mut size = Finding::new(
        RuleId::CoreCertKeysize,
        Severity::Pass,
        "The signing key is large enough",
        "",
        "",
    );
    if let KeyDescription::Rsa { bits } = first.key {
        if bits < 1024 {
            size = Finding::new(
                RuleId::CoreCertKeysize,
                Severity::Error,
                "The signing key is too small",
                format!(
                    "The signing certificate has a {bits}-bit RSA key; AWS and most service providers refuse keys under 1024 bits."
                ),
                "Create a signing certificate with a 2048-bit (or larger) RSA key at the IdP and upload the new metadata.",
            );
        } else if bits < 2048 {
            size = Finding::new(
                RuleId::CoreCertKeysize,
                Severity::Warning,
                "The signing key is small",
                format!(
                    "The signing certificate has a {bits}-bit RSA key; 2048 bits is today's minimum."
                ),
                "Create a signing certificate with a 2048-bit (or larger) RSA key at the IdP and upload the new metadata.",
            );
        }
    }
    findings.push(size);
}

#[cfg(test)]
mod tests {
    use super::{error_text, query_reason};
    use crate::checks::{RuleId, Severity};
    use crate::dsig::algorithms::{Curve, DigestAlgorithm, SignatureAlgorithm};
    use crate::dsig::redirect::QueryVerdict;
    use crate::dsig::{Error, Found, KeyKind, KeyProblem, KeysTried, Part, TrustStore};
    use crate::testing::{analyze_texts, finding};
    use crate::xml::NodeId;

    /// The sentence of every verification error: the JSON report's `reason`, which other
    /// tools read, so each is pinned here word for word.
    #[test]
    fn every_error_has_its_sentence() {
        let found = |name: &str| Found {
            node: NodeId::default(),
            name: name.to_owned(),
        };
        let uri = |text: &str| text.to_owned();
        let rsa = SignatureAlgorithm::RsaSha256;
        let layout = KeyProblem::EcdsaLayout {
            curve: Curve::P256,
            expected: 64,
            found: 72,
            der: true,
        };
        let cases: Vec<(Error, &str)> = vec![
            (
                Error::NoParent,
                "the signature is the whole document; it must sit inside the element it signs",
            ),
            (
                Error::SeveralSignatures {
                    parent: "saml:Assertion".into(),
                },
                "<saml:Assertion> holds more than one signature; which one counts is ambiguous, so neither does",
            ),
            (
                Error::TextInside {
                    part: Part::Signature,
                },
                "the signature contains text outside its elements",
            ),
            (
                Error::TextInside {
                    part: Part::Reference,
                },
                "the Reference contains text outside its elements",
            ),
            (
                Error::TextInside {
                    part: Part::SignedInfo,
                },
                "SignedInfo contains text outside its elements",
            ),
            (
                Error::TextInside {
                    part: Part::Transforms,
                },
                "Transforms contains text outside its elements",
            ),
            (
                Error::TextInside {
                    part: Part::Transform,
                },
                "a transform contains text outside its elements",
            ),
            (
                Error::TextInside {
                    part: Part::CanonicalizationMethod,
                },
                "a canonicalization method contains text outside its elements",
            ),
            (
                Error::Missing {
                    inside: Part::Reference,
                    expected: Part::DigestValue,
                },
                "the Reference has no <ds:DigestValue>",
            ),
            (
                Error::Unexpected {
                    inside: Part::Signature,
                    expected: Part::SignatureValue,
                    found: found("ds:SignedInfo"),
                },
                "the signature holds <ds:SignedInfo> where <ds:SignatureValue> belongs; a signature must have exactly the structure XML-DSig defines",
            ),
            (
                Error::ExtraInSignature {
                    found: found("ds:Object"),
                    object: true,
                },
                "the signature holds <ds:Object>: ds:Object can carry a copy of signed content, the hiding place of signature-wrapping attacks; SAML never needs it",
            ),
            (
                Error::ExtraInSignature {
                    found: found("samlp:Response"),
                    object: false,
                },
                "the signature holds <samlp:Response>: only SignedInfo, SignatureValue and KeyInfo belong there",
            ),
            (
                Error::RetrievalMethod,
                "KeyInfo uses RetrievalMethod, which would fetch the key from elsewhere; refused",
            ),
            (
                Error::SeveralReferences,
                "SignedInfo holds more than one Reference; a SAML signature references exactly its own element",
            ),
            (
                Error::ExtraInSignedInfo {
                    found: found("ds:Foo"),
                },
                "SignedInfo holds an unexpected <ds:Foo>",
            ),
            (
                Error::ExtraInReference {
                    found: found("ds:Foo"),
                },
                "the Reference holds more than DigestMethod and DigestValue",
            ),
            (
                Error::CommentInValue {
                    part: Part::DigestValue,
                },
                "a comment inside DigestValue: its value must be plain text, and a comment there is a sign of tampering",
            ),
            (
                Error::MarkupInValue {
                    part: Part::SignatureValue,
                },
                "SignatureValue holds markup; its value must be plain base64 text",
            ),
            (
                Error::NotBase64 {
                    part: Part::SignatureValue,
                },
                "SignatureValue is not valid base64",
            ),
            (
                Error::NotBase64 {
                    part: Part::QuerySignature,
                },
                "the Signature parameter is not valid base64",
            ),
            (
                Error::TooManySignatures { limit: 16 },
                "not checked: the document holds more than 16 signatures, the most verified in one message",
            ),
            (
                Error::HmacSignatureMethod {
                    uri: uri("http://www.w3.org/2000/09/xmldsig#hmac-sha1"),
                },
                "the signature method http://www.w3.org/2000/09/xmldsig#hmac-sha1 is an HMAC: a shared-secret code anyone with the \"secret\" can compute, never a valid SAML IdP signature",
            ),
            (
                Error::UnsupportedSignatureMethod {
                    uri: uri("http://www.w3.org/2000/09/xmldsig#dsa-sha1"),
                },
                "the signature method http://www.w3.org/2000/09/xmldsig#dsa-sha1 is not supported by SAML Inspector; we check RSA and ECDSA (P-256, P-384, P-521) with SHA-1/256/384/512",
            ),
            (
                Error::UnknownSignatureMethod { uri: uri("urn:x") },
                "the signature method \"urn:x\" is not an algorithm we accept",
            ),
            (
                Error::UnknownDigestMethod { uri: uri("urn:x") },
                "the digest method \"urn:x\" is not one we accept (SHA-1, SHA-256, SHA-384, SHA-512)",
            ),
            (
                Error::UnknownCanonicalization { uri: uri("urn:x") },
                "canonicalization \"urn:x\" is not one we accept (Canonical XML 1.0 or Exclusive XML Canonicalization 1.0)",
            ),
            (
                Error::CanonicalizationContent { uri: uri("urn:x") },
                "unexpected content inside the canonicalization method urn:x",
            ),
            (
                Error::TooManyTransforms { count: 3 },
                "3 transforms; a SAML signature uses enveloped-signature and one canonicalization",
            ),
            (
                Error::UnexpectedInTransforms {
                    found: found("ds:Foo"),
                },
                "unexpected <ds:Foo> in Transforms",
            ),
            (
                Error::RepeatedEnveloped,
                "the enveloped-signature transform is repeated or has content",
            ),
            (
                Error::SeveralCanonicalizations,
                "more than one canonicalization transform",
            ),
            (
                Error::RefusedTransform { uri: uri("urn:x") },
                "the transform \"urn:x\" is refused: only enveloped-signature and canonicalization are accepted (XSLT, XPath and others can rewrite what is digested)",
            ),
            (
                Error::MissingEnveloped,
                "the reference lacks the enveloped-signature transform, which a signature inside the element it signs needs",
            ),
            (
                Error::DuplicateIds {
                    ids: vec!["a".into(), "b".into()],
                },
                "the ID \"a\", \"b\" appears on more than one element; with duplicate IDs a signature can be made to point at a different element than the one read (signature wrapping)",
            ),
            (
                Error::EmptyUriInside {
                    parent: "saml:Assertion".into(),
                },
                "the reference URI is empty (the whole document), but the signature sits in <saml:Assertion>, which is not the document element: the signed content was moved into another document",
            ),
            (
                Error::OtherTarget {
                    uri: uri("#x"),
                    parent: "saml:Assertion".into(),
                    parent_id: None,
                },
                "the reference points at \"#x\", but the signature sits in <saml:Assertion> with ID \"\"; a signature must sign the element it is in",
            ),
            (
                Error::NotSameDocument {
                    uri: uri("#xpointer(/)"),
                },
                "the reference URI \"#xpointer(/)\" is not a same-document reference to the signed element",
            ),
            (Error::NoUri, "the Reference has no URI"),
            (
                Error::SignedBytesLimit {
                    needed: 10,
                    left: 5,
                },
                "not checked: the signatures of this document sign more content in total than the limit allows (nested signatures over the same large content)",
            ),
            (
                Error::EmptyContent,
                "the signed content canonicalizes to nothing",
            ),
            (
                Error::DigestLength {
                    algorithm: DigestAlgorithm::Sha256,
                    expected: 32,
                    found: 3,
                },
                "DigestValue has 3 bytes, but a SHA-256 digest has 32",
            ),
            (
                Error::DigestMismatch {
                    element: "saml:Assertion".into(),
                    algorithm: DigestAlgorithm::Sha256,
                    expected: vec![1],
                    computed: vec![2],
                },
                "the digest of the saml:Assertion does not match: it was changed after it was signed (or re-serialised: pretty-printing, re-encoding or editing whitespace breaks signatures)",
            ),
            (
                Error::NoKey {
                    fingerprints: false,
                },
                "the message carries no certificate and no trusted key was loaded, so the signature cannot be checked; load the IdP metadata or signing certificate",
            ),
            (
                Error::NoKey { fingerprints: true },
                "the message carries no certificate to compare with the pinned fingerprint, and no trusted key was loaded, so the signature cannot be checked; load the IdP metadata or signing certificate",
            ),
            (
                Error::ValueUnreadable {
                    algorithm: SignatureAlgorithm::EcdsaSha256,
                    problem: layout.clone(),
                },
                "the signature value cannot be checked (an ECDSA P-256 signature value is r and s side by side, 64 bytes; this one is 72 bytes, a DER SEQUENCE as Java's signature API writes it, which XML Signature does not allow: the signer must convert it)",
            ),
            (
                Error::ValueMismatch {
                    algorithm: rsa,
                    tried: KeysTried {
                        trusted: true,
                        embedded: true,
                    },
                    problem: None,
                },
                "the signature value does not verify with the trusted key(s) or with the certificate in the message: SignedInfo was changed after signing, or it was signed with another key",
            ),
            (
                Error::ValueMismatch {
                    algorithm: rsa,
                    tried: KeysTried {
                        trusted: true,
                        embedded: false,
                    },
                    problem: Some(KeyProblem::TooLarge { bits: 20_000 }),
                },
                "the signature value does not verify with the trusted key(s) (a 20000-bit key is beyond the 16384-bit limit): SignedInfo was changed after signing, or it was signed with another key",
            ),
            (
                Error::ValueMismatch {
                    algorithm: rsa,
                    tried: KeysTried {
                        trusted: false,
                        embedded: true,
                    },
                    problem: Some(KeyProblem::WrongType { key: KeyKind::Ec }),
                },
                "the signature value does not verify with the certificate in the message (RSA-SHA256 needs an RSA key, but the key is an elliptic-curve key): SignedInfo was changed after signing, or it was signed with another key",
            ),
            (
                Error::ValueMismatch {
                    algorithm: SignatureAlgorithm::EcdsaSha384,
                    tried: KeysTried {
                        trusted: false,
                        embedded: true,
                    },
                    problem: Some(KeyProblem::WrongType {
                        key: KeyKind::Other,
                    }),
                },
                "the signature value does not verify with the certificate in the message (ECDSA-SHA384 needs an elliptic-curve key, but the key is a key of another type): SignedInfo was changed after signing, or it was signed with another key",
            ),
            (
                Error::ValueMismatch {
                    algorithm: rsa,
                    tried: KeysTried {
                        trusted: false,
                        embedded: true,
                    },
                    problem: Some(KeyProblem::Malformed),
                },
                "the signature value does not verify with the certificate in the message (a key could not be read): SignedInfo was changed after signing, or it was signed with another key",
            ),
        ];
        for (error, expected) in &cases {
            assert_eq!(error_text(error), *expected, "{error:?}");
        }

        // A Redirect-binding signature words some of them its own way.
        let query = |outcome| {
            query_reason(
                &QueryVerdict {
                    algorithm: None,
                    outcome,
                },
                &TrustStore::default(),
            )
        };
        let cases: Vec<(Result<usize, Error>, &str)> = vec![
            (Ok(0), "signed by a trusted key"),
            (
                Err(Error::HmacSignatureMethod { uri: uri("urn:h") }),
                "SigAlg urn:h is an HMAC, never a valid SAML signature",
            ),
            (
                Err(Error::UnknownSignatureMethod { uri: uri("urn:x") }),
                "SigAlg \"urn:x\" is not an algorithm we accept",
            ),
            (
                Err(Error::UnsupportedSignatureMethod { uri: uri("urn:x") }),
                "SigAlg \"urn:x\" is not an algorithm we accept",
            ),
            (
                Err(Error::NotBase64 {
                    part: Part::QuerySignature,
                }),
                "the Signature parameter is not valid base64",
            ),
            (
                Err(Error::NoKey {
                    fingerprints: false,
                }),
                "a Redirect-binding signature carries no certificate; load the signer's metadata or certificate to check it",
            ),
            (
                Err(Error::ValueUnreadable {
                    algorithm: SignatureAlgorithm::EcdsaSha256,
                    problem: KeyProblem::EcdsaLayout {
                        curve: Curve::P256,
                        expected: 64,
                        found: 63,
                        der: false,
                    },
                }),
                "the query signature cannot be checked (an ECDSA P-256 signature value is r and s side by side, 64 bytes; this one is 63 bytes)",
            ),
            (
                Err(Error::ValueMismatch {
                    algorithm: rsa,
                    tried: KeysTried {
                        trusted: true,
                        embedded: false,
                    },
                    problem: None,
                }),
                "the query signature does not verify with the trusted key(s): the URL was changed (re-encoding a parameter breaks it), or another key signed it",
            ),
        ];
        for (outcome, expected) in cases {
            assert_eq!(query(outcome.clone()), expected, "{outcome:?}");
        }
    }

    #[test]
    fn a_wrapped_assertion_is_named_as_such_not_as_unsigned() {
        let wrapped = include_str!("../../examples/wrapped-signature.txt");
        let report = analyze_texts(&[wrapped], &Default::default());
        let message = &report.messages[0];
        // One cause, one finding: the coverage error names it; presence and the AWS
        // signing rule only point at it.
        let coverage = finding(message, RuleId::CoreSigCoverage);
        assert_eq!(coverage.severity, Severity::Error);
        assert!(
            coverage.title.contains("not the one that was signed"),
            "{coverage:?}"
        );
        let present = finding(message, RuleId::CoreSigPresent);
        assert_eq!(present.severity, Severity::Info);
        assert!(present.title.contains("elsewhere"), "{present:?}");
        assert!(present.detail.contains("core.sig.coverage"), "{present:?}");
        let aws = finding(message, RuleId::AwsSigning);
        assert_eq!(aws.severity, Severity::Info);
        assert!(aws.title.contains("elsewhere"), "{aws:?}");

        let unsigned = crate::testing::analyze_xml(&crate::testing::ResponseSpec::default().xml());
        let present = finding(&unsigned, RuleId::CoreSigPresent);
        assert_eq!(
            present.title,
            "Neither the Response nor the Assertion is signed"
        );
    }
}
