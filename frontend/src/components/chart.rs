//! Charts through chart-js-rs. Chart.js itself is not in the shell (it would
//! cost 70 KB gzipped on every first load); the first chart loads it from the
//! hashed asset named in `<meta name="commons-chart-js">`, then renders.
//!
//! chart-js-rs 0.1.11 has typed configs for bar, pie, doughnut and scatter
//! but none for line: a line chart is a bar config whose dataset has
//! `type: "line"`, which Chart.js draws as a plain line on the category axis.

use chart_js_rs::bar::Bar;
use chart_js_rs::pie::Pie;
use chart_js_rs::ChartExt;
use serde_json::json;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The kinds of chart the site draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars.
    Bar,
    /// Horizontal bars (long category names, rankings).
    HorizontalBar,
    /// A line through the points.
    Line,
    /// A pie of the values' shares.
    Pie,
}

impl ChartKind {
    /// The kinds a reader can choose in the chart builder.
    pub const CHOOSABLE: [ChartKind; 3] = [ChartKind::Bar, ChartKind::Line, ChartKind::Pie];

    /// The name used in forms and `data-` attributes.
    pub fn as_str(self) -> &'static str {
        match self {
            ChartKind::Bar => "bar",
            ChartKind::HorizontalBar => "hbar",
            ChartKind::Line => "line",
            ChartKind::Pie => "pie",
        }
    }

    /// Parses [`ChartKind::as_str`].
    pub fn parse(s: &str) -> Option<ChartKind> {
        [ChartKind::Bar, ChartKind::HorizontalBar, ChartKind::Line, ChartKind::Pie]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Draws a bar chart of `values` labelled by `labels` on the canvas `canvas_id`.
pub fn bar_chart(canvas_id: &str, title: &str, labels: &[String], values: &[f64]) {
    draw(canvas_id, ChartKind::Bar, title, labels, values);
}

/// Draws `values` labelled by `labels` as a chart of `kind` on the canvas
/// `canvas_id`, replacing any chart already there.
pub fn draw(canvas_id: &str, kind: ChartKind, title: &str, labels: &[String], values: &[f64]) {
    match kind {
        ChartKind::Pie => {
            // Pie data are plain numbers; chart-js-rs reads them as strings
            // (its number type has no float form) and writes them back as numbers.
            let data: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            let config = json!({
                "type": "pie",
                "id": canvas_id,
                "data": { "labels": labels, "datasets": [ { "label": title, "data": data } ] },
                "options": { "maintainAspectRatio": false }
            });
            render::<Pie>(canvas_id, config);
        }
        ChartKind::Bar | ChartKind::Line | ChartKind::HorizontalBar => {
            let horizontal = kind == ChartKind::HorizontalBar;
            // With `indexAxis: "y"` the category is read from `y`.
            let points: Vec<serde_json::Value> = labels
                .iter()
                .zip(values)
                .map(|(l, v)| if horizontal { json!({"x": v, "y": l}) } else { json!({"x": l, "y": v}) })
                .collect();
            let mut dataset = json!({ "type": "bar", "label": title, "data": points, "datalabels": {} });
            if kind == ChartKind::Line {
                dataset["type"] = json!("line");
                // chart-js-rs reads these as number strings (no float form).
                dataset["tension"] = json!("0.2");
                dataset["pointRadius"] = json!("3");
            }
            let mut options = json!({ "maintainAspectRatio": false });
            if horizontal {
                options["indexAxis"] = json!("y");
                options["plugins"] = json!({ "legend": { "display": false } });
            }
            let config =
                json!({ "type": "bar", "id": canvas_id, "data": { "datasets": [dataset] }, "options": options });
            render::<Bar<Vec<chart_js_rs::XYDataset>>>(canvas_id, config);
        }
    }
}

/// Types `config` as chart `C` and renders it once Chart.js is there.
fn render<C>(canvas_id: &str, config: serde_json::Value)
where
    C: ChartExt + serde::de::DeserializeOwned + 'static,
{
    let chart = match serde_json::from_value::<C>(config) {
        Ok(c) => c,
        Err(e) => {
            // Leave the reason on the canvas, where a test or a developer can read it.
            mark(canvas_id, &format!("config: {e}"));
            return;
        }
    };
    let id = canvas_id.to_string();
    with_chart_js(
        move || {
            // A re-render replaces the chart on the same canvas.
            destroy_existing(chart.get_id());
            chart.into_chart().render();
        },
        move || mark(&id, "Chart.js failed to load"),
    );
}

fn mark(canvas_id: &str, error: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(canvas_id)) {
        let _ = el.set_attribute("data-chart-error", error);
    }
}

fn destroy_existing(id: &str) {
    let chart = js_sys::Reflect::get(&js_sys::global(), &"Chart".into()).unwrap_or_default();
    let Ok(get) = js_sys::Reflect::get(&chart, &"getChart".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return;
    };
    if let Ok(existing) = get.call1(&chart, &id.into()) {
        if let Ok(destroy) =
            js_sys::Reflect::get(&existing, &"destroy".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            let _ = destroy.call0(&existing);
        }
    }
}

/// The id of the `<script>` that loads Chart.js, so a second chart asked for
/// while it loads waits for the same script instead of adding another.
const SCRIPT_ID: &str = "commons-chart-js-script";

/// Runs `f` once the global `Chart` exists, loading Chart.js first if needed;
/// runs `failed` if the script cannot be loaded.
fn with_chart_js(f: impl FnOnce() + 'static, failed: impl FnOnce() + 'static) {
    let global = js_sys::global();
    if js_sys::Reflect::get(&global, &"Chart".into()).is_ok_and(|c| !c.is_undefined()) {
        f();
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let onload = Closure::once_into_js(f);
    let onerror = Closure::once_into_js(move || {
        // Forget the failed script, so the next chart tries again.
        if let Some(s) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(SCRIPT_ID)) {
            s.remove();
        }
        failed();
    });
    if let Some(pending) = doc.get_element_by_id(SCRIPT_ID) {
        let _ = pending.add_event_listener_with_callback("load", onload.unchecked_ref());
        let _ = pending.add_event_listener_with_callback("error", onerror.unchecked_ref());
        return;
    }
    let Some(src) =
        doc.query_selector("meta[name=commons-chart-js]").ok().flatten().and_then(|m| m.get_attribute("content"))
    else {
        return;
    };
    let Ok(script) = doc.create_element("script") else { return };
    script.set_id(SCRIPT_ID);
    let _ = script.add_event_listener_with_callback("load", onload.unchecked_ref());
    let _ = script.add_event_listener_with_callback("error", onerror.unchecked_ref());
    let script: web_sys::HtmlScriptElement = script.unchecked_into();
    script.set_src(&src);
    if let Some(head) = doc.head() {
        let _ = head.append_child(&script);
    }
}
