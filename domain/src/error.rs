//! The one error model of the API: every failure is an [`ApiError`], sent as
//! `{"error": "<kind>", "message": "<text>"}` with the status its kind implies.

use serde::{Deserialize, Serialize};

/// The machine-readable kind of an error, the `error` field on the wire.
///
/// The SPA translates each kind through the i18n catalogue (`error.<kind>`),
/// so adding a kind means adding its two translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The request could not be parsed (malformed JSON, wrong content type).
    BadRequest,
    /// The request parsed but a field failed validation.
    Invalid,
    /// The caller must sign in first.
    Unauthorized,
    /// The caller is signed in but lacks the role or scope.
    Forbidden,
    /// A mutating request came from another origin.
    CrossOrigin,
    /// No such resource or route.
    NotFound,
    /// The route exists but not for this HTTP method.
    MethodNotAllowed,
    /// The write conflicts with existing state (e.g. a duplicate).
    Conflict,
    /// The booking overlaps another booking or a blackout.
    SlotTaken,
    /// The PI's quota (額度) does not cover the booking.
    QuotaExceeded,
    /// The request body exceeds the size limit.
    PayloadTooLarge,
    /// Too many attempts; try again later.
    Throttled,
    /// Something failed on our side; details are only in the log.
    Internal,
}

impl ErrorKind {
    /// Every kind, for exhaustive tests (catalogue coverage, OpenAPI enum).
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::BadRequest,
        ErrorKind::Invalid,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::CrossOrigin,
        ErrorKind::NotFound,
        ErrorKind::MethodNotAllowed,
        ErrorKind::Conflict,
        ErrorKind::SlotTaken,
        ErrorKind::QuotaExceeded,
        ErrorKind::PayloadTooLarge,
        ErrorKind::Throttled,
        ErrorKind::Internal,
    ];

    /// The HTTP status this kind is always sent with (DESIGN.md §5).
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::BadRequest => 400,
            ErrorKind::Unauthorized => 401,
            ErrorKind::Forbidden | ErrorKind::CrossOrigin => 403,
            ErrorKind::NotFound => 404,
            ErrorKind::MethodNotAllowed => 405,
            ErrorKind::Conflict | ErrorKind::SlotTaken | ErrorKind::QuotaExceeded => 409,
            ErrorKind::PayloadTooLarge => 413,
            ErrorKind::Invalid => 422,
            ErrorKind::Throttled => 429,
            ErrorKind::Internal => 500,
        }
    }

    /// The snake_case name used on the wire and as the i18n key suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::CrossOrigin => "cross_origin",
            ErrorKind::NotFound => "not_found",
            ErrorKind::MethodNotAllowed => "method_not_allowed",
            ErrorKind::Conflict => "conflict",
            ErrorKind::SlotTaken => "slot_taken",
            ErrorKind::QuotaExceeded => "quota_exceeded",
            ErrorKind::PayloadTooLarge => "payload_too_large",
            ErrorKind::Throttled => "throttled",
            ErrorKind::Internal => "internal",
        }
    }
}

/// A failure with its kind and an English, developer-facing message.
///
/// The message names the offending field where there is one; it never
/// carries internal details such as SQL or stack traces (those go to the log).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind:?}: {message}")]
pub struct ApiError {
    /// What went wrong, in machine form.
    pub kind: ErrorKind,
    /// Human text for developers and logs.
    pub message: String,
}

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The kind, snake_case.
    pub error: ErrorKind,
    /// Human text.
    pub message: String,
}

impl ApiError {
    /// An error of `kind` with a specific message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError { kind, message: message.into() }
    }
    /// 400: the body or query could not be parsed.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadRequest, message)
    }
    /// 422: a field failed validation.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }
    /// 401: sign-in required.
    pub fn unauthorized() -> Self {
        Self::new(ErrorKind::Unauthorized, "sign-in required")
    }
    /// 403: the caller lacks a role.
    pub fn forbidden() -> Self {
        Self::new(ErrorKind::Forbidden, "not allowed")
    }
    /// 404: nothing at this path or id.
    pub fn not_found() -> Self {
        Self::new(ErrorKind::NotFound, "not found")
    }
    /// 409: the write conflicts with stored state.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    /// 500: details are logged, never sent.
    pub fn internal() -> Self {
        Self::new(ErrorKind::Internal, "internal error")
    }
    /// The HTTP status of this error.
    pub fn status(&self) -> u16 {
        self.kind.status()
    }
    /// The wire form.
    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: self.kind, message: self.message.clone() }
    }
}

impl From<ErrorBody> for ApiError {
    fn from(b: ErrorBody) -> Self {
        ApiError { kind: b.error, message: b.message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_error_and_message() {
        let e = ApiError::new(ErrorKind::PayloadTooLarge, "body over 65536 bytes");
        let json = serde_json::to_value(e.body()).unwrap();
        assert_eq!(json, serde_json::json!({"error": "payload_too_large", "message": "body over 65536 bytes"}));
        let back: ErrorBody = serde_json::from_value(json).unwrap();
        assert_eq!(ApiError::from(back), e);
    }

    #[test]
    fn statuses_follow_the_design() {
        let pairs: Vec<(&str, u16)> = ErrorKind::ALL.iter().map(|k| (k.as_str(), k.status())).collect();
        assert!(pairs.contains(&("bad_request", 400)));
        assert!(pairs.contains(&("invalid", 422)));
        assert!(pairs.contains(&("payload_too_large", 413)));
        assert!(pairs.contains(&("throttled", 429)));
        for k in ErrorKind::ALL {
            // as_str must agree with serde's name, or the SPA would look up the wrong key.
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::Value::String(k.as_str().into()));
        }
    }
}
