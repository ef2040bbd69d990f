//! The notification bell, shared by every service: list, mark all read,
//! and mark the one a user clicked read.

use commons_domain::common::notify::NotificationList;
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::accounts::auth::require_user;
use crate::accounts::db::notifications as db;
use crate::ctx::RequestCtx;

/// `GET /api/me/notifications`.
pub async fn list_notifications(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (notifications, unread) = db::list(&rc.db()?, me.user.id).await?;
    crate::http::ok_json(&NotificationList { notifications, unread })
}

/// `POST /api/me/notifications/read`: marks all read (204).
pub async fn read_notifications(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    db::mark_read(&rc.db()?, me.user.id, rc.now()).await?;
    Ok(Response::builder().with_status(204).empty())
}

/// `POST /api/me/notifications/{id}/read`: marks one of one's own
/// notifications read (204); someone else's, or none, is 404.
pub async fn read_notification(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = crate::http::id_param(rc)?;
    if db::mark_one_read(&rc.db()?, me.user.id, id, rc.now()).await? == 0 {
        return Err(ApiError::new(ErrorKind::NotFound, "no such notification"));
    }
    Ok(Response::builder().with_status(204).empty())
}
