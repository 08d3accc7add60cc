//! What redaction keeps of a value it has no field rule for: the words of the protocols'
//! own vocabulary, and nothing else.
//!
//! A value that is not a secret by its place (as a NameID or an attribute value is) but
//! is not fully understood either (an issuer, an attribute's `Name`, a URL path, a
//! status message, a header, a HAR extension field, a file name, a certificate name,
//! text that is not well-formed XML) is cut into words: runs of ASCII letters, digits
//! and `_ . + @ -`, and of non-ASCII letters and digits. What lies between words
//! (`/ : # ? & = , ;`, spaces, other symbols) stays in place, so the value keeps its
//! structure. A word is kept only when it is
//!
//! - a word of [`VOCABULARY`]: the SAML, XML-DSig, HTTP, MIME and AWS words such values
//!   are made of (`urn`, `oasis`, `SAML`, `nameid-format`, `https`, `acs`, `utf-8`...);
//! - a number of at most two digits, a version such as `2.0`, a single ASCII letter;
//! - an AWS region name (`eu-west-1`);
//! - the dotted digits after `oid` (`urn:oid:2.5.4.3`).
//!
//! Every other word becomes its pseudonym and is registered, so it is replaced wherever
//! else it appears; an IPv4 address becomes a documentation address. Nothing passes
//! through because no rule matched it: an unknown value keeps its shape and the protocol
//! words in it, and loses the rest.

use super::{Category, Redactor};

/// Words kept wherever they appear in a value without a field rule (ASCII lower case,
/// sorted; matched ignoring ASCII case). Each is one word as [`is_word_char`] cuts
/// them, or it could never match.
pub const VOCABULARY: &[&str] = &[
    "1.0",
    "1.1",
    "1.2",
    "2.0",
    "2000",
    "2001",
    "2002",
    "2005",
    "2006",
    "2007",
    "2008",
    "2009",
    "2010",
    "ac",
    "accept",
    "accepted",
    "access",
    "accesscontrol",
    "account",
    "accounts",
    "acs",
    "acsurl",
    "action",
    "additionalmetadatalocation",
    "address",
    "adfs",
    "advice",
    "aes128-cbc",
    "aes128-gcm",
    "aes192-cbc",
    "aes192-gcm",
    "aes256-cbc",
    "aes256-gcm",
    "affiliatemember",
    "affiliationdescriptor",
    "alg",
    "algorithm",
    "allowcreate",
    "allowed",
    "amazon",
    "android",
    "anytype",
    "anyuri",
    "api",
    "app",
    "applewebkit",
    "application",
    "apps",
    "apr",
    "arn",
    "artifact",
    "artifactresolutionservice",
    "artifactresolve",
    "artifactresponse",
    "assertion",
    "assertionconsumerservice",
    "assertionconsumerserviceindex",
    "assertionconsumerserviceurl",
    "assertionid",
    "assertionidref",
    "assertionidrequest",
    "assertionidrequestservice",
    "assertionuriref",
    "assets",
    "attribute",
    "attributeauthoritydescriptor",
    "attributeconsumingservice",
    "attributeconsumingserviceindex",
    "attributequery",
    "attributes",
    "attributeservice",
    "attributestatement",
    "attributevalue",
    "attrname-format",
    "audience",
    "audiencerestriction",
    "aug",
    "auth",
    "authenticatedtelephony",
    "authenticatingauthority",
    "authentication",
    "authenticationinstant",
    "authenticationmethod",
    "authn",
    "authnauthoritydescriptor",
    "authncontext",
    "authncontextclassref",
    "authncontextdecl",
    "authncontextdeclref",
    "authnfailed",
    "authninstant",
    "authnmethodsreferences",
    "authnquery",
    "authnqueryservice",
    "authnrequest",
    "authnrequestssigned",
    "authnstatement",
    "authorize",
    "authzdecisionquery",
    "authzdecisionstatement",
    "authzservice",
    "aws",
    "aws-cn",
    "aws-us-gov",
    "bad",
    "base64binary",
    "baseid",
    "basic",
    "bearer",
    "better",
    "binding",
    "bindings",
    "boolean",
    "br",
    "cacheduration",
    "callback",
    "canonicalizationmethod",
    "carriedkeyname",
    "charset",
    "chrome",
    "chromium",
    "chunked",
    "cipherdata",
    "cipherreference",
    "ciphervalue",
    "claims",
    "classes",
    "client_id",
    "close",
    "cm",
    "cn",
    "code",
    "code_challenge",
    "code_challenge_method",
    "common",
    "company",
    "comparison",
    "condition",
    "conditions",
    "connect",
    "consent",
    "console",
    "contactperson",
    "content",
    "continue",
    "cors",
    "cpu",
    "created",
    "cross-site",
    "cspviolationreport",
    "css",
    "current-explicit",
    "current-implicit",
    "data",
    "datareference",
    "datetime",
    "dec",
    "decision",
    "default",
    "deflate",
    "delete",
    "deny",
    "description",
    "destination",
    "digest",
    "digestmethod",
    "digestvalue",
    "discohints",
    "display",
    "displayname",
    "dnsname",
    "document",
    "domain_hint",
    "ds",
    "dsa-sha1",
    "dsa-sha256",
    "dsakeyvalue",
    "dsig",
    "dsig11",
    "ec",
    "ecdsa-sha1",
    "ecdsa-sha224",
    "ecdsa-sha256",
    "ecdsa-sha384",
    "ecdsa-sha512",
    "eckeyvalue",
    "edg",
    "edupersonaffiliation",
    "edupersonentitlement",
    "edupersonprincipalname",
    "edupersonscopedaffiliation",
    "edupersontargetedid",
    "element",
    "email",
    "emailaddress",
    "empty",
    "encoding",
    "encrypted",
    "encryptedassertion",
    "encryptedattribute",
    "encrypteddata",
    "encryptedid",
    "encryptedkey",
    "encryption",
    "encryptionmethod",
    "encryptionproperties",
    "encryptionproperty",
    "entitiesdescriptor",
    "entity",
    "entityattributes",
    "entitydescriptor",
    "entityid",
    "enveloped-signature",
    "error",
    "errorurl",
    "eventsource",
    "eventstream",
    "evidence",
    "exact",
    "expires",
    "exponent",
    "extensions",
    "false",
    "favicon.ico",
    "feb",
    "federate",
    "federation",
    "fetch",
    "fingerprint",
    "firefox",
    "firstname",
    "font",
    "fonts",
    "forbidden",
    "forceauthn",
    "form-data",
    "format",
    "found",
    "fri",
    "friendlyname",
    "fromcache",
    "fromuri",
    "gateway",
    "gecko",
    "get",
    "getcomplete",
    "gif",
    "givenname",
    "global-timeout",
    "gmt",
    "gone",
    "groups",
    "gzip",
    "h2",
    "h3",
    "head",
    "headlesschrome",
    "high",
    "hmac-sha1",
    "hmac-sha256",
    "hmac-sha384",
    "hmac-sha512",
    "hmacoutputlength",
    "holder-of-key",
    "home",
    "html",
    "http",
    "http-artifact",
    "http-post",
    "http-post-simplesign",
    "http-redirect",
    "httponly",
    "https",
    "iam",
    "id",
    "identity",
    "identityprovider",
    "idp",
    "idpentry",
    "idpinitiatedsignon.aspx",
    "idplist",
    "idpssodescriptor",
    "iframe",
    "image",
    "images",
    "img",
    "immutable",
    "inapplicable",
    "includesubdomains",
    "inclusivenamespaces",
    "index",
    "index.html",
    "informationurl",
    "init",
    "initiator",
    "input",
    "inresponseto",
    "integer",
    "intel",
    "internal",
    "internetprotocol",
    "internetprotocolpassword",
    "invalidattrnameorvalue",
    "invalidnameidpolicy",
    "ipad",
    "iphone",
    "isdefault",
    "ispassive",
    "isrequired",
    "issueinstant",
    "issuer",
    "jan",
    "javascript",
    "jpeg",
    "js",
    "json",
    "jul",
    "jun",
    "keep-alive",
    "kerberos",
    "key",
    "keydescriptor",
    "keyinfo",
    "keyinfoconfirmationdatatype",
    "keyname",
    "keyreference",
    "keysize",
    "keyvalue",
    "keywords",
    "khtml",
    "kmsi",
    "lang",
    "large",
    "lastname",
    "lax",
    "like",
    "linux",
    "locale",
    "location",
    "login",
    "login.srf",
    "login_hint",
    "logo",
    "logout",
    "logoutrequest",
    "logoutresponse",
    "low",
    "ls",
    "mac",
    "macintosh",
    "mail",
    "majorversion",
    "managenameidrequest",
    "managenameidresponse",
    "managenameidservice",
    "manifest",
    "mar",
    "max-age",
    "max_age",
    "maximum",
    "may",
    "md",
    "mdattr",
    "mdrpi",
    "mdui",
    "media",
    "medium",
    "memberof",
    "metadata",
    "method",
    "mgf",
    "mgf1sha1",
    "mgf1sha256",
    "mgmtdata",
    "mimetype",
    "minimum",
    "minorversion",
    "mobile",
    "mobileonefactorcontract",
    "mobiletwofactorcontract",
    "mobiletwofactorunregistered",
    "mode",
    "modified",
    "module.php",
    "modulus",
    "mon",
    "moved",
    "mozilla",
    "must-revalidate",
    "name",
    "namedcurve",
    "nameformat",
    "nameid",
    "nameid-format",
    "nameidentifier",
    "nameidformat",
    "nameidmappingrequest",
    "nameidmappingresponse",
    "nameidmappingservice",
    "nameidpolicy",
    "namequalifier",
    "names",
    "namespace",
    "navigate",
    "newencryptedid",
    "newid",
    "next",
    "nil",
    "no",
    "no-cache",
    "no-cors",
    "no-referrer",
    "no-store",
    "noauthncontext",
    "noavailableidp",
    "nomadtelephony",
    "nonce",
    "none",
    "nopassive",
    "nosniff",
    "nosupportedidp",
    "not",
    "notbefore",
    "notonorafter",
    "nov",
    "ns0",
    "ns1",
    "ns2",
    "ns3",
    "ns4",
    "ns5",
    "ns6",
    "ns7",
    "ns8",
    "ns9",
    "nt",
    "oaepparams",
    "oasis",
    "oauth",
    "oauth2",
    "object",
    "objectidentifier",
    "obtained",
    "oct",
    "octet-stream",
    "oid",
    "oidc",
    "ok",
    "onetimeuse",
    "options",
    "organization",
    "organizationdisplayname",
    "organizationname",
    "organizationurl",
    "origin",
    "os",
    "other",
    "paos",
    "parser",
    "partiallogout",
    "password",
    "passwordprotectedtransport",
    "pasted",
    "patch",
    "path",
    "pdpdescriptor",
    "permanently",
    "persistent",
    "personaltelephony",
    "pgp",
    "pgpdata",
    "ping",
    "plain",
    "platform",
    "png",
    "portal",
    "post",
    "pragma",
    "prefixlist",
    "preflight",
    "preload",
    "previoussession",
    "principaltag",
    "prior",
    "priority",
    "privacystatementurl",
    "private",
    "profile",
    "prompt",
    "protocol",
    "protocolbinding",
    "protocolsupportenumeration",
    "providerid",
    "providername",
    "proxycount",
    "proxycountexceeded",
    "proxyrestriction",
    "public",
    "publicationinfo",
    "publickey",
    "put",
    "q",
    "reason",
    "receive",
    "recipient",
    "redirect",
    "redirect_uri",
    "reference",
    "referencelist",
    "region",
    "registrationinfo",
    "registrationpolicy",
    "relaystate",
    "requestdenied",
    "requestedattribute",
    "requestedauthncontext",
    "requester",
    "requesterid",
    "requestunsupported",
    "requestversiondeprecated",
    "requestversiontoohigh",
    "requestversiontoolow",
    "resource",
    "resourcenotrecognized",
    "resourcetype",
    "responder",
    "response",
    "response_mode",
    "response_type",
    "responseid",
    "responselocation",
    "retrievalmethod",
    "return_to",
    "return_url",
    "returnto",
    "returnurl",
    "role",
    "roledescriptor",
    "rolesessionname",
    "rsa-1_5",
    "rsa-oaep",
    "rsa-oaep-mgf1p",
    "rsa-sha1",
    "rsa-sha224",
    "rsa-sha256",
    "rsa-sha256-mgf1",
    "rsa-sha384",
    "rsa-sha512",
    "rsakeyvalue",
    "rv",
    "s",
    "safari",
    "same-origin",
    "same-site",
    "sameorigin",
    "samesite",
    "saml",
    "saml-provider",
    "saml2",
    "saml2p",
    "samlart",
    "samlp",
    "samlrequest",
    "samlresponse",
    "sat",
    "schemalocation",
    "scope",
    "scoping",
    "script",
    "secure",
    "securedremotepassword",
    "see",
    "send",
    "sender-vouches",
    "sep",
    "server",
    "service",
    "servicedescription",
    "servicename",
    "sessionduration",
    "sessionindex",
    "sessionnotonorafter",
    "settings",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "shire",
    "sid",
    "sigalg",
    "signature",
    "signaturemethod",
    "signatureproperties",
    "signatureproperty",
    "signaturevalue",
    "signedexchange",
    "signedinfo",
    "signin",
    "signin-saml",
    "signing",
    "signingmethod",
    "singlelogoutservice",
    "singlesignonservice",
    "slo",
    "smartcard",
    "smartcardpki",
    "sn",
    "soap",
    "soap11",
    "soapenv",
    "softwarepki",
    "sourceidentity",
    "sp",
    "sp-timeout",
    "spentityid",
    "spki",
    "spkidata",
    "spnamequalifier",
    "spprovidedid",
    "spssodescriptor",
    "sso",
    "standalone",
    "standard",
    "start",
    "state",
    "statement",
    "static",
    "status",
    "statuscode",
    "statusdetail",
    "statusmessage",
    "strict",
    "strict-origin-when-cross-origin",
    "string",
    "style",
    "stylesheet",
    "subject",
    "subjectconfirmation",
    "subjectconfirmationdata",
    "subjectconfirmationdatatype",
    "subjectlocality",
    "subjectquery",
    "success",
    "sun",
    "surname",
    "svg+xml",
    "target",
    "tc",
    "telephonenumber",
    "telephony",
    "temporarily",
    "temporary",
    "tenant",
    "terminate",
    "text",
    "texttrack",
    "thu",
    "time",
    "timesynctoken",
    "tlsclient",
    "token",
    "toomanyresponses",
    "tr",
    "transfersize",
    "transform",
    "transforms",
    "transient",
    "transitivetagkeys",
    "tripledes-cbc",
    "true",
    "trusted",
    "tue",
    "type",
    "ui_locales",
    "uiinfo",
    "unauthorized",
    "unavailable",
    "unknownattrprofile",
    "unknownprincipal",
    "unspecified",
    "unsupportedbinding",
    "upn",
    "uri",
    "urn",
    "usagepolicy",
    "use",
    "user",
    "username",
    "users",
    "utc",
    "utf-8",
    "v1",
    "v2",
    "v2.0",
    "validuntil",
    "value",
    "version",
    "versionmismatch",
    "veryhigh",
    "verylow",
    "wa",
    "wantassertionssigned",
    "wantauthnrequestssigned",
    "wctx",
    "webp",
    "webservices",
    "websocket",
    "wed",
    "win64",
    "windows",
    "windowsaccountname",
    "windowsdomainqualifiedname",
    "withcomments",
    "woff",
    "woff2",
    "wow64",
    "wreply",
    "wresult",
    "ws",
    "wtrealm",
    "x-amz-json-1.1",
    "x-icon",
    "x-www-form-urlencoded",
    "x509",
    "x509certificate",
    "x509crl",
    "x509data",
    "x509digest",
    "x509issuername",
    "x509issuerserial",
    "x509serialnumber",
    "x509ski",
    "x509subjectname",
    "x64",
    "x86_64",
    "xenc",
    "xenc11",
    "xhr",
    "xml",
    "xml-c14n11",
    "xml-exc-c14n",
    "xmldsig",
    "xmldsig-filter2",
    "xmldsig-more",
    "xmldsig11",
    "xmlenc",
    "xmlenc11",
    "xmlns",
    "xmlschema",
    "xmlschema-instance",
    "xpath",
    "xs",
    "xsd",
    "xsi",
    "yes",
    "zstd",
];

/// Whether `character` belongs to a word (see the module docs).
pub fn is_word_char(character: char) -> bool {
    character.is_ascii_alphanumeric()
        || matches!(character, '_' | '.' | '+' | '@' | '-')
        || (!character.is_ascii() && character.is_alphanumeric())
}

/// Whether `word` is in [`VOCABULARY`] (ignoring ASCII case).
pub fn is_vocabulary(word: &str) -> bool {
    VOCABULARY
        .binary_search_by(|probe| {
            probe
                .bytes()
                .cmp(word.bytes().map(|byte| byte.to_ascii_lowercase()))
        })
        .is_ok()
}

/// Which numbers a value keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// Numbers of at most two digits and versions (`2.0`): indexes, not identifiers.
    Small,
    /// Every number: for values that are only ever counts, sizes and times (standard
    /// HTTP headers, timestamps).
    All,
}

/// `text` with every word outside the vocabulary pseudonymised (and registered as
/// `category`), the rest in place.
pub fn words(redactor: &mut Redactor, text: &str, category: Category, numbers: Numbers) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous: Option<&str> = None;
    let mut rest = text;
    while let Some(start) = rest.find(is_word_char) {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find(|c: char| !is_word_char(c))
            .unwrap_or(after.len());
        let word = &after[..end];
        out.push_str(&word_replacement(
            redactor, word, previous, category, numbers,
        ));
        previous = Some(word);
        rest = &after[end..];
    }
    out.push_str(rest);
    redactor.value_redacted_as(text, &out);
    out
}

/// `text` (our own sentence) with every part in double quotes (a value it shows, as
/// `{:?}` and `text::quote` print them) redacted by [`words`]: for texts made
/// from what could not be read, whose values redaction never saw.
pub fn quoted_parts(redactor: &mut Redactor, text: &str, category: Category) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        let inside = &rest[open + 1..];
        // The closing quote: the next one not escaped by a backslash.
        let mut close = None;
        let mut escaped = false;
        for (at, character) in inside.char_indices() {
            match character {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    close = Some(at);
                    break;
                }
                _ => escaped = false,
            }
        }
        let Some(close) = close else {
            // An unclosed quote: everything after it is the value.
            out.push_str(&words(redactor, inside, category, Numbers::Small));
            return out;
        };
        out.push_str(&words(redactor, &inside[..close], category, Numbers::Small));
        out.push('"');
        rest = &inside[close + 1..];
    }
    out.push_str(rest);
    out
}

fn word_replacement(
    redactor: &mut Redactor,
    word: &str,
    previous: Option<&str>,
    category: Category,
    numbers: Numbers,
) -> String {
    if is_kept_word(word, previous, numbers) {
        return word.to_owned();
    }
    if word.parse::<std::net::Ipv4Addr>().is_ok() {
        return redactor.secret(word, Category::IpAddress);
    }
    redactor.word(word, category)
}

/// Whether a word is kept in place (see the module docs).
pub fn is_kept_word(word: &str, previous: Option<&str>, numbers: Numbers) -> bool {
    let digits = word.bytes().all(|byte| byte.is_ascii_digit());
    if digits && (numbers == Numbers::All || word.len() <= 2) {
        return true;
    }
    // One letter names nobody (`/x`, `?q=`).
    if word.len() == 1 && word.is_ascii() {
        return true;
    }
    if is_version(word) || is_vocabulary(word) || is_region(word) || is_time_piece(word) {
        return true;
    }
    // `urn:oid:1.2.840.113549`: an object identifier names a standard attribute.
    previous.is_some_and(|previous| previous.eq_ignore_ascii_case("oid"))
        && word.split('.').count() >= 2
        && word
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
}

/// A piece of an `xs:dateTime` as words cut it: `2024-05-01T12` (then `00`, `00Z`,
/// `00.123Z`), in text read word by word.
fn is_time_piece(word: &str) -> bool {
    let bytes = word.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let date = bytes.len() >= 10
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && (bytes.len() == 10 || (bytes.len() == 13 && bytes[10] == b'T' && digits(11..13)));
    let seconds = word.strip_suffix('Z').is_some_and(|rest| {
        let (whole, fraction) = rest.split_once('.').unwrap_or((rest, "0"));
        whole.len() == 2
            && whole.bytes().all(|b| b.is_ascii_digit())
            && (1..=9).contains(&fraction.len())
            && fraction.bytes().all(|b| b.is_ascii_digit())
    });
    date || seconds
}

/// `2.0`, `1.1`, `10.0.1`: two or three parts of at most two digits each (never an IPv4
/// address, which has four).
fn is_version(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_digit())
        })
}

/// An AWS region name: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
pub fn is_region(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('-').collect();
    let (area, rest) = match parts.as_slice() {
        [area, "gov" | "iso" | "isob" | "isoe" | "isof", rest @ ..] => (*area, rest),
        [area, rest @ ..] => (*area, rest),
        [] => return false,
    };
    let [direction, number] = rest else {
        return false;
    };
    ["af", "ap", "ca", "cn", "eu", "il", "me", "mx", "sa", "us"].contains(&area)
        && [
            "central",
            "east",
            "west",
            "north",
            "south",
            "northeast",
            "northwest",
            "southeast",
            "southwest",
        ]
        .contains(direction)
        && (1..=2).contains(&number.len())
        && number.bytes().all(|byte| byte.is_ascii_digit())
}

/// A time as the protocols write it: kept when it is an `xs:dateTime` or duration
/// (`2024-05-01T12:00:00Z`, `PT1H`) or an HTTP date (`Wed, 01 May 2024 12:00:03 GMT`);
/// anything else by [`words`].
pub fn time(redactor: &mut Redactor, text: &str, category: Category) -> String {
    let iso = !text.is_empty()
        && text.len() <= 40
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || b"TZtzPYMDHS:+.-".contains(&byte));
    if iso {
        return text.to_owned();
    }
    words(redactor, text, category, Numbers::All)
}

/// An XML `ID`, or `#ID` in a reference: kept when it is an NCName of at most 256
/// characters (what IdPs generate, and what support matches with the IdP's logs).
pub fn xml_id(redactor: &mut Redactor, text: &str) -> String {
    let id = text.strip_prefix('#').unwrap_or(text);
    let ncname = !id.is_empty()
        && id.len() <= 256
        && id
            .chars()
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ncname {
        return text.to_owned();
    }
    words(redactor, text, Category::Identifier, Numbers::Small)
}

/// The attribute types of a distinguished name (RFC 4514 and those `x509-parser` and
/// OpenSSL print), lower case.
const DN_TYPES: &[&str] = &[
    "businesscategory",
    "c",
    "cn",
    "dc",
    "dnqualifier",
    "e",
    "emailaddress",
    "generationqualifier",
    "givenname",
    "gn",
    "initials",
    "l",
    "o",
    "organizationidentifier",
    "ou",
    "postalcode",
    "pseudonym",
    "serialnumber",
    "sn",
    "st",
    "street",
    "surname",
    "title",
    "uid",
];

/// A certificate's subject or issuer (`CN=idp.example.com, O=Example, C=US`): the
/// attribute types kept, every value a pseudonym (a two-letter country code kept).
/// A name that does not read as `type=value` pairs goes by [`words`].
pub fn distinguished_name(redactor: &mut Redactor, dn: &str) -> String {
    let mut out = String::with_capacity(dn.len() + 16);
    let mut part = String::new();
    let mut escaped = false;
    let mut parts: Vec<(String, char)> = Vec::new();
    for character in dn.chars() {
        if escaped {
            part.push(character);
            escaped = false;
            continue;
        }
        match character {
            '\\' => {
                part.push(character);
                escaped = true;
            }
            ',' | '+' | ';' => parts.push((std::mem::take(&mut part), character)),
            _ => part.push(character),
        }
    }
    parts.push((part, '\0'));
    for (part, separator) in parts {
        let Some((kind, value)) = part.split_once('=') else {
            out.push_str(&words(
                redactor,
                &part,
                Category::CertificateName,
                Numbers::Small,
            ));
            if separator != '\0' {
                out.push(separator);
            }
            continue;
        };
        let kind_name = kind.trim().to_ascii_lowercase();
        let known = DN_TYPES.contains(&kind_name.as_str())
            || (kind_name.contains('.')
                && kind_name
                    .split('.')
                    .all(|piece| !piece.is_empty() && piece.bytes().all(|b| b.is_ascii_digit())));
        if known {
            out.push_str(kind);
        } else {
            out.push_str(&words(
                redactor,
                kind,
                Category::CertificateName,
                Numbers::Small,
            ));
        }
        out.push('=');
        let country = kind_name == "c"
            && value.trim().len() == 2
            && value.trim().bytes().all(|byte| byte.is_ascii_uppercase());
        if country {
            out.push_str(value);
        } else {
            out.push_str(&redactor.secret(value, Category::CertificateName));
        }
        if separator != '\0' {
            out.push(separator);
        }
    }
    out
}

/// A file name or path as given: directory names and the name pseudonymised word by
/// word, a short extension (`.har`, `.xml`) kept.
pub fn file_name(redactor: &mut Redactor, name: &str) -> String {
    let split = name.rfind(['/', '\\']).map_or(0, |at| at + 1);
    let (directories, last) = name.split_at(split);
    let mut out = words(redactor, directories, Category::Identifier, Numbers::Small);
    match last.rsplit_once('.') {
        Some((stem, extension))
            if !stem.is_empty()
                && (1..=8).contains(&extension.len())
                && extension.bytes().all(|byte| byte.is_ascii_alphanumeric()) =>
        {
            out.push_str(&words(redactor, stem, Category::Identifier, Numbers::Small));
            out.push('.');
            out.push_str(extension);
        }
        _ => out.push_str(&words(redactor, last, Category::Identifier, Numbers::Small)),
    }
    out
}

/// An HTTP method: kept when it is one of RFC 9110's (and WebDAV's common ones).
pub fn method(redactor: &mut Redactor, method: &str) -> String {
    const METHODS: &[&str] = &[
        "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE", "PROPFIND",
    ];
    if METHODS.contains(&method) {
        return method.to_owned();
    }
    words(redactor, method, Category::Identifier, Numbers::Small)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Policy;

    #[test]
    fn the_vocabulary_is_sorted_lower_case_and_made_of_single_words() {
        for pair in VOCABULARY.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?} out of order or repeated");
        }
        for word in VOCABULARY {
            assert_eq!(*word, word.to_ascii_lowercase());
            assert!(word.chars().all(is_word_char), "{word} is not one word");
        }
    }

    #[test]
    fn unknown_words_become_pseudonyms_and_protocol_words_stay() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        // (value, what must stay, what must go)
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress",
                &["urn:oasis:names:tc:SAML:2.0:nameid-format:emailAddress"],
                &[],
            ),
            (
                "urn:oasis:names:tc:SAML:2.0:status:Kanary",
                &["status:"],
                &["Kanary"],
            ),
            ("urn:oid:2.5.4.3", &["urn:oid:2.5.4.3"], &[]),
            (
                "User jdoe is not assigned",
                &["User ", " not "],
                &["jdoe", "assigned"],
            ),
            (
                "text/html; charset=utf-8",
                &["text/html; charset=utf-8"],
                &[],
            ),
            ("from 10.1.2.3 in eu-west-1", &["eu-west-1"], &["10.1.2.3"]),
            ("Δημήτρης", &[], &["Δημήτρης", "Δ"]),
            ("1234", &[], &["1234"]),
            ("v 2.0 12", &["2.0", "12"], &[]),
            (
                "at 2024-05-01T12:00:00.5Z",
                &["2024-05-01T12:00:00.5Z"],
                &[],
            ),
            ("call 555-123-4567", &[], &["555-123-4567"]),
        ];
        for (value, kept, gone) in cases {
            let out = words(&mut redactor, value, Category::Identifier, Numbers::Small);
            for part in *kept {
                assert!(out.contains(part), "{value:?} became {out:?}");
            }
            for part in *gone {
                assert!(!out.contains(part), "{value:?} became {out:?}");
            }
        }
        // Registered: the whole value, and a distinctive word alone, are replaced
        // elsewhere too; a plain word alone is not (it could be any English word).
        let said = redactor.replace("it said: User jdoe is not assigned.");
        assert!(
            !said.contains("jdoe") && said.starts_with("it said: "),
            "{said}"
        );
        words(
            &mut redactor,
            "from Kanary9",
            Category::Identifier,
            Numbers::Small,
        );
        assert!(!redactor.replace("hello kanary9").contains("kanary9"));
        assert_eq!(redactor.replace("hello jdoe"), "hello jdoe");
    }

    #[test]
    fn shapes_kept_by_their_own_rules() {
        let mut redactor = Redactor::new(Policy::default(), b"salt");
        let dn = distinguished_name(
            &mut redactor,
            "CN=Kanary Person, OU=Ops+O=Acme\\, Inc, C=US",
        );
        assert!(
            dn.starts_with("CN=") && dn.contains(", OU=") && dn.ends_with(", C=US"),
            "{dn}"
        );
        for gone in ["Kanary", "Person", "Ops", "Acme"] {
            assert!(!dn.contains(gone), "{dn}");
        }
        let name = file_name(&mut redactor, "/home/jdoe/Downloads/KanaryFile.har");
        assert!(name.ends_with(".har") && !name.contains("jdoe") && !name.contains("Kanary"));
        assert_eq!(
            time(&mut redactor, "2024-05-01T12:00:00Z", Category::Token),
            "2024-05-01T12:00:00Z"
        );
        assert_eq!(
            time(
                &mut redactor,
                "Wed, 01 May 2024 12:00:03 GMT",
                Category::Token
            ),
            "Wed, 01 May 2024 12:00:03 GMT"
        );
        assert!(!time(&mut redactor, "Kanary", Category::Token).contains("Kanary"));
        assert_eq!(xml_id(&mut redactor, "#_a1b2"), "#_a1b2");
        assert!(!xml_id(&mut redactor, "Kanary id").contains("Kanary"));
        assert_eq!(method(&mut redactor, "POST"), "POST");
        assert!(!method(&mut redactor, "KANARY").contains("KANARY"));
        assert!(
            is_region("us-gov-west-1") && is_region("ap-southeast-2") && !is_region("jdoe-east-1")
        );
        let line = crate::redact::url::text(
            &mut redactor,
            "see https://idp.example/users/Kanary?x=1 now",
            Category::Identifier,
        );
        assert!(
            line.contains("https://idp.example/users/") && !line.contains("Kanary"),
            "{line}"
        );
        let note = quoted_parts(
            &mut redactor,
            r#"it starts with "{\"user\":\"Kanary" (JSON?) and "Zq8x"#,
            Category::Identifier,
        );
        assert!(
            note.starts_with("it starts with \"") && note.contains("(JSON?) and"),
            "{note}"
        );
        assert!(!note.contains("Kanary") && !note.contains("Zq8x"), "{note}");
    }
}
