//! Accounts, roles and sessions: request and response types plus the pure
//! rules (input validation, login throttling, cookie attributes).

#[cfg(feature = "openapi")]
pub mod openapi;
pub mod password;
pub mod reset;

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// A role a user can hold; some are scoped to a centre or an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Any signed-in community member (every account has it implicitly).
    Member,
    /// A researcher who books instruments under a PI.
    Researcher,
    /// A principal investigator holding a quota.
    Pi,
    /// Staff of one instrument centre (scope: the centre id).
    FacilityStaff,
    /// A data publisher of one agency (scope: the agency id).
    Publisher,
    /// A reviewer of one agency's datasets before they are published (scope: the agency id).
    Reviewer,
    /// A community moderator.
    Moderator,
    /// Site administrator.
    Admin,
}

impl Role {
    /// Every role, in order of increasing reach.
    pub const ALL: [Role; 8] = [
        Role::Member,
        Role::Researcher,
        Role::Pi,
        Role::FacilityStaff,
        Role::Publisher,
        Role::Reviewer,
        Role::Moderator,
        Role::Admin,
    ];

    /// The snake_case name stored in D1 and sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Researcher => "researcher",
            Role::Pi => "pi",
            Role::FacilityStaff => "facility_staff",
            Role::Publisher => "publisher",
            Role::Reviewer => "reviewer",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// Parses a stored role name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether a grant of this role must name a scope (a centre or agency):
    /// a publisher without an agency could publish for anyone, a reviewer approve for anyone.
    pub fn requires_scope(self) -> bool {
        matches!(self, Role::FacilityStaff | Role::Publisher | Role::Reviewer)
    }
}

/// One role held by a user, with its optional scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleGrant {
    /// The role.
    pub role: Role,
    /// The centre or agency it applies to, when scoped.
    #[serde(default)]
    pub scope_id: Option<String>,
}

/// Whether `grants` allow acting as `role` within `scope` (admins may do anything).
pub fn has_role(grants: &[RoleGrant], role: Role, scope: Option<&str>) -> bool {
    grants.iter().any(|g| {
        g.role == Role::Admin
            || (g.role == role && (scope.is_none() || g.scope_id.is_none() || g.scope_id.as_deref() == scope))
    })
}

/// `POST /api/auth/register`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// Login e-mail, unique (case-insensitive).
    pub email: String,
    /// Plain password; only its PBKDF2 hash is stored.
    pub password: String,
    /// Name shown to others.
    pub display_name: String,
    /// Preferred UI language, `zh-TW` or `en`.
    #[serde(default)]
    pub locale: Option<String>,
}

/// `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Login e-mail.
    pub email: String,
    /// Plain password.
    pub password: String,
}

/// `PATCH /api/auth/me`: fields left out are unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateMeRequest {
    /// New display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// New UI language.
    #[serde(default)]
    pub locale: Option<String>,
}

/// A user as the API shows them to themselves or to an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// Numeric id.
    pub id: i64,
    /// Login e-mail.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// UI language, `zh-TW` or `en`.
    pub locale: String,
    /// Roles held beyond the implicit `member`.
    pub roles: Vec<RoleGrant>,
    /// When the account was made, RFC 3339 UTC.
    pub created_at: String,
}

/// The answer of register, login and me: `{ "user": {...} }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserEnvelope {
    /// The user.
    pub user: UserView,
}

/// `GET /api/auth/session`: `{ "user": {...} }`, or `{ "user": null }` for a
/// visitor who is not signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionState {
    /// The signed-in user, or `null`.
    pub user: Option<UserView>,
}

/// `GET /api/admin/users`: `{ "users": [...], "meta": {...} }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// One page of users.
    pub users: Vec<UserView>,
    /// Paging.
    pub meta: crate::api::PageMeta,
}

/// The sign-in throttle (OWASP's authentication cheat sheet): guessing is
/// slowed per (account, address), so one person's failures never stop anyone
/// else, and per account only for devices that never signed in to it, so a
/// flood of guesses from elsewhere cannot lock the owner out either. A
/// refused attempt is not counted, so waiting always helps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// Failures per (account, address) in [`LOGIN_WINDOW_SECS`].
    pub pair: u32,
    /// Failures per (account, address) in a day: the slower second tier.
    pub pair_daily: u32,
    /// Failures per address, any account, in the window (a NAT shares one).
    pub address: u32,
    /// Failures per account from untrusted devices, in the window.
    pub account_untrusted: u32,
}

/// The limits in force.
pub const LOGIN_LIMITS: LoginLimits = LoginLimits { pair: 5, pair_daily: 20, address: 100, account_untrusted: 30 };
/// Most failed logins per (account, address) within [`LOGIN_WINDOW_SECS`].
pub const LOGIN_MAX_FAILURES: u32 = LOGIN_LIMITS.pair;
/// The short sliding window of the sign-in throttle: 15 minutes.
pub const LOGIN_WINDOW_SECS: i64 = 15 * 60;
/// The cookie that marks a browser that signed in to an account before.
pub const DEVICE_COOKIE: &str = "commons_device";
/// How long a device stays trusted: a year.
pub const DEVICE_TTL_SECS: i64 = 365 * 24 * 3600;
/// How long a session lasts: 30 days.
pub const SESSION_TTL_SECS: i64 = 30 * 24 * 3600;
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "commons_session";
/// Shortest password accepted (NIST SP 800-63B asks for at least 8).
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Longest password accepted; bounds the KDF's input.
pub const PASSWORD_MAX_CHARS: usize = 256;

/// Lower-cases and trims an e-mail so lookups are case-insensitive.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A light structural check: one `@`, a non-empty local part and a dotted domain.
/// (Deliverability can only be proved by sending mail.)
pub fn validate_email(email: &str) -> Result<(), ApiError> {
    let e = email.trim();
    let ok = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && match e.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid("email: not a valid e-mail address"))
    }
}

/// Checks the password length in characters (not bytes, so CJK passwords count fairly).
pub fn validate_password(password: &str) -> Result<(), ApiError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN_CHARS {
        Err(ApiError::invalid(format!("password: at least {PASSWORD_MIN_CHARS} characters")))
    } else if n > PASSWORD_MAX_CHARS {
        Err(ApiError::invalid(format!("password: at most {PASSWORD_MAX_CHARS} characters")))
    } else {
        Ok(())
    }
}

/// A display name is 1 to 50 characters after trimming, with no control characters.
pub fn validate_display_name(name: &str) -> Result<(), ApiError> {
    let t = name.trim();
    let n = t.chars().count();
    if n == 0 || n > 50 || t.chars().any(char::is_control) {
        Err(ApiError::invalid("display_name: 1 to 50 characters"))
    } else {
        Ok(())
    }
}

/// Accepts only the locales the SPA has a catalogue for.
pub fn validate_locale(locale: &str) -> Result<(), ApiError> {
    if crate::i18n::Locale::parse(locale).is_some() {
        Ok(())
    } else {
        Err(ApiError::invalid("locale: must be zh-TW or en"))
    }
}

/// Validates a whole registration request.
pub fn validate_register(r: &RegisterRequest) -> Result<(), ApiError> {
    validate_email(&r.email)?;
    validate_password(&r.password)?;
    validate_display_name(&r.display_name)?;
    if let Some(l) = &r.locale {
        validate_locale(l)?;
    }
    Ok(())
}

/// The `Set-Cookie` value for a new session. `Secure` is left off only for
/// plain-http localhost, where browsers would otherwise drop the cookie.
pub fn session_cookie(token: &str, host: &str, max_age: i64) -> String {
    let mut c = format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    if !is_local_host(host) {
        c.push_str("; Secure");
    }
    c
}

/// The `Set-Cookie` value of the trusted-device cookie: sent only to the
/// sign-in endpoints (`Path=/api/auth`), never readable by scripts.
pub fn device_cookie(token: &str, host: &str) -> String {
    let mut c = format!("{DEVICE_COOKIE}={token}; Path=/api/auth; HttpOnly; SameSite=Lax; Max-Age={DEVICE_TTL_SECS}");
    if !is_local_host(host) {
        c.push_str("; Secure");
    }
    c
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').map(str::trim).find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

/// Whether `host` (with or without port) is a loopback name.
pub fn is_local_host(host: &str) -> bool {
    let h = host
        .rsplit_once(':')
        .map(|(h, p)| if p.chars().all(|c| c.is_ascii_digit()) { h } else { host })
        .unwrap_or(host);
    matches!(h, "localhost" | "127.0.0.1" | "[::1]" | "::1")
}

/// Extracts the session token from a `Cookie` header.
pub fn session_token_from_cookie(header: &str) -> Option<&str> {
    header
        .split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_validation_accepts_real_and_refuses_broken() {
        assert!(validate_email("lin@example.edu.tw").is_ok());
        for bad in ["", "a", "a@b", "@x.tw", "a b@x.tw", "a@@x.tw", "a@.tw", "a@x."] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_length_counts_characters() {
        assert!(validate_password("短密碼").is_err());
        assert!(validate_password("這是一個夠長的中文密碼").is_ok());
        assert!(validate_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn cookie_is_secure_off_localhost() {
        let local = session_cookie("t", "127.0.0.1:8787", 10);
        assert!(local.contains("HttpOnly") && local.contains("SameSite=Lax") && !local.contains("Secure"));
        assert!(session_cookie("t", "commons.example.tw", 10).ends_with("; Secure"));
        assert!(session_cookie("t", "localhost.evil.tw", 10).ends_with("; Secure"));
    }

    #[test]
    fn token_is_read_from_cookie_header() {
        assert_eq!(session_token_from_cookie("a=1; commons_session=abc; b=2"), Some("abc"));
        assert_eq!(session_token_from_cookie("commons_sessionx=abc"), None);
        assert_eq!(session_token_from_cookie("commons_session="), None);
    }

    #[test]
    fn the_throttle_is_tightest_per_account_and_address_and_loosest_per_address() {
        let l = LOGIN_LIMITS;
        assert_eq!(l.pair, 5);
        assert!(l.pair < l.pair_daily && l.pair < l.account_untrusted && l.account_untrusted < l.address);
    }

    #[test]
    fn scoped_roles_only_reach_their_scope() {
        let g = vec![RoleGrant { role: Role::FacilityStaff, scope_id: Some("ntu".into()) }];
        assert!(has_role(&g, Role::FacilityStaff, Some("ntu")));
        assert!(!has_role(&g, Role::FacilityStaff, Some("nthu")));
        assert!(!has_role(&g, Role::Publisher, None));
        let admin = vec![RoleGrant { role: Role::Admin, scope_id: None }];
        assert!(has_role(&admin, Role::Publisher, Some("moi")));
    }
}
