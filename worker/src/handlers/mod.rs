//! One function per endpoint, named verb_noun.

pub mod accounts;
pub mod admin;
pub mod booking;
pub mod booking_ops;
pub mod ckan;
pub mod datastore;
pub mod favorites;
pub mod feeds;
pub mod meta;
pub mod opendata;
pub mod participation;
pub mod qa;
pub mod reports;

use commons_domain::ApiError;
use serde::Serialize;
use worker::Response;

/// A 200 JSON response.
pub fn ok_json<T: Serialize>(value: &T) -> Result<Response, ApiError> {
    json_with_status(value, 200)
}

/// A JSON response with `status`.
pub fn json_with_status<T: Serialize>(value: &T, status: u16) -> Result<Response, ApiError> {
    let body = serde_json::to_string(value).map_err(crate::ctx::internal)?;
    Ok(crate::error::json_response(body, status))
}

/// Parses `page` and `per_page` from the query string (defaults 1 and 20,
/// `per_page` at most 100); anything unparsable is a 400.
pub fn paging(rc: &crate::ctx::RequestCtx) -> Result<(u32, u32), ApiError> {
    let url = rc.req.url().map_err(crate::ctx::internal)?;
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
