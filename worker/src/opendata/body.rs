//! Request bodies read with a cap (issue 12): a declared `Content-Length`
//! over the limit is refused before a byte is read, and a body without one
//! (chunked) is read only until it passes the limit; the rest is cancelled,
//! never buffered.

use commons_domain::{ApiError, ErrorKind};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::ctx::RequestCtx;

/// 413 for a body over `limit` bytes.
fn too_large(limit: usize) -> ApiError {
    ApiError::new(ErrorKind::PayloadTooLarge, format!("request body is over {limit} bytes"))
}

/// The request body, at most `limit` bytes, or 413 as soon as it is known to be larger.
pub async fn read_capped(rc: &RequestCtx, limit: usize) -> Result<Vec<u8>, ApiError> {
    let declared = rc.header("content-length");
    if commons_domain::opendata::ckan::declared_over(declared.as_deref(), limit) {
        return Err(too_large(limit));
    }
    if declared.as_deref().map(str::trim) == Some("0") {
        return Ok(Vec::new());
    }
    let Some(stream) = rc.req.inner().body() else { return Ok(Vec::new()) };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let unreadable = |e: wasm_bindgen::JsValue| ApiError::bad_request(format!("unreadable body: {e:?}"));
    let mut out: Vec<u8> = Vec::new();
    loop {
        let next = JsFuture::from(reader.read()).await.map_err(unreadable)?;
        let done = js_sys::Reflect::get(&next, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            return Ok(out);
        }
        let chunk = js_sys::Uint8Array::new(&js_sys::Reflect::get(&next, &"value".into()).map_err(unreadable)?);
        let n = chunk.length() as usize;
        if out.len() + n > limit {
            // Stop the sender; whatever is still coming is dropped unread.
            let _ = JsFuture::from(reader.cancel()).await;
            return Err(too_large(limit));
        }
        let start = out.len();
        out.resize(start + n, 0);
        chunk.copy_to(&mut out[start..]);
    }
}
