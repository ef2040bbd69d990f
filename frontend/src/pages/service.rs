//! The landing page of each service. The services themselves land with their
//! own issues; until then each page says plainly what is coming.

use yew::prelude::*;

use crate::i18n::use_i18n;

/// Which of the three services.
#[derive(Clone, Copy, PartialEq)]
pub enum Service {
    /// 知識問答.
    Qa,
}

/// Props of [`ServicePage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The service shown.
    pub service: Service,
}

/// A service's landing page.
#[component]
pub fn ServicePage(props: &Props) -> Html {
    let i18n = use_i18n();
    let (title, lead, features) = match props.service {
        Service::Qa => ("nav.qa", "qa.lead", ["qa.f1", "qa.f2", "qa.f3"]),
    };
    html! {
        <div class="page narrow">
            <h1>{ i18n.tr(title) }</h1>
            <p class="lead">{ i18n.tr(lead) }</p>
            <div class="notice notice-info" role="note">{ i18n.tr("service.coming") }</div>
            <ul class="feature-list">
                { for features.iter().map(|k| html! { <li>{ i18n.tr(k) }</li> }) }
            </ul>
        </div>
    }
}
