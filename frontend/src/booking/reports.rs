//! The centre's reports for its staff: pick a report and a date range, read
//! the table with its totals row, or download the same figures as CSV.

use commons_domain::booking::reports::{report_def, REPORTS};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc};
use yew::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::value_of;
use crate::hooks::api::use_api;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;

/// Props of [`CenterReports`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Centre id.
    pub center: AttrValue,
    /// The centre's name as its page shows it (for the document title).
    pub center_name: AttrValue,
}

/// What the staff asked for: a report kind and a range `[from, to)` in RFC 3339.
#[derive(Debug, Clone, PartialEq)]
struct Asked {
    kind: String,
    from: String,
    to: String,
    /// Counts the runs, so running the same report again reads it again.
    run: u32,
}

/// A cell as the table shows it: text as it is, numbers as JSON writes them, null as empty.
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
    let asked = use_state(|| None::<Asked>);
    let center = props.center.to_string();
    // Nothing is loaded (`Ok(None)`) until a report is asked for.
    let fetched = use_api(((*asked).clone(), center.clone()), |(asked, center)| async move {
        match asked {
            Some(a) => api::booking::report(&a.kind, &center, &a.from, &a.to).await.map(Some),
            None => Ok(None),
        }
    });
    let result = match &*fetched.state {
        Some(Ok(Some(r))) => Some(Ok(r.clone())),
        Some(Err(f)) => Some(Err(f.clone())),
        _ => None,
    };
    // The tab names the report shown, else the centre as its page does.
    use_title(Some(match &result {
        Some(Ok(r)) => format!("{} · {}", i18n.tr(&format!("report.{}", r.kind)), props.center_name),
        _ => props.center_name.to_string(),
    }));
    let onsubmit = {
        let (kind, from, to, asked) = (kind.clone(), from.clone(), to.clone(), asked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let k = kind.cast::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default();
            let (f, t) = (format!("{}T00:00:00+08:00", value_of(&from)), format!("{}T00:00:00+08:00", value_of(&to)));
            let (Some(fs), Some(ts)) = (parse_rfc3339(&f), parse_rfc3339(&t)) else {
                return;
            };
            // The end date is inclusive on the form, exclusive in the API.
            let run = asked.as_ref().map_or(0, |a| a.run + 1);
            asked.set(Some(Asked { kind: k, from: rfc3339_utc(fs), to: rfc3339_utc(ts + 86_400), run }));
        })
    };
    // Chart the report: the first column as labels, the last summed column as bars.
    {
        let data = match &result {
            Some(Ok(r)) => Some(r.clone()),
            _ => None,
        };
        let title = data.as_ref().map(|r| i18n.tr(&format!("report.{}", r.kind)).to_string()).unwrap_or_default();
        use_effect_with(data, move |data| {
            if let Some(r) = data {
                if let Some(def) = report_def(&r.kind) {
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
    let table = match &result {
        None => html! {},
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(r)) => html! {
            <>
                <p><a class="btn btn-secondary btn-sm" href={api::booking::report_url(&r.kind, &center, &r.from, &r.to, "csv")} download="">{ i18n.tr("report.csv") }</a></p>
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
