//! Knowledge Q&A helpers shared by the Q&A test binaries: a unique word, and
//! asking, answering and voting as a signed-in client (each asserting the
//! status a member would see).

use serde_json::{json, Value};

use crate::{clock_tag, url};

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
