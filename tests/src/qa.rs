//! Knowledge Q&A helpers shared by the Q&A test binaries: a unique word, and
//! asking, answering and voting as a signed-in client (each asserting the
//! status a member would see).

use serde_json::{json, Value};

use crate::{admin, clock_tag, get_json, url};

/// A unique word (Latin) so tests do not see each other's posts.
pub fn word(tag: &str) -> String {
    clock_tag(tag, 8)
}

/// Asks a question; its id (asserts 201).
pub async fn ask(c: &reqwest::Client, title: &str, body: &str, tags: &[&str]) -> i64 {
    let r = c
        .post(url("/api/qa/questions"))
        .json(&json!({"title": title, "body": body, "tags": tags}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v["id"].as_i64().unwrap()
}

/// Answers question `q`; the answer's id (asserts 201).
pub async fn answer(c: &reqwest::Client, q: i64, body: &str) -> i64 {
    let r = c.post(url(&format!("/api/qa/questions/{q}/answers"))).json(&json!({"body": body})).send().await.unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v["id"].as_i64().unwrap()
}

/// Votes `value` on a post of `kind`; the raw response.
pub async fn vote(c: &reqwest::Client, kind: &str, id: i64, value: i64) -> reqwest::Response {
    c.post(url("/api/qa/votes")).json(&json!({"kind": kind, "id": id, "value": value})).send().await.unwrap()
}

/// Every invariant of the admin's ledger check (`GET /api/admin/qa/ledger-check`).
pub const INVARIANTS: [&str; 8] = [
    "total_not_ledger",
    "below_one",
    "over_daily_cap",
    "live_double_votes",
    "score_not_votes",
    "multiple_accepted",
    "live_double_accepts",
    "hidden_indexed",
];

/// Asserts that every invariant of the ledger check is 0.
pub async fn ledger_is_sound() {
    let check = get_json(&admin().await, "/api/admin/qa/ledger-check").await;
    for k in INVARIANTS {
        assert_eq!(check[k], 0, "{k}: {check}");
    }
}
