//! Canonicalization, byte for byte against the reference implementations.
//!
//! Whole documents: our output against `xmllint --c14n` (Canonical XML 1.0 with
//! comments) and `xmllint --exc-c14n` (exclusive, with comments).
//!
//! Document subsets, as signatures use them: each case is signed by `xmlsec1 --sign`
//! with an enveloped signature over an element (`URI="#id"`), once per canonicalization
//! method, then `xmlsec1 --verify --store-references --store-signatures` prints the exact
//! bytes it digested (the element minus the signature) and signed (`SignedInfo`); ours
//! must be the same. `SignedInfo` holds a comment, so the with-comments methods are
//! exercised there too.
//!
//! Needs `xmllint`, `xmlsec1` and `openssl` on PATH (`scripts/setup.sh test` installs
//! them); without them the tests fail and say so.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use saml_inspector::limits::Limits;
use saml_inspector::xml::c14n::{self, Method, Subset};
use saml_inspector::xml::{Document, NS_DS, NodeId, parse};

/// A document, and the element (by `ID`) whose subset is signed; `{SIG}` marks where
/// the signature template goes (as a child of that element).
struct Case {
    name: &'static str,
    xml: String,
    id: &'static str,
    /// `--id-attr` argument: `[namespace:]LocalName` of the element holding `ID`.
    id_element: &'static str,
    /// An `InclusiveNamespaces` `PrefixList` to test the exclusive methods with as well.
    prefix_list: Option<&'static str>,
}

fn cases() -> Vec<Case> {
    let deep = {
        let mut xml = String::from("<d:Deep xmlns:d='urn:deep' ID='deep'>{SIG}");
        for level in 0..100 {
            xml.push_str(&format!(
                "<d:L n='{level}' xmlns:x{level}='urn:level:{level}'>"
            ));
        }
        xml.push_str("bottom");
        for _ in 0..100 {
            xml.push_str("</d:L>");
        }
        xml.push_str("</d:Deep>");
        xml
    };
    vec![
        Case {
            name: "saml-assertion-with-xsi-type",
            xml: r#"<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
  <saml:Issuer>https://idp.example.test</saml:Issuer>
  <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
    <saml:Issuer>https://idp.example.test</saml:Issuer>{SIG}
    <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.test</saml:NameID></saml:Subject>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
        <saml:AttributeValue xsi:type="xs:string">alice</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"#
                .into(),
            id: "_a1",
            id_element: "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            prefix_list: Some("xs"),
        },
        Case {
            name: "default-namespace-and-undeclaration",
            xml: r#"<Root xmlns="urn:default" xmlns:p="urn:p"><Target ID="t1">{SIG}<Child><Inner xmlns=""><Leaf/></Inner><p:Other xmlns:p="urn:p" xmlns="urn:default"><Back/></p:Other></Child><NoNs xmlns=""/></Target></Root>"#.into(),
            id: "t1",
            id_element: "urn:default:Target",
            prefix_list: Some("#default p"),
        },
        Case {
            name: "attribute-order-by-namespace-uri",
            xml: r#"<r xmlns:b="urn:a" xmlns:a="urn:b" xmlns:c="urn:c"><e ID="e1" z="1" a:y="2" b:y="3" b:x="4" y="5" c:a="6" xml:lang="en">{SIG}<f c:q="1" a:q="2"/></e></r>"#.into(),
            id: "e1",
            id_element: "e",
            prefix_list: Some("c"),
        },
        Case {
            name: "escaping-cdata-references",
            xml: "<r><e ID=\"e2\" v=\"tab&#9;nl&#10;cr&#13;lt&lt;amp&amp;quot&quot;gt&gt;apos'\" w=\"literal\nnewline\ttab\">{SIG}text &amp; &lt; &gt; &#13; &#xD; \" ' <![CDATA[<cdata> & ]]> ]]&gt; &#x10FFFF;&#65;\r\nline\rbreaks</e></r>".into(),
            id: "e2",
            id_element: "e",
            prefix_list: None,
        },
        Case {
            name: "comments-and-processing-instructions",
            xml: "<?xml version='1.0'?>\n<!-- before -->\n<?before data?>\n<r ID='r2'>{SIG}<!-- inside --><?inside  spaced data ?><?empty?><a><!----></a></r>\n<!-- after -->\n<?after?>\n".into(),
            id: "r2",
            id_element: "r",
            prefix_list: None,
        },
        Case {
            name: "empty-elements-whitespace-non-ascii",
            xml: "<r>\n  <e ID='e3' ü='ä' name='日本語'>{SIG}\n    <empty/>\n    <empty></empty>\n    <t>\u{e9}t\u{e9} — \u{1F600}</t>\n  </e>\n</r>".into(),
            id: "e3",
            id_element: "e",
            prefix_list: None,
        },
        Case {
            name: "xml-attributes-inherited-by-inclusive-only",
            xml: r#"<r xml:lang="fr" xml:space="preserve" xml:base="http://base.example.test/"><m xml:lang="de"><e ID="e4" xml:space="default">{SIG}<f xml:lang="en"/></e></m></r>"#.into(),
            id: "e4",
            id_element: "e",
            prefix_list: None,
        },
        Case {
            name: "prefix-redeclared-with-another-uri",
            xml: r#"<p:r xmlns:p="urn:one" xmlns:q="urn:q"><p:e ID="e5" q:a="1">{SIG}<p:f xmlns:p="urn:two"><p:g/><q:h xmlns:q="urn:q"/></p:f><p:i/></p:e></p:r>"#.into(),
            id: "e5",
            id_element: "urn:one:e",
            prefix_list: Some("q"),
        },
        Case {
            name: "root-is-the-signed-element",
            xml: r#"<!-- c --><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example.test" ID="m1">{SIG}<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:KeyName>k</ds:KeyName></ds:KeyInfo></md:KeyDescriptor></md:IDPSSODescriptor></md:EntityDescriptor>"#.into(),
            id: "m1",
            id_element: "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
            prefix_list: Some("ds"),
        },
        Case {
            name: "deep-nesting",
            xml: deep,
            id: "deep",
            id_element: "urn:deep:Deep",
            prefix_list: Some("x3 x99"),
        },
    ]
}

// --- reference tools -------------------------------------------------------------

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("c14n");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tool(name: &str, arguments: &[&str]) -> std::process::Output {
    Command::new(name)
        .args(arguments)
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot run {name} ({error}); scripts/setup.sh test installs it")
        })
}

/// A throwaway RSA key pair for signing the cases, made once per run.
fn key_pair() -> &'static (PathBuf, PathBuf) {
    static KEYS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = scratch();
        let private = dir.join("key.pem");
        let public = dir.join("pub.pem");
        let made = tool(
            "openssl",
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                private.to_str().unwrap(),
            ],
        );
        assert!(made.status.success(), "openssl genpkey failed");
        let made = tool(
            "openssl",
            &[
                "pkey",
                "-in",
                private.to_str().unwrap(),
                "-pubout",
                "-out",
                public.to_str().unwrap(),
            ],
        );
        assert!(made.status.success(), "openssl pkey failed");
        (private, public)
    })
}

fn xmllint(path: &Path, flag: &str) -> Vec<u8> {
    let output = tool("xmllint", &[flag, path.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "xmllint {flag} {}: {}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The signature template: enveloped signature over `#id` with `method` as both the
/// reference's canonicalization and SignedInfo's.
fn template(id: &str, method: &Method) -> String {
    let inclusive_namespaces = if method.inclusive_prefixes.is_empty() {
        String::new()
    } else {
        let list: Vec<&str> = method
            .inclusive_prefixes
            .iter()
            .map(|prefix| prefix.as_deref().unwrap_or("#default"))
            .collect();
        format!(
            r#"<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="{}"/>"#,
            list.join(" ")
        )
    };
    let uri = method.uri();
    format!(
        r##"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
  <ds:SignedInfo><!-- a comment in SignedInfo -->
    <ds:CanonicalizationMethod Algorithm="{uri}">{inclusive_namespaces}</ds:CanonicalizationMethod>
    <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
    <ds:Reference URI="#{id}">
      <ds:Transforms>
        <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
        <ds:Transform Algorithm="{uri}">{inclusive_namespaces}</ds:Transform>
      </ds:Transforms>
      <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
      <ds:DigestValue></ds:DigestValue>
    </ds:Reference>
  </ds:SignedInfo>
  <ds:SignatureValue/>
</ds:Signature>"##
    )
}

/// What xmlsec1 digested and signed for the case signed with `method`.
struct Reference {
    signed_file: PathBuf,
    pre_digest: Vec<u8>,
    pre_signed: Vec<u8>,
}

fn xmlsec_reference(case: &Case, method: &Method, label: &str) -> Reference {
    let (private, public) = key_pair();
    let dir = scratch();
    let template_file = dir.join(format!("{}-{label}.template.xml", case.name));
    let signed_file = dir.join(format!("{}-{label}.signed.xml", case.name));
    std::fs::write(
        &template_file,
        case.xml.replace("{SIG}", &template(case.id, method)),
    )
    .unwrap();
    let mut id_arguments: Vec<&str> = vec!["--id-attr:ID", case.id_element];
    let signed = tool(
        "xmlsec1",
        &[
            &["--sign", "--privkey-pem", private.to_str().unwrap()][..],
            &id_arguments[..],
            &[
                "--output",
                signed_file.to_str().unwrap(),
                template_file.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert!(
        signed.status.success(),
        "{}/{label}: xmlsec1 --sign failed: {}",
        case.name,
        String::from_utf8_lossy(&signed.stderr)
    );
    id_arguments.splice(0..0, ["--verify"]);
    id_arguments.extend([
        "--pubkey-pem",
        public.to_str().unwrap(),
        "--store-references",
        "--store-signatures",
        "--print-debug",
        signed_file.to_str().unwrap(),
    ]);
    let verified = tool("xmlsec1", &id_arguments);
    assert!(
        verified.status.success(),
        "{}/{label}: xmlsec1 --verify failed: {}",
        case.name,
        String::from_utf8_lossy(&verified.stderr)
    );
    Reference {
        pre_digest: buffer(&verified.stdout, "PreDigest"),
        pre_signed: buffer(&verified.stdout, "PreSigned"),
        signed_file,
    }
}

/// The bytes xmlsec1 --print-debug shows between `== {what} data - start buffer:\n` and
/// `\n== {what} data - end buffer`.
fn buffer(debug: &[u8], what: &str) -> Vec<u8> {
    let start = format!("== {what} data - start buffer:\n");
    let end = format!("\n== {what} data - end buffer");
    let from =
        find(debug, start.as_bytes()).unwrap_or_else(|| panic!("no {what} buffer")) + start.len();
    let length = find(&debug[from..], end.as_bytes()).expect("unterminated buffer");
    debug[from..from + length].to_vec()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

// --- ours --------------------------------------------------------------------------

fn parse_file(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    parse(&bytes, &Limits::default()).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn element_with_id(doc: &Document, id: &str) -> NodeId {
    doc.ids()
        .find(|&node| doc.element(node).is_some() && doc.attribute(node, "ID") == Some(id))
        .expect("the signed element")
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn methods(case: &Case) -> Vec<(String, Method)> {
    let mut methods = Vec::new();
    for uri in [
        c14n::EXC_C14N,
        c14n::EXC_C14N_WITH_COMMENTS,
        c14n::C14N_10,
        c14n::C14N_10_WITH_COMMENTS,
    ] {
        let method = Method::from_uri(uri).unwrap();
        let label = format!(
            "{}{}",
            if method.exclusive { "exc" } else { "c14n" },
            if method.with_comments {
                "-comments"
            } else {
                ""
            }
        );
        if method.exclusive
            && let Some(list) = case.prefix_list
        {
            methods.push((
                format!("{label}-prefixlist"),
                method.clone().with_prefix_list(list),
            ));
        }
        methods.push((label, method));
    }
    methods
}

#[test]
fn whole_documents_match_xmllint() {
    let dir = scratch();
    for case in cases() {
        let path = dir.join(format!("{}.xml", case.name));
        std::fs::write(&path, case.xml.replace("{SIG}", "")).unwrap();
        let doc = parse_file(&path);
        for (flag, uri) in [
            ("--c14n", c14n::C14N_10_WITH_COMMENTS),
            ("--exc-c14n", c14n::EXC_C14N_WITH_COMMENTS),
        ] {
            let expected = xmllint(&path, flag);
            let ours = c14n::canonicalize(
                &doc,
                Subset::Document,
                None,
                &Method::from_uri(uri).unwrap(),
            );
            assert_eq!(
                show(&ours),
                show(&expected),
                "{} with xmllint {flag}",
                case.name
            );
        }
    }
}

#[test]
fn signed_subsets_match_xmlsec1() {
    let mut compared = 0;
    for case in cases() {
        for (label, method) in methods(&case) {
            let reference = xmlsec_reference(&case, &method, &label);
            let doc = parse_file(&reference.signed_file);
            let target = element_with_id(&doc, case.id);
            let signature = doc
                .child(target, NS_DS, "Signature")
                .expect("the enveloped signature");
            let signed_info = doc.child(signature, NS_DS, "SignedInfo").unwrap();

            // Same-document references never carry comments (XML-DSig §4.4.3.3), whatever
            // the transform says.
            let reference_method = Method {
                with_comments: false,
                ..method.clone()
            };
            let digested = c14n::canonicalize(
                &doc,
                Subset::Element(target),
                Some(signature),
                &reference_method,
            );
            assert_eq!(
                show(&digested),
                show(&reference.pre_digest),
                "{}/{label}: the referenced element",
                case.name
            );
            let signed = c14n::canonicalize(&doc, Subset::Element(signed_info), None, &method);
            assert_eq!(
                show(&signed),
                show(&reference.pre_signed),
                "{}/{label}: SignedInfo",
                case.name
            );
            compared += 2;
        }
    }
    assert!(compared >= 80, "only {compared} comparisons");
}
