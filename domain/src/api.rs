//! The route table of the JSON API, shared by the Worker (which dispatches on
//! it) and the tests (which check the OpenAPI document against it).
//!
//! Keeping the table here, as data, means a route cannot exist in the Worker
//! without also being listed for the OpenAPI check.

/// An HTTP method the API answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET (also answers HEAD).
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// Parses an upper-case HTTP method name; HEAD is treated as GET.
    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "GET" | "HEAD" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "PATCH" => Some(Method::Patch),
            "DELETE" => Some(Method::Delete),
            _ => None,
        }
    }
    /// Lower-case name, as OpenAPI spells operations.
    pub fn as_lower(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
    /// Whether requests with this method change state (and so need the
    /// same-origin check).
    pub fn is_mutating(self) -> bool {
        !matches!(self, Method::Get)
    }
}

/// Every endpoint of the API. The Worker matches on this exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteId {
    /// Liveness probe.
    Health,
    /// The OpenAPI document.
    OpenApi,
    /// Create an account and sign in.
    Register,
    /// Sign in with e-mail and password.
    Login,
    /// End the current session.
    Logout,
    /// Ask for a password-reset link by e-mail.
    RequestPasswordReset,
    /// Set a new password with a reset link's token.
    ConfirmPasswordReset,
    /// The signed-in user.
    Me,
    /// Who is signed in, if anyone (never a 401).
    Session,
    /// Update the signed-in user's preferences.
    UpdateMe,
    /// Admin: list users with their roles.
    AdminListUsers,
    /// Admin: grant a role to a user.
    AdminGrantRole,
    /// Admin: revoke a role from a user.
    AdminRevokeRole,
    /// Booking: list centres.
    ListCenters,
    /// Booking: search instruments.
    ListInstruments,
    /// Booking: one instrument.
    GetInstrument,
    /// Booking: an instrument's busy time in a window.
    GetInstrumentCalendar,
    /// Booking: staff record that a user is trained.
    RecordTraining,
    /// Booking: request a booking.
    CreateBooking,
    /// Booking: one booking.
    GetBooking,
    /// Booking: staff confirm a pending booking.
    ConfirmBooking,
    /// Booking: cancel a booking.
    CancelBooking,
    /// Booking: the signed-in user's bookings.
    ListMyBookings,
    /// Booking: the quota of the signed-in PI (or their PIs).
    GetMyQuota,
    /// Booking: a PI adds a member to their group.
    AddGroupMember,
    /// Booking: admin grants quota to a PI.
    AdminGrantQuota,
    /// Booking: staff settle a confirmed booking (receipt for cash).
    CompleteBooking,
    /// Booking: staff mark a confirmed booking as a no-show.
    NoShowBooking,
    /// Booking: staff black out a centre or instrument.
    CreateBlackout,
    /// Booking: wait for a taken slot.
    JoinWaitlist,
    /// Booking: instruments like this one.
    SimilarInstruments,
    /// Booking: the user's favourites (with free substitutes for a time).
    ListFavorites,
    /// Booking: add or update a favourite and its substitutes.
    PutFavorite,
    /// Booking: remove a favourite.
    DeleteFavorite,
    /// Booking: favourites, or the 5 most-booked bookable instruments.
    QuickInstruments,
    /// Booking: the secret calendar-feed URLs.
    GetCalendarFeed,
    /// Booking: ICS feed of the user's bookings.
    IcsMyBookings,
    /// Booking: ICS feed of an instrument's schedule.
    IcsInstrument,
    /// Notifications: the bell.
    ListNotifications,
    /// Notifications: mark all read.
    ReadNotifications,
    /// Notifications: mark one read.
    ReadNotification,
    /// Admin: run a scheduled job now (the same code the cron trigger runs).
    AdminRunJob,
    /// Booking: a centre's day view of all its instruments.
    CenterDay,
    /// Booking: a centre's bookings, for its staff.
    CenterBookings,
    /// Booking: one of the centres' reports (JSON or CSV).
    GetReport,
    /// Booking: staff change an instrument's fees and rules.
    UpdateInstrument,
    /// Admin: check the database invariants (no double booking, quota = ledger).
    AdminInvariants,
    /// Booking: replace the secret calendar-feed token (the old URLs stop working).
    RotateCalendarFeed,
    /// Booking: staff set what one person may hold of the centre ahead of time.
    UpdateCenterLimits,
    /// Open data: search the catalogue with facets.
    ListDatasets,
    /// Open data: one dataset with its resources.
    GetDataset,
    /// Open data: one dataset as DCAT JSON-LD.
    GetDatasetJsonLd,
    /// Open data: an Atom feed of a dataset's changes.
    DatasetFeed,
    /// Open data: datasets like this one.
    SimilarDatasets,
    /// Open data: the DCAT catalogue, paged.
    CatalogJsonLd,
    /// Open data: agencies with their dataset counts.
    ListOrganizations,
    /// Open data: one agency.
    GetOrganization,
    /// Open data: the home page's numbers and lists.
    CatalogueStats,
    /// Open data: count a download and redirect to the file.
    DownloadResource,
    /// Admin: import a batch of datasets (idempotent).
    AdminImportDatasets,
    /// Open data: the CKAN-compatible Action API.
    CkanAction,
    /// Open data: a publisher uploads a CSV resource (parsed into the DataStore).
    UploadResource,
    /// Open data: page, sort and filter a DataStore resource.
    GetDatastore,
    /// Open data: an uploaded resource file.
    GetResourceFile,
    /// Open data: a publisher creates or replaces a dataset of their agency.
    PutDataset,
    /// Open data: the drafts of the caller's agencies (the editor's list and the review queue).
    ListDrafts,
    /// Open data: one draft.
    GetDraft,
    /// Open data: a publisher saves a draft (a new dataset or an edit of a published one).
    SaveDraft,
    /// Open data: a publisher submits a draft for review.
    SubmitDraft,
    /// Open data: the agency's reviewer (or an admin) approves or returns a draft.
    ReviewDraft,
    /// Open data: the decided versions of a dataset.
    DatasetVersions,
    /// Open data: subscribe to a dataset's changes.
    Subscribe,
    /// Open data: stop a subscription.
    Unsubscribe,
    /// Open data: what the viewer has done with a dataset and may do.
    DatasetViewer,
    /// Open data: rate a dataset 1–5 stars.
    RateDataset,
    /// Open data: a dataset's feedback threads.
    ListFeedback,
    /// Open data: open a feedback thread.
    CreateFeedback,
    /// Open data: reply in a feedback thread.
    ReplyFeedback,
    /// Open data: close a feedback thread.
    CloseFeedback,
    /// Open data: an agency's feedback handling rate and median reply time.
    FeedbackStats,
    /// Open data: dataset requests.
    ListRequests,
    /// Open data: propose a dataset.
    CreateRequest,
    /// Open data: +1 a dataset request (PUT) or take it back (DELETE).
    VoteRequest,
    /// Open data: an agency answers a dataset request.
    AnswerRequest,
    /// Open data: showcases (applications built on datasets).
    ListShowcases,
    /// Open data: submit a showcase for review.
    CreateShowcase,
    /// Open data: a publisher approves or rejects a showcase.
    ReviewShowcase,
    /// Open data: the publisher's datasets overdue for update.
    MyOverdue,
    /// Q&A: search and list questions (FAQ entries first).
    QaListQuestions,
    /// Q&A: ask a question.
    QaAsk,
    /// Q&A: a question with its answers and comments.
    QaGetQuestion,
    /// Q&A: edit a question (keeps a revision).
    QaEditQuestion,
    /// Q&A: a question's revision history.
    QaRevisions,
    /// Q&A: answer a question.
    QaAnswer,
    /// Q&A: edit an answer (keeps a revision).
    QaEditAnswer,
    /// Q&A: an answer's revision history.
    QaAnswerRevisions,
    /// Q&A: close a question as a duplicate.
    QaCloseDuplicate,
    /// Q&A: comment on a question or an answer.
    QaComment,
    /// Q&A: vote (+1/−1) or take a vote back (0).
    QaVote,
    /// Q&A: the asker accepts an answer (DELETE withdraws).
    QaAccept,
    /// Q&A: staff promote an accepted answer to the FAQ.
    QaPromote,
    /// Q&A: flag a post.
    QaFlag,
    /// Q&A: the moderators' queue.
    QaModerationQueue,
    /// Q&A: a moderator restores or removes a flagged post.
    QaModerate,
    /// Q&A: similar questions and FAQ entries for a title being typed.
    QaSuggest,
    /// Q&A: the FAQ.
    QaListFaq,
    /// Q&A: staff write an FAQ entry.
    QaCreateFaq,
    /// Q&A: a member's points, level, privileges and badges.
    QaUser,
    /// Q&A: the signed-in member's points and level.
    QaMe,
    /// Q&A: leaderboards by period and tag.
    QaLeaderboard,
    /// Q&A: the statistics page.
    QaStats,
    /// Q&A: questions linked to a dataset or an instrument.
    QaRelated,
    /// Admin: the points rules (PUT changes them).
    QaRules,
    /// Admin: ledger invariants (always zero).
    QaLedgerCheck,
    /// Admin: why the ring detector reversed points.
    QaRingLog,
}

/// One row of the route table.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// HTTP method.
    pub method: Method,
    /// Path pattern; `{name}` segments capture one path segment.
    pub pattern: &'static str,
    /// Which endpoint it is.
    pub id: RouteId,
}

/// Every route, in one table.
pub const ROUTES: &[Route] = &[
    Route { method: Method::Get, pattern: "/api/health", id: RouteId::Health },
    Route { method: Method::Get, pattern: "/api/openapi.json", id: RouteId::OpenApi },
    Route { method: Method::Post, pattern: "/api/auth/register", id: RouteId::Register },
    Route { method: Method::Post, pattern: "/api/auth/login", id: RouteId::Login },
    Route { method: Method::Post, pattern: "/api/auth/logout", id: RouteId::Logout },
    Route { method: Method::Post, pattern: "/api/auth/password-reset", id: RouteId::RequestPasswordReset },
    Route { method: Method::Post, pattern: "/api/auth/password-reset/confirm", id: RouteId::ConfirmPasswordReset },
    Route { method: Method::Get, pattern: "/api/auth/me", id: RouteId::Me },
    Route { method: Method::Get, pattern: "/api/auth/session", id: RouteId::Session },
    Route { method: Method::Patch, pattern: "/api/auth/me", id: RouteId::UpdateMe },
    Route { method: Method::Get, pattern: "/api/admin/users", id: RouteId::AdminListUsers },
    Route { method: Method::Post, pattern: "/api/admin/users/{id}/roles", id: RouteId::AdminGrantRole },
    Route { method: Method::Delete, pattern: "/api/admin/users/{id}/roles", id: RouteId::AdminRevokeRole },
    Route { method: Method::Get, pattern: "/api/centers", id: RouteId::ListCenters },
    Route { method: Method::Get, pattern: "/api/instruments", id: RouteId::ListInstruments },
    Route { method: Method::Get, pattern: "/api/instruments/{id}", id: RouteId::GetInstrument },
    Route { method: Method::Get, pattern: "/api/instruments/{id}/calendar", id: RouteId::GetInstrumentCalendar },
    Route { method: Method::Post, pattern: "/api/instruments/{id}/trainings", id: RouteId::RecordTraining },
    Route { method: Method::Post, pattern: "/api/bookings", id: RouteId::CreateBooking },
    Route { method: Method::Get, pattern: "/api/bookings/{id}", id: RouteId::GetBooking },
    Route { method: Method::Post, pattern: "/api/bookings/{id}/confirm", id: RouteId::ConfirmBooking },
    Route { method: Method::Post, pattern: "/api/bookings/{id}/cancel", id: RouteId::CancelBooking },
    Route { method: Method::Get, pattern: "/api/me/bookings", id: RouteId::ListMyBookings },
    Route { method: Method::Get, pattern: "/api/me/quota", id: RouteId::GetMyQuota },
    Route { method: Method::Post, pattern: "/api/me/group/members", id: RouteId::AddGroupMember },
    Route { method: Method::Post, pattern: "/api/admin/quota", id: RouteId::AdminGrantQuota },
    Route { method: Method::Post, pattern: "/api/bookings/{id}/complete", id: RouteId::CompleteBooking },
    Route { method: Method::Post, pattern: "/api/bookings/{id}/no-show", id: RouteId::NoShowBooking },
    Route { method: Method::Post, pattern: "/api/centers/{id}/blackouts", id: RouteId::CreateBlackout },
    Route { method: Method::Post, pattern: "/api/waitlist", id: RouteId::JoinWaitlist },
    Route { method: Method::Get, pattern: "/api/instruments/{id}/similar", id: RouteId::SimilarInstruments },
    Route { method: Method::Get, pattern: "/api/me/favorites", id: RouteId::ListFavorites },
    Route { method: Method::Put, pattern: "/api/me/favorites/{id}", id: RouteId::PutFavorite },
    Route { method: Method::Delete, pattern: "/api/me/favorites/{id}", id: RouteId::DeleteFavorite },
    Route { method: Method::Get, pattern: "/api/me/quick-instruments", id: RouteId::QuickInstruments },
    Route { method: Method::Get, pattern: "/api/me/calendar-feed", id: RouteId::GetCalendarFeed },
    Route { method: Method::Get, pattern: "/api/ics/{token}/bookings.ics", id: RouteId::IcsMyBookings },
    Route { method: Method::Get, pattern: "/api/ics/{token}/instruments/{id}", id: RouteId::IcsInstrument },
    Route { method: Method::Get, pattern: "/api/me/notifications", id: RouteId::ListNotifications },
    Route { method: Method::Post, pattern: "/api/me/notifications/read", id: RouteId::ReadNotifications },
    Route { method: Method::Post, pattern: "/api/me/notifications/{id}/read", id: RouteId::ReadNotification },
    Route { method: Method::Post, pattern: "/api/admin/jobs/{name}", id: RouteId::AdminRunJob },
    Route { method: Method::Get, pattern: "/api/centers/{id}/day", id: RouteId::CenterDay },
    Route { method: Method::Get, pattern: "/api/centers/{id}/bookings", id: RouteId::CenterBookings },
    Route { method: Method::Get, pattern: "/api/reports/{kind}", id: RouteId::GetReport },
    Route { method: Method::Patch, pattern: "/api/instruments/{id}", id: RouteId::UpdateInstrument },
    Route { method: Method::Get, pattern: "/api/admin/invariants", id: RouteId::AdminInvariants },
    Route { method: Method::Post, pattern: "/api/me/calendar-feed/rotate", id: RouteId::RotateCalendarFeed },
    Route { method: Method::Put, pattern: "/api/centers/{id}/booking-limits", id: RouteId::UpdateCenterLimits },
    Route { method: Method::Get, pattern: "/api/datasets", id: RouteId::ListDatasets },
    // Before `/api/datasets/{id}`: the first matching route wins.
    Route { method: Method::Get, pattern: "/api/datasets/{id}.jsonld", id: RouteId::GetDatasetJsonLd },
    Route { method: Method::Get, pattern: "/api/datasets/{id}", id: RouteId::GetDataset },
    Route { method: Method::Get, pattern: "/api/datasets/{id}/feed.atom", id: RouteId::DatasetFeed },
    Route { method: Method::Get, pattern: "/api/datasets/{id}/similar", id: RouteId::SimilarDatasets },
    Route { method: Method::Get, pattern: "/api/catalog.jsonld", id: RouteId::CatalogJsonLd },
    Route { method: Method::Get, pattern: "/api/organizations", id: RouteId::ListOrganizations },
    Route { method: Method::Get, pattern: "/api/organizations/{id}", id: RouteId::GetOrganization },
    Route { method: Method::Get, pattern: "/api/catalogue/stats", id: RouteId::CatalogueStats },
    Route { method: Method::Get, pattern: "/api/resources/{id}/download", id: RouteId::DownloadResource },
    Route { method: Method::Post, pattern: "/api/admin/datasets/import", id: RouteId::AdminImportDatasets },
    Route { method: Method::Get, pattern: "/api/3/action/{name}", id: RouteId::CkanAction },
    Route { method: Method::Post, pattern: "/api/3/action/{name}", id: RouteId::CkanAction },
    Route { method: Method::Get, pattern: "/api/action/{name}", id: RouteId::CkanAction },
    Route { method: Method::Post, pattern: "/api/action/{name}", id: RouteId::CkanAction },
    Route { method: Method::Post, pattern: "/api/datasets/{id}/resources", id: RouteId::UploadResource },
    Route { method: Method::Get, pattern: "/api/resources/{id}/datastore", id: RouteId::GetDatastore },
    Route { method: Method::Get, pattern: "/api/resources/{id}/file", id: RouteId::GetResourceFile },
    Route { method: Method::Put, pattern: "/api/datasets/{id}", id: RouteId::PutDataset },
    Route { method: Method::Get, pattern: "/api/drafts", id: RouteId::ListDrafts },
    Route { method: Method::Get, pattern: "/api/drafts/{id}", id: RouteId::GetDraft },
    Route { method: Method::Put, pattern: "/api/drafts/{id}", id: RouteId::SaveDraft },
    Route { method: Method::Post, pattern: "/api/drafts/{id}/submit", id: RouteId::SubmitDraft },
    Route { method: Method::Post, pattern: "/api/drafts/{id}/review", id: RouteId::ReviewDraft },
    Route { method: Method::Get, pattern: "/api/datasets/{id}/versions", id: RouteId::DatasetVersions },
    Route { method: Method::Put, pattern: "/api/datasets/{id}/subscription", id: RouteId::Subscribe },
    Route { method: Method::Delete, pattern: "/api/datasets/{id}/subscription", id: RouteId::Unsubscribe },
    Route { method: Method::Get, pattern: "/api/datasets/{id}/viewer", id: RouteId::DatasetViewer },
    Route { method: Method::Put, pattern: "/api/datasets/{id}/rating", id: RouteId::RateDataset },
    Route { method: Method::Get, pattern: "/api/datasets/{id}/feedback", id: RouteId::ListFeedback },
    Route { method: Method::Post, pattern: "/api/datasets/{id}/feedback", id: RouteId::CreateFeedback },
    Route { method: Method::Post, pattern: "/api/feedback/{id}/replies", id: RouteId::ReplyFeedback },
    Route { method: Method::Post, pattern: "/api/feedback/{id}/close", id: RouteId::CloseFeedback },
    Route { method: Method::Get, pattern: "/api/organizations/{id}/feedback-stats", id: RouteId::FeedbackStats },
    Route { method: Method::Get, pattern: "/api/dataset-requests", id: RouteId::ListRequests },
    Route { method: Method::Post, pattern: "/api/dataset-requests", id: RouteId::CreateRequest },
    Route { method: Method::Put, pattern: "/api/dataset-requests/{id}/vote", id: RouteId::VoteRequest },
    Route { method: Method::Delete, pattern: "/api/dataset-requests/{id}/vote", id: RouteId::VoteRequest },
    Route { method: Method::Post, pattern: "/api/dataset-requests/{id}/answer", id: RouteId::AnswerRequest },
    Route { method: Method::Get, pattern: "/api/showcases", id: RouteId::ListShowcases },
    Route { method: Method::Post, pattern: "/api/showcases", id: RouteId::CreateShowcase },
    Route { method: Method::Post, pattern: "/api/showcases/{id}/review", id: RouteId::ReviewShowcase },
    Route { method: Method::Get, pattern: "/api/publisher/overdue", id: RouteId::MyOverdue },
    Route { method: Method::Get, pattern: "/api/qa/questions", id: RouteId::QaListQuestions },
    Route { method: Method::Post, pattern: "/api/qa/questions", id: RouteId::QaAsk },
    Route { method: Method::Get, pattern: "/api/qa/questions/{id}", id: RouteId::QaGetQuestion },
    Route { method: Method::Patch, pattern: "/api/qa/questions/{id}", id: RouteId::QaEditQuestion },
    Route { method: Method::Get, pattern: "/api/qa/questions/{id}/revisions", id: RouteId::QaRevisions },
    Route { method: Method::Post, pattern: "/api/qa/questions/{id}/answers", id: RouteId::QaAnswer },
    Route { method: Method::Post, pattern: "/api/qa/questions/{id}/duplicate", id: RouteId::QaCloseDuplicate },
    Route { method: Method::Post, pattern: "/api/qa/comments", id: RouteId::QaComment },
    Route { method: Method::Post, pattern: "/api/qa/votes", id: RouteId::QaVote },
    Route { method: Method::Post, pattern: "/api/qa/answers/{id}/accept", id: RouteId::QaAccept },
    Route { method: Method::Delete, pattern: "/api/qa/answers/{id}/accept", id: RouteId::QaAccept },
    Route { method: Method::Post, pattern: "/api/qa/answers/{id}/promote", id: RouteId::QaPromote },
    Route { method: Method::Patch, pattern: "/api/qa/answers/{id}", id: RouteId::QaEditAnswer },
    Route { method: Method::Get, pattern: "/api/qa/answers/{id}/revisions", id: RouteId::QaAnswerRevisions },
    Route { method: Method::Post, pattern: "/api/qa/flags", id: RouteId::QaFlag },
    Route { method: Method::Get, pattern: "/api/qa/moderation", id: RouteId::QaModerationQueue },
    Route { method: Method::Post, pattern: "/api/qa/moderation", id: RouteId::QaModerate },
    Route { method: Method::Get, pattern: "/api/qa/suggest", id: RouteId::QaSuggest },
    Route { method: Method::Get, pattern: "/api/qa/faq", id: RouteId::QaListFaq },
    Route { method: Method::Post, pattern: "/api/qa/faq", id: RouteId::QaCreateFaq },
    Route { method: Method::Get, pattern: "/api/qa/users/{id}", id: RouteId::QaUser },
    Route { method: Method::Get, pattern: "/api/qa/me", id: RouteId::QaMe },
    Route { method: Method::Get, pattern: "/api/qa/leaderboard", id: RouteId::QaLeaderboard },
    Route { method: Method::Get, pattern: "/api/qa/stats", id: RouteId::QaStats },
    Route { method: Method::Get, pattern: "/api/qa/related", id: RouteId::QaRelated },
    Route { method: Method::Get, pattern: "/api/admin/qa/rules", id: RouteId::QaRules },
    Route { method: Method::Put, pattern: "/api/admin/qa/rules", id: RouteId::QaRules },
    Route { method: Method::Get, pattern: "/api/admin/qa/ledger-check", id: RouteId::QaLedgerCheck },
    Route { method: Method::Get, pattern: "/api/admin/qa/ring-log", id: RouteId::QaRingLog },
];

/// The outcome of matching a request against [`ROUTES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteMatch {
    /// A route matched; `params` holds the captured `{name}` segments in order.
    Found {
        /// The endpoint.
        id: RouteId,
        /// Captured path parameters as (name, value).
        params: Vec<(&'static str, String)>,
    },
    /// The path exists but not for this method.
    MethodNotAllowed,
    /// No route has this path.
    NotFound,
}

/// Matches one pattern against a path, returning captured parameters.
fn match_pattern(pattern: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut params = Vec::new();
    let mut pat = pattern.split('/');
    let mut segs = path.split('/');
    loop {
        match (pat.next(), segs.next()) {
            (None, None) => return Some(params),
            (Some(p), Some(s)) => {
                if let Some((name, suffix)) = p.strip_prefix('{').and_then(|p| p.split_once('}')) {
                    // `{id}.jsonld`: the segment must end with the literal suffix, which is not captured.
                    let value = s.strip_suffix(suffix)?;
                    if value.is_empty() {
                        return None;
                    }
                    params.push((name, value.to_string()));
                } else if p != s {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// Finds the route for `method` and `path` (a trailing slash is ignored).
pub fn match_route(method: Method, path: &str) -> RouteMatch {
    let path = if path.len() > 1 { path.trim_end_matches('/') } else { path };
    let mut path_exists = false;
    for r in ROUTES {
        if let Some(params) = match_pattern(r.pattern, path) {
            if r.method == method {
                return RouteMatch::Found { id: r.id, params };
            }
            path_exists = true;
        }
    }
    if path_exists {
        RouteMatch::MethodNotAllowed
    } else {
        RouteMatch::NotFound
    }
}

/// `path` as the access log may keep it: the secret of a calendar-feed URL
/// (`/api/ics/{token}/…`) is a credential, so it is replaced by `…`.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.strip_prefix("/api/ics/").and_then(|rest| rest.split_once('/')) {
        Some((_, tail)) => std::borrow::Cow::Owned(format!("/api/ics/…/{tail}")),
        None => std::borrow::Cow::Borrowed(path),
    }
}

/// A paged list's `meta` object: `{ "total": n, "page": p, "per_page": k }`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageMeta {
    /// Items across all pages.
    pub total: u64,
    /// 1-based page number.
    pub page: u32,
    /// Items per page.
    pub per_page: u32,
}

/// The answer of a create that has nothing else to say: `{"id": n}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Created {
    /// The new record's id.
    pub id: i64,
}

/// `POST /api/admin/jobs/{name}`: the moment the job runs as of (default now),
/// so a run missed during an outage can be made up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RunJobRequest {
    /// RFC 3339; the job sees this as "now".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// The answer of a job run by hand.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobRun {
    /// The job's name (`reminders`, `overdue`, `rings`, `prune`, `reindex`, `outbox`).
    pub job: String,
    /// How many items it handled (reminders sent, datasets flagged, ledger rows reversed, search rows re-indexed, e-mails sent).
    pub processed: u64,
}

/// The answer of `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always "ok" when the Worker answers.
    pub status: String,
    /// The crate version that is deployed.
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_static_and_parameterised_routes() {
        assert_eq!(match_route(Method::Get, "/api/health"), RouteMatch::Found { id: RouteId::Health, params: vec![] });
        assert_eq!(match_route(Method::Get, "/api/health/"), RouteMatch::Found { id: RouteId::Health, params: vec![] });
        assert_eq!(
            match_route(Method::Post, "/api/admin/users/42/roles"),
            RouteMatch::Found { id: RouteId::AdminGrantRole, params: vec![("id", "42".into())] }
        );
    }

    #[test]
    fn a_suffixed_parameter_matches_before_the_plain_one() {
        assert_eq!(
            match_route(Method::Get, "/api/datasets/6564.jsonld"),
            RouteMatch::Found { id: RouteId::GetDatasetJsonLd, params: vec![("id", "6564".into())] }
        );
        assert_eq!(
            match_route(Method::Get, "/api/datasets/6564"),
            RouteMatch::Found { id: RouteId::GetDataset, params: vec![("id", "6564".into())] }
        );
        // An empty capture is never a match; the plain route takes it (and answers 404).
        assert_ne!(
            match_route(Method::Get, "/api/datasets/.jsonld"),
            RouteMatch::Found { id: RouteId::GetDatasetJsonLd, params: vec![("id", "".into())] }
        );
    }

    #[test]
    fn calendar_feed_secrets_never_reach_the_log() {
        assert_eq!(loggable_path("/api/ics/0123abcd/bookings.ics"), "/api/ics/…/bookings.ics");
        assert_eq!(loggable_path("/api/ics/s3cret/instruments/7.ics"), "/api/ics/…/instruments/7.ics");
        assert_eq!(loggable_path("/api/health"), "/api/health");
    }

    #[test]
    fn distinguishes_wrong_method_from_unknown_path() {
        assert_eq!(match_route(Method::Delete, "/api/health"), RouteMatch::MethodNotAllowed);
        assert_eq!(match_route(Method::Get, "/api/nope"), RouteMatch::NotFound);
        assert_eq!(match_route(Method::Post, "/api/admin/users//roles"), RouteMatch::NotFound);
        assert_eq!(match_route(Method::Get, "/api/auth/me/extra"), RouteMatch::NotFound);
    }

    #[test]
    fn no_two_routes_share_method_and_pattern() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(!(a.method == b.method && a.pattern == b.pattern), "duplicate route {}", a.pattern);
            }
        }
    }

    #[test]
    fn openapi_document_lists_exactly_the_routes() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../worker/openapi.json");
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("openapi.json")).expect("valid JSON");
        let mut documented = std::collections::BTreeSet::new();
        for (p, item) in doc["paths"].as_object().expect("paths") {
            for m in ["get", "post", "put", "patch", "delete"] {
                if item.get(m).is_some() {
                    documented.insert(format!("{m} {p}"));
                }
            }
        }
        let routed: std::collections::BTreeSet<String> =
            ROUTES.iter().map(|r| format!("{} {}", r.method.as_lower(), r.pattern)).collect();
        assert_eq!(documented, routed, "openapi.json and ROUTES disagree");
        assert_eq!(
            doc["components"]["schemas"]["Error"]["properties"]["error"]["$ref"],
            "#/components/schemas/ErrorKind"
        );
        let kinds: Vec<String> = doc["components"]["schemas"]["ErrorKind"]["enum"]
            .as_array()
            .expect("error enum")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let ours: Vec<String> = crate::error::ErrorKind::ALL.iter().map(|k| k.as_str().to_string()).collect();
        assert_eq!(kinds, ours, "the documented error kinds must be exactly ErrorKind::ALL");
    }
}
