//! Dispatch: the route table lives in `commons_domain::api::ROUTES`; this
//! maps each route id to its handler. The match is exhaustive, so a route
//! cannot be listed without a handler.

use commons_domain::api::{match_route, Method, RouteId, RouteMatch};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::accounts::handlers::{admin, notifications, session as accounts};
use crate::booking::handlers::{
    admin as booking_admin, bookings as booking, favorites, feeds, reports, usage as booking_ops,
};
use crate::ctx::RequestCtx;
use crate::opendata::handlers::{catalogue as opendata, ckan, datastore, participation};
use crate::{jobs, meta, qa};

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
        RouteId::Health => meta::get_health(rc).await,
        RouteId::OpenApi => meta::get_openapi(rc).await,
        RouteId::Register => accounts::post_register(rc).await,
        RouteId::Login => accounts::post_login(rc).await,
        RouteId::Logout => accounts::post_logout(rc).await,
        RouteId::Me => accounts::get_me(rc).await,
        RouteId::UpdateMe => accounts::patch_me(rc).await,
        RouteId::AdminListUsers => admin::list_users(rc).await,
        RouteId::AdminGrantRole => admin::grant_role(rc).await,
        RouteId::AdminRevokeRole => admin::revoke_role(rc).await,
        RouteId::ListCenters => booking::list_centers(rc).await,
        RouteId::ListInstruments => booking::list_instruments(rc).await,
        RouteId::GetInstrument => booking::get_instrument(rc).await,
        RouteId::GetInstrumentCalendar => booking::get_calendar(rc).await,
        RouteId::RecordTraining => booking::record_training(rc).await,
        RouteId::CreateBooking => booking::create_booking(rc).await,
        RouteId::GetBooking => booking::get_booking(rc).await,
        RouteId::ConfirmBooking => booking::confirm_booking(rc).await,
        RouteId::CancelBooking => booking::cancel_booking(rc).await,
        RouteId::ListMyBookings => booking::list_my_bookings(rc).await,
        RouteId::GetMyQuota => booking::get_my_quota(rc).await,
        RouteId::AddGroupMember => booking::add_group_member(rc).await,
        RouteId::AdminGrantQuota => booking::admin_grant_quota(rc).await,
        RouteId::CompleteBooking => booking_ops::complete_booking(rc).await,
        RouteId::NoShowBooking => booking_ops::no_show_booking(rc).await,
        RouteId::CreateBlackout => booking_ops::create_blackout(rc).await,
        RouteId::JoinWaitlist => booking_ops::join_waitlist(rc).await,
        RouteId::SimilarInstruments => favorites::similar_instruments(rc).await,
        RouteId::ListFavorites => favorites::list_favorites(rc).await,
        RouteId::PutFavorite => favorites::put_favorite(rc).await,
        RouteId::DeleteFavorite => favorites::delete_favorite(rc).await,
        RouteId::QuickInstruments => favorites::quick_instruments(rc).await,
        RouteId::GetCalendarFeed => feeds::get_calendar_feed(rc).await,
        RouteId::IcsMyBookings => feeds::ics_my_bookings(rc).await,
        RouteId::IcsInstrument => feeds::ics_instrument(rc).await,
        RouteId::ListNotifications => notifications::list_notifications(rc).await,
        RouteId::ReadNotifications => notifications::read_notifications(rc).await,
        RouteId::AdminRunJob => jobs::run_job(rc).await,
        RouteId::CenterDay => booking::center_day(rc).await,
        RouteId::CenterBookings => booking::center_bookings(rc).await,
        RouteId::GetReport => reports::get_report(rc).await,
        RouteId::UpdateInstrument => booking::update_instrument(rc).await,
        RouteId::AdminInvariants => booking_admin::invariants(rc).await,
        RouteId::ListDatasets => opendata::list_datasets(rc).await,
        RouteId::GetDataset => opendata::get_dataset(rc).await,
        RouteId::GetDatasetJsonLd => opendata::get_dataset_jsonld(rc).await,
        RouteId::DatasetFeed => opendata::dataset_feed(rc).await,
        RouteId::SimilarDatasets => opendata::similar_datasets(rc).await,
        RouteId::CatalogJsonLd => opendata::catalog_jsonld(rc).await,
        RouteId::ListOrganizations => opendata::list_organizations(rc).await,
        RouteId::GetOrganization => opendata::get_organization(rc).await,
        RouteId::CatalogueStats => opendata::catalogue_stats(rc).await,
        RouteId::DownloadResource => opendata::download_resource(rc).await,
        RouteId::AdminImportDatasets => opendata::admin_import(rc).await,
        RouteId::CkanAction => ckan::action(rc).await,
        RouteId::UploadResource => datastore::upload_resource(rc).await,
        RouteId::GetDatastore => datastore::get_datastore(rc).await,
        RouteId::GetResourceFile => datastore::get_file(rc).await,
        RouteId::PutDataset => participation::put_dataset(rc).await,
        RouteId::Subscribe => participation::subscribe(rc).await,
        RouteId::Unsubscribe => participation::unsubscribe(rc).await,
        RouteId::DatasetViewer => participation::viewer(rc).await,
        RouteId::RateDataset => participation::rate(rc).await,
        RouteId::ListFeedback => participation::list_feedback(rc).await,
        RouteId::CreateFeedback => participation::create_feedback(rc).await,
        RouteId::ReplyFeedback => participation::reply_feedback(rc).await,
        RouteId::CloseFeedback => participation::close_feedback(rc).await,
        RouteId::FeedbackStats => participation::feedback_stats(rc).await,
        RouteId::ListRequests => participation::list_requests(rc).await,
        RouteId::CreateRequest => participation::create_request(rc).await,
        RouteId::VoteRequest => participation::vote_request(rc).await,
        RouteId::AnswerRequest => participation::answer_request(rc).await,
        RouteId::ListShowcases => participation::list_showcases(rc).await,
        RouteId::CreateShowcase => participation::create_showcase(rc).await,
        RouteId::ReviewShowcase => participation::review_showcase(rc).await,
        RouteId::MyOverdue => participation::my_overdue(rc).await,
        RouteId::QaListQuestions => qa::handlers::list_questions(rc).await,
        RouteId::QaAsk => qa::handlers::ask(rc).await,
        RouteId::QaGetQuestion => qa::handlers::get_question(rc).await,
        RouteId::QaEditQuestion => qa::handlers::edit_question(rc).await,
        RouteId::QaRevisions => qa::handlers::revisions(rc).await,
        RouteId::QaAnswer => qa::handlers::answer(rc).await,
        RouteId::QaCloseDuplicate => qa::handlers::close_duplicate(rc).await,
        RouteId::QaComment => qa::handlers::comment(rc).await,
        RouteId::QaVote => qa::handlers::vote(rc).await,
        RouteId::QaAccept => qa::handlers::accept(rc).await,
        RouteId::QaPromote => qa::handlers::promote(rc).await,
        RouteId::QaFlag => qa::handlers::flag(rc).await,
        RouteId::QaModerationQueue => qa::handlers::moderation_queue(rc).await,
        RouteId::QaModerate => qa::handlers::moderate(rc).await,
        RouteId::QaSuggest => qa::handlers::suggest(rc).await,
        RouteId::QaListFaq => qa::handlers::list_faq(rc).await,
        RouteId::QaCreateFaq => qa::handlers::create_faq(rc).await,
        RouteId::QaUser => qa::handlers::get_user(rc).await,
        RouteId::QaMe => qa::handlers::me(rc).await,
        RouteId::QaLeaderboard => qa::handlers::leaderboard(rc).await,
        RouteId::QaStats => qa::handlers::stats(rc).await,
        RouteId::QaRelated => qa::handlers::related(rc).await,
        RouteId::QaRules => qa::handlers::rules(rc).await,
        RouteId::QaLedgerCheck => qa::handlers::ledger_check(rc).await,
        RouteId::QaRingLog => qa::handlers::ring_log(rc).await,
    }
}
