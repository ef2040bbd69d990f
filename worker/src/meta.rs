//! Health and the OpenAPI document.

use commons_domain::api::Health;
use commons_domain::ApiError;
use worker::Response;

use crate::ctx::RequestCtx;

/// The OpenAPI document, kept beside the code and checked against the live
/// API by `tests/`.
const OPENAPI: &str = include_str!("../openapi.json");

/// `GET /api/health`: liveness. It touches no binding, so it measures the
/// Worker itself.
pub async fn get_health(_rc: &mut RequestCtx) -> Result<Response, ApiError> {
    crate::http::ok_json(&Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}

/// `GET /api/openapi.json`.
pub async fn get_openapi(_rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let mut r = crate::error::json_response(OPENAPI.to_string(), 200);
    let _ = r.headers_mut().set("cache-control", "public, max-age=300");
    Ok(r)
}
