//! The preview of a DataStore resource on its dataset page: a table of its
//! rows, 20 at a time, sortable by any column; and below it a chart builder
//! that reads up to 1,000 rows, finds the numeric and year columns, and
//! draws the reader's choice of x column, y column and chart type.
//!
//! Year columns hold CE years; a column the file wrote in ROC years (民國年)
//! is labelled with both, e.g. `2004（民國93年）`.

use commons_domain::opendata::datastore::{DatastoreField, DatastorePage};
use serde_json::Value;
use yew::prelude::*;

use crate::api;
use crate::components::chart::{draw, ChartKind};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::grouped;
use crate::hooks::api::{use_api, use_last_ok};
use crate::i18n::{use_i18n, I18n};
use crate::opendata::common::year_label;

/// Rows per preview page.
const PAGE_ROWS: i64 = 20;
/// Rows read for a chart (the API's largest page).
const CHART_ROWS: i64 = 1000;
/// The canvas of the chart builder; tests read it through `Chart.getChart`.
pub const CHART_CANVAS: &str = "datastore-chart";

/// Props of [`DatastoreView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The resource's database id.
    pub resource: i64,
    /// Its name, for headings.
    pub name: AttrValue,
}

/// A cell as text: years with their ROC form when the file had them,
/// integers grouped by thousands.
fn cell_text(i18n: &I18n, field: Option<&DatastoreField>, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match (field.map(|f| f.kind.as_str()), n.as_i64()) {
            (Some("year"), Some(y)) => year_label(i18n, y, field.is_some_and(|f| f.roc)),
            (_, Some(i)) => grouped(i),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// The default chart: x = the first year column (else the first text
/// column), y = the first numeric column, a line over years, else bars.
fn default_choice(fields: &[DatastoreField]) -> Option<(String, String, ChartKind)> {
    let y = fields.iter().find(|f| f.kind == "numeric")?;
    let x = fields
        .iter()
        .find(|f| f.kind == "year")
        .or_else(|| fields.iter().find(|f| f.kind == "text"))
        .or_else(|| fields.iter().find(|f| f.id != y.id))
        .unwrap_or(y);
    let kind = if x.kind == "year" { ChartKind::Line } else { ChartKind::Bar };
    Some((x.id.clone(), y.id.clone(), kind))
}

/// The labels and values of a chart of `y` over `x`: rows without a number
/// in `y` are left out; over a year or numeric x the points go in x order.
fn series(i18n: &I18n, page: &DatastorePage, x: &str, y: &str) -> (Vec<String>, Vec<f64>) {
    let xf = page.fields.iter().find(|f| f.id == x);
    let ordered = xf.is_some_and(|f| f.kind == "year" || f.kind == "numeric");
    let mut points: Vec<(Option<f64>, String, f64)> = page
        .records
        .iter()
        .filter_map(|r| {
            let value = r.get(y)?.as_f64()?;
            let xv = r.get(x).unwrap_or(&Value::Null);
            Some((xv.as_f64(), cell_text(i18n, xf, xv), value))
        })
        .collect();
    if ordered {
        points.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    }
    points.into_iter().map(|(_, l, v)| (l, v)).unzip()
}

/// The name of a column type.
fn kind_label(i18n: &I18n, kind: &str) -> &'static str {
    match kind {
        "numeric" => i18n.tr("data.col.numeric"),
        "year" => i18n.tr("data.col.year"),
        _ => i18n.tr("data.col.text"),
    }
}

/// The name of a chart type.
fn chart_label(i18n: &I18n, kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::Line => i18n.tr("data.chart.line"),
        ChartKind::Pie => i18n.tr("data.chart.pie"),
        ChartKind::Bar | ChartKind::HorizontalBar => i18n.tr("data.chart.bar"),
    }
}

/// The preview table with paging and column sorting.
#[component]
fn PreviewTable(props: &Props) -> Html {
    let i18n = use_i18n();
    let offset = use_state(|| 0i64);
    // (column, descending)
    let sort = use_state(|| None::<(String, bool)>);
    let sort_param = sort.as_ref().map(|(c, d)| format!("{c} {}", if *d { "desc" } else { "asc" })).unwrap_or_default();
    let fetched = use_api((props.resource, *offset, sort_param), |(rid, off, s): (i64, i64, String)| async move {
        api::opendata::datastore(rid, off, PAGE_ROWS, &s).await
    });
    let shown = use_last_ok(&fetched.state);
    let loading = fetched.state.is_none();

    let page = match (&*fetched.state, shown) {
        (Some(Err(f)), _) => return html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        (_, None) => return html! { <Loading /> },
        (_, Some(p)) => p,
    };
    let header = |f: &DatastoreField, i: usize| {
        let state = match &*sort {
            Some((c, false)) if *c == f.id => "ascending",
            Some((c, true)) if *c == f.id => "descending",
            _ => "none",
        };
        let onclick = {
            let (sort, offset, col) = (sort.clone(), offset.clone(), f.id.clone());
            // none → ascending → descending → none
            Callback::from(move |_: MouseEvent| {
                let next = match &*sort {
                    Some((c, false)) if *c == col => Some((col.clone(), true)),
                    Some((c, true)) if *c == col => None,
                    _ => Some((col.clone(), false)),
                };
                sort.set(next);
                offset.set(0);
            })
        };
        let arrow = match state {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "↕",
        };
        html! {
            <th scope="col" aria-sort={state} class={classes!((f.kind != "text").then_some("num"))}>
                <button type="button" class="sort-button" onclick={onclick} data-testid={format!("sort-{i}")}
                    title={i18n.trf("data.sort_column", &[("col", &f.id)])}>
                    <span>{ &f.id }</span>
                    <span class="sort-arrow" aria-hidden="true">{ arrow }</span>
                </button>
                <span class="col-type">{ kind_label(&i18n, &f.kind) }</span>
            </th>
        }
    };
    let from = if page.records.is_empty() { 0 } else { page.offset + 1 };
    let to = page.offset + page.records.len() as i64;
    let step = |delta: i64| {
        let (offset, total) = (offset.clone(), page.total);
        Callback::from(move |_: MouseEvent| offset.set((*offset + delta).clamp(0, (total - 1).max(0))))
    };
    html! {
        <div class={classes!("preview-table", loading.then_some("is-loading"))} aria-busy={loading.to_string()}>
            <div class="table-wrap">
                <table data-testid="preview-table">
                    <caption class="visually-hidden">{ i18n.trf("data.preview_of", &[("name", &props.name)]) }</caption>
                    <thead><tr>
                        <th scope="col" class="num row-number">{ "#" }</th>
                        { for page.fields.iter().enumerate().map(|(i, f)| header(f, i)) }
                    </tr></thead>
                    <tbody>
                        { for page.records.iter().map(|r| html! {
                            <tr>
                                <td class="num row-number">{ r.get("_id").map(|v| v.to_string()).unwrap_or_default() }</td>
                                { for page.fields.iter().map(|f| {
                                    let v = r.get(&f.id).unwrap_or(&Value::Null);
                                    html! { <td class={classes!((f.kind != "text").then_some("num"))}>{ cell_text(&i18n, Some(f), v) }</td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <nav class="pager rows-pager" aria-label={i18n.tr("data.rows_pages")}>
                if page.total > PAGE_ROWS {
                    <button type="button" class="btn btn-secondary btn-sm" disabled={page.offset == 0 || loading}
                        onclick={step(-PAGE_ROWS)} data-testid="rows-prev">{ i18n.tr("common.prev") }</button>
                }
                <span data-testid="rows-range" aria-live="polite">{ i18n.trf("data.rows_range", &[
                    ("from", &grouped(from)), ("to", &grouped(to)), ("total", &grouped(page.total))]) }</span>
                if page.total > PAGE_ROWS {
                    <button type="button" class="btn btn-secondary btn-sm" disabled={to >= page.total || loading}
                        onclick={step(PAGE_ROWS)} data-testid="rows-next">{ i18n.tr("common.next") }</button>
                }
            </nav>
        </div>
    }
}

/// The chart builder.
#[component]
fn ChartBuilder(props: &Props) -> Html {
    let i18n = use_i18n();
    let fetched =
        use_api(props.resource, |rid: i64| async move { api::opendata::datastore(rid, 0, CHART_ROWS, "").await });
    // (x column, y column, kind); `None` until the reader changes something.
    let choice = use_state(|| None::<(String, String, ChartKind)>);
    let page = match &*fetched.state {
        Some(Ok(p)) => Some(p.clone()),
        _ => None,
    };
    let current = (*choice).clone().or_else(|| page.as_ref().and_then(|p| default_choice(&p.fields)));
    {
        let i18n = i18n.clone();
        use_effect_with((page.clone(), current.clone(), i18n.locale, i18n.roc), move |(page, current, _, _)| {
            if let (Some(p), Some((x, y, kind))) = (page, current) {
                let (labels, values) = series(&i18n, p, x, y);
                let title = i18n.trf("data.chart_title", &[("y", y), ("x", x)]);
                draw(CHART_CANVAS, *kind, &title, &labels, &values);
            }
        });
    }
    let body = match (&*fetched.state, &page, &current) {
        (None, _, _) => html! { <Loading /> },
        (Some(Err(f)), _, _) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        (_, Some(_), None) => {
            html! { <p class="notice notice-info" role="status">{ i18n.tr("data.chart_no_numbers") }</p> }
        }
        (_, Some(p), Some((x, y, kind))) => {
            let set = |which: u8| {
                let (choice, current) = (choice.clone(), (x.clone(), y.clone(), *kind));
                Callback::from(move |e: Event| {
                    let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                    let (mut x, mut y, mut kind) = current.clone();
                    match which {
                        0 => x = v,
                        1 => y = v,
                        _ => kind = ChartKind::parse(&v).unwrap_or(kind),
                    }
                    choice.set(Some((x, y, kind)));
                })
            };
            let plotted = series(&i18n, p, x, y).0.len();
            html! {
                <>
                    <div class="field-row chart-controls">
                        <label for="chart-x">{ i18n.tr("data.chart_x") }</label>
                        <select id="chart-x" onchange={set(0)} data-testid="chart-x">
                            { for p.fields.iter().map(|f| html! {
                                <option value={f.id.clone()} selected={f.id == *x}>{ format!("{}（{}）", f.id, kind_label(&i18n, &f.kind)) }</option>
                            }) }
                        </select>
                        <label for="chart-y">{ i18n.tr("data.chart_y") }</label>
                        <select id="chart-y" onchange={set(1)} data-testid="chart-y">
                            { for p.fields.iter().filter(|f| f.kind == "numeric").map(|f| html! {
                                <option value={f.id.clone()} selected={f.id == *y}>{ &f.id }</option>
                            }) }
                        </select>
                        <label for="chart-type">{ i18n.tr("data.chart_type") }</label>
                        <select id="chart-type" onchange={set(2)} data-testid="chart-type">
                            { for ChartKind::CHOOSABLE.iter().map(|k| html! {
                                <option value={k.as_str()} selected={k == kind}>{ chart_label(&i18n, *k) }</option>
                            }) }
                        </select>
                    </div>
                    <p class="muted" data-testid="chart-points">
                        { i18n.trf("data.chart_points", &[("n", &grouped(plotted as i64))]) }
                        if p.total > CHART_ROWS {
                            { " " }{ i18n.trf("data.chart_first_rows", &[("n", &grouped(CHART_ROWS)), ("total", &grouped(p.total))]) }
                        }
                    </p>
                    <div class="chart-box">
                        <canvas id={CHART_CANVAS} data-testid="datastore-chart" data-kind={kind.as_str()} role="img"
                            aria-label={i18n.trf("data.chart_title", &[("y", y), ("x", x)])}></canvas>
                    </div>
                </>
            }
        }
        (_, None, _) => html! {},
    };
    html! {
        <section class="chart-builder" aria-labelledby="chart-builder-title" data-testid="chart-builder">
            <h3 id="chart-builder-title">{ i18n.tr("data.chart_builder") }</h3>
            { body }
        </section>
    }
}

/// The preview and chart of one DataStore resource.
#[component]
pub fn DatastoreView(props: &Props) -> Html {
    let i18n = use_i18n();
    html! {
        <section class="data-section datastore-view" aria-labelledby="preview-title" data-testid="datastore-view">
            <h2 id="preview-title">{ i18n.trf("data.preview_of", &[("name", &props.name)]) }</h2>
            <PreviewTable resource={props.resource} name={props.name.clone()} />
            <ChartBuilder resource={props.resource} name={props.name.clone()} />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(id: &str, kind: &str, roc: bool) -> DatastoreField {
        DatastoreField { id: id.into(), kind: kind.into(), roc }
    }

    #[test]
    fn default_chart_prefers_a_year_axis_and_a_line() {
        let f =
            vec![field("民國年", "year", true), field("西元年", "year", false), field("客服案量", "numeric", false)];
        assert_eq!(default_choice(&f), Some(("民國年".into(), "客服案量".into(), ChartKind::Line)));
        let f = vec![field("縣市", "text", false), field("人口", "numeric", false)];
        assert_eq!(default_choice(&f), Some(("縣市".into(), "人口".into(), ChartKind::Bar)));
        assert_eq!(default_choice(&[field("縣市", "text", false)]), None);
    }
}
