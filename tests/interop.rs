//! Interop: signed Responses made at test time by real IdP implementations, judged by
//! the real pipeline (`saml-inspect --format json`), each first checked with
//! `xmlsec1 --verify` so the test knows whether the message is really valid before it
//! judges our verdict.
//!
//! Three independent libraries, each from its own registry and used through its own
//! API (`scripts/interop/`): pysaml2 (PyPI, signs through the xmlsec1 binary), samlify
//! (npm, xml-crypto underneath) and Lasso (Debian's `python3-lasso`, C over libxmlsec).
//! Their defaults differ from ours and from each other's — `ns0:`/`ns1:` prefixes and
//! SHA-1 by default (pysaml2), a default-namespace `Signature` with line breaks in
//! `SignedInfo` and in the certificate (Lasso), millisecond instants and no
//! `InResponseTo` (samlify) — and that is the point.
//!
//! Every case (`CASES`, one line each in `tests/interop/README.md`) is configured as an
//! administrator would for AWS IAM federation (global and regional endpoint, and AWS's
//! own entity ID as audience), IAM Identity Center, or a generic SP, clean or with one
//! common misconfiguration. Each library generates all cases in one process, once per
//! test run, with keys made here by `openssl`. Each case is then analysed three times:
//! with the `--expect` an administrator knows (`profile=`, account, user name, ACS);
//! without, so the packs are chosen from the message alone; and with the `--expect`
//! again but from the form body the browser posts (the library's own base64 from its
//! HTTP-POST binding). Every run trusts the library's own IdP metadata (`--trust`) and
//! judges at a fixed `--at` inside the validity window (after it, for the expired
//! case). Each library's metadata is also analysed as an input.
//!
//! Needs what `scripts/setup.sh test` installs (xmlsec1, xmllint, openssl, the
//! virtualenv and node modules under `.tools/interop/`, `python3-lasso`); without it
//! every test fails and says so.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

const BIN: &str = env!("CARGO_BIN_EXE_saml-inspect");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const SETUP_HINT: &str =
    "run `scripts/setup.sh test` to install the interop IdP libraries and reference tools";

const ACCOUNT: &str = "111122223333";
const ROLE: &str = "arn:aws:iam::111122223333:role/InteropReadOnly,arn:aws:iam::111122223333:saml-provider/InteropIdP";
const ROLE_ADMIN: &str = "arn:aws:iam::111122223333:role/InteropAdmin,arn:aws:iam::111122223333:saml-provider/InteropIdP";
const USER: &str = "jdoe@example.com";
const IIC_ACS: &str = "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/3f1c6a52-8d4e-4b9a-9c1e-2b7d5e0a4f11";
const IIC_AUDIENCE: &str = "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-93671c2a4e";
const GENERIC_ACS: &str = "https://sp.example.test/saml/acs";
const GENERIC_AUDIENCE: &str = "https://sp.example.test/saml/metadata";
/// The generic SP's RelayState on its AuthnRequests: characters each library encodes its
/// own way (pysaml2 a space as `+`, the others as `%20`), all covered by the Redirect
/// binding's signature.
const RELAY_STATE: &str = "/apps/billing?tab=invoices&year=2026 Q1";
const EMAIL_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const PERSISTENT_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
const ATTRIBUTE_ROLE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
const ATTRIBUTE_SESSION_NAME: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
const ATTRIBUTE_SESSION_DURATION: &str = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

// --- the cases -----------------------------------------------------------------------

/// Where the Response is sent, as the SP's metadata says.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    /// IAM federation through the global endpoint (audience = ACS).
    Iam,
    /// IAM federation through the eu-west-1 endpoint.
    IamRegional,
    /// IAM federation with AWS's own SP entity ID (its `saml-metadata.xml`) as audience.
    IamEntityId,
    /// IAM Identity Center with an external IdP.
    IdentityCenter,
    /// Any other SAML SP.
    Generic,
}

/// How the case differs from a clean sign-in: a legitimate choice, or what the
/// administrator got wrong.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variation {
    /// Configured right; Response and Assertion both signed.
    None,
    /// Only the Response signed (samlify's default for an SP that does not ask for
    /// signed assertions). Legitimate.
    ResponseSignedOnly,
    /// Only the Assertion signed (OneLogin's "Assertion" setting). Legitimate.
    AssertionSignedOnly,
    /// The audience of another application (IAM) or the ACS URL (Identity Center).
    WrongAudience,
    /// The Role attribute's value ends in a space.
    RoleTrailingSpace,
    /// No RoleSessionName attribute.
    NoSessionName,
    /// RSA-SHA1 and SHA-1 digests (pysaml2's default: its cases leave them unset).
    Sha1,
    /// Signed with a new key while the SP still holds the metadata of the old one.
    RotatedKey,
    /// Judged two hours after it was issued.
    Expired,
    /// The assertion encrypted for the SP's certificate.
    Encrypted,
    /// The IdP's signing certificate (in its metadata and the message) expired in 2025;
    /// the key is the one the SP holds. Most SPs go on trusting the key.
    ExpiredCertificate,
    /// Signed with the new key after the SP added the new metadata beside the old one.
    RotationPlanned,
    /// Two Role values: the user chooses a role at AWS.
    MultipleRoles,
    /// The Role value names the provider ARN first (AWS takes either order).
    ProviderFirst,
    /// The display name mapped to RoleSessionName ("Jane Doe": a space AWS refuses).
    SessionNameWithSpace,
    /// Identity Center sent a persistent NameID instead of the emailAddress it needs.
    PersistentNameId,
}

struct Case {
    name: &'static str,
    target: Target,
    variation: Variation,
}

const CASES: &[Case] = &[
    Case {
        name: "iam",
        target: Target::Iam,
        variation: Variation::None,
    },
    Case {
        name: "iam-regional",
        target: Target::IamRegional,
        variation: Variation::None,
    },
    Case {
        name: "iam-entity-id",
        target: Target::IamEntityId,
        variation: Variation::None,
    },
    Case {
        name: "iic",
        target: Target::IdentityCenter,
        variation: Variation::None,
    },
    Case {
        name: "generic",
        target: Target::Generic,
        variation: Variation::None,
    },
    Case {
        name: "iam-response-signed",
        target: Target::Iam,
        variation: Variation::ResponseSignedOnly,
    },
    Case {
        name: "iam-assertion-signed",
        target: Target::Iam,
        variation: Variation::AssertionSignedOnly,
    },
    Case {
        name: "iam-multiple-roles",
        target: Target::Iam,
        variation: Variation::MultipleRoles,
    },
    Case {
        name: "iam-rotation-planned",
        target: Target::Iam,
        variation: Variation::RotationPlanned,
    },
    Case {
        name: "iam-expired-certificate",
        target: Target::Iam,
        variation: Variation::ExpiredCertificate,
    },
    Case {
        name: "iam-provider-first",
        target: Target::Iam,
        variation: Variation::ProviderFirst,
    },
    Case {
        name: "iam-wrong-audience",
        target: Target::Iam,
        variation: Variation::WrongAudience,
    },
    Case {
        name: "iic-wrong-audience",
        target: Target::IdentityCenter,
        variation: Variation::WrongAudience,
    },
    Case {
        name: "iam-role-trailing-space",
        target: Target::Iam,
        variation: Variation::RoleTrailingSpace,
    },
    Case {
        name: "iam-session-name-space",
        target: Target::Iam,
        variation: Variation::SessionNameWithSpace,
    },
    Case {
        name: "iic-nameid-persistent",
        target: Target::IdentityCenter,
        variation: Variation::PersistentNameId,
    },
    Case {
        name: "iam-no-session-name",
        target: Target::Iam,
        variation: Variation::NoSessionName,
    },
    Case {
        name: "iam-sha1",
        target: Target::Iam,
        variation: Variation::Sha1,
    },
    Case {
        name: "iam-rotated-key",
        target: Target::Iam,
        variation: Variation::RotatedKey,
    },
    Case {
        name: "iam-expired",
        target: Target::Iam,
        variation: Variation::Expired,
    },
    Case {
        name: "iam-encrypted",
        target: Target::Iam,
        variation: Variation::Encrypted,
    },
    Case {
        name: "iic-encrypted",
        target: Target::IdentityCenter,
        variation: Variation::Encrypted,
    },
];

/// Whether `library` can make `case` at all: Lasso always signs the Assertion; samlify's
/// attribute template holds one value per attribute.
fn makes(library: Library, case: &Case) -> bool {
    !matches!(
        (library, case.variation),
        (Library::Lasso, Variation::ResponseSignedOnly)
            | (Library::Samlify, Variation::MultipleRoles)
    )
}

impl Case {
    /// The key the IdP signs with (`keys()` names).
    fn signing_key(&self) -> &'static str {
        match self.variation {
            Variation::RotatedKey | Variation::RotationPlanned => "idp-rotated",
            Variation::ExpiredCertificate => "idp-expired",
            _ => "idp",
        }
    }

    /// The IdP metadata the SP holds (the generator's file names).
    fn trusted_metadata(&self) -> &'static [&'static str] {
        match self.variation {
            Variation::RotationPlanned => &["metadata.xml", "metadata-idp-rotated.xml"],
            Variation::ExpiredCertificate => &["metadata-idp-expired.xml"],
            _ => &["metadata.xml"],
        }
    }
}

fn case(name: &str) -> &'static Case {
    CASES
        .iter()
        .find(|case| case.name == name)
        .unwrap_or_else(|| panic!("no interop case named {name}"))
}

impl Target {
    fn acs(self) -> &'static str {
        match self {
            Target::Iam | Target::IamEntityId => "https://signin.aws.amazon.com/saml",
            Target::IamRegional => "https://eu-west-1.signin.aws.amazon.com/saml",
            Target::IdentityCenter => IIC_ACS,
            Target::Generic => GENERIC_ACS,
        }
    }

    fn audience(self) -> &'static str {
        match self {
            Target::Iam | Target::IamRegional => self.acs(),
            Target::IamEntityId => "urn:amazon:webservices",
            Target::IdentityCenter => IIC_AUDIENCE,
            Target::Generic => GENERIC_AUDIENCE,
        }
    }

    fn is_iam(self) -> bool {
        matches!(
            self,
            Target::Iam | Target::IamRegional | Target::IamEntityId
        )
    }

    /// What an administrator tells `saml-inspect` they expected.
    fn expectations(self) -> Vec<String> {
        let mut expect = Vec::new();
        match self {
            Target::Iam | Target::IamEntityId => {
                expect.push("profile=aws-iam".to_owned());
                expect.push(format!("account={ACCOUNT}"));
            }
            Target::IamRegional => {
                expect.push("profile=aws-iam".to_owned());
                expect.push(format!("account={ACCOUNT}"));
                expect.push("region=eu-west-1".to_owned());
            }
            Target::IdentityCenter => {
                expect.push("profile=aws-identity-center".to_owned());
                expect.push(format!("username={USER}"));
            }
            Target::Generic => {
                expect.push(format!("acs={GENERIC_ACS}"));
                expect.push(format!("audience={GENERIC_AUDIENCE}"));
            }
        }
        expect
    }
}

/// The case as the generators read it: what the administrator configured.
fn case_request(library: Library, case: &Case) -> Value {
    let target = case.target;
    let audience = match (target, case.variation) {
        // Copied from another application's settings.
        (Target::Iam, Variation::WrongAudience) => GENERIC_AUDIENCE,
        // Identity Center's ACS URL pasted where its issuer URL belongs.
        (Target::IdentityCenter, Variation::WrongAudience) => IIC_ACS,
        _ => target.audience(),
    };
    let attribute = |name: &str, value: &str| json!({"name": name, "values": [value]});
    let (name_id, name_id_format, attributes) = match target {
        Target::Iam | Target::IamRegional | Target::IamEntityId => {
            let role = match case.variation {
                Variation::RoleTrailingSpace => format!("{ROLE} "),
                Variation::ProviderFirst => {
                    let (role, provider) = ROLE.split_once(',').expect("ROLE is a pair");
                    format!("{provider},{role}")
                }
                _ => ROLE.to_owned(),
            };
            let mut attributes = vec![if case.variation == Variation::MultipleRoles {
                json!({"name": ATTRIBUTE_ROLE, "values": [ROLE, ROLE_ADMIN]})
            } else {
                attribute(ATTRIBUTE_ROLE, &role)
            }];
            match case.variation {
                Variation::NoSessionName => {}
                Variation::SessionNameWithSpace => {
                    attributes.push(attribute(ATTRIBUTE_SESSION_NAME, "Jane Doe"));
                }
                _ => attributes.push(attribute(ATTRIBUTE_SESSION_NAME, USER)),
            }
            attributes.push(attribute(ATTRIBUTE_SESSION_DURATION, "3600"));
            ("jdoe", PERSISTENT_FORMAT, attributes)
        }
        Target::IdentityCenter => (
            USER,
            if case.variation == Variation::PersistentNameId {
                PERSISTENT_FORMAT
            } else {
                EMAIL_FORMAT
            },
            vec![attribute(
                "https://aws.amazon.com/SAML/Attributes/AccessControl:Department",
                "Engineering",
            )],
        ),
        Target::Generic => (
            USER,
            EMAIL_FORMAT,
            vec![
                attribute("urn:oid:0.9.2342.19200300.100.1.3", USER),
                attribute("urn:oid:2.16.840.1.113730.3.1.241", "Jane Doe"),
            ],
        ),
    };
    let algorithm = match (case.variation, library) {
        (Variation::Sha1, Library::Pysaml2) => "sha1-default",
        (Variation::Sha1, _) => "sha1",
        _ => "sha256",
    };
    json!({
        "name": case.name,
        "audience": audience,
        "acs": target.acs(),
        "name_id": name_id,
        "name_id_format": name_id_format,
        "attributes": attributes,
        "algorithm": algorithm,
        "signing_key": case.signing_key(),
        "encrypt": case.variation == Variation::Encrypted,
        "sign": match case.variation {
            Variation::ResponseSignedOnly => "response",
            Variation::AssertionSignedOnly => "assertion",
            _ => "both",
        },
    })
}

// --- the libraries -------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Library {
    Pysaml2,
    Samlify,
    Lasso,
}

impl Library {
    fn name(self) -> &'static str {
        match self {
            Library::Pysaml2 => "pysaml2",
            Library::Samlify => "samlify",
            Library::Lasso => "lasso",
        }
    }

    fn index(self) -> usize {
        match self {
            Library::Pysaml2 => 0,
            Library::Samlify => 1,
            Library::Lasso => 2,
        }
    }

    /// The generator's command line, or why it cannot run here.
    fn command(self) -> Result<Command, String> {
        let root = Path::new(ROOT);
        let interop = root.join(".tools/interop");
        let scripts = root.join("scripts/interop");
        match self {
            Library::Pysaml2 => {
                let python = interop.join("venv/bin/python");
                if !python.is_file() {
                    return Err(format!("no pysaml2 virtualenv at {}", python.display()));
                }
                let mut command = Command::new(python);
                command
                    .arg("-W")
                    .arg("ignore")
                    .arg(scripts.join("pysaml2_idp.py"));
                Ok(command)
            }
            Library::Samlify => {
                let modules = interop.join("node_modules");
                if !modules.join("samlify/package.json").is_file() {
                    return Err(format!("no samlify under {}", modules.display()));
                }
                let mut command = Command::new("node");
                command
                    .env("NODE_PATH", modules)
                    .arg(scripts.join("samlify_idp.js"));
                Ok(command)
            }
            Library::Lasso => {
                // Debian's python3-lasso binds Debian's own interpreter.
                let mut command = Command::new("/usr/bin/python3");
                command.arg(scripts.join("lasso_idp.py"));
                Ok(command)
            }
        }
    }
}

/// One library's output: a directory with `metadata.xml`, `<case>.xml` per case, and
/// the instant generation started.
struct Generated {
    dir: PathBuf,
    started: OffsetDateTime,
}

fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("interop");
        // A previous run's messages must not stand in for this run's.
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .expect("the previous run's scratch directory can be removed");
        }
        std::fs::create_dir_all(&dir).expect("the scratch directory can be made");
        dir
    })
}

fn tool(program: &str, arguments: &[&str]) -> Output {
    Command::new(program)
        .args(arguments)
        .output()
        .unwrap_or_else(|error| panic!("cannot run {program} ({error}); {SETUP_HINT}"))
}

/// Throw-away keys: the IdP's (its certificate is in the metadata the SP trusts), the
/// IdP's next one (the rotated-key cases), one whose certificate expired in 2025 (made by
/// `openssl ca -selfsign`, which takes explicit dates), the SP's encryption key.
fn keys() -> &'static Path {
    static KEYS: OnceLock<PathBuf> = OnceLock::new();
    KEYS.get_or_init(|| {
        let dir = scratch().join("keys");
        std::fs::create_dir_all(&dir).expect("the keys directory can be made");
        for (name, subject) in [
            ("idp", "/CN=idp.interop.test"),
            ("idp-rotated", "/CN=idp.interop.test (2026 rotation)"),
            ("sp", "/CN=sp.interop.test"),
        ] {
            let key = dir.join(format!("{name}.key"));
            let certificate = dir.join(format!("{name}.pem"));
            let made = tool(
                "openssl",
                &[
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "3650",
                    "-subj",
                    subject,
                    "-keyout",
                    key.to_str().expect("a UTF-8 path"),
                    "-out",
                    certificate.to_str().expect("a UTF-8 path"),
                ],
            );
            assert!(
                made.status.success(),
                "openssl req: {}",
                String::from_utf8_lossy(&made.stderr)
            );
        }
        expired_certificate(&dir, "idp-expired", "/CN=idp.interop.test (2024)");
        dir
    })
}

/// A key and a self-signed certificate valid through 2024 only.
fn expired_certificate(dir: &Path, name: &str, subject: &str) {
    let ca = dir.join(format!("{name}-ca"));
    std::fs::create_dir_all(&ca).expect("the CA directory can be made");
    std::fs::write(ca.join("index.txt"), "").expect("index.txt");
    std::fs::write(ca.join("serial"), "01\n").expect("serial");
    let config = ca.join("ca.cnf");
    std::fs::write(
        &config,
        format!(
            "[ca]\ndefault_ca = interop\n[interop]\ndatabase = {}\nnew_certs_dir = {}\nserial = {}\n\
             default_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n",
            ca.join("index.txt").display(),
            ca.display(),
            ca.join("serial").display()
        ),
    )
    .expect("ca.cnf");
    let key = dir.join(format!("{name}.key"));
    let request = ca.join("request.csr");
    let path = |path: &Path| path.to_str().expect("a UTF-8 path").to_owned();
    let made = tool(
        "openssl",
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            subject,
            "-keyout",
            &path(&key),
            "-out",
            &path(&request),
        ],
    );
    assert!(
        made.status.success(),
        "openssl req: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let signed = tool(
        "openssl",
        &[
            "ca",
            "-batch",
            "-selfsign",
            "-notext",
            "-config",
            &path(&config),
            "-keyfile",
            &path(&key),
            "-in",
            &path(&request),
            "-startdate",
            "20240101000000Z",
            "-enddate",
            "20250101000000Z",
            "-out",
            &path(&dir.join(format!("{name}.pem"))),
        ],
    );
    assert!(
        signed.status.success(),
        "openssl ca: {}",
        String::from_utf8_lossy(&signed.stderr)
    );
}

/// Runs `library`'s generator once for every case; every test of that library shares it.
fn generated(library: Library) -> &'static Generated {
    static GENERATED: [OnceLock<Result<Generated, String>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let result = GENERATED[library.index()].get_or_init(|| generate(library));
    match result {
        Ok(generated) => generated,
        Err(reason) => panic!("{} generator: {reason}", library.name()),
    }
}

fn generate(library: Library) -> Result<Generated, String> {
    let mut command = library
        .command()
        .map_err(|why| format!("{why}; {SETUP_HINT}"))?;
    let dir = scratch().join(library.name());
    let request = json!({
        "keys": keys(),
        "out": dir,
        "cases": CASES
            .iter()
            .filter(|case| makes(library, case))
            .map(|case| case_request(library, case))
            .collect::<Vec<_>>(),
        "sp": {
            "entity_id": GENERIC_AUDIENCE,
            "acs": GENERIC_ACS,
            "relay_state": RELAY_STATE,
            "response": case_request(library, case("generic")),
        },
    });
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start ({error}); {SETUP_HINT}"))?;
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(request.to_string().as_bytes())
        .map_err(|error| format!("cannot send the cases ({error})"))?;
    let output = child
        .wait_with_output()
        .map_err(|error| format!("did not finish ({error})"))?;
    if !output.status.success() {
        return Err(format!(
            "exited with {} ({SETUP_HINT} if a module is missing):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let manifest: Value = serde_json::from_slice(
        &std::fs::read(dir.join("manifest.json"))
            .map_err(|error| format!("no manifest.json ({error})"))?,
    )
    .map_err(|error| format!("manifest.json is not JSON ({error})"))?;
    let started = manifest["started"]
        .as_str()
        .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
        .ok_or_else(|| format!("manifest.json has no RFC 3339 \"started\": {manifest}"))?;
    Ok(Generated { dir, started })
}

// --- the outside truth ---------------------------------------------------------------

const ID_ATTRIBUTES: [&str; 4] = [
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:protocol:Response",
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
];
const RESPONSE_SIGNATURE: &str = "/*/*[local-name()='Signature']";
const ASSERTION_SIGNATURE: &str = "/*/*[local-name()='Assertion']/*[local-name()='Signature']";

fn count(file: &Path, xpath: &str) -> usize {
    let output = tool(
        "xmllint",
        &[
            "--xpath",
            &format!("count({xpath})"),
            file.to_str().expect("a UTF-8 path"),
        ],
    );
    assert!(
        output.status.success(),
        "xmllint --xpath on {}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or_else(|_| {
            panic!(
                "xmllint counted {:?}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
}

/// The Response's `IssueInstant`, as xmllint reads it.
fn issue_instant(file: &Path) -> OffsetDateTime {
    let output = tool(
        "xmllint",
        &[
            "--xpath",
            "string(/*/@IssueInstant)",
            file.to_str().expect("a UTF-8 path"),
        ],
    );
    let text = String::from_utf8_lossy(&output.stdout);
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .unwrap_or_else(|error| panic!("{}: IssueInstant {text:?} ({error})", file.display()))
}

/// Whether xmlsec1 verifies the signature at `xpath` with `certificate`'s key (and no
/// other: an untrusted certificate in KeyInfo is not used).
fn xmlsec_verifies(file: &Path, xpath: &str, certificate: &Path) -> bool {
    let mut arguments = vec![
        "--verify",
        "--pubkey-cert-pem",
        certificate.to_str().expect("a UTF-8 path"),
    ];
    arguments.extend(ID_ATTRIBUTES);
    arguments.extend(["--node-xpath", xpath, file.to_str().expect("a UTF-8 path")]);
    tool("xmlsec1", &arguments).status.success()
}

/// Checks with xmlsec1 that the message is what the case says: every signature valid
/// with the trusted key (or, rotated, with the new key and not the trusted one), both
/// Response and Assertion signed, an encrypted assertion that the SP's key decrypts
/// into an assertion signed with the trusted key.
fn cross_check(library: Library, case: &Case, mode: Mode, file: &Path) {
    // Once per message: its three tests (one per mode) share the answer.
    static CHECKED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let key = format!("{}/{}", library.name(), case.name);
    // A test that panicked while holding the lock leaves the set as it was.
    if CHECKED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .contains(&key)
    {
        return;
    }
    let keys = keys();
    let trusted = keys.join("idp.pem");
    let signer = keys.join(format!("{}.pem", case.signing_key()));
    let what = format!("{} {}", library.name(), case.name);
    let encrypted = count(file, "/*/*[local-name()='EncryptedAssertion']");
    assert_eq!(
        encrypted,
        usize::from(case.variation == Variation::Encrypted),
        "{what}: EncryptedAssertion count"
    );
    // The Assertion of an encrypted message is signed inside the encryption (below).
    let response_signed = case.variation != Variation::AssertionSignedOnly;
    let assertion_signed = !matches!(
        case.variation,
        Variation::ResponseSignedOnly | Variation::Encrypted
    );
    let mut signatures = Vec::new();
    for (xpath, signed, what_is_signed) in [
        (RESPONSE_SIGNATURE, response_signed, "Response"),
        (ASSERTION_SIGNATURE, assertion_signed, "Assertion"),
    ] {
        assert_eq!(
            count(file, xpath),
            usize::from(signed),
            "{what}: the {what_is_signed}'s signatures"
        );
        if signed {
            signatures.push(xpath);
        }
    }
    for xpath in signatures {
        assert!(
            xmlsec_verifies(file, xpath, &signer),
            "{what}: xmlsec1 verifies {xpath} with {}",
            signer.display()
        );
        if signer != trusted {
            assert!(
                !xmlsec_verifies(file, xpath, &trusted),
                "{what}: xmlsec1 must refuse {xpath} with the first key"
            );
        }
    }
    if case.variation == Variation::Encrypted {
        // One file per test: the tests of one message run in parallel.
        let decrypted = file.with_extension(format!("decrypted-{mode:?}.xml"));
        let output = tool(
            "xmlsec1",
            &[
                "--decrypt",
                "--privkey-pem",
                keys.join("sp.key").to_str().expect("a UTF-8 path"),
                "--output",
                decrypted.to_str().expect("a UTF-8 path"),
                file.to_str().expect("a UTF-8 path"),
            ],
        );
        assert!(
            output.status.success(),
            "{what}: xmlsec1 decrypts the assertion with the SP's key: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let inner = "//*[local-name()='Assertion']/*[local-name()='Signature']";
        assert_eq!(
            count(&decrypted, inner),
            1,
            "{what}: the encrypted Assertion is signed"
        );
        assert!(
            xmlsec_verifies(&decrypted, inner, &signer),
            "{what}: xmlsec1 verifies the decrypted Assertion's signature"
        );
    }
    CHECKED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key);
}

// --- our verdict ---------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// With the `--expect` an administrator would give.
    Expect,
    /// No `--expect`: the packs are chosen from the message.
    Auto,
    /// With the administrator's `--expect`, given the form body the browser posts
    /// (`SAMLResponse=` and the library's own base64, form-encoded) instead of the XML.
    Posted,
}

struct Verdict {
    exit: Option<i32>,
    message: Value,
    /// What a failure shows: the message's file, its signatures and every finding that
    /// is not a pass.
    report: String,
}

fn summary(message: &Value, file: &Path) -> String {
    let mut lines = vec![
        format!("  message: {}", file.display()),
        format!("  assertion_signature: {}", message["assertion_signature"]),
    ];
    for signature in message["signatures"].as_array().into_iter().flatten() {
        lines.push(format!(
            "  signature on {}: {} ({})",
            signature["target"], signature["status"], signature["reason"]
        ));
    }
    for finding in message["findings"].as_array().into_iter().flatten() {
        if finding["severity"] != "pass" {
            lines.push(format!(
                "  {} {}: {} | {}",
                finding["severity"], finding["id"], finding["title"], finding["detail"]
            ));
        }
    }
    lines.join("\n")
}

impl Verdict {
    fn findings(&self) -> &[Value] {
        self.message["findings"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn with_severity(&self, severity: &str) -> BTreeSet<String> {
        self.findings()
            .iter()
            .filter(|finding| finding["severity"] == severity)
            .filter_map(|finding| finding["id"].as_str().map(str::to_owned))
            .collect()
    }

    fn finding(&self, id: &str) -> Option<&Value> {
        self.findings().iter().find(|finding| finding["id"] == id)
    }

    fn assertion_signature(&self) -> &str {
        self.message["assertion_signature"]
            .as_str()
            .unwrap_or("(missing)")
    }
}

fn analyse(library: Library, case: &Case, mode: Mode) -> Verdict {
    let generated = generated(library);
    let file = generated.dir.join(format!("{}.xml", case.name));
    assert!(
        file.is_file(),
        "{} wrote no {}",
        library.name(),
        file.display()
    );
    cross_check(library, case, mode, &file);
    let input = if mode == Mode::Posted {
        let posted = std::fs::read_to_string(generated.dir.join(format!("{}.b64", case.name)))
            .unwrap_or_else(|error| {
                panic!(
                    "{} wrote no POST value for {} ({error})",
                    library.name(),
                    case.name
                )
            });
        let body = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("SAMLResponse", &posted)
            .finish();
        let form = generated.dir.join(format!("{}.form", case.name));
        write_whole(&form, body).expect("the form body can be written");
        form
    } else {
        file.clone()
    };

    // A minute after this message was issued: inside every library's window (samlify's
    // is 5 minutes), however long the generator took; or well after it.
    let issued = issue_instant(&file);
    let at = if case.variation == Variation::Expired {
        issued + Duration::hours(2)
    } else {
        issued + Duration::seconds(60)
    };
    let at = at.format(&Rfc3339).expect("an RFC 3339 time");
    let mut command = Command::new(BIN);
    command.args(["--format", "json", "--at", &at]);
    for metadata in case.trusted_metadata() {
        command.arg("--trust").arg(generated.dir.join(metadata));
    }
    if mode != Mode::Auto {
        for expectation in case.target.expectations() {
            command.args(["--expect", &expectation]);
        }
    }
    let output = command.arg(&input).output().expect("saml-inspect runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "saml-inspect printed no JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("a messages array");
    let responses: Vec<&Value> = messages
        .iter()
        .filter(|message| message["kind"] == "Response")
        .collect();
    assert_eq!(responses.len(), 1, "one Response in {}", file.display());
    Verdict {
        exit: output.status.code(),
        message: responses[0].clone(),
        report: summary(responses[0], &input),
    }
}

/// The error findings a case may carry besides the one it must; anything else is a false
/// alarm.
fn allowed_errors(case: &Case) -> &'static [&'static str] {
    match (case.variation, case.target) {
        (Variation::WrongAudience, Target::IdentityCenter) => &["iic.urls", "core.audience"],
        (Variation::WrongAudience, _) => &["aws.audience", "core.audience"],
        (Variation::RoleTrailingSpace, _) => &["aws.role.format"],
        (Variation::NoSessionName | Variation::SessionNameWithSpace, _) => &["aws.session.name"],
        (Variation::PersistentNameId, _) => &["iic.nameid.format"],
        (Variation::RotatedKey, _) => &["core.cert.trust"],
        (Variation::Expired, _) => &["core.time.window"],
        (Variation::Encrypted, Target::IdentityCenter) => &["iic.assertion.encrypted"],
        // IAM does not document checking the certificate's dates (CHECKS.md
        // core.cert.validity): a warning, not an error.
        _ => &[],
    }
}

fn check(library: Library, name: &str, mode: Mode) {
    let case = case(name);
    let verdict = analyse(library, case, mode);
    let what = format!("{} {} ({mode:?})", library.name(), case.name);
    let errors = verdict.with_severity("error");
    let allowed: BTreeSet<String> = allowed_errors(case)
        .iter()
        .map(|id| (*id).to_owned())
        .collect();
    let unexpected: Vec<&String> = errors.difference(&allowed).collect();
    assert!(
        unexpected.is_empty(),
        "{what}: false alarm {unexpected:?} (errors {errors:?}); the message:\n{}",
        verdict.report
    );
    assert_eq!(
        verdict.exit,
        Some(if errors.is_empty() { 0 } else { 1 }),
        "{what}: exit status with errors {errors:?}"
    );

    let require = |id: &str, severities: &[&str]| {
        let finding = verdict
            .finding(id)
            .unwrap_or_else(|| panic!("{what}: no {id} finding; the message:\n{}", verdict.report));
        assert!(
            severities
                .iter()
                .any(|severity| finding["severity"] == *severity),
            "{what}: {id} is {} (expected {severities:?}): {finding}",
            finding["severity"]
        );
        finding
    };

    // Every signature of these messages is valid (xmlsec1 said so) and made with the
    // trusted key, except the rotated key's; an encrypted assertion is not reported.
    match case.variation {
        Variation::RotatedKey => assert_ne!(
            verdict.assertion_signature(),
            "trusted",
            "{what}: signed with a key the SP does not hold"
        ),
        Variation::Encrypted => {}
        _ => assert_eq!(
            verdict.assertion_signature(),
            "trusted",
            "{what}: signed with the trusted key; the message:\n{}",
            verdict.report
        ),
    }

    match case.variation {
        Variation::None
        | Variation::ResponseSignedOnly
        | Variation::AssertionSignedOnly
        | Variation::RotationPlanned
        | Variation::ProviderFirst => {}
        Variation::SessionNameWithSpace => {
            require("aws.session.name", &["error"]);
        }
        Variation::PersistentNameId => {
            require("iic.nameid.format", &["error"]);
        }
        Variation::MultipleRoles => {
            require("aws.role.multiple", &["info"]);
        }
        Variation::ExpiredCertificate => {
            let finding = require("core.cert.validity", &["warning"]);
            let fix = finding["fix"].as_str().unwrap_or_default();
            assert!(
                fix.contains("rotat"),
                "{what}: the fix is a planned rotation, not a new certificate alone: {fix:?}"
            );
        }
        Variation::WrongAudience if case.target == Target::IdentityCenter => {
            require("iic.urls", &["error"]);
        }
        Variation::WrongAudience => {
            require("aws.audience", &["error"]);
        }
        Variation::RoleTrailingSpace => {
            let finding = require("aws.role.format", &["error"]);
            let title = finding["title"].as_str().unwrap_or_default();
            assert!(
                title.contains("trailing space"),
                "{what}: the title names the trailing space: {title:?}"
            );
            let detail = finding["detail"].as_str().unwrap_or_default();
            assert!(
                detail.contains("InteropIdP \"") || detail.contains("InteropIdP\u{2420}"),
                "{what}: the value is shown with its space visible: {detail:?}"
            );
            // One cause, one finding: the whitespace check does not restate it.
            if let Some(whitespace) = verdict.finding("core.attr.whitespace") {
                assert!(
                    whitespace["severity"] == "pass" || whitespace["severity"] == "info",
                    "{what}: the trailing space is reported twice: {whitespace}"
                );
            }
        }
        Variation::NoSessionName => {
            require("aws.session.name", &["error"]);
        }
        Variation::Sha1 => {
            require("core.sig.algorithm", &["warning"]);
        }
        Variation::RotatedKey => {
            require("core.cert.trust", &["error"]);
        }
        Variation::Expired => {
            require("core.time.window", &["error"]);
        }
        Variation::Encrypted => {
            require("core.assertion.encrypted", &["info", "warning", "error"]);
            if case.target == Target::IdentityCenter {
                require("iic.assertion.encrypted", &["error"]);
            }
        }
    }
    if case.variation == Variation::Encrypted && case.target.is_iam() {
        assert!(
            errors.is_empty(),
            "{what}: IAM takes encrypted assertions when its SAML provider holds the key"
        );
    }
}

/// `aws.encryption` on an encrypted assertion sent to IAM: IAM decrypts it only when its
/// SAML provider holds the matching private key, which is worth saying even without the
/// key (CHECKS.md).
fn check_aws_encryption(library: Library, mode: Mode) {
    let case = case("iam-encrypted");
    let verdict = analyse(library, case, mode);
    let what = format!("{} {} ({mode:?})", library.name(), case.name);
    let finding = verdict.finding("aws.encryption").unwrap_or_else(|| {
        panic!(
            "{what}: no aws.encryption finding; the message:\n{}",
            verdict.report
        )
    });
    assert!(
        finding["severity"] == "warning" || finding["severity"] == "info",
        "{what}: aws.encryption is {} (expected a warning or info): {finding}",
        finding["severity"]
    );
}

/// The library's own IdP metadata given as an input (the `metadata` pack): no error;
/// an expired certificate in it is a `meta.cert.expiry` warning, not an outage.
fn check_metadata(library: Library, name: &str) {
    let generated = generated(library);
    let file = generated.dir.join(name);
    let at = (generated.started + Duration::seconds(60))
        .format(&Rfc3339)
        .expect("an RFC 3339 time");
    let output = Command::new(BIN)
        .args(["--format", "json", "--at", &at])
        .arg(&file)
        .output()
        .expect("saml-inspect runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "saml-inspect printed no JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("a messages array");
    assert_eq!(messages.len(), 1, "one message in {}", file.display());
    let message = &messages[0];
    let what = format!("{} {name}", library.name());
    assert_eq!(message["kind"], "EntityDescriptor", "{what}");
    let errors: Vec<&Value> = message["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|finding| finding["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{what}: false alarm {errors:?}");
    assert_eq!(output.status.code(), Some(0), "{what}: exit status");
    if name.contains("expired") {
        let expiry = message["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|finding| finding["id"] == "meta.cert.expiry")
            .unwrap_or_else(|| panic!("{what}: no meta.cert.expiry finding"));
        assert_eq!(expiry["severity"], "warning", "{what}: {expiry}");
    }
}

/// How the SP's AuthnRequest travels.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Binding {
    /// A URL whose query carries SAMLRequest, RelayState, SigAlg and Signature.
    Redirect,
    /// A form body with an enveloped signature inside the AuthnRequest.
    Post,
}

/// Percent-decoding of a query value as sent (`+` stays `+`: a Signature's base64 uses it).
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    decoded
}

/// Checks the Redirect binding's signature with openssl over the octets as sent
/// (SAML Bindings §3.4.4.1: `SAMLRequest=…&RelayState=…&SigAlg=…`, each as in the URL).
fn openssl_verifies_query(url: &str, dir: &Path, label: &str) -> bool {
    use base64::Engine as _;
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let field = |name: &str| {
        query
            .split('&')
            .find(|pair| pair.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    };
    let signed: Vec<String> = ["SAMLRequest", "RelayState", "SigAlg"]
        .into_iter()
        .filter_map(field)
        .collect();
    let signature = field("Signature").expect("the URL carries a Signature");
    let signature = base64::engine::general_purpose::STANDARD
        .decode(percent_decode(&signature["Signature=".len()..]))
        .expect("the Signature is base64");
    assert_eq!(
        field("SigAlg").as_deref(),
        Some("SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256"),
        "{label}: the SP was configured for RSA-SHA256"
    );
    let data = dir.join(format!("{label}.signed-octets"));
    let signature_file = dir.join(format!("{label}.signature"));
    let public_key = dir.join(format!("{label}.sp.pub"));
    write_whole(&data, signed.join("&")).expect("the signed octets can be written");
    write_whole(&signature_file, signature).expect("the signature can be written");
    let path = |path: &Path| path.to_str().expect("a UTF-8 path").to_owned();
    let key = tool(
        "openssl",
        &[
            "x509",
            "-pubkey",
            "-noout",
            "-in",
            &path(&keys().join("sp.pem")),
            "-out",
            &path(&public_key),
        ],
    );
    assert!(
        key.status.success(),
        "openssl x509 -pubkey: {}",
        String::from_utf8_lossy(&key.stderr)
    );
    tool(
        "openssl",
        &[
            "dgst",
            "-sha256",
            "-verify",
            &path(&public_key),
            "-signature",
            &path(&signature_file),
            &path(&data),
        ],
    )
    .status
    .success()
}

/// The generic SP's signed AuthnRequest as the library's SP makes it: checked with openssl
/// (Redirect) or xmlsec1 (POST), then given to `saml-inspect`. With the SP's metadata as
/// `--trust` it must read as one AuthnRequest whose one signature is valid with the
/// trusted key; with no key at all, intact but unchecked (`valid-unpinned` where the
/// message carries its certificate, never "invalid"). Nothing in it is an error.
fn check_authn_request(library: Library, binding: Binding, trusted: bool) {
    let generated = generated(library);
    let what = format!(
        "{} AuthnRequest ({binding:?}, trusted {trusted})",
        library.name()
    );
    // Files of this test's own (the trusted and the untrusted test run at once, and
    // openssl writes its files in place).
    let label = format!("authn-request-{binding:?}-trusted-{trusted}");
    let input = match binding {
        Binding::Redirect => {
            let file = generated.dir.join("authn-request-redirect.txt");
            let url = std::fs::read_to_string(&file).expect("the generator wrote the URL");
            assert!(
                openssl_verifies_query(&url, &generated.dir, &label),
                "{what}: openssl verifies the query signature with the SP's key"
            );
            file
        }
        Binding::Post => {
            let posted = std::fs::read_to_string(generated.dir.join("authn-request-post.b64"))
                .expect("the generator wrote the POST value");
            let xml = generated.dir.join(format!("{label}.xml"));
            {
                use base64::Engine as _;
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(posted.trim())
                    .expect("the POST value is base64");
                write_whole(&xml, bytes).expect("the AuthnRequest can be written");
            }
            let mut arguments = vec![
                "--verify",
                "--id-attr:ID",
                "urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest",
                "--pubkey-cert-pem",
            ];
            let certificate = keys().join("sp.pem");
            arguments.push(certificate.to_str().expect("a UTF-8 path"));
            arguments.push(xml.to_str().expect("a UTF-8 path"));
            assert!(
                tool("xmlsec1", &arguments).status.success(),
                "{what}: xmlsec1 verifies the AuthnRequest's signature with the SP's key"
            );
            let body = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("SAMLRequest", posted.trim())
                .append_pair("RelayState", RELAY_STATE)
                .finish();
            let form = generated.dir.join(format!("{label}.form"));
            write_whole(&form, body).expect("the form body can be written");
            form
        }
    };
    let at = (generated.started + Duration::seconds(60))
        .format(&Rfc3339)
        .expect("an RFC 3339 time");
    let mut command = Command::new(BIN);
    command.args(["--format", "json", "--at", &at]);
    if trusted {
        command
            .arg("--trust")
            .arg(generated.dir.join("sp-metadata.xml"));
    }
    let output = command.arg(&input).output().expect("saml-inspect runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "saml-inspect printed no JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("a messages array");
    assert_eq!(messages.len(), 1, "{what}: one message");
    let message = &messages[0];
    let summary = summary(message, &input);
    assert_eq!(message["kind"], "AuthnRequest", "{what}:\n{summary}");
    let signatures = message["signatures"]
        .as_array()
        .expect("a signatures array");
    assert_eq!(signatures.len(), 1, "{what}: one signature:\n{summary}");
    let target = if binding == Binding::Redirect {
        "Query"
    } else {
        "AuthnRequest"
    };
    assert_eq!(signatures[0]["target"], target, "{what}:\n{summary}");
    if trusted {
        assert_eq!(
            signatures[0]["status"], "valid",
            "{what}: signed with the trusted key:\n{summary}"
        );
    } else {
        assert_ne!(
            signatures[0]["status"], "invalid",
            "{what}: intact, and no key was given to check it with:\n{summary}"
        );
        if binding == Binding::Post {
            assert_eq!(
                signatures[0]["status"], "valid-unpinned",
                "{what}: intact with the certificate it carries:\n{summary}"
            );
        }
    }
    let errors: Vec<&Value> = message["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|finding| finding["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{what}: false alarm:\n{summary}");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{what}: exit status:\n{summary}"
    );
}

// --- an SP-initiated sign-in, captured ----------------------------------------------

fn decode_to_file(base64_text: &str, file: &Path) {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64_text.trim())
        .expect("the library's POST value is base64");
    write_whole(file, bytes).expect("the decoded message can be written");
}

fn form_body(parameter: &str, value: &str) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair(parameter, value.trim())
        .append_pair("RelayState", RELAY_STATE)
        .finish()
}

/// One HAR entry, as a browser's export has it (only what the reader needs): the form
/// body it posted, the HTML page it received.
fn har_entry(
    at: OffsetDateTime,
    method: &str,
    url: &str,
    form: Option<&str>,
    page: Option<&str>,
) -> Value {
    let mut request = json!({
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": [],
        "queryString": [],
        "cookies": [],
        "headersSize": -1,
        "bodySize": form.map_or(0, str::len),
    });
    if let Some(body) = form {
        request["postData"] =
            json!({"mimeType": "application/x-www-form-urlencoded", "text": body});
    }
    json!({
        "startedDateTime": at.format(&Rfc3339).expect("an RFC 3339 time"),
        "time": 20,
        "request": request,
        "response": {
            "status": if method == "GET" { 200 } else { 302 },
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": [],
            "cookies": [],
            "content": {
                "size": page.map_or(0, str::len),
                "mimeType": "text/html; charset=utf-8",
                "text": page.unwrap_or_default(),
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": 0,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 20, "receive": 0},
    })
}

/// The sign-in as a browser captures it: the library's SP sends its signed AuthnRequest
/// (`request` binding) to the library's IdP, whose Response (answering the request sent
/// with `answered`) is posted to the SP's ACS. Analysed with the IdP's metadata as
/// `--trust` (what a user debugging the IdP side has) at the HAR's capture times.
fn sign_in(library: Library, request: Binding, answered: Binding) -> (Value, Option<i32>) {
    let generated = generated(library);
    let name = |binding: Binding| {
        if binding == Binding::Redirect {
            "redirect"
        } else {
            "post"
        }
    };
    let posted = std::fs::read_to_string(
        generated
            .dir
            .join(format!("flow-response-{}.b64", name(answered))),
    )
    .expect("the generator answered the AuthnRequest");
    let response = generated
        .dir
        .join(format!("flow-response-{}.xml", name(answered)));
    decode_to_file(&posted, &response);
    let issued = issue_instant(&response);
    let request_entry = match request {
        Binding::Redirect => {
            let url = std::fs::read_to_string(generated.dir.join("authn-request-redirect.txt"))
                .expect("the generator wrote the URL");
            har_entry(issued - Duration::seconds(2), "GET", url.trim(), None, None)
        }
        Binding::Post => {
            let value = std::fs::read_to_string(generated.dir.join("authn-request-post.b64"))
                .expect("the generator wrote the POST value");
            let xml = generated.dir.join("flow-request-post.xml");
            decode_to_file(&value, &xml);
            let sso = tool(
                "xmllint",
                &[
                    "--xpath",
                    "string(/*/@Destination)",
                    xml.to_str().expect("a UTF-8 path"),
                ],
            );
            let sso = String::from_utf8_lossy(&sso.stdout).trim().to_owned();
            assert!(
                sso.starts_with("https://"),
                "the AuthnRequest names the IdP: {sso:?}"
            );
            let body = form_body("SAMLRequest", &value);
            har_entry(
                issued - Duration::seconds(2),
                "POST",
                &sso,
                Some(&body),
                None,
            )
        }
    };
    let body = form_body("SAMLResponse", &posted);
    let har = json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "saml-inspector interop", "version": "1"},
            "entries": [request_entry, har_entry(issued + Duration::seconds(1), "POST", GENERIC_ACS, Some(&body), None)],
        }
    });
    let file = generated.dir.join(format!(
        "sign-in-{}-answering-{}.har",
        name(request),
        name(answered)
    ));
    write_whole(&file, har.to_string()).expect("the HAR can be written");
    let output = Command::new(BIN)
        .args(["--format", "json", "--trust"])
        .arg(generated.dir.join("metadata.xml"))
        .args(["--expect", &format!("acs={GENERIC_ACS}")])
        .args(["--expect", &format!("audience={GENERIC_AUDIENCE}")])
        .arg(&file)
        .output()
        .expect("saml-inspect runs");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "saml-inspect printed no JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output.status.code())
}

fn message_of_kind<'a>(report: &'a Value, kind: &str, what: &str) -> &'a Value {
    let messages: Vec<&Value> = report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|message| message["kind"] == kind)
        .collect();
    assert_eq!(messages.len(), 1, "{what}: one {kind} in the HAR");
    messages[0]
}

fn errors_of(message: &Value) -> Vec<String> {
    message["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|finding| finding["severity"] == "error")
        .filter_map(|finding| finding["id"].as_str().map(str::to_owned))
        .collect()
}

/// The Response of an SP-initiated sign-in: trusted, no error, and InResponseTo answers
/// the AuthnRequest seen just before it (RelayState came back).
fn check_sign_in_response(library: Library, binding: Binding) {
    let what = format!("{} sign-in ({binding:?} AuthnRequest)", library.name());
    let (report, _) = sign_in(library, binding, binding);
    let response = message_of_kind(&report, "Response", &what);
    let summary = summary(response, Path::new("(HAR)"));
    assert_eq!(report["reference_time"]["source"], "har", "{what}");
    assert_eq!(
        response["assertion_signature"], "trusted",
        "{what}:\n{summary}"
    );
    assert!(
        errors_of(response).is_empty(),
        "{what}: false alarm:\n{summary}"
    );
    let confirmation = response["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|finding| finding["id"] == "core.subject.confirmation")
        .unwrap_or_else(|| panic!("{what}: no core.subject.confirmation:\n{summary}"));
    let detail = confirmation["detail"].as_str().unwrap_or_default();
    assert_eq!(confirmation["severity"], "pass", "{what}: {confirmation}");
    assert!(
        detail.contains("answers"),
        "{what}: InResponseTo is matched: {detail:?}"
    );
    assert!(
        detail.contains("came back unchanged"),
        "{what}: RelayState is matched: {detail:?}"
    );
}

/// The SP's AuthnRequest in the same capture, checked against the IdP's keys only: the
/// SP signed it, so the IdP's metadata says nothing about it. Its signature is not
/// "invalid" and it carries no error (no "rotated IdP certificate"), so the sign-in
/// exits 0.
fn check_sign_in_request(library: Library, binding: Binding) {
    let what = format!("{} sign-in ({binding:?} AuthnRequest)", library.name());
    let (report, exit) = sign_in(library, binding, binding);
    let request = message_of_kind(&report, "AuthnRequest", &what);
    let summary = summary(request, Path::new("(HAR)"));
    for signature in request["signatures"].as_array().into_iter().flatten() {
        assert_ne!(
            signature["status"], "invalid",
            "{what}: an intact signature by the SP's key, which was not given:\n{summary}"
        );
    }
    assert!(
        errors_of(request).is_empty(),
        "{what}: false alarm:\n{summary}"
    );
    assert_eq!(exit, Some(0), "{what}: exit status:\n{summary}");
}

/// A Response that answers another AuthnRequest than the one captured before it (the
/// user started twice): `core.subject.confirmation` is an error, and nothing else is.
fn check_sign_in_stale(library: Library) {
    let what = format!("{} sign-in answering another AuthnRequest", library.name());
    let (report, _) = sign_in(library, Binding::Redirect, Binding::Post);
    let response = message_of_kind(&report, "Response", &what);
    let summary = summary(response, Path::new("(HAR)"));
    assert_eq!(
        errors_of(response),
        ["core.subject.confirmation"],
        "{what}:\n{summary}"
    );
}

/// Writes `contents` to `path` whole or not at all: to a file of its own first, then
/// renamed over `path`. Tests run at once, and several write the same file (with the
/// same contents) while others read it: written in place, a reader could find it empty
/// ("the input is empty", under load).
fn write_whole(path: &Path, contents: impl AsRef<[u8]>) -> std::io::Result<()> {
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("file");
    let own = path.with_file_name(format!(
        ".{name}.{}.{}",
        std::process::id(),
        WRITTEN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&own, contents)?;
    std::fs::rename(&own, path)
}

/// pysaml2's own auto-submitting page (its HTTP-POST binding's HTML) as the IdP serves it,
/// then the browser's POST of it to AWS, in a HAR; returns the report, the POST's
/// capture time and the file.
fn idp_page_sign_in() -> (Value, OffsetDateTime, PathBuf) {
    let generated = generated(Library::Pysaml2);
    let page = std::fs::read_to_string(generated.dir.join("iam.html"))
        .expect("pysaml2 wrote its POST page");
    let posted = std::fs::read_to_string(generated.dir.join("iam.b64"))
        .expect("pysaml2 wrote its POST value");
    let issued = issue_instant(&generated.dir.join("iam.xml"));
    let served = issued + Duration::milliseconds(200);
    let submitted = issued + Duration::milliseconds(700);
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("SAMLResponse", posted.trim())
        .finish();
    let har = json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "saml-inspector interop", "version": "1"},
            "entries": [
                har_entry(served, "GET", "https://idp.pysaml2.interop.test/idp/sso", None, Some(&page)),
                har_entry(submitted, "POST", Target::Iam.acs(), Some(&body), None),
            ],
        }
    });
    let file = generated.dir.join("idp-page-sign-in.har");
    write_whole(&file, har.to_string()).expect("the HAR can be written");
    let output = Command::new(BIN)
        .args(["--format", "json", "--trust"])
        .arg(generated.dir.join("metadata.xml"))
        .args(["--expect", "profile=aws-iam"])
        .arg(&file)
        .output()
        .expect("saml-inspect runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "saml-inspect printed no JSON ({error}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, submitted, file)
}

/// The Response is captured twice, in the IdP's page and in the POST: one message, its
/// origin the POST, the page among where it was also captured; trusted, with no error.
#[test]
fn pysaml2_idp_page_sign_in_messages() {
    let (report, _, file) = idp_page_sign_in();
    let messages = report["messages"].as_array().expect("a messages array");
    let origins = |message: &serde_json::Value| {
        std::iter::once(&message["origin"])
            .chain(message["also_captured"].as_array().into_iter().flatten())
            .map(|origin| {
                (
                    origin["binding"].as_str().unwrap_or("?").to_owned(),
                    origin["har_entry"].as_u64().unwrap_or(u64::MAX),
                )
            })
            .collect::<Vec<_>>()
    };
    let found: Vec<_> = messages.iter().map(origins).collect();
    assert_eq!(
        found,
        [[("post".to_owned(), 1), ("html-form".to_owned(), 0)]],
        "{}",
        file.display()
    );
    for message in messages {
        let summary = summary(message, &file);
        assert_eq!(message["assertion_signature"], "trusted", "{summary}");
        assert!(errors_of(message).is_empty(), "false alarm:\n{summary}");
    }
}

/// CLI.md: a HAR's reference time is the capture time of its last Response (the POST).
#[test]
fn pysaml2_idp_page_sign_in_reference_time() {
    let (report, submitted, file) = idp_page_sign_in();
    assert_eq!(
        report["reference_time"]["source"],
        "har",
        "{}",
        file.display()
    );
    let value = report["reference_time"]["value"]
        .as_str()
        .unwrap_or_default();
    let reference = OffsetDateTime::parse(value, &Rfc3339)
        .unwrap_or_else(|error| panic!("reference_time {value:?} ({error})"));
    assert_eq!(
        reference,
        submitted,
        "the POST's capture time; {}",
        file.display()
    );
}

// --- one test per library × case × mode --------------------------------------------------

macro_rules! interop {
    ($($(#[$attribute:meta])* $test:ident: $library:ident $case:literal $mode:ident;)*) => {
        $(
            #[test]
            $(#[$attribute])*
            fn $test() {
                check(Library::$library, $case, Mode::$mode);
            }
        )*
    };
}

macro_rules! aws_encryption {
    ($($(#[$attribute:meta])* $test:ident: $library:ident $mode:ident;)*) => {
        $(
            #[test]
            $(#[$attribute])*
            fn $test() {
                check_aws_encryption(Library::$library, Mode::$mode);
            }
        )*
    };
}

interop! {
    pysaml2_iam_expect: Pysaml2 "iam" Expect;
    pysaml2_iam_auto: Pysaml2 "iam" Auto;
    pysaml2_iam_posted: Pysaml2 "iam" Posted;
    pysaml2_iam_regional_expect: Pysaml2 "iam-regional" Expect;
    pysaml2_iam_regional_auto: Pysaml2 "iam-regional" Auto;
    pysaml2_iam_regional_posted: Pysaml2 "iam-regional" Posted;
    pysaml2_iam_entity_id_expect: Pysaml2 "iam-entity-id" Expect;
    pysaml2_iam_entity_id_auto: Pysaml2 "iam-entity-id" Auto;
    pysaml2_iam_entity_id_posted: Pysaml2 "iam-entity-id" Posted;
    pysaml2_iic_expect: Pysaml2 "iic" Expect;
    pysaml2_iic_auto: Pysaml2 "iic" Auto;
    pysaml2_iic_posted: Pysaml2 "iic" Posted;
    pysaml2_generic_expect: Pysaml2 "generic" Expect;
    pysaml2_generic_auto: Pysaml2 "generic" Auto;
    pysaml2_generic_posted: Pysaml2 "generic" Posted;
    pysaml2_iam_response_signed_expect: Pysaml2 "iam-response-signed" Expect;
    pysaml2_iam_response_signed_auto: Pysaml2 "iam-response-signed" Auto;
    pysaml2_iam_response_signed_posted: Pysaml2 "iam-response-signed" Posted;
    pysaml2_iam_assertion_signed_expect: Pysaml2 "iam-assertion-signed" Expect;
    pysaml2_iam_assertion_signed_auto: Pysaml2 "iam-assertion-signed" Auto;
    pysaml2_iam_assertion_signed_posted: Pysaml2 "iam-assertion-signed" Posted;
    pysaml2_iam_multiple_roles_expect: Pysaml2 "iam-multiple-roles" Expect;
    pysaml2_iam_multiple_roles_auto: Pysaml2 "iam-multiple-roles" Auto;
    pysaml2_iam_multiple_roles_posted: Pysaml2 "iam-multiple-roles" Posted;
    pysaml2_iam_rotation_planned_expect: Pysaml2 "iam-rotation-planned" Expect;
    pysaml2_iam_rotation_planned_auto: Pysaml2 "iam-rotation-planned" Auto;
    pysaml2_iam_rotation_planned_posted: Pysaml2 "iam-rotation-planned" Posted;
    pysaml2_iam_expired_certificate_expect: Pysaml2 "iam-expired-certificate" Expect;
    pysaml2_iam_expired_certificate_auto: Pysaml2 "iam-expired-certificate" Auto;
    pysaml2_iam_expired_certificate_posted: Pysaml2 "iam-expired-certificate" Posted;
    pysaml2_iam_provider_first_expect: Pysaml2 "iam-provider-first" Expect;
    pysaml2_iam_provider_first_auto: Pysaml2 "iam-provider-first" Auto;
    pysaml2_iam_provider_first_posted: Pysaml2 "iam-provider-first" Posted;
    pysaml2_iam_wrong_audience_expect: Pysaml2 "iam-wrong-audience" Expect;
    pysaml2_iam_wrong_audience_auto: Pysaml2 "iam-wrong-audience" Auto;
    pysaml2_iam_wrong_audience_posted: Pysaml2 "iam-wrong-audience" Posted;
    pysaml2_iic_wrong_audience_expect: Pysaml2 "iic-wrong-audience" Expect;
    pysaml2_iic_wrong_audience_auto: Pysaml2 "iic-wrong-audience" Auto;
    pysaml2_iic_wrong_audience_posted: Pysaml2 "iic-wrong-audience" Posted;
    pysaml2_iam_role_trailing_space_expect: Pysaml2 "iam-role-trailing-space" Expect;
    pysaml2_iam_role_trailing_space_auto: Pysaml2 "iam-role-trailing-space" Auto;
    pysaml2_iam_role_trailing_space_posted: Pysaml2 "iam-role-trailing-space" Posted;
    pysaml2_iam_session_name_space_expect: Pysaml2 "iam-session-name-space" Expect;
    pysaml2_iam_session_name_space_auto: Pysaml2 "iam-session-name-space" Auto;
    pysaml2_iam_session_name_space_posted: Pysaml2 "iam-session-name-space" Posted;
    pysaml2_iic_nameid_persistent_expect: Pysaml2 "iic-nameid-persistent" Expect;
    pysaml2_iic_nameid_persistent_auto: Pysaml2 "iic-nameid-persistent" Auto;
    pysaml2_iic_nameid_persistent_posted: Pysaml2 "iic-nameid-persistent" Posted;
    pysaml2_iam_no_session_name_expect: Pysaml2 "iam-no-session-name" Expect;
    pysaml2_iam_no_session_name_auto: Pysaml2 "iam-no-session-name" Auto;
    pysaml2_iam_no_session_name_posted: Pysaml2 "iam-no-session-name" Posted;
    pysaml2_iam_sha1_expect: Pysaml2 "iam-sha1" Expect;
    pysaml2_iam_sha1_auto: Pysaml2 "iam-sha1" Auto;
    pysaml2_iam_sha1_posted: Pysaml2 "iam-sha1" Posted;
    pysaml2_iam_rotated_key_expect: Pysaml2 "iam-rotated-key" Expect;
    pysaml2_iam_rotated_key_auto: Pysaml2 "iam-rotated-key" Auto;
    pysaml2_iam_rotated_key_posted: Pysaml2 "iam-rotated-key" Posted;
    pysaml2_iam_expired_expect: Pysaml2 "iam-expired" Expect;
    pysaml2_iam_expired_auto: Pysaml2 "iam-expired" Auto;
    pysaml2_iam_expired_posted: Pysaml2 "iam-expired" Posted;
    pysaml2_iam_encrypted_expect: Pysaml2 "iam-encrypted" Expect;
    pysaml2_iam_encrypted_auto: Pysaml2 "iam-encrypted" Auto;
    pysaml2_iam_encrypted_posted: Pysaml2 "iam-encrypted" Posted;
    pysaml2_iic_encrypted_expect: Pysaml2 "iic-encrypted" Expect;
    pysaml2_iic_encrypted_auto: Pysaml2 "iic-encrypted" Auto;
    pysaml2_iic_encrypted_posted: Pysaml2 "iic-encrypted" Posted;

    samlify_iam_expect: Samlify "iam" Expect;
    samlify_iam_auto: Samlify "iam" Auto;
    samlify_iam_posted: Samlify "iam" Posted;
    samlify_iam_regional_expect: Samlify "iam-regional" Expect;
    samlify_iam_regional_auto: Samlify "iam-regional" Auto;
    samlify_iam_regional_posted: Samlify "iam-regional" Posted;
    samlify_iam_entity_id_expect: Samlify "iam-entity-id" Expect;
    samlify_iam_entity_id_auto: Samlify "iam-entity-id" Auto;
    samlify_iam_entity_id_posted: Samlify "iam-entity-id" Posted;
    samlify_iic_expect: Samlify "iic" Expect;
    samlify_iic_auto: Samlify "iic" Auto;
    samlify_iic_posted: Samlify "iic" Posted;
    samlify_generic_expect: Samlify "generic" Expect;
    samlify_generic_auto: Samlify "generic" Auto;
    samlify_generic_posted: Samlify "generic" Posted;
    samlify_iam_response_signed_expect: Samlify "iam-response-signed" Expect;
    samlify_iam_response_signed_auto: Samlify "iam-response-signed" Auto;
    samlify_iam_response_signed_posted: Samlify "iam-response-signed" Posted;
    samlify_iam_assertion_signed_expect: Samlify "iam-assertion-signed" Expect;
    samlify_iam_assertion_signed_auto: Samlify "iam-assertion-signed" Auto;
    samlify_iam_assertion_signed_posted: Samlify "iam-assertion-signed" Posted;
    samlify_iam_rotation_planned_expect: Samlify "iam-rotation-planned" Expect;
    samlify_iam_rotation_planned_auto: Samlify "iam-rotation-planned" Auto;
    samlify_iam_rotation_planned_posted: Samlify "iam-rotation-planned" Posted;
    samlify_iam_expired_certificate_expect: Samlify "iam-expired-certificate" Expect;
    samlify_iam_expired_certificate_auto: Samlify "iam-expired-certificate" Auto;
    samlify_iam_expired_certificate_posted: Samlify "iam-expired-certificate" Posted;
    samlify_iam_provider_first_expect: Samlify "iam-provider-first" Expect;
    samlify_iam_provider_first_auto: Samlify "iam-provider-first" Auto;
    samlify_iam_provider_first_posted: Samlify "iam-provider-first" Posted;
    samlify_iam_wrong_audience_expect: Samlify "iam-wrong-audience" Expect;
    samlify_iam_wrong_audience_auto: Samlify "iam-wrong-audience" Auto;
    samlify_iam_wrong_audience_posted: Samlify "iam-wrong-audience" Posted;
    samlify_iic_wrong_audience_expect: Samlify "iic-wrong-audience" Expect;
    samlify_iic_wrong_audience_auto: Samlify "iic-wrong-audience" Auto;
    samlify_iic_wrong_audience_posted: Samlify "iic-wrong-audience" Posted;
    samlify_iam_role_trailing_space_expect: Samlify "iam-role-trailing-space" Expect;
    samlify_iam_role_trailing_space_auto: Samlify "iam-role-trailing-space" Auto;
    samlify_iam_role_trailing_space_posted: Samlify "iam-role-trailing-space" Posted;
    samlify_iam_session_name_space_expect: Samlify "iam-session-name-space" Expect;
    samlify_iam_session_name_space_auto: Samlify "iam-session-name-space" Auto;
    samlify_iam_session_name_space_posted: Samlify "iam-session-name-space" Posted;
    samlify_iic_nameid_persistent_expect: Samlify "iic-nameid-persistent" Expect;
    samlify_iic_nameid_persistent_auto: Samlify "iic-nameid-persistent" Auto;
    samlify_iic_nameid_persistent_posted: Samlify "iic-nameid-persistent" Posted;
    samlify_iam_no_session_name_expect: Samlify "iam-no-session-name" Expect;
    samlify_iam_no_session_name_auto: Samlify "iam-no-session-name" Auto;
    samlify_iam_no_session_name_posted: Samlify "iam-no-session-name" Posted;
    samlify_iam_sha1_expect: Samlify "iam-sha1" Expect;
    samlify_iam_sha1_auto: Samlify "iam-sha1" Auto;
    samlify_iam_sha1_posted: Samlify "iam-sha1" Posted;
    samlify_iam_rotated_key_expect: Samlify "iam-rotated-key" Expect;
    samlify_iam_rotated_key_auto: Samlify "iam-rotated-key" Auto;
    samlify_iam_rotated_key_posted: Samlify "iam-rotated-key" Posted;
    samlify_iam_expired_expect: Samlify "iam-expired" Expect;
    samlify_iam_expired_auto: Samlify "iam-expired" Auto;
    samlify_iam_expired_posted: Samlify "iam-expired" Posted;
    samlify_iam_encrypted_expect: Samlify "iam-encrypted" Expect;
    samlify_iam_encrypted_auto: Samlify "iam-encrypted" Auto;
    samlify_iam_encrypted_posted: Samlify "iam-encrypted" Posted;
    samlify_iic_encrypted_expect: Samlify "iic-encrypted" Expect;
    samlify_iic_encrypted_auto: Samlify "iic-encrypted" Auto;
    samlify_iic_encrypted_posted: Samlify "iic-encrypted" Posted;

    lasso_iam_expect: Lasso "iam" Expect;
    lasso_iam_auto: Lasso "iam" Auto;
    lasso_iam_posted: Lasso "iam" Posted;
    lasso_iam_regional_expect: Lasso "iam-regional" Expect;
    lasso_iam_regional_auto: Lasso "iam-regional" Auto;
    lasso_iam_regional_posted: Lasso "iam-regional" Posted;
    lasso_iam_entity_id_expect: Lasso "iam-entity-id" Expect;
    lasso_iam_entity_id_auto: Lasso "iam-entity-id" Auto;
    lasso_iam_entity_id_posted: Lasso "iam-entity-id" Posted;
    lasso_iic_expect: Lasso "iic" Expect;
    lasso_iic_auto: Lasso "iic" Auto;
    lasso_iic_posted: Lasso "iic" Posted;
    lasso_generic_expect: Lasso "generic" Expect;
    lasso_generic_auto: Lasso "generic" Auto;
    lasso_generic_posted: Lasso "generic" Posted;
    lasso_iam_assertion_signed_expect: Lasso "iam-assertion-signed" Expect;
    lasso_iam_assertion_signed_auto: Lasso "iam-assertion-signed" Auto;
    lasso_iam_assertion_signed_posted: Lasso "iam-assertion-signed" Posted;
    lasso_iam_multiple_roles_expect: Lasso "iam-multiple-roles" Expect;
    lasso_iam_multiple_roles_auto: Lasso "iam-multiple-roles" Auto;
    lasso_iam_multiple_roles_posted: Lasso "iam-multiple-roles" Posted;
    lasso_iam_rotation_planned_expect: Lasso "iam-rotation-planned" Expect;
    lasso_iam_rotation_planned_auto: Lasso "iam-rotation-planned" Auto;
    lasso_iam_rotation_planned_posted: Lasso "iam-rotation-planned" Posted;
    lasso_iam_expired_certificate_expect: Lasso "iam-expired-certificate" Expect;
    lasso_iam_expired_certificate_auto: Lasso "iam-expired-certificate" Auto;
    lasso_iam_expired_certificate_posted: Lasso "iam-expired-certificate" Posted;
    lasso_iam_provider_first_expect: Lasso "iam-provider-first" Expect;
    lasso_iam_provider_first_auto: Lasso "iam-provider-first" Auto;
    lasso_iam_provider_first_posted: Lasso "iam-provider-first" Posted;
    lasso_iam_wrong_audience_expect: Lasso "iam-wrong-audience" Expect;
    lasso_iam_wrong_audience_auto: Lasso "iam-wrong-audience" Auto;
    lasso_iam_wrong_audience_posted: Lasso "iam-wrong-audience" Posted;
    lasso_iic_wrong_audience_expect: Lasso "iic-wrong-audience" Expect;
    lasso_iic_wrong_audience_auto: Lasso "iic-wrong-audience" Auto;
    lasso_iic_wrong_audience_posted: Lasso "iic-wrong-audience" Posted;
    lasso_iam_role_trailing_space_expect: Lasso "iam-role-trailing-space" Expect;
    lasso_iam_role_trailing_space_auto: Lasso "iam-role-trailing-space" Auto;
    lasso_iam_role_trailing_space_posted: Lasso "iam-role-trailing-space" Posted;
    lasso_iam_session_name_space_expect: Lasso "iam-session-name-space" Expect;
    lasso_iam_session_name_space_auto: Lasso "iam-session-name-space" Auto;
    lasso_iam_session_name_space_posted: Lasso "iam-session-name-space" Posted;
    lasso_iic_nameid_persistent_expect: Lasso "iic-nameid-persistent" Expect;
    lasso_iic_nameid_persistent_auto: Lasso "iic-nameid-persistent" Auto;
    lasso_iic_nameid_persistent_posted: Lasso "iic-nameid-persistent" Posted;
    lasso_iam_no_session_name_expect: Lasso "iam-no-session-name" Expect;
    lasso_iam_no_session_name_auto: Lasso "iam-no-session-name" Auto;
    lasso_iam_no_session_name_posted: Lasso "iam-no-session-name" Posted;
    lasso_iam_sha1_expect: Lasso "iam-sha1" Expect;
    lasso_iam_sha1_auto: Lasso "iam-sha1" Auto;
    lasso_iam_sha1_posted: Lasso "iam-sha1" Posted;
    lasso_iam_rotated_key_expect: Lasso "iam-rotated-key" Expect;
    lasso_iam_rotated_key_auto: Lasso "iam-rotated-key" Auto;
    lasso_iam_rotated_key_posted: Lasso "iam-rotated-key" Posted;
    lasso_iam_expired_expect: Lasso "iam-expired" Expect;
    lasso_iam_expired_auto: Lasso "iam-expired" Auto;
    lasso_iam_expired_posted: Lasso "iam-expired" Posted;
    lasso_iam_encrypted_expect: Lasso "iam-encrypted" Expect;
    lasso_iam_encrypted_auto: Lasso "iam-encrypted" Auto;
    lasso_iam_encrypted_posted: Lasso "iam-encrypted" Posted;
    lasso_iic_encrypted_expect: Lasso "iic-encrypted" Expect;
    lasso_iic_encrypted_auto: Lasso "iic-encrypted" Auto;
    lasso_iic_encrypted_posted: Lasso "iic-encrypted" Posted;
}

/// Every case has its tests: a case added to `CASES` without its lines above is caught.
#[test]
fn every_case_is_tested_for_every_library_and_mode() {
    let source = include_str!("interop.rs");
    for library in [Library::Pysaml2, Library::Samlify, Library::Lasso] {
        for case in CASES.iter().filter(|case| makes(library, case)) {
            for mode in [Mode::Expect, Mode::Auto, Mode::Posted] {
                let line = format!("{library:?} \"{}\" {mode:?};", case.name);
                assert!(source.contains(&line), "no test line `{line}`");
            }
        }
    }
}

aws_encryption! {
    pysaml2_iam_encrypted_aws_encryption_expect: Pysaml2 Expect;
    pysaml2_iam_encrypted_aws_encryption_auto: Pysaml2 Auto;
    samlify_iam_encrypted_aws_encryption_expect: Samlify Expect;
    samlify_iam_encrypted_aws_encryption_auto: Samlify Auto;
    lasso_iam_encrypted_aws_encryption_expect: Lasso Expect;
    lasso_iam_encrypted_aws_encryption_auto: Lasso Auto;
}

macro_rules! metadata {
    ($($test:ident: $library:ident $file:literal;)*) => {
        $(
            #[test]
            fn $test() {
                check_metadata(Library::$library, $file);
            }
        )*
    };
}

metadata! {
    pysaml2_metadata: Pysaml2 "metadata.xml";
    pysaml2_metadata_expired_certificate: Pysaml2 "metadata-idp-expired.xml";
    samlify_metadata: Samlify "metadata.xml";
    samlify_metadata_expired_certificate: Samlify "metadata-idp-expired.xml";
    lasso_metadata: Lasso "metadata.xml";
    lasso_metadata_expired_certificate: Lasso "metadata-idp-expired.xml";
}

macro_rules! authn_request {
    ($($(#[$attribute:meta])* $test:ident: $library:ident $binding:ident $trusted:literal;)*) => {
        $(
            #[test]
            $(#[$attribute])*
            fn $test() {
                check_authn_request(Library::$library, Binding::$binding, $trusted);
            }
        )*
    };
}

authn_request! {
    pysaml2_authn_request_redirect: Pysaml2 Redirect true;
    pysaml2_authn_request_post: Pysaml2 Post true;
    pysaml2_authn_request_redirect_untrusted: Pysaml2 Redirect false;
    pysaml2_authn_request_post_untrusted: Pysaml2 Post false;
    samlify_authn_request_redirect: Samlify Redirect true;
    samlify_authn_request_post: Samlify Post true;
    samlify_authn_request_redirect_untrusted: Samlify Redirect false;
    samlify_authn_request_post_untrusted: Samlify Post false;
    lasso_authn_request_redirect: Lasso Redirect true;
    lasso_authn_request_post: Lasso Post true;
    lasso_authn_request_redirect_untrusted: Lasso Redirect false;
    lasso_authn_request_post_untrusted: Lasso Post false;
}

macro_rules! sign_in {
    ($($(#[$attribute:meta])* $test:ident: $check:ident($($argument:expr),*);)*) => {
        $(
            #[test]
            $(#[$attribute])*
            fn $test() {
                $check($($argument),*);
            }
        )*
    };
}

sign_in! {
    pysaml2_sign_in_redirect_response: check_sign_in_response(Library::Pysaml2, Binding::Redirect);
    pysaml2_sign_in_post_response: check_sign_in_response(Library::Pysaml2, Binding::Post);
    pysaml2_sign_in_redirect_request: check_sign_in_request(Library::Pysaml2, Binding::Redirect);
    pysaml2_sign_in_post_request: check_sign_in_request(Library::Pysaml2, Binding::Post);
    pysaml2_sign_in_stale: check_sign_in_stale(Library::Pysaml2);
    samlify_sign_in_redirect_response: check_sign_in_response(Library::Samlify, Binding::Redirect);
    samlify_sign_in_post_response: check_sign_in_response(Library::Samlify, Binding::Post);
    samlify_sign_in_redirect_request: check_sign_in_request(Library::Samlify, Binding::Redirect);
    samlify_sign_in_post_request: check_sign_in_request(Library::Samlify, Binding::Post);
    samlify_sign_in_stale: check_sign_in_stale(Library::Samlify);
    lasso_sign_in_redirect_response: check_sign_in_response(Library::Lasso, Binding::Redirect);
    lasso_sign_in_post_response: check_sign_in_response(Library::Lasso, Binding::Post);
    lasso_sign_in_redirect_request: check_sign_in_request(Library::Lasso, Binding::Redirect);
    lasso_sign_in_post_request: check_sign_in_request(Library::Lasso, Binding::Post);
    lasso_sign_in_stale: check_sign_in_stale(Library::Lasso);
}
