//! `cargo xtask bench`: the scenarios of ../shared/BENCH.md against the real
//! stack (built SPA and Worker under `wrangler dev` with local D1).
//!
//! Each load scenario warms up for 2 s, then measures 10 s, at 1 client and
//! at 32 clients (closed loop), three runs each; the median run (by p95 or
//! throughput) is reported. Results are printed and appended to
//! `bench/results.json` with the timestamp, commit and core count.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::stack::{chromedriver, free_port, migrate, serve};
use crate::tools::{ensure_browser, ensure_build_tools};
use crate::{build, procs, root, seed};

/// Gzipped length of `bytes` at the default level (what a CDN would send).
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = enc.write_all(bytes);
    enc.finish().map(|v| v.len()).unwrap_or(0)
}

fn file_gz(p: &Path) -> (usize, usize) {
    let b = std::fs::read(p).unwrap_or_default();
    (b.len(), gzip_len(&b))
}

/// Gzipped sizes of the SPA's assets and the Worker bundle.
fn sizes() -> Value {
    let assets = root().join("dist/assets");
    let mut wasm = (0, 0);
    let mut app_js = (0, 0);
    let mut other_js = (0, 0);
    let mut css = (0, 0);
    for e in std::fs::read_dir(&assets).into_iter().flatten().flatten() {
        let p = e.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
        let (raw, gz) = file_gz(&p);
        let slot = if name.ends_with(".wasm") {
            &mut wasm
        } else if name.ends_with(".css") {
            &mut css
        } else if name.starts_with("app-") || name.starts_with("boot-") {
            &mut app_js
        } else {
            &mut other_js
        };
        slot.0 += raw;
        slot.1 += gz;
    }
    let html = file_gz(&root().join("dist/index.html"));
    let worker_wasm = file_gz(&root().join("worker/build/index_bg.wasm"));
    let worker_js = file_gz(&root().join("worker/build/index.js"));
    let shell_gz = html.1 + wasm.1 + app_js.1 + other_js.1 + css.1;
    json!({
        "spa_wasm_gz": wasm.1, "spa_wasm_raw": wasm.0,
        "spa_js_gz": app_js.1, "chart_js_gz": other_js.1,
        "spa_css_gz": css.1, "index_html_gz": html.1,
        "shell_first_load_gz": shell_gz,
        "worker_gz": worker_wasm.1 + worker_js.1, "worker_raw": worker_wasm.0 + worker_js.0,
    })
}

/// Latency statistics of one run.
#[derive(Debug, Clone)]
struct RunStats {
    requests: usize,
    errors: usize,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    rps: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

/// Closed-loop load: `clients` tasks each sending `GET url` back to back.
async fn load(client: &reqwest::Client, url: &str, clients: usize, warmup: Duration, measure: Duration) -> RunStats {
    let url: Arc<str> = Arc::from(url);
    let go = |d: Duration, record: bool| {
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let client = client.clone();
            let url = url.clone();
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut errors = 0usize;
                let end = Instant::now() + d;
                while Instant::now() < end {
                    let t = Instant::now();
                    let ok = match client.get(&*url).send().await {
                        Ok(r) => {
                            let s = r.status().is_success();
                            let _ = r.bytes().await;
                            s
                        }
                        Err(_) => false,
                    };
                    if record {
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                        if !ok {
                            errors += 1;
                        }
                    }
                }
                (lat, errors)
            }));
        }
        tasks
    };
    for t in go(warmup, false) {
        let _ = t.await;
    }
    let start = Instant::now();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in go(measure, true) {
        if let Ok((lat, e)) = t.await {
            all.extend(lat);
            errors += e;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    RunStats {
        requests: all.len(),
        errors,
        p50_ms: percentile(&all, 50.0),
        p95_ms: percentile(&all, 95.0),
        p99_ms: percentile(&all, 99.0),
        rps: all.len() as f64 / secs,
    }
}

/// Three runs; the median by p95 (1 client) or by throughput (many clients).
async fn scenario(client: &reqwest::Client, url: &str, clients: usize) -> Value {
    let mut runs = Vec::new();
    for _ in 0..3 {
        runs.push(load(client, url, clients, Duration::from_secs(2), Duration::from_secs(10)).await);
    }
    if clients == 1 {
        runs.sort_by(|a, b| a.p95_ms.partial_cmp(&b.p95_ms).unwrap_or(std::cmp::Ordering::Equal));
    } else {
        runs.sort_by(|a, b| a.rps.partial_cmp(&b.rps).unwrap_or(std::cmp::Ordering::Equal));
    }
    let m = &runs[1];
    json!({
        "clients": clients, "requests": m.requests, "errors": m.errors,
        "p50_ms": round2(m.p50_ms), "p95_ms": round2(m.p95_ms), "p99_ms": round2(m.p99_ms), "rps": round2(m.rps),
        "runs_rps": runs.iter().map(|r| round2(r.rps)).collect::<Vec<_>>(),
    })
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// First contentful paint, first route rendered and transfer size of a cold
/// load of the home page in headless Chromium (median of 3 fresh profiles).
async fn paint(base: &str, webdriver: &str) -> Result<Value, String> {
    let mut samples = Vec::new();
    for _ in 0..3 {
        let profile = tempdir()?;
        let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--window-size=1280,900", format!("--user-data-dir={}", profile.display())]
            }
        }))
        .map_err(|e| e.to_string())?;
        let c = fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(webdriver)
            .await
            .map_err(|e| format!("webdriver: {e}"))?;
        c.goto(&format!("{base}/")).await.map_err(|e| e.to_string())?;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(fantoccini::Locator::Css("[data-testid=home-title]"))
            .await
            .map_err(|e| format!("home did not render: {e}"))?;
        let v = c
            .execute(
                "const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                 const app = performance.getEntriesByName('commons:first-route')[0];
                 const nav = performance.getEntriesByType('navigation')[0];
                 const res = performance.getEntriesByType('resource').reduce((s, r) => s + (r.transferSize || 0), 0);
                 return { fcp: fcp ? fcp.startTime : null, tti: app ? app.startTime : null,
                          transfer: res + (nav ? nav.transferSize : 0) };",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        let _ = c.close().await;
        let _ = std::fs::remove_dir_all(&profile);
        samples.push(v);
    }
    let med = |k: &str| {
        let mut xs: Vec<f64> = samples.iter().filter_map(|s| s[k].as_f64()).collect();
        xs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        xs.get(xs.len() / 2).copied().map(round2)
    };
    Ok(json!({ "fcp_ms": med("fcp"), "first_route_ms": med("tti"), "transfer_bytes": med("transfer") }))
}

fn tempdir() -> Result<std::path::PathBuf, String> {
    let p = std::env::temp_dir().join(format!("commons-chrome-{}-{}", std::process::id(), free_port()?));
    std::fs::create_dir_all(&p).map_err(|e| e.to_string())?;
    Ok(p)
}

fn git_commit() -> String {
    procs::output(std::process::Command::new("git").args(["rev-parse", "--short", "HEAD"]).current_dir(root()))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Runs every scenario and records the results.
pub fn run() -> crate::Result<()> {
    ensure_build_tools()?;
    ensure_browser()?;
    build::all()?;
    let state = root().join("target/bench-state");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&state).map_err(|e| e.to_string())?;
    migrate(&state)?;
    seed::apply(&state, seed::Scale::Accounts)?;
    let server = serve(&state, free_port()?, Some(state.join("wrangler.log")))?;
    let webdriver = chromedriver()?;
    let base = server.url();

    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let result: Result<Value, String> = rt.block_on(async {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        eprintln!("==> bench: sizes");
        let sizes = sizes();
        eprintln!("==> bench: home page paint (3 cold loads)");
        let paint = paint(&base, &webdriver).await?;
        let health = format!("{base}/api/health");
        eprintln!("==> bench: GET /api/health, 1 client (3 × 12 s)");
        let h1 = scenario(&client, &health, 1).await;
        eprintln!("==> bench: GET /api/health, 32 clients (3 × 12 s)");
        let h32 = scenario(&client, &health, 32).await;
        Ok(json!({ "sizes": sizes, "home_paint": paint, "health_1": h1, "health_32": h32 }))
    });
    procs::stop_all();
    let scenarios = result?;

    let now = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let record = json!({ "timestamp": now, "commit": git_commit(), "cores": cores, "scenarios": scenarios });
    print_table(&record);

    let path = root().join("bench/results.json");
    let _ = std::fs::create_dir_all(root().join("bench"));
    let mut all: Vec<Value> =
        std::fs::read_to_string(&path).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
    all.push(record);
    let text = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?;
    std::fs::write(&path, text + "\n").map_err(|e| format!("write {}: {e}", path.display()))?;
    println!("appended to {}", path.display());
    Ok(())
}

fn print_table(r: &Value) {
    let s = &r["scenarios"];
    println!("\nCommons bench — {} (commit {}, {} cores)", r["timestamp"], r["commit"], r["cores"]);
    println!("{:-<72}", "");
    let z = &s["sizes"];
    println!("SPA wasm gz {:>8} B   SPA js gz {:>7} B   chart.js gz {:>7} B   css gz {:>6} B",
        z["spa_wasm_gz"], z["spa_js_gz"], z["chart_js_gz"], z["spa_css_gz"]);
    println!("shell first load gz {:>8} B (budget 307200)   worker gz {:>8} B (limit 3145728)",
        z["shell_first_load_gz"], z["worker_gz"]);
    let p = &s["home_paint"];
    println!("home: FCP {} ms, first route rendered {} ms, transfer {} B", p["fcp_ms"], p["first_route_ms"], p["transfer_bytes"]);
    for (name, k) in [("GET /api/health  1 client ", "health_1"), ("GET /api/health 32 clients", "health_32")] {
        let h = &s[k];
        println!("{name}: p50 {} ms  p95 {} ms  p99 {} ms  {} req/s  errors {}",
            h["p50_ms"], h["p95_ms"], h["p99_ms"], h["rps"], h["errors"]);
    }
    println!("{:-<72}", "");
}
