//! Every page of the SPA as one `Routable` enum, and which bundle holds it.
//! Pages link to each other through [`Route`]; only `app.rs` maps routes to
//! pages, so no page depends on the shell.

use yew_router::prelude::*;

pub use commons_domain::common::bundles::{bundle_for, Bundle};

/// Every page of the SPA.
#[derive(Clone, Routable, PartialEq, Debug)]
pub enum Route {
    /// The landing page.
    #[at("/")]
    Home,
    /// Open data (開放資料): the catalogue's home.
    #[at("/data")]
    Data,
    /// Catalogue search; the whole search is in the query string.
    #[at("/data/search")]
    DataSearch,
    /// One dataset.
    #[at("/data/datasets/:id")]
    Dataset {
        /// The dataset identifier.
        id: String,
    },
    /// Dataset requests (資料需求).
    #[at("/data/requests")]
    DataRequests,
    /// Showcases (應用展示).
    #[at("/data/showcases")]
    DataShowcases,
    /// The publisher dashboard (逾期通知).
    #[at("/data/publisher")]
    Publisher,
    /// The editor, for a new dataset of the publisher's agency.
    #[at("/data/publisher/new")]
    NewDataset,
    /// The editor, for a draft or a published dataset.
    #[at("/data/publisher/edit/:id")]
    EditDataset {
        /// The dataset identifier.
        id: String,
    },
    /// The agency reviewer's queue of drafts waiting for review.
    #[at("/data/review")]
    ReviewQueue,
    /// One draft under review.
    #[at("/data/review/:id")]
    ReviewDraft {
        /// The dataset identifier.
        id: String,
    },
    /// Every agency.
    #[at("/data/organizations")]
    Organizations,
    /// One agency.
    #[at("/data/organizations/:id")]
    Organization {
        /// The agency id (`org-…`).
        id: String,
    },
    /// Instrument booking (儀器預約): search across centres.
    #[at("/booking")]
    Booking,
    /// One instrument with its week calendar.
    #[at("/booking/instruments/:id")]
    Instrument {
        /// Instrument id.
        id: i64,
    },
    /// The signed-in user's bookings.
    #[at("/booking/mine")]
    MyBookings,
    /// A centre's day view (and its staff's pending requests).
    #[at("/booking/centers/:id")]
    Center {
        /// Centre id.
        id: String,
    },
    /// Knowledge Q&A (知識問答): the question search, kept in the query string.
    #[at("/qa")]
    Qa,
    /// Ask a question (`?dataset=` links it to a dataset).
    #[at("/qa/ask")]
    QaAsk,
    /// One question with its answers.
    #[at("/qa/questions/:id")]
    QaQuestion {
        /// Question id.
        id: i64,
    },
    /// The FAQ by service and category.
    #[at("/qa/faq")]
    QaFaq,
    /// The leaderboard (period and tag in the query string).
    #[at("/qa/leaderboard")]
    QaLeaderboard,
    /// A member's points, level and badges.
    #[at("/qa/users/:id")]
    QaUser {
        /// User id.
        id: i64,
    },
    /// Q&A statistics.
    #[at("/qa/stats")]
    QaStats,
    /// The moderators' queue of flagged posts.
    #[at("/qa/moderation")]
    QaModeration,
    /// Sign in.
    #[at("/login")]
    Login,
    /// Create an account.
    #[at("/register")]
    Register,
    /// Forgotten password: ask for a reset link.
    #[at("/password-reset")]
    PasswordReset,
    /// Set a new password (the link in the reset message).
    #[at("/password-reset/confirm")]
    PasswordResetConfirm,
    /// The signed-in user's account.
    #[at("/account")]
    Account,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Whether this build holds the pages of `bundle` (one of
/// `commons_domain::common::bundles::BUNDLES`; `cargo xtask build` builds each with
/// its feature).
pub fn has_bundle(bundle: &Bundle) -> bool {
    match bundle.feature {
        "opendata" => cfg!(feature = "opendata"),
        "booking" => cfg!(feature = "booking"),
        "qa" => cfg!(feature = "qa"),
        // The shell (no feature) is in every build.
        other => other.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_of_a_service_lives_in_that_services_bundle() {
        // The full build holds every bundle, so no route may fall to `Elsewhere`.
        for b in &commons_domain::common::bundles::BUNDLES {
            assert!(has_bundle(b), "{}", b.name);
        }
        for (path, b) in [("/data/search", "data"), ("/booking/mine", "booking"), ("/qa/faq", "qa")] {
            assert!(Route::recognize(path).is_some_and(|r| r != Route::NotFound), "{path}");
            assert_eq!(bundle_for(path).name, b);
        }
    }
}
