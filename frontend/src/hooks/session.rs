//! The signed-in user, loaded once from `GET /api/auth/me` and updated by
//! login, registration and logout.

use commons_domain::accounts::UserView;
use yew::prelude::*;

use crate::api;

/// What the session context holds.
#[derive(Clone, PartialEq)]
pub struct Session {
    /// The user, once known; `None` when signed out.
    pub user: Option<UserView>,
    /// Whether the first `/api/auth/me` has answered.
    pub loaded: bool,
    set_user: Callback<Option<UserView>>,
}

impl Session {
    /// Replaces the signed-in user (after login, registration, logout, edits).
    pub fn set(&self, user: Option<UserView>) {
        self.set_user.emit(user);
    }
}

/// The current [`Session`].
#[hook]
#[expect(clippy::expect_used, reason = "App always wraps every page in SessionProvider")]
pub fn use_session() -> Session {
    use_context::<Session>().expect("SessionProvider wraps the app")
}

/// Props of [`SessionProvider`].
#[derive(Properties, PartialEq)]
pub struct ProviderProps {
    /// The app.
    pub children: Html,
}

/// Loads the session and provides it.
#[component]
pub fn SessionProvider(props: &ProviderProps) -> Html {
    let user = use_state(|| None::<UserView>);
    let loaded = use_state(|| false);
    let i18n = crate::i18n::use_i18n();
    {
        let user = user.clone();
        let loaded = loaded.clone();
        let i18n = i18n.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                // A network failure leaves the visitor signed out; pages that need a
                // user then offer to sign in, which retries the server.
                if let Ok(Some(u)) = api::accounts::me().await {
                    if let Some(l) = commons_domain::i18n::Locale::parse(&u.locale) {
                        if !crate::i18n::locale_chosen() {
                            i18n.set_locale(l);
                        }
                    }
                    user.set(Some(u));
                }
                loaded.set(true);
            });
        });
    }
    let set_user = {
        let user = user.clone();
        let loaded = loaded.clone();
        Callback::from(move |u: Option<UserView>| {
            user.set(u);
            loaded.set(true);
        })
    };
    let ctx = Session { user: (*user).clone(), loaded: *loaded, set_user };
    html! {
        <ContextProvider<Session> context={ctx}>
            { props.children.clone() }
        </ContextProvider<Session>>
    }
}
