//! Answers and comments, and the asker's accept (which pays the answer's
//! author, unless the asker answered themselves).

use commons_domain::api::Created;
use commons_domain::common::limits::Action;
use commons_domain::qa::{
    ledger_day, render_markdown, validate_body, validate_comment, PostKind, QaAccepted, QaAct, QaAnswerInput,
    QaCommentInput, QaCommented, QaEdited, QaRevisions,
};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::{allow, award_streak, can_see, forbidden, not_found, take_budget, take_post_budget};
use crate::accounts::auth::{current_user, require_user};
use crate::ctx::RequestCtx;
use crate::http::{id_param, json_with_status, ok_json};
use crate::qa::db::{self, posts::FiledAnswer, posts::NewComment, votes::AcceptChange};

/// `POST /api/qa/questions/{id}/answers`: an answer to a visible question;
/// counts towards the daily post limit and rings the asker's bell.
pub async fn post_answer(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b: QaAnswerInput = rc.json().await?;
    let body = validate_body(&b.body)?;
    let qid = id_param(rc)?;
    let dbh = rc.db()?;
    let q = db::post(&dbh, PostKind::Question, qid)
        .await?
        .filter(|p| p.hidden == 0)
        .ok_or_else(|| not_found("question"))?;
    let now = rc.now();
    take_post_budget(&dbh, &me, now, false).await?;
    let id = db::posts::insert_answer(&dbh, qid, me.user.id, &body, &render_markdown(&body), now).await?;
    let filed = FiledAnswer {
        id,
        question: qid,
        user: me.user.id,
        body: &body,
        notify: (q.user_id != me.user.id).then_some(q.user_id),
        day: &ledger_day(now),
        now,
    };
    db::posts::file_answer(&dbh, &filed).await?;
    award_streak(&dbh, me.user.id, now).await?;
    json_with_status(&Created { id }, 201)
}

/// `PATCH /api/qa/answers/{id}` `{body}`: its author, level 4 (edit
/// others) or moderators, on an answer they can see; keeps a revision by
/// the editor. Bad input is refused before anything is read or stored.
pub async fn edit_answer(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b: QaAnswerInput = rc.json().await?;
    let body = validate_body(&b.body)?;
    let id = id_param(rc)?;
    let dbh = rc.db()?;
    let a = db::post(&dbh, PostKind::Answer, id)
        .await?
        .filter(|p| can_see(Some(&me), p))
        .ok_or_else(|| not_found("answer"))?;
    allow(&dbh, &me, QaAct::Edit, a.user_id == me.user.id).await?;
    db::posts::update_answer(&dbh, id, me.user.id, &body, &render_markdown(&body), rc.now()).await?;
    ok_json(&QaEdited { id })
}

/// `GET /api/qa/answers/{id}/revisions`: every version, oldest first. A
/// hidden answer's history shows, like the answer, only to moderators and
/// its author.
pub async fn list_answer_revisions(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let viewer = current_user(rc).await?;
    let dbh = rc.db()?;
    db::post(&dbh, PostKind::Answer, id)
        .await?
        .filter(|p| can_see(viewer.as_ref(), p))
        .ok_or_else(|| not_found("answer"))?;
    ok_json(&QaRevisions { revisions: db::posts::revisions(&dbh, PostKind::Answer, id).await? })
}

/// `POST /api/qa/comments` `{kind, id, body}`: plain text, from level 2 (or
/// on one's own thread), on a post one can see, within the comment budget
/// (lower for new accounts, and per address); rings the post author's bell.
pub async fn post_comment(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b: QaCommentInput = rc.json().await?;
    let body = validate_comment(&b.body)?;
    let dbh = rc.db()?;
    let p = db::post(&dbh, b.kind, b.id).await?.filter(|p| can_see(Some(&me), p)).ok_or_else(|| not_found("post"))?;
    let own_thread = p.user_id == me.user.id || p.question_author == me.user.id;
    allow(&dbh, &me, QaAct::Comment, own_thread).await?;
    take_budget(rc, &dbh, &me, Action::Comment).await?;
    let comment = NewComment {
        kind: b.kind,
        post: b.id,
        question: p.question_id,
        user: me.user.id,
        body: &body,
        notify: (p.user_id != me.user.id).then_some(p.user_id),
        now: rc.now(),
    };
    db::posts::insert_comment(&dbh, &comment).await?;
    json_with_status(&QaCommented { ok: true }, 201)
}

/// `POST /api/qa/answers/{id}/accept` (the asker only): accepts the answer,
/// taking back the previous accept if there was one.
pub async fn accept_answer(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    change_accept(rc, true).await
}

/// `Method::Delete` on `/api/qa/answers/{id}/accept` (the asker only): withdraws the accept.
pub async fn withdraw_accept(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    change_accept(rc, false).await
}

/// Accepts answer `{id}` or withdraws its accept. The batch asserts the
/// accept it replaces, so of parallel requests computed from the same state
/// one applies; the others answer the state they find if it is the one they
/// asked for (a repeated accept), or 409.
async fn change_accept(rc: &mut RequestCtx, accept: bool) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let aid = id_param(rc)?;
    let dbh = rc.db()?;
    let a = db::post(&dbh, PostKind::Answer, aid).await?.ok_or_else(|| not_found("answer"))?;
    // The asker sees their question's visible answers even while the
    // question is hidden, and may always withdraw an accept they made.
    let asker = a.question_author == me.user.id;
    if !(can_see(Some(&me), &a) || asker && (a.hidden == 0 || !accept)) {
        return Err(not_found("answer"));
    }
    if !asker {
        return Err(forbidden("only the asker can accept an answer"));
    }
    let previous = db::votes::accepted_answer(&dbh, a.question_id).await?;
    if accept && previous == Some(aid) {
        return ok_json(&QaAccepted { accepted: Some(aid) });
    }
    if !accept && previous != Some(aid) {
        return Err(ApiError::conflict("this answer is not the accepted one"));
    }
    let now = rc.now();
    let change = AcceptChange {
        question: a.question_id,
        accept: accept.then_some(aid),
        previous,
        asker: me.user.id,
        author: a.user_id,
        day: &ledger_day(now),
        now,
    };
    match db::votes::change_accept(&dbh, &change).await {
        Ok(()) => {}
        Err(e) if e.kind == ErrorKind::Conflict => {
            // A parallel request moved the accept first.
            let now_accepted = db::votes::accepted_answer(&dbh, a.question_id).await?;
            if (now_accepted == Some(aid)) != accept {
                return Err(ApiError::conflict("the accepted answer changed meanwhile; reload and try again"));
            }
        }
        Err(e) => return Err(e),
    }
    ok_json(&QaAccepted { accepted: accept.then_some(aid) })
}
