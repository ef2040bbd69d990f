//! In-app notifications, shared by every service: the kinds, the wire
//! shape, and the i18n key each kind is shown with.

use serde::{Deserialize, Serialize};

/// One notification as the bell lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// Kind, e.g. `booking_reminder`; the SPA shows `notify.<kind>`.
    pub kind: String,
    /// Values for the message placeholders.
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Where clicking it goes (an SPA path).
    pub link: String,
    /// RFC 3339 UTC.
    pub created_at: String,
    /// Whether it has been read.
    pub read: bool,
}

/// `GET /api/me/notifications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    /// Newest first.
    pub notifications: Vec<Notification>,
    /// Unread count, for the bell's badge.
    pub unread: u64,
}

/// Every notification kind the server sends.
pub const KINDS: &[&str] = &[
    "booking_confirmed",
    "booking_cancelled_by_centre",
    "booking_reminder",
    "waitlist_slot_free",
    "dataset_updated",
    "feedback_replied",
    "request_answered",
    "showcase_approved",
    "showcase_rejected",
    "dataset_overdue",
    "new_answer",
    "new_comment",
    "answer_accepted",
    "level_up",
    "badge",
];
