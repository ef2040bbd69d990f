//! Flags and moderation: members from level 2 may flag a post once, each
//! flag weighing by the flagger's level (enough weight hides the post
//! pending review), and moderators, and members of the top level (傳奇,
//! whose level promises moderation), restore or remove what was flagged.

use commons_domain::common::limits::Action;
use commons_domain::qa::{
    flag_reason, flag_weight, search_index, PostKind, QaAct, QaFlagInput, QaFlagResult, QaModerated, QaModerationInput,
    QaQueue,
};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::{allow, can_see, forbidden, is_moderator, not_found, take_budget};
use crate::accounts::auth::require_user;
use crate::ctx::RequestCtx;
use crate::http::{json_with_status, ok_json};
use crate::qa::db::{self, moderation::NewFlag};

/// `POST /api/qa/flags` `{kind, id, reason}`: from level 2 (moderators
/// always), on a post one can see, within the flag budget (lower for new
/// accounts, and per address). A flag weighs by level
/// (`domain::qa::flag_weight`); a post whose unresolved flags weigh
/// `FLAG_WEIGHT_TO_HIDE` is hidden until reviewed.
pub async fn flag_post(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b: QaFlagInput = rc.json().await?;
    let reason = flag_reason(&b.reason)?;
    let dbh = rc.db()?;
    db::post(&dbh, b.kind, b.id).await?.filter(|p| can_see(Some(&me), p)).ok_or_else(|| not_found("post"))?;
    let weight = flag_weight(db::ledger::total(&dbh, me.user.id).await?, is_moderator(&me));
    if weight == 0 {
        return Err(forbidden("flagging unlocks at level 2"));
    }
    take_budget(rc, &dbh, &me, Action::Flag).await?;
    let f = NewFlag { kind: b.kind, id: b.id, user: me.user.id, reason, weight, now: rc.now() };
    match db::moderation::flag(&dbh, &f).await {
        Ok(()) => json_with_status(&QaFlagResult { flagged: true }, 201),
        Err(e) if e.kind == ErrorKind::Conflict => Err(ApiError::conflict("you already flagged this post")),
        Err(e) => Err(e),
    }
}

/// `GET /api/qa/moderation`: posts with unresolved flags (moderators and
/// the top level, by the `moderate` privilege).
pub async fn list_moderation_queue(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let dbh = rc.db()?;
    allow(&dbh, &me, QaAct::Moderate, false).await?;
    ok_json(&QaQueue { queue: db::moderation::queue(&dbh).await? })
}

/// `POST /api/qa/moderation` `{kind, id, action: restore|remove}`
/// (moderators and the top level).
pub async fn moderate_post(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let dbh = rc.db()?;
    allow(&dbh, &me, QaAct::Moderate, false).await?;
    let b: QaModerationInput = rc.json().await?;
    let hidden = b.hides()?;
    db::post(&dbh, b.kind, b.id).await?.ok_or_else(|| not_found("post"))?;
    // A restored question goes back into the search index.
    let reindex = if b.kind == PostKind::Question && !hidden {
        db::posts::question_text(&dbh, b.id).await?.map(|(title, body, tags)| search_index(&title, &body, &tags))
    } else {
        None
    };
    db::moderation::review(&dbh, b.kind, b.id, hidden, reindex).await?;
    ok_json(&QaModerated { hidden })
}
