//! Accounts over real HTTP: register, sign in, me, sign out, throttling and
//! role checks.

use commons_tests::*;
use serde_json::json;

#[tokio::test]
async fn register_signs_in_and_me_shows_the_user() {
    let c = client();
    let email = unique_email("reg");
    let user = register(&c, &email, "陳測試", "correct horse 1").await;
    assert_eq!(user["email"], email);
    assert_eq!(user["display_name"], "陳測試");
    assert_eq!(user["locale"], "zh-TW");
    let me: serde_json::Value = get_json(&c, "/api/auth/me").await;
    assert_eq!(me["user"]["id"], user["id"]);
}

#[tokio::test]
async fn session_cookie_is_httponly_and_lax_and_token_is_not_stored_plainly() {
    let email = unique_email("cookie");
    let r = reqwest::Client::new()
        .post(url("/api/auth/register"))
        .json(&json!({"email": email, "password": "password-123", "display_name": "Cookie"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(cookie.starts_with("commons_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    // Served on 127.0.0.1 over plain http, so no Secure flag (browsers would drop it).
    assert!(!cookie.contains("Secure"), "{cookie}");
    let token = cookie.trim_start_matches("commons_session=").split(';').next().unwrap_or("");
    assert_eq!(token.len(), 64, "32 random bytes, hex");
}

#[tokio::test]
async fn email_is_case_insensitive_and_unique() {
    let c = client();
    let email = unique_email("dup");
    register(&c, &email, "First", "password-123").await;
    expect_refusal(
        client()
            .post(url("/api/auth/register"))
            .json(&json!({"email": email.to_uppercase(), "password": "password-456", "display_name": "Second"})),
        409,
        "conflict",
    )
    .await;
    // And sign-in works with any case.
    login(&client(), &email.to_uppercase(), "password-123").await;
}

#[tokio::test]
async fn login_me_logout_round_trip() {
    let email = unique_email("round");
    register(&client(), &email, "Round Trip", "password-123").await;
    let c = client();
    expect_refusal(c.get(url("/api/auth/me")), 401, "unauthorized").await;
    let user = login(&c, &email, "password-123").await;
    assert_eq!(user["display_name"], "Round Trip");
    assert_eq!(c.get(url("/api/auth/me")).send().await.unwrap().status(), 200);
    let session: serde_json::Value = get_json(&c, "/api/auth/session").await;
    assert_eq!(session["user"]["display_name"], "Round Trip", "the page's session check names the user");
    let out = c.post(url("/api/auth/logout")).send().await.unwrap();
    assert_eq!(out.status(), 204);
    expect_refusal(c.get(url("/api/auth/me")), 401, "unauthorized").await;
    // The page's check answers 200 with no user, so a visitor's console shows no failed request.
    let session: serde_json::Value = get_json(&c, "/api/auth/session").await;
    assert_eq!(session, serde_json::json!({"user": null}));
}

#[tokio::test]
async fn logout_invalidates_the_token_server_side() {
    // Keep the raw cookie and replay it after logout: the server must refuse it.
    let email = unique_email("replay");
    register(&client(), &email, "Replay", "password-123").await;
    let r = reqwest::Client::new()
        .post(url("/api/auth/login"))
        .header("cf-connecting-ip", unique_ip())
        .json(&json!({"email": email, "password": "password-123"}))
        .send()
        .await
        .unwrap();
    let cookie = r.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let pair = cookie.split(';').next().unwrap_or_default().to_string();
    let plain = reqwest::Client::new();
    assert_eq!(plain.get(url("/api/auth/me")).header("cookie", &pair).send().await.unwrap().status(), 200);
    plain.post(url("/api/auth/logout")).header("cookie", &pair).send().await.unwrap();
    expect_refusal(plain.get(url("/api/auth/me")).header("cookie", &pair), 401, "unauthorized").await;
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_401() {
    let email = unique_email("wrong");
    register(&client(), &email, "Wrong", "password-123").await;
    let ip = unique_ip();
    let a = try_login(&email, "not-the-password", &ip).await;
    let a = expect_error(a, 401, "unauthorized").await;
    let b = try_login(&unique_email("nobody"), "not-the-password", &ip).await;
    let b = expect_error(b, 401, "unauthorized").await;
    assert_eq!(a["message"], b["message"], "answers must not reveal which accounts exist");
}

#[tokio::test]
async fn five_failures_for_an_account_from_one_address_throttle_that_pair_only() {
    let email = unique_email("throttle");
    register(&client(), &email, "Throttled", "password-123").await;
    let ip = unique_ip();
    for i in 0..5 {
        let r = try_login(&email, &format!("bad-guess-{i}"), &ip).await;
        assert_eq!(r.status(), 401, "attempt {i}");
    }
    // The right password from the same address now waits…
    let r = try_login(&email, "password-123", &ip).await;
    assert!(r.headers().get("retry-after").is_some(), "429 carries Retry-After");
    expect_error(r, 429, "throttled").await;
    // …and a refused attempt is not counted, so it never extends the wait.
    let again = try_login(&email, "password-123", &ip).await;
    assert_eq!(again.status(), 429);
    // The owner elsewhere (another address) signs in at once.
    assert_eq!(try_login(&email, "password-123", &unique_ip()).await.status(), 200);
}

#[tokio::test]
async fn five_failures_from_one_address_do_not_stop_another_accounts_correct_password() {
    let ip = unique_ip();
    let guessed = unique_email("nat-guessed");
    register(&client(), &guessed, "Guessed", "password-123").await;
    for i in 0..5 {
        assert_eq!(try_login(&guessed, &format!("wrong-{i}"), &ip).await.status(), 401);
    }
    // A colleague behind the same NAT is not affected.
    let colleague = unique_email("nat-colleague");
    register(&client(), &colleague, "Colleague", "password-123").await;
    assert_eq!(try_login(&colleague, "password-123", &ip).await.status(), 200);
    // Nor are accounts that do not exist told apart from real ones.
    let ghost = try_login(&unique_email("nat-ghost"), "password-123", &ip).await;
    expect_error(ghost, 401, "unauthorized").await;
}

#[tokio::test]
async fn a_parallel_burst_of_thirty_guesses_gets_at_most_five_tries() {
    let email = unique_email("burst");
    register(&client(), &email, "Burst", "password-123").await;
    let ip = unique_ip();
    let guesses = (0..30).map(|i| {
        let (email, ip) = (email.clone(), ip.clone());
        tokio::spawn(async move { try_login(&email, &format!("guess-{i}"), &ip).await.status().as_u16() })
    });
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.expect("task"));
    }
    let tried = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert!(tried <= 5, "{tried} of 30 parallel guesses were checked: {statuses:?}");
    assert_eq!(tried + refused, 30, "every guess is either checked or refused: {statuses:?}");
}

#[tokio::test]
async fn guesses_from_many_addresses_cannot_lock_the_owner_out_of_a_device_they_used() {
    let email = unique_email("owner");
    register(&client(), &email, "Owner", "password-123").await;
    // The owner's browser signs in once and is remembered.
    let owner = client();
    login(&owner, &email, "password-123").await;
    let _ = owner.post(url("/api/auth/logout")).send().await;
    // A botnet guesses from 31 addresses, each under the per-address limit.
    for i in 0..31 {
        let _ = try_login(&email, &format!("botnet-{i}"), &unique_ip()).await;
    }
    // A browser that never signed in to this account must now wait…
    let stranger = try_login(&email, "password-123", &unique_ip()).await;
    expect_error(stranger, 429, "throttled").await;
    // …but the owner's own browser, from a new address, gets in.
    let r = owner
        .post(url("/api/auth/login"))
        .header("cf-connecting-ip", unique_ip())
        .json(&json!({"email": email, "password": "password-123"}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 200, "the trusted device is exempt from the per-account limit");
}

#[tokio::test]
async fn registration_is_throttled_per_address() {
    let ip = unique_ip();
    let mut statuses = Vec::new();
    for i in 0..61 {
        let r = client()
            .post(url("/api/auth/register"))
            .header("cf-connecting-ip", &ip)
            // Invalid passwords would be refused before the budget: these are valid and distinct.
            .json(
                &json!({"email": unique_email(&format!("flood{i}")), "password": "password-123", "display_name": "F"}),
            )
            .send()
            .await
            .expect("register");
        statuses.push(r.status().as_u16());
    }
    assert!(statuses[..60].iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(statuses[60], 429, "the 61st registration in ten minutes from one address waits");
    // Another address is unaffected.
    register(&client(), &unique_email("after-flood"), "Next", "password-123").await;
}

#[tokio::test]
async fn registration_validates_fields_with_422() {
    let cases = [
        json!({"email": "not-an-email", "password": "password-123", "display_name": "A"}),
        json!({"email": unique_email("short"), "password": "short", "display_name": "A"}),
        json!({"email": unique_email("name"), "password": "password-123", "display_name": "   "}),
        json!({"email": unique_email("loc"), "password": "password-123", "display_name": "A", "locale": "fr"}),
        json!({"email": unique_email("missing"), "password": "password-123"}),
    ];
    for body in cases {
        let e = expect_refusal(client().post(url("/api/auth/register")).json(&body), 422, "invalid").await;
        assert!(!e["message"].as_str().unwrap_or("").is_empty());
    }
}

#[tokio::test]
async fn members_cannot_use_admin_endpoints_and_admins_can() {
    let member = client();
    login(&member, MEMBER_EMAIL, DEMO_PASSWORD).await;
    expect_refusal(member.get(url("/api/admin/users")), 403, "forbidden").await;
    expect_refusal(client().get(url("/api/admin/users")), 401, "unauthorized").await;

    let admin = admin().await;
    let list: serde_json::Value = get_json(&admin, "/api/admin/users?per_page=5").await;
    assert_eq!(list["users"].as_array().map(Vec::len), Some(5));
    assert!(list["meta"]["total"].as_u64().unwrap_or(0) >= 7, "the seeded accounts are listed");
}

#[tokio::test]
async fn admin_grants_and_revokes_scoped_roles() {
    let c = client();
    let email = unique_email("grant");
    let user = register(&c, &email, "Publisher To Be", "password-123").await;
    let id = user["id"].as_i64().expect("id");
    let admin = admin().await;

    // A publisher must name an agency.
    expect_refusal(
        admin.post(url(&format!("/api/admin/users/{id}/roles"))).json(&json!({"role": "publisher"})),
        422,
        "invalid",
    )
    .await;

    let r = admin
        .post(url(&format!("/api/admin/users/{id}/roles")))
        .json(&json!({"role": "publisher", "scope_id": "moi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let me: serde_json::Value = get_json(&c, "/api/auth/me").await;
    assert_eq!(me["user"]["roles"], json!([{"role": "publisher", "scope_id": "moi"}]));

    // The new publisher is still not an admin.
    expect_refusal(c.get(url("/api/admin/users")), 403, "forbidden").await;
    expect_refusal(
        c.post(url(&format!("/api/admin/users/{id}/roles"))).json(&json!({"role": "admin"})),
        403,
        "forbidden",
    )
    .await;

    let r =
        admin.delete(url(&format!("/api/admin/users/{id}/roles?role=publisher&scope_id=moi"))).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let me: serde_json::Value = get_json(&c, "/api/auth/me").await;
    assert_eq!(me["user"]["roles"], json!([]));
    expect_refusal(
        admin.delete(url(&format!("/api/admin/users/{id}/roles?role=publisher&scope_id=moi"))),
        404,
        "not_found",
    )
    .await;

    expect_refusal(admin.post(url("/api/admin/users/99999999/roles")).json(&json!({"role": "pi"})), 404, "not_found")
        .await;
    expect_refusal(
        admin.post(url(&format!("/api/admin/users/{id}/roles"))).json(&json!({"role": "emperor"})),
        422,
        "invalid",
    )
    .await;
}

#[tokio::test]
async fn preferences_update_and_bad_locale_is_refused_without_change() {
    let c = client();
    register(&c, &unique_email("prefs"), "Prefs", "password-123").await;
    let r =
        c.patch(url("/api/auth/me")).json(&json!({"locale": "en", "display_name": "  Pat  "})).send().await.unwrap();
    let user: serde_json::Value = r.json().await.unwrap();
    assert_eq!(user["user"]["locale"], "en");
    assert_eq!(user["user"]["display_name"], "Pat");
    expect_refusal(c.patch(url("/api/auth/me")).json(&json!({"locale": "klingon"})), 422, "invalid").await;
    let me: serde_json::Value = get_json(&c, "/api/auth/me").await;
    assert_eq!(me["user"]["locale"], "en", "a refused update changes nothing");
}
