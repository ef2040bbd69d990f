//! Dataset requests (`/data/requests`, 資料需求): what people ask agencies to
//! open, sorted by +1s or newest and filtered by status; a form to propose
//! one, a +1 toggle, and, for publishers, a form to answer.

use commons_domain::accounts::{has_role, Role};
use commons_domain::api::Created;
use commons_domain::opendata::participation::{DatasetRequest, NewDatasetRequest, RequestAnswer, REQUEST_ANSWERS};
use commons_domain::opendata::wire::{StatusChange, VoteResult};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::when;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::opendata::common::crumbs;
use crate::opendata::participation::{clear_node, node_value, sign_in_prompt};
use crate::route::Route;

/// The label of a request status.
fn request_status(i18n: &I18n, status: &str) -> &'static str {
    match status {
        "answered" => i18n.tr("part.req.answered"),
        "fulfilled" => i18n.tr("part.req.fulfilled"),
        "declined" => i18n.tr("part.req.declined"),
        _ => i18n.tr("part.req.open"),
    }
}

/// The requests page.
#[component]
pub fn RequestsPage() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let sort = use_state(|| "votes".to_string());
    let status = use_state(String::new);
    let version = use_state(|| 0u32);
    let uid = session.user.as_ref().map(|u| u.id);
    let fetched = use_api(
        ((*sort).clone(), (*status).clone(), *version, uid),
        |(sort, status, _, _): (String, String, u32, Option<i64>)| async move {
            api::opendata::dataset_requests(&sort, &status).await
        },
    );
    use_title(Some(i18n.tr("part.requests").to_string()));
    let reload = {
        let version = version.clone();
        Callback::from(move |_: ()| version.set(*version + 1))
    };
    let on_sort = {
        let sort = sort.clone();
        Callback::from(move |e: Event| sort.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let on_status = {
        let status = status.clone();
        Callback::from(move |e: Event| status.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let publisher = session.user.as_ref().is_some_and(|u| has_role(&u.roles, Role::Publisher, None));
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(list)) if list.is_empty() => html! { <p class="muted">{ i18n.tr("part.no_requests") }</p> },
        Some(Ok(list)) => html! {
            <ul class="request-list" role="list" data-testid="requests">
                { for list.iter().map(|r| html! {
                    <RequestCard key={r.id} r={r.clone()} publisher={publisher} signed_in={session.user.is_some()}
                        on_change={reload.clone()} />
                }) }
            </ul>
        },
    };
    html! {
        <div class="page participation-page">
            { crumbs(&i18n, html! {}) }
            <h1>{ i18n.tr("part.requests") }</h1>
            <p class="lead">{ i18n.tr("part.requests_lead") }</p>
            <div class="field-row">
                <label for="request-sort">{ i18n.tr("part.sort") }</label>
                <select id="request-sort" onchange={on_sort} data-testid="request-sort">
                    <option value="votes" selected={*sort == "votes"}>{ i18n.tr("part.sort_votes") }</option>
                    <option value="newest" selected={*sort == "newest"}>{ i18n.tr("part.sort_newest") }</option>
                </select>
                <label for="request-status">{ i18n.tr("part.status") }</label>
                <select id="request-status" onchange={on_status}>
                    <option value="" selected={status.is_empty()}>{ i18n.tr("part.all") }</option>
                    { for ["open", "answered", "fulfilled", "declined"].iter().map(|s| html! {
                        <option value={*s} selected={*status == *s}>{ request_status(&i18n, s) }</option>
                    }) }
                </select>
            </div>
            <div class="participation-layout">
                <div>{ body }</div>
                <aside>
                    if session.user.is_some() {
                        <ProposeForm on_done={reload} />
                    } else {
                        { sign_in_prompt(&i18n, "part.sign_in_to_request") }
                    }
                </aside>
            </div>
        </div>
    }
}

/// Props of [`ProposeForm`].
#[derive(Properties, PartialEq)]
struct ProposeProps {
    on_done: Callback<()>,
}

/// The form that proposes a dataset request.
#[component]
fn ProposeForm(props: &ProposeProps) -> Html {
    let i18n = use_i18n();
    let (title, description, org) = (use_node_ref(), use_node_ref(), use_node_ref());
    let submit = use_submit::<Created>();
    let onsubmit = {
        let (title, description, org, submit) = (title.clone(), description.clone(), org.clone(), submit.clone());
        let on_done = props.on_done.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let o = node_value(&org).trim().to_string();
            let req = NewDatasetRequest {
                title: node_value(&title),
                description: node_value(&description),
                organization_id: (!o.is_empty()).then_some(o),
            };
            let fields = [title.clone(), description.clone(), org.clone()];
            let on_done = on_done.clone();
            submit.run(async move { api::opendata::propose_request(&req).await }, move |_| {
                fields.iter().for_each(clear_node);
                on_done.emit(());
            });
        })
    };
    html! {
        <form class="card" onsubmit={onsubmit} data-testid="request-form">
            <h2 class="card-title">{ i18n.tr("part.propose") }</h2>
            <div class="field">
                <label for="request-title">{ i18n.tr("part.request_title") }</label>
                <input id="request-title" type="text" required=true maxlength="120" ref={title} data-testid="request-title" />
            </div>
            <div class="field">
                <label for="request-description">{ i18n.tr("part.request_description") }</label>
                <textarea id="request-description" rows="4" maxlength="4000" ref={description} data-testid="request-description" />
            </div>
            <div class="field">
                <label for="request-org">{ i18n.tr("part.request_org") }</label>
                <input id="request-org" type="text" maxlength="40" placeholder="org-…" ref={org} aria-describedby="request-org-hint" />
                <p id="request-org-hint" class="hint">{ i18n.tr("part.request_org_hint") }</p>
            </div>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            if submit.done().is_some() { <p class="notice notice-success" role="status">{ i18n.tr("part.request_done") }</p> }
            <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()} data-testid="request-submit">
                { i18n.tr("part.propose_send") }
            </button>
        </form>
    }
}

/// Props of [`RequestCard`].
#[derive(Properties, PartialEq)]
struct CardProps {
    r: DatasetRequest,
    publisher: bool,
    signed_in: bool,
    on_change: Callback<()>,
}

/// One request with its +1 toggle and, for publishers, the answer form.
#[component]
fn RequestCard(props: &CardProps) -> Html {
    let i18n = use_i18n();
    let votes = use_state(|| (props.r.votes, props.r.voted));
    let vote = use_submit::<VoteResult>();
    let answering = use_submit::<StatusChange>();
    let (answer_status, answer, dataset) = (use_node_ref(), use_node_ref(), use_node_ref());
    {
        let votes = votes.clone();
        use_effect_with((props.r.votes, props.r.voted), move |v| votes.set(*v));
    }
    let r = &props.r;
    let toggle = {
        let (votes, vote, id) = (votes.clone(), vote.clone(), r.id);
        Callback::from(move |_: MouseEvent| {
            let (next, votes) = (!votes.1, votes.clone());
            vote.run(async move { api::opendata::vote_request(id, next).await }, move |v| {
                votes.set((v.votes, v.voted))
            });
        })
    };
    let on_answer = {
        let (answer_status, answer, dataset, answering) =
            (answer_status.clone(), answer.clone(), dataset.clone(), answering.clone());
        let (on_change, id) = (props.on_change.clone(), r.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = node_value(&dataset).trim().to_string();
            let req = RequestAnswer {
                status: node_value(&answer_status),
                answer: node_value(&answer),
                dataset: (!d.is_empty()).then_some(d),
            };
            let on_change = on_change.clone();
            answering.run(async move { api::opendata::answer_request(id, &req).await }, move |_| on_change.emit(()));
        })
    };
    // One notice for the card: the latest failure of either write.
    let failure = vote.failure().or_else(|| answering.failure());
    let (count, voted) = *votes;
    let prefix = format!("answer-{}", r.id);
    html! {
        <li class="card request-card" data-testid="request" data-request={r.id.to_string()}>
            <div class="request-votes">
                <span class="vote-count" data-testid="vote-count">{ count }</span>
                <button type="button" class="btn btn-secondary btn-sm" aria-pressed={voted.to_string()}
                    disabled={!props.signed_in || vote.busy()} onclick={toggle} data-testid="vote"
                    aria-label={i18n.trf("part.plus_one_label", &[("title", &r.title)])}>
                    { "+1" }
                </button>
            </div>
            <div class="request-main">
                <ul class="badges" role="list">
                    <li class={classes!("badge", "status", format!("status-{}", r.status))} data-testid="request-status">
                        { request_status(&i18n, &r.status) }
                    </li>
                    if let Some(o) = &r.organization { <li class="badge">{ o }</li> }
                </ul>
                <h3 class="card-title" data-testid="request-title-text">{ &r.title }</h3>
                if !r.description.is_empty() { <p class="pre-line">{ &r.description }</p> }
                <p class="muted">{ i18n.trf("part.by_on", &[("author", &r.author), ("date", &when(&i18n, &r.created_at))]) }</p>
                if !r.answer.is_empty() {
                    <div class="agency-answer">
                        <span class="badge agency">{ i18n.tr("part.agency_reply") }</span>
                        <p class="pre-line">{ &r.answer }</p>
                        if let Some(d) = &r.dataset {
                            <Link<Route> to={Route::Dataset { id: d.clone() }}>{ i18n.tr("part.fulfilled_by") }</Link<Route>>
                        }
                    </div>
                }
                if props.publisher && r.status == "open" {
                    <details class="answer-form">
                        <summary>{ i18n.tr("part.answer") }</summary>
                        <form onsubmit={on_answer}>
                            <div class="field">
                                <label for={format!("{prefix}-status")}>{ i18n.tr("part.status") }</label>
                                <select id={format!("{prefix}-status")} ref={answer_status}>
                                    { for REQUEST_ANSWERS.iter().map(|s| html! { <option value={*s}>{ request_status(&i18n, s) }</option> }) }
                                </select>
                            </div>
                            <div class="field">
                                <label for={format!("{prefix}-text")}>{ i18n.tr("part.answer_text") }</label>
                                <textarea id={format!("{prefix}-text")} rows="3" required=true maxlength="4000" ref={answer} />
                            </div>
                            <div class="field">
                                <label for={format!("{prefix}-dataset")}>{ i18n.tr("part.answer_dataset") }</label>
                                <input id={format!("{prefix}-dataset")} type="text" maxlength="100" ref={dataset} />
                            </div>
                            <button type="submit" class="btn btn-primary btn-sm" disabled={answering.busy()}>
                                { i18n.tr("part.answer_send") }
                            </button>
                        </form>
                    </details>
                }
                if let Some(f) = failure { <ErrorNotice failure={f} /> }
            </div>
        </li>
    }
}
