//! The typed SAML model, read only from the parsed [`Document`].
//!
//! [`read`] turns a document into a [`Message`]: a Response (SAML Core §3.3.3) with its
//! assertions (§2.3.3), an AuthnRequest (§3.4.1), a LogoutRequest (§3.7.1) or
//! LogoutResponse (§3.7.2), or metadata (SAML Metadata §2.3: EntityDescriptor,
//! EntitiesDescriptor). Values are kept exactly as the document has them (whitespace
//! included: a trailing space in a RoleSessionName is a diagnosis, not noise), times
//! keep their text beside their parsed value, and every element that checks will read
//! keeps its [`NodeId`] so the signature verifier's coverage can be asked about it.
//!
//! Signatures are found and described here ([`SignatureInfo`]); verifying them is the
//! `dsig` stage's job.

mod metadata;
mod model;
mod read;
mod signature;

pub use metadata::{Endpoint, EntityDescriptor, KeyDescriptor, KeyUse, RoleDescriptor, RoleKind};
pub use model::*;
pub use read::read;
pub use signature::{EmbeddedCertificate, ReferenceInfo, SignatureInfo, describe_signatures};
