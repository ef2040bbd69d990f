//! The centre's reports for its staff: pick a report and a date range, read
//! the table with its totals row, or download the same figures as CSV.

use commons_domain::booking::reports::{Report, REPORTS};
use yew::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::value_of;
use crate::i18n::use_i18n;

/// Props of [`CenterReports`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Centre id.
    pub center: AttrValue,
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The reports panel (render for the centre's staff only).
#[component]
pub fn CenterReports(props: &Props) -> Html {
    let i18n = use_i18n();
    let kind = use_node_ref();
    let from = use_node_ref();
    let to = use_node_ref();
    let result = use_state(|| None::<(Result<Report, ApiFailure>, String)>);
    let onsubmit = {
        let (kind, from, to, result, center) =
            (kind.clone(), from.clone(), to.clone(), result.clone(), props.center.to_string());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let k = kind.cast::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let (f, t) = (format!("{}T00:00:00+08:00", value_of(&from)), format!("{}T00:00:00+08:00", value_of(&to)));
            let (Some(fs), Some(ts)) =
                (commons_domain::common::locale::parse_rfc3339(&f), commons_domain::common::locale::parse_rfc3339(&t))
            else {
                return;
            };
            // The end date is inclusive on the form, exclusive in the API.
            let (f, t) = (
                commons_domain::common::locale::rfc3339_utc(fs),
                commons_domain::common::locale::rfc3339_utc(ts + 86_400),
            );
            let (result, center) = (result.clone(), center.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let csv = api::booking::report_url(&k, &center, &f, &t, "csv");
                result.set(Some((api::booking::report(&k, &center, &f, &t).await, csv)));
            });
        })
    };
    // Chart the report: the first column as labels, the last summed column as bars.
    {
        let data = match &*result {
            Some((Ok(r), _)) => Some(r.clone()),
            _ => None,
        };
        let title = data.as_ref().map(|r| i18n.tr(&format!("report.{}", r.kind)).to_string()).unwrap_or_default();
        use_effect_with(data, move |data| {
            if let Some(r) = data {
                if let Some(def) = commons_domain::booking::reports::report_def(&r.kind) {
                    if let Some(&col) = def.summed.last() {
                        let labels: Vec<String> =
                            r.rows.iter().map(|row| row.first().map(cell).unwrap_or_default()).collect();
                        let values: Vec<f64> =
                            r.rows.iter().map(|row| row.get(col).and_then(|v| v.as_f64()).unwrap_or(0.0)).collect();
                        crate::components::chart::bar_chart("report-chart", &title, &labels, &values);
                    }
                }
            }
        });
    }
    let table = match &*result {
        None => html! {},
        Some((Err(f), _)) => html! { <ErrorNotice failure={f.clone()} /> },
        Some((Ok(r), csv)) => html! {
            <>
                <p><a class="btn btn-secondary btn-sm" href={csv.clone()} download="">{ i18n.tr("report.csv") }</a></p>
                <div class="chart-box"><canvas id="report-chart" data-testid="report-chart" role="img" aria-label={i18n.tr("report.chart")}></canvas></div>
                <div class="table-wrap"><table data-testid="report-table">
                    <thead><tr>{ for r.columns.iter().map(|c| html! { <th scope="col">{ i18n.tr(&format!("report.col.{c}")) }</th> }) }</tr></thead>
                    <tbody>{ for r.rows.iter().map(|row| html! {
                        <tr>{ for row.iter().map(|v| html! { <td class={classes!(v.is_number().then_some("num"))}>{ cell(v) }</td> }) }</tr>
                    }) }</tbody>
                    <tfoot><tr>{ for r.totals.iter().enumerate().map(|(i, v)| html! {
                        <th class={classes!(v.is_number().then_some("num"))}>{ if i == 0 && v.is_null() { i18n.tr("report.total").to_string() } else { cell(v) } }</th>
                    }) }</tr></tfoot>
                </table></div>
            </>
        },
    };
    html! {
        <section aria-labelledby="reports-title" class="reports">
            <h2 id="reports-title">{ i18n.tr("report.title") }</h2>
            <form class="field-row" onsubmit={onsubmit}>
                <label for="report-kind">{ i18n.tr("report.kind") }</label>
                <select id="report-kind" ref={kind}>
                    { for REPORTS.iter().map(|r| html! { <option value={r.kind}>{ i18n.tr(&format!("report.{}", r.kind)) }</option> }) }
                </select>
                <label for="report-from">{ i18n.tr("report.from") }</label>
                <input id="report-from" type="date" required=true ref={from} />
                <label for="report-to">{ i18n.tr("report.to") }</label>
                <input id="report-to" type="date" required=true ref={to} />
                <button type="submit" class="btn btn-primary btn-sm" data-testid="report-run">{ i18n.tr("report.run") }</button>
            </form>
            { table }
        </section>
    }
}
