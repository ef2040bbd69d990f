//! Voting: +1, −1, or 0 to take a vote back, once per member per post,
//! never on one's own post; downvotes unlock at level 3.

use commons_domain::qa::{ledger_day, QaAct, QaVoteInput, QaVoted};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::{allow, not_found};
use crate::accounts::auth::require_user;
use crate::ctx::RequestCtx;
use crate::http::ok_json;
use crate::qa::db::{self, votes::VoteChange};

/// Tries a vote change this many times when parallel changes of the same
/// member's vote keep moving it first.
const VOTE_ATTEMPTS: usize = 3;

/// `POST /api/qa/votes` `{kind, id, value}`: answers the vote now held and
/// the post's score. Each change is computed from the vote held and its
/// batch asserts that vote, so parallel changes by one member apply one at
/// a time (the last one wins); a change that lost the race is computed again.
pub async fn cast_vote(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let v: QaVoteInput = rc.json().await?;
    v.validate()?;
    let dbh = rc.db()?;
    for _ in 0..VOTE_ATTEMPTS {
        let p = db::post_for(&dbh, v.kind, v.id, me.user.id)
            .await?
            .filter(|p| p.hidden == 0 && p.question_hidden == 0)
            .ok_or_else(|| not_found("post"))?;
        if p.user_id == me.user.id {
            return Err(ApiError::invalid("you cannot vote on your own post"));
        }
        if v.value == -1 {
            allow(&dbh, &me, QaAct::Downvote, false).await?;
        }
        if p.my_vote == v.value {
            return ok_json(&QaVoted { value: p.my_vote, score: p.score });
        }
        let now = rc.now();
        let change = VoteChange {
            kind: v.kind,
            post: v.id,
            author: p.user_id,
            voter: me.user.id,
            current: p.my_vote,
            value: v.value,
            day: &ledger_day(now),
            now,
        };
        match db::votes::change_vote(&dbh, &change).await {
            Ok(score) => return ok_json(&QaVoted { value: v.value, score }),
            // A parallel change of this vote landed first: compute again from it.
            Err(e) if e.kind == ErrorKind::Conflict => continue,
            Err(e) => return Err(e),
        }
    }
    Err(ApiError::conflict("your vote changed meanwhile; try again"))
}
