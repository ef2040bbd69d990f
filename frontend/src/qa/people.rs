//! People of the Knowledge Q&A: the leaderboard (`/qa/leaderboard`, period
//! and tag kept in the URL) and a member's profile (`/qa/users/:id`) with
//! points, level, progress to the next level, privileges and badges.

use commons_domain::qa::{BADGES, PRIVILEGES};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::{grouped, pct_encode};
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::qa::common::{badge_text, level_label, level_name, privilege_name, qa_nav, query_param, use_query_string};
use crate::route::Route;

/// The leaderboard periods.
const PERIODS: [&str; 4] = ["week", "month", "year", "all"];

/// The privileges a level unlocks, in words, as one list.
fn next_unlocks(i18n: &I18n, privileges: &[String]) -> String {
    let names: Vec<String> = privileges.iter().map(|p| privilege_name(i18n, p)).collect();
    names.join(i18n.tr("qa.list_sep"))
}

fn period_name(i18n: &I18n, p: &str) -> &'static str {
    match p {
        "month" => i18n.tr("qa.period.month"),
        "year" => i18n.tr("qa.period.year"),
        "all" => i18n.tr("qa.period.all"),
        _ => i18n.tr("qa.period.week"),
    }
}

fn leaderboard_query(period: &str, tag: &str) -> String {
    let mut q = format!("period={}", pct_encode(period));
    if !tag.trim().is_empty() {
        q.push_str(&format!("&tag={}", pct_encode(tag.trim())));
    }
    q
}

/// The leaderboard.
#[component]
pub fn QaLeaderboard() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let qs = use_query_string();
    let period =
        Some(query_param(&qs, "period")).filter(|p| PERIODS.contains(&p.as_str())).unwrap_or_else(|| "week".into());
    let tag = query_param(&qs, "tag");
    let fetched =
        use_api(
            (period.clone(), tag.clone()),
            |(p, t): (String, String)| async move { api::qa::leaderboard(&p, &t).await },
        );
    use_title(Some(i18n.tr("qa.nav.leaderboard").to_string()));
    let go = {
        let navigator = navigator.clone();
        move |period: &str, tag: &str| {
            if let Some(n) = &navigator {
                let _ =
                    n.push_with_query(&Route::QaLeaderboard, yew_router::query::Raw(leaderboard_query(period, tag)));
            }
        }
    };
    let tag_ref = use_node_ref();
    let on_tag = {
        let (go, period, tag_ref) = (go.clone(), period.clone(), tag_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let t = tag_ref.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            go(&period, &t);
        })
    };
    let tabs = PERIODS.iter().map(|p| {
        let onclick = {
            let (go, tag, p) = (go.clone(), tag.clone(), *p);
            Callback::from(move |_: MouseEvent| go(p, &tag))
        };
        html! {
            <button type="button" role="tab" aria-selected={(period == *p).to_string()}
                class={classes!("btn", "btn-sm", if period == *p { "btn-primary" } else { "btn-secondary" })}
                onclick={onclick} data-testid={format!("period-{p}")}>{ period_name(&i18n, p) }</button>
        }
    });
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(l)) if l.is_empty() => html! { <p class="notice notice-info">{ i18n.tr("qa.leaders_empty") }</p> },
        Some(Ok(l)) => html! {
            <div class="table-wrap">
                <table class="qa-leaderboard" data-testid="leaderboard">
                    <thead><tr>
                        <th scope="col">{ i18n.tr("qa.rank") }</th>
                        <th scope="col">{ i18n.tr("qa.member") }</th>
                        <th scope="col">{ i18n.tr("qa.level") }</th>
                        <th scope="col" class="num">{ i18n.tr("qa.points_period") }</th>
                    </tr></thead>
                    <tbody>
                        { for l.iter().map(|r| html! {
                            <tr data-testid="leader" data-user-id={r.user_id.to_string()}>
                                <td>{ r.rank }</td>
                                <td><Link<Route> to={Route::QaUser { id: r.user_id }}>{ r.name.clone() }</Link<Route>></td>
                                <td>{ level_label(&i18n, r.level) }</td>
                                <td class="num">{ grouped(r.points) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <div class="page qa-leaders">
            <h1>{ i18n.tr("qa.nav.leaderboard") }</h1>
            { qa_nav(&i18n, session.user.as_ref(), "leaderboard") }
            <div class="qa-tabs" role="tablist" aria-label={i18n.tr("qa.period")}>{ for tabs }</div>
            <form class="qa-inline-form" onsubmit={on_tag}>
                <label for="leader-tag">{ i18n.tr("qa.field.tag") }</label>
                <input id="leader-tag" ref={tag_ref} value={tag.clone()} autocomplete="off" data-testid="leader-tag" />
                <button type="submit" class="btn btn-secondary btn-sm">{ i18n.tr("qa.apply") }</button>
            </form>
            { body }
        </div>
    }
}

/// Props of [`QaUserPage`].
#[derive(Properties, PartialEq)]
pub struct UserProps {
    /// User id.
    pub id: i64,
}

/// A member's points, level and badges.
#[component]
pub fn QaUserPage(props: &UserProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let fetched = use_api(props.id, |id| async move { api::qa::user(id).await });
    let name = match &*fetched.state {
        Some(Ok(u)) => Some(u.name.clone()),
        _ => None,
    };
    use_title(name);
    let current = if session.user.as_ref().is_some_and(|u| u.id == props.id) { "me" } else { "" };
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(u)) => {
            let next = match (u.next_level, u.next_level_points) {
                (Some(n), Some(p)) => html! {
                    <>
                        <p data-testid="qa-next-level">
                            { i18n.trf("qa.to_next_level", &[("n", &(p - u.points).max(0).to_string()), ("level", &level_label(&i18n, n))]) }
                        </p>
                        if !u.next_unlocks.is_empty() {
                            <p data-testid="qa-next-unlocks">{ i18n.trf("qa.next_unlocks", &[("privilege", &next_unlocks(&i18n, &u.next_unlocks))]) }</p>
                        }
                    </>
                },
                _ => html! { <p>{ i18n.tr("qa.top_level") }</p> },
            };
            html! {
                <>
                    <h1 data-testid="qa-user-name">{ u.name.clone() }</h1>
                    <section class="card qa-level-card" aria-labelledby="qa-level-title">
                        <h2 id="qa-level-title" class="h3" data-testid="qa-level" data-level={u.level.to_string()}>
                            { level_label(&i18n, u.level) }
                        </h2>
                        <p class="qa-points" data-testid="qa-points" data-points={u.points.to_string()}>
                            { i18n.trf("qa.points_n", &[("n", &grouped(u.points))]) }
                        </p>
                        // A <progress> needs no inline style, which the CSP forbids.
                        <progress class="qa-progress" max="100" value={u.progress.min(100).to_string()}
                            aria-valuenow={u.progress.to_string()} aria-label={i18n.tr("qa.progress")} data-testid="qa-progress">
                            { format!("{}%", u.progress) }
                        </progress>
                        <p class="muted">{ i18n.trf("qa.progress_pct", &[("n", &u.progress.to_string())]) }</p>
                        { next }
                    </section>
                    <section class="card" aria-labelledby="qa-priv-title">
                        <h2 id="qa-priv-title" class="h3">{ i18n.tr("qa.privileges") }</h2>
                        <ul class="qa-privileges" role="list" data-testid="qa-privileges">
                            { for PRIVILEGES.iter().map(|p| {
                                let held = u.privileges.iter().any(|h| h == p);
                                html! {
                                    <li class={classes!(held.then_some("held"))}>
                                        <span aria-hidden="true">{ if held { "✔ " } else { "○ " } }</span>
                                        { privilege_name(&i18n, p) }
                                        if !held { <span class="visually-hidden">{ i18n.tr("qa.locked") }</span> }
                                        // The top level's moderation is used on the queue's page.
                                        if held && *p == "moderate" && current == "me" {
                                            { " · " }<Link<Route> to={Route::QaModeration}>{ i18n.tr("qa.nav.moderation") }</Link<Route>>
                                        }
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                    <section class="card" aria-labelledby="qa-badges-title">
                        <h2 id="qa-badges-title" class="h3">{ i18n.tr("qa.badges") }</h2>
                        <ul class="qa-badges" role="list" data-testid="qa-badges">
                            { for BADGES.iter().map(|b| {
                                let earned = u.badges.iter().any(|h| h == b);
                                let (name, desc) = badge_text(&i18n, b);
                                html! {
                                    <li class={classes!("qa-badge", earned.then_some("earned"))} data-testid={earned.then_some("badge-earned")}>
                                        <strong>{ name }</strong>
                                        <span class="muted">{ desc }</span>
                                        if !earned { <span class="visually-hidden">{ i18n.tr("qa.not_earned") }</span> }
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                    <p class="muted">{ i18n.tr("qa.levels_help") }{ " " }
                        { for (1..=6u8).map(|n| html! { <span class="qa-level-chip">{ format!("{n} {}", level_name(&i18n, n)) }</span> }) }
                    </p>
                </>
            }
        }
    };
    html! {
        <div class="page qa-user">
            { qa_nav(&i18n, session.user.as_ref(), current) }
            { body }
        </div>
    }
}
