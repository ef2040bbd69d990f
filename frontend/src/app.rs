//! The app shell: providers, the router, and `switch`, which maps each
//! [`Route`] to its page (the pages of other bundles are not compiled in).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{footer::Footer, header::Header};
use crate::hooks::session::SessionProvider;
use crate::i18n::LocaleProvider;
use crate::route::Route;

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <crate::shell::home::Home /> },
        #[cfg(feature = "opendata")]
        Route::Data => html! { <crate::opendata::home::DataHome /> },
        #[cfg(feature = "opendata")]
        Route::DataSearch => html! { <crate::opendata::search::DataSearch /> },
        #[cfg(feature = "opendata")]
        Route::Dataset { id } => html! { <crate::opendata::dataset::DatasetPage id={id} /> },
        #[cfg(feature = "opendata")]
        Route::DataRequests => html! { <crate::opendata::requests::RequestsPage /> },
        #[cfg(feature = "opendata")]
        Route::DataShowcases => html! { <crate::opendata::showcases::ShowcasesPage /> },
        #[cfg(feature = "opendata")]
        Route::Publisher => html! { <crate::opendata::publisher::PublisherPage /> },
        #[cfg(feature = "opendata")]
        Route::NewDataset => html! { <crate::opendata::editor::EditorPage /> },
        #[cfg(feature = "opendata")]
        Route::EditDataset { id } => html! { <crate::opendata::editor::EditorPage id={Some(id)} /> },
        #[cfg(feature = "opendata")]
        Route::ReviewQueue => html! { <crate::opendata::review::ReviewQueue /> },
        #[cfg(feature = "opendata")]
        Route::ReviewDraft { id } => html! { <crate::opendata::review::ReviewPage id={id} /> },
        #[cfg(feature = "opendata")]
        Route::Organizations => html! { <crate::opendata::organization::OrganizationsPage /> },
        #[cfg(feature = "opendata")]
        Route::Organization { id } => html! { <crate::opendata::organization::OrganizationPage id={id} /> },
        #[cfg(feature = "booking")]
        Route::Booking => html! { <crate::booking::home::BookingHome /> },
        #[cfg(feature = "booking")]
        Route::Instrument { id } => html! { <crate::booking::instrument::InstrumentPage id={id} /> },
        #[cfg(feature = "booking")]
        Route::MyBookings => html! { <crate::booking::mine::MyBookings /> },
        #[cfg(feature = "booking")]
        Route::Center { id } => html! { <crate::booking::center::CenterPage id={id} /> },
        #[cfg(feature = "qa")]
        Route::Qa => html! { <crate::qa::home::QaHome /> },
        #[cfg(feature = "qa")]
        Route::QaAsk => html! { <crate::qa::ask::QaAsk /> },
        #[cfg(feature = "qa")]
        Route::QaQuestion { id } => html! { <crate::qa::question::QaQuestionPage id={id} /> },
        #[cfg(feature = "qa")]
        Route::QaFaq => html! { <crate::qa::faq::QaFaq /> },
        #[cfg(feature = "qa")]
        Route::QaLeaderboard => html! { <crate::qa::people::QaLeaderboard /> },
        #[cfg(feature = "qa")]
        Route::QaUser { id } => html! { <crate::qa::people::QaUserPage id={id} /> },
        #[cfg(feature = "qa")]
        Route::QaStats => html! { <crate::qa::stats::QaStatsPage /> },
        #[cfg(feature = "qa")]
        Route::QaModeration => html! { <crate::qa::moderation::QaModeration /> },
        Route::Login => html! { <crate::shell::login::Login /> },
        Route::Register => html! { <crate::shell::register::Register /> },
        Route::PasswordReset => html! { <crate::shell::password_reset::RequestReset /> },
        Route::PasswordResetConfirm => html! { <crate::shell::password_reset::ConfirmReset /> },
        Route::Account => html! { <crate::shell::account::Account /> },
        Route::NotFound => html! { <crate::shell::not_found::NotFound /> },
        // A page of a service this bundle leaves out: load the bundle that has it.
        #[cfg_attr(all(feature = "opendata", feature = "booking", feature = "qa"), expect(unreachable_patterns))]
        _ => html! { <crate::shell::elsewhere::Elsewhere /> },
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
