//! The typed API client: one async function per endpoint, all through
//! [`request`], which turns every failure into an [`ApiFailure`] the UI can
//! translate.

use commons_domain::accounts::{LoginRequest, RegisterRequest, UpdateMeRequest, UserEnvelope, UserView};
use commons_domain::{ApiError, ErrorBody};
use gloo::net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

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

async fn request<T: DeserializeOwned>(builder: RequestBuilder, body: Option<&impl Serialize>) -> Result<Option<T>, ApiFailure> {
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

const NO_BODY: Option<&()> = None;

/// `GET /api/auth/me`: `Ok(None)` when not signed in.
pub async fn me() -> Result<Option<UserView>, ApiFailure> {
    match request::<UserEnvelope>(Request::get("/api/auth/me"), NO_BODY).await {
        Ok(e) => Ok(e.map(|e| e.user)),
        Err(ApiFailure::Api(e)) if e.kind == commons_domain::ErrorKind::Unauthorized => Ok(None),
        Err(e) => Err(e),
    }
}

/// `POST /api/auth/login`.
pub async fn login(body: &LoginRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::post("/api/auth/login"), Some(body)).await?.map(|e| e.user).ok_or(ApiFailure::Network)
}

/// `POST /api/auth/register`.
pub async fn register(body: &RegisterRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::post("/api/auth/register"), Some(body)).await?.map(|e| e.user).ok_or(ApiFailure::Network)
}

/// `POST /api/auth/logout`.
pub async fn logout() -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::post("/api/auth/logout"), NO_BODY).await.map(|_| ())
}

/// `PATCH /api/auth/me`.
pub async fn update_me(body: &UpdateMeRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::patch("/api/auth/me"), Some(body)).await?.map(|e| e.user).ok_or(ApiFailure::Network)
}
