//! The rules of the outbox (`migrations/0016_mail.sql`): how long a send
//! attempt holds a message, and when a failed one is tried again.

/// While one attempt is handing a message to the mail service, no other
/// (the cron) may pick it up: the attempt holds it this long.
pub const LEASE_SECS: i64 = 600;

/// After this many failed attempts a message is given up (and stays in the
/// outbox, state `failed`, for an operator to see).
pub const MAX_ATTEMPTS: i64 = 8;

/// When to try again after `attempts` failures, from `now`: 5 minutes, then
/// doubling, at most a day apart; `None` once `MAX_ATTEMPTS` have failed.
pub fn next_try(attempts: i64, now: i64) -> Option<i64> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let exp = attempts.clamp(1, 20) - 1;
    Some(now + (300i64 << exp).min(24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_and_then_stop() {
        assert_eq!(next_try(1, 0), Some(300));
        assert_eq!(next_try(2, 0), Some(600));
        assert_eq!(next_try(7, 0), Some(300 * 64));
        assert_eq!(next_try(MAX_ATTEMPTS, 0), None);
    }
}
