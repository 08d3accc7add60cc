// Interop generator: signed SAML Responses made by samlify's IdentityProvider.
//
// Reads one JSON request on standard input (written by tests/interop.rs):
//
//     {"keys": DIR, "out": DIR, "cases": [CASE, ...], "sp": SP}
//
// where "keys" holds the throw-away keys the test made with openssl (idp.key/idp.pem,
// idp-rotated.key/idp-rotated.pem, sp.pem) and each CASE says what an administrator set
// up (see tests/interop/README.md): the SP's entity ID and ACS, the NameID, the
// attributes, the signing algorithm, which key signs, what is signed, whether the
// assertion is encrypted for the SP.
//
// Writes, in "out": metadata.xml (the IdP metadata samlify exports for the trusted key)
// and metadata-KEY.xml for every other key a case signs with; per case CASE_NAME.b64 (the
// POST binding's SAMLResponse value createLoginResponse() made) and CASE_NAME.xml (that
// value decoded); and manifest.json with the instant generation started.
//
// The other half of the exchange, from samlify's ServiceProvider: for the SP described by
// SP (entity ID, ACS, a RelayState), sp-metadata.xml (getMetadata(), with the signing
// certificate sp.pem), authn-request-redirect.txt (the signed HTTP-Redirect URL
// createLoginRequest() returns) and authn-request-post.b64 (its signed HTTP-POST value).
// The IdP then answers each of the two requests by its ID: flow-response-redirect.b64 and
// flow-response-post.b64 (SP.response is the case).
// samlify is used as its IdP users use it (its README's pattern): an IdentityProvider
// with a loginResponseTemplate and attribute descriptors, a ServiceProvider built from
// the SP's settings, createLoginResponse() with a tag-replacement callback that fills
// the template, and getMetadata() for the IdP metadata. Signing, encryption and the
// placement of signatures are samlify's own.
'use strict';

const fs = require('fs');
const path = require('path');
const saml = require('samlify');

const ENTITY_ID = 'https://idp.samlify.interop.test/metadata';
const SSO_URL = 'https://idp.samlify.interop.test/sso';
const { binding } = saml.Constants.namespace;
const { binding: BINDING_NAME } = saml.Constants.wording;
const { signature: SIGNATURE, encryption: ENCRYPTION } = saml.Constants.algorithms;
const SUCCESS = saml.Constants.StatusCode.Success;
const LIFETIME_MINUTES = 5;

// samlify refuses to parse without a schema validator; this script never parses a
// message (it only builds them), so no validator is called.
saml.setSchemaValidator({
  validate: () => Promise.reject(new Error('the interop generator does not parse messages')),
});

// The library's own Response template, with the AuthnStatement an IdP adds filled in
// (samlify leaves {AuthnStatement} for the caller's template to provide).
const AUTHN_STATEMENT =
  '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{AssertionID}">' +
  '<saml:AuthnContext><saml:AuthnContextClassRef>' +
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport' +
  '</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>';
const RESPONSE_TEMPLATE = saml.SamlLib.defaultLoginResponseTemplate.context.replace(
  '{AuthnStatement}',
  AUTHN_STATEMENT,
);

function read(keys, name) {
  return fs.readFileSync(path.join(keys, name));
}

// Attribute descriptors: samlify names each value's template tag from `valueTag`.
function descriptors(attributes) {
  return attributes.map((attribute, index) => ({
    name: attribute.name,
    valueTag: `value${index}`,
    nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
    valueXsiType: 'xs:string',
  }));
}

function identityProvider(keys, keyName, algorithm, nameIdFormat, attributes, encrypt) {
  return saml.IdentityProvider({
    entityID: ENTITY_ID,
    signingCert: read(keys, `${keyName}.pem`),
    privateKey: read(keys, `${keyName}.key`),
    singleSignOnService: [{ Binding: binding.redirect, Location: SSO_URL }],
    nameIDFormat: [nameIdFormat],
    requestSignatureAlgorithm: algorithm === 'sha1' ? SIGNATURE.RSA_SHA1 : SIGNATURE.RSA_SHA256,
    isAssertionEncrypted: encrypt,
    dataEncryptionAlgorithm: ENCRYPTION.data.AES_256,
    keyEncryptionAlgorithm: ENCRYPTION.key.RSA_OAEP_MGF1P,
    loginResponseTemplate: { context: RESPONSE_TEMPLATE, attributes: descriptors(attributes) },
  });
}

function serviceProvider(keys, testCase) {
  const sign = testCase.sign || 'both';
  return saml.ServiceProvider({
    entityID: testCase.audience,
    assertionConsumerService: [{ Binding: binding.post, Location: testCase.acs }],
    encryptCert: read(keys, 'sp.pem'),
    // What samlify signs follows the SP's settings: the Assertion when the SP wants it,
    // the Response when it wants the message signed or does not want the Assertion
    // signed (its default: the Response only).
    wantAssertionsSigned: sign === 'both' || sign === 'assertion',
    wantMessageSigned: sign === 'both',
  });
}

// The tag-replacement callback every samlify IdP writes: ids, instants, endpoints and
// the user's values.
function fillTemplate(idp, sp, testCase) {
  return (template) => {
    const now = new Date();
    const later = new Date(now.getTime() + LIFETIME_MINUTES * 60 * 1000);
    const acs = sp.entityMeta.getAssertionConsumerService(BINDING_NAME.post);
    const id = idp.entitySetting.generateID();
    const values = {
      ID: id,
      AssertionID: idp.entitySetting.generateID(),
      Destination: acs,
      Audience: sp.entityMeta.getEntityID(),
      SubjectRecipient: acs,
      NameIDFormat: testCase.name_id_format,
      NameID: testCase.name_id,
      Issuer: idp.entityMeta.getEntityID(),
      IssueInstant: now.toISOString(),
      ConditionsNotBefore: now.toISOString(),
      ConditionsNotOnOrAfter: later.toISOString(),
      SubjectConfirmationDataNotOnOrAfter: later.toISOString(),
      StatusCode: SUCCESS,
      // IdP-initiated (no AuthnRequest to answer): no InResponseTo attribute.
      InResponseTo: testCase.in_response_to,
    };
    testCase.attributes.forEach((attribute, index) => {
      values[`attrValue${index}`] = attribute.values.join('');
    });
    return { id, context: saml.SamlLib.replaceTagsByValue(template, values) };
  };
}

async function response(keys, testCase) {
  for (const attribute of testCase.attributes) {
    if (attribute.values.length !== 1) {
      throw new Error(`samlify's attribute template holds one value; ${attribute.name} has ${attribute.values.length}`);
    }
  }
  const encrypt = Boolean(testCase.encrypt);
  const idp = identityProvider(
    keys,
    testCase.signing_key || 'idp',
    testCase.algorithm || 'sha256',
    testCase.name_id_format,
    testCase.attributes,
    encrypt,
  );
  const sp = serviceProvider(keys, testCase);
  // encryptThenSign: the Response signature is made over the encrypted assertion (without
  // it samlify signs the Response first and then encrypts, which breaks that signature).
  const { context } = await idp.createLoginResponse(
    sp,
    null,
    'post',
    { email: testCase.name_id },
    fillTemplate(idp, sp, testCase),
    encrypt,
  );
  return context;
}

async function authnRequests(keys, sp, out) {
  const idp = saml.IdentityProvider({
    entityID: ENTITY_ID,
    signingCert: read(keys, 'idp.pem'),
    singleSignOnService: [
      { Binding: binding.redirect, Location: SSO_URL },
      { Binding: binding.post, Location: SSO_URL },
    ],
    wantAuthnRequestsSigned: true,
  });
  const client = saml.ServiceProvider({
    entityID: sp.entity_id,
    assertionConsumerService: [{ Binding: binding.post, Location: sp.acs }],
    privateKey: read(keys, 'sp.key'),
    signingCert: read(keys, 'sp.pem'),
    authnRequestsSigned: true,
    requestSignatureAlgorithm: SIGNATURE.RSA_SHA256,
    relayState: sp.relay_state,
  });
  fs.writeFileSync(path.join(out, 'sp-metadata.xml'), client.getMetadata());
  for (const [name, bindingName, file] of [
    ['redirect', 'redirect', 'authn-request-redirect.txt'],
    ['post', 'post', 'authn-request-post.b64'],
  ]) {
    const request = client.createLoginRequest(idp, bindingName);
    fs.writeFileSync(path.join(out, file), request.context);
    const answer = await response(keys, { ...sp.response, in_response_to: request.id });
    fs.writeFileSync(path.join(out, `flow-response-${name}.b64`), answer);
  }
}

async function main() {
  const request = JSON.parse(fs.readFileSync(0, 'utf8'));
  const { keys, out, cases } = request;
  fs.mkdirSync(out, { recursive: true });
  const started = new Date();
  started.setMilliseconds(0);
  const metadata = (keyName) =>
    identityProvider(keys, keyName, 'sha256', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', [], false).getMetadata();
  fs.writeFileSync(path.join(out, 'metadata.xml'), metadata('idp'));
  const otherKeys = new Set(cases.map((c) => c.signing_key || 'idp'));
  otherKeys.delete('idp');
  for (const keyName of [...otherKeys].sort()) {
    fs.writeFileSync(path.join(out, `metadata-${keyName}.xml`), metadata(keyName));
  }
  for (const testCase of cases) {
    const posted = await response(keys, testCase);
    fs.writeFileSync(path.join(out, `${testCase.name}.b64`), posted);
    fs.writeFileSync(path.join(out, `${testCase.name}.xml`), Buffer.from(posted, 'base64'));
  }
  await authnRequests(keys, request.sp, out);
  const manifest = {
    library: 'samlify',
    started: started.toISOString().replace('.000Z', 'Z'),
    cases: cases.map((c) => c.name),
  };
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest));
}

main().catch((error) => {
  process.stderr.write(`samlify generator: ${error.stack || error}\n`);
  process.exit(1);
});
