//! Finding and describing `ds:Signature` elements (XML-DSig §4), without verifying them.
//!
//! The description is what a person needs to see before any cryptography: which element
//! carries the signature, which algorithms it names, what it references, and the
//! certificate it brought along (evidence only; never a trust anchor).

use crate::cert::{self, CertificateInfo};
use crate::xml::{Document, NS_DS, NodeId};
use serde::Serialize;

/// One `ds:Signature` as found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureInfo {
    #[serde(skip)]
    pub node: NodeId,
    /// The element the signature sits in (for an enveloped signature, what it signs).
    #[serde(skip)]
    pub parent: Option<NodeId>,
    /// Local name of that element: `Response`, `Assertion`, `AuthnRequest`,
    /// `EntityDescriptor`...
    pub parent_element: Option<String>,
    /// That element's `ID` attribute.
    pub parent_id: Option<String>,
    /// `SignedInfo/CanonicalizationMethod/@Algorithm`.
    pub canonicalization_method: Option<String>,
    /// `SignedInfo/SignatureMethod/@Algorithm`.
    pub signature_method: Option<String>,
    pub references: Vec<ReferenceInfo>,
    /// Number of `SignedInfo` children (exactly one is legitimate).
    pub signed_info_count: usize,
    /// Certificates in `KeyInfo/X509Data/X509Certificate`.
    pub certificates: Vec<EmbeddedCertificate>,
}

/// One `ds:Reference` of a SignedInfo (XML-DSig §4.4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceInfo {
    pub uri: Option<String>,
    pub transforms: Vec<String>,
    pub digest_method: Option<String>,
}

/// A certificate carried in the message: read, or the reason it could not be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmbeddedCertificate {
    pub certificate: Option<CertificateInfo>,
    pub error: Option<String>,
}

impl EmbeddedCertificate {
    /// Reads the base64 text of an `X509Certificate` element.
    pub fn from_base64(text: &str) -> EmbeddedCertificate {
        match cert::parse_base64(text) {
            Ok(certificate) => EmbeddedCertificate {
                certificate: Some(certificate),
                error: None,
            },
            Err(error) => EmbeddedCertificate {
                certificate: None,
                error: Some(error.to_string()),
            },
        }
    }
}

/// Every `ds:Signature` element in `document`, in document order.
pub fn describe_signatures(document: &Document) -> Vec<SignatureInfo> {
    document
        .ids()
        .filter(|&id| document.is(id, NS_DS, "Signature"))
        .map(|id| describe(document, id))
        .collect()
}

fn describe(document: &Document, signature: NodeId) -> SignatureInfo {
    let parent = document.parent(signature);
    let parent_element = parent
        .and_then(|parent| document.element(parent))
        .map(|element| element.name.local.to_string());
    let parent_id = parent.and_then(|parent| document.attribute(parent, "ID").map(str::to_owned));
    let signed_info_count = document
        .children_named(signature, NS_DS, "SignedInfo")
        .count();
    let signed_info = document.child(signature, NS_DS, "SignedInfo");
    let algorithm_of = |local: &str| {
        signed_info
            .and_then(|info| document.child(info, NS_DS, local))
            .and_then(|method| document.attribute(method, "Algorithm"))
            .map(str::to_owned)
    };
    let references = signed_info
        .map(|info| {
            document
                .children_named(info, NS_DS, "Reference")
                .map(|reference| ReferenceInfo {
                    uri: document.attribute(reference, "URI").map(str::to_owned),
                    transforms: document
                        .child(reference, NS_DS, "Transforms")
                        .map(|transforms| {
                            document
                                .children_named(transforms, NS_DS, "Transform")
                                .filter_map(|transform| document.attribute(transform, "Algorithm"))
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default(),
                    digest_method: document
                        .child(reference, NS_DS, "DigestMethod")
                        .and_then(|method| document.attribute(method, "Algorithm"))
                        .map(str::to_owned),
                })
                .collect()
        })
        .unwrap_or_default();
    let certificates = document
        .child(signature, NS_DS, "KeyInfo")
        .into_iter()
        .flat_map(|key_info| document.children_named(key_info, NS_DS, "X509Data"))
        .flat_map(|data| document.children_named(data, NS_DS, "X509Certificate"))
        .map(|certificate| EmbeddedCertificate::from_base64(&document.text(certificate)))
        .collect();
    SignatureInfo {
        node: signature,
        parent,
        parent_element,
        parent_id,
        canonicalization_method: algorithm_of("CanonicalizationMethod"),
        signature_method: algorithm_of("SignatureMethod"),
        references,
        signed_info_count,
        certificates,
    }
}
