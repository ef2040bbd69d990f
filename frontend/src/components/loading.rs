//! The loading indicator, announced to screen readers.

use yew::prelude::*;

use crate::i18n::use_i18n;

/// A spinner with a live-region label.
#[component]
pub fn Loading() -> Html {
    let i18n = use_i18n();
    html! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{ i18n.tr("common.loading") }</span>
        </div>
    }
}
