#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/.

The corpora are not committed (fuzz/corpus is ignored); this script recreates the
seeds from the repository's examples/ and a few small handwritten inputs. Running it
again overwrites the seeds and leaves whatever the fuzzer added alone.

    python3 fuzz/seed.py
"""

import subprocess
import base64
import hashlib
import json
import pathlib
import urllib.parse
import zlib

FUZZ = pathlib.Path(__file__).resolve().parent
EXAMPLES = FUZZ.parent / "examples"
CORPUS = FUZZ / "corpus"


def deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def redirect_value(xml: bytes) -> str:
    return urllib.parse.quote(base64.b64encode(deflate_raw(xml)).decode(), safe="")


def post_value(xml: bytes) -> str:
    return urllib.parse.quote(base64.b64encode(xml).decode(), safe="")


# --- Small handwritten XML: each exercises one part of the parser or the reader.
SAMLP = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"'
SAML = 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
DS = 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"'
XML_SNIPPETS = [
    b"<a/>",
    b'<?xml version="1.0" encoding="UTF-8"?>\n<a b="1" c=\'2\'>t</a>',
    b"\xef\xbb\xbf<r>\r\n<x>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;</x></r>",
    b'<r xmlns="urn:d" xmlns:p="urn:p"><p:c p:a="1" a="2"><d xmlns=""/></p:c></r>',
    b"<r><!-- c --><?pi data?><![CDATA[<not markup>]]>tail</r>",
    b'<r a="  x\ty\nz &#9; "/>',
    b'<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>',
    b"<r>&unknown;</r>",
    b"<a><b><c><d><e><f><g><h><i><j/></i></h></g></f></e></d></c></b></a>",
    f'<samlp:AuthnRequest {SAMLP} {SAML} ID="r1" Version="2.0" '
    'IssueInstant="2024-05-01T12:00:00Z" Destination="https://idp.example.test/sso" '
    'AssertionConsumerServiceURL="https://sp.example.test/acs">'
    "<saml:Issuer>https://sp.example.test</saml:Issuer>"
    '<samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"/>'
    "</samlp:AuthnRequest>".encode(),
    f'<samlp:Response {SAMLP} {SAML} ID="r2" Version="2.0" '
    'IssueInstant="2024-05-01T12:00:00Z" InResponseTo="r1">'
    "<saml:Issuer>https://idp.example.test</saml:Issuer>"
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
    "</samlp:Status>"
    '<saml:Assertion ID="a1" Version="2.0" IssueInstant="2024-05-01T12:00:00Z">'
    "<saml:Issuer>https://idp.example.test</saml:Issuer>"
    f'<ds:Signature {DS}><ds:SignedInfo><ds:CanonicalizationMethod '
    'Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod '
    'Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#a1">'
    '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
    "<ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo>"
    "<ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data>"
    "<ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"
    "<saml:Subject><saml:NameID>a@example.test<!---->.evil</saml:NameID>"
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
    '<saml:SubjectConfirmationData NotOnOrAfter="2024-05-01T12:05:00Z" '
    'Recipient="https://sp.example.test/acs"/></saml:SubjectConfirmation></saml:Subject>'
    '<saml:Conditions NotBefore="2024-05-01T11:59:00Z" NotOnOrAfter="2024-05-01T12:05:00Z">'
    "<saml:AudienceRestriction><saml:Audience>https://sp.example.test</saml:Audience>"
    "</saml:AudienceRestriction></saml:Conditions>"
    '<saml:AttributeStatement><saml:Attribute Name="role">'
    "<saml:AttributeValue>admin </saml:AttributeValue></saml:Attribute>"
    "</saml:AttributeStatement></saml:Assertion></samlp:Response>".encode(),
    b'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
    b'entityID="https://idp.example.test"><md:IDPSSODescriptor '
    b'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
    b'<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
    b'Location="https://idp.example.test/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>',
]


def example_messages():
    """The XML of every message in examples/, and the raw example files."""
    files = {path.name: path.read_bytes() for path in sorted(EXAMPLES.iterdir())}
    xml = []
    xml.append(base64.b64decode(b"".join(files["aws-response-session-name.txt"].split())))
    url = files["identity-center-request.url"].decode().strip()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    xml.append(zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15))
    har = json.loads(files["aws-login.har"])
    har_fields = []  # (slot name, value) as they appear in the HAR
    for entry in har["log"]["entries"]:
        request = entry.get("request", {})
        har_fields.append(("url", request.get("url", "")))
        post = request.get("postData") or {}
        if post.get("text"):
            har_fields.append(("post", post["text"]))
            for name, values in urllib.parse.parse_qs(post["text"]).items():
                if name.startswith("SAML"):
                    xml.append(base64.b64decode(values[0]))
        content = (entry.get("response") or {}).get("content") or {}
        if "html" in content.get("mimeType", "") and content.get("text"):
            har_fields.append(("html", content["text"]))
    return files, xml, har_fields


def write(target: str, name: str, data: bytes) -> None:
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:12]
    (directory / f"seed-{name}-{digest}").write_bytes(data)


def main() -> None:
    files, messages, har_fields = example_messages()
    xml_all = messages + XML_SNIPPETS
    request = XML_SNIPPETS[9]
    response = XML_SNIPPETS[10]

    # Whole inputs, as a user drops them: sniff_extract and analyze.
    tiny_har = json.dumps({"log": {"entries": [{
        "startedDateTime": "2024-05-01T12:00:00Z",
        "request": {"method": "POST", "url": "https://sp.example.test/acs",
                    "postData": {"mimeType": "application/x-www-form-urlencoded",
                                 "text": "SAMLResponse=" + post_value(response) + "&RelayState=%2F"}},
        "response": {"status": 302, "redirectURL": "/home", "headers": [], "content": {}},
    }]}}).encode()
    inputs = {
        **{name.replace(".", "-"): data for name, data in files.items() if name != "README.md"},
        "tiny-har": tiny_har,
        "har-wrong-types": b'{"log":{"entries":[1,{"request":"x","response":{"status":"abc"}}]}}',
        "redirect-url": b"https://idp.example.test/sso?SAMLRequest="
        + redirect_value(request).encode() + b"&RelayState=x",
        "query": b"?SAMLRequest=" + redirect_value(request).encode()
        + b"&SigAlg=http%3A%2F%2Fwww.w3.org%2F2000%2F09%2Fxmldsig%23rsa-sha1&Signature=AAAA",
        "form-body": b"SAMLResponse=" + post_value(response).encode(),
        "base64": base64.b64encode(response),
        "base64-deflate": base64.b64encode(deflate_raw(response)),
        "xml": response,
        "artifact-url": b"https://sp.example.test/acs?SAMLart=AAQAAMh48",
        "pem-key": b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
        "der-outline": bytes([0x30, 0x07, 0x30, 0x00, 0x30, 0x00, 0x03, 0x01, 0x00]),
        "gzip": b"\x1f\x8b\x08\x00",
    }
    # SAML-tracer exports (tests/fixtures/tracer/, made by its make.py): unmasked,
    # "Mask values", "Remove values", the same sign-in as a HAR, and an old-style one.
    tracer = FUZZ.parent / "tests" / "fixtures" / "tracer"
    for path in sorted(tracer.glob("login*")):
        inputs["tracer-" + path.name.replace(".", "-")] = path.read_bytes()
    inputs["tracer-old-style"] = json.dumps({"requests": [{
        "method": "POST", "url": "https://sp.example.test/acs", "id": "7",
        "requestHeaders": [["Cookie", "a={hash:00ff}"]],
        "post": [["SAMLResponse", base64.b64encode(response).decode()], ["RelayState", "{obf:alternative_0}"]],
        "saml": response.decode(), "responseStatus": 200, "responseStatusText": "HTTP/1.1 200 OK",
        "responseHeaders": [["Date", "Wed, 01 May 2024 12:00:05 GMT"], ["Set-Cookie", "s=1\nt=2; Path=/"]],
    }], "timestamp": "2024-05-01T12:01:00Z"}).encode()
    for target in ("sniff_extract", "analyze"):
        for name, data in inputs.items():
            write(target, name, data)

    # har_scan: the whole HAR (mode 0), and field values for each template slot.
    write("har_scan", "aws-login", b"\x00" + files["aws-login.har"])
    write("har_scan", "tiny", b"\x00" + tiny_har)
    write("har_scan", "wrong-types", b"\x00" + inputs["har-wrong-types"])
    slot_values = {
        1: [field for kind, field in har_fields if kind == "url"] + [inputs["redirect-url"].decode()],
        2: [field for kind, field in har_fields if kind == "post"],
        3: [post_value(response), base64.b64encode(response).decode()],
        4: [redirect_value(request)],
        5: [field for kind, field in har_fields if kind == "html"],
        6: [base64.b64encode(field.encode()).decode() for kind, field in har_fields if kind == "html"],
        7: [post_value(response)],
        8: [redirect_value(request)],
    }
    for slot, values in slot_values.items():
        for number, value in enumerate(values):
            write("har_scan", f"slot{slot}-{number}", bytes([slot]) + value.encode())

    # decode: mode byte (0 percent, 1 base64, 2 inflate, 3 SAML value) then the value.
    decode_values = [
        (0, b"a%20b+c%2"),
        (0, b"SAMLRequest=abc&RelayState=%2Fx&SigAlg=y"),
        (1, base64.b64encode(response)),
        (1, base64.encodebytes(response)),
        (1, base64.urlsafe_b64encode(request).rstrip(b"=")),
        (2, deflate_raw(request)),
        (2, zlib.compress(request)),
        (2, deflate_raw(b"<a>" + b" " * 100_000 + b"</a>")),
        (3, redirect_value(request).encode()),
        (3, post_value(response).encode()),
        (3, base64.b64encode(response).replace(b"+", b" ")),
        (3, b'<form action="https://sp.example.test/acs" method="post"><input type="hidden" '
            b'name="SAMLResponse" value="' + base64.b64encode(response) + b'"/>'
            b'<input name="RelayState" value="a&amp;b"/></form>'),
    ]
    for number, (mode, value) in enumerate(decode_values):
        write("decode", f"mode{mode}-{number}", bytes([mode]) + value)

    # xml_parse: default limits (mode 0) and tiny limits (mode 1).
    for number, xml in enumerate(xml_all):
        write("xml_parse", f"default-{number}", b"\x00" + xml)
        write("xml_parse", f"tiny-{number}", b"\x01" + xml)

    # dsig_verify: every XML seed, and the signed fixtures of tests/fixtures/signed.
    signed = sorted((FUZZ.parent / "tests" / "fixtures" / "signed").glob("*.xml"))
    for number, xml in enumerate(xml_all + [path.read_bytes() for path in signed]):
        write("dsig_verify", f"seed-{number}", bytes([number % 256]) + xml)

    # ec_key: each EC fixture certificate's SubjectPublicKeyInfo (from openssl), with a
    # hash and values of the curve's r‖s length and a DER-shaped one.
    for number, pem in enumerate(sorted((FUZZ.parent / "tests" / "fixtures" / "signed").glob("idp-ec*.pem"))):
        public = subprocess.run(["openssl", "x509", "-in", str(pem), "-pubkey", "-noout"],
                                check=True, capture_output=True).stdout
        spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=public,
                              check=True, capture_output=True).stdout
        scalar = {"idp-ec256": 32, "idp-ec384": 48, "idp-ec521": 66}[pem.stem]
        for layout in (0, 1):
            head = bytes([layout, 48]) + len(spki).to_bytes(2, "big") + spki + bytes(range(48))
            write("ec_key", f"r-s-{number}-{layout}", head + bytes([7]) * (2 * scalar))
            der = b"\x30\x06\x02\x01\x05\x02\x01\x07"
            write("ec_key", f"der-{number}-{layout}", head + der)

    # rsa_key: each RSA fixture certificate's SubjectPublicKeyInfo with a valid
    # RSA-SHA256 value (openssl dgst) over the target's fixed message, and a wrong one.
    message = b"<ds:SignedInfo>rsa_key</ds:SignedInfo>"
    for name in ("idp", "idp-rsa1024", "attacker"):
        pem = FUZZ.parent / "tests" / "fixtures" / "signed" / f"{name}.pem"
        key = pem.with_suffix(".key")
        public = subprocess.run(["openssl", "x509", "-in", str(pem), "-pubkey", "-noout"],
                                check=True, capture_output=True).stdout
        spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=public,
                              check=True, capture_output=True).stdout
        value = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(key)], input=message,
                               check=True, capture_output=True).stdout
        head = bytes([1]) + len(spki).to_bytes(2, "big") + spki
        write("rsa_key", f"{name}-valid", head + value)
        write("rsa_key", f"{name}-wrong", head + bytes(reversed(value)))

    # redact_har: [mode, split, payload...]; the target puts its canary into the payload
    # at split/256 of its length, then places it by mode (slot = mode % 4: POST body,
    # Redirect query, auto-post form, params; encoding = mode / 4 % 3: base64,
    # DEFLATE + base64, as is). Payloads: every message, cut mid-way too (the canary
    # where a value is: the first text node), and values that are not XML.
    payloads = []
    for xml in messages + [request, response]:
        text_start = xml.find(b">", xml.find(b"<saml:NameID") if b"<saml:NameID" in xml else 0)
        payloads.append((xml, max(text_start + 1, 0)))
        payloads.append((xml[: len(xml) * 2 // 3], max(text_start + 1, 0)))
    payloads += [
        (b'{"user":"', 9),
        (b"<html><body><p>Hello <br></body></html>", 21),
        (b"\x00\xff\xfe garbage", 3),
        (b"", 0),
    ]
    for number, (payload, at) in enumerate(payloads):
        split = min(255, at * 256 // max(len(payload), 1))
        for mode in range(12):
            write("redact_har", f"p{number}-m{mode}", bytes([mode, split]) + payload)


if __name__ == "__main__":
    main()
