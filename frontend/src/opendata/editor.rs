//! The publisher's dataset editor (`/data/publisher/new`,
//! `/data/publisher/edit/:id`): every metadata field of the standard and the
//! resources, checked by the domain's own validation as the publisher types
//! (the message sits next to the field, in the chosen language), saved as a
//! draft and submitted for review. Also the dashboard's list of drafts.

use commons_domain::opendata::editor::{error_field, Draft, DraftState, DraftSummary};
use commons_domain::opendata::wire::StatusChange;
use commons_domain::opendata::{validate_dataset, DatasetInput, ResourceInput, QUALITY_GRADES};
use commons_domain::{ApiError, ErrorKind};
use serde_json::Value;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::when;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::opendata::common::crumbs;
use crate::opendata::participation::sign_in_prompt;
use crate::route::Route;

/// How a field is edited.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// One line of text.
    Line,
    /// Several lines.
    Text,
    /// A whole number (empty: not given).
    Number,
    /// Comma-separated list (keywords).
    List,
    /// One of the quality grades.
    Quality,
}

/// The dataset fields in the order the form shows them, by section.
const SECTIONS: [(&str, &[(&str, Kind)]); 4] = [
    (
        "edit.section.basic",
        &[
            ("identifier", Kind::Line),
            ("title", Kind::Line),
            ("description", Kind::Text),
            ("field_description", Kind::Text),
            ("data_type", Kind::Line),
            ("category", Kind::Line),
            ("keywords", Kind::List),
            ("language", Kind::Line),
            ("notes", Kind::Text),
        ],
    ),
    (
        "edit.section.contact",
        &[
            ("organization", Kind::Line),
            ("organization_contact_name", Kind::Line),
            ("organization_contact_phone", Kind::Line),
            ("organization_contact_email", Kind::Line),
            ("publisher", Kind::Line),
            ("publisher_contact_name", Kind::Line),
            ("publisher_contact_phone", Kind::Line),
            ("publisher_contact_email", Kind::Line),
            ("publisher_oid", Kind::Line),
        ],
    ),
    (
        "edit.section.terms",
        &[
            ("license", Kind::Line),
            ("license_url", Kind::Line),
            ("cost", Kind::Line),
            ("cost_url", Kind::Line),
            ("cost_law", Kind::Line),
        ],
    ),
    (
        "edit.section.time",
        &[
            ("accrual_periodicity", Kind::Line),
            ("temporal_from", Kind::Line),
            ("temporal_to", Kind::Line),
            ("issued", Kind::Line),
            ("modified", Kind::Line),
            ("spatial", Kind::Line),
            ("landing_page", Kind::Line),
            ("number_of_data", Kind::Number),
            ("quality", Kind::Quality),
            ("upload_method", Kind::Line),
        ],
    ),
];

/// The resource fields, in form order.
const RESOURCE_FIELDS: [(&str, Kind); 10] = [
    ("resource_id", Kind::Line),
    ("description", Kind::Line),
    ("format", Kind::Line),
    ("encoding", Kind::Line),
    ("download_url", Kind::Line),
    ("access_url", Kind::Line),
    ("modified", Kind::Line),
    ("metadata_source", Kind::Line),
    ("record_count", Kind::Number),
    ("resource_field", Kind::Text),
];

/// The label of a dataset field.
pub fn field_label(i18n: &I18n, field: &str) -> String {
    match field {
        "title" => i18n.tr("edit.field.title").to_string(),
        "description" => i18n.tr("edit.field.description").to_string(),
        f => i18n.tr(&format!("data.meta.{f}")).to_string(),
    }
}

/// The label of any field a diff or an error names: a dataset field, or
/// `resources[i].field` as "資源 i+1・label".
pub fn any_label(i18n: &I18n, field: &str) -> String {
    if let Some(rest) = field.strip_prefix("resources[") {
        if let Some((i, name)) = rest.split_once("].") {
            let n = i.parse::<usize>().map(|i| i + 1).unwrap_or(0).to_string();
            return format!("{}・{}", i18n.trf("edit.resource_n", &[("n", &n)]), i18n.tr(&format!("data.res.{name}")));
        }
    }
    field_label(i18n, field)
}

/// A field of a JSON object as the text an input shows.
fn shown(v: Option<&Value>, kind: Kind) -> String {
    match (v, kind) {
        (Some(Value::Array(a)), _) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        (Some(Value::String(s)), _) => s.clone(),
        (Some(Value::Number(n)), _) => n.to_string(),
        _ => String::new(),
    }
}

/// The JSON an input's text stands for; a number that does not parse stays
/// text, so the domain's validation (through serde) refuses it by name.
fn typed(text: &str, kind: Kind) -> Value {
    match kind {
        Kind::List => Value::Array(
            text.split([',', '，', '、']).map(str::trim).filter(|s| !s.is_empty()).map(Value::from).collect(),
        ),
        Kind::Number if text.trim().is_empty() => Value::Null,
        Kind::Number => text.trim().parse::<i64>().map(Value::from).unwrap_or(Value::Null),
        _ => Value::from(text),
    }
}

/// `d` with one field (of the dataset, or of resource `res`) set from text.
fn with_field(d: &DatasetInput, res: Option<usize>, field: &str, text: &str, kind: Kind) -> DatasetInput {
    let Ok(mut v) = serde_json::to_value(d) else { return d.clone() };
    let target = match res {
        None => Some(&mut v),
        Some(i) => v.get_mut("resources").and_then(|r| r.get_mut(i)),
    };
    if let Some(Value::Object(map)) = target {
        map.insert(field.to_string(), typed(text, kind));
    }
    serde_json::from_value(v).unwrap_or_else(|_| d.clone())
}

/// The record being edited, changed only through [`Edit`] so that every
/// keystroke applies to the latest record (a handle captured at the last
/// render could be one keystroke behind).
#[derive(Clone, PartialEq)]
struct Record(DatasetInput);

/// One change to the record.
enum Edit {
    /// Set a field of the dataset (`None`) or of a resource from the input's text.
    Field(Option<usize>, &'static str, String, Kind),
    /// Add an empty resource at the end.
    AddResource,
    /// Remove a resource.
    RemoveResource(usize),
    /// Swap two resources (reordering).
    Swap(usize, usize),
}

impl Reducible for Record {
    type Action = Edit;
    fn reduce(self: std::rc::Rc<Self>, action: Edit) -> std::rc::Rc<Self> {
        let mut d = self.0.clone();
        match action {
            Edit::Field(res, field, text, kind) => d = with_field(&d, res, field, &text, kind),
            Edit::AddResource => d.resources.push(ResourceInput::default()),
            Edit::RemoveResource(i) if i < d.resources.len() => {
                d.resources.remove(i);
            }
            Edit::Swap(a, b) if a < d.resources.len() && b < d.resources.len() => d.resources.swap(a, b),
            _ => {}
        }
        std::rc::Rc::new(Record(d))
    }
}

/// The first validation problem of a record, as (form key, resource index,
/// the server's message); `None` when it would be accepted.
fn problem(d: &DatasetInput) -> Option<(String, Option<usize>)> {
    let mut copy = d.clone();
    validate_dataset(&mut copy).err().and_then(|e: ApiError| error_field(&e.message))
}

/// What the editor loads: the draft if there is one, else the published
/// record (an edit starts from it), else a blank record of the agency.
#[derive(Clone, PartialEq)]
struct Loaded {
    draft: Option<Draft>,
    input: DatasetInput,
    published: bool,
}

/// Loads the editor's starting point.
async fn load(id: Option<String>, agency: Option<String>) -> Result<Loaded, ApiFailure> {
    match id {
        Some(id) => match api::opendata::draft(&id).await {
            Ok(d) => Ok(Loaded { input: d.dataset.clone(), published: d.published, draft: Some(d) }),
            Err(ApiFailure::Api(e)) if e.kind == ErrorKind::NotFound => {
                let ds = api::opendata::dataset(&id).await?;
                Ok(Loaded { draft: None, input: ds.meta, published: true })
            }
            Err(f) => Err(f),
        },
        None => {
            let organization = match agency {
                Some(org) => api::opendata::organization(&org).await.map(|o| o.organization.title).unwrap_or_default(),
                None => String::new(),
            };
            Ok(Loaded { draft: None, input: DatasetInput { organization, ..Default::default() }, published: false })
        }
    }
}

/// Props of [`EditorPage`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The dataset being edited; `None` for a new one.
    #[prop_or_default]
    pub id: Option<String>,
}

/// The editor page.
#[component]
pub fn EditorPage(props: &EditorProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let agency = session.user.as_ref().and_then(|u| {
        u.roles.iter().find(|g| g.role == commons_domain::accounts::Role::Publisher).and_then(|g| g.scope_id.clone())
    });
    let uid = session.user.as_ref().map(|u| u.id);
    let fetched = use_api((props.id.clone(), agency.clone(), uid), |(id, agency, _)| load(id, agency));
    let title = if props.id.is_some() { i18n.tr("edit.edit_title") } else { i18n.tr("edit.new_title") };
    use_title(Some(title.to_string()));
    let body = match &*fetched.state {
        _ if session.loaded && session.user.is_none() => sign_in_prompt(&i18n, "part.sign_in_publisher"),
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(l)) => {
            html! { <EditorForm key={props.id.clone().unwrap_or_default()} loaded={l.clone()} editing={props.id.is_some()} /> }
        }
    };
    html! {
        <div class="page editor-page">
            { crumbs(&i18n, html! {
                <Link<Route> to={Route::Publisher}>{ i18n.tr("part.publisher") }</Link<Route>>
            }) }
            <h1>{ title }</h1>
            <p class="lead">{ i18n.tr("edit.lead") }</p>
            { body }
        </div>
    }
}

/// Props of [`EditorForm`].
#[derive(Properties, PartialEq)]
struct FormProps {
    loaded: Loaded,
    editing: bool,
}

/// The form itself, holding the record being written.
#[component]
fn EditorForm(props: &FormProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let record = use_reducer(|| Record(props.loaded.input.clone()));
    let state = use_state(|| props.loaded.draft.as_ref().map(|d| d.state));
    let comment = use_state(|| props.loaded.draft.as_ref().map(|d| d.comment.clone()).unwrap_or_default());
    // Messages show once the publisher has tried to save, then follow each keystroke.
    let tried = use_state(|| false);
    let server_problem = use_state(|| None::<(String, Option<usize>)>);
    let save = use_submit::<Draft>();
    let send = use_submit::<StatusChange>();
    let locked = *state == Some(DraftState::Pending);
    let saved_once = state.is_some();

    let issue = if *tried { problem(&record.0).or_else(|| (*server_problem).clone()) } else { None };
    let error_for = |key: &str, res: Option<usize>| -> Option<String> {
        issue.as_ref().filter(|(f, i)| f == key && (res.is_none() || *i == res)).map(|(f, _)| f.clone())
    };

    let on_field = |res: Option<usize>, field: &'static str, kind: Kind| {
        let (record, server_problem) = (record.clone(), server_problem.clone());
        Callback::from(move |text: String| {
            server_problem.set(None);
            record.dispatch(Edit::Field(res, field, text, kind));
        })
    };
    let input = |res: Option<usize>, field: &'static str, kind: Kind, value: String, label: String| -> Html {
        let id = match res {
            None => format!("f-{field}"),
            Some(i) => format!("f-res-{i}-{field}"),
        };
        let key = if res.is_some() { format!("resources.{field}") } else { field.to_string() };
        let error = error_for(&key, res);
        let err_id = format!("{id}-error");
        let cb = on_field(res, field, kind);
        let readonly = locked || (field == "identifier" && res.is_none() && (props.editing || saved_once));
        let oninput = {
            let cb = cb.clone();
            Callback::from(move |e: InputEvent| {
                let t: web_sys::HtmlInputElement = e.target_unchecked_into();
                cb.emit(t.value())
            })
        };
        let control = match kind {
            Kind::Text => {
                let oninput = Callback::from(move |e: InputEvent| {
                    let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                    cb.emit(t.value())
                });
                html! { <textarea id={id.clone()} rows="3" value={value} oninput={oninput} readonly={readonly}
                aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then(|| err_id.clone())}
                data-testid={id.clone()} /> }
            }
            Kind::Quality => {
                let onchange = Callback::from(move |e: Event| {
                    let t: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    cb.emit(t.value())
                });
                html! {
                    <select id={id.clone()} onchange={onchange} disabled={readonly} data-testid={id.clone()}>
                        <option value="" selected={value.is_empty()}>{ "—" }</option>
                        { for QUALITY_GRADES.iter().map(|g| html! { <option value={*g} selected={value == *g}>{ *g }</option> }) }
                    </select>
                }
            }
            _ => html! {
                <input id={id.clone()} type={if kind == Kind::Number { "number" } else { "text" }} value={value}
                    oninput={oninput} readonly={readonly} min={(kind == Kind::Number).then_some("0")}
                    aria-invalid={error.is_some().then_some("true")} aria-describedby={error.is_some().then(|| err_id.clone())}
                    data-testid={id.clone()} />
            },
        };
        html! {
            <div class="field">
                <label for={id.clone()}>{ label }</label>
                { control }
                if kind == Kind::List { <p class="hint">{ i18n.tr("edit.keywords_hint") }</p> }
                if let Some(f) = error {
                    <p id={err_id} class="field-error" role="alert" data-testid={format!("error-{key}")}>
                        { i18n.tr(&format!("edit.err.{f}")) }
                    </p>
                }
            </div>
        }
    };

    let as_value = serde_json::to_value(&record.0).unwrap_or(Value::Null);
    let sections = SECTIONS.iter().map(|(title, fields)| {
        html! {
            <fieldset class="editor-section">
                <legend>{ i18n.tr(title) }</legend>
                { for fields.iter().map(|(f, kind)| input(None, f, *kind, shown(as_value.get(*f), *kind), field_label(&i18n, f))) }
            </fieldset>
        }
    });

    let n = record.0.resources.len();
    let resources = (0..n).map(|i| {
        let rv = as_value.get("resources").and_then(|r| r.get(i)).cloned().unwrap_or(Value::Null);
        let change = |edit: fn(usize) -> Edit| {
            let record = record.clone();
            Callback::from(move |_: MouseEvent| record.dispatch(edit(i)))
        };
        html! {
            <fieldset class="editor-resource" data-testid={format!("resource-{i}")}>
                <legend>{ i18n.trf("edit.resource_n", &[("n", &(i + 1).to_string())]) }</legend>
                { for RESOURCE_FIELDS.iter().map(|(f, kind)| input(Some(i), f, *kind, shown(rv.get(*f), *kind), i18n.tr(&format!("data.res.{f}")).to_string())) }
                if !locked {
                    <div class="dataset-links">
                        <button type="button" class="btn btn-ghost btn-sm" disabled={i == 0}
                            onclick={change(|i| Edit::Swap(i, i.saturating_sub(1)))} data-testid={format!("resource-{i}-up")}>{ i18n.tr("edit.move_up") }</button>
                        <button type="button" class="btn btn-ghost btn-sm" disabled={i + 1 == n}
                            onclick={change(|i| Edit::Swap(i, i + 1))} data-testid={format!("resource-{i}-down")}>{ i18n.tr("edit.move_down") }</button>
                        <button type="button" class="btn btn-secondary btn-sm"
                            onclick={change(Edit::RemoveResource)} data-testid={format!("resource-{i}-remove")}>{ i18n.tr("edit.remove_resource") }</button>
                    </div>
                }
            </fieldset>
        }
    });
    let add_resource = {
        let record = record.clone();
        Callback::from(move |_: MouseEvent| record.dispatch(Edit::AddResource))
    };

    let on_save = {
        let (record, tried, save, state, server_problem) =
            (record.clone(), tried.clone(), save.clone(), state.clone(), server_problem.clone());
        let (navigator, editing) = (navigator.clone(), props.editing);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            tried.set(true);
            if problem(&record.0).is_some() {
                return;
            }
            let d = record.0.clone();
            let (state, server_problem, navigator) = (state.clone(), server_problem.clone(), navigator.clone());
            let sp = server_problem.clone();
            save.run(
                async move {
                    let r = api::opendata::save_draft(&d).await;
                    // A refusal that names a field shows beside it, like the form's own check.
                    if let Err(ApiFailure::Api(e)) = &r {
                        if e.kind == ErrorKind::Invalid {
                            sp.set(error_field(&e.message));
                        }
                    }
                    r
                },
                move |draft: &Draft| {
                    state.set(Some(draft.state));
                    server_problem.set(None);
                    if !editing {
                        if let Some(n) = &navigator {
                            n.replace(&Route::EditDataset { id: draft.identifier.clone() });
                        }
                    }
                },
            );
        })
    };
    let on_submit = {
        let (send, state, comment, record) = (send.clone(), state.clone(), comment.clone(), record.clone());
        Callback::from(move |_: MouseEvent| {
            let id = record.0.identifier.clone();
            let (state, comment) = (state.clone(), comment.clone());
            send.run(async move { api::opendata::submit_draft(&id).await }, move |_| {
                state.set(Some(DraftState::Pending));
                comment.set(String::new());
            });
        })
    };
    let save_failure = save.failure().filter(
        |f| !matches!(f, ApiFailure::Api(e) if e.kind == ErrorKind::Invalid && error_field(&e.message).is_some()),
    );
    html! {
        <form class="editor-form" onsubmit={on_save} novalidate=true data-testid="editor">
            if props.loaded.published {
                <p class="notice notice-info" role="note">{ i18n.tr("edit.published_live") }</p>
            }
            if !comment.is_empty() && *state == Some(DraftState::Returned) {
                <div class="notice notice-error" role="note" data-testid="review-comment">
                    <strong>{ i18n.tr("edit.returned_comment") }</strong>
                    <p class="pre-line">{ (*comment).clone() }</p>
                </div>
            }
            if locked {
                <p class="notice notice-info" role="status" data-testid="pending">{ i18n.tr("edit.pending_locked") }</p>
            }
            if let Some(s) = *state {
                <p><span class="badge" data-testid="draft-state">{ state_label(&i18n, s) }</span></p>
            }
            { for sections }
            <fieldset class="editor-section">
                <legend>{ i18n.tr("edit.section.resources") }</legend>
                if n == 0 {
                    <p class="muted">{ i18n.tr("edit.no_resources") }</p>
                }
                { for resources }
                if !locked {
                    <button type="button" class="btn btn-secondary btn-sm" onclick={add_resource} data-testid="add-resource">
                        { i18n.tr("edit.add_resource") }
                    </button>
                }
            </fieldset>
            if *tried && issue.is_some() {
                <p class="notice notice-error" role="alert" data-testid="fix-errors">{ i18n.tr("edit.fix_errors") }</p>
            }
            if let Some(f) = save_failure { <ErrorNotice failure={f} /> }
            if let Some(f) = send.failure() { <ErrorNotice failure={f} /> }
            if !locked {
                <div class="editor-actions">
                    <button type="submit" class="btn btn-primary" disabled={save.busy()} data-testid="save-draft">{ i18n.tr("edit.save") }</button>
                    <button type="button" class="btn btn-secondary" onclick={on_submit}
                        disabled={!saved_once || send.busy()} data-testid="submit-draft">{ i18n.tr("edit.submit") }</button>
                </div>
                if save.done().is_some() && *state == Some(DraftState::Draft) {
                    <p class="notice notice-success" role="status" data-testid="saved">{ i18n.tr("edit.saved") }</p>
                }
            } else if send.done().is_some() {
                <p class="notice notice-success" role="status" data-testid="submitted">{ i18n.tr("edit.submitted") }</p>
            }
        </form>
    }
}

/// The label of a draft state.
pub fn state_label(i18n: &I18n, s: DraftState) -> &'static str {
    match s {
        DraftState::Draft => i18n.tr("edit.state.draft"),
        DraftState::Pending => i18n.tr("edit.state.pending"),
        DraftState::Returned => i18n.tr("edit.state.returned"),
    }
}

/// Props of [`DraftTable`].
#[derive(Properties, PartialEq)]
pub struct DraftTableProps {
    /// The rows.
    pub drafts: Vec<DraftSummary>,
    /// Where a row leads: the editor, or the review page.
    pub to_review: bool,
}

/// A table of drafts with their state and the reviewer's comment.
#[component]
pub fn DraftTable(props: &DraftTableProps) -> Html {
    let i18n = use_i18n();
    html! {
        <div class="table-wrap">
            <table class="table" data-testid={if props.to_review { "review-queue" } else { "drafts" }}>
                <thead>
                    <tr>
                        <th scope="col">{ i18n.tr("part.col.dataset") }</th>
                        <th scope="col">{ i18n.tr("edit.col.state") }</th>
                        <th scope="col">{ i18n.tr("edit.col.updated") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.drafts.iter().map(|d| {
                        let to = if props.to_review {
                            Route::ReviewDraft { id: d.identifier.clone() }
                        } else {
                            Route::EditDataset { id: d.identifier.clone() }
                        };
                        html! {
                            <tr data-testid={format!("draft-{}", d.identifier)}>
                                <td>
                                    <Link<Route> to={to}>{ if d.title.is_empty() { &d.identifier } else { &d.title } }</Link<Route>>
                                    if !d.comment.is_empty() { <p class="hint pre-line">{ &d.comment }</p> }
                                </td>
                                <td><span class="badge">{ state_label(&i18n, d.state) }</span></td>
                                <td>{ when(&i18n, &d.updated_at) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The publisher dashboard's drafts section: a way to a new dataset and the
/// agency's drafts with their state.
#[component]
pub fn MyDrafts() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let uid = session.user.as_ref().map(|u| u.id);
    let fetched = use_api(uid, |_| api::opendata::drafts(""));
    let list = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(l)) if l.is_empty() => {
            html! { <p class="muted" data-testid="drafts-none">{ i18n.tr("edit.drafts_none") }</p> }
        }
        Some(Ok(l)) => html! { <DraftTable drafts={l.clone()} to_review={false} /> },
    };
    html! {
        <section aria-labelledby="drafts-title" class="data-section">
            <h2 id="drafts-title">{ i18n.tr("edit.drafts") }</h2>
            <p>
                <Link<Route> to={Route::NewDataset} classes="btn btn-primary btn-sm">{ i18n.tr("edit.new_title") }</Link<Route>>
            </p>
            { list }
        </section>
    }
}
