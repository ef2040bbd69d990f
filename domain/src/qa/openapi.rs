//! The OpenAPI description of knowledge Q&A: one arm per route, with the
//! types the Worker sends and the SPA reads (see `crate::openapi`).

use serde_json::json;

use crate::api::{Created, Method, RouteId};
use crate::openapi::Op;
use crate::qa::{
    QaAccepted, QaAnswerInput, QaCommentInput, QaCommented, QaDuplicate, QaDuplicateInput, QaEdited, QaFaqInput,
    QaFaqList, QaFlagInput, QaFlagResult, QaLeaders, QaLedgerCheck, QaList, QaModerated, QaModerationInput, QaPoints,
    QaPromoteInput, QaQuestion, QaQueue, QaRelated, QaRevisions, QaRingLog, QaRules, QaRulesUpdate, QaStats,
    QaSuggestions, QaVoteInput, QaVoted, QuestionInput, DAILY_VOTES, FLAG_WEIGHT_TO_HIDE,
};

/// The operation of a route of this service.
pub(crate) fn operation(id: RouteId, method: Method) -> Op {
    match id {
        // GET /api/qa/questions
        RouteId::QaListQuestions => Op::new("Search questions (CJK bigrams); FAQ entries first on page 1")
            .describe("Pages are cached per normalised query until anything they show changes (view counts may lag up to 60 s). Send `Cache-Control: no-cache` for a freshly computed page.")
            .query("q", false, "", json!({"type": "string"}))
            .query("tag", false, "", json!({"type": "string"}))
            .query("answered", false, "", json!({"type": "string"}))
            .query("sort", false, "", json!({"type": "string"}))
            .header_param("Cache-Control", "`no-cache` bypasses the search cache")
            .paged()
            .ok::<QaList>()
            .answer_header(200, "x-commons-cache", "`hit` when served from the search cache, else `miss`", json!({"type": "string", "enum": ["hit", "miss"]}))
            .errors(&[400, 404, 422]),
        // POST /api/qa/questions
        RouteId::QaAsk => Op::new("Ask a question (Markdown body, tags, optional dataset/instrument link)")
            .body::<QuestionInput>()
            .created::<Created>()
            .errors(&[400, 401, 413, 422, 429]),
        // GET /api/qa/questions/{id}
        RouteId::QaGetQuestion => Op::new("A question with answers (accepted first) and comments; counts a view")
            .ok::<QaQuestion>()
            .errors(&[400, 404]),
        // PATCH /api/qa/questions/{id}
        RouteId::QaEditQuestion => Op::new("Edit (author, or level 4); keeps a revision")
            .body::<QuestionInput>()
            .ok::<QaEdited>()
            .errors(&[400, 401, 403, 404, 422]),
        // GET /api/qa/questions/{id}/revisions
        RouteId::QaRevisions => Op::new("Revision history (of a hidden question: moderators and its asker only)")
            .ok::<QaRevisions>()
            .errors(&[400, 404]),
        // POST /api/qa/questions/{id}/answers
        RouteId::QaAnswer => Op::new("Answer a question")
            .body::<QaAnswerInput>()
            .created::<Created>()
            .errors(&[400, 401, 404, 413, 422, 429]),
        // PATCH /api/qa/answers/{id}
        RouteId::QaEditAnswer => Op::new("Edit an answer (its author, level 4, or moderators); keeps a revision")
            .body::<QaAnswerInput>()
            .ok::<QaEdited>()
            .errors(&[400, 401, 403, 404, 413, 422]),
        // GET /api/qa/answers/{id}/revisions
        RouteId::QaAnswerRevisions => Op::new("An answer's revision history (of a hidden one: moderators and its author only)")
            .ok::<QaRevisions>()
            .errors(&[400, 404]),
        // POST /api/qa/questions/{id}/duplicate
        RouteId::QaCloseDuplicate => Op::new("Close as a duplicate (level 5 or moderators)")
            .body::<QaDuplicateInput>()
            .ok::<QaDuplicate>()
            .errors(&[400, 401, 403, 404, 422]),
        // POST /api/qa/comments
        RouteId::QaComment => Op::new("Comment (plain text; level 2, or on one's own thread)")
            .describe("Budgeted per account (lower for accounts younger than 7 days) and per address: 429 when spent.")
            .body::<QaCommentInput>()
            .created::<QaCommented>()
            .errors(&[400, 401, 403, 404, 422, 429]),
        // POST /api/qa/votes
        RouteId::QaVote => Op::new(&format!(
            "Vote +1/−1 or take it back (0); one vote per user per post; {DAILY_VOTES} a day; never on one's own post"
        ))
        .body::<QaVoteInput>()
        .ok::<QaVoted>()
        .errors(&[400, 401, 403, 404, 409, 422, 429]),
        RouteId::QaAccept => match method {
            // POST /api/qa/answers/{id}/accept
            Method::Post => Op::new("The asker accepts an answer (own answers earn nothing)")
                .ok::<QaAccepted>()
                .errors(&[400, 401, 403, 404, 409]),
            // DELETE /api/qa/answers/{id}/accept
            _ => Op::new("The asker withdraws the accept")
                .ok::<QaAccepted>()
                .errors(&[400, 401, 403, 404, 409]),
        },
        // POST /api/qa/answers/{id}/promote
        RouteId::QaPromote => Op::new("Staff promote an accepted answer to the FAQ (+50 to its author)")
            .body::<QaPromoteInput>()
            .created::<Created>()
            .errors(&[400, 401, 403, 404, 409, 422]),
        // POST /api/qa/flags
        RouteId::QaFlag => Op::new(&format!(
            "Flag a post (level 2 or moderators); flags weighing {FLAG_WEIGHT_TO_HIDE} hide it pending review"
        ))
        .describe("A flag weighs 1 at level 2, 2 at level 3, 3 at levels 4 and 5, and hides at once from level 6 or a moderator. Budgeted per account (lower for accounts younger than 7 days) and per address: 429 when spent.")
        .body::<QaFlagInput>()
        .created::<QaFlagResult>()
        .errors(&[400, 401, 403, 404, 409, 422, 429]),
        // GET /api/qa/moderation
        RouteId::QaModerationQueue => Op::new("Flagged posts (moderators)")
            .ok::<QaQueue>()
            .errors(&[401, 403]),
        // POST /api/qa/moderation
        RouteId::QaModerate => Op::new("Restore or remove a flagged post (moderators)")
            .body::<QaModerationInput>()
            .ok::<QaModerated>()
            .errors(&[400, 401, 403, 404, 422]),
        // GET /api/qa/suggest
        RouteId::QaSuggest => Op::new("Similar questions and FAQ entries for a title being typed")
            .query("title", false, "", json!({"type": "string"}))
            .ok::<QaSuggestions>(),
        // GET /api/qa/faq
        RouteId::QaListFaq => Op::new("The FAQ by service and category")
            .query("service", false, "", json!({"type": "string"}))
            .ok::<QaFaqList>()
            .errors(&[422]),
        // POST /api/qa/faq
        RouteId::QaCreateFaq => Op::new("Staff write an FAQ entry")
            .body::<QaFaqInput>()
            .created::<Created>()
            .errors(&[400, 401, 403, 422]),
        // GET /api/qa/users/{id}
        RouteId::QaUser => Op::new("Points, level, progress, privileges, badges")
            .ok::<QaPoints>()
            .errors(&[400, 404]),
        // GET /api/qa/me
        RouteId::QaMe => Op::new("The signed-in member's points and level")
            .ok::<QaPoints>()
            .errors(&[401]),
        // GET /api/qa/leaderboard
        RouteId::QaLeaderboard => Op::new("Top 20 by points earned in a period, overall or per tag")
            .query("period", false, "", json!({"type": "string", "enum": ["week", "month", "year", "all"]}))
            .query("tag", false, "", json!({"type": "string"}))
            .ok::<QaLeaders>()
            .errors(&[422]),
        // GET /api/qa/stats
        RouteId::QaStats => Op::new("Knowledge items, members, views, completion rate, median time to first answer, monthly activity")
            .ok::<QaStats>(),
        // GET /api/qa/related
        RouteId::QaRelated => Op::new("Questions linked to a dataset or an instrument")
            .query("dataset", false, "", json!({"type": "string"}))
            .query("instrument", false, "", json!({"type": "string"}))
            .ok::<QaRelated>()
            .errors(&[400, 422]),
        RouteId::QaRules => match method {
            // GET /api/admin/qa/rules
            Method::Get => Op::new("The points rules (admins)")
                .ok::<QaRules>()
                .errors(&[401, 403]),
            // PUT /api/admin/qa/rules
            _ => Op::new("Change points rules (admins)")
                .body::<QaRulesUpdate>()
                .ok::<QaRules>()
                .errors(&[400, 401, 403, 422]),
        },
        // GET /api/admin/qa/ledger-check
        RouteId::QaLedgerCheck => Op::new("Ledger invariants; every count is always 0")
            .ok::<QaLedgerCheck>()
            .errors(&[401, 403]),
        // GET /api/admin/qa/ring-log
        RouteId::QaRingLog => Op::new("Why the ring detector reversed points")
            .ok::<QaRingLog>()
            .errors(&[401, 403]),
        other => panic!("{other:?} ({method:?}) is not described by this service"),
    }
}
