//! The typed API client: one async function per endpoint, all through
//! [`request`], which turns every failure into an [`ApiFailure`] the UI can
//! translate.

pub(crate) use commons_domain::api::Created;
use commons_domain::{ApiError, ErrorBody};
use gloo::net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub mod accounts;
pub mod booking;
pub mod opendata;
pub mod qa;

/// Why a call failed, as the UI needs to know it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server answered with our error shape.
    Api(ApiError),
    /// The server could not be reached, or answered something unreadable.
    Network,
}

impl ApiFailure {
    /// The i18n key of the message to show.
    pub fn message_key(&self) -> String {
        match self {
            ApiFailure::Api(e) => format!("error.{}", e.kind.as_str()),
            ApiFailure::Network => "error.network".to_string(),
        }
    }
}

pub(crate) async fn request<T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&impl Serialize>,
) -> Result<Option<T>, ApiFailure> {
    let req = match body {
        Some(b) => builder.json(b).map_err(|_| ApiFailure::Network)?,
        None => builder.build().map_err(|_| ApiFailure::Network)?,
    };
    let resp = req.send().await.map_err(|_| ApiFailure::Network)?;
    let status = resp.status();
    if status == 204 {
        return Ok(None);
    }
    if (200..300).contains(&status) {
        return resp.json::<T>().await.map(Some).map_err(|_| ApiFailure::Network);
    }
    match resp.json::<ErrorBody>().await {
        Ok(b) => Err(ApiFailure::Api(b.into())),
        Err(_) => Err(ApiFailure::Network),
    }
}

pub(crate) const NO_BODY: Option<&()> = None;

/// A GET that must answer with a body.
pub(crate) async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    request::<T>(Request::get(url), NO_BODY).await?.ok_or(ApiFailure::Network)
}

/// A POST that must answer with a body.
pub(crate) async fn post<T: DeserializeOwned>(url: &str, body: Option<&impl Serialize>) -> Result<T, ApiFailure> {
    request::<T>(Request::post(url), body).await?.ok_or(ApiFailure::Network)
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// A call whose answer body the caller ignores.
pub(crate) async fn send(builder: RequestBuilder, body: Option<&impl Serialize>) -> Result<(), ApiFailure> {
    request::<serde_json::Value>(builder, body).await.map(|_| ())
}

/// A call that must answer with a body.
pub(crate) async fn call<T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&impl Serialize>,
) -> Result<T, ApiFailure> {
    request::<T>(builder, body).await?.ok_or(ApiFailure::Network)
}
