//! Password reset over real HTTP, reading the messages the Worker really
//! sent (the `.eml` files of `wrangler dev`'s send_email simulation, found
//! through the server log; see `commons_tests::mail`): the link works once,
//! expires, survives a concurrent double use exactly once, ends the
//! account's sessions, and an unknown address gets the same answer.

use commons_tests::mail::{link_in, mails_to, token_of, wait_for_mails};
use commons_tests::*;
use serde_json::{json, Value};

const PAGE: &str = "/password-reset/confirm";

/// Asks for a reset of `email` from a fresh address; returns the response.
async fn ask(email: &str) -> reqwest::Response {
    client()
        .post(url("/api/auth/password-reset"))
        .header("cf-connecting-ip", unique_ip())
        .json(&json!({ "email": email }))
        .send()
        .await
        .expect("reset request")
}

/// Sets `password` with `token`, optionally "at" another moment (test clock).
async fn confirm(token: &str, password: &str, at: Option<&str>) -> reqwest::Response {
    let mut r =
        client().post(url("/api/auth/password-reset/confirm")).json(&json!({"token": token, "password": password}));
    if let Some(t) = at {
        r = r.header("x-commons-test-now", t);
    }
    r.send().await.expect("confirm request")
}

/// A new account (signed in on the returned client) and the token of a
/// reset link it was sent.
async fn account_with_link(tag: &str, password: &str) -> (reqwest::Client, String, String) {
    let c = client();
    let email = unique_email(tag);
    register(&c, &email, "重設測試", password).await;
    let r = ask(&email).await;
    assert_eq!(r.status(), 202);
    let mails = wait_for_mails(&email, 1).await;
    (c, email, token_of(&link_in(&mails[0], PAGE)))
}

#[tokio::test]
async fn the_link_sets_a_new_password_once_and_ends_every_session() {
    let (signed_in, email, token) = account_with_link("reset", "old-password-1").await;
    assert_eq!(token.len(), 64);
    let r = confirm(&token, "new-password-2", None).await;
    assert_eq!(r.status(), 204);
    // The session that was open before the reset is over.
    assert_eq!(signed_in.get(url("/api/auth/me")).send().await.unwrap().status(), 401);
    // The old password fails, the new one works.
    expect_error(try_login(&email, "old-password-1", &unique_ip()).await, 401, "unauthorized").await;
    assert_eq!(try_login(&email, "new-password-2", &unique_ip()).await.status(), 200);
    // The link cannot be used twice.
    let again = expect_error(confirm(&token, "third-password-3", None).await, 422, "invalid").await;
    assert!(again["message"].as_str().unwrap().starts_with("token"), "{again}");
    assert_eq!(try_login(&email, "new-password-2", &unique_ip()).await.status(), 200);
}

#[tokio::test]
async fn the_message_is_real_mime_in_the_users_language_with_no_secret_but_the_link() {
    // zh-TW by default.
    let (_, email, _) = account_with_link("reset-zh", "zh-password-1").await;
    let m = &mails_to(&email)[0];
    assert_eq!(m.subject, browser::zh("mail.reset_subject"));
    assert!(m.text.contains("重設測試 您好"), "{}", m.text);
    assert_eq!(m.from, "noreply@commons.tw");
    assert!(m.content_type.starts_with("text/plain"), "{}", m.content_type);
    // An English account gets English.
    let c = client();
    let en_email = unique_email("reset-en");
    let r = c
        .post(url("/api/auth/register"))
        .header("cf-connecting-ip", unique_ip())
        .json(&json!({"email": en_email, "password": "en-password-1", "display_name": "Reset Tester", "locale": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(ask(&en_email).await.status(), 202);
    let m = &wait_for_mails(&en_email, 1).await[0];
    assert_eq!(m.subject, "Reset your Commons password");
    assert!(m.text.starts_with("Hello Reset Tester,"), "{}", m.text);
    assert!(link_in(m, PAGE).starts_with(&base()), "the link points at the site that was asked");
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_message() {
    let (_, known, _) = account_with_link("reset-known", "known-password-1").await;
    let a = ask(&known).await;
    let (sa, ba): (u16, Value) = (a.status().as_u16(), a.json().await.unwrap());
    let unknown = unique_email("nobody");
    let b = ask(&unknown).await;
    let (sb, bb): (u16, Value) = (b.status().as_u16(), b.json().await.unwrap());
    assert_eq!((sa, &ba), (sb, &bb), "known and unknown addresses must look the same");
    assert_eq!(sb, 202);
    assert_eq!(bb, json!({"accepted": true}));
    // The second message to the known address arrives; none to the unknown one.
    wait_for_mails(&known, 2).await;
    assert!(mails_to(&unknown).is_empty(), "a message went to an address with no account");
}

#[tokio::test]
async fn a_link_expires_after_an_hour() {
    let (_, email, token) = account_with_link("reset-expiry", "expiry-password-1").await;
    let later = rfc3339_in(2 * 3600);
    expect_error(confirm(&token, "too-late-password", Some(&later)).await, 422, "invalid").await;
    expect_error(try_login(&email, "too-late-password", &unique_ip()).await, 401, "unauthorized").await;
    // Within the hour the same link still works: the clock decided, not the token.
    assert_eq!(confirm(&token, "in-time-password", Some(&rfc3339_in(30 * 60))).await.status(), 204);
    assert_eq!(try_login(&email, "in-time-password", &unique_ip()).await.status(), 200);
}

#[tokio::test]
async fn two_uses_at_once_succeed_exactly_once() {
    let (_, email, token) = account_with_link("reset-race", "race-password-0").await;
    let tries = (0..6).map(|i| {
        let token = token.clone();
        async move { (i, confirm(&token, &format!("race-password-{i}"), None).await.status().as_u16()) }
    });
    let results = futures_util::future::join_all(tries).await;
    let won: Vec<_> = results.iter().filter(|(_, s)| *s == 204).collect();
    assert_eq!(won.len(), 1, "{results:?}");
    assert!(results.iter().all(|(_, s)| *s == 204 || *s == 422), "{results:?}");
    // The winner's password is the one that holds.
    let (i, _) = won[0];
    assert_eq!(try_login(&email, &format!("race-password-{i}"), &unique_ip()).await.status(), 200);
}

#[tokio::test]
async fn bad_input_is_refused_and_consumes_nothing() {
    let (_, email, token) = account_with_link("reset-bad", "bad-password-1").await;
    // A too-short password: 422, and the link still works afterwards.
    expect_error(confirm(&token, "short", None).await, 422, "invalid").await;
    for t in ["", "abc", &"Z".repeat(64), &"0".repeat(64)] {
        expect_error(confirm(t, "long-enough-password", None).await, 422, "invalid").await;
    }
    let r = client()
        .post(url("/api/auth/password-reset"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    expect_error(r, 400, "bad_request").await;
    expect_error(ask("not-an-email").await, 422, "invalid").await;
    assert_eq!(confirm(&token, "good-password-2", None).await.status(), 204);
    assert_eq!(try_login(&email, "good-password-2", &unique_ip()).await.status(), 200);
}

#[tokio::test]
async fn one_mailbox_cannot_be_flooded_and_the_refusal_is_the_same_for_unknown_addresses() {
    let c = client();
    let known = unique_email("reset-flood");
    register(&c, &known, "Flood", "flood-password-1").await;
    let unknown = unique_email("reset-flood-nobody");
    for email in [&known, &unknown] {
        // From ever-new client addresses: the per-mailbox budget is what stops it.
        let mut statuses = Vec::new();
        for _ in 0..4 {
            statuses.push(ask(email).await.status().as_u16());
        }
        assert_eq!(statuses, vec![202, 202, 429, 429], "{email}");
    }
    // Only the two accepted requests sent anything.
    wait_for_mails(&known, 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mails_to(&known).len(), 2, "a refused request sent a message");
}

/// RFC 3339 UTC, `secs` from now.
fn rfc3339_in(secs: u64) -> String {
    let t = std::time::SystemTime::now() + std::time::Duration::from_secs(secs);
    let unix = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    commons_domain::common::locale::rfc3339_utc(unix)
}
