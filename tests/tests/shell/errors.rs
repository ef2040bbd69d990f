//! The one error model: malformed bodies, oversized bodies, unknown routes,
//! wrong methods and cross-origin writes all get the JSON error shape with
//! the right status, never a 500, and nothing stored changes; and
//! `robots.txt` is a real file, not the SPA's fallback page.

use commons_tests::*;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_400() {
    for body in ["{bad", "", "[1,2", "null"] {
        let r = client()
            .post(url("/api/auth/login"))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        // `null` parses as JSON but is not an object: a validation failure, not a crash.
        let kind = if body == "null" { "invalid" } else { "bad_request" };
        expect_error(r, if body == "null" { 422 } else { 400 }, kind).await;
        assert_ne!(status, 500);
    }
}

#[tokio::test]
async fn oversized_body_is_413_whether_declared_or_not() {
    let big = "x".repeat(70 * 1024);
    expect_refusal(
        client()
            .post(url("/api/auth/register"))
            .header("content-type", "application/json")
            .body(format!("{{\"email\":\"{big}\"}}")),
        413,
        "payload_too_large",
    )
    .await;
    // Chunked (no Content-Length): the limit holds on the bytes read.
    let stream = futures_like_body(big);
    expect_refusal(client().post(url("/api/auth/login")).body(stream), 413, "payload_too_large").await;
}

fn futures_like_body(s: String) -> reqwest::Body {
    // A body from a stream has no declared length, so it goes out chunked.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = s.into_bytes().chunks(8192).map(|c| Ok(c.to_vec())).collect();
    reqwest::Body::wrap_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn unknown_api_route_is_json_404_and_wrong_method_is_405() {
    expect_refusal(client().get(url("/api/no/such/thing")), 404, "not_found").await;
    expect_refusal(client().post(url("/api/nope")).json(&json!({})), 404, "not_found").await;
    expect_refusal(client().delete(url("/api/health")), 405, "method_not_allowed").await;
}

#[tokio::test]
async fn cross_origin_writes_are_refused_and_same_origin_ones_pass() {
    let email = unique_email("csrf");
    expect_refusal(
        client()
            .post(url("/api/auth/register"))
            .header("origin", "https://evil.example")
            .json(&json!({"email": email, "password": "password-123", "display_name": "CSRF"})),
        403,
        "cross_origin",
    )
    .await;
    expect_refusal(client().post(url("/api/auth/logout")).header("sec-fetch-site", "cross-site"), 403, "cross_origin")
        .await;
    // Nothing was created by the refused request.
    let r = try_login(&email, "password-123", &unique_ip()).await;
    expect_error(r, 401, "unauthorized").await;
    // The same request from our own origin works.
    let r = client()
        .post(url("/api/auth/register"))
        .header("origin", base())
        .json(&json!({"email": email, "password": "password-123", "display_name": "CSRF"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

#[tokio::test]
async fn bad_paging_is_400_not_500() {
    let admin = admin().await;
    for q in ["page=0", "page=-1", "per_page=1000", "page=abc"] {
        expect_refusal(admin.get(url(&format!("/api/admin/users?{q}"))), 400, "bad_request").await;
    }
    // A page past the end is an empty page, not an error.
    let r: serde_json::Value = get_json(&admin, "/api/admin/users?page=100000").await;
    assert_eq!(r["users"], json!([]));
}

#[tokio::test]
async fn every_api_response_carries_security_headers_and_a_request_id() {
    for path in ["/api/health", "/api/nope", "/api/auth/me"] {
        let r = client().get(url(path)).send().await.unwrap();
        let h = r.headers();
        let csp = h.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"), "{path}");
        assert!(h.get("referrer-policy").is_some(), "{path}");
        assert_eq!(h.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::len), Some(16), "{path}");
    }
}

#[tokio::test]
async fn the_spa_shell_has_a_strict_csp_and_no_inline_script() {
    for path in ["/", "/some/deep/route", "/login"] {
        let r = client().get(url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}: the SPA answers every route");
        let csp = r.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        let html = r.text().await.unwrap();
        // Every <script> has a src: the CSP would block inline code anyway, and this keeps it honest.
        for tag in html.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap_or("");
            assert!(open.contains("src="), "inline script in {path}: <script{open}>");
        }
    }
}

#[tokio::test]
async fn hashed_assets_are_cacheable_forever() {
    let html = client().get(url("/")).send().await.unwrap().text().await.unwrap();
    let css = html.split("href=\"/assets/").nth(1).and_then(|s| s.split('"').next()).expect("css link");
    let r = client().get(url(&format!("/assets/{css}"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cc = r.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(cc.contains("immutable") && cc.contains("max-age=31536000"), "{cc}");
}

/// Finds the access line with `id` in the server log, waiting for wrangler
/// to pass it on (it reads workerd's output asynchronously).
async fn access_line(log: &std::path::Path, id: &str) -> serde_json::Value {
    for _ in 0..50 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let found = text
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["request_id"] == id && v["path"].is_string())
            .collect::<Vec<_>>();
        if !found.is_empty() {
            assert_eq!(found.len(), 1, "one access line per request, got {found:?}");
            return found.into_iter().next().unwrap_or_default();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no access line for request {id} in {}", log.display());
}

#[tokio::test]
async fn every_request_writes_one_structured_access_line_keyed_by_its_request_id() {
    let Some(log) = std::env::var_os("COMMONS_SERVER_LOG").map(std::path::PathBuf::from) else {
        eprintln!("skipped: COMMONS_SERVER_LOG is not set (run through cargo xtask test)");
        return;
    };
    let c = client();
    let cases = [
        (c.get(url("/api/health")), "GET", "/api/health", 200),
        (c.get(url("/api/no-such-thing")), "GET", "/api/no-such-thing", 404),
        (
            c.post(url("/api/auth/login")).header("content-type", "application/json").body("{bad"),
            "POST",
            "/api/auth/login",
            400,
        ),
    ];
    for (req, method, path, status) in cases {
        let r = req.send().await.unwrap();
        assert_eq!(r.status().as_u16(), status);
        let id = r.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert!(!id.is_empty(), "every response carries its request id");
        let line = access_line(&log, &id).await;
        assert_eq!(line["level"], "info");
        assert_eq!(line["method"], method);
        assert_eq!(line["path"], path);
        assert_eq!(line["status"], status);
        assert!(line["duration_ms"].is_u64(), "duration in ms: {line}");
    }
}

#[tokio::test]
async fn robots_txt_lets_crawlers_read_the_pages_but_not_the_api() {
    // Served as a file, not as the SPA's index.html (which a crawler would
    // read as "no rules" and which search consoles report as an error).
    let r = client().get(url("/robots.txt")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(kind.starts_with("text/plain"), "{kind}");
    let body = r.text().await.unwrap();
    assert!(body.lines().any(|l| l.trim() == "User-agent: *"), "{body}");
    assert!(body.lines().any(|l| l.trim() == "Disallow: /api/"), "{body}");
    assert!(!body.contains("<html"), "not the SPA shell");
}
