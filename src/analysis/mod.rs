//! The [`Analysis`]: the pipeline's one product, and the one place it is built.
//!
//! [`run`](fn@run) reads every input, then takes each SAML message found through the stages —
//! decode, parse, read the model, verify — and hands the result to
//! [`checks::run`](crate::checks::run), the only maker of findings. What comes out is
//! plain data: per input what was read ([`InputAnalysis`]), per message how far it got
//! ([`Stage`]), the typed model, the signature verdicts and what they cover, the packs
//! that ran, the IdP, the next steps and the findings ([`MessageAnalysis`]).
//!
//! Readers build what they show from it and never re-run a stage:
//! - [`report::build`](crate::report::build): the CLI's JSON contract and the text,
//!   Markdown and HTML reports;
//! - the page view, made by the engine (`crate::engine`);
//! - later, `compare(&Analysis, &Analysis)` (the comparison report of CLI.md) and the
//!   browser extension's panel: both read this, nothing else.
//!
//! Every value a reader shows can say whether a trusted signature covers it:
//! [`MessageAnalysis::protection`] for any node of the model (the model keeps each
//! value's node), with the hidden-assertion downgrade applied in one place.
//!
//! A new pipeline stage goes between two existing ones in [`run`](fn@run) and as a variant of
//! [`Stage`] where it can stop a message (decryption: between parse and verify, with
//! `Stage::Undecryptable` for a key that does not fit and the decrypted parts recorded
//! on [`Verified`]).

mod run;
mod trust;

pub use run::run;
pub use trust::{load_trust, metadata_entities};

use crate::cert::CertificateInfo;
use crate::checks::flow::{MetadataRole, MetadataSeen};
use crate::checks::{
    Expectations, Finding, IdpGuess, NextStep, PackChoice, ReferenceTime,
    error_text::ErrorTextMatch,
};
use crate::decode::DecodeError;
use crate::dsig::{
    self, Coverage, Protection, Status, TrustStore, Verdict, redirect::QueryVerdict,
};
use crate::input::export::ExportFormat;
use crate::input::{
    AlsoCaptured, FlowEntry, InputError, InputKind, InputNote, Origin, RedirectSignature,
};
use crate::limits::Limits;
use crate::saml::{Message, MessageKind};
use crate::timestamp::Timestamp;
use crate::xml::{Document, NodeId, XmlError};

/// One file or pasted text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file name, shown in the report; never used to decide what the input is.
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What the user told us besides the inputs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The time to judge against instead of the HAR capture time or the clock.
    pub reference_time: Option<Timestamp>,
    /// Judge each message at its own IssueInstant (the Response's or request's, else
    /// its assertion's) instead of the time above, the HAR capture time or the clock:
    /// for an old message pasted to see whether it was valid when it was issued. A
    /// message without a valid IssueInstant is judged as if this were off.
    pub at_issue_instant: bool,
    pub limits: Limits,
    /// The keys the user trusts to sign (see [`load_trust`]).
    pub trust: TrustStore,
    /// Metadata entities loaded as trust anchors (see [`load_trust`]):
    /// compared with the messages like metadata given as an input.
    pub trusted_metadata: Vec<MetadataSeen>,
    /// For trusted keys that came from metadata: the side whose key it is (by the
    /// key's SubjectPublicKeyInfo). A key of IdP metadata does not check a signature
    /// the SP made (an AuthnRequest), and the other way round; a key given as a bare
    /// certificate or fingerprint applies to every message.
    pub key_roles: Vec<KeyRole>,
    /// What the user expected (`--expect`, the page's fields).
    pub expect: Expectations,
    /// The error text the user saw (`--error`, the page's field).
    pub error_text: Option<String>,
}

/// Which side a trusted key signs for (see [`Options::key_roles`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRole {
    /// The key's DER SubjectPublicKeyInfo.
    pub spki: Vec<u8>,
    pub role: MetadataRole,
}

/// Everything one analysis found.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The time the analysis as a whole is judged against (each message also carries
    /// its own, which may be its HAR capture time).
    pub reference_time: ReferenceTime,
    pub inputs: Vec<InputAnalysis>,
    /// The keys the user trusts to sign.
    pub trust: TrustStore,
    /// What the user said they expected.
    pub expect: Expectations,
    /// The error text the user saw, or a known AWS error page found in a HAR response,
    /// with the rules it points at.
    pub error_text: Option<ErrorTextMatch>,
    /// Every SAML message found, in input order and, within a HAR, in flow order.
    pub messages: Vec<MessageAnalysis>,
}

/// What was made of one input.
#[derive(Debug, Clone)]
pub struct InputAnalysis {
    /// Its place among the inputs, from 0.
    pub index: usize,
    /// The file name as given (never used to recognise the content).
    pub name: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// What it was recognised as; `None` when it could not be read.
    pub kind: Option<InputKind>,
    /// Why it could not be read at all.
    pub error: Option<InputError>,
    /// For a HAR: the first entry's `startedDateTime`.
    pub captured_at: Option<Timestamp>,
    /// For a HAR: every request, SAML or not, in order.
    pub flow: Vec<FlowEntry>,
    /// Certificates given as (or inside) this input, as read.
    pub certificates: Vec<CertificateInfo>,
    pub notes: Vec<InputNote>,
    /// Findings about the input itself (unreadable, no SAML in a HAR, ...).
    pub findings: Vec<Finding>,
}

/// One SAML message: where it came from, how far the pipeline got with it, and what
/// the checks made of it.
#[derive(Debug, Clone)]
pub struct MessageAnalysis {
    /// Where the message was found; for a message captured twice, the capture the SP
    /// received (the browser's POST, not the IdP's auto-post page).
    pub origin: Origin,
    /// The other places the same message was captured in the same input (the IdP's
    /// auto-post page before the POST of it; see [`crate::input::merge_repeats`]).
    pub also_captured: Vec<AlsoCaptured>,
    /// For `html-form`: where the form posts the message.
    pub form_action: Option<String>,
    /// `RelayState` sent with the message.
    pub relay_state: Option<String>,
    /// The time this message is judged against.
    pub reference_time: ReferenceTime,
    /// For a message of a report of ours read back: that report's format, whether it was
    /// redacted, and the findings it lists (those of a redacted report are the
    /// message's findings: they were computed before redaction).
    pub read_back: Option<ReadBack>,
    /// How far the pipeline got, with what each stage produced.
    pub stage: Stage,
    /// The rule packs that ran, and why.
    pub packs: Vec<PackChoice>,
    /// The identity provider, when recognised, and from what.
    pub idp: Option<IdpGuess>,
    /// What to do next, with the message's values filled in.
    pub next_steps: Vec<NextStep>,
    /// One per rule, most severe first (those explaining the user's error text first of
    /// all).
    pub findings: Vec<Finding>,
}

/// A message read back from a report of ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadBack {
    pub format: ExportFormat,
    /// The report was exported with redaction.
    pub redacted: bool,
    /// The findings the report lists for this message, as its analysis made them.
    pub findings: Vec<Finding>,
}

/// How far the pipeline got with a message.
#[derive(Debug, Clone)]
pub enum Stage {
    /// The SAML parameter's value could not be decoded to XML.
    Undecodable(DecodeError),
    /// Decoded to `bytes`, which could not be parsed.
    Unparsable { bytes: Vec<u8>, error: XmlError },
    /// Parsed, read into the typed model, and every signature verified.
    Verified(Box<Verified>),
}

/// A message that got through every stage.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The parsed document (it keeps the exact bytes received).
    pub document: Document,
    /// The typed model, read from `document`; each value keeps its node.
    pub model: Message,
    /// One verdict per `ds:Signature` of the document, in document order.
    pub verdicts: Vec<Verdict>,
    /// The Redirect binding's query signature, when the message came with one.
    pub query_signature: Option<QuerySignature>,
    /// The keys the user trusts are all the other side's (IdP metadata for an
    /// AuthnRequest the SP signs): they were set aside, and the signatures were checked
    /// as if no key had been given (intact with the message's own certificate, or not
    /// checked at all).
    pub keys_set_aside: bool,
    /// An assertion hides where no signature covers it, next to signed content
    /// (`checks::wrapping`): no assertion of the message counts as signed, because which
    /// one a service provider reads depends on the SP (`core.assertion.count`).
    pub hides_assertions: bool,
}

/// A Redirect-binding signature over the query string (SAML Bindings §3.4.4.1).
#[derive(Debug, Clone)]
pub struct QuerySignature {
    pub signature: RedirectSignature,
    pub verdict: QueryVerdict,
}

impl MessageAnalysis {
    /// The message's stages, when it got through all of them.
    pub fn verified(&self) -> Option<&Verified> {
        match &self.stage {
            Stage::Verified(verified) => Some(verified),
            _ => None,
        }
    }

    /// The typed model, when the XML could be read.
    pub fn model(&self) -> Option<&Message> {
        self.verified().map(|verified| &verified.model)
    }

    /// What kind of message it is (`Other` when it could not be read).
    pub fn kind(&self) -> MessageKind {
        self.model().map_or(MessageKind::Other, |model| model.kind)
    }

    /// The decoded XML bytes exactly as received, when decoding got that far.
    pub fn xml_bytes(&self) -> Option<&[u8]> {
        match &self.stage {
            Stage::Undecodable(_) => None,
            Stage::Unparsable { bytes, .. } => Some(bytes),
            Stage::Verified(verified) => Some(verified.document.source()),
        }
    }

    /// How well a valid signature covers `node` of the model: `Trusted` (a key the user
    /// trusts), `Unpinned` (only the message's own certificate was there to check with)
    /// or `None`. A message that hides an assertion makes every value `None`.
    ///
    /// Text split by a comment, a processing instruction or CDATA keeps its protection:
    /// the whole joined text is what the signature covers (and what the report shows);
    /// the danger of a reader that sees only the first piece is `core.nameid`'s.
    pub fn protection(&self, node: NodeId) -> Protection {
        match self.verified() {
            Some(verified) if !verified.hides_assertions => {
                dsig::protection(&verified.verdicts, node)
            }
            _ => Protection::None,
        }
    }

    /// How well the evaluated assertion (the one whose subject and attributes are
    /// reported) is covered, after the hidden-assertion downgrade.
    pub fn assertion_protection(&self) -> Protection {
        self.model()
            .and_then(Message::evaluated_assertion)
            .map_or(Protection::None, |assertion| {
                self.protection(assertion.node)
            })
    }

    /// How well the message element itself (and so its ID, Issuer, Destination and
    /// Status) is covered. Not downgraded by a comment inside a value: the message
    /// element's own fields are not split.
    pub fn message_protection(&self) -> Protection {
        self.verified().map_or(Protection::None, |verified| {
            dsig::protection(&verified.verdicts, verified.document.root())
        })
    }

    /// What the signatures made with a trusted key cover, in the message's document.
    pub fn trusted_coverage(&self) -> Vec<Coverage> {
        self.verified()
            .map(|verified| {
                verified
                    .verdicts
                    .iter()
                    .filter(|verdict| verdict.status() == Status::Valid)
                    .filter_map(Verdict::coverage)
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Analysis {
    /// Every finding, about inputs and messages.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.inputs
            .iter()
            .flat_map(|input| &input.findings)
            .chain(self.messages.iter().flat_map(|message| &message.findings))
    }
}
