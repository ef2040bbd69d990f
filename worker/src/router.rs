//! Dispatch: the route table lives in `commons_domain::api::ROUTES`; this
//! maps each route id to its handler. The match is exhaustive, so a route
//! cannot be listed without a handler.

use commons_domain::api::{match_route, Method, RouteId, RouteMatch};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::ctx::RequestCtx;
// Each service's handlers, by folder: `<service>::<file>::<verb_noun>`.
use crate::accounts::handlers as accounts;
use crate::booking::handlers as booking;
use crate::opendata::handlers as opendata;
use crate::qa::handlers as qa;

/// Routes one request to its handler.
pub async fn dispatch(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let Some(method) = Method::parse(&rc.method_name) else {
        return Err(ApiError::new(ErrorKind::MethodNotAllowed, "method not allowed"));
    };
    let id = match match_route(method, &rc.path) {
        RouteMatch::Found { id, params } => {
            rc.params = params;
            id
        }
        RouteMatch::MethodNotAllowed => {
            return Err(ApiError::new(ErrorKind::MethodNotAllowed, format!("{} is not allowed here", rc.method_name)))
        }
        RouteMatch::NotFound => return Err(ApiError::new(ErrorKind::NotFound, format!("no API route {}", rc.path))),
    };
    if method.is_mutating() {
        rc.check_same_origin()?;
    }
    match id {
        // Shared: health, the OpenAPI document, the admin's job runner.
        RouteId::Health => crate::meta::get_health(rc).await,
        RouteId::OpenApi => crate::meta::get_openapi(rc).await,
        RouteId::AdminRunJob => crate::jobs::run_job(rc).await,

        // Accounts and the bell.
        RouteId::Register => accounts::session::post_register(rc).await,
        RouteId::Login => accounts::session::post_login(rc).await,
        RouteId::Logout => accounts::session::post_logout(rc).await,
        RouteId::RequestPasswordReset => accounts::reset::post_password_reset(rc).await,
        RouteId::ConfirmPasswordReset => accounts::reset::post_password_reset_confirm(rc).await,
        RouteId::Me => accounts::session::get_me(rc).await,
        RouteId::Session => accounts::session::get_session(rc).await,
        RouteId::UpdateMe => accounts::session::patch_me(rc).await,
        RouteId::AdminListUsers => accounts::admin::list_users(rc).await,
        RouteId::AdminGrantRole => accounts::admin::grant_role(rc).await,
        RouteId::AdminRevokeRole => accounts::admin::revoke_role(rc).await,
        RouteId::ListNotifications => accounts::notifications::list_notifications(rc).await,
        RouteId::ReadNotifications => accounts::notifications::read_notifications(rc).await,
        RouteId::ReadNotification => accounts::notifications::read_notification(rc).await,

        // Open data.
        RouteId::ListDatasets => opendata::catalogue::list_datasets(rc).await,
        RouteId::GetDataset => opendata::catalogue::get_dataset(rc).await,
        RouteId::GetDatasetJsonLd => opendata::catalogue::get_dataset_jsonld(rc).await,
        RouteId::DatasetFeed => opendata::catalogue::dataset_feed(rc).await,
        RouteId::SimilarDatasets => opendata::catalogue::similar_datasets(rc).await,
        RouteId::CatalogJsonLd => opendata::catalogue::catalog_jsonld(rc).await,
        RouteId::ListOrganizations => opendata::catalogue::list_organizations(rc).await,
        RouteId::GetOrganization => opendata::catalogue::get_organization(rc).await,
        RouteId::CatalogueStats => opendata::catalogue::catalogue_stats(rc).await,
        RouteId::DownloadResource => opendata::catalogue::download_resource(rc).await,
        RouteId::AdminImportDatasets => opendata::catalogue::admin_import(rc).await,
        RouteId::CkanAction => opendata::ckan::action(rc).await,
        RouteId::UploadResource => opendata::datastore::upload_resource(rc).await,
        RouteId::GetDatastore => opendata::datastore::get_datastore(rc).await,
        RouteId::GetResourceFile => opendata::datastore::get_file(rc).await,
        RouteId::PutDataset => opendata::participation::put_dataset(rc).await,
        RouteId::ListDrafts => opendata::editor::list_drafts(rc).await,
        RouteId::GetDraft => opendata::editor::get_draft(rc).await,
        RouteId::SaveDraft => opendata::editor::save_draft(rc).await,
        RouteId::SubmitDraft => opendata::editor::submit_draft(rc).await,
        RouteId::ReviewDraft => opendata::editor::review_draft(rc).await,
        RouteId::DatasetVersions => opendata::editor::dataset_versions(rc).await,
        RouteId::Subscribe => opendata::participation::subscribe(rc).await,
        RouteId::Unsubscribe => opendata::participation::unsubscribe(rc).await,
        RouteId::DatasetViewer => opendata::participation::viewer(rc).await,
        RouteId::RateDataset => opendata::participation::rate(rc).await,
        RouteId::ListFeedback => opendata::participation::list_feedback(rc).await,
        RouteId::CreateFeedback => opendata::participation::create_feedback(rc).await,
        RouteId::ReplyFeedback => opendata::participation::reply_feedback(rc).await,
        RouteId::CloseFeedback => opendata::participation::close_feedback(rc).await,
        RouteId::FeedbackStats => opendata::participation::feedback_stats(rc).await,
        RouteId::ListRequests => opendata::participation::list_requests(rc).await,
        RouteId::CreateRequest => opendata::participation::create_request(rc).await,
        RouteId::VoteRequest => opendata::participation::vote_request(rc).await,
        RouteId::AnswerRequest => opendata::participation::answer_request(rc).await,
        RouteId::ListShowcases => opendata::participation::list_showcases(rc).await,
        RouteId::CreateShowcase => opendata::participation::create_showcase(rc).await,
        RouteId::ReviewShowcase => opendata::participation::review_showcase(rc).await,
        RouteId::MyOverdue => opendata::participation::my_overdue(rc).await,

        // Instrument booking.
        RouteId::ListCenters => booking::instruments::list_centers(rc).await,
        RouteId::ListInstruments => booking::instruments::list_instruments(rc).await,
        RouteId::GetInstrument => booking::instruments::get_instrument(rc).await,
        RouteId::GetInstrumentCalendar => booking::calendars::get_calendar(rc).await,
        RouteId::RecordTraining => booking::instruments::record_training(rc).await,
        RouteId::CreateBooking => booking::bookings::create_booking(rc).await,
        RouteId::GetBooking => booking::bookings::get_booking(rc).await,
        RouteId::ConfirmBooking => booking::bookings::confirm_booking(rc).await,
        RouteId::CancelBooking => booking::bookings::cancel_booking(rc).await,
        RouteId::ListMyBookings => booking::bookings::list_my_bookings(rc).await,
        RouteId::GetMyQuota => booking::quota::get_my_quota(rc).await,
        RouteId::AddGroupMember => booking::quota::add_group_member(rc).await,
        RouteId::AdminGrantQuota => booking::quota::admin_grant_quota(rc).await,
        RouteId::CompleteBooking => booking::usage::complete_booking(rc).await,
        RouteId::NoShowBooking => booking::usage::no_show_booking(rc).await,
        RouteId::CreateBlackout => booking::usage::create_blackout(rc).await,
        RouteId::JoinWaitlist => booking::usage::join_waitlist(rc).await,
        RouteId::SimilarInstruments => booking::favorites::similar_instruments(rc).await,
        RouteId::ListFavorites => booking::favorites::list_favorites(rc).await,
        RouteId::PutFavorite => booking::favorites::put_favorite(rc).await,
        RouteId::DeleteFavorite => booking::favorites::delete_favorite(rc).await,
        RouteId::QuickInstruments => booking::favorites::quick_instruments(rc).await,
        RouteId::GetCalendarFeed => booking::feeds::get_calendar_feed(rc).await,
        RouteId::IcsMyBookings => booking::feeds::ics_my_bookings(rc).await,
        RouteId::IcsInstrument => booking::feeds::ics_instrument(rc).await,
        RouteId::CenterDay => booking::calendars::center_day(rc).await,
        RouteId::CenterBookings => booking::bookings::center_bookings(rc).await,
        RouteId::GetReport => booking::reports::get_report(rc).await,
        RouteId::UpdateInstrument => booking::instruments::update_instrument(rc).await,
        RouteId::AdminInvariants => booking::admin::invariants(rc).await,
        RouteId::RotateCalendarFeed => booking::feeds::rotate_calendar_feed(rc).await,
        RouteId::UpdateCenterLimits => booking::instruments::update_center_limits(rc).await,

        // Knowledge Q&A.
        RouteId::QaListQuestions => qa::search::list_questions(rc).await,
        RouteId::QaAsk => qa::questions::ask_question(rc).await,
        RouteId::QaGetQuestion => qa::questions::get_question(rc).await,
        RouteId::QaEditQuestion => qa::questions::edit_question(rc).await,
        RouteId::QaRevisions => qa::questions::list_revisions(rc).await,
        RouteId::QaAnswer => qa::answers::post_answer(rc).await,
        RouteId::QaEditAnswer => qa::answers::edit_answer(rc).await,
        RouteId::QaAnswerRevisions => qa::answers::list_answer_revisions(rc).await,
        RouteId::QaCloseDuplicate => qa::questions::close_duplicate(rc).await,
        RouteId::QaComment => qa::answers::post_comment(rc).await,
        RouteId::QaVote => qa::votes::cast_vote(rc).await,
        RouteId::QaAccept => match method {
            Method::Delete => qa::answers::withdraw_accept(rc).await,
            _ => qa::answers::accept_answer(rc).await,
        },
        RouteId::QaPromote => qa::faq::promote_answer(rc).await,
        RouteId::QaFlag => qa::moderation::flag_post(rc).await,
        RouteId::QaModerationQueue => qa::moderation::list_moderation_queue(rc).await,
        RouteId::QaModerate => qa::moderation::moderate_post(rc).await,
        RouteId::QaSuggest => qa::search::suggest_questions(rc).await,
        RouteId::QaListFaq => qa::faq::list_faq(rc).await,
        RouteId::QaCreateFaq => qa::faq::create_faq(rc).await,
        RouteId::QaUser => qa::people::get_user(rc).await,
        RouteId::QaMe => qa::people::get_me(rc).await,
        RouteId::QaLeaderboard => qa::people::get_leaderboard(rc).await,
        RouteId::QaStats => qa::people::get_stats(rc).await,
        RouteId::QaRelated => qa::search::list_related(rc).await,
        RouteId::QaRules => match method {
            Method::Put => qa::admin::put_rules(rc).await,
            _ => qa::admin::get_rules(rc).await,
        },
        RouteId::QaLedgerCheck => qa::admin::check_ledger(rc).await,
        RouteId::QaRingLog => qa::admin::list_ring_log(rc).await,
    }
}
