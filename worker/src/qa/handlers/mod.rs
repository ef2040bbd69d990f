//! Knowledge Q&A endpoints: ask, answer, comment, edit with revisions, vote,
//! accept, flag, close as duplicate, the FAQ, search with suggestions,
//! points and levels, badges, leaderboards, statistics, and the
//! voting-ring detector.

use commons_domain::accounts::Role;
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::qa::{
    has_privilege, level_of, render_markdown, validate_body, AnswerView, Comment, FaqEntry, PointsView, PostKind,
    QuestionInput, QuestionSummary, QuestionView, VoteRequest, DAILY_POSTS, FAQ_SERVICES, FLAGS_TO_HIDE,
    NEW_ACCOUNT_DAILY_POSTS, RULES,
};
use commons_domain::{ApiError, ErrorKind};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use worker::{D1Database, Response};

use crate::accounts::auth::{current_user, require_role, require_user, CurrentUser};
use crate::ctx::RequestCtx;
use crate::db::{all, count, d1_err, first, int, run, stmt, text};
use crate::http::{q_get, query};
use crate::qa::db::{self as db, EventCtx};

/// Asia/Taipei date of `now`, the day votes and caps are counted by.
fn taipei_day(now: i64) -> String {
    commons_domain::common::locale::to_taipei(now).map(|t| t.date().to_string()).unwrap_or_default()
}

/// The integer `{id}` parameter.
fn id_param(rc: &RequestCtx) -> Result<i64, ApiError> {
    rc.param("id").and_then(|s| s.parse().ok()).ok_or_else(|| ApiError::bad_request("id: must be an integer"))
}

fn not_found(what: &str) -> ApiError {
    ApiError::new(ErrorKind::NotFound, format!("no such {what}"))
}

/// Moderators and admins act on any post.
fn is_moderator(u: &CurrentUser) -> bool {
    u.has(Role::Moderator, None)
}

/// Refuses a post when the user has reached their daily limit (lower for new accounts).
async fn check_post_rate(dbh: &D1Database, me: &CurrentUser, now: i64, answers_too: bool) -> Result<(), ApiError> {
    let points = db::total(dbh, me.user.id).await?;
    let limit = if level_of(points).number <= 1 { NEW_ACCOUNT_DAILY_POSTS } else { DAILY_POSTS };
    let limit = if answers_too { limit * 2 } else { limit };
    if db::posts_since(dbh, me.user.id, commons_domain::common::locale::taipei_day_start(now), answers_too).await?
        >= limit
    {
        return Err(ApiError::new(ErrorKind::Throttled, format!("at most {limit} posts a day at your level")));
    }
    Ok(())
}

/// Space-joined index tokens of a question (title, body, tags).
fn index(title: &str, body: &str, tags: &[String]) -> (String, String) {
    (
        commons_domain::common::search::index_tokens(title),
        commons_domain::common::search::index_tokens(&format!("{body} {}", tags.join(" "))),
    )
}

/// `POST /api/qa/questions`.
pub async fn ask(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut q: QuestionInput = rc.json().await?;
    q.validate()?;
    let dbh = rc.db()?;
    let now = rc.now();
    check_post_rate(&dbh, &me, now, false).await?;
    let dataset_id = match q.dataset.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Some(
            crate::opendata::db::catalogue::dataset(&dbh, &d.to_lowercase())
                .await?
                .ok_or_else(|| ApiError::invalid("dataset: no such dataset"))?
                .0
                .id,
        ),
        None => None,
    };
    if let Some(i) = q.instrument_id {
        if count(&dbh, "SELECT COUNT(*) AS n FROM instruments WHERE id = ?1", &[int(i)]).await? == 0 {
            return Err(ApiError::invalid("instrument_id: no such instrument"));
        }
    }
    let html = render_markdown(&q.body);
    let tags = serde_json::to_string(&q.tags).map_err(crate::error::internal)?;
    let id = crate::db::insert_id(
        &dbh,
        "INSERT INTO qa_questions (user_id, title, body, body_html, tags, dataset_id, instrument_id, created_at, updated_at, last_activity_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8) RETURNING id",
        &[
            int(me.user.id),
            text(&q.title),
            text(&q.body),
            text(&html),
            text(&tags),
            dataset_id.map(int).unwrap_or(JsValue::NULL),
            q.instrument_id.map(int).unwrap_or(JsValue::NULL),
            int(now),
        ],
    )
    .await?;
    let (ti, bi) = index(&q.title, &q.body, &q.tags);
    dbh.batch(vec![
        stmt(&dbh, "INSERT INTO qa_tags (question_id, tag) SELECT ?1, value FROM json_each(?2)", &[int(id), text(&tags)])?,
        stmt(&dbh, "INSERT INTO qa_fts (rowid, title, body) VALUES (?1, ?2, ?3)", &[int(id), text(&ti), text(&bi)])?,
        stmt(
            &dbh,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, title, body, tags, created_at) VALUES ('q', ?1, ?2, ?3, ?4, ?5, ?6)",
            &[int(id), int(me.user.id), text(&q.title), text(&q.body), text(&tags), int(now)],
        )?,
        db::bootstrap(&dbh, me.user.id, &taipei_day(now), now)?,
        db::award(&dbh, me.user.id, "first_question", now)?,
    ])
    .await
    .map_err(d1_err)?;
    award_streak(&dbh, me.user.id, now).await?;
    crate::http::json_with_status(&json!({"id": id}), 201)
}

/// Awards the 7-day streak badge when the user posted on each of the last 7 Taipei days.
async fn award_streak(dbh: &D1Database, user: i64, now: i64) -> Result<(), ApiError> {
    let since = commons_domain::common::locale::taipei_day_start(now) - 6 * 86_400;
    let days = count(
        dbh,
        "SELECT COUNT(DISTINCT date(created_at + 28800, 'unixepoch')) AS n FROM ( \
           SELECT created_at FROM qa_questions WHERE user_id = ?1 AND created_at >= ?2 \
           UNION ALL SELECT created_at FROM qa_answers WHERE user_id = ?1 AND created_at >= ?2)",
        &[int(user), int(since)],
    )
    .await?;
    if days >= 7 {
        db::award(dbh, user, "streak_7", now)?.run().await.map_err(d1_err)?;
    }
    Ok(())
}

/// `POST /api/qa/questions/{id}/answers`.
pub async fn answer(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    #[derive(Deserialize)]
    struct Body {
        body: String,
    }
    let b: Body = rc.json().await?;
    let body = validate_body(&b.body)?;
    let qid = id_param(rc)?;
    let dbh = rc.db()?;
    let q = db::post(&dbh, "q", qid).await?.filter(|p| p.hidden == 0).ok_or_else(|| not_found("question"))?;
    let now = rc.now();
    check_post_rate(&dbh, &me, now, true).await?;
    let html = render_markdown(&body);
    let id = crate::db::insert_id(
        &dbh,
        "INSERT INTO qa_answers (question_id, user_id, body, body_html, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
        &[int(qid), int(me.user.id), text(&body), text(&html), int(now)],
    )
    .await?;
    let mut stmts = vec![
        stmt(
            &dbh,
            "UPDATE qa_questions SET answer_count = answer_count + 1, last_activity_at = ?2, \
             first_answer_at = COALESCE(first_answer_at, ?2) WHERE id = ?1",
            &[int(qid), int(now)],
        )?,
        stmt(
            &dbh,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, body, created_at) VALUES ('a', ?1, ?2, ?3, ?4)",
            &[int(id), int(me.user.id), text(&body), int(now)],
        )?,
        db::bootstrap(&dbh, me.user.id, &taipei_day(now), now)?,
        db::award(&dbh, me.user.id, "first_answer", now)?,
    ];
    if q.user_id != me.user.id {
        stmts.push(notify(&dbh, q.user_id, "new_answer", qid, now)?);
    }
    dbh.batch(stmts).await.map_err(d1_err)?;
    award_streak(&dbh, me.user.id, now).await?;
    crate::http::json_with_status(&json!({"id": id}), 201)
}

/// A notification about a question (with its title).
fn notify(
    dbh: &D1Database,
    user: i64,
    kind: &str,
    question: i64,
    now: i64,
) -> Result<worker::D1PreparedStatement, ApiError> {
    stmt(
        dbh,
        "INSERT INTO notifications (user_id, kind, params, link, created_at) \
         SELECT ?1, ?2, json_object('title', title), '/qa/questions/' || id, ?4 FROM qa_questions WHERE id = ?3",
        &[int(user), text(kind), int(question), int(now)],
    )
}

/// `POST /api/qa/comments` `{kind, id, body}`: plain text, level 2 (or on one's own thread).
pub async fn comment(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    #[derive(Deserialize)]
    struct Body {
        kind: PostKind,
        id: i64,
        body: String,
    }
    let b: Body = rc.json().await?;
    let body = b.body.trim().to_string();
    if body.is_empty() || body.chars().count() > 600 {
        return Err(ApiError::invalid("body: 1 to 600 characters"));
    }
    let dbh = rc.db()?;
    let kind = b.kind.code();
    let p = db::post(&dbh, kind, b.id).await?.ok_or_else(|| not_found("post"))?;
    let own_thread = p.user_id == me.user.id || p.question_author == me.user.id;
    if !own_thread && !has_privilege(db::total(&dbh, me.user.id).await?, "comment") && !is_moderator(&me) {
        return Err(ApiError::new(ErrorKind::Forbidden, "commenting unlocks at level 2"));
    }
    let now = rc.now();
    let mut stmts = vec![
        stmt(
            &dbh,
            "INSERT INTO qa_comments (post_kind, post_id, user_id, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[text(kind), int(b.id), int(me.user.id), text(&body), int(now)],
        )?,
        stmt(&dbh, "UPDATE qa_questions SET last_activity_at = ?2 WHERE id = ?1", &[int(p.question_id), int(now)])?,
    ];
    if p.user_id != me.user.id {
        stmts.push(notify(&dbh, p.user_id, "new_comment", p.question_id, now)?);
    }
    dbh.batch(stmts).await.map_err(d1_err)?;
    crate::http::json_with_status(&json!({"ok": true}), 201)
}

/// `POST /api/qa/votes` `{kind, id, value}`: +1, −1, or 0 to take a vote back.
pub async fn vote(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let v: VoteRequest = rc.json().await?;
    if ![-1, 0, 1].contains(&v.value) {
        return Err(ApiError::invalid("value: 1, -1 or 0"));
    }
    let dbh = rc.db()?;
    let kind = v.kind.code();
    let p =
        db::post_for(&dbh, kind, v.id, me.user.id).await?.filter(|p| p.hidden == 0).ok_or_else(|| not_found("post"))?;
    if p.user_id == me.user.id {
        return Err(ApiError::invalid("you cannot vote on your own post"));
    }
    if v.value == -1 && !is_moderator(&me) && !has_privilege(db::total(&dbh, me.user.id).await?, "downvote") {
        return Err(ApiError::new(ErrorKind::Forbidden, "downvoting unlocks at level 3"));
    }
    let now = rc.now();
    let day = taipei_day(now);
    let current = p.my_vote;
    if current == v.value {
        return crate::http::ok_json(&json!({"value": current, "score": p.score}));
    }
    let ctx = EventCtx { kind, post: v.id, actor: me.user.id, day: &day, now };
    let table = db::table(kind);
    let mut stmts = Vec::new();
    if current != 0 {
        // Take the old vote back: score, compensating ledger rows, then the row itself.
        stmts.push(stmt(
            &dbh,
            &format!(
                "UPDATE {table} SET score = score - ?2 WHERE id = ?1 AND EXISTS \
                 (SELECT 1 FROM qa_votes WHERE post_kind = ?3 AND post_id = ?1 AND user_id = ?4 AND value = ?2)"
            ),
            &[int(v.id), int(current), text(kind), int(me.user.id)],
        )?);
        stmts.push(db::compensate(
            &dbh,
            &ctx,
            &["question_upvoted", "answer_upvoted", "downvoted", "downvote_cast"],
            "vote withdrawn",
        )?);
        stmts.push(stmt(
            &dbh,
            "DELETE FROM qa_votes WHERE post_kind = ?1 AND post_id = ?2 AND user_id = ?3",
            &[text(kind), int(v.id), int(me.user.id)],
        )?);
    }
    if v.value != 0 {
        stmts.push(db::bootstrap(&dbh, p.user_id, &day, now)?);
        stmts.push(db::bootstrap(&dbh, me.user.id, &day, now)?);
        stmts.push(stmt(
            &dbh,
            "INSERT INTO qa_votes (post_kind, post_id, user_id, author_id, value, day, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[text(kind), int(v.id), int(me.user.id), int(p.user_id), int(v.value), text(&day), int(now)],
        )?);
        let reason = match (v.kind, v.value) {
            (PostKind::Question, 1) => "question_upvoted",
            (PostKind::Answer, 1) => "answer_upvoted",
            _ => "downvoted",
        };
        stmts.push(db::event(&dbh, p.user_id, reason, &ctx, "", &[])?);
        if v.kind == PostKind::Answer && v.value == -1 {
            stmts.push(db::event(&dbh, me.user.id, "downvote_cast", &ctx, "", &[])?);
        }
        stmts.push(stmt(
            &dbh,
            &format!("UPDATE {table} SET score = score + ?2 WHERE id = ?1"),
            &[int(v.id), int(v.value)],
        )?);
        if v.kind == PostKind::Question && v.value == 1 {
            stmts.push(stmt(
                &dbh,
                "INSERT OR IGNORE INTO qa_badges (user_id, badge, awarded_at) \
                 SELECT user_id, 'popular_question', ?2 FROM qa_questions WHERE id = ?1 AND score >= 10",
                &[int(v.id), int(now)],
            )?);
        }
    }
    // The new score comes back with the batch: one round trip for the whole vote.
    stmts.push(stmt(&dbh, &format!("SELECT score AS n FROM {table} WHERE id = ?1"), &[int(v.id)])?);
    let new_score = match dbh.batch(stmts).await {
        Ok(results) => results
            .into_iter()
            .last()
            .map(|r| r.results::<crate::db::Count>())
            .transpose()
            .map_err(d1_err)?
            .and_then(|rows| rows.into_iter().next())
            .map(|c| c.n)
            .unwrap_or(0),
        Err(e) => {
            let err = d1_err(e);
            // The same vote raced in from another request: it counted once; say so.
            if err.kind == ErrorKind::Conflict {
                return crate::http::ok_json(&json!({"value": db::my_vote(&dbh, kind, v.id, me.user.id).await?,
                                              "score": score(&dbh, kind, v.id).await?}));
            }
            return Err(err);
        }
    };
    crate::http::ok_json(&json!({"value": v.value, "score": new_score}))
}

/// A post's score.
async fn score(dbh: &D1Database, kind: &str, id: i64) -> Result<i64, ApiError> {
    count(dbh, &format!("SELECT score AS n FROM {} WHERE id = ?1", db::table(kind)), &[int(id)]).await
}

/// `POST /api/qa/answers/{id}/accept` (question author only); `DELETE` withdraws it.
pub async fn accept(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let aid = id_param(rc)?;
    let dbh = rc.db()?;
    let a = db::post(&dbh, "a", aid).await?.ok_or_else(|| not_found("answer"))?;
    if a.question_author != me.user.id {
        return Err(ApiError::new(ErrorKind::Forbidden, "only the asker can accept an answer"));
    }
    let now = rc.now();
    let day = taipei_day(now);
    let withdraw = rc.method_name == "DELETE";
    #[derive(Deserialize)]
    struct Acc {
        id: i64,
    }
    let previous: Option<Acc> =
        first(&dbh, "SELECT id FROM qa_answers WHERE question_id = ?1 AND accepted = 1", &[int(a.question_id)]).await?;
    let mut stmts = Vec::new();
    if let Some(prev) = &previous {
        if prev.id == aid && !withdraw {
            return crate::http::ok_json(&json!({"accepted": aid}));
        }
        stmts.push(stmt(&dbh, "UPDATE qa_answers SET accepted = 0 WHERE id = ?1", &[int(prev.id)])?);
        let prev_ctx = EventCtx { kind: "a", post: prev.id, actor: me.user.id, day: &day, now };
        stmts.push(db::compensate(&dbh, &prev_ctx, &["answer_accepted", "accepting"], "accept withdrawn")?);
        stmts.push(stmt(
            &dbh,
            "UPDATE qa_questions SET accepted_answer_id = NULL WHERE id = ?1",
            &[int(a.question_id)],
        )?);
    }
    if withdraw {
        if previous.as_ref().map(|p| p.id) != Some(aid) {
            return Err(ApiError::conflict("this answer is not the accepted one"));
        }
    } else {
        stmts.push(stmt(&dbh, "UPDATE qa_answers SET accepted = 1 WHERE id = ?1", &[int(aid)])?);
        stmts.push(stmt(
            &dbh,
            "UPDATE qa_questions SET accepted_answer_id = ?2, last_activity_at = ?3 WHERE id = ?1",
            &[int(a.question_id), int(aid), int(now)],
        )?);
        // Accepting one's own answer earns nothing.
        if a.user_id != me.user.id {
            let ctx = EventCtx { kind: "a", post: aid, actor: me.user.id, day: &day, now };
            stmts.push(db::bootstrap(&dbh, a.user_id, &day, now)?);
            stmts.push(db::bootstrap(&dbh, me.user.id, &day, now)?);
            stmts.push(db::event(&dbh, a.user_id, "answer_accepted", &ctx, "", &[])?);
            stmts.push(db::event(&dbh, me.user.id, "accepting", &ctx, "", &[])?);
            stmts.push(stmt(
                &dbh,
                "INSERT OR IGNORE INTO qa_badges (user_id, badge, awarded_at) SELECT ?1, 'first_accepted', ?2",
                &[int(a.user_id), int(now)],
            )?);
            stmts.push(stmt(
                &dbh,
                "INSERT OR IGNORE INTO qa_badges (user_id, badge, awarded_at) SELECT ?1, 'ten_accepted', ?2 \
                 WHERE (SELECT COUNT(*) FROM qa_answers WHERE user_id = ?1 AND accepted = 1) >= 10",
                &[int(a.user_id), int(now)],
            )?);
            stmts.push(notify(&dbh, a.user_id, "answer_accepted", a.question_id, now)?);
        }
    }
    dbh.batch(stmts).await.map_err(d1_err)?;
    crate::http::ok_json(&json!({"accepted": if withdraw { Value::Null } else { json!(aid) }}))
}

/// Rows for a question page.
#[derive(Deserialize)]
struct QRow {
    id: i64,
    user_id: i64,
    author: String,
    title: String,
    body: String,
    body_html: String,
    tags: String,
    score: i64,
    views: i64,
    duplicate_of: Option<i64>,
    dataset: Option<String>,
    instrument_id: Option<i64>,
    hidden: i64,
    created_at: i64,
}

#[derive(Deserialize)]
struct ARow {
    id: i64,
    user_id: i64,
    author: String,
    author_points: Option<i64>,
    body: String,
    body_html: String,
    score: i64,
    accepted: i64,
    my_vote: i64,
    created_at: i64,
}

#[derive(Deserialize)]
struct CRow {
    id: i64,
    post_kind: String,
    post_id: i64,
    author: String,
    body: String,
    created_at: i64,
}

/// `GET /api/qa/questions/{id}`: the question with its answers and comments (counts a view).
pub async fn get_question(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let viewer = current_user(rc).await?;
    let vid = viewer.as_ref().map(|u| u.user.id).unwrap_or(0);
    let dbh = rc.db()?;
    let res = dbh
        .batch(vec![
            stmt(&dbh, "UPDATE qa_questions SET views = views + 1 WHERE id = ?1", &[int(id)])?,
            stmt(
                &dbh,
                "SELECT q.id, q.user_id, u.display_name AS author, q.title, q.body, q.body_html, q.tags, q.score, q.views, \
                 q.duplicate_of, d.identifier AS dataset, q.instrument_id, q.hidden, q.created_at \
                 FROM qa_questions q JOIN users u ON u.id = q.user_id LEFT JOIN datasets d ON d.id = q.dataset_id WHERE q.id = ?1",
                &[int(id)],
            )?,
            stmt(
                &dbh,
                "SELECT a.id, a.user_id, u.display_name AS author, p.total AS author_points, a.body, a.body_html, a.score, \
                 a.accepted, COALESCE((SELECT value FROM qa_votes v WHERE v.post_kind = 'a' AND v.post_id = a.id AND v.user_id = ?2), 0) AS my_vote, \
                 a.created_at FROM qa_answers a JOIN users u ON u.id = a.user_id LEFT JOIN user_points p ON p.user_id = a.user_id \
                 WHERE a.question_id = ?1 AND a.hidden = 0 ORDER BY a.accepted DESC, a.score DESC, a.id LIMIT 200",
                &[int(id), int(vid)],
            )?,
            stmt(
                &dbh,
                "SELECT c.id, c.post_kind, c.post_id, u.display_name AS author, c.body, c.created_at FROM qa_comments c \
                 JOIN users u ON u.id = c.user_id WHERE (c.post_kind = 'q' AND c.post_id = ?1) OR \
                 (c.post_kind = 'a' AND c.post_id IN (SELECT id FROM qa_answers WHERE question_id = ?1)) ORDER BY c.id",
                &[int(id)],
            )?,
            stmt(
                &dbh,
                "SELECT (SELECT COALESCE((SELECT value FROM qa_votes WHERE post_kind = 'q' AND post_id = ?1 AND user_id = ?2), 0)) AS my_vote, \
                 (SELECT COUNT(*) FROM qa_revisions WHERE post_kind = 'q' AND post_id = ?1) AS revisions",
                &[int(id), int(vid)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = res.into_iter().skip(1);
    let q: QRow = it
        .next()
        .map(|r| r.results::<QRow>())
        .transpose()
        .map_err(d1_err)?
        .and_then(|v| v.into_iter().next())
        .ok_or_else(|| not_found("question"))?;
    if q.hidden != 0 && !viewer.as_ref().is_some_and(|u| is_moderator(u) || u.user.id == q.user_id) {
        return Err(ApiError::new(ErrorKind::NotFound, "this question is hidden pending review"));
    }
    let answers: Vec<ARow> = it.next().map(|r| r.results()).transpose().map_err(d1_err)?.unwrap_or_default();
    let comments: Vec<CRow> = it.next().map(|r| r.results()).transpose().map_err(d1_err)?.unwrap_or_default();
    #[derive(Deserialize)]
    struct Extra {
        my_vote: i64,
        revisions: i64,
    }
    let extra: Option<Extra> =
        it.next().map(|r| r.results()).transpose().map_err(d1_err)?.and_then(|v| v.into_iter().next());
    let comments_of = |kind: &str, post: i64| -> Vec<Comment> {
        comments
            .iter()
            .filter(|c| c.post_kind == kind && c.post_id == post)
            .map(|c| Comment {
                id: c.id,
                author: c.author.clone(),
                body: c.body.clone(),
                created_at: rfc3339_utc(c.created_at),
            })
            .collect()
    };
    let view = QuestionView {
        id: q.id,
        user_id: q.user_id,
        author: q.author,
        title: q.title,
        body_html: q.body_html,
        body: q.body,
        tags: serde_json::from_str(&q.tags).unwrap_or_default(),
        score: q.score,
        my_vote: extra.as_ref().map(|e| e.my_vote).unwrap_or(0),
        views: q.views,
        duplicate_of: q.duplicate_of,
        dataset: q.dataset,
        instrument_id: q.instrument_id,
        comments: comments_of("q", q.id),
        answers: answers
            .into_iter()
            .map(|a| AnswerView {
                comments: comments_of("a", a.id),
                id: a.id,
                user_id: a.user_id,
                author: a.author,
                author_level: level_of(a.author_points.unwrap_or(1)).number,
                body_html: a.body_html,
                body: a.body,
                score: a.score,
                accepted: a.accepted != 0,
                my_vote: a.my_vote,
                created_at: rfc3339_utc(a.created_at),
            })
            .collect(),
        revisions: extra.map(|e| e.revisions).unwrap_or(0),
        created_at: rfc3339_utc(q.created_at),
    };
    crate::http::ok_json(&json!({ "question": view }))
}

/// `PATCH /api/qa/questions/{id}`: the author, or level 4 (edit others), keeps a revision.
pub async fn edit_question(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut q: QuestionInput = rc.json().await?;
    q.validate()?;
    let id = id_param(rc)?;
    let dbh = rc.db()?;
    let p = db::post(&dbh, "q", id).await?.ok_or_else(|| not_found("question"))?;
    if p.user_id != me.user.id
        && !is_moderator(&me)
        && !has_privilege(db::total(&dbh, me.user.id).await?, "edit_others")
    {
        return Err(ApiError::new(ErrorKind::Forbidden, "editing others' posts unlocks at level 4"));
    }
    let now = rc.now();
    let tags = serde_json::to_string(&q.tags).map_err(crate::error::internal)?;
    let (ti, bi) = index(&q.title, &q.body, &q.tags);
    dbh.batch(vec![
        stmt(
            &dbh,
            "UPDATE qa_questions SET title = ?2, body = ?3, body_html = ?4, tags = ?5, updated_at = ?6, last_activity_at = ?6 WHERE id = ?1",
            &[int(id), text(&q.title), text(&q.body), text(&render_markdown(&q.body)), text(&tags), int(now)],
        )?,
        stmt(&dbh, "DELETE FROM qa_tags WHERE question_id = ?1", &[int(id)])?,
        stmt(&dbh, "INSERT INTO qa_tags (question_id, tag) SELECT ?1, value FROM json_each(?2)", &[int(id), text(&tags)])?,
        stmt(&dbh, "DELETE FROM qa_fts WHERE rowid = ?1", &[int(id)])?,
        stmt(&dbh, "INSERT INTO qa_fts (rowid, title, body) VALUES (?1, ?2, ?3)", &[int(id), text(&ti), text(&bi)])?,
        stmt(
            &dbh,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, title, body, tags, created_at) VALUES ('q', ?1, ?2, ?3, ?4, ?5, ?6)",
            &[int(id), int(me.user.id), text(&q.title), text(&q.body), text(&tags), int(now)],
        )?,
    ])
    .await
    .map_err(d1_err)?;
    crate::http::ok_json(&json!({"id": id}))
}

/// `GET /api/qa/questions/{id}/revisions`.
pub async fn revisions(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    #[derive(Deserialize, serde::Serialize)]
    struct R {
        id: i64,
        author: String,
        title: String,
        body: String,
        tags: String,
        created_at: i64,
    }
    let rows: Vec<R> = all(
        &rc.db()?,
        "SELECT r.id, u.display_name AS author, r.title, r.body, r.tags, r.created_at FROM qa_revisions r \
         JOIN users u ON u.id = r.user_id WHERE r.post_kind = 'q' AND r.post_id = ?1 ORDER BY r.id",
        &[int(id)],
    )
    .await?;
    if rows.is_empty() {
        return Err(not_found("question"));
    }
    let list: Vec<Value> = rows
        .into_iter()
        .map(|r| json!({"id": r.id, "author": r.author, "title": r.title, "body": r.body,
                        "tags": serde_json::from_str::<Value>(&r.tags).unwrap_or(Value::Null), "created_at": rfc3339_utc(r.created_at)}))
        .collect();
    crate::http::ok_json(&json!({ "revisions": list }))
}

/// `POST /api/qa/questions/{id}/duplicate` `{of}`: level 5 or moderators.
pub async fn close_duplicate(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    #[derive(Deserialize)]
    struct Body {
        of: i64,
    }
    let b: Body = rc.json().await?;
    let id = id_param(rc)?;
    let dbh = rc.db()?;
    db::post(&dbh, "q", id).await?.ok_or_else(|| not_found("question"))?;
    if b.of == id || db::post(&dbh, "q", b.of).await?.is_none() {
        return Err(ApiError::invalid("of: another existing question"));
    }
    if !is_moderator(&me) && !has_privilege(db::total(&dbh, me.user.id).await?, "close_duplicate") {
        return Err(ApiError::new(ErrorKind::Forbidden, "closing as duplicate unlocks at level 5"));
    }
    run(&dbh, "UPDATE qa_questions SET duplicate_of = ?2 WHERE id = ?1", &[int(id), int(b.of)]).await?;
    crate::http::ok_json(&json!({"duplicate_of": b.of}))
}

/// `POST /api/qa/flags` `{kind, id, reason}`: a post with 3 flags is hidden until reviewed.
pub async fn flag(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    #[derive(Deserialize)]
    struct Body {
        kind: PostKind,
        id: i64,
        reason: String,
    }
    let b: Body = rc.json().await?;
    let reason = b.reason.trim();
    if !["spam", "offensive", "off_topic", "other"].contains(&reason) {
        return Err(ApiError::invalid("reason: spam, offensive, off_topic or other"));
    }
    let dbh = rc.db()?;
    let kind = b.kind.code();
    db::post(&dbh, kind, b.id).await?.ok_or_else(|| not_found("post"))?;
    let table = db::table(kind);
    let now = rc.now();
    let res = dbh
        .batch(vec![
            stmt(
                &dbh,
                "INSERT INTO qa_flags (post_kind, post_id, user_id, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                &[text(kind), int(b.id), int(me.user.id), text(reason), int(now)],
            )?,
            stmt(
                &dbh,
                &format!(
                    "UPDATE {table} SET flags = flags + 1, hidden = CASE WHEN flags + 1 >= ?2 THEN 1 ELSE hidden END WHERE id = ?1"
                ),
                &[int(b.id), int(FLAGS_TO_HIDE)],
            )?,
            // The search index holds visible questions only.
            stmt(
                &dbh,
                "DELETE FROM qa_fts WHERE ?1 = 'q' AND rowid = ?2 AND (SELECT hidden FROM qa_questions WHERE id = ?2) = 1",
                &[text(kind), int(b.id)],
            )?,
        ])
        .await;
    if let Err(e) = res {
        let e = d1_err(e);
        if e.kind == ErrorKind::Conflict {
            return Err(ApiError::conflict("you already flagged this post"));
        }
        return Err(e);
    }
    crate::http::json_with_status(&json!({"flagged": true}), 201)
}

/// `GET /api/qa/moderation`: hidden and flagged posts (moderators).
pub async fn moderation_queue(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Moderator, None).await?;
    #[derive(Deserialize, serde::Serialize)]
    struct R {
        kind: String,
        id: i64,
        question_id: i64,
        title: String,
        flags: i64,
        hidden: i64,
    }
    let rows: Vec<R> = all(
        &rc.db()?,
        "SELECT 'question' AS kind, id, id AS question_id, title, flags, hidden FROM qa_questions WHERE flags > 0 AND \
         EXISTS (SELECT 1 FROM qa_flags f WHERE f.post_kind = 'q' AND f.post_id = qa_questions.id AND f.resolved = 0) \
         UNION ALL SELECT 'answer', a.id, a.question_id, q.title, a.flags, a.hidden FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id \
         WHERE a.flags > 0 AND EXISTS (SELECT 1 FROM qa_flags f WHERE f.post_kind = 'a' AND f.post_id = a.id AND f.resolved = 0) \
         ORDER BY flags DESC LIMIT 200",
        &[],
    )
    .await?;
    crate::http::ok_json(&json!({ "queue": rows }))
}

/// `POST /api/qa/moderation` `{kind, id, action: restore|remove}`.
pub async fn moderate(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Moderator, None).await?;
    #[derive(Deserialize)]
    struct Body {
        kind: PostKind,
        id: i64,
        action: String,
    }
    let b: Body = rc.json().await?;
    let hidden = match b.action.as_str() {
        "restore" => 0,
        "remove" => 1,
        _ => return Err(ApiError::invalid("action: restore or remove")),
    };
    let dbh = rc.db()?;
    let kind = b.kind.code();
    db::post(&dbh, kind, b.id).await?.ok_or_else(|| not_found("post"))?;
    let mut stmts = vec![
        stmt(
            &dbh,
            &format!("UPDATE {} SET hidden = ?2, flags = 0 WHERE id = ?1", db::table(kind)),
            &[int(b.id), int(hidden)],
        )?,
        stmt(&dbh, "UPDATE qa_flags SET resolved = 1 WHERE post_kind = ?1 AND post_id = ?2", &[text(kind), int(b.id)])?,
    ];
    if kind == "q" {
        // The search index holds visible questions only.
        stmts.push(stmt(&dbh, "DELETE FROM qa_fts WHERE rowid = ?1", &[int(b.id)])?);
        if hidden == 0 {
            #[derive(Deserialize)]
            struct Q {
                title: String,
                body: String,
                tags: String,
            }
            let sql = "SELECT title, body, tags FROM qa_questions WHERE id = ?1";
            if let Some(qr) = first::<Q>(&dbh, sql, &[int(b.id)]).await? {
                let tags: Vec<String> = serde_json::from_str(&qr.tags).unwrap_or_default();
                let (ti, bi) = index(&qr.title, &qr.body, &tags);
                let insert = "INSERT INTO qa_fts (rowid, title, body) VALUES (?1, ?2, ?3)";
                stmts.push(stmt(&dbh, insert, &[int(b.id), text(&ti), text(&bi)])?);
            }
        }
    }
    dbh.batch(stmts).await.map_err(d1_err)?;
    crate::http::ok_json(&json!({"hidden": hidden == 1}))
}

#[derive(Deserialize)]
struct SummaryRow {
    id: i64,
    title: String,
    tags: String,
    score: i64,
    answer_count: i64,
    accepted_answer_id: Option<i64>,
    views: i64,
    author: String,
    created_at: i64,
    last_activity_at: i64,
}

impl SummaryRow {
    fn view(self) -> QuestionSummary {
        QuestionSummary {
            id: self.id,
            title: self.title,
            tags: serde_json::from_str(&self.tags).unwrap_or_default(),
            score: self.score,
            answer_count: self.answer_count,
            answered: self.accepted_answer_id.is_some(),
            views: self.views,
            author: self.author,
            created_at: rfc3339_utc(self.created_at),
            last_activity_at: rfc3339_utc(self.last_activity_at),
        }
    }
}

const SUMMARY: &str = "q.id, q.title, q.tags, q.score, q.answer_count, q.accepted_answer_id, q.views, \
u.display_name AS author, q.created_at, q.last_activity_at";

/// FAQ entries matching a query (for search and suggestions).
async fn faq_matches(dbh: &D1Database, m: &str, limit: i64) -> Result<Vec<FaqEntry>, ApiError> {
    let rows: Vec<FaqEntry> = all(
        dbh,
        "SELECT f.id, f.service, f.category, f.title, f.body_html, f.source_answer_id FROM faq_fts \
         JOIN faq_entries f ON f.id = faq_fts.rowid WHERE faq_fts MATCH ?1 ORDER BY bm25(faq_fts, 8.0, 1.0) LIMIT ?2",
        &[text(m), int(limit)],
    )
    .await?;
    Ok(rows)
}

/// How long a cached search page may be served: the generation check keeps
/// everything but view counts exact, and views may lag by this much.
const SEARCH_CACHE_TTL: i64 = 60;

/// `GET /api/qa/questions?q=&tag=&answered=yes|no&sort=relevance|newest|votes|activity&page=&per_page=`:
/// FAQ entries first (page 1), then questions.
///
/// Pages are cached (migration 0009): a hit is one indexed read instead of
/// ranking every matching question. `Cache-Control: no-cache` on the request
/// asks for a freshly computed page (and refreshes the cached one). The
/// `x-commons-cache` response header says `hit` or `miss`.
pub async fn list_questions(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (page, per_page) = crate::http::paging(rc)?;
    let q = query(rc)?;
    let text_q = q_get(&q, "q").unwrap_or("");
    if text_q.chars().count() > 200 {
        return Err(ApiError::invalid("q: at most 200 characters"));
    }
    let m = commons_domain::common::search::fts_match(text_q);
    let sort = q_get(&q, "sort").unwrap_or(if m.is_some() { "relevance" } else { "newest" });
    let order = match (sort, m.is_some()) {
        ("relevance", true) => "bm25(qa_fts, 8.0, 1.0), q.score DESC",
        ("relevance" | "newest", _) => "q.created_at DESC, q.id DESC",
        ("votes", _) => "q.score DESC, q.id DESC",
        ("activity", _) => "q.last_activity_at DESC, q.id DESC",
        _ => return Err(ApiError::invalid("sort: relevance, newest, votes or activity")),
    };
    let answered = match q_get(&q, "answered") {
        None | Some("") => "",
        Some("yes") => "yes",
        Some("no") => "no",
        Some(_) => return Err(ApiError::invalid("answered: yes or no")),
    };
    let tag = q_get(&q, "tag").map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
    // The key holds the normalised search: the match expression, not the raw
    // text, so 年金 and " 年金 " share a page.
    let key =
        serde_json::to_string(&(m.as_deref(), &tag, answered, sort, page, per_page)).map_err(crate::error::internal)?;
    let dbh = rc.db()?;
    let now = rc.now();
    let fresh = rc.header("cache-control").is_some_and(|v| v.to_ascii_lowercase().contains("no-cache"));
    if !fresh {
        #[derive(Deserialize)]
        struct Cached {
            body: String,
        }
        let hit: Option<Cached> = first(
            &dbh,
            "SELECT body FROM qa_search_cache WHERE key = ?1 AND created_at >= ?2 \
             AND generation = (SELECT n FROM qa_generation WHERE id = 1)",
            &[text(&key), int(now - SEARCH_CACHE_TTL)],
        )
        .await?;
        if let Some(c) = hit {
            return Ok(cache_marked(crate::error::json_response(c.body, 200), "hit"));
        }
    }

    let mut args: Vec<JsValue> = Vec::new();
    let mut conds = vec!["q.hidden = 0".to_string()];
    let from = match &m {
        Some(expr) => {
            args.push(text(expr));
            conds.push("qa_fts MATCH ?1".into());
            "qa_fts JOIN qa_questions q ON q.id = qa_fts.rowid"
        }
        None => "qa_questions q",
    };
    if let Some(tag) = &tag {
        if count(&dbh, "SELECT COUNT(*) AS n FROM qa_tags WHERE tag = ?1", &[text(tag)]).await? == 0 {
            return Err(ApiError::invalid(format!("tag: no question has the tag {tag:?}")));
        }
        args.push(text(tag));
        conds.push(format!("q.id IN (SELECT question_id FROM qa_tags WHERE tag = ?{})", args.len()));
    }
    match answered {
        "yes" => conds.push("q.accepted_answer_id IS NOT NULL".into()),
        "no" => conds.push("q.accepted_answer_id IS NULL".into()),
        _ => {}
    }
    let where_ = conds.join(" AND ");
    let mut page_args = args.clone();
    page_args.push(int(i64::from(per_page)));
    page_args.push(int(i64::from((page - 1) * per_page)));
    let n = page_args.len();
    // A plain text search ranks and counts inside the index alone (it holds
    // only visible questions), then joins just the page: a common word can
    // match a tenth of the corpus, and joining every match first costs 3×.
    let fts_only = m.is_some() && conds.len() == 2;
    let fts_count = "SELECT COUNT(*) AS n FROM qa_fts WHERE qa_fts MATCH ?1".to_string();
    let (page_sql, count_sql) = if fts_only && sort == "relevance" {
        (
            format!(
                "SELECT {SUMMARY} FROM (SELECT rowid AS id, bm25(qa_fts, 8.0, 1.0) AS r FROM qa_fts WHERE qa_fts MATCH ?1 \
                 ORDER BY r LIMIT ?{} OFFSET ?{}) f JOIN qa_questions q ON q.id = f.id JOIN users u ON u.id = q.user_id \
                 ORDER BY f.r, q.score DESC",
                n - 1,
                n
            ),
            fts_count,
        )
    } else {
        (
            format!(
                "SELECT {SUMMARY} FROM {from} JOIN users u ON u.id = q.user_id WHERE {where_} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
                n - 1,
                n
            ),
            if fts_only { fts_count } else { format!("SELECT COUNT(*) AS n FROM {from} WHERE {where_}") },
        )
    };
    // The generation is read in the same transaction as the page, so the page
    // is stamped with the data it was computed from even if a write lands
    // before it is stored.
    let res = dbh
        .batch(vec![
            stmt(&dbh, &page_sql, &page_args)?,
            stmt(&dbh, &count_sql, &args)?,
            stmt(&dbh, "SELECT n FROM qa_generation WHERE id = 1", &[])?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = res.into_iter();
    let rows: Vec<SummaryRow> = it.next().map(|r| r.results()).transpose().map_err(d1_err)?.unwrap_or_default();
    let mut next_count = || -> Result<i64, ApiError> {
        Ok(it
            .next()
            .map(|r| r.results::<crate::db::Count>())
            .transpose()
            .map_err(d1_err)?
            .and_then(|v| v.into_iter().next())
            .map(|c| c.n)
            .unwrap_or(0))
    };
    let total = next_count()?;
    let generation = next_count()?;
    if page > 1 && i64::from((page - 1) * per_page) >= total {
        return Err(ApiError::new(ErrorKind::NotFound, format!("page {page} is past the last page")));
    }
    let faq = match (&m, page) {
        (Some(expr), 1) => faq_matches(&dbh, expr, 3).await?,
        _ => Vec::new(),
    };
    let body = json!({
        "faq": faq,
        "questions": rows.into_iter().map(SummaryRow::view).collect::<Vec<_>>(),
        "meta": {"total": total, "page": page, "per_page": per_page},
    })
    .to_string();
    dbh.batch(vec![
        stmt(
            &dbh,
            "INSERT OR REPLACE INTO qa_search_cache (key, generation, body, created_at) VALUES (?1, ?2, ?3, ?4)",
            &[text(&key), int(generation), text(&body), int(now)],
        )?,
        // Pages past their time to live are dead weight: drop them as we go.
        stmt(&dbh, "DELETE FROM qa_search_cache WHERE created_at < ?1", &[int(now - SEARCH_CACHE_TTL)])?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(cache_marked(crate::error::json_response(body, 200), "miss"))
}

/// Marks a search response as served from the cache or not.
fn cache_marked(mut r: Response, how: &str) -> Response {
    let _ = r.headers_mut().set("x-commons-cache", how);
    r
}

/// `GET /api/qa/suggest?title=`: similar questions and FAQ entries while typing a new title.
pub async fn suggest(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let title = q_get(&q, "title").unwrap_or("");
    let toks: Vec<String> =
        commons_domain::common::search::query_tokens(title).into_iter().take(16).map(|t| format!("\"{t}\"")).collect();
    if toks.is_empty() {
        return crate::http::ok_json(&json!({"faq": [], "questions": []}));
    }
    let expr = toks.join(" OR ");
    let dbh = rc.db()?;
    let faq = faq_matches(&dbh, &expr, 3).await?;
    let rows: Vec<SummaryRow> = all(
        &dbh,
        &format!(
            "SELECT {SUMMARY} FROM qa_fts JOIN qa_questions q ON q.id = qa_fts.rowid JOIN users u ON u.id = q.user_id \
             WHERE qa_fts MATCH ?1 AND q.hidden = 0 ORDER BY bm25(qa_fts, 8.0, 1.0) LIMIT 5"
        ),
        &[text(&format!("title : ({expr})"))],
    )
    .await?;
    crate::http::ok_json(&json!({"faq": faq, "questions": rows.into_iter().map(SummaryRow::view).collect::<Vec<_>>()}))
}

/// `GET /api/qa/faq?service=`.
pub async fn list_faq(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let service = q_get(&q, "service").unwrap_or("");
    if !service.is_empty() && !FAQ_SERVICES.contains(&service) {
        return Err(ApiError::invalid("service: opendata, booking, accounts or qa"));
    }
    let faq: Vec<FaqEntry> = all(
        &rc.db()?,
        "SELECT id, service, category, title, body_html, source_answer_id FROM faq_entries WHERE (?1 = '' OR service = ?1) \
         ORDER BY service, category, id",
        &[text(service)],
    )
    .await?;
    crate::http::ok_json(&json!({ "faq": faq }))
}

/// Checks an FAQ filing: service and category.
fn faq_filing(service: &str, category: &str) -> Result<String, ApiError> {
    if !FAQ_SERVICES.contains(&service) {
        return Err(ApiError::invalid("service: opendata, booking, accounts or qa"));
    }
    commons_domain::opendata::participation::text_field("category", category, 40)
}

/// An FAQ entry to file.
#[derive(Clone, Copy)]
struct FaqDraft<'a> {
    service: &'a str,
    category: &'a str,
    title: &'a str,
    /// Markdown.
    body: &'a str,
    /// The accepted answer it was promoted from.
    source: Option<i64>,
}

/// Inserts an FAQ entry and its index row; returns its id.
async fn insert_faq(dbh: &D1Database, draft: &FaqDraft<'_>, by: i64, now: i64) -> Result<i64, ApiError> {
    let FaqDraft { service, category, title, body, source } = *draft;
    let id = crate::db::insert_id(
        dbh,
        "INSERT INTO faq_entries (service, category, title, body, body_html, source_answer_id, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        &[text(service), text(category), text(title), text(body), text(&render_markdown(body)), source.map(int).unwrap_or(JsValue::NULL), int(by), int(now)],
    )
    .await?;
    run(
        dbh,
        "INSERT INTO faq_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
        &[
            int(id),
            text(&commons_domain::common::search::index_tokens(title)),
            text(&commons_domain::common::search::index_tokens(body)),
        ],
    )
    .await?;
    Ok(id)
}

/// `POST /api/qa/faq` `{service, category, title, body}`: staff (moderators, admins).
pub async fn create_faq(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_role(rc, Role::Moderator, None).await?;
    #[derive(Deserialize)]
    struct Body {
        service: String,
        category: String,
        title: String,
        body: String,
    }
    let b: Body = rc.json().await?;
    let category = faq_filing(&b.service, &b.category)?;
    let title = commons_domain::opendata::participation::text_field("title", &b.title, 150)?;
    let body = validate_body(&b.body)?;
    let id = insert_faq(
        &rc.db()?,
        &FaqDraft { service: &b.service, category: &category, title: &title, body: &body, source: None },
        me.user.id,
        rc.now(),
    )
    .await?;
    crate::http::json_with_status(&json!({"id": id}), 201)
}

/// `POST /api/qa/answers/{id}/promote` `{service, category}`: staff promote an
/// accepted answer to the FAQ; its author earns the FAQ bonus.
pub async fn promote(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_role(rc, Role::Moderator, None).await?;
    #[derive(Deserialize)]
    struct Body {
        service: String,
        category: String,
    }
    let b: Body = rc.json().await?;
    let category = faq_filing(&b.service, &b.category)?;
    let aid = id_param(rc)?;
    let dbh = rc.db()?;
    #[derive(Deserialize)]
    struct A {
        user_id: i64,
        body: String,
        accepted: i64,
        title: String,
    }
    let a: A = first(
        &dbh,
        "SELECT a.user_id, a.body, a.accepted, q.title FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id WHERE a.id = ?1",
        &[int(aid)],
    )
    .await?
    .ok_or_else(|| not_found("answer"))?;
    if a.accepted == 0 {
        return Err(ApiError::invalid("only an accepted answer can be promoted"));
    }
    let now = rc.now();
    let id = match insert_faq(
        &dbh,
        &FaqDraft { service: &b.service, category: &category, title: &a.title, body: &a.body, source: Some(aid) },
        me.user.id,
        now,
    )
    .await
    {
        Ok(id) => id,
        Err(e) if e.kind == ErrorKind::Conflict => return Err(ApiError::conflict("this answer is already in the FAQ")),
        Err(e) => return Err(e),
    };
    let day = taipei_day(now);
    let ctx = EventCtx { kind: "a", post: aid, actor: me.user.id, day: &day, now };
    dbh.batch(vec![
        db::bootstrap(&dbh, a.user_id, &day, now)?,
        db::event(&dbh, a.user_id, "faq_promoted", &ctx, "", &[])?,
        db::award(&dbh, a.user_id, "faq_author", now)?,
    ])
    .await
    .map_err(d1_err)?;
    crate::http::json_with_status(&json!({"id": id}), 201)
}

/// A user's points view.
async fn points_view(dbh: &D1Database, user: i64) -> Result<PointsView, ApiError> {
    #[derive(Deserialize)]
    struct U {
        display_name: String,
        total: Option<i64>,
        badges: String,
    }
    let u: U = first(
        dbh,
        "SELECT u.display_name, p.total, (SELECT json_group_array(badge) FROM qa_badges WHERE user_id = u.id) AS badges \
         FROM users u LEFT JOIN user_points p ON p.user_id = u.id WHERE u.id = ?1",
        &[int(user)],
    )
    .await?
    .ok_or_else(|| not_found("user"))?;
    Ok(PointsView::new(user, u.display_name, u.total.unwrap_or(1), serde_json::from_str(&u.badges).unwrap_or_default()))
}

/// `GET /api/qa/users/{id}`: points, level, progress, privileges and badges.
pub async fn get_user(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    crate::http::ok_json(&json!({ "user": points_view(&rc.db()?, id).await? }))
}

/// `GET /api/qa/me`.
pub async fn me(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    crate::http::ok_json(&json!({ "user": points_view(&rc.db()?, me.user.id).await? }))
}

/// `GET /api/qa/leaderboard?period=week|month|year|all&tag=`.
pub async fn leaderboard(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let now = rc.now();
    let since = match q_get(&q, "period").unwrap_or("week") {
        "week" => now - 7 * 86_400,
        "month" => now - 30 * 86_400,
        "year" => now - 365 * 86_400,
        "all" => 0,
        _ => return Err(ApiError::invalid("period: week, month, year or all")),
    };
    let tag = q_get(&q, "tag").unwrap_or("").trim().to_lowercase();
    #[derive(Deserialize, serde::Serialize)]
    struct R {
        user_id: i64,
        name: String,
        points: i64,
        total: i64,
    }
    // Points earned in the period; for a tag, only on posts under questions with that tag.
    let rows: Vec<R> = all(
        &rc.db()?,
        "SELECT e.user_id, u.display_name AS name, SUM(e.delta) AS points, COALESCE(p.total, 1) AS total \
         FROM point_events e JOIN users u ON u.id = e.user_id LEFT JOIN user_points p ON p.user_id = e.user_id \
         WHERE e.created_at >= ?1 AND e.reason != 'joined' AND (?2 = '' OR EXISTS ( \
           SELECT 1 FROM qa_tags t WHERE t.tag = ?2 AND t.question_id = \
             CASE e.post_kind WHEN 'q' THEN e.post_id ELSE (SELECT question_id FROM qa_answers WHERE id = e.post_id) END)) \
         GROUP BY e.user_id HAVING SUM(e.delta) > 0 ORDER BY points DESC, e.user_id LIMIT 20",
        &[int(since), text(&tag)],
    )
    .await?;
    let list: Vec<Value> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| json!({"rank": i + 1, "user_id": r.user_id, "name": r.name, "points": r.points, "level": level_of(r.total).number}))
        .collect();
    crate::http::ok_json(&json!({ "leaders": list }))
}

/// `GET /api/qa/stats`: knowledge items, members, views, completion rate,
/// median time to first answer, and monthly activity for the last 12 months.
pub async fn stats(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let dbh = rc.db()?;
    #[derive(Deserialize)]
    struct S {
        questions: i64,
        answers: i64,
        members: i64,
        views: i64,
        accepted: i64,
    }
    let s: S = first(
        &dbh,
        "SELECT (SELECT COUNT(*) FROM qa_questions) AS questions, (SELECT COUNT(*) FROM qa_answers) AS answers, \
         (SELECT COUNT(*) FROM users) AS members, (SELECT COALESCE(SUM(views), 0) FROM qa_questions) AS views, \
         (SELECT COUNT(*) FROM qa_questions WHERE accepted_answer_id IS NOT NULL) AS accepted",
        &[],
    )
    .await?
    .ok_or_else(|| crate::error::internal("stats row"))?;
    #[derive(Deserialize)]
    struct D {
        d: i64,
    }
    let mut delays: Vec<f64> = all::<D>(
        &dbh,
        "SELECT first_answer_at - created_at AS d FROM qa_questions WHERE first_answer_at IS NOT NULL",
        &[],
    )
    .await?
    .into_iter()
    .map(|d| d.d as f64 / 3600.0)
    .collect();
    #[derive(Deserialize, serde::Serialize)]
    struct M {
        month: String,
        questions: i64,
        answers: i64,
    }
    let since = rc.now() - 365 * 86_400;
    let months: Vec<M> = all(
        &dbh,
        "SELECT month, SUM(q) AS questions, SUM(a) AS answers FROM ( \
           SELECT strftime('%Y-%m', created_at + 28800, 'unixepoch') AS month, 1 AS q, 0 AS a FROM qa_questions WHERE created_at >= ?1 \
           UNION ALL SELECT strftime('%Y-%m', created_at + 28800, 'unixepoch'), 0, 1 FROM qa_answers WHERE created_at >= ?1) \
         GROUP BY month ORDER BY month",
        &[int(since)],
    )
    .await?;
    crate::http::ok_json(&json!({
        "questions": s.questions,
        "answers": s.answers,
        "knowledge_items": s.questions + s.answers,
        "members": s.members,
        "views": s.views,
        "completion_rate": if s.questions == 0 { 0.0 } else { s.accepted as f64 / s.questions as f64 },
        "median_hours_to_first_answer": commons_domain::common::stats::median(&mut delays).map(|h| (h * 10.0).round() / 10.0),
        "activity": months,
    }))
}

/// `GET /api/admin/qa/rules` and `PUT` `{key: value}` (admins).
pub async fn rules(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let dbh = rc.db()?;
    if rc.method_name == "PUT" {
        let body: serde_json::Map<String, Value> = rc.json().await?;
        let mut stmts = Vec::new();
        for (k, v) in body {
            let Some(rule) = RULES.iter().find(|r| r.key == k) else {
                return Err(ApiError::invalid(format!("{k}: not a rule")));
            };
            let n = v
                .as_i64()
                .filter(|n| n.abs() <= 1000)
                .ok_or_else(|| ApiError::invalid(format!("{k}: an integer within ±1000")))?;
            if (rule.default > 0) != (n > 0) && rule.key != "daily_cap" {
                return Err(ApiError::invalid(format!("{k}: keeps its sign")));
            }
            stmts.push(stmt(&dbh, "UPDATE qa_rules SET value = ?2 WHERE key = ?1", &[text(&k), int(n)])?);
        }
        if !stmts.is_empty() {
            dbh.batch(stmts).await.map_err(d1_err)?;
        }
    }
    #[derive(Deserialize)]
    struct R {
        key: String,
        value: i64,
    }
    let rows: Vec<R> = all(&dbh, "SELECT key, value FROM qa_rules ORDER BY key", &[]).await?;
    let map: serde_json::Map<String, Value> = rows.into_iter().map(|r| (r.key, json!(r.value))).collect();
    crate::http::ok_json(&json!({ "rules": map }))
}

/// `GET /api/admin/qa/ledger-check`: users whose total differs from their ledger, or is below 1.
pub async fn ledger_check(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let dbh = rc.db()?;
    let mismatched = count(
        &dbh,
        "SELECT COUNT(*) AS n FROM user_points p WHERE p.total != (SELECT COALESCE(SUM(delta), 0) FROM point_events e WHERE e.user_id = p.user_id)",
        &[],
    )
    .await?;
    let below_one = count(&dbh, "SELECT COUNT(*) AS n FROM user_points WHERE total < 1", &[]).await?;
    let cap = count(&dbh, "SELECT value AS n FROM qa_rules WHERE key = 'daily_cap'", &[]).await?;
    let over_cap = count(
        &dbh,
        "SELECT COUNT(*) AS n FROM (SELECT user_id, day, SUM(delta) AS s FROM point_events \
         WHERE reason IN ('question_upvoted','answer_upvoted') GROUP BY user_id, day HAVING s > ?1)",
        &[int(cap)],
    )
    .await?;
    let double_votes = count(
        &dbh,
        "SELECT COUNT(*) AS n FROM (SELECT post_kind, post_id, actor_id, reason, COUNT(*) AS c FROM point_events \
         WHERE reverses IS NULL AND reason IN ('question_upvoted','answer_upvoted','downvoted') \
         AND id NOT IN (SELECT reverses FROM point_events WHERE reverses IS NOT NULL) GROUP BY 1, 2, 3, 4 HAVING c > 1)",
        &[],
    )
    .await?;
    let score_mismatch = count(
        &dbh,
        "SELECT (SELECT COUNT(*) FROM qa_questions q WHERE q.score != (SELECT COALESCE(SUM(value), 0) FROM qa_votes v WHERE v.post_kind = 'q' AND v.post_id = q.id)) + \
                (SELECT COUNT(*) FROM qa_answers a WHERE a.score != (SELECT COALESCE(SUM(value), 0) FROM qa_votes v WHERE v.post_kind = 'a' AND v.post_id = a.id)) AS n",
        &[],
    )
    .await?;
    crate::http::ok_json(&json!({"total_not_ledger": mismatched, "below_one": below_one, "over_daily_cap": over_cap,
                           "live_double_votes": double_votes, "score_not_votes": score_mismatch}))
}

/// The voting-ring detector (cron, or `POST /api/admin/jobs/rings`). A pair
/// voter→author is a ring edge when the voter gave the author at least
/// `MIN_VOTES` upvotes and both shares are abnormal: over half of the voter's
/// upvotes went to that author, and over half of the author's received upvotes
/// came from that voter. The live ledger rows of those votes are reversed with
/// compensating rows, and each reversal is logged with its reason. Returns the
/// rows reversed.
pub async fn detect_rings(dbh: &D1Database, now: i64) -> Result<usize, ApiError> {
    const MIN_VOTES: i64 = 5;
    #[derive(Deserialize)]
    struct Pair {
        voter: i64,
        author: i64,
        votes: i64,
        voter_share: f64,
        author_share: f64,
    }
    let pairs: Vec<Pair> = all(
        dbh,
        "WITH up AS (SELECT user_id, author_id FROM qa_votes WHERE value = 1), \
              pair AS (SELECT user_id AS voter, author_id AS author, COUNT(*) AS votes FROM up GROUP BY 1, 2), \
              given AS (SELECT user_id, COUNT(*) AS n FROM up GROUP BY 1), \
              got AS (SELECT author_id, COUNT(*) AS n FROM up GROUP BY 1) \
         SELECT p.voter, p.author, p.votes, CAST(p.votes AS REAL) / g.n AS voter_share, CAST(p.votes AS REAL) / r.n AS author_share \
         FROM pair p JOIN given g ON g.user_id = p.voter JOIN got r ON r.author_id = p.author \
         WHERE p.votes >= ?1 AND CAST(p.votes AS REAL) / g.n > 0.5 AND CAST(p.votes AS REAL) / r.n > 0.5",
        &[int(MIN_VOTES)],
    )
    .await?;
    let day = taipei_day(now);
    let mut reversed = 0;
    for p in pairs {
        let reason = format!(
            "voting ring: {} of {}'s upvotes went to {} ({:.0}%), who got {:.0}% of their upvotes from them",
            p.votes,
            p.voter,
            p.author,
            p.voter_share * 100.0,
            p.author_share * 100.0
        );
        #[derive(Deserialize)]
        struct E {
            id: i64,
        }
        let live: Vec<E> = all(
            dbh,
            "SELECT e.id FROM point_events e WHERE e.actor_id = ?1 AND e.user_id = ?2 AND e.reverses IS NULL \
             AND e.reason IN ('question_upvoted', 'answer_upvoted') \
             AND NOT EXISTS (SELECT 1 FROM point_events c WHERE c.reverses = e.id)",
            &[int(p.voter), int(p.author)],
        )
        .await?;
        // One compensating row per live row, each in its own statement so its
        // floor (a total never below 1) sees the total the previous one left.
        for chunk in live.chunks(100) {
            let mut stmts = Vec::new();
            for e in chunk {
                stmts.push(stmt(
                    dbh,
                    "INSERT INTO point_events (user_id, delta, reason, post_kind, post_id, actor_id, reverses, day, note, created_at) \
                     SELECT e.user_id, -MIN(e.delta, COALESCE(u.total, 1) - 1), e.reason, e.post_kind, e.post_id, e.actor_id, e.id, ?2, ?3, ?4 \
                     FROM point_events e LEFT JOIN user_points u ON u.user_id = e.user_id \
                     WHERE e.id = ?1 AND NOT EXISTS (SELECT 1 FROM point_events c WHERE c.reverses = e.id)",
                    &[int(e.id), text(&day), text(&reason), int(now)],
                )?);
            }
            dbh.batch(stmts).await.map_err(d1_err)?;
        }
        reversed += live.len();
        run(
            dbh,
            "INSERT INTO qa_ring_log (voter_id, author_id, votes, share, reversed, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[int(p.voter), int(p.author), int(p.votes), JsValue::from_f64(p.voter_share), int(live.len() as i64), text(&reason), int(now)],
        )
        .await?;
    }
    Ok(reversed)
}

/// `GET /api/admin/qa/ring-log`.
pub async fn ring_log(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    #[derive(Deserialize, serde::Serialize)]
    struct R {
        voter_id: i64,
        author_id: i64,
        votes: i64,
        share: f64,
        reversed: i64,
        reason: String,
        created_at: i64,
    }
    let rows: Vec<R> = all(&rc.db()?, "SELECT voter_id, author_id, votes, share, reversed, reason, created_at FROM qa_ring_log ORDER BY id DESC LIMIT 200", &[]).await?;
    crate::http::ok_json(&json!({ "log": rows }))
}

/// `GET /api/qa/related?dataset=|instrument=`: questions linked to a dataset or an instrument.
pub async fn related(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let dbh = rc.db()?;
    let (cond, arg) = match (q_get(&q, "dataset"), q_get(&q, "instrument")) {
        (Some(d), None) => ("q.dataset_id = (SELECT id FROM datasets WHERE identifier = ?1)", text(&d.to_lowercase())),
        (None, Some(i)) => {
            ("q.instrument_id = ?1", int(i.parse().map_err(|_| ApiError::bad_request("instrument: an integer"))?))
        }
        _ => return Err(ApiError::invalid("give dataset or instrument")),
    };
    let rows: Vec<SummaryRow> = all(
        &dbh,
        &format!("SELECT {SUMMARY} FROM qa_questions q JOIN users u ON u.id = q.user_id WHERE {cond} AND q.hidden = 0 ORDER BY q.created_at DESC LIMIT 20"),
        &[arg],
    )
    .await?;
    crate::http::ok_json(&json!({"questions": rows.into_iter().map(SummaryRow::view).collect::<Vec<_>>()}))
}
