//! Consistent, shape-preserving pseudonyms keyed by a salt.
//!
//! A token is a function of the salt and the value alone (HMAC-SHA256 over the value in
//! lower case), so the same value gets the same token everywhere in one report without a
//! table, two different values get different tokens, and another salt gives unrelated
//! tokens. The token keeps what a diagnosis needs and nothing else:
//!
//! - leading and trailing whitespace, exactly;
//! - the letter-case pattern (`JDoe` and `jdoe` get tokens that differ only in case);
//! - the length bucket (1–8, 9–16, 17–32, 33–64, longer), and the exact length of
//!   all-digit values (an AWS account id stays 12 digits);
//! - e-mail form (`user-3f9a@domain-c2e1.example`);
//! - every character outside `[a-zA-Z0-9_+=,.@-]` (the characters AWS refuses in a
//!   RoleSessionName), in place: `jane doe/x` keeps its space and its slash; except
//!   letters and digits of other scripts, which are pseudonymised too (as Greek
//!   letters, so they still show as characters AWS refuses).
//!
//! IP addresses become documentation addresses (RFC 5737, RFC 3849).

use sha2::{Digest, Sha256};

/// The key as HMAC's 64-byte block (RFC 2104 §2: hashed when longer).
fn key_block(key: &[u8]) -> [u8; 64] {
    let mut block = [0u8; 64];
    if key.len() > block.len() {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    block
}

/// HMAC-SHA256 (RFC 2104) with `sha2`, to keep the page small.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let block = key_block(key);
    let mut inner = Sha256::new();
    inner.update(block.map(|byte| byte ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|byte| byte ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// Whether AWS accepts `character` in a RoleSessionName (`[\w+=,.@-]`).
pub fn is_plain(character: char) -> bool {
    character.is_ascii_alphanumeric() || "_+=,.@-".contains(character)
}

/// The pseudonym maker for one report.
#[derive(Debug, Clone)]
pub struct Pseudonyms {
    /// HMAC's inner and outer hashes with the keyed pad already absorbed (RFC 2104 §2):
    /// each token then costs two compressions instead of four.
    inner: Sha256,
    outer: Sha256,
}

impl Pseudonyms {
    pub fn new(salt: &[u8]) -> Pseudonyms {
        let block = key_block(salt);
        let mut inner = Sha256::new();
        inner.update(block.map(|byte| byte ^ 0x36));
        let mut outer = Sha256::new();
        outer.update(block.map(|byte| byte ^ 0x5c));
        Pseudonyms { inner, outer }
    }

    /// HMAC-SHA256 of `message` under the salt.
    fn mac(&self, message: &[u8]) -> [u8; 32] {
        let mut inner = self.inner.clone();
        inner.update(message);
        let mut outer = self.outer.clone();
        outer.update(inner.finalize());
        outer.finalize().into()
    }

    fn hex(&self, domain: &str, value: &str) -> String {
        let mut message = Vec::with_capacity(domain.len() + 1 + value.len());
        message.extend_from_slice(domain.as_bytes());
        message.push(0);
        message.extend_from_slice(value.to_lowercase().as_bytes());
        let mac = self.mac(&message);
        let mut hex = String::with_capacity(64);
        for byte in mac {
            hex.push(char::from(b"0123456789abcdef"[usize::from(byte >> 4)]));
            hex.push(char::from(b"0123456789abcdef"[usize::from(byte & 15)]));
        }
        hex
    }

    /// The token for `value`, keeping its shape (see the module docs).
    pub fn token(&self, value: &str) -> String {
        let core = value.trim();
        if core.is_empty() {
            return value.to_owned();
        }
        let start = value.len() - value.trim_start().len();
        let lead = &value[..start];
        let trail = &value[start + core.len()..];
        format!("{lead}{}{trail}", self.core_token(core))
    }

    fn core_token(&self, core: &str) -> String {
        if let Ok(address) = core.parse::<std::net::IpAddr>() {
            return self.ip(address);
        }
        if let Some((local, domain)) = core.split_once('@')
            && !local.is_empty()
            && domain.contains('.')
            && !domain.contains('@')
            && core.chars().all(is_plain)
        {
            let local_token = format!("user-{}", &self.hex("local", local)[..4]);
            let domain_token = format!("domain-{}.example", &self.hex("domain", domain)[..4]);
            return format!("{}@{domain_token}", with_case(&local_token, local));
        }
        // Keep every character AWS would refuse in place, except letters and digits of
        // other scripts (a name in Greek or Japanese is a name): pseudonymise the runs.
        let mut out = String::with_capacity(core.len() + 8);
        let mut run: Option<(usize, bool)> = None;
        for (index, character) in core.char_indices() {
            let class = if is_plain(character) {
                Some(false)
            } else if character.is_alphanumeric() {
                Some(true)
            } else {
                None
            };
            if let Some((start, foreign)) = run
                && class != Some(foreign)
            {
                out.push_str(&self.any_run_token(&core[start..index], foreign));
                run = None;
            }
            match class {
                Some(foreign) => {
                    run.get_or_insert((index, foreign));
                }
                None => out.push(character),
            }
        }
        if let Some((start, foreign)) = run {
            out.push_str(&self.any_run_token(&core[start..], foreign));
        }
        out
    }

    fn any_run_token(&self, run: &str, foreign: bool) -> String {
        if foreign {
            self.foreign_token(run)
        } else {
            self.run_token(run)
        }
    }

    /// A token for a run of letters and digits outside ASCII: as many Greek letters
    /// (upper case where the original is), so it still shows as characters AWS refuses
    /// in a RoleSessionName, and says nothing of the original.
    fn foreign_token(&self, run: &str) -> String {
        const LOWER: &str = "αβγδεζηθικλμνξοπρστυφχψω";
        let lower: Vec<char> = LOWER.chars().collect();
        let hex = self.hex("foreign", run);
        let digits = hex.as_bytes();
        run.chars()
            .enumerate()
            .map(|(position, character)| {
                let pick = usize::from(digits[position % digits.len()]) + position / digits.len();
                let letter = lower[pick % lower.len()];
                if character.is_uppercase() {
                    letter.to_uppercase().next().unwrap_or(letter)
                } else {
                    letter
                }
            })
            .collect()
    }

    /// A token for a run of plain characters.
    fn run_token(&self, run: &str) -> String {
        let hex = self.hex("value", run);
        if run.bytes().all(|byte| byte.is_ascii_digit()) {
            // Numbers keep their exact length up to 20 digits (account ids, employee
            // numbers whose length a rule may check), a bucket past that.
            let length = if run.len() <= 20 {
                run.len()
            } else {
                bucket(run.len())
            };
            return hex
                .bytes()
                .cycle()
                .take(length)
                .map(|byte| char::from(b'0' + byte % 10))
                .collect();
        }
        let length = bucket(run.len()).max(9);
        let token = format!("anon-{}", &hex[..length - 5]);
        with_case(&token, run)
    }

    fn ip(&self, address: std::net::IpAddr) -> String {
        let hex = self.hex("ip", &address.to_string());
        let byte = u8::from_str_radix(&hex[..2], 16).unwrap_or(1) % 254 + 1;
        match address {
            std::net::IpAddr::V4(_) => format!("203.0.113.{byte}"),
            std::net::IpAddr::V6(_) => format!("2001:db8::{}", &hex[..4]),
        }
    }
}

/// The upper end of the length bucket of `length`.
fn bucket(length: usize) -> usize {
    match length {
        0..=8 => 8,
        9..=16 => 16,
        17..=32 => 32,
        33..=64 => 64,
        _ => 64,
    }
}

/// `token` (lower case) with the letter-case pattern of `original`: all lower stays
/// lower, all upper becomes upper, a mixed pattern is copied letter by letter.
fn with_case(token: &str, original: &str) -> String {
    let letters: Vec<bool> = original
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|character| character.is_ascii_uppercase())
        .collect();
    if letters.iter().all(|upper| !upper) {
        return token.to_owned();
    }
    if letters.iter().all(|upper| *upper) {
        return token.to_ascii_uppercase();
    }
    let mut pattern = letters.into_iter();
    token
        .chars()
        .map(|character| {
            if !character.is_ascii_alphabetic() {
                return character;
            }
            match pattern.next() {
                Some(true) => character.to_ascii_uppercase(),
                _ => character,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn tokens_keep_the_shape() {
        let pseudonyms = Pseudonyms::new(b"fixed salt");
        let token = |value: &str| pseudonyms.token(value);
        // (value, what must hold of its token)
        type Holds = dyn Fn(&str) -> bool;
        let cases: &[(&str, &Holds)] = &[
            ("jdoe ", &|t| t.ends_with(' ') && !t.ends_with("  ")),
            (" jdoe", &|t| t.starts_with(' ')),
            ("jdoe", &|t| t.starts_with("anon-") && t.len() == 9),
            ("JDOE", &|t| t.starts_with("ANON-")),
            ("JDoe", &|t| t.starts_with("ANon-")),
            ("jane doe", &|t| t.contains(' ') && !t.contains("jane")),
            ("jane/doe", &|t| t.matches('/').count() == 1),
            ("jdoe@example.com", &|t| {
                t.starts_with("user-") && t.ends_with(".example") && t.contains("@domain-")
            }),
            ("123456789012", &|t| {
                t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit())
            }),
            ("10.1.2.3", &|t| t.starts_with("203.0.113.")),
            ("fe80::1", &|t| t.starts_with("2001:db8::")),
            ("Δημήτρης", &|t| {
                t.chars().count() == 8 && !t.contains("Δημ")
            }),
            ("山田 太郎", &|t| {
                t.contains(' ') && !t.contains('山') && !t.contains('郎')
            }),
            ("josé", &|t| {
                t.starts_with("anon-") && !t.contains('é') && !t.is_ascii()
            }),
            ("   ", &|t| t == "   "),
            ("a-very-long-value-of-forty-characters-xx", &|t| {
                t.len() == 64
            }),
        ];
        for (value, holds) in cases {
            let token = token(value);
            assert!(holds(&token), "{value:?} became {token:?}");
            if !value.trim().is_empty() {
                assert_ne!(&token, value, "{value:?} was not replaced");
            }
        }
        assert_eq!(token("JDoe").to_lowercase(), token("jdoe"));
        assert_ne!(token("jdoe"), token("jdoe2"));
        assert_eq!(token("jdoe"), token("jdoe"));
    }

    #[test]
    fn the_keyed_states_give_the_same_mac() {
        for key in [&b"Jefe"[..], &[0xaa; 131][..], b""] {
            let pseudonyms = Pseudonyms::new(key);
            let message = b"what do ya want for nothing?";
            assert_eq!(pseudonyms.mac(message), hmac_sha256(key, message));
        }
    }

    #[test]
    fn salts_give_unrelated_tokens() {
        let one = Pseudonyms::new(b"one");
        let two = Pseudonyms::new(b"two");
        assert_ne!(one.token("jdoe"), two.token("jdoe"));
        assert_ne!(one.token("jdoe@example.com"), two.token("jdoe@example.com"));
    }
}
