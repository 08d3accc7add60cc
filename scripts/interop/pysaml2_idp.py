"""Interop generator: signed SAML Responses made by pysaml2's IdP (saml2.server.Server).

Reads one JSON request on standard input (written by tests/interop.rs):

    {"keys": DIR, "out": DIR, "cases": [CASE, ...], "sp": SP}

where DIR/keys holds the throw-away keys the test made with openssl (idp.key/idp.pem,
idp-rotated.key/idp-rotated.pem, sp.pem) and each CASE says what an administrator set up
(see tests/interop/README.md): the SP's entity ID and ACS, the NameID, the attributes,
the signing algorithm, which key signs, what is signed (Response, Assertion or both),
whether the assertion is encrypted for the SP.

Writes, in "out": metadata.xml (the IdP metadata pysaml2 exports for the trusted key,
what the SP was given) and metadata-KEY.xml for every other key a case signs with; per
case CASE_NAME.xml (the Response as pysaml2 serialises it, signed by pysaml2 through the
xmlsec1 binary), CASE_NAME.b64 (the SAMLResponse value of the HTML form pysaml2's
HTTP-POST binding makes) and CASE_NAME.html (that auto-submitting page, as the IdP
serves it); and manifest.json with the instant generation started.

The other half of the exchange, from pysaml2's SP (saml2.client.Saml2Client): for the SP
described by SP (entity ID, ACS, a RelayState), sp-metadata.xml (its metadata with the
signing certificate sp.pem), authn-request-redirect.txt (the signed HTTP-Redirect URL
prepare_for_authenticate() returns) and authn-request-post.b64 (the SAMLRequest value of
its signed HTTP-POST form). The IdP then answers each of the two requests, as
parse_authn_request() reads them: flow-response-redirect.b64 and flow-response-post.b64
(the SAMLResponse values, InResponseTo the request's ID; SP["response"] is the case). pysaml2 is used as its IdP users use it: a Server built from an
IdPConfig, create_authn_response() with the release policy of the config, and
saml2.metadata for the metadata; nothing of its XML is written by hand.
"""

import html
import json
import os
import re
import shutil
import sys
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import IdPConfig, SPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA1, DIGEST_SHA256, SIG_RSA_SHA1, SIG_RSA_SHA256

ENTITY_ID = "https://idp.pysaml2.interop.test/idp/metadata"
SSO_URL = "https://idp.pysaml2.interop.test/idp/sso"
XMLSEC1 = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
PASSWORD_PROTECTED = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"

ALGORITHMS = {
    # What an administrator picks in the IdP's configuration.
    "sha256": (SIG_RSA_SHA256, DIGEST_SHA256),
    # pysaml2's own default (saml2.xmldsig sig_default / digest_default) is SHA-1:
    # the case leaves the algorithms unset.
    "sha1-default": (None, None),
    "sha1": (SIG_RSA_SHA1, DIGEST_SHA1),
}


def sp_metadata(keys, case):
    """The SP's metadata as the administrator loads it into the IdP: its entity ID (the
    Audience), its ACS (Destination and Recipient) and its encryption certificate."""
    config = SPConfig()
    config.load(
        {
            "entityid": case["audience"],
            "service": {"sp": {"endpoints": {"assertion_consumer_service": [(case["acs"], BINDING_HTTP_POST)]}}},
            "encryption_keypairs": [
                {"key_file": os.path.join(keys, "sp.key"), "cert_file": os.path.join(keys, "sp.pem")}
            ],
            "xmlsec_binary": XMLSEC1,
        }
    )
    return create_metadata_string(None, config=config).decode("utf-8")


def idp_config(keys, key_name, algorithm, sp_metadata_xml=None):
    signing_algorithm, digest_algorithm = ALGORITHMS[algorithm]
    idp = {
        "name": "pysaml2 interop IdP",
        "endpoints": {"single_sign_on_service": [(SSO_URL, BINDING_HTTP_REDIRECT), (SSO_URL, BINDING_HTTP_POST)]},
        "policy": {
            "default": {
                "lifetime": {"minutes": 15},
                "attribute_restrictions": None,
                "name_form": NAME_FORMAT_URI,
            }
        },
        "sign_response": True,
        "sign_assertion": True,
        "want_authn_requests_signed": False,
    }
    if signing_algorithm is not None:
        idp["signing_algorithm"] = signing_algorithm
        idp["digest_algorithm"] = digest_algorithm
    config = IdPConfig()
    config.load(
        {
            "entityid": ENTITY_ID,
            "service": {"idp": idp},
            "key_file": os.path.join(keys, key_name + ".key"),
            "cert_file": os.path.join(keys, key_name + ".pem"),
            "xmlsec_binary": XMLSEC1,
            "crypto_backend": "xmlsec1",
            "metadata": {"inline": [sp_metadata_xml]} if sp_metadata_xml else {},
            "debug": False,
        }
    )
    return config


def pem_body(path):
    with open(path, encoding="ascii") as file:
        return "".join(line.strip() for line in file if "-----" not in line)


def response(keys, case, in_response_to=None):
    config = idp_config(
        keys, case.get("signing_key", "idp"), case.get("algorithm", "sha256"), sp_metadata(keys, case)
    )
    server = Server(config=config)
    identity = {attribute["name"]: attribute["values"] for attribute in case["attributes"]}
    name_id = NameID(format=case["name_id_format"], text=case["name_id"])
    encrypt = bool(case.get("encrypt"))
    sign = case.get("sign", "both")
    signing_algorithm, digest_algorithm = ALGORITHMS[case.get("algorithm", "sha256")]
    message = server.create_authn_response(
        identity,
        in_response_to=in_response_to,
        destination=case["acs"],
        sp_entity_id=case["audience"],
        name_id=name_id,
        authn={"class_ref": PASSWORD_PROTECTED, "authn_auth": ENTITY_ID},
        sign_response=sign in ("both", "response"),
        sign_assertion=sign in ("both", "assertion"),
        encrypt_assertion=encrypt,
        encrypt_cert_assertion=pem_body(os.path.join(keys, "sp.pem")) if encrypt else None,
        sign_alg=signing_algorithm,
        digest_alg=digest_algorithm,
    )
    xml = str(message)
    form = server.apply_binding(BINDING_HTTP_POST, xml, destination=case["acs"], response=True)
    posted = re.search(r'name="SAMLResponse" value="([^"]*)"', form["data"])
    if posted is None:
        raise RuntimeError("pysaml2's POST form has no SAMLResponse field")
    return xml, html.unescape(posted.group(1)), form["data"]


def write_metadata(path, config):
    metadata = create_metadata_string(None, config=config, valid=None)
    with open(path, "wb") as file:
        file.write(metadata if isinstance(metadata, bytes) else metadata.encode("utf-8"))


def authn_requests(keys, sp, out):
    config = SPConfig()
    idp_metadata = create_metadata_string(None, config=idp_config(keys, "idp", "sha256")).decode("utf-8")
    config.load(
        {
            "entityid": sp["entity_id"],
            "service": {
                "sp": {
                    "endpoints": {"assertion_consumer_service": [(sp["acs"], BINDING_HTTP_POST)]},
                    "authn_requests_signed": True,
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                }
            },
            "key_file": os.path.join(keys, "sp.key"),
            "cert_file": os.path.join(keys, "sp.pem"),
            "xmlsec_binary": XMLSEC1,
            "metadata": {"inline": [idp_metadata]},
        }
    )
    write_metadata(os.path.join(out, "sp-metadata.xml"), config)
    client = Saml2Client(config=config)
    _, redirect = client.prepare_for_authenticate(
        entityid=ENTITY_ID, relay_state=sp["relay_state"], binding=BINDING_HTTP_REDIRECT, sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    with open(os.path.join(out, "authn-request-redirect.txt"), "w", encoding="ascii") as file:
        file.write(dict(redirect["headers"])["Location"])
    _, post = client.prepare_for_authenticate(
        entityid=ENTITY_ID, relay_state=sp["relay_state"], binding=BINDING_HTTP_POST, sign=True,
        sigalg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
    )
    posted = re.search(r'name="SAMLRequest" value="([^"]*)"', post["data"])
    if posted is None:
        raise RuntimeError("pysaml2's POST form has no SAMLRequest field")
    posted = html.unescape(posted.group(1))
    with open(os.path.join(out, "authn-request-post.b64"), "w", encoding="ascii") as file:
        file.write(posted)

    # The IdP's side of the SP-initiated sign-in: read each request, answer it.
    case = sp["response"]
    with open(os.path.join(out, "sp-metadata.xml"), encoding="utf-8") as file:
        requesting_sp = file.read()
    idp = Server(config=idp_config(keys, "idp", "sha256", requesting_sp))
    query = parse_qs(urlsplit(dict(redirect["headers"])["Location"]).query)
    for name, value, binding in [
        ("redirect", query["SAMLRequest"][0], BINDING_HTTP_REDIRECT),
        ("post", posted, BINDING_HTTP_POST),
    ]:
        request_id = idp.parse_authn_request(value, binding).message.id
        _, answer, _ = response(keys, case, in_response_to=request_id)
        with open(os.path.join(out, f"flow-response-{name}.b64"), "w", encoding="ascii") as file:
            file.write(answer)


def main():
    request = json.load(sys.stdin)
    keys, out = request["keys"], request["out"]
    os.makedirs(out, exist_ok=True)
    started = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    write_metadata(os.path.join(out, "metadata.xml"), idp_config(keys, "idp", "sha256"))
    for key_name in sorted({case.get("signing_key", "idp") for case in request["cases"]} - {"idp"}):
        write_metadata(os.path.join(out, f"metadata-{key_name}.xml"), idp_config(keys, key_name, "sha256"))
    for case in request["cases"]:
        xml, posted, page = response(keys, case)
        with open(os.path.join(out, case["name"] + ".xml"), "w", encoding="utf-8") as file:
            file.write(xml)
        with open(os.path.join(out, case["name"] + ".b64"), "w", encoding="ascii") as file:
            file.write(posted)
        with open(os.path.join(out, case["name"] + ".html"), "w", encoding="utf-8") as file:
            file.write(page)
    authn_requests(keys, request["sp"], out)
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as file:
        json.dump({"library": "pysaml2", "started": started, "cases": [c["name"] for c in request["cases"]]}, file)


if __name__ == "__main__":
    main()
