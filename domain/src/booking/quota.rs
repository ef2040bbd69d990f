//! PI quotas (額度) and research groups: the accounts a booking can be
//! charged to, who may use them, and the admin's grants.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// One PI account as its PI or a member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaView {
    /// The PI.
    pub pi_user_id: i64,
    /// The PI's name.
    pub pi_name: String,
    /// The grant it comes from.
    pub grant_code: String,
    /// What is left, NT$ (reservations already deducted).
    pub balance: i64,
    /// The sum of the ledger, which must equal `balance`.
    pub ledger_sum: i64,
}

/// `GET /api/me/quota`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaList {
    /// The accounts the user may book against.
    pub quotas: Vec<QuotaView>,
}

/// `POST /api/admin/quota`: adds `amount` to a PI's quota (opening the account if needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantQuotaRequest {
    /// The PI (must hold the `pi` role).
    pub pi_user_id: i64,
    /// NT$ to add: 1 to 100,000,000.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000_000))]
    pub amount: i64,
    /// The grant's code, e.g. an NSTC project number.
    #[serde(default)]
    pub grant_code: Option<String>,
}

/// `POST /api/me/group/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddMemberRequest {
    /// The member's login e-mail.
    pub email: String,
}

/// The most one grant may add, NT$.
pub const MAX_GRANT: i64 = 100_000_000;

/// Checks the amount of a grant: positive and at most [`MAX_GRANT`].
pub fn validate_grant_amount(amount: i64) -> Result<(), ApiError> {
    if amount <= 0 || amount > MAX_GRANT {
        return Err(ApiError::invalid("amount: 1 to 100,000,000"));
    }
    Ok(())
}

/// Checks a grant's code (a project number): at most 64 characters.
pub fn validate_grant_code(code: &str) -> Result<(), ApiError> {
    if code.chars().count() > 64 {
        return Err(ApiError::invalid("grant_code: at most 64 characters"));
    }
    Ok(())
}

/// Checks the e-mail a PI adds to their group: at most 254 characters, as an address may be.
pub fn validate_member_email(email: &str) -> Result<(), ApiError> {
    if email.chars().count() > 254 {
        return Err(ApiError::invalid("email: at most 254 characters"));
    }
    Ok(())
}

/// The PI account `user_id` books against, among the `accounts` they may use
/// (their own and their groups'): `requested` if it is one of them, else
/// their own, else their only group's. `None` if none fits, so the booker
/// must say which.
pub fn paying_pi(user_id: i64, requested: Option<i64>, accounts: &[i64]) -> Option<i64> {
    match requested {
        Some(r) => accounts.contains(&r).then_some(r),
        None if accounts.contains(&user_id) => Some(user_id),
        None if accounts.len() == 1 => Some(accounts[0]),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_are_positive_and_bounded() {
        assert!(validate_grant_amount(1).is_ok());
        assert!(validate_grant_amount(MAX_GRANT).is_ok());
        assert!(validate_grant_amount(0).is_err());
        assert!(validate_grant_amount(-5).is_err());
        assert!(validate_grant_amount(MAX_GRANT + 1).is_err());
        assert!(validate_grant_code(&"1".repeat(64)).is_ok() && validate_grant_code(&"1".repeat(65)).is_err());
        assert!(validate_member_email(&"a".repeat(255)).is_err());
    }

    #[test]
    fn the_paying_pi_is_the_requested_one_else_ones_own_else_the_only_group() {
        assert_eq!(paying_pi(7, Some(3), &[3, 5]), Some(3));
        assert_eq!(paying_pi(7, Some(4), &[3, 5]), None, "not an account the booker may use");
        assert_eq!(paying_pi(7, None, &[3, 7]), Some(7), "a PI books on their own account");
        assert_eq!(paying_pi(7, None, &[3]), Some(3), "the only group");
        assert_eq!(paying_pi(7, None, &[3, 5]), None, "two groups: the booker must choose");
        assert_eq!(paying_pi(7, None, &[]), None);
    }
}
