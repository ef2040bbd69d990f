//! The stored form of a password hash, shared by the Worker (which derives
//! with WebCrypto) and the seeder (which derives natively): both must write
//! and read the same string.
//!
//! Format: `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`.

/// PBKDF2 iterations: 100,000 is the most Workers' WebCrypto allows.
pub const PBKDF2_ITERATIONS: u32 = 100_000;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// Derived key length in bytes (SHA-256 output size).
pub const HASH_LEN: usize = 32;

const PREFIX: &str = "pbkdf2-sha256";

/// A parsed password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordHash {
    /// Iteration count used when it was derived.
    pub iterations: u32,
    /// Random salt.
    pub salt: Vec<u8>,
    /// The derived key.
    pub hash: Vec<u8>,
}

impl PasswordHash {
    /// The string stored in `users.password_hash`.
    pub fn encode(&self) -> String {
        format!("{PREFIX}${}${}${}", self.iterations, hex::encode(&self.salt), hex::encode(&self.hash))
    }

    /// Parses a stored string; `None` if it is not in our format.
    pub fn parse(s: &str) -> Option<PasswordHash> {
        let mut it = s.split('$');
        if it.next()? != PREFIX {
            return None;
        }
        let iterations = it.next()?.parse().ok()?;
        let salt = hex::decode(it.next()?).ok()?;
        let hash = hex::decode(it.next()?).ok()?;
        if it.next().is_some() || salt.is_empty() || hash.len() != HASH_LEN {
            return None;
        }
        Some(PasswordHash { iterations, salt, hash })
    }
}

/// Compares two byte strings in time independent of where they differ, so the
/// comparison does not leak how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_stored_form() {
        let h = PasswordHash { iterations: PBKDF2_ITERATIONS, salt: vec![1; SALT_LEN], hash: vec![0xab; HASH_LEN] };
        assert_eq!(PasswordHash::parse(&h.encode()), Some(h));
    }

    #[test]
    fn refuses_foreign_or_broken_forms() {
        assert_eq!(PasswordHash::parse("bcrypt$x"), None);
        assert_eq!(PasswordHash::parse("pbkdf2-sha256$10$zz$00"), None);
        assert_eq!(PasswordHash::parse("pbkdf2-sha256$10$01$00"), None); // hash too short
    }

    #[test]
    fn constant_time_eq_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
