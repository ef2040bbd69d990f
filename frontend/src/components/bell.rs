//! The notification bell shared by every service: an unread badge and a
//! menu of translated notifications, refreshed on every route change.
//! Clicking a notification marks it read before following its link.

use commons_domain::common::notify::NotificationList;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The bell (render only when signed in).
#[component]
pub fn Bell() -> Html {
    let i18n = use_i18n();
    let route = use_route::<Route>();
    let list = use_state(|| None::<NotificationList>);
    let reload = use_state(|| 0u32);
    {
        let list = list.clone();
        use_effect_with((route, *reload), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(l) = api::accounts::notifications().await {
                    list.set(Some(l));
                }
            });
        });
    }
    let unread = list.as_ref().map(|l| l.unread).unwrap_or(0);
    let mark_read = {
        let reload = reload.clone();
        Callback::from(move |_: MouseEvent| {
            let reload = reload.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::accounts::read_notifications().await;
                reload.set(*reload + 1);
            });
        })
    };
    // Clicking one marks it read; the link is followed once the server
    // has it, so the count the next page shows has dropped.
    let navigator = use_navigator();
    let open_one = {
        let reload = reload.clone();
        Callback::from(move |(id, link, was_read): (i64, String, bool)| {
            let (reload, navigator) = (reload.clone(), navigator.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if !was_read {
                    let _ = api::accounts::read_notification(id).await;
                }
                reload.set(*reload + 1);
                match (Route::recognize(&link), navigator) {
                    (Some(route), Some(nav)) if !link.contains(['?', '#']) => nav.push(&route),
                    _ => {
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().set_href(&link);
                        }
                    }
                }
            });
        })
    };
    let items = list.as_ref().map(|l| l.notifications.clone()).unwrap_or_default();
    html! {
        <details class="bell">
            <summary aria-label={i18n.trf("notify.bell_label", &[("n", &unread.to_string())])} data-testid="bell">
                <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                    <path d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.3A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm0 19a3 3 0 0 0 2.8-2H9.2A3 3 0 0 0 12 22Z" fill="currentColor"/>
                </svg>
                if unread > 0 { <span class="bell-count" data-testid="bell-count">{ unread }</span> }
            </summary>
            <div class="menu bell-menu">
                if items.is_empty() {
                    <p class="muted">{ i18n.tr("notify.empty") }</p>
                } else {
                    <ul class="bell-list" role="list">
                        { for items.iter().map(|n| {
                            let params: Vec<(String, String)> = n.params.iter().map(|(k, v)| {
                                let text = match v.as_str() {
                                    // A badge is named in words, not by its key.
                                    Some(s) if k == "badge" => i18n.tr(&format!("qa.badge.{s}")).to_string(),
                                    Some(s) if s.ends_with('Z') => i18n.datetime(s),
                                    Some(s) => s.to_string(),
                                    None => v.to_string(),
                                };
                                (k.clone(), text)
                            }).collect();
                            let args: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                            html! {
                                <li class={classes!("bell-item", (!n.read).then_some("unread"))}>
                                    <a href={n.link.clone()} data-testid="bell-item" onclick={{
                                        let (open_one, id, link, read) = (open_one.clone(), n.id, n.link.clone(), n.read);
                                        Callback::from(move |e: MouseEvent| {
                                            // A new tab or window keeps the browser's own behaviour.
                                            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                                                return;
                                            }
                                            e.prevent_default();
                                            open_one.emit((id, link.clone(), read));
                                        })
                                    }}>{ i18n.trf(&format!("notify.{}", n.kind), &args) }</a>
                                    <span class="muted">{ i18n.datetime(&n.created_at) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    if unread > 0 {
                        <button type="button" class="btn btn-secondary btn-sm" onclick={mark_read}>{ i18n.tr("notify.mark_read") }</button>
                    }
                }
            </div>
        </details>
    }
}
