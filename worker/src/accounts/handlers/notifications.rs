//! The notification bell, shared by every service: list and mark read.

use commons_domain::common::notify::NotificationList;
use commons_domain::ApiError;
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
