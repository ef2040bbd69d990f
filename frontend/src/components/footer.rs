//! The site footer: what Commons is, attribution, the time-zone note and the
//! ROC-year switch.

use yew::prelude::*;

use crate::i18n::use_i18n;

/// The footer.
#[component]
pub fn Footer() -> Html {
    let i18n = use_i18n();
    let on_roc = {
        let i18n = i18n.clone();
        Callback::from(move |e: Event| {
            let checked = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
            i18n.set_roc(checked);
        })
    };
    html! {
        <footer class="site-footer">
            <div class="footer-inner">
                <div>
                    <p class="footer-brand">{ i18n.tr("app.name") }</p>
                    <p>{ i18n.tr("footer.about") }</p>
                    <p class="muted">{ i18n.tr("footer.data_source") }</p>
                </div>
                <div class="footer-settings">
                    <label class="switch">
                        <input type="checkbox" checked={i18n.roc} onchange={on_roc} data-testid="roc-toggle" />
                        <span>{ i18n.tr("settings.roc_years_label") }</span>
                    </label>
                    <p class="muted">{ i18n.tr("footer.time_zone") }</p>
                </div>
            </div>
        </footer>
    }
}
