"""Interop generator: signed SAML Responses made by Lasso (Entr'ouvert's C library, as
Debian's python3-lasso binds it; run with Debian's /usr/bin/python3).

Reads one JSON request on standard input (written by tests/interop.rs):

    {"keys": DIR, "out": DIR, "cases": [CASE, ...], "sp": SP}

where "keys" holds the throw-away keys the test made with openssl (idp.key/idp.pem,
idp-rotated.key/idp-rotated.pem, sp.pem) and each CASE says what an administrator set
up (see tests/interop/README.md): the SP's entity ID and ACS, the NameID, the attributes,
the signing algorithm, which key signs, what is signed, whether the assertion is
encrypted for the SP.

Writes, in "out": metadata.xml (the IdP metadata the Lasso server is loaded from, for the
trusted key) and metadata-KEY.xml for every other key a case signs with; per case
CASE_NAME.b64 (the POST binding's SAMLResponse value, Lasso's msgBody) and CASE_NAME.xml
(that value decoded); and manifest.json with the instant generation started.

The other half of the exchange, from Lasso as the SP: for the SP described by SP (entity
ID, ACS, a RelayState), sp-metadata.xml (written here, with the signing certificate
sp.pem), authn-request-redirect.txt (the signed HTTP-Redirect URL, Lasso's msgUrl after
initAuthnRequest and buildAuthnRequestMsg) and authn-request-post.b64 (its signed
HTTP-POST value, msgBody). Lasso's IdP then processes each request (verifying the SP's
signature with the SP metadata) and answers it: flow-response-redirect.b64 and
flow-response-post.b64 (SP["response"] is the case).

Lasso is used as an IdP built on it (Authentic 2, for one) uses it: a Server made from the
IdP's metadata and signing key, the SP added from the SP's metadata, then Login:
initIdpInitiatedAuthnRequest, processAuthnRequestMsg, validateRequestMsg, buildAssertion,
the NameID and an AttributeStatement on the assertion, buildAuthnResponseMsg. Lasso has
no metadata writer, so both metadata documents are written here, as those IdPs do from
their own templates; the Response, its signatures and its encryption are all Lasso's.
"""

import base64
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape, quoteattr

import lasso

ENTITY_ID = "https://idp.lasso.interop.test/idp/saml2/metadata"
SSO_URL = "https://idp.lasso.interop.test/idp/saml2/sso"
LIFETIME = timedelta(minutes=10)
SIGNATURE_METHODS = {
    "sha256": lasso.SIGNATURE_METHOD_RSA_SHA256,
    "sha1": lasso.SIGNATURE_METHOD_RSA_SHA1,
}


def read(keys, name):
    with open(os.path.join(keys, name), encoding="ascii") as file:
        return file.read()


def pem_body(pem):
    return "".join(line.strip() for line in pem.splitlines() if "-----" not in line)


def key_descriptor(use, pem):
    return (
        f'<md:KeyDescriptor use="{use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
        f"{pem_body(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
    )


def idp_metadata(certificate):
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID={quoteattr(ENTITY_ID)}>'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        + key_descriptor("signing", certificate)
        + "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f"Location={quoteattr(SSO_URL)}/>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f"Location={quoteattr(SSO_URL)}/>"
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )


def sp_metadata(case, encryption_certificate):
    """What the SP publishes (AWS's saml-metadata.xml, Identity Center's export): its
    entity ID, its ACS, and an encryption certificate where it holds a key."""
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID={quoteattr(case["audience"])}>'
        '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        'WantAssertionsSigned="true">'
        + key_descriptor("encryption", encryption_certificate)
        + f"<md:NameIDFormat>{escape(case['name_id_format'])}</md:NameIDFormat>"
        '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location={quoteattr(case["acs"])} index="1" isDefault="true"/>'
        "</md:SPSSODescriptor></md:EntityDescriptor>"
    )


def instant(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def attribute_statement(attributes):
    statement = lasso.Saml2AttributeStatement()
    built = []
    for attribute in attributes:
        element = lasso.Saml2Attribute()
        element.name = attribute["name"]
        element.nameFormat = lasso.SAML2_ATTRIBUTE_NAME_FORMAT_URI
        values = []
        for text in attribute["values"]:
            value = lasso.Saml2AttributeValue()
            content = lasso.MiscTextNode.newWithString(text)
            content.textChild = True
            value.any = [content]
            values.append(value)
        element.attributeValue = values
        built.append(element)
    statement.attribute = built
    return statement


def answer(keys, case, sp_metadata_xml, message):
    """The IdP's answer to an AuthnRequest (the query of a Redirect URL, or a POST value)."""
    certificate = read(keys, "idp.pem")
    server = lasso.Server.newFromBuffers(idp_metadata(certificate), read(keys, "idp.key"), None, certificate)
    server.signatureMethod = lasso.SIGNATURE_METHOD_RSA_SHA256
    server.addProviderFromBuffer(lasso.PROVIDER_ROLE_SP, sp_metadata_xml)
    login = lasso.Login(server)
    login.processAuthnRequestMsg(message)
    login.validateRequestMsg(True, True)
    now = datetime.now(timezone.utc)
    login.buildAssertion(
        lasso.SAML2_AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT, instant(now), None, instant(now), instant(now + LIFETIME)
    )
    login.assertion.subject.nameID.format = case["name_id_format"]
    login.assertion.subject.nameID.content = case["name_id"]
    login.assertion.attributeStatement = [attribute_statement(case["attributes"])]
    login.buildAuthnResponseMsg()
    return login.msgBody


def response(keys, case):
    key_name = case.get("signing_key", "idp")
    certificate = read(keys, key_name + ".pem")
    server = lasso.Server.newFromBuffers(idp_metadata(certificate), read(keys, key_name + ".key"), None, certificate)
    server.signatureMethod = SIGNATURE_METHODS[case.get("algorithm", "sha256")]
    server.addProviderFromBuffer(lasso.PROVIDER_ROLE_SP, sp_metadata(case, read(keys, "sp.pem")))
    if case.get("encrypt"):
        server.getProvider(case["audience"]).setEncryptionMode(lasso.ENCRYPTION_MODE_ASSERTION)

    login = lasso.Login(server)
    login.initIdpInitiatedAuthnRequest(case["audience"])
    login.request.nameIdPolicy.format = case["name_id_format"]
    login.request.nameIdPolicy.allowCreate = True
    login.request.protocolBinding = lasso.SAML2_METADATA_BINDING_POST
    login.processAuthnRequestMsg(None)
    login.validateRequestMsg(True, True)
    now = datetime.now(timezone.utc)
    login.buildAssertion(
        lasso.SAML2_AUTHN_CONTEXT_PASSWORD_PROTECTED_TRANSPORT,
        instant(now),
        None,
        instant(now),
        instant(now + LIFETIME),
    )
    login.assertion.subject.nameID.format = case["name_id_format"]
    login.assertion.subject.nameID.content = case["name_id"]
    login.assertion.attributeStatement = [attribute_statement(case["attributes"])]
    sign = case.get("sign", "both")
    if sign == "assertion":
        # Lasso signs the Assertion always and the Response unless told not to.
        login.setSignatureHint(lasso.PROFILE_SIGNATURE_HINT_FORBID)
    elif sign != "both":
        raise ValueError(f"Lasso always signs the Assertion; it cannot sign {sign!r} only")
    login.buildAuthnResponseMsg()
    return login.msgBody


def requesting_sp_metadata(sp, certificate):
    return (
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID={quoteattr(sp["entity_id"])}>'
        '<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        'AuthnRequestsSigned="true">'
        + key_descriptor("signing", certificate)
        + '<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location={quoteattr(sp["acs"])} index="1" isDefault="true"/>'
        "</md:SPSSODescriptor></md:EntityDescriptor>"
    )


def authn_requests(keys, sp, out):
    certificate = read(keys, "sp.pem")
    metadata = requesting_sp_metadata(sp, certificate)
    with open(os.path.join(out, "sp-metadata.xml"), "w", encoding="utf-8") as file:
        file.write(metadata)
    server = lasso.Server.newFromBuffers(metadata, read(keys, "sp.key"), None, certificate)
    server.signatureMethod = lasso.SIGNATURE_METHOD_RSA_SHA256
    server.addProviderFromBuffer(lasso.PROVIDER_ROLE_IDP, idp_metadata(read(keys, "idp.pem")))
    for method, name in [(lasso.HTTP_METHOD_REDIRECT, "redirect.txt"), (lasso.HTTP_METHOD_POST, "post.b64")]:
        login = lasso.Login(server)
        login.initAuthnRequest(ENTITY_ID, method)
        login.msgRelayState = sp["relay_state"]
        login.buildAuthnRequestMsg()
        redirect = method == lasso.HTTP_METHOD_REDIRECT
        with open(os.path.join(out, "authn-request-" + name), "w", encoding="ascii") as file:
            file.write(login.msgUrl if redirect else login.msgBody)
        message = login.msgUrl.split("?", 1)[1] if redirect else login.msgBody
        flow = "flow-response-" + ("redirect" if redirect else "post") + ".b64"
        with open(os.path.join(out, flow), "w", encoding="ascii") as file:
            file.write(answer(keys, sp["response"], metadata, message))


def main():
    request = json.load(sys.stdin)
    keys, out = request["keys"], request["out"]
    os.makedirs(out, exist_ok=True)
    started = datetime.now(timezone.utc).replace(microsecond=0)
    with open(os.path.join(out, "metadata.xml"), "w", encoding="utf-8") as file:
        file.write(idp_metadata(read(keys, "idp.pem")))
    for key_name in sorted({case.get("signing_key", "idp") for case in request["cases"]} - {"idp"}):
        with open(os.path.join(out, f"metadata-{key_name}.xml"), "w", encoding="utf-8") as file:
            file.write(idp_metadata(read(keys, key_name + ".pem")))
    for case in request["cases"]:
        posted = response(keys, case)
        with open(os.path.join(out, case["name"] + ".b64"), "w", encoding="ascii") as file:
            file.write(posted)
        with open(os.path.join(out, case["name"] + ".xml"), "wb") as file:
            file.write(base64.b64decode(posted))
    authn_requests(keys, request["sp"], out)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as file:
        json.dump({"library": "lasso", "started": instant(started), "cases": [c["name"] for c in request["cases"]]}, file)


if __name__ == "__main__":
    main()
