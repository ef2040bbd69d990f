//! Turning [`ApiError`] into HTTP responses, and the headers every API
//! response carries.

use commons_domain::ApiError;
use worker::{Headers, Response};

/// The JSON error response for `e`, with its status.
pub fn to_response(e: &ApiError) -> Response {
    // Serialising a two-string struct cannot fail; the fallback keeps us honest anyway.
    let body = serde_json::to_string(&e.body())
        .unwrap_or_else(|_| r#"{"error":"internal","message":"internal error"}"#.to_string());
    json_response(body, e.status())
}

/// A JSON response with the right content type.
pub fn json_response(body: String, status: u16) -> Response {
    let headers = Headers::new();
    let _ = headers.set("content-type", "application/json; charset=utf-8");
    Response::builder().with_status(status).with_headers(headers).fixed(body.into_bytes())
}

/// Adds the security and tracing headers to an API response.
///
/// API responses are never rendered as documents, so their CSP is the
/// strictest possible; the SPA's own CSP lives in `static/_headers`.
pub fn add_security_headers(resp: &mut Response, request_id: &str) {
    let h = resp.headers_mut();
    let _ = h.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    let _ = h.set("x-content-type-options", "nosniff");
    let _ = h.set("referrer-policy", "strict-origin-when-cross-origin");
    let _ = h.set("x-frame-options", "DENY");
    let _ = h.set("x-request-id", request_id);
    if !h.has("cache-control").unwrap_or(false) {
        // Answers depend on the session cookie; no shared cache may keep them.
        let _ = h.set("cache-control", "no-store");
    }
}

/// Maps any displayable failure (D1, JS) to an internal error; the text goes
/// to the log only.
pub fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(commons_domain::ErrorKind::Internal, e.to_string())
}
