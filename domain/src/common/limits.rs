//! Posting budgets: how much one account, and one address, may post on each
//! surface of the site, lower for new accounts.
//!
//! A budget is a bucket name, a count and a window. The Worker takes one unit
//! from every bucket of an action in a single conditional statement, so a
//! burst of parallel requests can never get past a budget, and an action that
//! would overdraw any of its buckets takes from none. Per-address budgets are
//! several times the per-account ones: a campus, an office or a mobile
//! carrier puts many people behind one address, and the per-account budget
//! is what stops a single person.

use serde::{Deserialize, Serialize};

/// An hour, in seconds.
pub const HOUR: i64 = 3600;
/// A day, in seconds.
pub const DAY: i64 = 24 * HOUR;
/// Accounts younger than this get the new-account budgets.
pub const NEW_ACCOUNT_SECS: i64 = 7 * DAY;

/// Something a budget limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Creating an account (per address only: there is no account yet).
    Register,
    /// Opening a feedback thread on a dataset.
    Feedback,
    /// Replying in a feedback thread.
    FeedbackReply,
    /// Proposing a dataset.
    DatasetRequest,
    /// Submitting a showcase.
    Showcase,
    /// Commenting on a question or an answer (each one notifies the author).
    Comment,
    /// Flagging a post.
    Flag,
}

impl Action {
    /// The bucket prefix.
    pub fn name(self) -> &'static str {
        match self {
            Action::Register => "register",
            Action::Feedback => "feedback",
            Action::FeedbackReply => "feedback_reply",
            Action::DatasetRequest => "dataset_request",
            Action::Showcase => "showcase",
            Action::Comment => "comment",
            Action::Flag => "flag",
        }
    }

    /// (per account per day, per new account per day, per address per day).
    fn daily(self) -> (u32, u32, u32) {
        match self {
            // A class signing up together behind one NAT must get through.
            Action::Register => (0, 0, 300),
            Action::Feedback => (20, 5, 100),
            Action::FeedbackReply => (100, 20, 400),
            Action::DatasetRequest => (10, 3, 50),
            Action::Showcase => (10, 2, 40),
            Action::Comment => (100, 20, 400),
            Action::Flag => (30, 10, 150),
        }
    }
}

/// One bucket: at most `max` actions within `window_secs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    /// e.g. `feedback:user:42`, `feedback:ip:203.0.113.9`.
    pub bucket: String,
    /// Most actions in the window.
    pub max: u32,
    /// The sliding window, seconds.
    pub window: i64,
}

/// Who acts: the account (if signed in), how old it is, and the address.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The account, if any.
    pub user_id: Option<i64>,
    /// Seconds since the account was created.
    pub account_age: i64,
    /// The client address as the Worker trusts it.
    pub ip: &'a str,
}

/// The buckets `action` by `actor` takes one unit from. Besides the daily
/// budget, a burst budget (a fifth of it in ten minutes, at least 2) stops a
/// script from spending a whole day's budget at once.
pub fn budgets(action: Action, actor: &Actor) -> Vec<Budget> {
    let (account, new_account, address) = action.daily();
    let mut out = Vec::new();
    let mut add = |key: String, daily: u32| {
        if daily == 0 {
            return;
        }
        out.push(Budget { bucket: format!("{}:{key}:day", action.name()), max: daily, window: DAY });
        out.push(Budget { bucket: format!("{}:{key}:burst", action.name()), max: (daily / 5).max(2), window: 600 });
    };
    if let Some(u) = actor.user_id {
        add(format!("user:{u}"), if actor.account_age < NEW_ACCOUNT_SECS { new_account } else { account });
    }
    add(format!("ip:{}", actor.ip), address);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_accounts_get_less_and_the_address_gets_more() {
        let old = Actor { user_id: Some(7), account_age: 30 * DAY, ip: "198.51.100.2" };
        let new = Actor { account_age: 3600, ..old };
        let day = |a: &Actor| budgets(Action::Feedback, a).into_iter().find(|b| b.bucket == "feedback:user:7:day");
        assert_eq!(day(&old).map(|b| b.max), Some(20));
        assert_eq!(day(&new).map(|b| b.max), Some(5));
        let ip = budgets(Action::Feedback, &old).into_iter().find(|b| b.bucket == "feedback:ip:198.51.100.2:day");
        assert!(ip.is_some_and(|b| b.max > 20), "an address shared by many people gets more than one account");
    }

    #[test]
    fn registration_is_limited_by_address_only_and_every_budget_has_a_burst_limit() {
        let anon = Actor { user_id: None, account_age: 0, ip: "local" };
        let b = budgets(Action::Register, &anon);
        assert!(b.iter().all(|b| b.bucket.starts_with("register:ip:local:")));
        assert_eq!(b.len(), 2);
        for a in [Action::Comment, Action::Flag, Action::Showcase] {
            let all = budgets(a, &Actor { user_id: Some(1), account_age: 0, ip: "x" });
            assert!(all.iter().any(|b| b.window == 600 && b.max >= 2), "{a:?}");
        }
    }
}
