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

/// A fresh member brought to level 4 (500 points, the `edit_others`
/// privilege) the way the rules pay, within one Taipei day: five answers
/// to another member's questions, each accepted (+15) and promoted to the
/// FAQ by the admin (+50), and twenty upvotes on them from five members,
/// four each (+200, the daily cap; four keeps below the ring detector's
/// five). Returns (client, user id, e-mail); the password is `password-123`.
pub async fn member_at_level_4(tag: &str) -> (reqwest::Client, i64, String) {
    let (c, id, email) = crate::user_with_role_and_email(&format!("{tag}e"), "member", None).await;
    let (asker, _) = crate::user_with_role(&format!("{tag}a"), "member", None).await;
    let boss = admin().await;
    let mut answers = Vec::new();
    for i in 0..5 {
        let q = ask(&asker, &format!("{} 編輯權限養成 {i}", word(tag)), "請教大家。", &["privileges"]).await;
        let a = answer(&c, q, &format!("詳細的回答 {i}")).await;
        let r = asker.post(url(&format!("/api/qa/answers/{a}/accept"))).send().await.unwrap();
        assert_eq!(r.status(), 200, "accept");
        let r = boss
            .post(url(&format!("/api/qa/answers/{a}/promote")))
            .json(&json!({"service": "qa", "category": "測試"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "promote");
        answers.push(a);
    }
    for v in 0..5 {
        let (voter, _) = crate::user_with_role(&format!("{tag}v{v}"), "member", None).await;
        for a in answers.iter().skip(v % 2).take(4) {
            assert_eq!(vote(&voter, "answer", *a, 1).await.status(), 200);
        }
    }
    let me = get_json(&crate::client(), &format!("/api/qa/users/{id}")).await;
    assert_eq!(me["user"]["level"], 4, "{me}");
    (c, id, email)
}
