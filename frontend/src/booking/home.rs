//! Instrument search across all centres (貴重儀器預約): a search box, a centre
//! filter and cards linking to each instrument's calendar. The query lives
//! in the URL, so a search can be shared and survives back/forward.

use commons_domain::booking::FeeUnit;
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc};
use serde::{Deserialize, Serialize};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::route::Route;

/// The search as it appears in the URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Centre id.
    #[serde(default)]
    pub center: String,
    /// 1-based page.
    #[serde(default = "one")]
    pub page: u32,
}

fn one() -> u32 {
    1
}

/// A centre's name in the UI language.
pub fn center_name(i18n: &I18n, zh: &str, en: &str) -> String {
    match i18n.locale {
        commons_domain::i18n::Locale::ZhTw => zh.to_string(),
        commons_domain::i18n::Locale::En => en.to_string(),
    }
}

/// NT$ with thousands separators.
pub fn ntd(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("NT${}{out}", if n < 0 { "-" } else { "" })
}

/// "Is my favourite free then?": picks a time and lists each favourite as
/// free, or full with its free substitutes.
#[component]
fn FavoritesAt() -> Html {
    let i18n = use_i18n();
    let date = use_node_ref();
    let time = use_node_ref();
    // The hour asked about (start, unix seconds) and how many times it was asked;
    // nothing is loaded (`Ok(None)`) until the first check.
    let asked = use_state(|| None::<(i64, u32)>);
    let fetched = use_api(*asked, |asked| async move {
        match asked {
            Some((start, _)) => {
                api::booking::favorites_at(&rfc3339_utc(start), &rfc3339_utc(start + 3600)).await.map(Some)
            }
            None => Ok(None),
        }
    });
    let check = {
        let (date, time, asked) = (date.clone(), time.clone(), asked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = crate::components::field::value_of(&date);
            let t = time.cast::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let Some(start) = parse_rfc3339(&format!("{d}T{t}:00+08:00")) else {
                return;
            };
            asked.set(Some((start, asked.map_or(0, |(_, n)| n + 1))));
        })
    };
    let body = match &*fetched.state {
        None | Some(Ok(None)) => html! {},
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} /> },
        Some(Ok(Some(l))) if l.favorites.is_empty() => {
            html! { <p class="muted">{ i18n.tr("booking.no_favorites") }</p> }
        }
        Some(Ok(Some(l))) => html! {
            <ul class="fav-list" role="list" data-testid="favorites-at">
                { for l.favorites.iter().map(|f| html! {
                    <li>
                        <Link<Route> to={Route::Instrument { id: f.instrument.id }}>{ center_name(&i18n, &f.instrument.name_zh, &f.instrument.name_en) }</Link<Route>>
                        { " " }
                        if f.free == Some(true) {
                            <span class="status confirmed">{ i18n.tr("booking.fav_free") }</span>
                        } else if f.free_substitutes.is_empty() {
                            <span class="status">{ i18n.tr("booking.fav_none") }</span>
                        } else {
                            <span class="status pending">{ i18n.tr("booking.fav_full") }</span>
                            { for f.free_substitutes.iter().map(|s| html! {
                                <>{ " " }<Link<Route> to={Route::Instrument { id: s.id }} classes="substitute">
                                    { format!("{} · {}", center_name(&i18n, &s.name_zh, &s.name_en), center_name(&i18n, &s.center_name_zh, &s.center_name_en)) }
                                </Link<Route>></>
                            }) }
                        }
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <section class="card fav-card" aria-labelledby="fav-title">
            <h2 id="fav-title" class="card-title">{ i18n.tr("booking.favorites_title") }</h2>
            <form class="field-row" onsubmit={check}>
                <label for="fav-date">{ i18n.tr("booking.date") }</label>
                <input id="fav-date" type="date" required=true ref={date} />
                <label for="fav-time">{ i18n.tr("booking.time") }</label>
                <select id="fav-time" ref={time}>
                    { for (18..34).map(|h| { let t = format!("{:02}:{:02}", h / 2, (h % 2) * 30); html! { <option value={t.clone()}>{ t }</option> } }) }
                </select>
                <button type="submit" class="btn btn-secondary btn-sm" data-testid="favorites-check">{ i18n.tr("booking.check") }</button>
            </form>
            { body }
        </section>
    }
}

/// The instrument search page.
#[component]
pub fn BookingHome() -> Html {
    let i18n = use_i18n();
    let location = use_location();
    let navigator = use_navigator();
    let query = location
        .as_ref()
        .and_then(|l| l.query::<SearchQuery>().ok())
        .unwrap_or(SearchQuery { page: 1, ..Default::default() });
    let centers_fetched = use_api((), |_| async move { api::booking::centers().await });
    // Without the centres the page still searches; the filter just lists none.
    let centers = use_last_ok(&centers_fetched.state).map(|c| c.centers).unwrap_or_default();
    let result =
        use_api(query.clone(), |q| async move { api::booking::instruments(&q.q, &q.center, q.page.max(1)).await });
    let q_input = use_node_ref();
    use_title(Some(i18n.tr("nav.booking").to_string()));

    let go = {
        let navigator = navigator.clone();
        Callback::from(move |q: SearchQuery| {
            if let Some(n) = &navigator {
                let _ = n.push_with_query(&Route::Booking, &q);
            }
        })
    };
    let onsubmit = {
        let (go, q_input, query) = (go.clone(), q_input.clone(), query.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = crate::components::field::value_of(&q_input);
            go.emit(SearchQuery { q, page: 1, ..query.clone() });
        })
    };
    let on_center = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |e: Event| {
            let center = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            go.emit(SearchQuery { center, page: 1, ..query.clone() });
        })
    };

    let body = match &*result.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={result.retry.clone()} /> },
        Some(Ok(list)) if list.instruments.is_empty() => {
            html! { <p class="notice notice-info">{ i18n.tr("booking.none") }</p> }
        }
        Some(Ok(list)) => {
            let pages = list.meta.total.div_ceil(list.meta.per_page as u64).max(1) as u32;
            let page_btn = |p: u32, key: &'static str| {
                let (go, query) = (go.clone(), query.clone());
                html! {
                    <button type="button" class="btn btn-secondary btn-sm" disabled={p < 1 || p > pages}
                        onclick={Callback::from(move |_| go.emit(SearchQuery { page: p, ..query.clone() }))}>
                        { i18n.tr(key) }
                    </button>
                }
            };
            html! {
                <>
                    <p class="muted" data-testid="instrument-count">{ i18n.trf("booking.count", &[("n", &list.meta.total.to_string())]) }</p>
                    <ul class="card-grid instrument-grid" role="list">
                        { for list.instruments.iter().map(|inst| html! {
                            <li class="card instrument-card">
                                <p class="eyebrow">{ &inst.category }</p>
                                <h2 class="card-title">
                                    <Link<Route> to={Route::Instrument { id: inst.id }}>
                                        { center_name(&i18n, &inst.name_zh, &inst.name_en) }
                                    </Link<Route>>
                                </h2>
                                <p class="muted">{ center_name(&i18n, &inst.center_name_zh, &inst.center_name_en) }</p>
                                <p>{ i18n.trf(if inst.fee_unit == FeeUnit::Hour { "booking.fee_hour" } else { "booking.fee_sample" },
                                    &[("fee", &ntd(inst.fee_academic))]) }</p>
                                <ul class="badges" role="list">
                                    if inst.requires_approval { <li class="badge">{ i18n.tr("booking.needs_approval") }</li> }
                                    if inst.requires_training { <li class="badge">{ i18n.tr("booking.needs_training") }</li> }
                                    if inst.external_url.is_some() { <li class="badge">{ i18n.tr("booking.external") }</li> }
                                </ul>
                                if let Some(link) = &inst.external_url {
                                    <a href={link.clone()} target="_blank" rel="noopener noreferrer external">{ i18n.tr("booking.book_elsewhere") }{ " ↗" }</a>
                                }
                            </li>
                        }) }
                    </ul>
                    <nav class="pager" aria-label={i18n.tr("booking.pages")}>
                        { page_btn(query.page.saturating_sub(1), "common.prev") }
                        <span>{ i18n.trf("common.page_of", &[("page", &query.page.to_string()), ("pages", &pages.to_string())]) }</span>
                        { page_btn(query.page + 1, "common.next") }
                    </nav>
                </>
            }
        }
    };

    let signed_in = crate::hooks::session::use_session().user.is_some();
    html! {
        <div class="page">
            <div class="page-head">
                <h1>{ i18n.tr("nav.booking") }</h1>
                <Link<Route> to={Route::MyBookings} classes="btn btn-secondary">{ i18n.tr("booking.mine") }</Link<Route>>
            </div>
            <p class="lead">{ i18n.tr("booking.lead") }</p>
            <form class="search-bar" role="search" onsubmit={onsubmit}>
                <label class="visually-hidden" for="instrument-q">{ i18n.tr("booking.search_label") }</label>
                <input id="instrument-q" type="search" ref={q_input} value={query.q.clone()}
                    placeholder={i18n.tr("booking.search_placeholder")} />
                <label class="visually-hidden" for="instrument-center">{ i18n.tr("booking.center") }</label>
                <select id="instrument-center" onchange={on_center}>
                    <option value="" selected={query.center.is_empty()}>{ i18n.tr("booking.all_centers") }</option>
                    { for centers.iter().map(|c| html! {
                        <option value={c.id.clone()} selected={c.id == query.center}>
                            { format!("{} ({})", center_name(&i18n, &c.name_zh, &c.name_en), c.instrument_count) }
                        </option>
                    }) }
                </select>
                <button type="submit" class="btn btn-primary">{ i18n.tr("common.search") }</button>
            </form>
            if signed_in { <FavoritesAt /> }
            { body }
            <section aria-labelledby="centers-title" class="centers">
                <h2 id="centers-title">{ i18n.tr("center.day_view") }</h2>
                <ul class="badges" role="list">
                    { for centers.iter().map(|c| html! {
                        <li class="badge"><Link<Route> to={Route::Center { id: c.id.clone() }}>{ center_name(&i18n, &c.name_zh, &c.name_en) }</Link<Route>></li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
