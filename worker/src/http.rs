//! HTTP helpers every handler shares: JSON answers, the query string, path
//! ids, RFC 3339 arguments and paging.

use commons_domain::ApiError;
use serde::Serialize;
use worker::Response;

use crate::ctx::RequestCtx;

/// A 200 JSON response.
pub fn ok_json<T: Serialize>(value: &T) -> Result<Response, ApiError> {
    json_with_status(value, 200)
}

/// A JSON response with `status`.
pub fn json_with_status<T: Serialize>(value: &T, status: u16) -> Result<Response, ApiError> {
    let body = serde_json::to_string(value).map_err(crate::error::internal)?;
    Ok(crate::error::json_response(body, status))
}

/// Parses `page` and `per_page` from the query string (defaults 1 and 20,
/// `per_page` at most 100); anything unparsable is a 400.
pub fn paging(rc: &RequestCtx) -> Result<(u32, u32), ApiError> {
    let url = rc.req.url().map_err(crate::error::internal)?;
    let mut page = 1u32;
    let mut per_page = 20u32;
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "page" => page = v.parse().map_err(|_| ApiError::bad_request("page: must be a positive integer"))?,
            "per_page" => {
                per_page = v.parse().map_err(|_| ApiError::bad_request("per_page: must be a positive integer"))?
            }
            _ => {}
        }
    }
    if page == 0 {
        return Err(ApiError::bad_request("page: starts at 1"));
    }
    if per_page == 0 || per_page > 100 {
        return Err(ApiError::bad_request("per_page: 1 to 100"));
    }
    Ok((page, per_page))
}

/// The query string as pairs.
pub fn query(rc: &RequestCtx) -> Result<Vec<(String, String)>, ApiError> {
    let url = rc.req.url().map_err(crate::error::internal)?;
    Ok(url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

/// One query value.
pub fn q_get<'a>(q: &'a [(String, String)], key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The integer `{id}` path parameter.
pub fn id_param(rc: &RequestCtx) -> Result<i64, ApiError> {
    rc.param("id").and_then(|s| s.parse().ok()).ok_or_else(|| ApiError::bad_request("id: must be an integer"))
}

/// Parses an RFC 3339 field, or 422 naming it.
pub fn time_arg(s: &str, field: &str) -> Result<i64, ApiError> {
    commons_domain::common::locale::parse_rfc3339(s)
        .ok_or_else(|| ApiError::invalid(format!("{field}: not an RFC 3339 timestamp")))
}
