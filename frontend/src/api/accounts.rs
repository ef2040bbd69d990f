//! Accounts: sign-in, registration, the signed-in user, and the bell.

use commons_domain::accounts::{LoginRequest, RegisterRequest, SessionState, UpdateMeRequest, UserEnvelope, UserView};
use gloo::net::http::Request;

use super::{get, request, ApiFailure, NO_BODY};

/// `GET /api/auth/session`: `Ok(None)` when not signed in. Not `/api/auth/me`,
/// whose 401 for a visitor the browser would log as a failed request.
pub async fn me() -> Result<Option<UserView>, ApiFailure> {
    Ok(request::<SessionState>(Request::get("/api/auth/session"), NO_BODY).await?.and_then(|s| s.user))
}

/// `POST /api/auth/login`.
pub async fn login(body: &LoginRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::post("/api/auth/login"), Some(body))
        .await?
        .map(|e| e.user)
        .ok_or(ApiFailure::Network)
}

/// `POST /api/auth/register`.
pub async fn register(body: &RegisterRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::post("/api/auth/register"), Some(body))
        .await?
        .map(|e| e.user)
        .ok_or(ApiFailure::Network)
}

/// `POST /api/auth/logout`.
pub async fn logout() -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::post("/api/auth/logout"), NO_BODY).await.map(|_| ())
}

/// `PATCH /api/auth/me`.
pub async fn update_me(body: &UpdateMeRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::patch("/api/auth/me"), Some(body))
        .await?
        .map(|e| e.user)
        .ok_or(ApiFailure::Network)
}

/// `GET /api/me/notifications`.
pub async fn notifications() -> Result<commons_domain::common::notify::NotificationList, ApiFailure> {
    get("/api/me/notifications").await
}

/// `POST /api/me/notifications/{id}/read`: the one clicked.
pub async fn read_notification(id: i64) -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::post(&format!("/api/me/notifications/{id}/read")), NO_BODY).await.map(|_| ())
}

/// `POST /api/me/notifications/read`.
pub async fn read_notifications() -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::post("/api/me/notifications/read"), NO_BODY).await.map(|_| ())
}

/// `POST /api/auth/password-reset`: always accepted (202) unless throttled or malformed.
pub async fn request_password_reset(
    body: &commons_domain::accounts::reset::PasswordResetRequest,
) -> Result<(), ApiFailure> {
    request::<commons_domain::accounts::reset::PasswordResetAccepted>(
        Request::post("/api/auth/password-reset"),
        Some(body),
    )
    .await
    .map(|_| ())
}

/// `POST /api/auth/password-reset/confirm` (204).
pub async fn confirm_password_reset(
    body: &commons_domain::accounts::reset::PasswordResetConfirm,
) -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::post("/api/auth/password-reset/confirm"), Some(body)).await.map(|_| ())
}
