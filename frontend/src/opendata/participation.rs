//! Taking part on a dataset page (`/data/datasets/:id`): following the
//! dataset (its updates reach the bell), a 1–5 star rating, feedback threads
//! with the agency's replies, the showcases built on it, and, for the
//! agency's publisher, a CSV upload.

use commons_domain::opendata::participation::{FeedbackThread, NewFeedback, FEEDBACK_KINDS};
use commons_domain::opendata::wire::{
    CreatedWithStatus, DatasetViewer, RatingResult, StatusChange, Subscription, UploadedResource,
};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::when;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::i18n::{use_i18n, I18n};
use crate::route::Route;

/// The `value` of an input, select or textarea behind `r` ("" if not mounted).
pub fn node_value(r: &NodeRef) -> String {
    r.get().and_then(|n| js_sys::Reflect::get(&n, &"value".into()).ok()).and_then(|v| v.as_string()).unwrap_or_default()
}

/// Empties an input, select or textarea behind `r`.
pub fn clear_node(r: &NodeRef) {
    if let Some(n) = r.get() {
        let _ = js_sys::Reflect::set(&n, &"value".into(), &"".into());
    }
}

/// The label of a feedback status (open, replied, closed).
pub fn status_label(i18n: &I18n, status: &str) -> &'static str {
    match status {
        "replied" => i18n.tr("part.status.replied"),
        "closed" => i18n.tr("part.status.closed"),
        _ => i18n.tr("part.status.open"),
    }
}

/// The label of a feedback kind.
fn kind_label(i18n: &I18n, kind: &str) -> &'static str {
    match kind {
        "error" => i18n.tr("part.kind.error"),
        "suggestion" => i18n.tr("part.kind.suggestion"),
        _ => i18n.tr("part.kind.question"),
    }
}

/// A sign-in prompt with a link to the login page.
pub fn sign_in_prompt(i18n: &I18n, key: &'static str) -> Html {
    html! {
        <p class="muted sign-in-prompt">
            <Link<Route> to={Route::Login}>{ i18n.tr("account.login") }</Link<Route>>{ " · " }{ i18n.tr(key) }
        </p>
    }
}

/// Props of [`FollowAndRate`].
#[derive(Properties, PartialEq)]
pub struct FollowProps {
    /// The dataset identifier.
    pub id: AttrValue,
    /// What the viewer has done here.
    pub viewer: DatasetViewer,
    /// The average rating the dataset page loaded.
    pub rating: Option<f64>,
}

/// The subscribe button and the star rating (a radio group).
#[component]
pub fn FollowAndRate(props: &FollowProps) -> Html {
    let i18n = use_i18n();
    let subscribed = use_state(|| props.viewer.subscribed);
    let stars = use_state(|| props.viewer.stars);
    let average = use_state(|| (props.rating, None::<i64>));
    let follow = use_submit::<Subscription>();
    let rating = use_submit::<RatingResult>();
    {
        let (subscribed, stars) = (subscribed.clone(), stars.clone());
        use_effect_with(props.viewer, move |v| {
            subscribed.set(v.subscribed);
            stars.set(v.stars);
        });
    }
    let toggle = {
        let (id, subscribed, follow) = (props.id.to_string(), subscribed.clone(), follow.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, next, subscribed) = (id.clone(), !*subscribed, subscribed.clone());
            follow.run(async move { api::opendata::set_subscription(&id, next).await }, move |s| {
                subscribed.set(s.subscribed)
            });
        })
    };
    let rate = |n: i64| {
        let (id, stars, average, rating) = (props.id.to_string(), stars.clone(), average.clone(), rating.clone());
        Callback::from(move |_: Event| {
            let (id, stars, average) = (id.clone(), stars.clone(), average.clone());
            rating.run(async move { api::opendata::rate_dataset(&id, n).await }, move |r| {
                stars.set(Some(r.stars));
                average.set((Some(r.rating), Some(r.rating_count)));
            });
        })
    };
    // One notice for both controls: the latest failure of either.
    let failure = follow.failure().or_else(|| rating.failure());
    let signed_in = props.viewer.signed_in;
    let (avg, count) = *average;
    let avg_text = match (avg, count) {
        (Some(a), Some(c)) => i18n.trf("part.rating_avg_n", &[("avg", &format!("{a:.1}")), ("n", &c.to_string())]),
        (Some(a), None) => i18n.trf("part.rating_avg", &[("avg", &format!("{a:.1}"))]),
        (None, _) => i18n.tr("part.rating_none").to_string(),
    };
    html! {
        <section class="participation-bar" aria-label={i18n.tr("part.take_part")}>
            if signed_in {
                <button type="button" class="btn btn-secondary btn-sm" data-testid="subscribe"
                    aria-pressed={subscribed.to_string()} disabled={follow.busy()} onclick={toggle}>
                    { if *subscribed { i18n.tr("part.unsubscribe") } else { i18n.tr("part.subscribe") } }
                </button>
            }
            <fieldset class="star-rating" data-testid="rating">
                <legend>{ i18n.tr("part.rate") }</legend>
                <div class="stars" role="radiogroup" aria-label={i18n.tr("part.rate")}>
                    { for (1..=5).map(|n| {
                        let checked = stars.is_some_and(|s| s == n);
                        let lit = stars.is_some_and(|s| n <= s);
                        let id = format!("star-{n}");
                        html! {
                            <>
                                <input type="radio" name="stars" id={id.clone()} value={n.to_string()} checked={checked}
                                    disabled={!signed_in} onchange={rate(n)} data-testid={format!("star-{n}")} />
                                <label for={id} class={classes!("star", lit.then_some("lit"))}
                                    title={i18n.trf("part.stars_n", &[("n", &n.to_string())])}>
                                    <span aria-hidden="true">{ "★" }</span>
                                    <span class="visually-hidden">{ i18n.trf("part.stars_n", &[("n", &n.to_string())]) }</span>
                                </label>
                            </>
                        }
                    }) }
                </div>
                <span class="muted rating-average" data-testid="rating-average" aria-live="polite">{ avg_text }</span>
            </fieldset>
            if !signed_in { { sign_in_prompt(&i18n, "part.sign_in_to_take_part") } }
            if let Some(f) = failure { <ErrorNotice failure={f} /> }
        </section>
    }
}

/// Props of [`UploadCsv`].
#[derive(Properties, PartialEq)]
pub struct UploadProps {
    /// The dataset identifier.
    pub id: AttrValue,
    /// Called after a successful upload (the page reloads the dataset).
    pub on_done: Callback<()>,
}

/// The publisher's CSV upload: a file input sent as it is (`text/csv`).
#[component]
pub fn UploadCsv(props: &UploadProps) -> Html {
    let i18n = use_i18n();
    let file = use_node_ref();
    let description = use_node_ref();
    let submit = use_submit::<UploadedResource>();
    let onsubmit = {
        let (file, description, submit) = (file.clone(), description.clone(), submit.clone());
        let (id, on_done) = (props.id.to_string(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = file
                .get()
                .and_then(|n| js_sys::Reflect::get(&n, &"files".into()).ok())
                .and_then(|fs| js_sys::Reflect::get(&fs, &0.into()).ok())
                .filter(|f| !f.is_undefined() && !f.is_null());
            let Some(chosen) = chosen else { return };
            let (id, desc, on_done) = (id.clone(), node_value(&description), on_done.clone());
            submit.run(async move { api::opendata::upload_resource(&id, desc.trim(), chosen).await }, move |_| {
                on_done.emit(())
            });
        })
    };
    html! {
        <form class="card upload-form" onsubmit={onsubmit} data-testid="upload-form">
            <h3 class="card-title">{ i18n.tr("part.upload_title") }</h3>
            <div class="field">
                <label for="upload-description">{ i18n.tr("part.upload_description") }</label>
                <input id="upload-description" type="text" maxlength="200" ref={description} />
            </div>
            <div class="field">
                <label for="upload-file">{ i18n.tr("part.upload_file") }</label>
                <input id="upload-file" type="file" accept=".csv,text/csv" required=true ref={file} data-testid="upload-file" />
                <p class="hint">{ i18n.tr("part.upload_hint") }</p>
            </div>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            if submit.done().is_some() { <p class="notice notice-success" role="status">{ i18n.tr("part.upload_done") }</p> }
            <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()} data-testid="upload-submit">
                { i18n.tr("part.upload_submit") }
            </button>
        </form>
    }
}

/// Props of [`FeedbackSection`].
#[derive(Properties, PartialEq)]
pub struct FeedbackProps {
    /// The dataset identifier.
    pub id: AttrValue,
    /// What the viewer may do here.
    pub viewer: DatasetViewer,
}

/// The feedback threads of a dataset and the form to open one.
#[component]
pub fn FeedbackSection(props: &FeedbackProps) -> Html {
    let i18n = use_i18n();
    let version = use_state(|| 0u32);
    let fetched = use_api((props.id.to_string(), *version), |(id, _): (String, u32)| async move {
        api::opendata::feedback(&id).await
    });
    let reload = {
        let version = version.clone();
        Callback::from(move |_: ()| version.set(*version + 1))
    };
    let list = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(threads)) if threads.is_empty() => html! { <p class="muted">{ i18n.tr("part.no_feedback") }</p> },
        Some(Ok(threads)) => html! {
            <ul class="feedback-list" role="list" data-testid="feedback-list">
                { for threads.iter().map(|t| html! {
                    <ThreadView key={t.id} thread={t.clone()} publisher={props.viewer.publisher} on_change={reload.clone()} />
                }) }
            </ul>
        },
    };
    html! {
        <section aria-labelledby="feedback-title" class="data-section feedback">
            <h2 id="feedback-title">{ i18n.tr("part.feedback") }</h2>
            { list }
            if props.viewer.signed_in {
                <NewThreadForm id={props.id.clone()} on_done={reload} />
            } else {
                { sign_in_prompt(&i18n, "part.sign_in_to_feedback") }
            }
        </section>
    }
}

/// Props of [`NewThreadForm`].
#[derive(Properties, PartialEq)]
struct NewThreadProps {
    id: AttrValue,
    on_done: Callback<()>,
}

/// The form that opens a feedback thread.
#[component]
fn NewThreadForm(props: &NewThreadProps) -> Html {
    let i18n = use_i18n();
    let (kind, title, body) = (use_node_ref(), use_node_ref(), use_node_ref());
    let submit = use_submit::<CreatedWithStatus>();
    let onsubmit = {
        let (kind, title, body, submit) = (kind.clone(), title.clone(), body.clone(), submit.clone());
        let (id, on_done) = (props.id.to_string(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let req = NewFeedback { kind: node_value(&kind), title: node_value(&title), body: node_value(&body) };
            let (id, title, body, on_done) = (id.clone(), title.clone(), body.clone(), on_done.clone());
            submit.run(async move { api::opendata::open_feedback(&id, &req).await }, move |_| {
                clear_node(&title);
                clear_node(&body);
                on_done.emit(());
            });
        })
    };
    html! {
        <form class="card feedback-form" onsubmit={onsubmit} data-testid="feedback-form">
            <h3 class="card-title">{ i18n.tr("part.feedback_new") }</h3>
            <div class="field">
                <label for="feedback-kind">{ i18n.tr("part.feedback_kind") }</label>
                <select id="feedback-kind" ref={kind} data-testid="feedback-kind">
                    { for FEEDBACK_KINDS.iter().map(|k| html! { <option value={*k}>{ kind_label(&i18n, k) }</option> }) }
                </select>
            </div>
            <div class="field">
                <label for="feedback-title-input">{ i18n.tr("part.feedback_subject") }</label>
                <input id="feedback-title-input" type="text" required=true maxlength="100" ref={title} data-testid="feedback-title" />
            </div>
            <div class="field">
                <label for="feedback-body">{ i18n.tr("part.feedback_body") }</label>
                <textarea id="feedback-body" rows="4" required=true maxlength="4000" ref={body} data-testid="feedback-body" />
            </div>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()} data-testid="feedback-submit">
                { i18n.tr("part.feedback_send") }
            </button>
        </form>
    }
}

/// Props of [`ThreadView`].
#[derive(Properties, PartialEq)]
struct ThreadProps {
    thread: FeedbackThread,
    /// Whether the viewer speaks for the agency.
    publisher: bool,
    on_change: Callback<()>,
}

/// One thread: its posts (agency replies marked), status, reply and close.
#[component]
fn ThreadView(props: &ThreadProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let reply = use_node_ref();
    let submit = use_submit::<StatusChange>();
    let t = &props.thread;
    // The thread names its author only by display name, so "mine" is a hint;
    // the server decides who may reply or close.
    let mine = session.user.as_ref().is_some_and(|u| u.display_name == t.author);
    let may_act = session.user.is_some() && (props.publisher || mine) && t.status != "closed";
    let onsubmit = {
        let (reply, submit, on_change, id) = (reply.clone(), submit.clone(), props.on_change.clone(), t.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = node_value(&reply);
            let (reply, on_change) = (reply.clone(), on_change.clone());
            submit.run(async move { api::opendata::reply_feedback(id, &text).await }, move |_| {
                clear_node(&reply);
                on_change.emit(());
            });
        })
    };
    let close = {
        let (submit, on_change, id) = (submit.clone(), props.on_change.clone(), t.id);
        Callback::from(move |_: MouseEvent| {
            let on_change = on_change.clone();
            submit.run(async move { api::opendata::close_feedback(id).await }, move |_| on_change.emit(()));
        })
    };
    let reply_id = format!("reply-{}", t.id);
    html! {
        <li class="card feedback-thread" data-testid="feedback-thread" data-thread={t.id.to_string()}>
            <div class="thread-head">
                <ul class="badges" role="list">
                    <li class="badge">{ kind_label(&i18n, &t.kind) }</li>
                    <li class={classes!("badge", "status", format!("status-{}", t.status))} data-testid="feedback-status"
                        data-status={t.status.clone()}>{ status_label(&i18n, &t.status) }</li>
                </ul>
                <h3 class="card-title">{ &t.title }</h3>
                <p class="muted">{ i18n.trf("part.by_on", &[("author", &t.author), ("date", &when(&i18n, &t.created_at))]) }</p>
            </div>
            <ol class="posts" role="list">
                { for t.posts.iter().map(|p| html! {
                    <li class={classes!("post", p.from_agency.then_some("from-agency"))} data-testid="feedback-post">
                        <p class="post-meta">
                            if p.from_agency { <span class="badge agency" data-testid="agency-reply">{ i18n.tr("part.agency_reply") }</span>{ " " } }
                            <strong>{ &p.author }</strong>{ " · " }<span class="muted">{ when(&i18n, &p.created_at) }</span>
                        </p>
                        <p class="pre-line">{ &p.body }</p>
                    </li>
                }) }
            </ol>
            if may_act {
                <form class="reply-form" onsubmit={onsubmit}>
                    <label for={reply_id.clone()}>
                        { if props.publisher { i18n.tr("part.reply_as_agency") } else { i18n.tr("part.reply") } }
                    </label>
                    <textarea id={reply_id} rows="3" required=true maxlength="4000" ref={reply} data-testid="reply-body" />
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()}
                            data-testid="reply-submit">{ i18n.tr("part.reply_send") }</button>
                        <button type="button" class="btn btn-secondary btn-sm" disabled={submit.busy()} onclick={close}
                            data-testid="thread-close">{ i18n.tr("part.close_thread") }</button>
                    </div>
                </form>
            }
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
        </li>
    }
}

/// Props of [`DatasetShowcases`].
#[derive(Properties, PartialEq)]
pub struct ShowcasesProps {
    /// The dataset identifier.
    pub id: AttrValue,
}

/// The showcases built on this dataset that its agency approved.
#[component]
pub fn DatasetShowcases(props: &ShowcasesProps) -> Html {
    let i18n = use_i18n();
    let fetched = use_api(props.id.to_string(), |id: String| async move { api::opendata::showcases("", &id).await });
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(list)) if list.is_empty() => {
            html! { <p class="muted" data-testid="no-dataset-showcases">{ i18n.tr("part.no_showcases_here") }</p> }
        }
        Some(Ok(list)) => html! {
            <ul class="showcase-links" role="list" data-testid="dataset-showcases">
                { for list.iter().map(|s| html! {
                    <li>
                        if commons_domain::opendata::valid_url(&s.showcase.url) {
                            <a href={s.showcase.url.clone()} target="_blank" rel="noopener noreferrer external">{ &s.showcase.title }{ " ↗" }</a>
                        } else {
                            <span>{ &s.showcase.title }</span>
                        }
                        if !s.showcase.description.is_empty() { <span class="muted">{ " · " }{ &s.showcase.description }</span> }
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <section aria-labelledby="showcases-title" class="data-section">
            <div class="page-head">
                <h2 id="showcases-title">{ i18n.tr("part.showcases") }</h2>
                <Link<Route> to={Route::DataShowcases} classes="btn btn-secondary btn-sm">{ i18n.tr("part.submit_showcase_link") }</Link<Route>>
            </div>
            { body }
        </section>
    }
}
