//! A dataset's version history on its page: every decided version (the
//! published ones for everyone; returned ones, with the reviewer's comment,
//! for the agency), and a field-by-field comparison of any two.

use commons_domain::opendata::editor::{diff, DatasetVersion, FieldChange};
use yew::prelude::*;

use crate::api;
use crate::format::when;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::i18n::{use_i18n, I18n};
use crate::opendata::editor::any_label;

/// Props of [`DiffTable`].
#[derive(Properties, PartialEq)]
pub struct DiffProps {
    /// The changed fields.
    pub changes: Vec<FieldChange>,
}

/// The changed fields as a table: field, before, after.
#[component]
pub fn DiffTable(props: &DiffProps) -> Html {
    let i18n = use_i18n();
    if props.changes.is_empty() {
        return html! { <p class="muted" data-testid="diff-none">{ i18n.tr("hist.same") }</p> };
    }
    html! {
        <div class="table-wrap">
            <table class="table diff-table" data-testid="diff">
                <thead>
                    <tr>
                        <th scope="col">{ i18n.tr("hist.col.field") }</th>
                        <th scope="col">{ i18n.tr("hist.col.before") }</th>
                        <th scope="col">{ i18n.tr("hist.col.after") }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.changes.iter().map(|c| html! {
                        <tr data-field={c.field.clone()}>
                            <th scope="row">{ any_label(&i18n, &c.field) }</th>
                            <td class="diff-before pre-line"><del>{ &c.before }</del></td>
                            <td class="diff-after pre-line"><ins>{ &c.after }</ins></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The label of a version: "第 n 版（已公開）".
fn version_label(i18n: &I18n, v: &DatasetVersion) -> String {
    let state = if v.state == "published" { i18n.tr("hist.state.published") } else { i18n.tr("hist.state.returned") };
    format!("{}（{}）", i18n.trf("hist.version_n", &[("n", &v.revision.to_string())]), state)
}

/// Props of [`VersionHistory`].
#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    /// The dataset's identifier.
    pub id: String,
}

/// The history section of a dataset page (nothing when no version was
/// decided here, as for imported datasets).
#[component]
pub fn VersionHistory(props: &HistoryProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let uid = session.user.as_ref().map(|u| u.id);
    let fetched = use_api((props.id.clone(), uid), |(id, _)| async move { api::opendata::dataset_versions(&id).await });
    // Indexes into the newest-first list: the older and the newer side.
    let from = use_state(|| None::<usize>);
    let to = use_state(|| None::<usize>);
    let Some(Ok(versions)) = &*fetched.state else { return html! {} };
    if versions.is_empty() {
        return html! {};
    }
    let n = versions.len();
    let newer = to.unwrap_or(0).min(n - 1);
    let older = from.unwrap_or(if n > 1 { 1 } else { 0 }).min(n - 1);
    let pick = |h: UseStateHandle<Option<usize>>| {
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            h.set(v.parse().ok());
        })
    };
    let select = |id: &str, label: &str, chosen: usize, h: UseStateHandle<Option<usize>>| {
        html! {
            <>
                <label for={id.to_string()}>{ label.to_string() }</label>
                <select id={id.to_string()} onchange={pick(h)} data-testid={id.to_string()}>
                    { for versions.iter().enumerate().map(|(i, v)| html! {
                        <option value={i.to_string()} selected={i == chosen}>{ version_label(&i18n, v) }</option>
                    }) }
                </select>
            </>
        }
    };
    html! {
        <section aria-labelledby="history-title" class="data-section" data-testid="history">
            <h2 id="history-title">{ i18n.tr("hist.title") }</h2>
            <ol class="version-list" role="list" data-testid="versions">
                { for versions.iter().map(|v| html! {
                    <li data-state={v.state.clone()}>
                        <strong>{ version_label(&i18n, v) }</strong>
                        { " · " }{ when(&i18n, &v.decided_at) }
                        if !v.comment.is_empty() { <p class="hint pre-line">{ &v.comment }</p> }
                    </li>
                }) }
            </ol>
            if n > 1 {
                <div class="field-row">
                    { select("history-from", i18n.tr("hist.from"), older, from.clone()) }
                    { select("history-to", i18n.tr("hist.to"), newer, to.clone()) }
                </div>
                <DiffTable changes={diff(&versions[older].dataset, &versions[newer].dataset)} />
            }
        </section>
    }
}
