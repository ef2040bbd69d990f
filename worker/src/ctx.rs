//! Per-request context: the parsed method and path, the request id, and the
//! helpers every handler shares (JSON bodies with a size limit, the
//! same-origin check, the client IP, the clock).

use commons_domain::{ApiError, ErrorKind};
use serde::de::DeserializeOwned;
use worker::{Env, Request};

use crate::error::internal;

/// Default request-body limit when `BODY_LIMIT_BYTES` is unset.
const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// Everything a handler needs about the current request.
pub struct RequestCtx {
    /// The incoming request.
    pub req: Request,
    /// Bindings (D1, vars).
    pub env: Env,
    /// `cf-ray` when Cloudflare set one, else random hex.
    pub request_id: String,
    /// Upper-case method name, for the log.
    pub method_name: String,
    /// URL path, for routing and the log.
    pub path: String,
    /// Path parameters captured by the router.
    pub params: Vec<(&'static str, String)>,
}

impl RequestCtx {
    /// Wraps a request.
    pub fn new(req: Request, env: Env) -> Self {
        let request_id = req.headers().get("cf-ray").ok().flatten().unwrap_or_else(|| {
            // Only a log correlation id, not a secret: a fixed one is better than no request.
            crate::crypto::random_hex::<8>().unwrap_or_else(|_| "norandom".into())
        });
        let method_name = req.method().to_string();
        let path = req.path();
        RequestCtx { req, env, request_id, method_name, path, params: Vec::new() }
    }

    /// A request header, if present and valid.
    pub fn header(&self, name: &str) -> Option<String> {
        self.req.headers().get(name).ok().flatten()
    }

    /// A captured path parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The D1 database.
    pub fn db(&self) -> Result<worker::D1Database, ApiError> {
        self.env.d1("DB").map_err(internal)
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        (worker::Date::now().as_millis() / 1000) as i64
    }

    /// The `Host` the client used (for cookie attributes).
    pub fn host(&self) -> String {
        self.req
            .url()
            .ok()
            .and_then(|u| {
                u.host_str().map(|h| match u.port() {
                    Some(p) => format!("{h}:{p}"),
                    None => h.to_string(),
                })
            })
            .unwrap_or_default()
    }

    /// The client's address. On Cloudflare, `CF-Connecting-IP` is set by the
    /// edge from the connection and cannot be forged, and a client's
    /// `X-Real-IP` means nothing. Off Cloudflare (`wrangler dev`) there is no
    /// edge, so `X-Real-IP` is read only when the `TRUST_CLIENT_IP_HEADERS`
    /// variable is `1`, which only the local stacks of `cargo xtask` set (on
    /// the command line, never in wrangler.toml).
    pub fn client_ip(&self) -> String {
        let trust_headers = self.env.var("TRUST_CLIENT_IP_HEADERS").map(|v| v.to_string() == "1").unwrap_or(false);
        let forwarded = if trust_headers { self.header("x-real-ip") } else { None };
        self.header("cf-connecting-ip")
            .or(forwarded)
            .filter(|ip| !ip.is_empty() && ip.len() <= 64)
            .unwrap_or_else(|| "unknown".to_string())
    }

    /// Refuses a mutating request whose `Origin` (or `Sec-Fetch-Site`) shows
    /// it came from another site. Browsers always send `Origin` on
    /// cross-origin POSTs, so a forged form cannot pass; non-browser clients
    /// (curl, CKAN libraries) send neither header and are unaffected.
    pub fn check_same_origin(&self) -> Result<(), ApiError> {
        if let Some(site) = self.header("sec-fetch-site") {
            if site == "cross-site" {
                return Err(cross_origin());
            }
        }
        if let Some(origin) = self.header("origin") {
            let own = self.req.url().map(|u| u.origin().ascii_serialization()).unwrap_or_default();
            if origin != own {
                return Err(cross_origin());
            }
        }
        Ok(())
    }

    /// Reads and parses a JSON body, with 413 over the limit and 400 on malformed JSON.
    pub async fn json<T: DeserializeOwned>(&mut self) -> Result<T, ApiError> {
        let limit = self
            .env
            .var("BODY_LIMIT_BYTES")
            .ok()
            .and_then(|v| v.to_string().parse().ok())
            .unwrap_or(DEFAULT_BODY_LIMIT);
        self.json_with_limit(limit).await
    }

    /// The raw body, refused with 413 over `limit` (on the declared length
    /// before reading, and on the bytes read).
    pub async fn bytes_with_limit(&mut self, limit: usize) -> Result<Vec<u8>, ApiError> {
        if let Some(len) = self.header("content-length").and_then(|l| l.parse::<usize>().ok()) {
            if len > limit {
                return Err(too_large(limit));
            }
        }
        let bytes = self.req.bytes().await.map_err(|e| ApiError::bad_request(format!("unreadable body: {e}")))?;
        if bytes.len() > limit {
            return Err(too_large(limit));
        }
        Ok(bytes)
    }

    /// [`Self::json`] with an explicit limit, for the few endpoints that take
    /// bulk bodies (admin imports).
    pub async fn json_with_limit<T: DeserializeOwned>(&mut self, limit: usize) -> Result<T, ApiError> {
        let bytes = self.bytes_with_limit(limit).await?;
        if bytes.is_empty() {
            return Err(ApiError::bad_request("a JSON body is required"));
        }
        // Two steps so the status is decided by what is wrong: text that is not JSON
        // at all is malformed (400); JSON of the wrong shape fails validation (422).
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
        serde_json::from_value(value).map_err(|e| ApiError::invalid(e.to_string()))
    }
}

fn cross_origin() -> ApiError {
    ApiError::new(ErrorKind::CrossOrigin, "cross-origin request refused")
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(ErrorKind::PayloadTooLarge, format!("request body is over {limit} bytes"))
}
