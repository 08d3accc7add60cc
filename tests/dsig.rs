//! XML-DSig verification on real signatures: the fixtures in `tests/fixtures/signed/`
//! (signed by xmlsec1, see `scripts/make-signed-fixtures.sh`), and hostile variants of
//! them built here by editing the signed bytes.
//!
//! Positive controls: every legitimate fixture verifies `Valid` with the signer's
//! certificate or its pinned fingerprint (SHA-256 and SHA-1), `ValidUnpinned` with no
//! trust, and `KeyMismatch` with only another key trusted; the evaluated assertion (the
//! first `Assertion` child of the Response) is protected accordingly.
//!
//! Negative cases: signature wrapping XSW1–XSW8 (Somorovsky et al., "On Breaking SAML:
//! Be Whoever You Want to Be", USENIX Security 2012), tampering, algorithm swaps, foreign
//! keys, a grafted `URI=""` assertion and a DOCTYPE. Each names what must reveal it (the
//! failed step and words of the reason, a valid signature over another element, or the
//! parser's refusal), and in each the evaluated assertion must not be protected.

#![cfg(not(target_arch = "wasm32"))]

use std::ops::Range;

use base64::Engine as _;
use saml_inspector::cert::{self, CertificateInfo, KeyDescription};
use saml_inspector::dsig::algorithms::{Curve, SignatureAlgorithm};
use saml_inspector::dsig::{
    self, Error, Fingerprint, KeyKind, KeyProblem, KeyUsed, KeysTried, Part, Protection, Status,
    Step, TrustStore, Verdict,
};
use saml_inspector::limits::Limits;
use saml_inspector::saml::{self, Body};
use saml_inspector::xml::c14n::{self, Method, Subset};
use saml_inspector::xml::{self, Document, NS_DS, NS_SAML, NodeId, NodeKind, XmlError};
use sha2::{Digest, Sha256};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/signed");

// --- fixtures and trust ------------------------------------------------------------

fn fixture(name: &str) -> String {
    let path = format!("{DIR}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The base64 body of a fixture certificate's PEM, by name (`idp`, `idp-rotated`...).
fn certificate_base64(name: &str) -> String {
    fixture(&format!("{name}.pem"))
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect()
}

/// A certificate of the fixtures, by name.
fn certificate(name: &str) -> CertificateInfo {
    cert::parse_base64(&certificate_base64(name)).unwrap()
}

fn trusting(names: &[&str]) -> TrustStore {
    let mut trust = TrustStore::default();
    for name in names {
        trust.add_certificate(certificate(name), format!("{name}.pem"));
    }
    trust
}

/// A trust store pinning `name`'s certificate by the fingerprint openssl printed
/// (`sha256 Fingerprint=…` or `sha1 Fingerprint=…`).
fn pinning(name: &str, hash: &str) -> TrustStore {
    let lines = fixture(&format!("{name}.fingerprints"));
    let line = lines
        .lines()
        .find(|line| line.starts_with(hash))
        .unwrap_or_else(|| panic!("no {hash} fingerprint of {name}"));
    let mut trust = TrustStore::default();
    trust.fingerprints.push(Fingerprint::parse(line).unwrap());
    trust
}

/// Trust as the metadata gives it: every signing certificate of every role.
fn trusting_metadata(name: &str) -> TrustStore {
    let doc = parse(&fixture(name));
    let Body::Metadata { entities } = saml::read(&doc).body else {
        panic!("{name} is not metadata");
    };
    let mut trust = TrustStore::default();
    for (index, key) in entities
        .iter()
        .flat_map(|entity| &entity.roles)
        .flat_map(|role| &role.keys)
        .enumerate()
    {
        for embedded in &key.certificates {
            let certificate = embedded.certificate.clone().unwrap();
            trust.add_certificate(certificate, format!("{name} (signing key {})", index + 1));
        }
    }
    trust
}

fn parse(xml: &str) -> Document {
    xml::parse(xml.as_bytes(), &Limits::default()).unwrap_or_else(|error| panic!("{error}"))
}

/// The assertion whose content a reader shows: the first `Assertion` child of the
/// Response, or the document element when it is a lone Assertion.
fn evaluated_assertion(doc: &Document) -> NodeId {
    if doc.is(doc.root(), NS_SAML, "Assertion") {
        return doc.root();
    }
    doc.child(doc.root(), NS_SAML, "Assertion")
        .expect("the Response has an Assertion child")
}

struct Outcome {
    doc: Document,
    verdicts: Vec<Verdict>,
    protection: Protection,
}

fn verify(xml: &str, trust: &TrustStore) -> Outcome {
    let doc = parse(xml);
    let verdicts = dsig::verify_document(&doc, trust, &Limits::default());
    let protection = dsig::protection(&verdicts, evaluated_assertion(&doc));
    Outcome {
        doc,
        verdicts,
        protection,
    }
}

fn describe(verdicts: &[Verdict]) -> String {
    verdicts
        .iter()
        .map(|verdict| {
            format!(
                "{:?} at {:?}: {:?}",
                verdict.status(),
                verdict.failed_step(),
                verdict.outcome
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// --- positive controls -------------------------------------------------------------

/// A legitimate fixture, the certificate it was signed with, and how many signatures
/// it holds.
struct Legit {
    file: &'static str,
    signer: &'static str,
    signatures: usize,
}

const LEGIT: &[Legit] = &[
    Legit {
        file: "response-assertion-signed.xml",
        signer: "idp",
        signatures: 1,
    },
    Legit {
        file: "response-response-signed.xml",
        signer: "idp",
        signatures: 1,
    },
    Legit {
        file: "response-both-signed.xml",
        signer: "idp",
        signatures: 2,
    },
    Legit {
        file: "response-sha1.xml",
        signer: "idp",
        signatures: 1,
    },
    Legit {
        file: "response-rsa1024.xml",
        signer: "idp-rsa1024",
        signatures: 1,
    },
    Legit {
        file: "response-expired-cert.xml",
        signer: "idp-expired",
        signatures: 1,
    },
    Legit {
        file: "response-rotated.xml",
        signer: "idp-rotated",
        signatures: 1,
    },
    Legit {
        file: "response-okta.xml",
        signer: "idp",
        signatures: 1,
    },
    Legit {
        file: "response-entra.xml",
        signer: "idp",
        signatures: 1,
    },
    Legit {
        file: "response-adfs.xml",
        signer: "idp",
        signatures: 2,
    },
    Legit {
        file: "assertion-uri-empty.xml",
        signer: "idp",
        signatures: 1,
    },
    Legit {
        file: "response-ecdsa-p256.xml",
        signer: "idp-ec256",
        signatures: 1,
    },
    Legit {
        file: "response-ecdsa-p384-both.xml",
        signer: "idp-ec384",
        signatures: 2,
    },
    Legit {
        file: "response-ecdsa-p521.xml",
        signer: "idp-ec521",
        signatures: 1,
    },
];

/// The key a fixture was signed with (the IdP's for those not in [`LEGIT`]).
fn signer_of(file: &str) -> &'static str {
    LEGIT
        .iter()
        .find(|legit| legit.file == file)
        .map_or("idp", |legit| legit.signer)
}

/// Runs `xml` with `trust` and checks every verdict has `status` and, when given,
/// `key`, and that the evaluated assertion has `protection`.
fn expect_all(
    label: &str,
    xml: &str,
    expected: usize,
    trust: &TrustStore,
    status: Status,
    key: Option<KeyUsed>,
    protection: Protection,
) {
    let outcome = verify(xml, trust);
    let found = describe(&outcome.verdicts);
    assert_eq!(outcome.verdicts.len(), expected, "{label}:\n{found}");
    for verdict in &outcome.verdicts {
        assert_eq!(verdict.status(), status, "{label}:\n{found}");
        assert_eq!(verdict.failed_step(), None, "{label}:\n{found}");
        if let Some(key) = &key {
            assert_eq!(verdict.key(), Some(key), "{label}:\n{found}");
        }
    }
    assert_eq!(outcome.protection, protection, "{label}:\n{found}");
}

#[test]
fn legitimate_fixtures_verify_with_the_right_trust() {
    for legit in LEGIT {
        let xml = fixture(legit.file);
        let label = |how: &str| format!("{} {how}", legit.file);
        let n = legit.signatures;
        expect_all(
            &label("trusting the signer's certificate"),
            &xml,
            n,
            &trusting(&[legit.signer]),
            Status::Valid,
            Some(KeyUsed::Trusted(0)),
            Protection::Trusted,
        );
        let pinned = Some(KeyUsed::Embedded {
            index: 0,
            pinned: true,
        });
        for hash in ["sha256", "sha1"] {
            expect_all(
                &label(&format!("pinning the {hash} fingerprint")),
                &xml,
                n,
                &pinning(legit.signer, hash),
                Status::Valid,
                pinned.clone(),
                Protection::Trusted,
            );
        }
        expect_all(
            &label("with no trust"),
            &xml,
            n,
            &TrustStore::default(),
            Status::ValidUnpinned,
            Some(KeyUsed::Embedded {
                index: 0,
                pinned: false,
            }),
            Protection::Unpinned,
        );
        // Only another key trusted (the rotated one, or for the rotated fixture the
        // current one; for an EC key, one on another curve): intact, but not by a key
        // the user trusts.
        let other = match legit.signer {
            "idp-rotated" => "idp",
            "idp-ec256" => "idp-ec384",
            signer if signer.starts_with("idp-ec") => "idp-ec256",
            _ => "idp-rotated",
        };
        expect_all(
            &label(&format!("trusting only {other}")),
            &xml,
            n,
            &trusting(&[other]),
            Status::KeyMismatch,
            None,
            Protection::None,
        );
        expect_all(
            &label(&format!("pinning only {other}'s fingerprint")),
            &xml,
            n,
            &pinning(other, "sha256"),
            Status::KeyMismatch,
            None,
            Protection::None,
        );
    }
}

#[test]
fn metadata_with_two_signing_keys_trusts_both_sides_of_a_rollover() {
    let trust = trusting_metadata("metadata-idp.xml");
    assert_eq!(trust.keys.len(), 2);
    for legit in LEGIT {
        let (status, protection) = match legit.signer {
            "idp" | "idp-rotated" => (Status::Valid, Protection::Trusted),
            _ => (Status::KeyMismatch, Protection::None),
        };
        expect_all(
            &format!("{} trusting the metadata", legit.file),
            &fixture(legit.file),
            legit.signatures,
            &trust,
            status,
            None,
            protection,
        );
    }
}

/// What the signature layer says about weak or expired certificates: nothing. It checks
/// that the signature verifies with a key; key size and validity dates are judged by the
/// checks that read the verdict's certificates (with the time given to them).
#[test]
fn weak_and_expired_certificates_still_verify_here_and_are_reported_as_evidence() {
    let outcome = verify(
        &fixture("response-rsa1024.xml"),
        &trusting(&["idp-rsa1024"]),
    );
    assert_eq!(outcome.verdicts[0].status(), Status::Valid);
    assert_eq!(
        outcome.verdicts[0].certificates[0].key,
        KeyDescription::Rsa { bits: 1024 }
    );

    let outcome = verify(
        &fixture("response-expired-cert.xml"),
        &trusting(&["idp-expired"]),
    );
    assert_eq!(outcome.verdicts[0].status(), Status::Valid);
    let expired = &outcome.verdicts[0].certificates[0];
    assert!(
        expired.not_after.to_string().starts_with("2020-01-01"),
        "{}",
        expired.not_after
    );

    let outcome = verify(&fixture("response-sha1.xml"), &trusting(&["idp"]));
    let verdict = &outcome.verdicts[0];
    assert_eq!(verdict.status(), Status::Valid);
    assert!(verdict.signature_algorithm.unwrap().is_deprecated());
    assert!(verdict.digest_algorithm.unwrap().is_deprecated());
}

// --- surgery on signed bytes ---------------------------------------------------------

/// The byte range of a node in the text it was parsed from.
fn range(doc: &Document, id: NodeId) -> Range<usize> {
    let span = doc.span(id);
    span.start..span.end
}

/// Where an element's end tag starts (the element is not an empty tag).
fn end_tag(xml: &str, doc: &Document, id: NodeId) -> usize {
    let element = range(doc, id);
    element.start + xml[element.clone()].rfind("</").expect("an end tag")
}

/// The first element named `ds:{local}` at or below `from`.
fn ds(doc: &Document, from: NodeId, local: &str) -> NodeId {
    doc.descendants(from)
        .find(|&id| doc.is(id, NS_DS, local))
        .unwrap_or_else(|| panic!("no ds:{local}"))
}

/// Applies edits (a range of `xml` and its replacement), which must not overlap.
fn edit(xml: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = xml.to_owned();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    out
}

/// `outer`'s text with `inner` (a range inside it) removed.
fn cut(xml: &str, outer: Range<usize>, inner: Range<usize>) -> String {
    format!(
        "{}{}",
        &xml[outer.start..inner.start],
        &xml[inner.end..outer.end]
    )
}

/// `outer`'s text with `text` inserted at `at` (an offset inside it).
fn insert(xml: &str, outer: Range<usize>, at: usize, text: &str) -> String {
    format!("{}{text}{}", &xml[outer.start..at], &xml[at..outer.end])
}

/// What the attacker wants read: an administrator role and another user. IDs get an
/// `evil-` prefix, so the forgery does not collide with the signed original.
fn forge(text: &str) -> String {
    let forged = forge_piece(text);
    assert_ne!(forged, text, "nothing to forge");
    forged
}

fn forge_keeping_ids(text: &str) -> String {
    let forged = forge_values(text);
    assert_ne!(forged, text, "nothing to forge");
    forged
}

/// [`forge`] on a piece of an element, which may hold nothing to forge.
fn forge_piece(text: &str) -> String {
    forge_values(text).replace(" ID=\"", " ID=\"evil-")
}

fn forge_values(text: &str) -> String {
    text.replace("role/SamlReadOnly", "role/Admin")
        .replace("alice@example.test", "mallory@example.test")
}

/// A signed element `element` (the evaluated Assertion, or the Response) and its
/// enveloped signature, with their places in `xml`.
struct Signed<'x> {
    xml: &'x str,
    doc: Document,
    element: Range<usize>,
    signature: Range<usize>,
    /// Where the signature's end tag starts.
    signature_end: usize,
}

impl<'x> Signed<'x> {
    fn assertion(xml: &'x str) -> Signed<'x> {
        let doc = parse(xml);
        let assertion = evaluated_assertion(&doc);
        Signed::of(xml, doc, assertion)
    }

    fn response(xml: &'x str) -> Signed<'x> {
        let doc = parse(xml);
        let root = doc.root();
        Signed::of(xml, doc, root)
    }

    fn of(xml: &'x str, doc: Document, element: NodeId) -> Signed<'x> {
        let signature = doc
            .child(element, NS_DS, "Signature")
            .expect("the element is signed");
        Signed {
            xml,
            element: range(&doc, element),
            signature: range(&doc, signature),
            signature_end: end_tag(xml, &doc, signature),
            doc,
        }
    }

    /// The signed element as received.
    fn original(&self) -> &'x str {
        &self.xml[self.element.clone()]
    }

    fn signature_text(&self) -> &'x str {
        &self.xml[self.signature.clone()]
    }

    /// The signed element without its signature: what the digest covers.
    fn unsigned(&self) -> String {
        cut(self.xml, self.element.clone(), self.signature.clone())
    }

    /// The signature with `text` appended inside it, after `KeyInfo`.
    fn signature_holding(&self, text: &str) -> String {
        insert(self.xml, self.signature.clone(), self.signature_end, text)
    }

    /// The signed element forged, with `signature` in the signature's place.
    fn forged_around(&self, signature: &str) -> String {
        let forged = format!(
            "{}{signature}{}",
            forge_piece(&self.xml[self.element.start..self.signature.start]),
            forge_piece(&self.xml[self.signature.end..self.element.end]),
        );
        assert!(forged.contains("role/Admin"), "nothing forged");
        forged
    }

    /// The document with the signed element replaced by `text`.
    fn replaced_by(&self, text: String) -> String {
        edit(self.xml, vec![(self.element.clone(), text)])
    }

    /// Where the Response's own `Issuer` ends (its next sibling's place).
    fn after_response_issuer(&self) -> usize {
        let root = self.doc.root();
        let issuer = self
            .doc
            .child(root, NS_SAML, "Issuer")
            .expect("the Response has an Issuer");
        range(&self.doc, issuer).end
    }
}

fn object(text: &str) -> String {
    format!("<ds:Object xmlns:ds=\"{NS_DS}\">{text}</ds:Object>")
}

fn extensions(text: &str) -> String {
    format!(
        "<samlp:Extensions xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{text}</samlp:Extensions>"
    )
}

/// Replaces the `Algorithm` of the first `ds:{element}` below the evaluated assertion's
/// signature.
fn set_algorithm(xml: &str, element: &str, uri: &str) -> String {
    let signed = Signed::assertion(xml);
    let doc = &signed.doc;
    let signature = doc
        .child(evaluated_assertion(doc), NS_DS, "Signature")
        .unwrap();
    let target = ds(doc, signature, element);
    let attribute = doc
        .attributes(target)
        .iter()
        .find(|attribute| &*attribute.name.local == "Algorithm")
        .expect("an Algorithm attribute");
    edit(
        xml,
        vec![(
            attribute.span.start..attribute.span.end,
            format!("Algorithm=\"{uri}\""),
        )],
    )
}

/// The range of the text inside `id` (an element holding only text).
fn inner_text(doc: &Document, id: NodeId) -> Range<usize> {
    let children = doc.children(id);
    let first = children.first().expect("text");
    let last = children.last().expect("text");
    doc.span(*first).start..doc.span(*last).end
}

/// The parsed `xml` and the first `ds:{local}` inside the evaluated assertion's signature.
fn assertion_signature_part(xml: &str, local: &str) -> (Document, NodeId) {
    let doc = parse(xml);
    let signature = doc
        .child(evaluated_assertion(&doc), NS_DS, "Signature")
        .unwrap();
    let part = ds(&doc, signature, local);
    (doc, part)
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    // RFC 2104 with a 64-byte block.
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|key| key ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .to_vec()
}

// --- the hostile variants --------------------------------------------------------------

/// XSW1: a forged Response becomes the root; the original signed Response (minus its
/// signature) is moved inside the signature, which still references it.
fn xsw1(xml: &str) -> String {
    let response = Signed::response(xml);
    let moved = response.signature_holding(&response.unsigned());
    response.replaced_by(response.forged_around(&moved))
}

/// XSW2: like XSW1, but the original Response sits before the signature, as a sibling
/// (a detached signature).
fn xsw2(xml: &str) -> String {
    let response = Signed::response(xml);
    let detached = format!("{}{}", response.unsigned(), response.signature_text());
    response.replaced_by(response.forged_around(&detached))
}

/// XSW3: a forged assertion inserted before the signed one.
fn xsw3(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let forged = forge(&assertion.unsigned());
    assertion.replaced_by(format!("{forged}{}", assertion.original()))
}

/// XSW4: a forged assertion wrapping the signed one.
fn xsw4(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let forged = forge(&assertion.unsigned());
    let at = forged.rfind("</").unwrap();
    assertion.replaced_by(format!(
        "{}{}{}",
        &forged[..at],
        assertion.original(),
        &forged[at..]
    ))
}

/// XSW5: the forged assertion keeps the signature; an unsigned copy of the original
/// follows it.
fn xsw5(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let forged = assertion.forged_around(assertion.signature_text());
    assertion.replaced_by(format!("{forged}{}", assertion.unsigned()))
}

/// XSW6: the forged assertion keeps the signature, which carries the original inside.
fn xsw6(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let signature = assertion.signature_holding(&assertion.unsigned());
    assertion.replaced_by(assertion.forged_around(&signature))
}

/// XSW7: the signed assertion moved into the Response's `Extensions`; a forged one in
/// its place.
fn xsw7(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let forged = forge(&assertion.unsigned());
    let at = assertion.after_response_issuer();
    edit(
        xml,
        vec![
            (at..at, extensions(assertion.original())),
            (assertion.element.clone(), forged),
        ],
    )
}

/// XSW8: the forged assertion keeps the signature, whose `ds:Object` carries the
/// original.
fn xsw8(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let signature = assertion.signature_holding(&object(&assertion.unsigned()));
    assertion.replaced_by(assertion.forged_around(&signature))
}

/// The signature moved up into the Response with the signed assertion in a `ds:Object`
/// (an enveloping signature); a forged assertion in its place.
fn object_enveloping(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let enveloping = assertion.signature_holding(&object(&assertion.unsigned()));
    let at = assertion.after_response_issuer();
    edit(
        xml,
        vec![
            (at..at, enveloping),
            (assertion.element.clone(), forge(&assertion.unsigned())),
        ],
    )
}

/// A forged copy with the same ID before the signed assertion.
fn duplicate_ids(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let forged = forge_keeping_ids(&assertion.unsigned());
    assertion.replaced_by(format!("{forged}{}", assertion.original()))
}

fn value_changed(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let changed = assertion
        .original()
        .replace("role/SamlReadOnly", "role/Admin");
    assertion.replaced_by(changed)
}

fn signature_value_changed(xml: &str) -> String {
    let (doc, value) = assertion_signature_part(xml, "SignatureValue");
    let text = inner_text(&doc, value);
    let first = &xml[text.start..text.start + 1];
    let other = if first == "A" { "B" } else { "A" };
    edit(xml, vec![(text.start..text.start + 1, other.into())])
}

fn signature_removed(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    edit(xml, vec![(assertion.signature.clone(), String::new())])
}

fn two_signatures(xml: &str) -> String {
    let assertion = Signed::assertion(xml);
    let end = assertion.signature.end;
    edit(xml, vec![(end..end, assertion.signature_text().to_owned())])
}

fn two_signed_infos(xml: &str) -> String {
    let (doc, signed_info) = assertion_signature_part(xml, "SignedInfo");
    let signed_info = range(&doc, signed_info);
    let copy = xml[signed_info.clone()].to_owned();
    edit(xml, vec![(signed_info.end..signed_info.end, copy)])
}

fn comment_in_digest_value(xml: &str) -> String {
    let (doc, value) = assertion_signature_part(xml, "DigestValue");
    let at = inner_text(&doc, value).start + 8;
    edit(xml, vec![(at..at, "<!---->".into())])
}

/// The canonicalization transform replaced by an XSLT one.
fn xslt_transform(xml: &str) -> String {
    let (doc, transforms) = assertion_signature_part(xml, "Transforms");
    let canonicalization = doc
        .children_named(transforms, NS_DS, "Transform")
        .find(|&id| doc.attribute(id, "Algorithm") != Some(&format!("{NS_DS}enveloped-signature")))
        .expect("a canonicalization transform");
    let prefix = match &doc.element(canonicalization).unwrap().name.prefix {
        Some(prefix) => format!("{prefix}:"),
        None => String::new(),
    };
    let xslt = format!(
        r#"<{prefix}Transform Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/"><xsl:copy-of select="."/></xsl:template></xsl:stylesheet></{prefix}Transform>"#
    );
    edit(xml, vec![(range(&doc, canonicalization), xslt)])
}

/// HMAC-SHA256 over SignedInfo with the IdP's public certificate as the "secret": the
/// code is correct, and worthless, since everyone has that certificate.
fn hmac_with_the_certificate(xml: &str) -> String {
    let xml = set_algorithm(
        xml,
        "SignatureMethod",
        "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256",
    );
    let (doc, signed_info) = assertion_signature_part(&xml, "SignedInfo");
    let canonical = c14n::canonicalize(
        &doc,
        Subset::Element(signed_info),
        None,
        &Method::from_uri(c14n::EXC_C14N).unwrap(),
    );
    let code = hmac_sha256(&certificate("idp").der, &canonical);
    let (doc, value) = assertion_signature_part(&xml, "SignatureValue");
    let encoded = base64::engine::general_purpose::STANDARD.encode(code);
    edit(&xml, vec![(inner_text(&doc, value), encoded)])
}

fn unknown_signature_method(xml: &str) -> String {
    set_algorithm(
        xml,
        "SignatureMethod",
        "urn:example:no-such-signature-method",
    )
}

fn unknown_digest_method(xml: &str) -> String {
    set_algorithm(
        xml,
        "DigestMethod",
        "http://www.w3.org/2001/04/xmldsig-more#md5",
    )
}

/// The lone Assertion signed with `URI=""` grafted into this Response in place of its
/// assertion.
fn grafted_uri_empty_assertion(xml: &str) -> String {
    let lone = fixture("assertion-uri-empty.xml");
    let lone_doc = parse(&lone);
    let graft = lone[range(&lone_doc, lone_doc.root())].to_owned();
    let doc = parse(xml);
    edit(xml, vec![(range(&doc, evaluated_assertion(&doc)), graft)])
}

fn doctype(xml: &str) -> String {
    let declaration_end = xml.find("?>").unwrap() + 2;
    edit(
        xml,
        vec![(
            declaration_end..declaration_end,
            "\n<!DOCTYPE Response [<!ENTITY user \"alice@example.test\">]>".into(),
        )],
    )
}

/// The attacker's message with the IdP's certificate put in its KeyInfo.
fn idp_certificate_attacker_key(xml: &str) -> String {
    let (doc, certificate) = assertion_signature_part(xml, "X509Certificate");
    edit(
        xml,
        vec![(inner_text(&doc, certificate), certificate_base64("idp"))],
    )
}

// --- the table -------------------------------------------------------------------------

/// What must reveal a hostile variant.
#[derive(Debug)]
enum Reveal {
    /// A verdict failed at this step, for this reason.
    Fails(Step, fn(&Error) -> bool),
    /// A signature is intact and trusted, but over another element than the evaluated
    /// assertion (the wrapped original).
    SignsAnother,
    /// Intact, but made with a key nobody trusts.
    Untrusted,
    /// No signature left.
    Unsigned,
    /// The parser refuses the document.
    Refused,
}

struct Hostile {
    name: &'static str,
    /// The legitimate fixtures it is made from.
    from: &'static [&'static str],
    make: fn(&str) -> String,
    reveal: Reveal,
}

/// Fixtures whose evaluated assertion carries its own signature.
const ASSERTION_SIGNED: &[&str] = &[
    "response-assertion-signed.xml",
    "response-both-signed.xml",
    "response-sha1.xml",
    "response-okta.xml",
    "response-entra.xml",
    "response-adfs.xml",
    "response-ecdsa-p256.xml",
    "response-ecdsa-p384-both.xml",
];

/// Fixtures where the evaluated assertion's signature is the only one. A variant that
/// adds a signature to the Response, or edits only what canonicalization drops
/// (comments), is judged on these: with a Response signature too, the result is
/// another (correct) verdict — see
/// `a_comment_in_the_assertion_digest_value_leaves_the_response_signature_intact`.
const ASSERTION_ONLY: &[&str] = &[
    "response-assertion-signed.xml",
    "response-sha1.xml",
    "response-okta.xml",
    "response-entra.xml",
    "response-ecdsa-p256.xml",
];

/// Fixtures whose Response is signed.
const RESPONSE_SIGNED: &[&str] = &[
    "response-response-signed.xml",
    "response-both-signed.xml",
    "response-adfs.xml",
    "response-ecdsa-p384-both.xml",
    "response-ecdsa-p521.xml",
];

fn hostile() -> Vec<Hostile> {
    use Reveal::*;
    vec![
        Hostile {
            name: "XSW1 original Response inside the signature",
            from: RESPONSE_SIGNED,
            make: xsw1,
            reveal: Fails(
                Step::Shape,
                |error| matches!(error, Error::ExtraInSignature { found, object: false } if local(&found.name) == "Response"),
            ),
        },
        Hostile {
            name: "XSW2 original Response before a detached signature",
            from: RESPONSE_SIGNED,
            make: xsw2,
            reveal: Fails(
                Step::Reference,
                |error| matches!(error, Error::OtherTarget { uri, parent_id, .. } if Some(&uri[1..]) != parent_id.as_deref()),
            ),
        },
        Hostile {
            name: "XSW3 forged assertion before the signed one",
            from: ASSERTION_SIGNED,
            make: xsw3,
            reveal: SignsAnother,
        },
        Hostile {
            name: "XSW4 forged assertion wrapping the signed one",
            from: ASSERTION_SIGNED,
            make: xsw4,
            reveal: SignsAnother,
        },
        Hostile {
            name: "XSW5 forged assertion keeps the signature, original copied after",
            from: ASSERTION_SIGNED,
            make: xsw5,
            reveal: Fails(
                Step::Reference,
                |error| matches!(error, Error::OtherTarget { uri, parent_id, .. } if Some(&uri[1..]) != parent_id.as_deref()),
            ),
        },
        Hostile {
            name: "XSW6 original inside the forged assertion's signature",
            from: ASSERTION_SIGNED,
            make: xsw6,
            reveal: Fails(
                Step::Shape,
                |error| matches!(error, Error::ExtraInSignature { found, object: false } if local(&found.name) == "Assertion"),
            ),
        },
        Hostile {
            name: "XSW7 signed assertion moved into Extensions",
            from: ASSERTION_SIGNED,
            make: xsw7,
            reveal: SignsAnother,
        },
        Hostile {
            name: "XSW8 original in a ds:Object of the forged assertion's signature",
            from: ASSERTION_SIGNED,
            make: xsw8,
            reveal: Fails(
                Step::Shape,
                |error| matches!(error, Error::ExtraInSignature { found, object: true } if local(&found.name) == "Object"),
            ),
        },
        Hostile {
            name: "ds:Object carrying the signed assertion (enveloping signature)",
            from: ASSERTION_ONLY,
            make: object_enveloping,
            reveal: Fails(
                Step::Shape,
                |error| matches!(error, Error::ExtraInSignature { found, object: true } if local(&found.name) == "Object"),
            ),
        },
        Hostile {
            name: "duplicate IDs: forged copy with the signed assertion's ID",
            from: ASSERTION_SIGNED,
            make: duplicate_ids,
            reveal: Fails(
                Step::Reference,
                |error| matches!(error, Error::DuplicateIds { ids } if ids.len() == 1),
            ),
        },
        Hostile {
            name: "a value changed after signing",
            from: ASSERTION_SIGNED,
            make: value_changed,
            reveal: Fails(
                Step::Digest,
                |error| matches!(error, Error::DigestMismatch { element, expected, computed, .. } if local(element) == "Assertion" && expected != computed),
            ),
        },
        Hostile {
            name: "SignatureValue changed",
            from: ASSERTION_SIGNED,
            make: signature_value_changed,
            reveal: Fails(Step::SignatureValue, |error| {
                matches!(error, Error::ValueMismatch { problem: None, .. })
            }),
        },
        Hostile {
            name: "signature removed",
            from: &[
                "response-assertion-signed.xml",
                "response-okta.xml",
                "response-entra.xml",
            ],
            make: signature_removed,
            reveal: Unsigned,
        },
        Hostile {
            name: "two signatures in one assertion",
            from: ASSERTION_SIGNED,
            make: two_signatures,
            reveal: Fails(
                Step::Shape,
                |error| matches!(error, Error::SeveralSignatures { parent } if local(parent) == "Assertion"),
            ),
        },
        Hostile {
            name: "two SignedInfo",
            from: ASSERTION_SIGNED,
            make: two_signed_infos,
            reveal: Fails(Step::Shape, |error| {
                matches!(
                    error,
                    Error::Unexpected {
                        inside: Part::Signature,
                        expected: Part::SignatureValue,
                        found,
                    } if local(&found.name) == "SignedInfo"
                )
            }),
        },
        Hostile {
            name: "a comment inside DigestValue",
            from: ASSERTION_ONLY,
            make: comment_in_digest_value,
            reveal: Fails(Step::Shape, |error| {
                *error
                    == Error::CommentInValue {
                        part: Part::DigestValue,
                    }
            }),
        },
        Hostile {
            name: "an XSLT transform",
            from: ASSERTION_SIGNED,
            make: xslt_transform,
            reveal: Fails(
                Step::Transforms,
                |error| matches!(error, Error::RefusedTransform { uri } if uri == "http://www.w3.org/TR/1999/REC-xslt-19991116"),
            ),
        },
        Hostile {
            name: "HMAC-SHA256 keyed with the public certificate",
            from: ASSERTION_SIGNED,
            make: hmac_with_the_certificate,
            reveal: Fails(
                Step::Algorithm,
                |error| matches!(error, Error::HmacSignatureMethod { uri } if uri.ends_with("#hmac-sha256")),
            ),
        },
        Hostile {
            name: "unknown SignatureMethod URI",
            from: ASSERTION_SIGNED,
            make: unknown_signature_method,
            reveal: Fails(
                Step::Algorithm,
                |error| matches!(error, Error::UnknownSignatureMethod { uri } if uri == "urn:example:no-such-signature-method"),
            ),
        },
        Hostile {
            name: "unknown DigestMethod URI",
            from: ASSERTION_SIGNED,
            make: unknown_digest_method,
            reveal: Fails(
                Step::Algorithm,
                |error| matches!(error, Error::UnknownDigestMethod { uri } if uri.ends_with("xmldsig-more#md5")),
            ),
        },
        Hostile {
            name: "an assertion signed with URI=\"\" grafted into another Response",
            from: &[
                "response-assertion-signed.xml",
                "response-response-signed.xml",
            ],
            make: grafted_uri_empty_assertion,
            reveal: Fails(
                Step::Reference,
                |error| matches!(error, Error::EmptyUriInside { parent } if local(parent) == "Assertion"),
            ),
        },
        Hostile {
            name: "DOCTYPE",
            from: &["response-assertion-signed.xml"],
            make: doctype,
            reveal: Refused,
        },
        Hostile {
            name: "signed by the attacker, attacker's certificate in KeyInfo",
            from: &["response-attacker.xml"],
            make: str::to_owned,
            reveal: Untrusted,
        },
        Hostile {
            name: "the IdP's certificate in KeyInfo, signed with the attacker's key",
            from: &["response-attacker.xml"],
            make: idp_certificate_attacker_key,
            reveal: Fails(Step::SignatureValue, |error| {
                matches!(error, Error::ValueMismatch { problem: None, .. })
            }),
        },
    ]
}

/// The local part of a qualified name as written.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Whether `verdicts` show what `reveal` says, for the evaluated assertion `evaluated`.
fn revealed(reveal: &Reveal, verdicts: &[Verdict], evaluated: NodeId) -> bool {
    match reveal {
        Reveal::Fails(step, reason) => verdicts.iter().any(|verdict| {
            verdict.status() == Status::Invalid
                && verdict.failed_step() == Some(*step)
                && verdict.error().is_some_and(reason)
        }),
        Reveal::SignsAnother => verdicts.iter().any(|verdict| {
            verdict.status() == Status::Valid
                && verdict.parent != Some(evaluated)
                && !verdict.trusted_cover(evaluated)
        }),
        Reveal::Untrusted => verdicts.iter().any(|verdict| {
            verdict.status() == Status::KeyMismatch
                && verdict.key()
                    == Some(&KeyUsed::Embedded {
                        index: 0,
                        pinned: false,
                    })
        }),
        Reveal::Unsigned => verdicts.is_empty(),
        Reveal::Refused => false,
    }
}

#[test]
fn hostile_variants_leave_the_evaluated_assertion_unprotected() {
    let mut checked = 0;
    for case in hostile() {
        for &from in case.from {
            let label = format!("{} (from {from})", case.name);
            // The signer of what the variant is made from is trusted.
            let trust = trusting(&[signer_of(from)]);
            let original = fixture(from);
            // The control: what the variant is made from is trusted (or, for the
            // attacker's own message, intact).
            let control = verify(&original, &trust);
            let expected = if from == "response-attacker.xml" {
                Protection::None
            } else {
                Protection::Trusted
            };
            assert_eq!(control.protection, expected, "{label}: control");
            assert!(
                control
                    .verdicts
                    .iter()
                    .all(|verdict| verdict.status().is_intact()),
                "{label}: control\n{}",
                describe(&control.verdicts)
            );

            let variant = (case.make)(&original);
            // The attacker's own message is hostile as it is.
            if !matches!(case.reveal, Reveal::Untrusted) {
                assert_ne!(variant, original, "{label}: the variant changed nothing");
            }
            let parsed = xml::parse(variant.as_bytes(), &Limits::default());
            if let Reveal::Refused = case.reveal {
                assert!(
                    matches!(parsed, Err(XmlError::Doctype { .. })),
                    "{label}: {parsed:?}"
                );
                checked += 1;
                continue;
            }
            let doc = parsed.unwrap_or_else(|error| panic!("{label}: {error}\n{variant}"));
            let verdicts = dsig::verify_document(&doc, &trust, &Limits::default());
            let evaluated = evaluated_assertion(&doc);
            assert_eq!(
                dsig::protection(&verdicts, evaluated),
                Protection::None,
                "{label}: the evaluated assertion is protected\n{}\n{variant}",
                describe(&verdicts)
            );
            assert!(
                revealed(&case.reveal, &verdicts, evaluated),
                "{label}: expected {:?}, found\n{}\n{variant}",
                case.reveal,
                describe(&verdicts)
            );
            checked += 1;
        }
    }
    // Every case ran on every fixture it names (none skipped on the way).
    let planned: usize = hostile().iter().map(|case| case.from.len()).sum();
    assert_eq!(checked, planned);
}

/// Without any trust, the same variants are still not `Unpinned`-protected (except the
/// attacker's own message, which is intact: integrity without trust is all it shows).
#[test]
fn hostile_variants_are_unprotected_without_trust_too() {
    let trust = TrustStore::default();
    for case in hostile() {
        if matches!(case.reveal, Reveal::Refused | Reveal::Untrusted) {
            continue;
        }
        for &from in case.from {
            let variant = (case.make)(&fixture(from));
            let outcome = verify(&variant, &trust);
            assert_eq!(
                outcome.protection,
                Protection::None,
                "{} (from {from})\n{}",
                case.name,
                describe(&outcome.verdicts)
            );
        }
    }
}

/// Comment injection in NameID (`alice@exam<!---->ple.test`): canonicalization without
/// comments drops the comment and joins the text, so the digest still matches and the
/// signature is valid — at the XML-DSig level this is true and correct. The danger is a
/// reader that takes only the first text node (`alice@exam`); our tree reads the whole
/// text, and the interruption is flagged by the checks that read values
/// (`Document::text_interruptions`), not here.
#[test]
fn comment_injected_into_name_id_still_verifies_and_is_visible_in_the_tree() {
    for &from in ASSERTION_SIGNED {
        let original = fixture(from);
        let doc = parse(&original);
        let name_id = doc
            .descendants(evaluated_assertion(&doc))
            .find(|&id| doc.is(id, NS_SAML, "NameID"))
            .unwrap();
        let expected = doc.text(name_id);
        let text = inner_text(&doc, name_id);
        let at = text.start + (text.end - text.start) / 2;
        let variant = edit(&original, vec![(at..at, "<!---->".into())]);

        let outcome = verify(&variant, &trusting(&[signer_of(from)]));
        assert!(
            outcome
                .verdicts
                .iter()
                .all(|verdict| verdict.status() == Status::Valid),
            "{from}\n{}",
            describe(&outcome.verdicts)
        );
        assert_eq!(outcome.protection, Protection::Trusted, "{from}");
        let doc = &outcome.doc;
        let name_id = doc
            .descendants(evaluated_assertion(doc))
            .find(|&id| doc.is(id, NS_SAML, "NameID"))
            .unwrap();
        assert_eq!(doc.text(name_id), expected, "{from}");
        assert_eq!(doc.text_interruptions(name_id).comments, 1, "{from}");
        assert!(
            doc.children(name_id)
                .iter()
                .any(|&child| matches!(doc.node(child).kind, NodeKind::Comment(_))),
            "{from}"
        );
    }
}

/// ECDSA-specific refusals on the xmlsec1-signed P-256 fixture, its signer trusted:
/// the value re-laid out as DER (what a signer that forgets XML Signature's r‖s layout
/// writes), r changed in its last byte, and the method swapped to RSA-SHA256 (an
/// algorithm confusion: the EC key must not be read as RSA).
#[test]
fn ecdsa_values_in_another_layout_or_changed_or_relabelled_are_refused() {
    let original = fixture("response-ecdsa-p256.xml");
    let trust = trusting(&["idp-ec256"]);
    let (doc, value) = assertion_signature_part(&original, "SignatureValue");
    let text = inner_text(&doc, value);
    let compact: String = original[text.clone()]
        .chars()
        .filter(|character| !character.is_ascii_whitespace())
        .collect();
    let engine = base64::engine::general_purpose::STANDARD;
    let concatenated = engine.decode(compact).unwrap();
    assert_eq!(concatenated.len(), 64, "xmlsec1 writes r‖s for P-256");

    let integer = |magnitude: &[u8]| {
        let start = magnitude.iter().position(|&byte| byte != 0).unwrap();
        let mut content = magnitude[start..].to_vec();
        if content[0] & 0x80 != 0 {
            content.insert(0, 0);
        }
        [vec![0x02, content.len() as u8], content].concat()
    };
    let body = [integer(&concatenated[..32]), integer(&concatenated[32..])].concat();
    let der = [vec![0x30, body.len() as u8], body].concat();
    let mut changed_r = concatenated.clone();
    changed_r[31] ^= 1;

    let both = KeysTried {
        trusted: true,
        embedded: true,
    };
    let cases = [
        (
            "DER layout",
            edit(&original, vec![(text.clone(), engine.encode(&der))]),
            Error::ValueUnreadable {
                algorithm: SignatureAlgorithm::EcdsaSha256,
                problem: KeyProblem::EcdsaLayout {
                    curve: Curve::P256,
                    expected: 64,
                    found: der.len(),
                    der: true,
                },
            },
        ),
        (
            "r changed",
            edit(&original, vec![(text.clone(), engine.encode(&changed_r))]),
            Error::ValueMismatch {
                algorithm: SignatureAlgorithm::EcdsaSha256,
                tried: both,
                problem: None,
            },
        ),
        (
            "method relabelled RSA-SHA256",
            set_algorithm(
                &original,
                "SignatureMethod",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            ),
            Error::ValueMismatch {
                algorithm: SignatureAlgorithm::RsaSha256,
                tried: both,
                problem: Some(KeyProblem::WrongType { key: KeyKind::Ec }),
            },
        ),
    ];
    for (label, variant, error) in cases {
        let outcome = verify(&variant, &trust);
        let found = describe(&outcome.verdicts);
        assert_eq!(outcome.protection, Protection::None, "{label}\n{found}");
        let [verdict] = &outcome.verdicts[..] else {
            panic!("{label}: one verdict expected\n{found}");
        };
        assert_eq!(verdict.status(), Status::Invalid, "{label}\n{found}");
        assert_eq!(
            verdict.failed_step(),
            Some(Step::SignatureValue),
            "{label}\n{found}"
        );
        assert_eq!(verdict.error(), Some(&error), "{label}\n{found}");
    }
    // The control: the same edit machinery, with the value unchanged, verifies.
    let same = edit(&original, vec![(text, engine.encode(&concatenated))]);
    assert_eq!(verify(&same, &trust).protection, Protection::Trusted);
}

/// A changed P-521 value with only a P-256 key trusted: the P-256 key cannot take a
/// 132-byte value, but the message's own P-521 certificate checks it and finds it
/// wrong, so the reason is "does not verify", not a layout problem.
#[test]
fn a_wrong_ecdsa_value_is_not_blamed_on_its_length_when_a_key_checked_it() {
    let original = fixture("response-ecdsa-p521.xml");
    let doc = parse(&original);
    let signature = doc.child(doc.root(), NS_DS, "Signature").unwrap();
    let value = ds(&doc, signature, "SignatureValue");
    let text = inner_text(&doc, value);
    let first = &original[text.start..text.start + 1];
    let other = if first == "A" { "B" } else { "A" };
    let changed = edit(&original, vec![(text.start..text.start + 1, other.into())]);
    let changed_outcome = Err(Error::ValueMismatch {
        algorithm: SignatureAlgorithm::EcdsaSha512,
        tried: KeysTried {
            trusted: true,
            embedded: true,
        },
        problem: Some(KeyProblem::EcdsaLayout {
            curve: Curve::P256,
            expected: 64,
            found: 132,
            der: false,
        }),
    });
    let outcome = verify(&changed, &trusting(&["idp-ec256"]));
    let found = describe(&outcome.verdicts);
    assert_eq!(outcome.protection, Protection::None, "changed\n{found}");
    let [verdict] = &outcome.verdicts[..] else {
        panic!("one verdict expected\n{found}");
    };
    assert_eq!(verdict.outcome, changed_outcome, "changed\n{found}");

    // Intact, with the message's own certificate, not the trusted one.
    let outcome = verify(&original, &trusting(&["idp-ec256"]));
    let found = describe(&outcome.verdicts);
    assert_eq!(outcome.protection, Protection::None, "intact\n{found}");
    let [verdict] = &outcome.verdicts[..] else {
        panic!("one verdict expected\n{found}");
    };
    assert_eq!(verdict.status(), Status::KeyMismatch, "intact\n{found}");
}

/// A comment in the assertion signature's DigestValue refuses that signature, but the
/// Response signature around it digests the canonical form, where comments do not
/// exist: it stays valid, and the assertion inside it stays covered — correctly, since
/// every byte of content the IdP signed is unchanged.
#[test]
fn a_comment_in_the_assertion_digest_value_leaves_the_response_signature_intact() {
    for from in ["response-both-signed.xml", "response-adfs.xml"] {
        let variant = comment_in_digest_value(&fixture(from));
        let outcome = verify(&variant, &trusting(&["idp"]));
        let found = describe(&outcome.verdicts);
        let [response, assertion] = &outcome.verdicts[..] else {
            panic!("{from}: two verdicts expected\n{found}");
        };
        assert_eq!(response.parent, Some(outcome.doc.root()), "{from}");
        assert_eq!(response.status(), Status::Valid, "{from}\n{found}");
        assert_eq!(
            assertion.error(),
            Some(&Error::CommentInValue {
                part: Part::DigestValue
            }),
            "{from}\n{found}"
        );
        assert_eq!(outcome.protection, Protection::Trusted, "{from}");
    }
}

/// The lone `URI=""` assertion verifies as a document of its own; only grafted does it
/// fail (the hostile table).
#[test]
fn the_uri_empty_assertion_verifies_on_its_own() {
    let outcome = verify(&fixture("assertion-uri-empty.xml"), &trusting(&["idp"]));
    assert_eq!(outcome.verdicts.len(), 1);
    assert_eq!(outcome.verdicts[0].status(), Status::Valid);
    assert_eq!(outcome.verdicts[0].parent, Some(outcome.doc.root()));
    assert_eq!(outcome.protection, Protection::Trusted);
}

/// The HMAC the hostile case computes is a real one (RFC 4231, test case 2), so the
/// refusal is by algorithm, not by a wrong value.
#[test]
fn the_test_hmac_is_rfc_4231() {
    let code = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
    let hex: String = code.iter().map(|byte| format!("{byte:02x}")).collect();
    assert_eq!(
        hex,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}
