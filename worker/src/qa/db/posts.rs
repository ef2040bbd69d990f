//! Questions, answers and comments: writing them with their tags, search
//! index rows and revisions, reading a question page and its history, and
//! the links a question may carry (a dataset, an instrument, a duplicate).

use commons_domain::common::locale::{rfc3339_utc, TAIPEI_OFFSET_SECS};
use commons_domain::qa::{level_of, search_index, AnswerView, Comment, PostKind, QaRevision, QuestionView};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use super::{first_row, ledger, notify, rows};
use crate::db::{all, count, d1_err, first, insert_id, int, run, stmt, text};

/// The id of the dataset with `identifier`, if there is one.
pub async fn dataset_id(db: &D1Database, identifier: &str) -> Result<Option<i64>, ApiError> {
    #[derive(Deserialize)]
    struct D {
        id: i64,
    }
    let sql = "SELECT d.id FROM datasets d JOIN organizations o ON o.id = d.organization_id WHERE d.identifier = ?1";
    Ok(first::<D>(db, sql, &[text(identifier)]).await?.map(|d| d.id))
}

/// Whether instrument `id` exists.
pub async fn instrument_exists(db: &D1Database, id: i64) -> Result<bool, ApiError> {
    Ok(count(db, "SELECT COUNT(*) AS n FROM instruments WHERE id = ?1", &[int(id)]).await? > 0)
}

/// The distinct Asia/Taipei days since `since` on which `user` asked or answered.
pub async fn posting_days(db: &D1Database, user: i64, since: i64) -> Result<i64, ApiError> {
    count(
        db,
        "SELECT COUNT(DISTINCT date(created_at + ?3, 'unixepoch')) AS n FROM ( \
           SELECT created_at FROM qa_questions WHERE user_id = ?1 AND created_at >= ?2 \
           UNION ALL SELECT created_at FROM qa_answers WHERE user_id = ?1 AND created_at >= ?2)",
        &[int(user), int(since), int(i64::from(TAIPEI_OFFSET_SECS))],
    )
    .await
}

/// A question as it is stored: checked input, rendered body, links.
pub struct NewQuestion<'a> {
    /// The asker (or, for an edit, the editor).
    pub user: i64,
    /// Title.
    pub title: &'a str,
    /// Markdown source.
    pub body: &'a str,
    /// Its sanitised HTML.
    pub body_html: &'a str,
    /// Tags, normalised.
    pub tags: &'a [String],
    /// Unix seconds.
    pub now: i64,
}

impl NewQuestion<'_> {
    fn tags_json(&self) -> Result<String, ApiError> {
        serde_json::to_string(self.tags).map_err(crate::error::internal)
    }
}

/// Inserts a question linked to a dataset and/or an instrument; returns its id.
pub async fn insert_question(
    db: &D1Database,
    q: &NewQuestion<'_>,
    dataset_id: Option<i64>,
    instrument_id: Option<i64>,
) -> Result<i64, ApiError> {
    insert_id(
        db,
        "INSERT INTO qa_questions (user_id, title, body, body_html, tags, dataset_id, instrument_id, created_at, updated_at, last_activity_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8) RETURNING id",
        &[
            int(q.user),
            text(q.title),
            text(q.body),
            text(q.body_html),
            text(&q.tags_json()?),
            dataset_id.map(int).unwrap_or(JsValue::NULL),
            instrument_id.map(int).unwrap_or(JsValue::NULL),
            int(q.now),
        ],
    )
    .await
}

/// Batch: what follows a new question — its tags, search index row and first
/// revision, the asker's starting point and the first-question badge.
pub async fn file_question(db: &D1Database, id: i64, q: &NewQuestion<'_>, day: &str) -> Result<(), ApiError> {
    let tags = q.tags_json()?;
    let (ti, bi) = search_index(q.title, q.body, q.tags);
    db.batch(vec![
        stmt(db, "INSERT INTO qa_tags (question_id, tag) SELECT ?1, value FROM json_each(?2)", &[int(id), text(&tags)])?,
        stmt(db, "INSERT INTO qa_fts (rowid, title, body) VALUES (?1, ?2, ?3)", &[int(id), text(&ti), text(&bi)])?,
        stmt(
            db,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, title, body, tags, created_at) VALUES ('q', ?1, ?2, ?3, ?4, ?5, ?6)",
            &[int(id), int(q.user), text(q.title), text(q.body), text(&tags), int(q.now)],
        )?,
        ledger::bootstrap(db, q.user, day, q.now)?,
        ledger::award(db, q.user, "first_question", q.now)?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// Batch: an edit of question `id` — the new text and tags, its index row
/// replaced (only while it is visible: the index holds visible questions
/// only, so an edit of a hidden question does not bring it back into the
/// search), and a new revision by the editor.
pub async fn update_question(db: &D1Database, id: i64, q: &NewQuestion<'_>) -> Result<(), ApiError> {
    let tags = q.tags_json()?;
    let (ti, bi) = search_index(q.title, q.body, q.tags);
    db.batch(vec![
        stmt(
            db,
            "UPDATE qa_questions SET title = ?2, body = ?3, body_html = ?4, tags = ?5, updated_at = ?6, last_activity_at = ?6 WHERE id = ?1",
            &[int(id), text(q.title), text(q.body), text(q.body_html), text(&tags), int(q.now)],
        )?,
        stmt(db, "DELETE FROM qa_tags WHERE question_id = ?1", &[int(id)])?,
        stmt(db, "INSERT INTO qa_tags (question_id, tag) SELECT ?1, value FROM json_each(?2)", &[int(id), text(&tags)])?,
        stmt(db, "DELETE FROM qa_fts WHERE rowid = ?1", &[int(id)])?,
        stmt(
            db,
            "INSERT INTO qa_fts (rowid, title, body) SELECT ?1, ?2, ?3 WHERE (SELECT hidden FROM qa_questions WHERE id = ?1) = 0",
            &[int(id), text(&ti), text(&bi)],
        )?,
        stmt(
            db,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, title, body, tags, created_at) VALUES ('q', ?1, ?2, ?3, ?4, ?5, ?6)",
            &[int(id), int(q.user), text(q.title), text(q.body), text(&tags), int(q.now)],
        )?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// Marks question `id` as a duplicate of `of`.
pub async fn close_duplicate(db: &D1Database, id: i64, of: i64) -> Result<(), ApiError> {
    run(db, "UPDATE qa_questions SET duplicate_of = ?2 WHERE id = ?1", &[int(id), int(of)]).await?;
    Ok(())
}

/// Every version of post `id` of `kind`, oldest first (none: no such post).
/// An answer's versions have no title or tags.
pub async fn revisions(db: &D1Database, kind: PostKind, id: i64) -> Result<Vec<QaRevision>, ApiError> {
    #[derive(Deserialize)]
    struct R {
        id: i64,
        author: String,
        title: String,
        body: String,
        tags: String,
        created_at: i64,
    }
    let rows: Vec<R> = all(
        db,
        "SELECT r.id, u.display_name AS author, r.title, r.body, r.tags, r.created_at FROM qa_revisions r \
         JOIN users u ON u.id = r.user_id WHERE r.post_kind = ?2 AND r.post_id = ?1 ORDER BY r.id",
        &[int(id), text(kind.code())],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QaRevision {
            id: r.id,
            author: r.author,
            title: r.title,
            body: r.body,
            tags: serde_json::from_str(&r.tags).unwrap_or_default(),
            created_at: rfc3339_utc(r.created_at),
        })
        .collect())
}

/// The stored text of question `id` (title, Markdown, tags), to index it again.
pub async fn question_text(db: &D1Database, id: i64) -> Result<Option<(String, String, Vec<String>)>, ApiError> {
    #[derive(Deserialize)]
    struct Q {
        title: String,
        body: String,
        tags: String,
    }
    let q: Option<Q> = first(db, "SELECT title, body, tags FROM qa_questions WHERE id = ?1", &[int(id)]).await?;
    Ok(q.map(|q| (q.title, q.body, serde_json::from_str(&q.tags).unwrap_or_default())))
}

/// Inserts an answer to `question`; returns its id.
pub async fn insert_answer(
    db: &D1Database,
    question: i64,
    user: i64,
    body: &str,
    body_html: &str,
    now: i64,
) -> Result<i64, ApiError> {
    insert_id(
        db,
        "INSERT INTO qa_answers (question_id, user_id, body, body_html, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
        &[int(question), int(user), text(body), text(body_html), int(now)],
    )
    .await
}

/// What follows a new answer.
pub struct FiledAnswer<'a> {
    /// The answer.
    pub id: i64,
    /// Its question.
    pub question: i64,
    /// Its author.
    pub user: i64,
    /// Markdown source, for the first revision.
    pub body: &'a str,
    /// The asker to notify (none when they answered themselves).
    pub notify: Option<i64>,
    /// Asia/Taipei date.
    pub day: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Batch: what follows a new answer — the question's count and activity,
/// the first revision, the author's starting point and badge, and the bell.
pub async fn file_answer(db: &D1Database, a: &FiledAnswer<'_>) -> Result<(), ApiError> {
    let mut stmts = vec![
        stmt(
            db,
            "UPDATE qa_questions SET answer_count = answer_count + 1, last_activity_at = ?2, \
             first_answer_at = COALESCE(first_answer_at, ?2) WHERE id = ?1",
            &[int(a.question), int(a.now)],
        )?,
        stmt(
            db,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, body, created_at) VALUES ('a', ?1, ?2, ?3, ?4)",
            &[int(a.id), int(a.user), text(a.body), int(a.now)],
        )?,
        ledger::bootstrap(db, a.user, a.day, a.now)?,
        ledger::award(db, a.user, "first_answer", a.now)?,
    ];
    if let Some(asker) = a.notify {
        stmts.push(notify(db, asker, "new_answer", a.question, a.now)?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// Batch: an edit of answer `id` by `editor` — the new text and a new
/// revision. An answer without a first revision (the demo's) gets its
/// current text kept as one first, so the history always starts at the
/// original; the revisions are only written while the answer is there.
pub async fn update_answer(
    db: &D1Database,
    id: i64,
    editor: i64,
    body: &str,
    body_html: &str,
    now: i64,
) -> Result<(), ApiError> {
    db.batch(vec![
        stmt(
            db,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, body, created_at) \
             SELECT 'a', id, user_id, body, created_at FROM qa_answers WHERE id = ?1 \
             AND NOT EXISTS (SELECT 1 FROM qa_revisions WHERE post_kind = 'a' AND post_id = ?1)",
            &[int(id)],
        )?,
        stmt(
            db,
            "UPDATE qa_answers SET body = ?2, body_html = ?3, updated_at = ?4 WHERE id = ?1",
            &[int(id), text(body), text(body_html), int(now)],
        )?,
        stmt(
            db,
            "INSERT INTO qa_revisions (post_kind, post_id, user_id, body, created_at) \
             SELECT 'a', ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM qa_answers WHERE id = ?1)",
            &[int(id), int(editor), text(body), int(now)],
        )?,
        stmt(
            db,
            "UPDATE qa_questions SET last_activity_at = ?2 WHERE id = (SELECT question_id FROM qa_answers WHERE id = ?1)",
            &[int(id), int(now)],
        )?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// A comment to store.
pub struct NewComment<'a> {
    /// On a question or an answer.
    pub kind: PostKind,
    /// The post.
    pub post: i64,
    /// The post's question (its activity moves).
    pub question: i64,
    /// The commenter.
    pub user: i64,
    /// Plain text, checked.
    pub body: &'a str,
    /// The post's author to notify (none when it is the commenter).
    pub notify: Option<i64>,
    /// Unix seconds.
    pub now: i64,
}

/// Batch: a comment, the question's activity, and the bell.
pub async fn insert_comment(db: &D1Database, c: &NewComment<'_>) -> Result<(), ApiError> {
    let mut stmts = vec![
        stmt(
            db,
            "INSERT INTO qa_comments (post_kind, post_id, user_id, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[text(c.kind.code()), int(c.post), int(c.user), text(c.body), int(c.now)],
        )?,
        stmt(db, "UPDATE qa_questions SET last_activity_at = ?2 WHERE id = ?1", &[int(c.question), int(c.now)])?,
    ];
    if let Some(author) = c.notify {
        stmts.push(notify(db, author, "new_comment", c.question, c.now)?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// The question row of a question page.
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

/// An answer row of a question page.
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
    revisions: i64,
    created_at: i64,
}

/// A comment row of a question page (on the question or one of its answers).
#[derive(Deserialize)]
struct CRow {
    id: i64,
    post_kind: String,
    post_id: i64,
    author: String,
    body: String,
    created_at: i64,
}

/// The viewer's vote on the question, and how many versions it has.
#[derive(Deserialize)]
struct Extra {
    my_vote: i64,
    revisions: i64,
}

/// A question page as read: whether it is hidden, who asked, and the view.
pub struct QuestionPage {
    /// Hidden pending review (only moderators and the asker may see it).
    pub hidden: bool,
    /// The asker.
    pub asker: i64,
    /// The page.
    pub view: QuestionView,
}

/// Batch: counts a view of question `id`, then reads it with its answers
/// (accepted first, then by score), their comments, and `viewer`'s votes.
pub async fn question_page(db: &D1Database, id: i64, viewer: i64) -> Result<Option<QuestionPage>, ApiError> {
    let res = db
        .batch(vec![
            stmt(db, "UPDATE qa_questions SET views = views + 1 WHERE id = ?1", &[int(id)])?,
            stmt(
                db,
                "SELECT q.id, q.user_id, u.display_name AS author, q.title, q.body, q.body_html, q.tags, q.score, q.views, \
                 q.duplicate_of, d.identifier AS dataset, q.instrument_id, q.hidden, q.created_at \
                 FROM qa_questions q JOIN users u ON u.id = q.user_id LEFT JOIN datasets d ON d.id = q.dataset_id WHERE q.id = ?1",
                &[int(id)],
            )?,
            stmt(
                db,
                "SELECT a.id, a.user_id, u.display_name AS author, p.total AS author_points, a.body, a.body_html, a.score, \
                 a.accepted, COALESCE((SELECT value FROM qa_votes v WHERE v.post_kind = 'a' AND v.post_id = a.id AND v.user_id = ?2), 0) AS my_vote, \
                 (SELECT COUNT(*) FROM qa_revisions r WHERE r.post_kind = 'a' AND r.post_id = a.id) AS revisions, \
                 a.created_at FROM qa_answers a JOIN users u ON u.id = a.user_id LEFT JOIN user_points p ON p.user_id = a.user_id \
                 WHERE a.question_id = ?1 AND a.hidden = 0 ORDER BY a.accepted DESC, a.score DESC, a.id LIMIT 200",
                &[int(id), int(viewer)],
            )?,
            stmt(
                db,
                "SELECT c.id, c.post_kind, c.post_id, u.display_name AS author, c.body, c.created_at FROM qa_comments c \
                 JOIN users u ON u.id = c.user_id WHERE (c.post_kind = 'q' AND c.post_id = ?1) OR \
                 (c.post_kind = 'a' AND c.post_id IN (SELECT id FROM qa_answers WHERE question_id = ?1)) ORDER BY c.id",
                &[int(id)],
            )?,
            stmt(
                db,
                "SELECT (SELECT COALESCE((SELECT value FROM qa_votes WHERE post_kind = 'q' AND post_id = ?1 AND user_id = ?2), 0)) AS my_vote, \
                 (SELECT COUNT(*) FROM qa_revisions WHERE post_kind = 'q' AND post_id = ?1) AS revisions",
                &[int(id), int(viewer)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = res.into_iter().skip(1);
    let Some(q) = first_row::<QRow>(it.next())? else {
        return Ok(None);
    };
    let answers: Vec<ARow> = rows(it.next())?;
    let comments: Vec<CRow> = rows(it.next())?;
    let extra: Option<Extra> = first_row(it.next())?;
    Ok(Some(QuestionPage { hidden: q.hidden != 0, asker: q.user_id, view: shape(q, answers, &comments, extra) }))
}

/// The page from its rows: each post gets its own comments, each answer its author's level.
fn shape(q: QRow, answers: Vec<ARow>, comments: &[CRow], extra: Option<Extra>) -> QuestionView {
    let comments_of = |kind: PostKind, post: i64| -> Vec<Comment> {
        comments
            .iter()
            .filter(|c| c.post_kind == kind.code() && c.post_id == post)
            .map(|c| Comment {
                id: c.id,
                author: c.author.clone(),
                body: c.body.clone(),
                created_at: rfc3339_utc(c.created_at),
            })
            .collect()
    };
    QuestionView {
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
        comments: comments_of(PostKind::Question, q.id),
        answers: answers
            .into_iter()
            .map(|a| AnswerView {
                comments: comments_of(PostKind::Answer, a.id),
                id: a.id,
                user_id: a.user_id,
                author: a.author,
                author_level: level_of(a.author_points.unwrap_or(1)).number,
                body_html: a.body_html,
                body: a.body,
                score: a.score,
                accepted: a.accepted != 0,
                my_vote: a.my_vote,
                revisions: a.revisions,
                created_at: rfc3339_utc(a.created_at),
            })
            .collect(),
        revisions: extra.map(|e| e.revisions).unwrap_or(0),
        created_at: rfc3339_utc(q.created_at),
        viewer: None,
    }
}
