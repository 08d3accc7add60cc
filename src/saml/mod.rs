//! The typed SAML model, read only from the parsed [`Document`](crate::xml::Document).
//!
//! [`read`](fn@read) turns a document into a [`Message`]: a Response (SAML Core §3.3.3) with its
//! assertions (§2.3.3), an AuthnRequest (§3.4.1), a LogoutRequest (§3.7.1) or
//! LogoutResponse (§3.7.2), or metadata (SAML Metadata §2.3: EntityDescriptor,
//! EntitiesDescriptor). Values are kept exactly as the document has them (whitespace
//! included: a trailing space in a RoleSessionName is a diagnosis, not noise), times
//! keep their text beside their parsed value, and every element that checks will read
//! keeps its [`NodeId`](crate::xml::NodeId) so the signature verifier's coverage can be asked about it.
//!
//! Signatures are found and described here ([`SignatureInfo`]); verifying them is the
//! `dsig` stage's job. The URIs SAML defines for formats are here too, so that every
//! rule compares with the same text.
//!
//! When decryption comes (`xmlenc`), it runs between parsing and reading: the model is
//! read from the document with the decrypted assertion in place of the encrypted one.

mod metadata;
mod model;
pub mod placement;
mod read;
mod signature;
mod time;

pub use metadata::{Endpoint, EntityDescriptor, KeyDescriptor, KeyUse, RoleDescriptor, RoleKind};
pub use model::*;
pub use read::read;
pub use signature::{EmbeddedCertificate, ReferenceInfo, SignatureInfo, describe_signatures};
pub use time::{TimeProblem, TimeValue};

/// The NameID format for an e-mail address (SAML Core §8.3.2), which IAM Identity Center
/// requires.
pub const NAME_ID_FORMAT_EMAIL: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
/// The NameID format for an entity identifier (SAML Core §8.3.6), the Issuer's default.
pub const NAME_ID_FORMAT_ENTITY: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";
/// The attribute name formats SAML defines (SAML Core §8.2).
pub const ATTRIBUTE_NAME_FORMATS: [&str; 3] = [
    "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
    "urn:oasis:names:tc:SAML:2.0:attrname-format:basic",
    "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified",
];
