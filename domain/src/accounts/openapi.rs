//! The OpenAPI description of accounts, sessions, the bell, health and the admin's job runner: one arm per route, with the
//! types the Worker sends and the SPA reads (see `crate::openapi`).

use serde_json::json;

use crate::api::{Method, RouteId};
use crate::openapi::Op;

/// The operation of a route of this service.
pub(crate) fn operation(id: RouteId, method: Method) -> Op {
    match id {
        // GET /api/health
        RouteId::Health => Op::new("Liveness of the Worker").answer::<crate::api::Health>(200, "Alive"),
        // GET /api/openapi.json
        RouteId::OpenApi => Op::new("This document").answer_document(200, "This document (OpenAPI 3.1)"),
        // POST /api/auth/register
        RouteId::Register => Op::new("Create an account and sign in (sets the session cookie)")
            .body::<crate::accounts::RegisterRequest>()
            .answer::<crate::accounts::UserEnvelope>(201, "Created and signed in")
            .errors(&[400, 403, 409, 413, 422]),
        // POST /api/auth/login
        RouteId::Login => Op::new("Sign in; throttled after 5 failures per account or IP in 15 minutes")
            .body::<crate::accounts::LoginRequest>()
            .answer::<crate::accounts::UserEnvelope>(200, "Signed in")
            .errors(&[400, 401, 403, 422, 429]),
        // POST /api/auth/logout
        RouteId::Logout => {
            Op::new("End the session and clear the cookie").answer_empty(204, "Signed out").errors(&[403])
        }
        // POST /api/auth/password-reset
        RouteId::RequestPasswordReset => Op::new(
            "Send a password-reset link to this e-mail if it has an account; the same 202 either way. \
             Budgeted per e-mail and per client address (429)",
        )
        .body::<crate::accounts::reset::PasswordResetRequest>()
        .answer::<crate::accounts::reset::PasswordResetAccepted>(
            202,
            "Accepted (whether or not the e-mail has an account)",
        )
        .errors(&[400, 403, 413, 422, 429]),
        // POST /api/auth/password-reset/confirm
        RouteId::ConfirmPasswordReset => Op::new(
            "Set a new password with a reset link's token (single use, one hour); ends every session of the account",
        )
        .body::<crate::accounts::reset::PasswordResetConfirm>()
        .answer_empty(204, "Password changed; sign in with it")
        .errors(&[400, 403, 413, 422]),
        // GET /api/auth/me
        RouteId::Me => Op::new("The signed-in user")
            .session()
            .answer::<crate::accounts::UserEnvelope>(200, "The user")
            .errors(&[401]),
        // GET /api/auth/session
        RouteId::Session => Op::new(
            "Who is signed in: the user, or null for a visitor. The SPA asks this rather than /api/auth/me, so a \
             signed-out visit has no failed request in the browser's console",
        )
        .session()
        .answer::<crate::accounts::SessionState>(200, "The user, or null"),
        // PATCH /api/auth/me
        RouteId::UpdateMe => Op::new("Change display name or interface language")
            .session()
            .body::<crate::accounts::UpdateMeRequest>()
            .answer::<crate::accounts::UserEnvelope>(200, "Updated")
            .errors(&[400, 401, 403, 422]),
        // GET /api/admin/users
        RouteId::AdminListUsers => Op::new("List users with roles (admin)")
            .session()
            .paged()
            .answer::<crate::accounts::UserList>(200, "One page")
            .errors(&[400, 401, 403]),
        // POST /api/admin/users/{id}/roles
        RouteId::AdminGrantRole => Op::new("Grant a role (admin); idempotent")
            .session()
            .path_int("id")
            .body::<crate::accounts::RoleGrant>()
            .answer::<crate::accounts::UserEnvelope>(200, "The user with roles")
            .errors(&[400, 401, 403, 404, 422]),
        // DELETE /api/admin/users/{id}/roles
        RouteId::AdminRevokeRole => Op::new("Revoke a role (admin)")
            .session()
            .path_int("id")
            .query_of::<crate::accounts::Role>("role", true, "")
            .query("scope_id", false, "", json!({"type": "string"}))
            .answer_empty(204, "Revoked")
            .errors(&[400, 401, 403, 404, 409]),
        // GET /api/me/notifications
        RouteId::ListNotifications => Op::new("The bell: newest 50 and the unread count")
            .session()
            .answer::<crate::common::notify::NotificationList>(200, "OK")
            .errors(&[401]),
        // POST /api/me/notifications/read
        RouteId::ReadNotifications => Op::new("Mark all read").session().answer_empty(204, "No content").errors(&[401]),
        RouteId::ReadNotification => Op::new("Mark one of one's own notifications read (clicking it)")
            .session()
            .answer_empty(204, "No content")
            .errors(&[400, 401, 404]),
        // POST /api/admin/jobs/{name}
        RouteId::AdminRunJob => Op::new("Run a scheduled job now, as the cron trigger would at `at` (admin)")
            .session()
            .body::<crate::api::RunJobRequest>()
            .answer::<crate::api::JobRun>(200, "Done")
            .errors(&[400, 401, 403, 404, 422]),
        other => panic!("{other:?} ({method:?}) is not described by this service"),
    }
}
