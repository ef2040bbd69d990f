//! CKAN's error shape, shared by the Action API and the DataStore search it
//! dispatches to (kept apart from both, so neither depends on the other).

use commons_domain::{ApiError, ErrorKind};

/// A CKAN-style failure: status, `__type` and message.
pub struct CkanError {
    /// HTTP status.
    pub status: u16,
    /// CKAN's `__type`.
    pub kind: &'static str,
    /// Human text.
    pub message: String,
}

impl CkanError {
    /// 404 `Not Found Error`.
    pub fn not_found(message: impl Into<String>) -> Self {
        CkanError { status: 404, kind: "Not Found Error", message: message.into() }
    }
    /// 409 `Validation Error`.
    pub fn validation(message: impl Into<String>) -> Self {
        CkanError { status: 409, kind: "Validation Error", message: message.into() }
    }
    /// 409 `Search Query Error`.
    pub fn search(message: impl Into<String>) -> Self {
        CkanError { status: 409, kind: "Search Query Error", message: message.into() }
    }
}

impl From<ApiError> for CkanError {
    fn from(e: ApiError) -> Self {
        let kind = match e.kind {
            ErrorKind::NotFound => "Not Found Error",
            ErrorKind::Invalid | ErrorKind::BadRequest => "Validation Error",
            ErrorKind::Unauthorized | ErrorKind::Forbidden => "Authorization Error",
            _ => "Internal Server Error",
        };
        let status = match e.kind {
            ErrorKind::Invalid | ErrorKind::BadRequest => 409,
            _ => e.status(),
        };
        CkanError { status, kind, message: e.message }
    }
}
