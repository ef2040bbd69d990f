//! The OpenAPI description of knowledge Q&A: one arm per route, with the
//! types the Worker sends and the SPA reads (see `crate::openapi`).

use serde_json::json;

use crate::api::{Method, RouteId};
use crate::openapi::Op;

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
            .answer_json(200, "OK", json!({"type": "object", "required": ["faq", "questions", "meta"], "properties": {"faq": {"type": "array", "items": {"$ref": "#/components/schemas/FaqEntry"}}, "questions": {"type": "array", "items": {"$ref": "#/components/schemas/QuestionSummary"}}, "meta": {"$ref": "#/components/schemas/PageMeta"}}}))
            .answer_header(200, "x-commons-cache", "`hit` when served from the search cache, else `miss`", json!({"type": "string", "enum": ["hit", "miss"]}))
            .errors(&[400, 404, 422])
            .uses::<crate::qa::FaqEntry>()
            .uses::<crate::api::PageMeta>()
            .uses::<crate::qa::QuestionSummary>(),
        // POST /api/qa/questions
        RouteId::QaAsk => Op::new("Ask a question (Markdown body, tags, optional dataset/instrument link)")
            .body_json(json!({"type": "object", "required": ["title", "body", "tags"], "properties": {"title": {"type": "string"}, "body": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}, "dataset": {"type": ["string", "null"]}, "instrument_id": {"type": ["integer", "null"]}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}))
            .errors(&[400, 401, 413, 422, 429]),
        // GET /api/qa/questions/{id}
        RouteId::QaGetQuestion => Op::new("A question with answers (accepted first) and comments; counts a view")
            .answer_json(200, "OK", json!({"type": "object", "required": ["question"], "properties": {"question": {"$ref": "#/components/schemas/QuestionView"}}}))
            .errors(&[400, 404])
            .uses::<crate::qa::QuestionView>(),
        // PATCH /api/qa/questions/{id}
        RouteId::QaEditQuestion => Op::new("Edit (author, or level 4); keeps a revision")
            .body_json(json!({"type": "object", "required": ["title", "body", "tags"], "properties": {"title": {"type": "string"}, "body": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}, "dataset": {"type": ["string", "null"]}, "instrument_id": {"type": ["integer", "null"]}}}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}))
            .errors(&[400, 401, 403, 404, 422]),
        // GET /api/qa/questions/{id}/revisions
        RouteId::QaRevisions => Op::new("Revision history")
            .answer_json(200, "OK", json!({"type": "object", "required": ["revisions"], "properties": {"revisions": {"type": "array"}}}))
            .errors(&[400, 404]),
        // POST /api/qa/questions/{id}/answers
        RouteId::QaAnswer => Op::new("Answer a question")
            .body_json(json!({"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}))
            .errors(&[400, 401, 404, 413, 422, 429]),
        // POST /api/qa/questions/{id}/duplicate
        RouteId::QaCloseDuplicate => Op::new("Close as a duplicate (level 5 or moderators)")
            .body_json(json!({"type": "object", "required": ["of"], "properties": {"of": {"type": "integer"}}}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["duplicate_of"], "properties": {"duplicate_of": {"type": "integer"}}}))
            .errors(&[400, 401, 403, 404, 422]),
        // POST /api/qa/comments
        RouteId::QaComment => Op::new("Comment (plain text; level 2, or on one's own thread)")
            .body_json(json!({"type": "object", "required": ["kind", "id", "body"], "properties": {"kind": {"type": "string", "enum": ["question", "answer"]}, "id": {"type": "integer"}, "body": {"type": "string"}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}}))
            .errors(&[400, 401, 403, 404, 422]),
        // POST /api/qa/votes
        RouteId::QaVote => Op::new("Vote +1/−1 or take it back (0); one vote per user per post; 40 a day; never on one's own post")
            .body_json(json!({"type": "object", "required": ["kind", "id", "value"], "properties": {"kind": {"type": "string", "enum": ["question", "answer"]}, "id": {"type": "integer"}, "value": {"type": "integer", "enum": [-1, 0, 1]}}}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["value", "score"], "properties": {"value": {"type": "integer"}, "score": {"type": "integer"}}}))
            .errors(&[400, 401, 403, 404, 422, 429]),
        RouteId::QaAccept => match method {
            // POST /api/qa/answers/{id}/accept
            Method::Post => Op::new("The asker accepts an answer (own answers earn nothing)")
                .answer_json(200, "OK", json!({"type": "object", "required": ["accepted"], "properties": {"accepted": {"type": ["integer", "null"]}}}))
                .errors(&[400, 401, 403, 404, 409]),
            // DELETE /api/qa/answers/{id}/accept
            _ => Op::new("The asker withdraws the accept")
                .answer_json(200, "OK", json!({"type": "object", "required": ["accepted"], "properties": {"accepted": {"type": ["integer", "null"]}}}))
                .errors(&[400, 401, 403, 404, 409]),
        },
        // POST /api/qa/answers/{id}/promote
        RouteId::QaPromote => Op::new("Staff promote an accepted answer to the FAQ (+50 to its author)")
            .body_json(json!({"type": "object", "required": ["service", "category"], "properties": {"service": {"type": "string"}, "category": {"type": "string"}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}))
            .errors(&[400, 401, 403, 404, 409, 422]),
        // POST /api/qa/flags
        RouteId::QaFlag => Op::new("Flag a post; 3 flags hide it pending review")
            .body_json(json!({"type": "object", "required": ["kind", "id", "reason"], "properties": {"kind": {"type": "string"}, "id": {"type": "integer"}, "reason": {"type": "string", "enum": ["spam", "offensive", "off_topic", "other"]}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["flagged"], "properties": {"flagged": {"type": "boolean"}}}))
            .errors(&[400, 401, 404, 409, 422]),
        // GET /api/qa/moderation
        RouteId::QaModerationQueue => Op::new("Flagged posts (moderators)")
            .answer_json(200, "OK", json!({"type": "object", "required": ["queue"], "properties": {"queue": {"type": "array"}}}))
            .errors(&[401, 403]),
        // POST /api/qa/moderation
        RouteId::QaModerate => Op::new("Restore or remove a flagged post (moderators)")
            .body_json(json!({"type": "object", "required": ["kind", "id", "action"], "properties": {"kind": {"type": "string"}, "id": {"type": "integer"}, "action": {"type": "string", "enum": ["restore", "remove"]}}}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["hidden"], "properties": {"hidden": {"type": "boolean"}}}))
            .errors(&[400, 401, 403, 404, 422]),
        // GET /api/qa/suggest
        RouteId::QaSuggest => Op::new("Similar questions and FAQ entries for a title being typed")
            .query("title", false, "", json!({"type": "string"}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["faq", "questions"], "properties": {"faq": {"type": "array", "items": {"$ref": "#/components/schemas/FaqEntry"}}, "questions": {"type": "array", "items": {"$ref": "#/components/schemas/QuestionSummary"}}}}))
            .uses::<crate::qa::FaqEntry>()
            .uses::<crate::qa::QuestionSummary>(),
        // GET /api/qa/faq
        RouteId::QaListFaq => Op::new("The FAQ by service and category")
            .query("service", false, "", json!({"type": "string"}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["faq"], "properties": {"faq": {"type": "array", "items": {"$ref": "#/components/schemas/FaqEntry"}}}}))
            .errors(&[422])
            .uses::<crate::qa::FaqEntry>(),
        // POST /api/qa/faq
        RouteId::QaCreateFaq => Op::new("Staff write an FAQ entry")
            .body_json(json!({"type": "object", "required": ["service", "category", "title", "body"], "properties": {"service": {"type": "string"}, "category": {"type": "string"}, "title": {"type": "string"}, "body": {"type": "string"}}}))
            .answer_json(201, "OK", json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}))
            .errors(&[400, 401, 403, 422]),
        // GET /api/qa/users/{id}
        RouteId::QaUser => Op::new("Points, level, progress, privileges, badges")
            .answer_json(200, "OK", json!({"type": "object", "required": ["user"], "properties": {"user": {"$ref": "#/components/schemas/PointsView"}}}))
            .errors(&[400, 404])
            .uses::<crate::qa::PointsView>(),
        // GET /api/qa/me
        RouteId::QaMe => Op::new("The signed-in member's points and level")
            .answer_json(200, "OK", json!({"type": "object", "required": ["user"], "properties": {"user": {"$ref": "#/components/schemas/PointsView"}}}))
            .errors(&[401])
            .uses::<crate::qa::PointsView>(),
        // GET /api/qa/leaderboard
        RouteId::QaLeaderboard => Op::new("Top 20 by points earned in a period, overall or per tag")
            .query("period", false, "", json!({"type": "string", "enum": ["week", "month", "year", "all"]}))
            .query("tag", false, "", json!({"type": "string"}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["leaders"], "properties": {"leaders": {"type": "array", "items": {"type": "object", "required": ["rank", "user_id", "name", "points", "level"], "properties": {"rank": {"type": "integer"}, "user_id": {"type": "integer"}, "name": {"type": "string"}, "points": {"type": "integer"}, "level": {"type": "integer"}}}}}}))
            .errors(&[422]),
        // GET /api/qa/stats
        RouteId::QaStats => Op::new("Knowledge items, members, views, completion rate, median time to first answer, monthly activity")
            .answer_json(200, "OK", json!({"type": "object", "required": ["knowledge_items", "members", "views", "completion_rate", "activity"], "properties": {"questions": {"type": "integer"}, "answers": {"type": "integer"}, "knowledge_items": {"type": "integer"}, "members": {"type": "integer"}, "views": {"type": "integer"}, "completion_rate": {"type": "number", "minimum": 0, "maximum": 1}, "median_hours_to_first_answer": {"type": ["number", "null"]}, "activity": {"type": "array"}}})),
        // GET /api/qa/related
        RouteId::QaRelated => Op::new("Questions linked to a dataset or an instrument")
            .query("dataset", false, "", json!({"type": "string"}))
            .query("instrument", false, "", json!({"type": "string"}))
            .answer_json(200, "OK", json!({"type": "object", "required": ["questions"], "properties": {"questions": {"type": "array", "items": {"$ref": "#/components/schemas/QuestionSummary"}}}}))
            .errors(&[400, 422])
            .uses::<crate::qa::QuestionSummary>(),
        RouteId::QaRules => match method {
            // GET /api/admin/qa/rules
            Method::Get => Op::new("The points rules (admins)")
                .answer_json(200, "OK", json!({"type": "object", "required": ["rules"], "properties": {"rules": {"type": "object", "additionalProperties": {"type": "integer"}}}}))
                .errors(&[401, 403]),
            // PUT /api/admin/qa/rules
            _ => Op::new("Change points rules (admins)")
                .body_json(json!({"type": "object", "additionalProperties": {"type": "integer"}}))
                .answer_json(200, "OK", json!({"type": "object", "required": ["rules"], "properties": {"rules": {"type": "object", "additionalProperties": {"type": "integer"}}}}))
                .errors(&[400, 401, 403, 422]),
        },
        // GET /api/admin/qa/ledger-check
        RouteId::QaLedgerCheck => Op::new("Ledger invariants; every count is always 0")
            .answer_json(200, "OK", json!({"type": "object", "required": ["total_not_ledger", "below_one", "over_daily_cap", "live_double_votes", "score_not_votes"], "properties": {"total_not_ledger": {"type": "integer"}, "below_one": {"type": "integer"}, "over_daily_cap": {"type": "integer"}, "live_double_votes": {"type": "integer"}, "score_not_votes": {"type": "integer"}}}))
            .errors(&[401, 403]),
        // GET /api/admin/qa/ring-log
        RouteId::QaRingLog => Op::new("Why the ring detector reversed points")
            .answer_json(200, "OK", json!({"type": "object", "required": ["log"], "properties": {"log": {"type": "array"}}}))
            .errors(&[401, 403]),
        other => panic!("{other:?} ({method:?}) is not described by this service"),
    }
}
