//! Signature verification, timed the way a user meets it: the bytes of a SAML Response
//! in, every `ds:Signature` verified against the trusted IdP certificate out
//! (`xml::parse` + `dsig::verify_document`, dropping both inside the timed region).
//!
//! Setup generates made-up, AWS-flavoured Responses of about 5 KB, 60 KB and 1.5 MB
//! (the size comes from the number of `Role` values and `PrincipalTag` attributes in
//! the Assertion), each signed twice over by `xmlsec1 --sign` with a throwaway
//! RSA-2048 key: once on the Assertion only, once on the Assertion and then the
//! Response (RSA-SHA256, exclusive c14n, enveloped). Every verdict must be
//! `Status::Valid` before anything is timed.
//!
//! The signed files, the certificate and `cases.tsv` (name, file, bytes, signatures)
//! stay in `<target>/verify-bench/`, where `scripts/bench-verify` times xmlsec1 on the
//! very same bytes.
//!
//! `rsa_pkcs1_v15` times the key step alone: one RSA-2048 / SHA-256 signature value
//! (made by `openssl dgst -sign` over a SignedInfo-sized message) checked with
//! `dsig::verify_with_key`, key parsing included, as the verifier does it for a key a
//! message carries (a trusted key is read once, when first used).
//!
//! Run: `cargo bench --bench verify` (needs `openssl` and `xmlsec1` on PATH).
//!
//! With `VERIFY_PAIRED=ROUNDS` in the environment, divan does not run: instead each case
//! is timed against `xmlsec1 --verify` on the same file, the two alternating, ROUNDS
//! times, and one line per round is printed (tab-separated: case, bytes, round, ours µs,
//! parse µs, xmlsec1 µs, ours / xmlsec1), which `scripts/bench-verify` summarises. See
//! [`native::paired`].

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::generate();
    if let Some(rounds) = std::env::var("VERIFY_PAIRED")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
    {
        native::paired(rounds);
        return;
    }
    divan::main();
}

// divan is a native-only dev-dependency; on wasm32 the bench is empty.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};
    use std::process::Command;
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};

    use base64::Engine as _;
    use divan::Bencher;
    use divan::counter::BytesCount;
    use saml_inspector::dsig::algorithms::SignatureAlgorithm;
    use saml_inspector::dsig::ec::EcdsaLayout;
    use saml_inspector::dsig::{self, Status, TrustStore};
    use saml_inspector::limits::Limits;
    use saml_inspector::{cert, xml};

    /// Sizes (label, approximate bytes of the assertion-signed file) by variant; the
    /// both-signed file holds the same content plus the Response's signature.
    const SIZES: [(&str, usize); 3] = [("5KB", 5_000), ("60KB", 60_000), ("1.5MB", 1_500_000)];
    const VARIANTS: [Variant; 2] = [Variant::AssertionSigned, Variant::BothSigned];

    /// The benchmark cases, by the name `cases.tsv` and divan print.
    const CASES: [&str; 6] = [
        "5KB-assertion-signed",
        "5KB-both-signed",
        "60KB-assertion-signed",
        "60KB-both-signed",
        "1.5MB-assertion-signed",
        "1.5MB-both-signed",
    ];

    const ASSERTION_ELEMENT: &str = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion";
    const RESPONSE_ELEMENT: &str = "urn:oasis:names:tc:SAML:2.0:protocol:Response";
    const RESPONSE_ID: &str = "_resp-8f14e45fceea167a5a36dedd4bea2543";
    const ASSERTION_ID: &str = "_assert-c9f0f895fb98ab9159f51fd0297e236d";

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Variant {
        AssertionSigned,
        BothSigned,
    }

    impl Variant {
        fn label(self) -> &'static str {
            match self {
                Variant::AssertionSigned => "assertion-signed",
                Variant::BothSigned => "both-signed",
            }
        }

        fn signatures(self) -> usize {
            match self {
                Variant::AssertionSigned => 1,
                Variant::BothSigned => 2,
            }
        }
    }

    struct Fixture {
        name: String,
        bytes: Vec<u8>,
    }

    struct Setup {
        fixtures: Vec<Fixture>,
        trust: TrustStore,
        key_check: KeyCheck,
    }

    /// One signature value over `message` and the SubjectPublicKeyInfo that checks it.
    struct KeyCheck {
        spki: Vec<u8>,
        message: Vec<u8>,
        signature: Vec<u8>,
    }

    static SETUP: OnceLock<Setup> = OnceLock::new();

    fn setup() -> &'static Setup {
        SETUP.get().expect("generate() runs before divan::main()")
    }

    /// Makes the key, the certificate and the signed files, checks that we verify every
    /// signature in them with the certificate trusted, and keeps them for the benches.
    pub fn generate() {
        let dir = output_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let key = dir.join("key.pem");
        let cert_pem = dir.join("cert.pem");
        run(
            "openssl",
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-sha256",
                "-days",
                "3650",
                "-subj",
                "/CN=idp.bench.example.test/O=SAML Inspector Bench",
                "-keyout",
                path(&key),
                "-out",
                path(&cert_pem),
            ],
        );
        let der = pem_body(&std::fs::read_to_string(&cert_pem).unwrap());
        let certificate = cert::parse_der(&der).unwrap();
        let key_check = key_check(&key, certificate.spki.clone(), &dir);
        let mut trust = TrustStore::default();
        trust.add_certificate(certificate, "idp".into());
        let signing_key = format!("{},{}", path(&key), path(&cert_pem));

        let mut fixtures = Vec::new();
        let mut table = String::from("name\tfile\tbytes\tsignatures\n");
        for (size, target) in SIZES {
            let units = units_for(target);
            for variant in VARIANTS {
                let name = format!("{size}-{}", variant.label());
                let file = dir.join(format!("{name}.xml"));
                let bytes = signed_response(units, variant, &signing_key, &dir, &file);
                check(&name, &bytes, &trust, variant.signatures());
                writeln!(
                    table,
                    "{name}\t{}\t{}\t{}",
                    path(&file),
                    bytes.len(),
                    variant.signatures()
                )
                .unwrap();
                fixtures.push(Fixture { name, bytes });
            }
        }
        // The private key is not needed past signing.
        std::fs::remove_file(&key).unwrap();
        std::fs::write(dir.join("cases.tsv"), table).unwrap();
        assert_eq!(
            fixtures.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            CASES
        );
        eprintln!("verify-bench: signed files in {}", dir.display());
        assert!(
            SETUP
                .set(Setup {
                    fixtures,
                    trust,
                    key_check
                })
                .is_ok()
        );
    }

    /// Signs a SignedInfo-sized message with `openssl dgst -sha256 -sign` (RSASSA-PKCS1-v1_5)
    /// and checks that the key step accepts it, and refuses it one bit off.
    fn key_check(key: &Path, spki: Vec<u8>, dir: &Path) -> KeyCheck {
        let message = signature_template(ASSERTION_ID, "").into_bytes();
        let message_file = dir.join("key-check.txt");
        let signature_file = dir.join("key-check.sig");
        std::fs::write(&message_file, &message).unwrap();
        run(
            "openssl",
            &[
                "dgst",
                "-sha256",
                "-sign",
                path(key),
                "-out",
                path(&signature_file),
                path(&message_file),
            ],
        );
        let signature = std::fs::read(&signature_file).unwrap();
        let check = KeyCheck {
            spki,
            message,
            signature,
        };
        assert_eq!(check_key(&check, &check.signature), Ok(true));
        let mut flipped = check.signature.clone();
        flipped[100] ^= 1;
        assert_eq!(check_key(&check, &flipped), Ok(false));
        check
    }

    fn check_key(check: &KeyCheck, signature: &[u8]) -> Result<bool, dsig::KeyProblem> {
        dsig::verify_with_key(
            SignatureAlgorithm::RsaSha256,
            &check.spki,
            &check.message,
            signature,
            EcdsaLayout::Concatenated,
        )
    }

    /// `<target>/verify-bench` (`CARGO_TARGET_TMPDIR` is `<target>/tmp`).
    fn output_dir() -> PathBuf {
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        tmp.parent().unwrap_or(tmp).join("verify-bench")
    }

    fn path(path: &Path) -> &str {
        path.to_str().expect("paths under target/ are UTF-8")
    }

    fn run(program: &str, arguments: &[&str]) {
        let output = Command::new(program)
            .args(arguments)
            .output()
            .unwrap_or_else(|error| panic!("cannot run {program} ({error})"));
        assert!(
            output.status.success(),
            "{program} {arguments:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn pem_body(pem: &str) -> Vec<u8> {
        let body: String = pem
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    }

    /// Asserts that every signature verifies with the trusted key (setup, not timing).
    fn check(name: &str, bytes: &[u8], trust: &TrustStore, signatures: usize) {
        let doc = xml::parse(bytes, &Limits::default()).unwrap();
        let verdicts = dsig::verify_document(&doc, trust, &Limits::default());
        assert_eq!(verdicts.len(), signatures, "{name}: signatures found");
        for verdict in &verdicts {
            assert_eq!(
                verdict.status(),
                Status::Valid,
                "{name}: {:?}",
                verdict.outcome
            );
        }
    }

    // --- the timed part --------------------------------------------------------------

    #[divan::bench(args = CASES)]
    fn verify(bencher: Bencher, case: &str) {
        let fixture = fixture(case);
        let trust = &setup().trust;
        bencher
            .counter(BytesCount::of_slice(&fixture.bytes))
            .bench(|| {
                let doc = xml::parse(divan::black_box(&fixture.bytes), &Limits::default()).unwrap();
                let verdicts = dsig::verify_document(&doc, trust, &Limits::default());
                verdicts
                    .iter()
                    .filter(|verdict| verdict.status() == Status::Valid)
                    .count()
            });
    }

    /// The key step alone: RSA-2048 with e = 65537, SHA-256 over about 1 KB.
    #[divan::bench]
    fn rsa_pkcs1_v15(bencher: Bencher) {
        let check = &setup().key_check;
        bencher.bench(|| check_key(check, divan::black_box(&check.signature)));
    }

    /// The most a hostile key makes the key step cost: a modulus of `MAX_RSA_BITS` bits
    /// and the largest exponent the checks let through (2^33 - 1), in a certificate a
    /// message can carry. The value is below the modulus, so the whole exponentiation
    /// runs before the padding check refuses it.
    #[divan::bench(sample_count = 20)]
    fn rsa_largest_key(bencher: Bencher) {
        let bytes = dsig::MAX_RSA_BITS / 8;
        let modulus = vec![0xFF; bytes];
        let exponent = [0x01, 0xFF, 0xFF, 0xFF, 0xFF];
        let spki = rsa_spki(&modulus, &exponent);
        let mut value = vec![0x5A; bytes];
        value[0] = 0x7F;
        let check = |value: &[u8]| {
            dsig::verify_with_key(
                SignatureAlgorithm::RsaSha256,
                &spki,
                b"<ds:SignedInfo/>",
                value,
                EcdsaLayout::Concatenated,
            )
        };
        assert_eq!(check(&value), Ok(false));
        bencher.bench(|| check(divan::black_box(&value)));
    }

    /// A DER SubjectPublicKeyInfo for the RSA key (n, e), both given big-endian with
    /// their top bit clear or a leading zero added here.
    fn rsa_spki(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
        fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
            let mut out = vec![tag];
            let length = content.len();
            if length < 0x80 {
                out.push(length as u8);
            } else {
                let bytes = length.to_be_bytes();
                let skip = bytes.iter().take_while(|&&byte| byte == 0).count();
                out.push(0x80 | (bytes.len() - skip) as u8);
                out.extend_from_slice(&bytes[skip..]);
            }
            out.extend_from_slice(content);
            out
        }
        let integer = |magnitude: &[u8]| {
            let mut content = magnitude.to_vec();
            if content[0] & 0x80 != 0 {
                content.insert(0, 0);
            }
            tlv(0x02, &content)
        };
        // rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
        let algorithm = tlv(
            0x30,
            &[
                &[
                    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01,
                ][..],
                &[0x05, 0x00],
            ]
            .concat(),
        );
        let key = tlv(0x30, &[integer(modulus), integer(exponent)].concat());
        let bit_string = tlv(0x03, &[&[0][..], &key].concat());
        tlv(0x30, &[algorithm, bit_string].concat())
    }

    /// Parsing alone, to tell how much of `verify` is the parser's.
    #[divan::bench(args = CASES)]
    fn parse(bencher: Bencher, case: &str) {
        let fixture = fixture(case);
        bencher
            .counter(BytesCount::of_slice(&fixture.bytes))
            .bench(|| {
                let doc = xml::parse(divan::black_box(&fixture.bytes), &Limits::default()).unwrap();
                doc.len()
            });
    }

    // --- paired with xmlsec1 --------------------------------------------------------

    /// How long one batch of ours, or one run of xmlsec1 over K copies, should take.
    const BATCH: Duration = Duration::from_millis(250);

    /// Each case, `rounds` times: a batch of ours (parse + verify, as `verify` times it,
    /// and parsing alone) and xmlsec1's time per verification of the same file, in
    /// alternating order, so that both see the same moments of a machine whose load
    /// changes; the ratio is taken within each round.
    ///
    /// Ours: the mean over a batch of iterations lasting about [`BATCH`] (the iteration
    /// count fixed per case beforehand). xmlsec1 1.2 verifies every file named after its
    /// options in one process, so its time per verification is
    /// `(time for K copies - time for 1) / (K - 1)`, which leaves out start-up and key
    /// loading; K is fixed per case so that K copies take about [`BATCH`]. `xmlsec1
    /// --verify` checks one signature per file (the first at or under the start node):
    /// for a both-signed file it runs once as is (the Response's signature) and once
    /// with `--node-name` on the Assertion, and the two times are added. Every run must
    /// print one `OK` per copy.
    pub fn paired(rounds: usize) {
        let dir = output_dir();
        let cert = dir.join("cert.pem");
        let trust = &setup().trust;
        println!("case\tbytes\tround\tours_us\tparse_us\txmlsec1_us\tratio");
        for fixture in &setup().fixtures {
            let file = dir.join(format!("{}.xml", fixture.name));
            let both = fixture.name.ends_with(Variant::BothSigned.label());
            let verify = || {
                let doc =
                    xml::parse(std::hint::black_box(&fixture.bytes), &Limits::default()).unwrap();
                let verdicts = dsig::verify_document(&doc, trust, &Limits::default());
                verdicts.len()
            };
            let parse = || {
                xml::parse(std::hint::black_box(&fixture.bytes), &Limits::default())
                    .unwrap()
                    .len()
            };
            let verify_iterations = iterations_for(&verify);
            let parse_iterations = iterations_for(&parse);
            let mut node_names = vec![None];
            if both {
                node_names.push(Some(ASSERTION_ELEMENT));
            }
            let copies: Vec<usize> = node_names
                .iter()
                .map(|node_name| copies_for(&cert, &file, *node_name))
                .collect();
            for round in 0..rounds {
                let mut ours = 0.0;
                let mut parsed = 0.0;
                let mut theirs = 0.0;
                let mut time_ours = || {
                    ours = batch(&verify, verify_iterations);
                    parsed = batch(&parse, parse_iterations);
                };
                let mut time_theirs = || {
                    theirs = node_names
                        .iter()
                        .zip(&copies)
                        .map(|(node_name, &count)| {
                            let one = xmlsec1_run(&cert, &file, *node_name, 1);
                            let many = xmlsec1_run(&cert, &file, *node_name, count);
                            (many - one).max(0.0) / (count - 1) as f64
                        })
                        .sum();
                };
                if round % 2 == 0 {
                    time_ours();
                    time_theirs();
                } else {
                    time_theirs();
                    time_ours();
                }
                println!(
                    "{}\t{}\t{round}\t{ours:.1}\t{parsed:.1}\t{theirs:.1}\t{:.4}",
                    fixture.name,
                    fixture.bytes.len(),
                    ours / theirs
                );
            }
        }
    }

    /// Iterations of `run` that take about [`BATCH`], from a short trial.
    fn iterations_for(run: &impl Fn() -> usize) -> usize {
        let start = Instant::now();
        let mut iterations = 0;
        while start.elapsed() < BATCH / 5 {
            std::hint::black_box(run());
            iterations += 1;
        }
        (iterations * 5).max(5)
    }

    /// Mean microseconds of one of `iterations` runs of `run`.
    fn batch(run: &impl Fn() -> usize, iterations: usize) -> f64 {
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(run());
        }
        start.elapsed().as_secs_f64() * 1e6 / iterations as f64
    }

    /// Copies of `file` for which one xmlsec1 run takes about [`BATCH`] (10 to 4000).
    fn copies_for(cert: &Path, file: &Path, node_name: Option<&str>) -> usize {
        let one = xmlsec1_run(cert, file, node_name, 1);
        let ten = xmlsec1_run(cert, file, node_name, 10);
        let each = ((ten - one) / 9.0).max(1.0);
        ((BATCH.as_secs_f64() * 1e6 / each) as usize).clamp(10, 4000)
    }

    /// Microseconds for one `xmlsec1 --verify` over `count` copies of `file`, the way
    /// its users verify against a pinned key: only KeyName enabled, so it reads no
    /// X509Data from KeyInfo and verifies with the certificate it was given.
    fn xmlsec1_run(cert: &Path, file: &Path, node_name: Option<&str>, count: usize) -> f64 {
        let mut command = Command::new("xmlsec1");
        command.args([
            "--verify",
            "--pubkey-cert-pem",
            path(cert),
            "--enabled-key-data",
            "key-name",
            "--id-attr:ID",
            ASSERTION_ELEMENT,
            "--id-attr:ID",
            RESPONSE_ELEMENT,
        ]);
        if let Some(node_name) = node_name {
            command.args(["--node-name", node_name]);
        }
        command.args(std::iter::repeat_n(path(file), count));
        let start = Instant::now();
        let output = command.output().expect("xmlsec1 runs");
        let elapsed = start.elapsed().as_secs_f64() * 1e6;
        let verified = String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|line| *line == "OK")
            .count();
        assert!(
            output.status.success() && verified == count,
            "xmlsec1 verified {verified} of {count} copies of {}",
            file.display()
        );
        elapsed
    }

    fn fixture(case: &str) -> &'static Fixture {
        setup()
            .fixtures
            .iter()
            .find(|fixture| fixture.name == case)
            .expect("every case in CASES is generated")
    }

    // --- the generated Responses -----------------------------------------------------

    /// Bytes of one unit of attribute content (one `Role` value, and a quarter of a
    /// `PrincipalTag` attribute), measured rather than guessed.
    fn units_for(target: usize) -> usize {
        let base = template(0, false).len();
        let per_unit = (template(400, false).len() - base) / 400;
        // One signature with its certificate adds about 2.6 KB; at least two roles.
        (target.saturating_sub(base + 2_600) / per_unit.max(1)).max(2)
    }

    /// Signs the Response with `units` of attribute content as `variant` asks, writes
    /// it to `file` and returns its bytes. Both-signed: the Assertion first, then the
    /// Response around it, each from its own template.
    fn signed_response(
        units: usize,
        variant: Variant,
        signing_key: &str,
        dir: &Path,
        file: &Path,
    ) -> Vec<u8> {
        let template_file = dir.join("template.xml");
        std::fs::write(&template_file, template(units, true)).unwrap();
        sign(signing_key, &template_file, file);
        if variant == Variant::BothSigned {
            let assertion_signed = std::fs::read_to_string(file).unwrap();
            let issuer_end = "</saml2:Issuer>";
            let at = assertion_signed.find(issuer_end).unwrap() + issuer_end.len();
            let mut with_template = assertion_signed;
            with_template.insert_str(at, &signature_template(RESPONSE_ID, "  "));
            std::fs::write(&template_file, with_template).unwrap();
            sign(signing_key, &template_file, file);
        }
        std::fs::remove_file(&template_file).unwrap();
        std::fs::read(file).unwrap()
    }

    /// `xmlsec1 --sign` fills the first empty signature template in document order.
    fn sign(signing_key: &str, template: &Path, output: &Path) {
        run(
            "xmlsec1",
            &[
                "--sign",
                "--privkey-pem",
                signing_key,
                "--id-attr:ID",
                ASSERTION_ELEMENT,
                "--id-attr:ID",
                RESPONSE_ELEMENT,
                "--output",
                path(output),
                path(template),
            ],
        );
    }

    /// An enveloped RSA-SHA256 / exclusive c14n signature template over `#id`, as IdPs
    /// emit them (the certificate in `KeyInfo`, `xs` in the `PrefixList`).
    fn signature_template(id: &str, indent: &str) -> String {
        format!(
            r##"
{indent}<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
{indent}  <ds:SignedInfo>
{indent}    <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
{indent}    <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
{indent}    <ds:Reference URI="#{id}">
{indent}      <ds:Transforms>
{indent}        <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
{indent}        <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform>
{indent}      </ds:Transforms>
{indent}      <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
{indent}      <ds:DigestValue/>
{indent}    </ds:Reference>
{indent}  </ds:SignedInfo>
{indent}  <ds:SignatureValue/>
{indent}  <ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>
{indent}</ds:Signature>"##
        )
    }

    /// Made-up team names for roles and tags.
    const TEAMS: [&str; 8] = [
        "Payments",
        "Search",
        "DataPlatform",
        "Identity",
        "Observability",
        "MobileApps",
        "Billing",
        "SecurityOps",
    ];
    const ACCESS: [&str; 4] = ["ReadOnly", "PowerUser", "Admin", "BreakGlass"];

    /// A Response whose Assertion carries `units` role values (spread over made-up
    /// accounts) and `units / 4` `PrincipalTag` attributes; with `signed`, the
    /// Assertion's signature template in its place.
    fn template(units: usize, signed: bool) -> String {
        const ACS: &str = "https://signin.aws.amazon.com/saml";
        const ISSUER: &str = "https://idp.bench.example.test/saml2/idp";
        const NOW: &str = "2025-03-04T09:15:00Z";
        const URI_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
        let string_value = |value: &str| {
            format!(
                "\n        <saml2:AttributeValue xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">{value}</saml2:AttributeValue>"
            )
        };
        let attribute = |name: &str, values: &str| {
            format!(
                "\n      <saml2:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/{name}\" NameFormat=\"{URI_FORMAT}\">{values}\n      </saml2:Attribute>"
            )
        };

        let mut roles = String::new();
        let mut tags = String::new();
        for unit in 0..units {
            let account = 210_000_000_000_u64 + (unit as u64 / 4) * 1_009;
            let team = TEAMS[unit % TEAMS.len()];
            let access = ACCESS[(unit / TEAMS.len()) % ACCESS.len()];
            roles.push_str(&string_value(&format!(
                "arn:aws:iam::{account}:role/{team}{access},arn:aws:iam::{account}:saml-provider/BenchIdP"
            )));
            if unit % 4 == 3 {
                tags.push_str(&attribute(
                    &format!("PrincipalTag:{team}Project{unit}"),
                    &string_value(&format!("cost-center-{:05}", unit * 37 % 100_000)),
                ));
            }
        }
        let mut statement = String::new();
        if units > 0 {
            statement.push_str(&attribute("Role", &roles));
        }
        statement.push_str(&attribute(
            "RoleSessionName",
            &string_value("jane.doe@bench.example.test"),
        ));
        statement.push_str(&attribute("SessionDuration", &string_value("28800")));
        statement.push_str(&tags);
        statement.push_str(&attribute(
            "TransitiveTagKeys",
            &[string_value("Department"), string_value("CostCenter")].concat(),
        ));
        let assertion_signature = if signed {
            signature_template(ASSERTION_ID, "    ")
        } else {
            String::new()
        };

        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="{ACS}" ID="{RESPONSE_ID}" IssueInstant="{NOW}" Version="2.0">
  <saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{ISSUER}</saml2:Issuer>
  <saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>
  <saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="{ASSERTION_ID}" IssueInstant="{NOW}" Version="2.0">
    <saml2:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{ISSUER}</saml2:Issuer>{assertion_signature}
    <saml2:Subject>
      <saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jane.doe@bench.example.test</saml2:NameID>
      <saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml2:SubjectConfirmationData NotOnOrAfter="2025-03-04T09:20:00Z" Recipient="{ACS}"/>
      </saml2:SubjectConfirmation>
    </saml2:Subject>
    <saml2:Conditions NotBefore="2025-03-04T09:10:00Z" NotOnOrAfter="2025-03-04T09:20:00Z">
      <saml2:AudienceRestriction><saml2:Audience>urn:amazon:webservices</saml2:Audience></saml2:AudienceRestriction>
    </saml2:Conditions>
    <saml2:AuthnStatement AuthnInstant="2025-03-04T09:14:58Z" SessionIndex="{ASSERTION_ID}">
      <saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext>
    </saml2:AuthnStatement>
    <saml2:AttributeStatement>{statement}
    </saml2:AttributeStatement>
  </saml2:Assertion>
</saml2p:Response>
"#
        )
    }
}
