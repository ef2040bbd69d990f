//! The 404 page for any path the router does not know.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The not-found page.
#[component]
pub fn NotFound() -> Html {
    let i18n = use_i18n();
    use_title(Some(i18n.tr("notfound.title").to_string()));
    html! {
        <div class="page narrow not-found" data-testid="not-found">
            <p class="big-code" aria-hidden="true">{ "404" }</p>
            <h1>{ i18n.tr("notfound.title") }</h1>
            <p>{ i18n.tr("notfound.body") }</p>
            <Link<Route> to={Route::Home} classes="btn btn-primary">{ i18n.tr("notfound.home") }</Link<Route>>
        </div>
    }
}
