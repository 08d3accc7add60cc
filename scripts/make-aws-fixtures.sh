#!/usr/bin/env bash
# Generates the clean, signed AWS sign-in Responses in tests/fixtures/aws/ (read by
# tests/rules_aws_iam.rs and tests/rules_connect.rs): IAM federation through the global
# endpoint, through a regional endpoint (eu-west-1), and into Amazon Connect. Made-up content, issued at
# 2024-05-01T12:00:00Z, signed (Assertion, then Response) with the throw-away test key
# tests/fixtures/signed/idp.key and verified with `xmlsec1 --verify` afterwards.
#
# Run: bash scripts/make-aws-fixtures.sh   (needs xmlsec1; run make-signed-fixtures.sh
# first if tests/fixtures/signed/idp.key is missing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

keys=tests/fixtures/signed
out=tests/fixtures/aws
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

DS=http://www.w3.org/2000/09/xmldsig#
EXC_C14N=http://www.w3.org/2001/10/xml-exc-c14n#
ACCOUNT=111122223333
ID_ATTRS=(--id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response
  --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion)

signature() { # reference uri
  cat <<SIG
<ds:Signature xmlns:ds="$DS"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="$EXC_C14N"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="$1"><ds:Transforms><ds:Transform Algorithm="${DS}enveloped-signature"/><ds:Transform Algorithm="$EXC_C14N"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo></ds:Signature>
SIG
}

# Signs the first empty signature in $work/doc.xml in place, then verifies it.
sign_first() {
  xmlsec1 --sign --privkey-pem "$keys/idp.key,$keys/idp.pem" "${ID_ATTRS[@]}" \
    --output "$work/signed.xml" "$work/doc.xml"
  xmlsec1 --verify --pubkey-cert-pem "$keys/idp.pem" "${ID_ATTRS[@]}" "$work/signed.xml" 2>/dev/null
  mv "$work/signed.xml" "$work/doc.xml"
}

response() { # name, endpoint, role session name, extra attributes
  local name=$1 acs=$2 session=$3 extra=${4:-}
  local rid="_r-$name" aid="_a-$name"
  local issuer=https://idp.example.test/saml
  # The Assertion signature first (the Response one stays an empty template until then).
  cat >"$work/doc.xml" <<XML
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="$rid" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" Destination="$acs"><saml:Issuer>$issuer</saml:Issuer>@RESPONSE_SIGNATURE@<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="$aid" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"><saml:Issuer>$issuer</saml:Issuer>$(signature "#$aid")<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jdoe@example.com</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2024-05-01T12:05:00Z" Recipient="$acs"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2024-05-01T11:55:00Z" NotOnOrAfter="2024-05-01T12:05:00Z"><saml:AudienceRestriction><saml:Audience>$acs</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="2024-05-01T11:59:58Z" SessionIndex="$aid"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>arn:aws:iam::$ACCOUNT:role/SamlReadOnly,arn:aws:iam::$ACCOUNT:saml-provider/ExampleIdP</saml:AttributeValue></saml:Attribute><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>$session</saml:AttributeValue></saml:Attribute>$extra</saml:AttributeStatement></saml:Assertion></samlp:Response>
XML
  sed -i 's/@RESPONSE_SIGNATURE@//' "$work/doc.xml"
  sign_first
  # Then the Response: insert its template after the Response's Issuer.
  local template
  template=$(signature "#$rid")
  python3 - "$work/doc.xml" "$template" <<'PY'
import sys
path, template = sys.argv[1], sys.argv[2]
text = open(path).read()
marker = "</saml:Issuer>"
at = text.index(marker) + len(marker)
open(path, "w").write(text[:at] + template + text[at:])
PY
  sign_first
  cp "$work/doc.xml" "$out/$name.xml"
}

duration='<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"><saml:AttributeValue>3600</saml:AttributeValue></saml:Attribute>'
response iam-global https://signin.aws.amazon.com/saml jdoe@example.com "$duration"
response iam-regional https://eu-west-1.signin.aws.amazon.com/saml jdoe@example.com "$duration"
response connect https://signin.aws.amazon.com/saml jdoe
echo "fixtures written to $out"
