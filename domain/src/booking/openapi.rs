//! The OpenAPI description of instrument booking: one arm per route, with the
//! types the Worker sends and the SPA reads (see `crate::openapi`).

use serde_json::json;

use crate::api::{Method, RouteId};
use crate::openapi::Op;

/// The operation of a route of this service.
pub(crate) fn operation(id: RouteId, method: Method) -> Op {
    match id {
        // GET /api/centers
        RouteId::ListCenters => Op::new("Instrument centres (貴儀中心) with instrument counts")
            .answer::<crate::booking::CenterList>(200, "OK"),
        // GET /api/instruments
        RouteId::ListInstruments => Op::new("Search instruments across all centres: every word of q (at most 8, each at most 48 bytes) must match")
            .query("q", false, "", json!({"type": "string", "maxLength": 100}))
            .query("center", false, "", json!({"type": "string", "maxLength": 100}))
            .query("category", false, "", json!({"type": "string", "maxLength": 100}))
            .paged()
            .answer::<crate::booking::InstrumentList>(200, "OK")
            .errors(&[400, 422]),
        // GET /api/instruments/{id}
        RouteId::GetInstrument => Op::new("One instrument")
            .path_int("id")
            .ok::<crate::booking::InstrumentEnvelope>()
            .errors(&[400, 404]),
        // GET /api/instruments/{id}/calendar
        RouteId::GetInstrumentCalendar => Op::new("Busy time (bookings and blackouts) in a window of at most 42 days")
            .path_int("id")
            .query("from", true, "", json!({"type": "string", "format": "date-time"}))
            .query("to", true, "", json!({"type": "string", "format": "date-time"}))
            .answer::<crate::booking::Calendar>(200, "OK")
            .errors(&[400, 404, 422]),
        // POST /api/instruments/{id}/trainings
        RouteId::RecordTraining => Op::new("Record that a user is trained (staff of the centre)")
            .session()
            .path_int("id")
            .body::<crate::booking::TrainingRequest>()
            .answer_empty(204, "No content")
            .errors(&[400, 401, 403, 404, 422]),
        // POST /api/bookings
        RouteId::CreateBooking => Op::new("Book instrument time; refused with 409 slot_taken on any overlap, 409 quota_exceeded when the quota cannot cover it, 409 conflict past the booker's holding limits of the instrument or centre")
            .session()
            .body::<crate::booking::BookingRequest>()
            .answer::<crate::booking::BookingCreated>(201, "Booked (a series answers with all its bookings)")
            .errors(&[400, 401, 403, 409, 413, 422]),
        // GET /api/bookings/{id}
        RouteId::GetBooking => Op::new("One booking (its booker, PI or the centre's staff)")
            .session()
            .answer::<crate::booking::BookingEnvelope>(200, "OK")
            .errors(&[401, 404]),
        // POST /api/bookings/{id}/confirm
        RouteId::ConfirmBooking => Op::new("Confirm a pending booking (staff of the centre)")
            .session()
            .answer::<crate::booking::BookingEnvelope>(200, "OK")
            .errors(&[401, 403, 404, 409]),
        // POST /api/bookings/{id}/cancel
        RouteId::CancelBooking => Op::new("Cancel a booking (the booker before the deadline, staff any time); releases the reserved quota. 409 conflict when the booking is no longer active, or when the booker's cancellation deadline has passed (message `cancellation closed: ...`)")
            .session()
            .answer::<crate::booking::BookingEnvelope>(200, "OK")
            .errors(&[401, 403, 404, 409]),
        // GET /api/me/bookings
        RouteId::ListMyBookings => Op::new("The signed-in user's bookings")
            .session()
            .paged()
            .answer::<crate::booking::BookingList>(200, "OK")
            .errors(&[400, 401]),
        // GET /api/me/quota
        RouteId::GetMyQuota => Op::new("PI quotas (額度) the signed-in user can book against")
            .session()
            .answer::<crate::booking::QuotaList>(200, "OK")
            .errors(&[401]),
        // POST /api/me/group/members
        RouteId::AddGroupMember => Op::new("A PI adds a member to their group")
            .session()
            .body::<crate::booking::AddMemberRequest>()
            .answer_empty(204, "No content")
            .errors(&[400, 401, 403, 409, 422]),
        // POST /api/admin/quota
        RouteId::AdminGrantQuota => Op::new("Add quota to a PI (admin)")
            .session()
            .body::<crate::booking::GrantQuotaRequest>()
            .answer::<crate::booking::QuotaList>(200, "OK")
            .errors(&[400, 401, 403, 422]),
        // POST /api/bookings/{id}/complete
        RouteId::CompleteBooking => Op::new("Settle a confirmed booking once it has started (staff; 409 before): the quota reservation is trued up to the actual cost; cash gets a receipt with the centre's next number")
            .session()
            .body::<crate::booking::CompleteRequest>()
            .answer::<crate::booking::CompleteEnvelope>(200, "OK")
            .errors(&[400, 401, 403, 404, 409, 422]),
        // POST /api/bookings/{id}/no-show
        RouteId::NoShowBooking => Op::new("Record a no-show once the booking has started (staff; 409 before); the reservation stays charged")
            .session()
            .answer::<crate::booking::BookingEnvelope>(200, "OK")
            .errors(&[401, 403, 404, 409]),
        // POST /api/centers/{id}/blackouts
        RouteId::CreateBlackout => Op::new("Close a centre or an instrument for maintenance (staff); 409 while active bookings overlap")
            .session()
            .body::<crate::booking::BlackoutRequest>()
            .answer_empty(204, "No content")
            .errors(&[400, 401, 403, 409, 422]),
        // POST /api/waitlist
        RouteId::JoinWaitlist => Op::new("Wait for a taken slot; notified in-app, first come first, when it frees")
            .session()
            .body::<crate::booking::WaitlistRequest>()
            .answer_empty(204, "No content")
            .errors(&[400, 401, 409, 422]),
        // GET /api/instruments/{id}/similar
        RouteId::SimilarInstruments => Op::new("Same category, nearby centres first")
            .path_int("id")
            .ok::<crate::booking::SimilarList>()
            .errors(&[400, 404]),
        // GET /api/me/favorites
        RouteId::ListFavorites => Op::new("Favourites with substitutes; with start and end (at most 42 days apart), which are free then")
            .session()
            .query("start", false, "", json!({"type": "string", "format": "date-time"}))
            .query("end", false, "", json!({"type": "string", "format": "date-time"}))
            .answer::<crate::booking::FavoriteList>(200, "OK")
            .errors(&[401, 422]),
        // PUT /api/me/favorites/{id}
        RouteId::PutFavorite => Op::new("Add or update a favourite and its substitutes; 409 past 20 favourites")
            .session()
            .path_int("id")
            .body::<crate::booking::FavoriteRequest>()
            .answer_empty(204, "No content")
            .errors(&[400, 401, 404, 409, 422]),
        // DELETE /api/me/favorites/{id}
        RouteId::DeleteFavorite => Op::new("Remove a favourite")
            .session()
            .path_int("id")
            .answer_empty(204, "No content")
            .errors(&[400, 401, 404]),
        // GET /api/me/quick-instruments
        RouteId::QuickInstruments => Op::new("Favourites, or else the 5 most-booked instruments bookable now")
            .session()
            .answer::<crate::booking::QuickList>(200, "OK")
            .errors(&[401]),
        // GET /api/me/calendar-feed
        RouteId::GetCalendarFeed => Op::new("The secret ICS feed URLs")
            .session()
            .ok::<crate::booking::CalendarFeed>()
            .errors(&[401]),
        // GET /api/ics/{token}/bookings.ics
        RouteId::IcsMyBookings => Op::new("ICS feed of the token owner's bookings")
            .answer_media(200, "text/calendar", "iCalendar")
            .errors(&[404]),
        // GET /api/ics/{token}/instruments/{id}
        RouteId::IcsInstrument => Op::new("ICS feed of an instrument's busy time")
            .answer_media(200, "text/calendar", "iCalendar")
            .errors(&[404]),
        // GET /api/centers/{id}/day
        RouteId::CenterDay => Op::new("A centre's day (Asia/Taipei) with every instrument side by side")
            .query("date", true, "", json!({"type": "string", "format": "date"}))
            .answer::<crate::booking::CenterDay>(200, "The day")
            .errors(&[404, 422]),
        // GET /api/centers/{id}/bookings
        RouteId::CenterBookings => Op::new("The centre's bookings with bookers' names (staff of the centre)")
            .session()
            .query("status", false, "", json!({"enum": ["pending", "confirmed", "cancelled", "completed", "no_show"]}))
            .paged()
            .answer::<crate::booking::BookingList>(200, "One page")
            .errors(&[400, 401, 403, 422]),
        // GET /api/reports/{kind}
        RouteId::GetReport => Op::new("A centre's report over experiments starting in [from, to): staff of the centre, or admins for all centres (center omitted). format=csv gives a spreadsheet with a totals row.")
            .session()
            .query("center", false, "", json!({"type": "string"}))
            .query("from", true, "", json!({"type": "string", "format": "date-time"}))
            .query("to", true, "", json!({"type": "string", "format": "date-time"}))
            .query("format", false, "", json!({"enum": ["json", "csv"]}))
            .query("lang", false, "", json!({"enum": ["zh-TW", "en"]}))
            .answer::<crate::booking::reports::Report>(200, "The report")
            .also_media(200, "text/csv")
            .errors(&[401, 403, 404, 422]),
        // PATCH /api/instruments/{id}
        RouteId::UpdateInstrument => Op::new("Change an instrument's fees, booking rules and per-person holding limits (staff of its centre); existing bookings keep their reserved cost")
            .session()
            .path_int("id")
            .body::<crate::booking::InstrumentUpdate>()
            .answer::<crate::booking::InstrumentEnvelope>(200, "Updated")
            .errors(&[400, 401, 403, 404, 422]),
        // GET /api/admin/invariants
        RouteId::AdminInvariants => Op::new("Counts that must always be zero: overlapping active bookings, and quotas that differ from their ledger or are negative (admin)")
            .session()
            .answer::<crate::booking::Invariants>(200, "The counts")
            .errors(&[401, 403]),
        // POST /api/me/calendar-feed/rotate
        RouteId::RotateCalendarFeed => Op::new("Replace the secret calendar-feed token: the old feed URLs answer 404 from now on")
            .session()
            .ok::<crate::booking::CalendarFeed>()
            .errors(&[401, 403]),
        // PUT /api/centers/{id}/booking-limits
        RouteId::UpdateCenterLimits => Op::new("Set what one person may hold of the centre's instruments ahead of time: active bookings that have not started, and their hours (staff of the centre)")
            .session()
            .body::<crate::booking::HoldingLimits>()
            .answer::<crate::booking::CenterLimits>(200, "The centre's limits")
            .errors(&[400, 401, 403, 404, 422]),
        other => panic!("{other:?} ({method:?}) is not described by this service"),
    }
}
