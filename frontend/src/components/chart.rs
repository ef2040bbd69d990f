//! Charts through chart-js-rs. Chart.js itself is not in the shell (it would
//! cost 70 KB gzipped on every first load); the first chart loads it from the
//! hashed asset named in `<meta name="commons-chart-js">`, then renders.

use chart_js_rs::bar::Bar;
use chart_js_rs::ChartExt;
use serde_json::json;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Draws a bar chart of `values` labelled by `labels` on the canvas `canvas_id`.
pub fn bar_chart(canvas_id: &str, title: &str, labels: &[String], values: &[f64]) {
    let points: Vec<serde_json::Value> = labels.iter().zip(values).map(|(l, v)| json!({"x": l, "y": v})).collect();
    let config = json!({
        "type": "bar",
        "id": canvas_id,
        "data": { "datasets": [ { "type": "bar", "label": title, "data": points, "datalabels": {} } ] },
        "options": { "maintainAspectRatio": false }
    });
    let chart = match serde_json::from_value::<Bar<Vec<chart_js_rs::XYDataset>>>(config) {
        Ok(c) => c,
        Err(e) => {
            // Leave the reason on the canvas, where a test or a developer can read it.
            mark(canvas_id, &format!("config: {e}"));
            return;
        }
    };
    with_chart_js(move || {
        // A re-render replaces the chart on the same canvas.
        destroy_existing(chart.get_id());
        chart.into_chart().render();
    });
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

/// Runs `f` once the global `Chart` exists, loading Chart.js first if needed.
fn with_chart_js(f: impl FnOnce() + 'static) {
    let global = js_sys::global();
    if js_sys::Reflect::get(&global, &"Chart".into()).is_ok_and(|c| !c.is_undefined()) {
        f();
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(src) =
        doc.query_selector("meta[name=commons-chart-js]").ok().flatten().and_then(|m| m.get_attribute("content"))
    else {
        return;
    };
    let Ok(script) = doc.create_element("script") else { return };
    let script: web_sys::HtmlScriptElement = script.unchecked_into();
    script.set_src(&src);
    let onload = Closure::once_into_js(f);
    script.set_onload(Some(onload.unchecked_ref()));
    if let Some(head) = doc.head() {
        let _ = head.append_child(&script);
    }
}
