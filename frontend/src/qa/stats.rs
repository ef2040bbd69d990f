//! Knowledge Q&A statistics (`/qa/stats`): knowledge items, members, views,
//! completion rate, median time to a first answer, and a chart of monthly
//! questions and answers.

use yew::prelude::*;

use crate::api;
use crate::components::chart::{draw, ChartKind};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::grouped;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::qa::common::qa_nav;

/// The statistics page.
#[component]
pub fn QaStatsPage() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let fetched = use_api((), |_| async move { api::qa::stats().await });
    use_title(Some(i18n.tr("qa.nav.stats").to_string()));
    {
        let data = match &*fetched.state {
            Some(Ok(s)) => Some(s.activity.clone()),
            _ => None,
        };
        let (tq, ta) = (i18n.tr("qa.questions").to_string(), i18n.tr("qa.answers").to_string());
        use_effect_with((data, i18n.locale), move |(data, _)| {
            if let Some(months) = data {
                let labels: Vec<String> = months.iter().map(|m| m.month.clone()).collect();
                let q: Vec<f64> = months.iter().map(|m| m.questions as f64).collect();
                let a: Vec<f64> = months.iter().map(|m| m.answers as f64).collect();
                draw("qa-questions-chart", ChartKind::Bar, &tq, &labels, &q);
                draw("qa-answers-chart", ChartKind::Line, &ta, &labels, &a);
            }
        });
    }
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(s)) => {
            let stat = |key: &'static str, value: String, testid: &'static str| {
                html! {
                    <div class="card qa-stat-card">
                        <dt>{ i18n.tr(key) }</dt>
                        <dd data-testid={testid}>{ value }</dd>
                    </div>
                }
            };
            let median = s
                .median_hours_to_first_answer
                .map(|h| i18n.trf("qa.hours_n", &[("n", &format!("{h:.1}"))]))
                .unwrap_or_else(|| i18n.tr("qa.none_yet").to_string());
            html! {
                <>
                    <dl class="qa-stat-grid" data-testid="qa-stats">
                        { stat("qa.stat.knowledge_items", grouped(s.knowledge_items), "stat-items") }
                        { stat("qa.stat.members", grouped(s.members), "stat-members") }
                        { stat("qa.stat.views", grouped(s.views), "stat-views") }
                        { stat("qa.stat.completion", format!("{:.0}%", s.completion_rate * 100.0), "stat-completion") }
                        { stat("qa.stat.median_first_answer", median, "stat-median") }
                    </dl>
                    <h2>{ i18n.tr("qa.stat.activity") }</h2>
                    if s.activity.is_empty() {
                        <p class="muted">{ i18n.tr("qa.none_yet") }</p>
                    } else {
                        <div class="qa-charts">
                            <div class="chart-box"><canvas id="qa-questions-chart" data-testid="qa-questions-chart" role="img" aria-label={i18n.tr("qa.chart_questions")}></canvas></div>
                            <div class="chart-box"><canvas id="qa-answers-chart" data-testid="qa-answers-chart" role="img" aria-label={i18n.tr("qa.chart_answers")}></canvas></div>
                        </div>
                        <details>
                            <summary>{ i18n.tr("qa.stat.table") }</summary>
                            <div class="table-wrap"><table>
                                <thead><tr>
                                    <th scope="col">{ i18n.tr("report.col.month") }</th>
                                    <th scope="col" class="num">{ i18n.tr("qa.questions") }</th>
                                    <th scope="col" class="num">{ i18n.tr("qa.answers") }</th>
                                </tr></thead>
                                <tbody>{ for s.activity.iter().map(|m| html! {
                                    <tr><td>{ m.month.clone() }</td><td class="num">{ m.questions }</td><td class="num">{ m.answers }</td></tr>
                                }) }</tbody>
                            </table></div>
                        </details>
                    }
                </>
            }
        }
    };
    html! {
        <div class="page qa-stats">
            <h1>{ i18n.tr("qa.nav.stats") }</h1>
            { qa_nav(&i18n, session.user.as_ref(), "stats") }
            { body }
        </div>
    }
}
