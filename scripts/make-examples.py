#!/usr/bin/env python3
"""Generates the page's built-in examples in examples/ (made up by us, no real data).

Each example is a realistic artefact a person has after a login: a HAR of a complete
IdP-initiated AWS sign-in, a base64 SAMLResponse copied from DevTools, a
Redirect-binding URL carrying an AuthnRequest, and one broken case per rule pack
(aws-iam, aws-identity-center, amazon-connect, metadata) plus a wrapped signature, each
with one fault that CHECKS.md says must be found. Assertions are signed with xmlsec1 with a
throw-away key made here (the key is deleted; only the certificate stays inside the
messages), so signature verification has real signatures to check.

Run: python3 scripts/make-examples.py   (needs openssl and xmlsec1)
"""
import base64, json, os, subprocess, tempfile, urllib.parse, zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "examples"
ISSUER = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9"
ACS = "https://signin.aws.amazon.com/saml"
ACCOUNT = "111122223333"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SamlReadOnly,arn:aws:iam::{ACCOUNT}:saml-provider/ExampleOkta"
NOW = "2024-05-01T12:00:02Z"


def response(response_id, assertion_id, name_id, session_name, extra_attributes=""):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="{ACS}" ID="{response_id}" IssueInstant="{NOW}" Version="2.0">
  <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{ISSUER}</saml2:Issuer>
  <saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>
  <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="{assertion_id}" IssueInstant="{NOW}" Version="2.0">
    <saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{ISSUER}</saml2:Issuer>
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <ds:SignedInfo>
        <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
        <ds:Reference URI="#{assertion_id}">
          <ds:Transforms>
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
            <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform>
          </ds:Transforms>
          <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
          <ds:DigestValue/>
        </ds:Reference>
      </ds:SignedInfo>
      <ds:SignatureValue/>
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>
    </ds:Signature>
    <saml2:Subject>
      <saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{name_id}</saml2:NameID>
      <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml2:SubjectConfirmationData NotOnOrAfter="2024-05-01T12:05:02Z" Recipient="{ACS}"/>
      </saml2:SubjectConfirmation>
    </saml2:Subject>
    <saml2:Conditions NotBefore="2024-05-01T11:55:02Z" NotOnOrAfter="2024-05-01T12:05:02Z">
      <saml2:AudienceRestriction><saml2:Audience>https://signin.aws.amazon.com/saml</saml2:Audience></saml2:AudienceRestriction>
    </saml2:Conditions>
    <saml2:AuthnStatement AuthnInstant="2024-05-01T12:00:01Z" SessionIndex="{assertion_id}">
      <saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext>
    </saml2:AuthnStatement>
    <saml2:AttributeStatement>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">{ROLE}</saml2:AttributeValue>
      </saml2:Attribute>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">{session_name}</saml2:AttributeValue>
      </saml2:Attribute>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">3600</saml2:AttributeValue>
      </saml2:Attribute>{extra_attributes}
    </saml2:AttributeStatement>
  </saml2:Assertion>
</saml2p:Response>
"""


def sign(xml, key, cert):
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.xml"
        template.write_text(xml)
        signed = subprocess.run(
            ["xmlsec1", "--sign", "--privkey-pem", f"{key},{cert}",
             "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
             str(template)],
            check=True, capture_output=True).stdout
    subprocess.run(
        ["xmlsec1", "--verify", "--pubkey-cert-pem", cert,
         "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "-"],
        input=signed, check=True, capture_output=True)
    return signed


def entry(started, method, url, status, mime="text/html", post=None, body=None,
          location="", time_ms=120.0):
    request = {"method": method, "url": url, "httpVersion": "HTTP/1.1",
               "headers": [{"name": "User-Agent", "value": "Mozilla/5.0 (example)"}],
               "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0}
    if post is not None:
        request["postData"] = {
            "mimeType": "application/x-www-form-urlencoded",
            "text": urllib.parse.urlencode(post),
            "params": [{"name": k, "value": urllib.parse.quote(v, safe="")} for k, v in post.items()],
        }
    headers = [{"name": "Date", "value": "Wed, 01 May 2024 12:00:02 GMT"}]
    if location:
        headers.append({"name": "Location", "value": location})
    content = {"size": len(body or ""), "mimeType": mime}
    if body is not None:
        content["text"] = body
    return {"startedDateTime": started, "time": time_ms, "request": request,
            "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1",
                         "headers": headers, "cookies": [], "content": content,
                         "redirectURL": location, "headersSize": -1, "bodySize": -1},
            "cache": {}, "timings": {"send": 0, "wait": time_ms, "receive": 0}}


def self_signed_certificate(tmp, key, cert):
    """A self-signed RSA certificate with fixed validity (2024-01-01 to 2034-01-01), so
    the examples' capture time (May 2024) falls inside it whenever the script is run.
    `openssl req` cannot set a start date before OpenSSL 3.4; `openssl ca` can."""
    subprocess.run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", f"{tmp}/req.pem",
                    "-subj", "/CN=example-idp.okta.test/O=SAML Inspector Examples"],
                   check=True, capture_output=True)
    Path(f"{tmp}/index.txt").write_text("")
    Path(f"{tmp}/ca.cnf").write_text(f"""[ca]
default_ca = examples
[examples]
database = {tmp}/index.txt
new_certs_dir = {tmp}
serial = {tmp}/serial
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
    Path(f"{tmp}/serial").write_text("5A4D4C0001\n")
    subprocess.run(["openssl", "ca", "-batch", "-config", f"{tmp}/ca.cnf", "-selfsign",
                    "-keyfile", key, "-in", f"{tmp}/req.pem", "-out", cert, "-notext",
                    "-startdate", "20240101000000Z", "-enddate", "20340101000000Z",
                    "-extensions", "extensions"],
                   check=True, capture_output=True)


IIC_REGION = "eu-west-1"
IIC_ACS = f"https://{IIC_REGION}.signin.aws.amazon.com/platform/saml/acs/7d1c3b2a-5e4f-4a1b-9c8d-0e2f3a4b5c6d"
IIC_ENTITY = f"https://{IIC_REGION}.signin.aws.amazon.com/platform/saml/d-9367123456"
CONNECT_ACS = "https://eu-central-1.signin.aws.amazon.com/saml"
CONNECT_RELAY = "https://eu-central-1.console.aws.amazon.com/connect/federate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
AWS_ERROR_PAGE = """<!DOCTYPE html><html><head><title>Amazon Web Services Sign-In</title></head>
<body><div id="content"><h1>Error</h1><p>Your request included an invalid SAML response. To logout, click here.</p></div></body></html>"""


def retarget(xml, acs, audience):
    """The same Response sent to another ACS with another audience."""
    return (xml.replace(f'<saml2:Audience>{ACS}</saml2:Audience>', f'<saml2:Audience>{audience}</saml2:Audience>')
            .replace(f'"{ACS}"', f'"{acs}"'))


def login_har(acs, response_b64, relay_state, final_status, final_url, final_body, location=""):
    """An IdP-initiated sign-in: the IdP app link, its auto-post page, the POST to the
    ACS, and what AWS answered."""
    form_page = f"""<!DOCTYPE html><html><head><title>Signing in...</title></head>
<body onload="document.forms[0].submit()"><form method="POST" action="{acs}">
<input type="hidden" name="SAMLResponse" value="{response_b64}"/>
<input type="hidden" name="RelayState" value="{relay_state}"/>
<noscript><button type="submit">Continue</button></noscript></form></body></html>"""
    entries = [
        entry("2024-05-01T12:00:00.100Z", "GET", "https://example.okta.com/app/UserHome", 200,
              body="<html><body>Apps</body></html>"),
        entry("2024-05-01T12:00:00.600Z", "GET", "https://example.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml", 302,
              location="https://example.okta.com/login/step-up?fromURI=%2Fapp%2Famazon_aws", body=""),
        entry("2024-05-01T12:00:01.200Z", "GET", "https://example.okta.com/login/step-up?fromURI=%2Fapp%2Famazon_aws", 200,
              body="<html><body>Verify</body></html>"),
        entry("2024-05-01T12:00:01.500Z", "GET", "https://example.okta.com/favicon.ico", 200, mime="image/x-icon"),
        entry("2024-05-01T12:00:02.000Z", "GET", "https://example.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml?fromLogin=true", 200,
              body=form_page),
        entry("2024-05-01T12:00:02.400Z", "POST", acs, final_status,
              post={"SAMLResponse": response_b64, "RelayState": relay_state},
              location=location, body=final_body),
    ]
    if final_url:
        entries.append(entry("2024-05-01T12:00:02.900Z", "GET", final_url, 200,
                             body="<html><body>Session Expired</body></html>"))
    return {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                    "pages": [], "entries": entries}}


def write_har(name, har):
    (OUT / name).write_text(json.dumps(har, indent=2) + "\n")


def metadata(cert_text, bom):
    body = "".join(line for line in cert_text.splitlines() if "CERTIFICATE" not in line)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{ISSUER}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://example.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://example.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""
    return ("\ufeff" if bom else "") + xml


def wrap_signature(signed):
    """XML signature wrapping: a forged, unsigned assertion (another user, an admin
    role) placed before the genuine signed one, which still verifies but is not the
    assertion a careless SP would read."""
    text = signed.decode()
    start = text.index("<saml2:Assertion ")
    end = text.index("</saml2:Assertion>") + len("</saml2:Assertion>")
    genuine = text[start:end]
    forged = genuine[:genuine.index("<ds:Signature")] + genuine[genuine.index("</ds:Signature>") + len("</ds:Signature>"):]
    forged = (forged.replace('ID="id-assert-4e11c8"', 'ID="id-assert-forged"')
              .replace("alice@example.com", "mallory@example.com")
              .replace("role/SamlReadOnly", "role/SamlAdministrator"))
    return (text[:start] + forged + "\n  " + genuine + text[end:]).encode()


def main():
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        key, cert = f"{tmp}/key.pem", f"{tmp}/cert.pem"
        self_signed_certificate(tmp, key, cert)
        clean = sign(response("id-resp-7c2f61", "id-assert-52b9e0", "alice@example.com", "alice@example.com"), key, cert)
        broken = sign(response("id-resp-9a41d3", "id-assert-0d6e17", "bob@example.com", "bob smith ",
                               """
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <saml2:AttributeValue>Finance</saml2:AttributeValue>
      </saml2:Attribute>"""), key, cert)
        # aws-iam: a space after the comma of the Role pair; AWS answers with its error page.
        role_space = sign(response("id-resp-2b7e90", "id-assert-8f3a14", "carol@example.com", "carol@example.com")
                          .replace(f":role/SamlReadOnly,arn:", ":role/SamlReadOnly, arn:"), key, cert)
        # aws-identity-center: NameID in the unspecified format, not the user name (an email).
        iic_xml = retarget(response("id-resp-61d0c2", "id-assert-c39e57", "jdoe", "jdoe"), IIC_ACS, IIC_ENTITY)
        iic_xml = iic_xml.replace("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                                  "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
        identity_center = sign(iic_xml, key, cert)
        # amazon-connect: two Role values (Connect needs exactly one).
        second_role = f"arn:aws:iam::{ACCOUNT}:role/ConnectSupervisor,arn:aws:iam::{ACCOUNT}:saml-provider/ExampleOkta"
        connect_xml = retarget(response("id-resp-0f5b3e", "id-assert-71ac28", "dave@example.com", "dave@example.com"),
                               CONNECT_ACS, CONNECT_ACS)
        connect_xml = connect_xml.replace(
            f'xsi:type="xs:string">{ROLE}</saml2:AttributeValue>',
            f'xsi:type="xs:string">{ROLE.replace("SamlReadOnly", "ConnectAgent")}</saml2:AttributeValue>\n'
            f'        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">{second_role}</saml2:AttributeValue>')
        connect = sign(connect_xml, key, cert)
        wrapped = wrap_signature(sign(response("id-resp-d2e8a6", "id-assert-4e11c8", "alice@example.com", "alice@example.com"), key, cert))
        certificate_text = Path(cert).read_text()
        (OUT / "example-idp-certificate.pem").write_text(certificate_text)

    clean_b64 = base64.b64encode(clean).decode()
    form_page = f"""<!DOCTYPE html><html><head><title>Signing in...</title></head>
<body onload="document.forms[0].submit()"><form method="POST" action="{ACS}">
<input type="hidden" name="SAMLResponse" value="{clean_b64}"/>
<noscript><button type="submit">Continue</button></noscript></form></body></html>"""
    har = {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
                   "pages": [], "entries": [
        entry("2024-05-01T12:00:00.100Z", "GET", "https://example.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml", 200,
              body="<html><body>Sign in</body></html>"),
        entry("2024-05-01T12:00:00.900Z", "GET", "https://example.okta.com/favicon.ico", 200, mime="image/x-icon"),
        entry("2024-05-01T12:00:01.500Z", "POST", "https://example.okta.com/api/v1/authn", 200, mime="application/json",
              body='{"status":"SUCCESS"}'),
        entry("2024-05-01T12:00:02.000Z", "GET", "https://example.okta.com/app/amazon_aws/exk1a2b3c4d5e6f7g8h9/sso/saml?fromLogin=true", 200,
              body=form_page),
        entry("2024-05-01T12:00:02.400Z", "POST", ACS, 302, post={"SAMLResponse": clean_b64, "RelayState": ""},
              location="https://console.aws.amazon.com/console/home", body=""),
        entry("2024-05-01T12:00:02.900Z", "GET", "https://console.aws.amazon.com/console/home", 200,
              body="<html><body>Console</body></html>"),
    ]}}
    (OUT / "aws-login.har").write_text(json.dumps(har, indent=2) + "\n")

    # A base64 SAMLResponse as copied from DevTools, wrapped at 76 columns like many tools do.
    broken_b64 = base64.b64encode(broken).decode()
    (OUT / "aws-response-session-name.txt").write_text(
        "\n".join(broken_b64[i:i + 76] for i in range(0, len(broken_b64), 76)) + "\n")

    authn_request = f"""<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="id-req-3f9a77c1" Version="2.0" IssueInstant="2024-05-01T11:59:58Z" Destination="https://login.example-idp.test/saml/sso" AssertionConsumerServiceURL="https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/7d1c3b2a-5e4f-4a1b-9c8d-0e2f3a4b5c6d" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer>https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9367123456</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/></samlp:AuthnRequest>"""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(authn_request.encode()) + compressor.flush()
    query = urllib.parse.urlencode({"SAMLRequest": base64.b64encode(deflated).decode(),
                                    "RelayState": "https://eu-west-1.console.aws.amazon.com/"})
    (OUT / "identity-center-request.url").write_text(f"https://login.example-idp.test/saml/sso?{query}\n")

    write_har("aws-iam-role-space.har", login_har(
        ACS, base64.b64encode(role_space).decode(), "", 400, None, AWS_ERROR_PAGE))
    write_har("identity-center-nameid.har", login_har(
        IIC_ACS, base64.b64encode(identity_center).decode(), "", 302, None, "",
        location=f"https://{IIC_REGION}.signin.aws.amazon.com/platform/error"))
    write_har("connect-two-roles.har", login_har(
        CONNECT_ACS, base64.b64encode(connect).decode(), CONNECT_RELAY, 200, None,
        "<html><body>Choose a role</body></html>"))
    (OUT / "idp-metadata-bom.xml").write_text(metadata(certificate_text, bom=True), encoding="utf-8")
    wrapped_b64 = base64.b64encode(wrapped).decode()
    (OUT / "wrapped-signature.txt").write_text(
        "\n".join(wrapped_b64[i:i + 76] for i in range(0, len(wrapped_b64), 76)) + "\n")


if __name__ == "__main__":
    main()
