//! Questions: asking (with a dataset or instrument link), the question page
//! (which counts a view), editing with revisions, the history, and closing
//! as a duplicate.

use commons_domain::api::Created;
use commons_domain::qa::{
    ledger_day, render_markdown, PostKind, QaAct, QaDuplicate, QaDuplicateInput, QaEdited, QaQuestion, QaRevisions,
    QuestionInput,
};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::{allow, award_streak, can_see, is_moderator, not_found, take_post_budget, viewer};
use crate::accounts::auth::{current_user, require_user};
use crate::ctx::RequestCtx;
use crate::http::{id_param, json_with_status, ok_json};
use crate::qa::db::{self, posts::NewQuestion};

/// `POST /api/qa/questions`: a question, linked to a dataset or an
/// instrument if given; counts towards the daily post limit.
pub async fn ask_question(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut q: QuestionInput = rc.json().await?;
    q.validate()?;
    let dbh = rc.db()?;
    let now = rc.now();
    let dataset_id = match q.dataset_link() {
        Some(d) => {
            Some(db::posts::dataset_id(&dbh, &d).await?.ok_or_else(|| ApiError::invalid("dataset: no such dataset"))?)
        }
        None => None,
    };
    if let Some(i) = q.instrument_id {
        if !db::posts::instrument_exists(&dbh, i).await? {
            return Err(ApiError::invalid("instrument_id: no such instrument"));
        }
    }
    let body_html = render_markdown(&q.body);
    let new =
        NewQuestion { user: me.user.id, title: &q.title, body: &q.body, body_html: &body_html, tags: &q.tags, now };
    take_post_budget(&dbh, &me, now, true).await?;
    let id = db::posts::insert_question(&dbh, &new, dataset_id, q.instrument_id).await?;
    db::posts::file_question(&dbh, id, &new, &ledger_day(now)).await?;
    award_streak(&dbh, me.user.id, now).await?;
    json_with_status(&Created { id }, 201)
}

/// `GET /api/qa/questions/{id}`: the question with its answers and comments
/// (counts a view). A hidden question shows only to moderators and its asker.
pub async fn get_question(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let viewer = current_user(rc).await?;
    let vid = viewer.as_ref().map(|u| u.user.id).unwrap_or(0);
    let dbh = rc.db()?;
    let mut page = db::posts::question_page(&dbh, id, vid).await?.ok_or_else(|| not_found("question"))?;
    if page.hidden && !viewer.as_ref().is_some_and(|u| is_moderator(u) || u.user.id == page.asker) {
        return Err(ApiError::new(ErrorKind::NotFound, "this question is hidden pending review"));
    }
    // The viewer's standing, so the page offers what the same rule allows.
    page.view.viewer = match &viewer {
        Some(me) => Some(self::viewer(&dbh, me).await?),
        None => None,
    };
    ok_json(&QaQuestion { question: page.view })
}

/// `PATCH /api/qa/questions/{id}`: the author, or level 4 (edit others);
/// keeps a revision. A hidden question is edited by its author or
/// moderators only (to others it does not exist), and stays out of the search.
pub async fn edit_question(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut q: QuestionInput = rc.json().await?;
    q.validate()?;
    let id = id_param(rc)?;
    let dbh = rc.db()?;
    let p = db::post(&dbh, PostKind::Question, id)
        .await?
        .filter(|p| can_see(Some(&me), p))
        .ok_or_else(|| not_found("question"))?;
    allow(&dbh, &me, QaAct::Edit, p.user_id == me.user.id).await?;
    let body_html = render_markdown(&q.body);
    let edit = NewQuestion {
        user: me.user.id,
        title: &q.title,
        body: &q.body,
        body_html: &body_html,
        tags: &q.tags,
        now: rc.now(),
    };
    db::posts::update_question(&dbh, id, &edit).await?;
    ok_json(&QaEdited { id })
}

/// `GET /api/qa/questions/{id}/revisions`: every version, oldest first. A
/// hidden question's history shows, like the question, only to moderators
/// and its asker.
pub async fn list_revisions(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let viewer = current_user(rc).await?;
    let dbh = rc.db()?;
    db::post(&dbh, PostKind::Question, id)
        .await?
        .filter(|p| can_see(viewer.as_ref(), p))
        .ok_or_else(|| not_found("question"))?;
    let revisions = db::posts::revisions(&dbh, PostKind::Question, id).await?;
    if revisions.is_empty() {
        return Err(not_found("question"));
    }
    ok_json(&QaRevisions { revisions })
}

/// `POST /api/qa/questions/{id}/duplicate` `{of}`: level 5 or moderators,
/// between two questions they can see.
pub async fn close_duplicate(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b: QaDuplicateInput = rc.json().await?;
    let id = id_param(rc)?;
    let dbh = rc.db()?;
    db::post(&dbh, PostKind::Question, id)
        .await?
        .filter(|p| can_see(Some(&me), p))
        .ok_or_else(|| not_found("question"))?;
    allow(&dbh, &me, QaAct::CloseDuplicate, false).await?;
    let of = db::post(&dbh, PostKind::Question, b.of).await?.filter(|p| can_see(Some(&me), p));
    if b.of == id || of.is_none() {
        return Err(ApiError::invalid("of: another existing question"));
    }
    db::posts::close_duplicate(&dbh, id, b.of).await?;
    ok_json(&QaDuplicate { duplicate_of: b.of })
}
