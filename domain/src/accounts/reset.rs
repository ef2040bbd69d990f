//! Password reset: the wire types, the link's lifetime, the budgets that keep
//! the request form from being used to flood someone's inbox, and the
//! message in the user's language.

use serde::{Deserialize, Serialize};

use crate::common::limits::{Budget, DAY, HOUR};
use crate::error::ApiError;
use crate::i18n::{tf, Locale};

/// How long a reset link works: long enough to find the message, short
/// enough that an old message in a mailbox is worth nothing.
pub const RESET_TTL_SECS: i64 = HOUR;

/// Messages per address (the mailbox) a day, whoever asks.
pub const RESET_PER_EMAIL_DAY: u32 = 5;
/// Requests per client address a day (a campus behind one NAT fits).
pub const RESET_PER_IP_DAY: u32 = 100;

/// The SPA page a reset link opens (the token follows as `?token=`).
pub const RESET_PAGE: &str = "/password-reset/confirm";

/// `POST /api/auth/password-reset`: send a reset link to this address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    /// The account's e-mail.
    pub email: String,
}

/// The answer to a reset request: the same whether or not the address has
/// an account, so the form cannot be used to find out who is registered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetAccepted {
    /// Always true: "if the address has an account, a link is on its way".
    pub accepted: bool,
}

/// `POST /api/auth/password-reset/confirm`: set a new password with a link's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    /// The token from the link (64 hex digits).
    pub token: String,
    /// The new password.
    pub password: String,
}

/// The message of the 422 for a token that is unknown, used or expired (one
/// answer for all three: which one it was helps nobody but a guesser).
pub const TOKEN_INVALID: &str = "token: this reset link is invalid, expired or already used";

/// A token this Worker could have minted: 64 lower-case hex digits.
pub fn validate_token(token: &str) -> Result<(), ApiError> {
    if token.len() == 64 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(ApiError::invalid(TOKEN_INVALID))
    }
}

/// The buckets one reset request takes from: per mailbox (normalised e-mail,
/// whether or not it has an account, so a refusal says nothing about it) and
/// per client address, each with a day and a ten-minute burst budget.
pub fn reset_budgets(email: &str, ip: &str) -> Vec<Budget> {
    let mut out = Vec::new();
    for (key, daily) in [(format!("email:{email}"), RESET_PER_EMAIL_DAY), (format!("ip:{ip}"), RESET_PER_IP_DAY)] {
        out.push(Budget { bucket: format!("password_reset:{key}:day"), max: daily, window: DAY });
        out.push(Budget { bucket: format!("password_reset:{key}:burst"), max: (daily / 5).max(2), window: 600 });
    }
    out
}

/// The reset link for `token` on the site at `origin` (`https://host`).
pub fn reset_link(origin: &str, token: &str) -> String {
    format!("{}{RESET_PAGE}?token={token}", origin.trim_end_matches('/'))
}

/// The subject and plain-text body of the reset message, in `locale`.
pub fn reset_message(locale: Locale, name: &str, link: &str) -> (String, String) {
    let minutes = (RESET_TTL_SECS / 60).to_string();
    let args = [("name", name), ("link", link), ("minutes", minutes.as_str())];
    (tf(locale, "mail.reset_subject", &args), tf(locale, "mail.reset_body", &args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_minted_tokens_pass() {
        assert!(validate_token(&"ab".repeat(32)).is_ok());
        assert!(validate_token(&"AB".repeat(32)).is_err());
        assert!(validate_token("abc").is_err());
        assert!(validate_token(&"zz".repeat(32)).is_err());
    }

    #[test]
    fn the_budget_is_per_mailbox_and_per_address() {
        let b = reset_budgets("a@b.tw", "198.51.100.7");
        assert!(b.iter().any(|b| b.bucket == "password_reset:email:a@b.tw:day" && b.max == RESET_PER_EMAIL_DAY));
        assert!(b.iter().any(|b| b.bucket == "password_reset:ip:198.51.100.7:burst"));
        assert_eq!(b.len(), 4);
    }

    #[test]
    fn the_message_carries_the_link_in_both_languages() {
        let link = reset_link("https://commons.example/", &"0".repeat(64));
        assert_eq!(link, format!("https://commons.example/password-reset/confirm?token={}", "0".repeat(64)));
        for l in [Locale::ZhTw, Locale::En] {
            let (subject, body) = reset_message(l, "小明", &link);
            assert!(!subject.is_empty() && !subject.contains('{'));
            assert!(body.contains(&link) && body.contains("小明") && body.contains("60"), "{body}");
        }
    }
}
