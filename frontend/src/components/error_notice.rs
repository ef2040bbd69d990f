//! Shows an API failure as a translated message, with the server's detail
//! for validation errors (it names the field).

use commons_domain::ErrorKind;
use yew::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::use_i18n;

/// Props of [`ErrorNotice`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The failure to show.
    pub failure: ApiFailure,
    /// Overrides the message key (e.g. a friendlier text for a failed login).
    #[prop_or_default]
    pub key_override: Option<&'static str>,
    /// Shown as a retry button when set.
    #[prop_or_default]
    pub on_retry: Option<Callback<MouseEvent>>,
}

/// An alert box with the translated message.
#[component]
pub fn ErrorNotice(props: &Props) -> Html {
    let i18n = use_i18n();
    let key = props.key_override.map(str::to_string).unwrap_or_else(|| props.failure.message_key());
    let detail = match &props.failure {
        ApiFailure::Api(e) if matches!(e.kind, ErrorKind::Invalid | ErrorKind::Conflict) => Some(e.message.clone()),
        _ => None,
    };
    html! {
        <div class="notice notice-error" role="alert" data-error-kind={key.clone()}>
            <strong>{ i18n.tr(&key) }</strong>
            if let Some(d) = detail {
                <p class="notice-detail">{ i18n.trf("error.detail", &[("detail", &d)]) }</p>
            }
            if let Some(cb) = props.on_retry.clone() {
                <button type="button" class="btn btn-secondary btn-sm" onclick={cb}>{ i18n.tr("common.retry") }</button>
            }
        </div>
    }
}
