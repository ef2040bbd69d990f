//! Showcases (`/data/showcases`, 應用展示): applications built on the
//! catalogue's datasets. Everyone sees the approved ones with links to their
//! approved datasets; signed-in users submit new ones and follow their own
//! while they wait; each agency's publishers see only their agency's part of
//! a pending showcase (the links to its own datasets) and decide that part.

use commons_domain::accounts::{has_role, Role};
use commons_domain::opendata::participation::{NewShowcase, ShowcaseLink};
use commons_domain::opendata::valid_url;
use commons_domain::opendata::wire::{CreatedWithStatus, ShowcaseItem, StatusChange};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::when;
use crate::hooks::api::{use_api, Loaded};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::opendata::common::crumbs;
use crate::opendata::participation::{clear_node, node_value, sign_in_prompt};
use crate::route::Route;

/// The label and badge class of a link's review state.
fn link_status(i18n: &I18n, status: &str) -> (&'static str, &'static str) {
    match status {
        "approved" => (i18n.tr("part.link_status.approved"), "status-approved"),
        "rejected" => (i18n.tr("part.link_status.rejected"), "status-closed"),
        _ => (i18n.tr("part.link_status.pending"), "status-open"),
    }
}

/// The links of a showcase the viewer may see, each with its agency's decision.
fn link_list(i18n: &I18n, links: &[ShowcaseLink]) -> Html {
    html! {
        <ul class="showcase-datasets showcase-link-list" role="list">
            { for links.iter().map(|l| {
                let (label, class) = link_status(i18n, &l.status);
                html! {
                    <li data-testid="showcase-link" data-status={l.status.clone()}>
                        <Link<Route> to={Route::Dataset { id: l.identifier.clone() }} classes="badge tag">{ &l.title }</Link<Route>>
                        { " " }
                        <span class={classes!("badge", class)}>{ label }</span>
                    </li>
                }
            }) }
        </ul>
    }
}

/// Props of [`ShowcaseList`].
#[derive(Properties, PartialEq)]
struct ListProps {
    items: Vec<ShowcaseItem>,
    /// A list of showcases under review: shows each link's state, and
    /// approve/reject where the viewer has a part to decide.
    #[prop_or_default]
    review: bool,
    #[prop_or_default]
    on_change: Callback<()>,
    testid: AttrValue,
}

/// Showcases as cards.
#[component]
fn ShowcaseList(props: &ListProps) -> Html {
    let i18n = use_i18n();
    let submit = use_submit::<StatusChange>();
    let review = |id: i64, approve: bool| {
        let (submit, on_change) = (submit.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let on_change = on_change.clone();
            submit.run(async move { api::opendata::review_showcase(id, approve).await }, move |_| on_change.emit(()));
        })
    };
    html! {
        <>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            <ul class="card-grid showcase-grid" role="list" data-testid={props.testid.clone()}>
                { for props.items.iter().map(|item| {
                    let s = &item.showcase;
                    html! {
                        <li class="card showcase-card" data-testid="showcase" data-showcase={s.id.to_string()}>
                            <h3 class="card-title">
                                if valid_url(&s.url) {
                                    <a href={s.url.clone()} target="_blank" rel="noopener noreferrer external">{ &s.title }{ " ↗" }</a>
                                } else {
                                    { &s.title }
                                }
                            </h3>
                            if !s.description.is_empty() { <p class="pre-line">{ &s.description }</p> }
                            <p class="muted">{ i18n.trf("part.by_on", &[("author", &s.author), ("date", &when(&i18n, &s.created_at))]) }</p>
                            if props.review {
                                <p class="muted">{ i18n.tr("part.uses_datasets") }</p>
                                { link_list(&i18n, &s.links) }
                            } else {
                                <p class="showcase-datasets">
                                    <span class="muted">{ i18n.tr("part.uses_datasets") }</span>
                                    { for s.datasets.iter().map(|(id, title)| html! {
                                        <Link<Route> to={Route::Dataset { id: id.clone() }} classes="badge tag">{ title }</Link<Route>>
                                    }) }
                                </p>
                            }
                            if props.review && item.can_review {
                                <div class="form-actions">
                                    <button type="button" class="btn btn-primary btn-sm" onclick={review(s.id, true)}
                                        disabled={submit.busy()} data-testid="approve">{ i18n.tr("part.approve") }</button>
                                    <button type="button" class="btn btn-secondary btn-sm" onclick={review(s.id, false)}
                                        disabled={submit.busy()} data-testid="reject">{ i18n.tr("part.reject") }</button>
                                </div>
                            }
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}

/// A list of showcases as loaded, with its loading and error states.
fn loaded_list(
    i18n: &I18n,
    state: &Loaded<Vec<ShowcaseItem>>,
    retry: Callback<MouseEvent>,
    review: bool,
    on_change: Callback<()>,
    testid: &'static str,
) -> Html {
    match state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={retry} /> },
        Some(Ok(list)) if list.is_empty() => {
            html! { <p class="muted" data-testid={testid}>{ i18n.tr("part.no_showcases") }</p> }
        }
        Some(Ok(list)) => {
            html! { <ShowcaseList items={list.clone()} review={review} on_change={on_change} testid={testid} /> }
        }
    }
}

/// The showcases page.
#[component]
pub fn ShowcasesPage() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let version = use_state(|| 0u32);
    let publisher = session.user.as_ref().is_some_and(|u| has_role(&u.roles, Role::Publisher, None));
    let signed_in = session.user.is_some();
    let approved = use_api(*version, |_| api::opendata::showcases("", ""));
    // Signed in: the submitter's own waiting showcases, and a publisher's agencies' part of others.
    let pending = use_api((*version, signed_in), |(_, s): (u32, bool)| async move {
        if s {
            api::opendata::showcases("pending", "").await
        } else {
            Ok(Vec::new())
        }
    });
    use_title(Some(i18n.tr("part.showcases").to_string()));
    let reload = {
        let version = version.clone();
        Callback::from(move |_: ()| version.set(*version + 1))
    };
    html! {
        <div class="page participation-page">
            { crumbs(&i18n, html! {}) }
            <h1>{ i18n.tr("part.showcases") }</h1>
            <p class="lead">{ i18n.tr("part.showcases_lead") }</p>
            if signed_in {
                <section aria-labelledby="pending-title" class="data-section">
                    <h2 id="pending-title">{ i18n.tr("part.pending_showcases") }</h2>
                    <p class="hint">{ i18n.tr(if publisher { "part.review_own_part" } else { "part.pending_own" }) }</p>
                    { loaded_list(&i18n, &pending.state, pending.retry.clone(), true, reload.clone(), "pending-showcases") }
                </section>
            }
            <div class="participation-layout">
                <section aria-labelledby="approved-title">
                    <h2 id="approved-title" class="visually-hidden">{ i18n.tr("part.showcases") }</h2>
                    { loaded_list(&i18n, &approved.state, approved.retry.clone(), false, reload.clone(), "showcases") }
                </section>
                <aside>
                    if session.user.is_some() {
                        <SubmitForm on_done={reload} />
                    } else {
                        { sign_in_prompt(&i18n, "part.sign_in_to_showcase") }
                    }
                </aside>
            </div>
        </div>
    }
}

/// Props of [`SubmitForm`].
#[derive(Properties, PartialEq)]
struct SubmitProps {
    on_done: Callback<()>,
}

/// The form that submits a showcase for review.
#[component]
fn SubmitForm(props: &SubmitProps) -> Html {
    let i18n = use_i18n();
    let (title, description, url, datasets) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let submit = use_submit::<CreatedWithStatus>();
    let onsubmit = {
        let refs = (title.clone(), description.clone(), url.clone(), datasets.clone());
        let (submit, on_done) = (submit.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (title, description, url, datasets) = refs.clone();
            let req = NewShowcase {
                title: node_value(&title),
                description: node_value(&description),
                url: node_value(&url).trim().to_string(),
                datasets: node_value(&datasets)
                    .split([',', '，', ' ', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
            };
            let on_done = on_done.clone();
            submit.run(async move { api::opendata::submit_showcase(&req).await }, move |_| {
                [&title, &description, &url, &datasets].into_iter().for_each(clear_node);
                on_done.emit(());
            });
        })
    };
    html! {
        <form class="card" onsubmit={onsubmit} data-testid="showcase-form">
            <h2 class="card-title">{ i18n.tr("part.submit_showcase") }</h2>
            <div class="field">
                <label for="showcase-title">{ i18n.tr("part.showcase_title") }</label>
                <input id="showcase-title" type="text" required=true maxlength="120" ref={title} data-testid="showcase-title" />
            </div>
            <div class="field">
                <label for="showcase-url">{ i18n.tr("part.showcase_url") }</label>
                <input id="showcase-url" type="url" required=true placeholder="https://" ref={url} data-testid="showcase-url" />
            </div>
            <div class="field">
                <label for="showcase-description">{ i18n.tr("part.showcase_description") }</label>
                <textarea id="showcase-description" rows="3" maxlength="4000" ref={description} data-testid="showcase-description" />
            </div>
            <div class="field">
                <label for="showcase-datasets">{ i18n.tr("part.showcase_datasets") }</label>
                <input id="showcase-datasets" type="text" required=true ref={datasets} data-testid="showcase-datasets"
                    aria-describedby="showcase-datasets-hint" />
                <p id="showcase-datasets-hint" class="hint">{ i18n.tr("part.showcase_datasets_hint") }</p>
            </div>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            if submit.done().is_some() {
                <p class="notice notice-success" role="status" data-testid="showcase-done">{ i18n.tr("part.showcase_done") }</p>
            }
            <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()} data-testid="showcase-submit">
                { i18n.tr("part.showcase_send") }
            </button>
        </form>
    }
}
