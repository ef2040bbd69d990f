//! The stand-in for a page that lives in another service's bundle.
//!
//! The router has already put the new URL in the address bar, so a reload
//! makes `boot.js` start the bundle that has the page. Back and forward
//! across services work the same way.

use yew::prelude::*;

use crate::components::loading::Loading;
use crate::route::{bundle_for, has_bundle};
use crate::shell::not_found::NotFound;

/// Reloads into the right bundle, or shows the 404 page if this bundle should
/// have had the page (so a wrong rule can never loop).
#[component]
pub fn Elsewhere() -> Html {
    let location = web_sys::window().map(|w| w.location());
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_default();
    let foreign = !has_bundle(bundle_for(&path));
    use_effect_with(path.clone(), move |_| {
        if foreign {
            if let Some(l) = location {
                let _ = l.reload();
            }
        }
    });
    if foreign {
        html! { <Loading /> }
    } else {
        html! { <NotFound /> }
    }
}
