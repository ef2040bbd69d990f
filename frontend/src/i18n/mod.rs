//! The locale context: the chosen language and date style, remembered in
//! localStorage, with `tr`/`trf` lookups into the shared catalogue
//! (`commons_domain::i18n`).

use commons_domain::i18n::{t, tf, Locale};
use gloo::storage::{LocalStorage, Storage};
use yew::prelude::*;

const LOCALE_KEY: &str = "commons.locale";
const ROC_KEY: &str = "commons.roc_years";

/// Whether this browser has an explicit language choice stored (then it
/// wins over the account's saved locale).
pub fn locale_chosen() -> bool {
    LocalStorage::get::<String>(LOCALE_KEY).is_ok()
}

/// What every component needs to render text.
#[derive(Clone, PartialEq)]
pub struct I18n {
    /// The UI language.
    pub locale: Locale,
    /// Whether dates show ROC years (民國).
    pub roc: bool,
    set_locale: Callback<Locale>,
    set_roc: Callback<bool>,
}

impl I18n {
    /// The text for a catalogue key.
    pub fn tr(&self, key: &str) -> &'static str {
        t(self.locale, key)
    }
    /// The text for a key with `{name}` placeholders filled.
    pub fn trf(&self, key: &str, args: &[(&str, &str)]) -> String {
        tf(self.locale, key, args)
    }
    /// A date and time in Taipei, in the chosen style.
    pub fn datetime(&self, rfc3339: &str) -> String {
        commons_domain::common::locale::parse_rfc3339(rfc3339)
            .map(|s| commons_domain::common::locale::format_datetime(s, self.locale, self.roc))
            .unwrap_or_default()
    }
    /// Switches the language (and remembers it).
    pub fn set_locale(&self, l: Locale) {
        self.set_locale.emit(l);
    }
    /// Switches ROC years on or off (and remembers it).
    pub fn set_roc(&self, on: bool) {
        self.set_roc.emit(on);
    }
}

/// The current [`I18n`]; panics only if used outside [`LocaleProvider`],
/// which the app root rules out.
#[hook]
#[expect(clippy::expect_used, reason = "App always wraps every page in LocaleProvider")]
pub fn use_i18n() -> I18n {
    use_context::<I18n>().expect("LocaleProvider wraps the app")
}

/// Props of [`LocaleProvider`].
#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    /// The app.
    pub children: Html,
}

fn apply_to_document(locale: Locale, i18n_title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", locale.tag());
        }
        // Only a bare site name is ours to translate: a page that named
        // itself (`use_title`, whose effect runs before this ancestor's) keeps
        // its title, and sets it again in the new language itself.
        if [Locale::ZhTw, Locale::En].iter().any(|l| doc.title() == t(*l, "app.name")) {
            doc.set_title(i18n_title);
        }
    }
}

/// Provides [`I18n`] to the tree; zh-TW unless the user chose otherwise.
#[component]
pub fn LocaleProvider(props: &ProviderProps) -> Html {
    let locale =
        use_state(|| LocalStorage::get::<String>(LOCALE_KEY).ok().and_then(|s| Locale::parse(&s)).unwrap_or_default());
    let roc = use_state(|| LocalStorage::get::<bool>(ROC_KEY).unwrap_or(false));
    {
        let l = *locale;
        use_effect_with(l, move |l| apply_to_document(*l, t(*l, "app.name")));
    }
    let set_locale = {
        let locale = locale.clone();
        Callback::from(move |l: Locale| {
            let _ = LocalStorage::set(LOCALE_KEY, l.tag());
            locale.set(l);
        })
    };
    let set_roc = {
        let roc = roc.clone();
        Callback::from(move |on: bool| {
            let _ = LocalStorage::set(ROC_KEY, on);
            roc.set(on);
        })
    };
    let ctx = I18n { locale: *locale, roc: *roc, set_locale, set_roc };
    html! {
        <ContextProvider<I18n> context={ctx}>
            { props.children.clone() }
        </ContextProvider<I18n>>
    }
}
