#!/usr/bin/env bash
# Generates the signed SAML fixtures in tests/fixtures/signed/ (read by tests/dsig.rs):
# test keys and certificates made with openssl, and AWS-flavoured Responses (our own
# made-up content) signed with xmlsec1 in the shapes real IdPs produce. Every message
# is verified with `xmlsec1 --verify` after signing, so each fixture is known good to an
# outside implementation before our verifier sees it.
#
# Deterministic: keys are made once and then reused (RSA PKCS#1 v1.5 signatures and
# certificates over the same key, serial and dates are the same bytes), so a re-run
# changes nothing unless a template changed. `--new-keys` makes fresh keys first.
# ECDSA signs with a random nonce, so the EC certificates and ECDSA messages are made
# only when missing (or with `--new-keys`, or `--resign-ecdsa` for the messages alone).
#
# The keys are throw-away test keys, committed so the fixtures can be re-made; nothing
# anywhere trusts them.
#
# Run: bash scripts/make-signed-fixtures.sh [--new-keys]   (needs openssl and xmlsec1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Bash 5.2 treats `&` in a ${var/pattern/replacement} replacement as the match.
shopt -u patsub_replacement 2>/dev/null || true

out=tests/fixtures/signed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
if [[ ${1:-} == --new-keys ]]; then
  rm -f "$out"/*.key "$out"/idp-ec*.pem "$out"/response-ecdsa-*.xml
fi
if [[ ${1:-} == --resign-ecdsa ]]; then
  rm -f "$out"/response-ecdsa-*.xml
fi

DS=http://www.w3.org/2000/09/xmldsig#
RSA_SHA256=http://www.w3.org/2001/04/xmldsig-more#rsa-sha256
RSA_SHA1=http://www.w3.org/2000/09/xmldsig#rsa-sha1
ECDSA_SHA256=http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256
ECDSA_SHA384=http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384
ECDSA_SHA512=http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512
SHA384=http://www.w3.org/2001/04/xmldsig-more#sha384
SHA512=http://www.w3.org/2001/04/xmlenc#sha512
SHA256=http://www.w3.org/2001/04/xmlenc#sha256
SHA1=http://www.w3.org/2000/09/xmldsig#sha1
EXC_C14N=http://www.w3.org/2001/10/xml-exc-c14n#
ACS=https://signin.aws.amazon.com/saml
ACCOUNT=111122223333
ROLE="arn:aws:iam::$ACCOUNT:role/SamlReadOnly,arn:aws:iam::$ACCOUNT:saml-provider/ExampleIdP"
# `xmlsec1 --id-attr`: which attributes are IDs (SAML declares them in its schema).
ID_ATTRS=(--id-attr:ID urn:oasis:names:tc:SAML:2.0:protocol:Response
  --id-attr:ID urn:oasis:names:tc:SAML:2.0:assertion:Assertion)

# --- keys and certificates -------------------------------------------------------

# A self-signed certificate with fixed validity. `openssl req` cannot set a start date
# before OpenSSL 3.4; `openssl ca -selfsign` can.
# `bits` is an RSA modulus size, or an EC curve name (P-256...): an EC certificate's
# own signature is randomized, so an existing one is kept.
certificate() { # name, bits or curve, subject, serial, start, end
  local name=$1 bits=$2 subject=$3 serial=$4 start=$5 end=$6
  if [[ ! -f $out/$name.key ]]; then
    if [[ $bits == P-* ]]; then
      openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$bits" \
        -pkeyopt ec_param_enc:named_curve -out "$out/$name.key" 2>/dev/null
    else
      openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" -out "$out/$name.key" 2>/dev/null
    fi
  fi
  if [[ $bits == P-* && -f $out/$name.pem ]]; then
    return
  fi
  openssl req -new -key "$out/$name.key" -subj "$subject" -out "$work/$name.csr"
  : >"$work/index.txt"
  echo "$serial" >"$work/serial"
  cat >"$work/ca.cnf" <<EOF
[ca]
default_ca = fixtures
[fixtures]
database = $work/index.txt
new_certs_dir = $work
serial = $work/serial
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
EOF
  openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$out/$name.key" \
    -in "$work/$name.csr" -out "$out/$name.pem" -notext -startdate "$start" \
    -enddate "$end" -extensions extensions 2>/dev/null
  # What openssl says the fingerprints are: the tests pin with these, not with ours.
  {
    openssl x509 -in "$out/$name.pem" -noout -fingerprint -sha256
    openssl x509 -in "$out/$name.pem" -noout -fingerprint -sha1
  } >"$out/$name.fingerprints"
}

certificate idp 2048 "/CN=idp.example.test/O=SAML Inspector Tests" 5A4D0001 \
  20240101000000Z 20340101000000Z
# The IdP's next key, published beside the current one during a rollover.
certificate idp-rotated 2048 "/CN=idp.example.test/O=SAML Inspector Tests" 5A4D0002 \
  20250601000000Z 20350601000000Z
# Same name as the IdP's certificate: trust goes by key, never by name.
certificate attacker 2048 "/CN=idp.example.test/O=SAML Inspector Tests" 5A4D0003 \
  20240101000000Z 20340101000000Z
certificate idp-rsa1024 1024 "/CN=legacy-idp.example.test/O=SAML Inspector Tests" 5A4D0004 \
  20240101000000Z 20340101000000Z
certificate idp-expired 2048 "/CN=idp.example.test/O=SAML Inspector Tests" 5A4D0005 \
  20150101000000Z 20200101000000Z
# Elliptic-curve IdP keys, one per curve XML Signature names.
certificate idp-ec256 P-256 "/CN=idp.example.test/O=SAML Inspector Tests" 5A4D0006 \
  20240101000000Z 20340101000000Z
certificate idp-ec384 P-384 "/CN=idp.example.test/O=SAML Inspector Tests" 5A4D0007 \
  20240101000000Z 20340101000000Z
certificate idp-ec521 P-521 "/CN=idp.example.test/O=SAML Inspector Tests" 5A4D0008 \
  20240101000000Z 20340101000000Z

# The base64 body of a PEM certificate, on one line.
certificate_base64() {
  grep -v -- ----- "$out/$1.pem" | tr -d '\n'
}

# --- signing ---------------------------------------------------------------------

# An empty enveloped-signature template for xmlsec1 to fill in.
signature() { # uri, [signature method], [digest method], [PrefixList], [ds prefix or ""]
  local uri=$1 method=${2:-$RSA_SHA256} digest=${3:-$SHA256} prefixes=${4:-} prefix=${5-ds}
  local p=${prefix:+$prefix:} declaration inclusive=""
  if [[ -n $prefix ]]; then declaration="xmlns:$prefix=\"$DS\""; else declaration="xmlns=\"$DS\""; fi
  if [[ -n $prefixes ]]; then
    inclusive="<ec:InclusiveNamespaces xmlns:ec=\"$EXC_C14N\" PrefixList=\"$prefixes\"/>"
  fi
  cat <<EOF
<${p}Signature $declaration>
  <${p}SignedInfo>
    <${p}CanonicalizationMethod Algorithm="$EXC_C14N"/>
    <${p}SignatureMethod Algorithm="$method"/>
    <${p}Reference URI="$uri">
      <${p}Transforms>
        <${p}Transform Algorithm="${DS}enveloped-signature"/>
        <${p}Transform Algorithm="$EXC_C14N">$inclusive</${p}Transform>
      </${p}Transforms>
      <${p}DigestMethod Algorithm="$digest"/>
      <${p}DigestValue/>
    </${p}Reference>
  </${p}SignedInfo>
  <${p}SignatureValue/>
  <${p}KeyInfo><${p}X509Data><${p}X509Certificate/></${p}X509Data></${p}KeyInfo>
</${p}Signature>
EOF
}

# Replaces the line holding only `@name@` with `text`, every line indented like the
# marker, or drops the line when `text` is empty (a missing marker is fine then).
fill() { # xml, name, text
  local xml=$1 marker=$2 text=$3 line indent
  line=$(grep -m1 -- "@$marker@" <<<"$xml" || true)
  if [[ -z $line ]]; then
    [[ -z $text ]] || { echo "no @$marker@ in the template" >&2; exit 1; }
    printf '%s\n' "$xml"
    return
  fi
  indent=${line%%@*}
  if [[ -z $text ]]; then
    xml=${xml/"$line"$'\n'/}
  else
    xml=${xml/"$line"/"$indent${text//$'\n'/$'\n'$indent}"}
  fi
  printf '%s\n' "$xml"
}

# Signs the first (in document order) empty signature of `template` with key `name`
# and its certificate, then checks the result with xmlsec1 --verify.
sign() { # name, template file, output file
  local name=$1 template=$2 output=$3
  xmlsec1 --sign --privkey-pem "$out/$name.key,$out/$name.pem" "${ID_ATTRS[@]}" \
    --output "$output" "$template"
  xmlsec1 --verify --pubkey-cert-pem "$out/$name.pem" "${ID_ATTRS[@]}" "$output" 2>"$work/verify.log" ||
    { cat "$work/verify.log" >&2; echo "xmlsec1 does not verify $output" >&2; exit 1; }
}

# Writes `xml` (with `@RESPONSE_SIGNATURE@` and `@ASSERTION_SIGNATURE@` markers) to
# `output`: the assertion signed when `assertion_signature` is given, then the Response
# when `response_signature` is (the order IdPs sign in: the Response signature covers
# the Assertion's).
make() { # output, key name, xml, assertion signature, response signature
  local output=$out/$1 name=$2 xml=$3 assertion_signature=$4 response_signature=$5
  xml=$(fill "$xml" ASSERTION_SIGNATURE "$assertion_signature")
  if [[ -n $assertion_signature ]]; then
    printf '%s\n' "$xml" >"$work/template.xml"
    sign "$name" "$work/template.xml" "$work/signed.xml"
    xml=$(<"$work/signed.xml")
  fi
  xml=$(fill "$xml" RESPONSE_SIGNATURE "$response_signature")
  if [[ -n $response_signature ]]; then
    printf '%s\n' "$xml" >"$work/template.xml"
    sign "$name" "$work/template.xml" "$work/signed.xml"
    xml=$(<"$work/signed.xml")
  fi
  printf '%s\n' "$xml" >"$output"
}

# --- messages --------------------------------------------------------------------

# A Response to AWS with `samlp`/`saml` prefixes; IDs vary per fixture.
generic() { # response ID, assertion ID
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="$1" Version="2.0" IssueInstant="2025-03-04T09:15:00Z" Destination="$ACS">
  <saml:Issuer>https://idp.example.test/saml</saml:Issuer>
  @RESPONSE_SIGNATURE@
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion ID="$2" Version="2.0" IssueInstant="2025-03-04T09:15:00Z">
    <saml:Issuer>https://idp.example.test/saml</saml:Issuer>
    @ASSERTION_SIGNATURE@
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.test</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="2025-03-04T09:20:00Z" Recipient="$ACS"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2025-03-04T09:10:00Z" NotOnOrAfter="2025-03-04T10:15:00Z">
      <saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="2025-03-04T09:14:58Z" SessionIndex="$2">
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <saml:AttributeValue>$ROLE</saml:AttributeValue>
      </saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <saml:AttributeValue>alice@example.test</saml:AttributeValue>
      </saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>
EOF
}

make response-assertion-signed.xml idp "$(generic id-r-assertion-signed id-a-assertion-signed)" \
  "$(signature '#id-a-assertion-signed')" ""
make response-response-signed.xml idp "$(generic id-r-response-signed id-a-response-signed)" \
  "" "$(signature '#id-r-response-signed')"
make response-both-signed.xml idp "$(generic id-r-both-signed id-a-both-signed)" \
  "$(signature '#id-a-both-signed')" "$(signature '#id-r-both-signed')"
make response-sha1.xml idp "$(generic id-r-sha1 id-a-sha1)" \
  "$(signature '#id-a-sha1' "$RSA_SHA1" "$SHA1")" ""
make response-rsa1024.xml idp-rsa1024 "$(generic id-r-rsa1024 id-a-rsa1024)" \
  "$(signature '#id-a-rsa1024')" ""
make response-expired-cert.xml idp-expired "$(generic id-r-expired id-a-expired)" \
  "$(signature '#id-a-expired')" ""
make response-rotated.xml idp-rotated "$(generic id-r-rotated id-a-rotated)" \
  "$(signature '#id-a-rotated')" ""
make response-attacker.xml attacker "$(generic id-r-attacker id-a-attacker)" \
  "$(signature '#id-a-attacker')" ""

# ECDSA (r‖s values, as XML Signature requires): made once, see the top of the file.
make_once() { # output, key name, xml, assertion signature, response signature
  [[ -f $out/$1 ]] || make "$@"
}
make_once response-ecdsa-p256.xml idp-ec256 "$(generic id-r-ecdsa-p256 id-a-ecdsa-p256)" \
  "$(signature '#id-a-ecdsa-p256' "$ECDSA_SHA256" "$SHA256")" ""
make_once response-ecdsa-p384-both.xml idp-ec384 \
  "$(generic id-r-ecdsa-p384-both id-a-ecdsa-p384-both)" \
  "$(signature '#id-a-ecdsa-p384-both' "$ECDSA_SHA384" "$SHA384")" \
  "$(signature '#id-r-ecdsa-p384-both' "$ECDSA_SHA384" "$SHA384")"
make_once response-ecdsa-p521.xml idp-ec521 "$(generic id-r-ecdsa-p521 id-a-ecdsa-p521)" \
  "" "$(signature '#id-r-ecdsa-p521' "$ECDSA_SHA512" "$SHA512")"

# Okta-like: saml2p/saml2 prefixes, xs declared on the Assertion and used in xsi:type,
# so the exclusive canonicalization lists it in InclusiveNamespaces.
okta() {
  local issuer=http://www.okta.com/exk0fixture0okta0id1
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="$ACS" ID="id27493021884217613301872745" IssueInstant="2025-03-04T09:15:00.412Z" Version="2.0">
  <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">$issuer</saml2:Issuer>
  @RESPONSE_SIGNATURE@
  <saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>
  <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="id27493021884453291948339175" IssueInstant="2025-03-04T09:15:00.412Z" Version="2.0">
    <saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">$issuer</saml2:Issuer>
    @ASSERTION_SIGNATURE@
    <saml2:Subject>
      <saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">alice@example.test</saml2:NameID>
      <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml2:SubjectConfirmationData NotOnOrAfter="2025-03-04T09:20:00.412Z" Recipient="$ACS"/>
      </saml2:SubjectConfirmation>
    </saml2:Subject>
    <saml2:Conditions NotBefore="2025-03-04T09:10:00.412Z" NotOnOrAfter="2025-03-04T09:20:00.412Z">
      <saml2:AudienceRestriction><saml2:Audience>urn:amazon:webservices</saml2:Audience></saml2:AudienceRestriction>
    </saml2:Conditions>
    <saml2:AuthnStatement AuthnInstant="2025-03-04T09:14:59.120Z" SessionIndex="id1741079700412.1093847562">
      <saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext>
    </saml2:AuthnStatement>
    <saml2:AttributeStatement>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">$ROLE</saml2:AttributeValue>
      </saml2:Attribute>
      <saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">
        <saml2:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">alice@example.test</saml2:AttributeValue>
      </saml2:Attribute>
    </saml2:AttributeStatement>
  </saml2:Assertion>
</saml2p:Response>
EOF
}
make response-okta.xml idp "$(okta)" \
  "$(signature '#id27493021884453291948339175' "$RSA_SHA256" "$SHA256" xs)" ""

# Entra-like: the Assertion in the default namespace, the signature (also unprefixed)
# right after the Assertion's Issuer, `_`-prefixed GUID IDs.
entra() {
  local issuer=https://sts.windows.net/5f0e2a4c-0b1d-4c6e-9a7f-3d2b1c0e9f8a/
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_0f6c2d9e-4b1a-4e7f-8c3d-2a9b5e1f7c40" Version="2.0" IssueInstant="2025-03-04T09:15:00.518Z" Destination="$ACS">
  <Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">$issuer</Issuer>
  @RESPONSE_SIGNATURE@
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_9d3e7a51-2c8b-4f06-b1e4-6a7c0d2e8f13" IssueInstant="2025-03-04T09:15:00.502Z" Version="2.0">
    <Issuer>$issuer</Issuer>
    @ASSERTION_SIGNATURE@
    <Subject>
      <NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice@example.test</NameID>
      <SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <SubjectConfirmationData NotOnOrAfter="2025-03-04T10:15:00.486Z" Recipient="$ACS"/>
      </SubjectConfirmation>
    </Subject>
    <Conditions NotBefore="2025-03-04T09:10:00.486Z" NotOnOrAfter="2025-03-04T10:15:00.486Z">
      <AudienceRestriction><Audience>urn:amazon:webservices</Audience></AudienceRestriction>
    </Conditions>
    <AttributeStatement>
      <Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
        <AttributeValue>$ROLE</AttributeValue>
      </Attribute>
      <Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
        <AttributeValue>alice@example.test</AttributeValue>
      </Attribute>
    </AttributeStatement>
    <AuthnStatement AuthnInstant="2025-03-04T09:14:41.000Z" SessionIndex="_9d3e7a51-2c8b-4f06-b1e4-6a7c0d2e8f13">
      <AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext>
    </AuthnStatement>
  </Assertion>
</samlp:Response>
EOF
}
make response-entra.xml idp "$(entra)" \
  "$(signature '#_9d3e7a51-2c8b-4f06-b1e4-6a7c0d2e8f13' "$RSA_SHA256" "$SHA256" "" "")" ""

# ADFS-like: Response and Assertion both signed ("sign message and assertion"),
# `_`-prefixed GUID IDs, unprefixed SAML elements.
adfs() {
  local issuer=http://adfs.example.test/adfs/services/trust
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_b7e2c4a1-93d5-4f8e-a6c0-1d2e3f4a5b6c" Version="2.0" IssueInstant="2025-03-04T09:15:00.731Z" Destination="$ACS" Consent="urn:oasis:names:tc:SAML:2.0:consent:unspecified">
  <Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">$issuer</Issuer>
  @RESPONSE_SIGNATURE@
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="_4c8d2e6f-1a3b-4d5e-9f70-8b9a0c1d2e3f" IssueInstant="2025-03-04T09:15:00.731Z" Version="2.0">
    <Issuer>$issuer</Issuer>
    @ASSERTION_SIGNATURE@
    <Subject>
      <NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">EXAMPLE\\alice</NameID>
      <SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <SubjectConfirmationData NotOnOrAfter="2025-03-04T09:20:00.731Z" Recipient="$ACS"/>
      </SubjectConfirmation>
    </Subject>
    <Conditions NotBefore="2025-03-04T09:15:00.715Z" NotOnOrAfter="2025-03-04T10:15:00.715Z">
      <AudienceRestriction><Audience>urn:amazon:webservices</Audience></AudienceRestriction>
    </Conditions>
    <AttributeStatement>
      <Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><AttributeValue>alice@example.test</AttributeValue></Attribute>
      <Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><AttributeValue>$ROLE</AttributeValue></Attribute>
    </AttributeStatement>
    <AuthnStatement AuthnInstant="2025-03-04T09:15:00.590Z" SessionIndex="_4c8d2e6f-1a3b-4d5e-9f70-8b9a0c1d2e3f">
      <AuthnContext><AuthnContextClassRef>urn:federation:authentication:windows</AuthnContextClassRef></AuthnContext>
    </AuthnStatement>
  </Assertion>
</samlp:Response>
EOF
}
make response-adfs.xml idp "$(adfs)" \
  "$(signature '#_4c8d2e6f-1a3b-4d5e-9f70-8b9a0c1d2e3f')" \
  "$(signature '#_b7e2c4a1-93d5-4f8e-a6c0-1d2e3f4a5b6c')"

# An Assertion on its own, signed with URI="" (the whole document): legitimate as a
# document, and the material for grafting it into another Response.
standalone() {
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="id-a-standalone" Version="2.0" IssueInstant="2025-03-04T09:15:00Z">
  <saml:Issuer>https://idp.example.test/saml</saml:Issuer>
  @ASSERTION_SIGNATURE@
  <saml:Subject>
    <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">mallory@example.test</saml:NameID>
  </saml:Subject>
  <saml:Conditions NotBefore="2025-03-04T09:10:00Z" NotOnOrAfter="2025-03-04T10:15:00Z">
    <saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>
  </saml:Conditions>
  <saml:AttributeStatement>
    <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">
      <saml:AttributeValue>arn:aws:iam::$ACCOUNT:role/Admin,arn:aws:iam::$ACCOUNT:saml-provider/ExampleIdP</saml:AttributeValue>
    </saml:Attribute>
  </saml:AttributeStatement>
</saml:Assertion>
EOF
}
make assertion-uri-empty.xml idp "$(standalone)" "$(signature '')" ""

# --- metadata --------------------------------------------------------------------

cat >"$out/metadata-idp.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="$DS" entityID="https://idp.example.test/saml">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>$(certificate_base64 idp)</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>$(certificate_base64 idp-rotated)</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/saml/sso"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.test/saml/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
EOF

echo "fixtures written to $out"
