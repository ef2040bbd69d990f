//! The routes of the SPA (one `Routable` enum) and the app shell around them.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{footer::Footer, header::Header};
use crate::hooks::session::SessionProvider;
use crate::i18n::LocaleProvider;
use crate::pages;
pub use commons_domain::bundles::{bundle_for, Bundle};

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
    /// The signed-in user's account.
    #[at("/account")]
    Account,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        #[cfg(feature = "opendata")]
        Route::Data => html! { <pages::data_home::DataHome /> },
        #[cfg(feature = "opendata")]
        Route::DataSearch => html! { <pages::data_search::DataSearch /> },
        #[cfg(feature = "opendata")]
        Route::Dataset { id } => html! { <pages::data_dataset::DatasetPage id={id} /> },
        #[cfg(feature = "opendata")]
        Route::DataRequests => html! { <pages::participation_requests::RequestsPage /> },
        #[cfg(feature = "opendata")]
        Route::DataShowcases => html! { <pages::participation_showcases::ShowcasesPage /> },
        #[cfg(feature = "opendata")]
        Route::Publisher => html! { <pages::participation_publisher::PublisherPage /> },
        #[cfg(feature = "opendata")]
        Route::Organizations => html! { <pages::data_org::OrganizationsPage /> },
        #[cfg(feature = "opendata")]
        Route::Organization { id } => html! { <pages::data_org::OrganizationPage id={id} /> },
        #[cfg(feature = "booking")]
        Route::Booking => html! { <pages::booking::BookingHome /> },
        #[cfg(feature = "booking")]
        Route::Instrument { id } => html! { <pages::instrument::InstrumentPage id={id} /> },
        #[cfg(feature = "booking")]
        Route::MyBookings => html! { <pages::my_bookings::MyBookings /> },
        #[cfg(feature = "booking")]
        Route::Center { id } => html! { <pages::center::CenterPage id={id} /> },
        #[cfg(feature = "qa")]
        Route::Qa => html! { <pages::qa_home::QaHome /> },
        #[cfg(feature = "qa")]
        Route::QaAsk => html! { <pages::qa_ask::QaAsk /> },
        #[cfg(feature = "qa")]
        Route::QaQuestion { id } => html! { <pages::qa_question::QaQuestionPage id={id} /> },
        #[cfg(feature = "qa")]
        Route::QaFaq => html! { <pages::qa_faq::QaFaq /> },
        #[cfg(feature = "qa")]
        Route::QaLeaderboard => html! { <pages::qa_people::QaLeaderboard /> },
        #[cfg(feature = "qa")]
        Route::QaUser { id } => html! { <pages::qa_people::QaUserPage id={id} /> },
        #[cfg(feature = "qa")]
        Route::QaStats => html! { <pages::qa_stats::QaStatsPage /> },
        #[cfg(feature = "qa")]
        Route::QaModeration => html! { <pages::qa_stats::QaModeration /> },
        Route::Login => html! { <pages::login::Login /> },
        Route::Register => html! { <pages::register::Register /> },
        Route::Account => html! { <pages::account::Account /> },
        Route::NotFound => html! { <pages::not_found::NotFound /> },
        // A page of a service this bundle leaves out: load the bundle that has it.
        #[allow(unreachable_patterns)]
        _ => html! { <pages::elsewhere::Elsewhere /> },
    }
}

/// Whether this build holds the pages of `bundle` (one of
/// `commons_domain::bundles::BUNDLES`; `cargo xtask build` builds each with
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

/// The root component: providers, router and shell.
#[component]
pub fn App() -> Html {
    // Marks when the first route has rendered, for `cargo xtask bench`'s
    // time-to-interactive figure.
    use_effect_with((), |_| {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("commons:first-route");
        }
    });
    html! {
        <LocaleProvider>
            <SessionProvider>
                <BrowserRouter>
                    <Header />
                    <main id="main" tabindex="-1" class="main">
                        <Switch<Route> render={switch} />
                    </main>
                    <Footer />
                </BrowserRouter>
            </SessionProvider>
        </LocaleProvider>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_of_a_service_lives_in_that_services_bundle() {
        // The full build holds every bundle, so no route may fall to `Elsewhere`.
        for b in &commons_domain::bundles::BUNDLES {
            assert!(has_bundle(b), "{}", b.name);
        }
        for (path, b) in [("/data/search", "data"), ("/booking/mine", "booking"), ("/qa/faq", "qa")] {
            assert!(Route::recognize(path).is_some_and(|r| r != Route::NotFound), "{path}");
            assert_eq!(bundle_for(path).name, b);
        }
    }
}
