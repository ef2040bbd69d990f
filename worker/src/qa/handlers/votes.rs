//! Voting: +1, −1, or 0 to take a vote back, once per member per post,
//! never on one's own post; downvotes unlock at level 3.

use commons_domain::qa::{ledger_day, QaVoteInput, QaVoted};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::{forbidden, may, not_found};
use crate::accounts::auth::require_user;
use crate::ctx::RequestCtx;
use crate::http::ok_json;
use crate::qa::db::{self, votes::VoteChange};

/// `POST /api/qa/votes` `{kind, id, value}`: answers the vote now held and
/// the post's score.
pub async fn cast_vote(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let v: QaVoteInput = rc.json().await?;
    v.validate()?;
    let dbh = rc.db()?;
    let p = db::post_for(&dbh, v.kind, v.id, me.user.id)
        .await?
        .filter(|p| p.hidden == 0)
        .ok_or_else(|| not_found("post"))?;
    if p.user_id == me.user.id {
        return Err(ApiError::invalid("you cannot vote on your own post"));
    }
    if v.value == -1 && !may(&dbh, &me, "downvote").await? {
        return Err(forbidden("downvoting unlocks at level 3"));
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
        Ok(score) => ok_json(&QaVoted { value: v.value, score }),
        // The same vote raced in from another request: it counted once; say so.
        Err(e) if e.kind == ErrorKind::Conflict => ok_json(&QaVoted {
            value: db::votes::my_vote(&dbh, v.kind, v.id, me.user.id).await?,
            score: db::votes::score(&dbh, v.kind, v.id).await?,
        }),
        Err(e) => Err(e),
    }
}
