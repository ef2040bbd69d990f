//! Shared helpers for the API and browser tests.
//!
//! The tests run against a real stack: `cargo xtask test` starts `wrangler
//! dev` on a free port with a fresh local D1 seeded with the role accounts,
//! starts ChromeDriver, and passes both URLs in `COMMONS_BASE_URL` and
//! `COMMONS_WEBDRIVER_URL`.

pub mod booking;
pub mod browser;
pub mod mail;
pub mod openapi;
pub mod qa;

use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{json, Value};

/// The demo password of the seeded role accounts (local only).
pub const DEMO_PASSWORD: &str = "commons-demo-2026";
/// The seeded admin.
pub const ADMIN_EMAIL: &str = "admin@demo.commons.tw";
/// The seeded member with no extra role.
pub const MEMBER_EMAIL: &str = "member@demo.commons.tw";
/// The demo publisher, scoped to 國家發展委員會.
pub const PUBLISHER_EMAIL: &str = "publisher@demo.commons.tw";
/// The seeded reviewer of the publisher's agency.
pub const REVIEWER_EMAIL: &str = "reviewer@demo.commons.tw";
/// The organization id of 國家發展委員會 (the demo publisher's agency).
pub const PUBLISHER_ORG: &str = "org-d1f304893c49";

/// A client signed in as the demo publisher.
pub async fn publisher() -> reqwest::Client {
    let c = client();
    login(&c, PUBLISHER_EMAIL, DEMO_PASSWORD).await;
    c
}

/// A client signed in as the demo reviewer of the publisher's agency.
pub async fn reviewer() -> reqwest::Client {
    let c = client();
    login(&c, REVIEWER_EMAIL, DEMO_PASSWORD).await;
    c
}

/// A client that does not follow redirects (to see our 302s).
pub fn no_redirect_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("reqwest client")
}

/// The identifier of a seeded dataset of the demo publisher's agency.
pub async fn publisher_dataset() -> String {
    let v = get_json(&client(), &format!("/api/datasets?organization={PUBLISHER_ORG}&per_page=1&sort=newest")).await;
    v["datasets"][0]["identifier"].as_str().expect("a dataset of the publisher's agency").to_string()
}

/// Uploads CSV bytes as a new resource of `dataset`; returns the response.
pub async fn upload_csv(c: &reqwest::Client, dataset: &str, description: &str, bytes: Vec<u8>) -> reqwest::Response {
    c.post(url(&format!("/api/datasets/{dataset}/resources?description={description}")))
        .header("content-type", "text/csv")
        .body(bytes)
        .send()
        .await
        .expect("upload")
}

/// The stack under test, e.g. `http://127.0.0.1:41234`.
pub fn base() -> String {
    std::env::var("COMMONS_BASE_URL")
        .expect("COMMONS_BASE_URL is unset: run these tests through `cargo xtask test`, which starts the stack")
}

/// `base()` + `path`.
pub fn url(path: &str) -> String {
    format!("{}{path}", base())
}

/// A client with its own cookie jar (one browser, in effect).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).build().expect("reqwest client")
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The wall clock since the epoch: the part of every unique name that differs
/// between runs (the database outlives a run, so a counter alone would repeat).
fn since_epoch() -> std::time::Duration {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default()
}

/// An e-mail no other test (or earlier run) has used.
pub fn unique_email(tag: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let t = since_epoch().as_nanos();
    format!("{tag}-{t}-{n}@test.commons.tw")
}

/// A unique fake client IP, so throttling in one test never spills into another
/// (locally `CF-Connecting-IP` is passed through; on Cloudflare the edge sets it).
pub fn unique_ip() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let t = since_epoch().subsec_nanos();
    format!("10.{}.{}.{}", (t >> 16) & 255, (t >> 8) & 255, n % 250 + 1)
}

/// `prefix` followed by the last `digits` digits of the clock in nanoseconds:
/// a word earlier runs have not used, for identifiers, titles and tags. The
/// callers choose `digits` to stay inside the length limits of what they name.
pub fn clock_tag(prefix: &str, digits: u32) -> String {
    format!("{prefix}{}", since_epoch().as_nanos() % 10u128.pow(digits))
}

/// Registers a fresh account on `c` (which is then signed in); returns the user JSON.
pub async fn register(c: &reqwest::Client, email: &str, name: &str, password: &str) -> Value {
    let r = c
        .post(url("/api/auth/register"))
        // Each test account from its own address, so the suite never spends one address's budget.
        .header("cf-connecting-ip", unique_ip())
        .json(&json!({"email": email, "password": password, "display_name": name}))
        .send()
        .await
        .expect("register request");
    assert_eq!(r.status(), 201, "register {email}");
    r.json::<Value>().await.expect("register JSON")["user"].clone()
}

/// One sign-in attempt from a given client IP, with a fresh cookie jar.
pub async fn try_login(email: &str, password: &str, ip: &str) -> reqwest::Response {
    client()
        .post(url("/api/auth/login"))
        .header("cf-connecting-ip", ip)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login request")
}

/// Signs `c` in; panics unless it succeeds.
pub async fn login(c: &reqwest::Client, email: &str, password: &str) -> Value {
    let r = c
        .post(url("/api/auth/login"))
        .header("cf-connecting-ip", unique_ip())
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login request");
    assert_eq!(r.status(), 200, "login {email}");
    r.json::<Value>().await.expect("login JSON")["user"].clone()
}

/// A client signed in as the seeded admin.
pub async fn admin() -> reqwest::Client {
    let c = client();
    login(&c, ADMIN_EMAIL, DEMO_PASSWORD).await;
    c
}

/// Asserts the error shape `{"error": kind, "message": text}` and the status.
pub async fn expect_error(resp: reqwest::Response, status: u16, kind: &str) -> Value {
    let got = resp.status().as_u16();
    let ct = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let body: Value = resp.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "status for {kind}: body {body}");
    assert!(ct.starts_with("application/json"), "error content type is {ct}");
    assert_eq!(body["error"], kind, "body {body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "message missing in {body}");
    body
}

/// A bookable slot on the `nth` weekday after today (weekends skipped), at
/// `hour`:00 Asia/Taipei for `hours` hours: `(start, end)` in RFC 3339 UTC.
/// Tests use different `nth` so they never compete for the same day. The plan:
/// 2-17 (every 5th) weekly series; 8 the 200-client race; 20-24 lifecycle tests;
/// 18-19 browser tests; 25-29 the quota race; 30 OpenAPI probes; 31-39 the second booking suite;
/// 40-41 the reports.
pub fn weekday_slot(nth: i64, hour: i64, hours: i64) -> (String, String) {
    let now = since_epoch().as_secs() as i64;
    let offset = commons_domain::common::locale::TAIPEI_OFFSET_SECS as i64;
    let mut day = (now + offset).div_euclid(86_400);
    let mut seen = 0;
    while seen < nth {
        day += 1;
        // 1970-01-01 was a Thursday; with Monday = 0, weekdays are 0..5.
        if (day + 3).rem_euclid(7) < 5 {
            seen += 1;
        }
    }
    let start = day * 86_400 + hour * 3600 - offset;
    let end = start + hours * 3600;
    (commons_domain::common::locale::rfc3339_utc(start), commons_domain::common::locale::rfc3339_utc(end))
}

/// Makes a fresh user with `role` (granted by the admin); returns (client, user id).
pub async fn user_with_role(tag: &str, role: &str, scope: Option<&str>) -> (reqwest::Client, i64) {
    let (c, id, _) = user_with_role_and_email(tag, role, scope).await;
    (c, id)
}

/// Like [`user_with_role`], also returning the e-mail (password `password-123`).
pub async fn user_with_role_and_email(tag: &str, role: &str, scope: Option<&str>) -> (reqwest::Client, i64, String) {
    let c = client();
    let email = unique_email(tag);
    let user = register(&c, &email, tag, "password-123").await;
    let id = user["id"].as_i64().expect("user id");
    let r = admin()
        .await
        .post(url(&format!("/api/admin/users/{id}/roles")))
        .json(&json!({"role": role, "scope_id": scope}))
        .send()
        .await
        .expect("grant");
    assert_eq!(r.status(), 200, "grant {role}");
    (c, id, email)
}

/// A fresh PI with `amount` of quota granted by the admin; returns (client, user id).
pub async fn pi_with_quota(tag: &str, amount: i64) -> (reqwest::Client, i64) {
    let (pi, id) = user_with_role(tag, "pi", None).await;
    let r = admin()
        .await
        .post(url("/api/admin/quota"))
        .json(&json!({"pi_user_id": id, "amount": amount, "grant_code": format!("TEST-{tag}")}))
        .send()
        .await
        .expect("grant quota");
    assert_eq!(r.status(), 200, "grant quota to {tag}");
    (pi, id)
}

/// Every instrument (all pages).
pub async fn all_instruments() -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1.. {
        let v: Value = client()
            .get(url(&format!("/api/instruments?per_page=100&page={page}")))
            .send()
            .await
            .expect("instruments")
            .json()
            .await
            .expect("JSON");
        let items = v["instruments"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        out.extend(items);
    }
    out
}

/// `GET path` on `c`, parsed as JSON (panics with the path on failure).
pub async fn get_json(c: &reqwest::Client, path: &str) -> Value {
    c.get(url(path)).send().await.unwrap_or_else(|e| panic!("GET {path}: {e}")).json().await.unwrap_or(Value::Null)
}

/// Sends `req` and parses the answer as JSON. Unlike [`get_json`], an answer
/// that is not JSON fails the test at once (as `.json().await.unwrap()` did
/// where this is used), instead of reading as `null`.
pub async fn send_json(req: reqwest::RequestBuilder) -> Value {
    req.send().await.expect("request").json().await.expect("a JSON answer")
}

/// Sends `req` and asserts the refusal with [`expect_error`]; returns the error body.
pub async fn expect_refusal(req: reqwest::RequestBuilder, status: u16, kind: &str) -> Value {
    expect_error(req.send().await.expect("request"), status, kind).await
}

/// Bookable instruments (not other agencies') with the given approval and training flags.
pub async fn instruments_where(approval: bool, training: bool) -> Vec<Value> {
    all_instruments()
        .await
        .into_iter()
        .filter(|i| i["external_url"].is_null())
        .filter(|i| i["requires_approval"] == approval && i["requires_training"] == training)
        .collect()
}

/// The `n`th bookable instrument that needs neither approval nor training.
/// Tests that book take different `n` (as well as different days), so one
/// test's bookings never stand in another's way.
pub async fn free_instrument(n: usize) -> i64 {
    instruments_where(false, false).await[n]["id"].as_i64().expect("instrument id")
}

/// A bookable instrument of `center` that needs neither approval nor training,
/// for the tests that act as that centre's staff.
pub async fn free_instrument_at(center: &str) -> i64 {
    let inst = instruments_where(false, false).await;
    let i = inst.iter().find(|i| i["center_id"] == center).unwrap_or_else(|| panic!("an instrument of {center}"));
    i["id"].as_i64().expect("instrument id")
}

/// A booking request body.
pub fn booking_req(instrument: i64, slot: &(String, String), payment: &str) -> Value {
    json!({"instrument_id": instrument, "start": slot.0, "end": slot.1, "payment": payment})
}

/// Posts a booking request.
pub async fn post_booking(c: &reqwest::Client, req: &Value) -> reqwest::Response {
    c.post(url("/api/bookings")).json(req).send().await.expect("booking request")
}

/// Books and returns the new booking's id (panics unless 201).
pub async fn booking_id(c: &reqwest::Client, req: &Value) -> String {
    let r = post_booking(c, req).await;
    assert_eq!(r.status(), 201, "booking {req}");
    let v: Value = r.json().await.expect("JSON");
    v["booking"]["id"].as_str().unwrap_or_default().to_string()
}
