//! `cargo xtask bench`: the scenarios of ../shared/BENCH.md against the real
//! stack (built SPA and Worker under `wrangler dev` with local D1).
//!
//! Each load scenario (driven by `wrk`) warms up for 2 s, then measures 10 s,
//! at 1 client and at 32 clients (closed loop), three runs each; the median run (by p95 or
//! throughput) is reported. Results are printed and appended to
//! `bench/results.json` with the timestamp, commit and core count.

pub mod booking;
pub mod opendata;
pub mod qa;

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::stack::{chromedriver, free_port, migrate, serve, Mode};
use crate::tools::{ensure_browser, ensure_build_tools, ensure_wrk};
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

/// Gzipped sizes of the SPA's bundles and the Worker. A page's first load is
/// index.html, boot.js, the CSS and its bundle's JS glue and wasm; Chart.js is
/// vendored but loaded only by chart pages.
fn sizes() -> Value {
    let assets = root().join("dist/assets");
    let files: Vec<(String, (usize, usize))> = std::fs::read_dir(&assets)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().to_string(), file_gz(&e.path())))
        .collect();
    let sum = |pred: &dyn Fn(&str) -> bool| {
        files.iter().filter(|(n, _)| pred(n)).fold((0, 0), |a, (_, s)| (a.0 + s.0, a.1 + s.1))
    };
    let html = file_gz(&root().join("dist/index.html"));
    let common = html.1 + sum(&|n| n.starts_with("boot-") || n.ends_with(".css")).1;
    let mut bundles = serde_json::Map::new();
    for name in commons_domain::common::bundles::BUNDLES.map(|b| b.name) {
        let prefix = format!("app-{name}-");
        let wasm = sum(&|n| n.starts_with(&prefix) && n.ends_with(".wasm"));
        let js = sum(&|n| n.starts_with(&prefix) && n.ends_with(".js"));
        bundles.insert(
            name.into(),
            json!({"wasm_gz": wasm.1, "wasm_raw": wasm.0, "js_gz": js.1, "first_load_gz": common + wasm.1 + js.1}),
        );
    }
    let worker_wasm = file_gz(&root().join("worker/build/index_bg.wasm"));
    let worker_js = file_gz(&root().join("worker/build/index.js"));
    json!({
        "shell_first_load_gz": bundles["shell"]["first_load_gz"],
        "bundles": bundles,
        "chart_js_gz": sum(&|n| n.starts_with("chart.")).1,
        "spa_css_gz": sum(&|n| n.ends_with(".css")).1,
        "index_html_gz": html.1,
        "worker_gz": worker_wasm.1 + worker_js.1, "worker_raw": worker_wasm.0 + worker_js.0,
    })
}

/// Latency statistics of one run.
#[derive(Debug, Clone)]
struct RunStats {
    requests: u64,
    errors: u64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    /// wrk's own p95, corrected for coordinated omission.
    wrk_p95_ms: f64,
    rps: f64,
    /// CPU milliseconds the user workerd spent per request over the run
    /// (NaN when the process was not found; see [`worker_cpu_secs`]).
    cpu_ms_per_request: f64,
}

/// The pid of the workerd process that runs the Worker (and local D1's
/// SQLite, which workerd runs in the same process), found once per bench run.
static USER_WORKERD: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();

/// The pid of the workerd listening on `port`, from `ss -ltnpH`.
fn pid_on_port(port: u16) -> Option<u32> {
    let out = procs::output(std::process::Command::new("ss").args(["-ltnpH"]))?;
    let line = out.lines().find(|l| l.split_whitespace().nth(3).is_some_and(|a| a.ends_with(&format!(":{port}"))))?;
    let rest = &line[line.find("pid=")? + 4..];
    rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

/// User plus system CPU seconds of `pid` so far, from `/proc/<pid>/stat`.
fn worker_cpu_secs(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) in parentheses:
    // state is field 3, utime 14 and stime 15, counted from 1.
    let after = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / clock_ticks())
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`; 100 on Linux when unknown).
fn clock_ticks() -> f64 {
    static TCK: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TCK.get_or_init(|| {
        procs::output(std::process::Command::new("getconf").arg("CLK_TCK"))
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// Per-request timing for 1-client runs.
///
/// wrk corrects its latency histogram for coordinated omission: every
/// response slower than the mean interval also adds synthetic samples for the
/// requests an open-loop client would have sent meanwhile, so one 50 ms pause
/// of the runtime becomes ~100 samples. BENCH.md's 1-client figures are the
/// closed-loop cost of one request, so the script also times each real
/// request itself (monotonic clock through LuaJIT's FFI; exact with one
/// connection per thread) and reports both. With more connections per thread
/// the per-request times cannot be told apart, and wrk's figures are used;
/// the timing hooks are then left out, since a Lua `response` hook makes wrk
/// parse every answer and takes CPU from the server under test.
const WRK_TIMING: &str = r#"
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } commons_ts; int clock_gettime(int, commons_ts *); ]]
local ts = ffi.new("commons_ts")
local function now_us() ffi.C.clock_gettime(1, ts); return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3 end
local user_request = request or function() return wrk.format() end
local sent = 0
lat = {}
request = function() sent = now_us(); return user_request() end
response = function(status, headers, body) lat[#lat + 1] = now_us() - sent end
"#;

/// wrk's `done` hook, printing one JSON line with the figures we keep (wrk's
/// own summary has no p95); the raw figures come from [`WRK_TIMING`] and are 0
/// without it. `errors.status` counts non-2xx/3xx answers.
const WRK_REPORT: &str = r#"
local user_setup = setup
local threads = {}
setup = function(thread) threads[#threads + 1] = thread; if user_setup then user_setup(thread) end end
done = function(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local l = t:get("lat") or {}
    for i = 1, #l do all[#all + 1] = l[i] end
  end
  table.sort(all)
  local function pct(p) if #all == 0 then return 0 end return all[math.max(1, math.ceil(#all * p / 100))] end
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"errors":%d,"p50_us":%.1f,"p95_us":%.1f,"p99_us":%.1f,"raw_p50_us":%.1f,"raw_p95_us":%.1f,"raw_p99_us":%.1f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), pct(50), pct(95), pct(99)))
end
"#;

/// What a wrk scenario sends.
pub struct WrkRequest {
    url: String,
    headers: Vec<(String, String)>,
    /// Lua defining `request` (and maybe `setup`/`init`), made per run so each run can use fresh data.
    script: Option<Box<dyn Fn(usize) -> String>>,
}

impl WrkRequest {
    /// A plain GET.
    pub fn get(url: &str) -> Self {
        WrkRequest { url: url.to_string(), headers: Vec::new(), script: None }
    }
    /// A scripted request (the URL is set with [`WrkRequest::url`]).
    pub fn script(make: impl Fn(usize) -> String + 'static) -> Self {
        WrkRequest { url: String::new(), headers: Vec::new(), script: Some(Box::new(make)) }
    }
    /// Sets the base URL.
    pub fn url(mut self, url: &str) -> Self {
        self.url = url.to_string();
        self
    }
    /// Sends a session cookie with every request.
    pub fn cookie(self, cookie: &str) -> Self {
        self.header("Cookie", cookie)
    }
    /// Sends a header with every request (plain GETs only).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// One closed-loop wrk run (C, from Debian: the load generator must not be
/// the bottleneck on a 2-core machine).
fn wrk(req: &WrkRequest, clients: usize, secs: u64, run: usize) -> crate::Result<RunStats> {
    let script = root().join(format!("target/bench-wrk-{run}.lua"));
    let mut lua = String::new();
    if let Some(make) = &req.script {
        lua.push_str(&make(run));
    } else {
        for (name, value) in &req.headers {
            lua.push_str(&format!("wrk.headers[\"{name}\"] = \"{value}\"\n"));
        }
    }
    if clients == 1 {
        lua.push_str(WRK_TIMING);
    }
    lua.push_str(WRK_REPORT);
    std::fs::write(&script, lua).map_err(|e| e.to_string())?;
    let threads = clients.clamp(1, 2).to_string();
    let pid = USER_WORKERD.get().copied().flatten();
    let cpu_before = pid.and_then(worker_cpu_secs);
    let out = procs::output(
        std::process::Command::new("wrk")
            .args(["-t", &threads, "-c", &clients.to_string(), "-d", &format!("{secs}s"), "--timeout", "10s", "-s"])
            .arg(&script)
            .arg(&req.url),
    )
    .ok_or("wrk failed to run")?;
    let cpu_secs = match (cpu_before, pid.and_then(worker_cpu_secs)) {
        (Some(a), Some(b)) => b - a,
        _ => f64::NAN,
    };
    let line =
        out.lines().find_map(|l| l.strip_prefix("WRK_JSON ")).ok_or_else(|| format!("no wrk report in:\n{out}"))?;
    let v: Value = serde_json::from_str(line).map_err(|e| format!("wrk report: {e}"))?;
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    // One connection per thread: each request timed on its own (see WRK_REPORT).
    let pre = if clients == 1 { "raw_" } else { "" };
    Ok(RunStats {
        requests: v["requests"].as_u64().unwrap_or(0),
        errors: v["errors"].as_u64().unwrap_or(0),
        p50_ms: f(&format!("{pre}p50_us")) / 1000.0,
        p95_ms: f(&format!("{pre}p95_us")) / 1000.0,
        p99_ms: f(&format!("{pre}p99_us")) / 1000.0,
        wrk_p95_ms: f("p95_us") / 1000.0,
        rps: f("requests") / (f("duration_us") / 1e6),
        cpu_ms_per_request: cpu_secs * 1000.0 / f("requests").max(1.0),
    })
}

/// Warm up 2 s, then three 10 s runs; the median by p95 (1 client) or by
/// throughput (many clients).
pub fn scenario_with(req: &WrkRequest, clients: usize) -> crate::Result<Value> {
    wrk(req, clients, 2, 0)?;
    let mut runs = Vec::new();
    for run in 1..=3 {
        runs.push(wrk(req, clients, 10, run)?);
    }
    if clients == 1 {
        runs.sort_by(|a, b| a.p95_ms.partial_cmp(&b.p95_ms).unwrap_or(std::cmp::Ordering::Equal));
    } else {
        runs.sort_by(|a, b| a.rps.partial_cmp(&b.rps).unwrap_or(std::cmp::Ordering::Equal));
    }
    let m = &runs[1];
    Ok(json!({
        "clients": clients, "requests": m.requests, "errors": m.errors,
        "p50_ms": round2(m.p50_ms), "p95_ms": round2(m.p95_ms), "p99_ms": round2(m.p99_ms), "rps": round2(m.rps),
        "runs_rps": runs.iter().map(|r| round2(r.rps)).collect::<Vec<_>>(),
        "runs_p95_ms": runs.iter().map(|r| round2(r.p95_ms)).collect::<Vec<_>>(),
        "latency": if clients == 1 { "closed loop, each request timed" } else { "wrk, corrected for coordinated omission" },
        "wrk_corrected_p95_ms": round2(m.wrk_p95_ms),
        // Null when the Worker's process was not found (JSON has no NaN).
        "cpu_ms_per_request": m.cpu_ms_per_request.is_finite().then(|| round2(m.cpu_ms_per_request)),
        "cpu": "user workerd utime + stime over the run / requests (includes local D1's SQLite; an upper bound on Cloudflare's CPU time)",
    }))
}

/// [`scenario_with`] for a plain GET.
fn scenario(url: &str, clients: usize) -> crate::Result<Value> {
    scenario_with(&WrkRequest::get(url), clients)
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

/// The port of the Worker's own workerd socket behind `wrangler dev`'s
/// proxy: the listening workerd port, other than the public one, that
/// answers `/api/health` with our JSON.
fn direct_worker_port(public: u16) -> Option<u16> {
    let out = procs::output(std::process::Command::new("ss").args(["-ltnpH"]))?;
    out.lines()
        .filter(|l| l.contains("\"workerd\""))
        .filter_map(|l| l.split_whitespace().nth(3)?.rsplit(':').next()?.parse::<u16>().ok())
        .filter(|p| *p != public)
        .find(|p| {
            crate::stack::http_get(*p, "/api/health")
                .is_some_and(|a| a.starts_with("HTTP/1.1 200") && a.contains("\"status\":\"ok\""))
        })
}

/// Runs every scenario and records the results.
pub fn run(only: &[String]) -> crate::Result<()> {
    let want = |g: &str| only.is_empty() || only.iter().any(|o| o == g);
    ensure_build_tools()?;
    ensure_browser()?;
    ensure_wrk()?;
    build::all()?;
    let state = root().join("target/bench-state");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&state).map_err(|e| e.to_string())?;
    migrate(&state)?;
    seed::apply(&state, seed::Scale::Accounts)?;
    let server = serve(&state, free_port()?, Some(state.join("wrangler.log")), Mode::Bench)?;
    let webdriver = chromedriver()?;
    let base = server.url();
    // The Worker's own socket belongs to the workerd that runs it.
    let _ = USER_WORKERD.set(direct_worker_port(server.port).and_then(pid_on_port));
    eprintln!(
        "==> bench: user workerd pid {:?} (CPU per request is measured on it)",
        USER_WORKERD.get().copied().flatten()
    );

    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let result: Result<Value, String> = (|| {
        let mut out = serde_json::Map::new();
        if want("shell") {
            eprintln!("==> bench: sizes");
            out.insert("sizes".into(), sizes());
            eprintln!("==> bench: home page paint (3 cold loads)");
            out.insert("home_paint".into(), rt.block_on(paint(&base, &webdriver))?);
            let health = format!("{base}/api/health");
            eprintln!("==> bench: GET /api/health, 1 client (2 s warm-up, 3 × 10 s)");
            out.insert("health_1".into(), scenario(&health, 1)?);
            eprintln!("==> bench: GET /api/health, 32 clients (2 s warm-up, 3 × 10 s)");
            out.insert("health_32".into(), scenario(&health, 32)?);
            // The same Worker without wrangler's dev-only proxy in front (a
            // second workerd that re-sends every request; production has no
            // such hop), to show how much of the figure is dev tooling.
            if let Some(port) = direct_worker_port(server.port) {
                let direct = format!("http://127.0.0.1:{port}/api/health");
                eprintln!("==> bench: GET /api/health on the Worker's own socket, 1 and 32 clients");
                out.insert("health_direct_1".into(), scenario(&direct, 1)?);
                out.insert("health_direct_32".into(), scenario(&direct, 32)?);
            }
        }
        if want("booking") {
            out.insert("booking".into(), booking::run(&state, server.port)?);
        }
        if want("opendata") {
            out.insert("opendata".into(), opendata::run(&state, &base)?);
        }
        if want("qa") {
            out.insert("qa".into(), qa::run(&state, &base)?);
        }
        Ok(Value::Object(out))
    })();
    procs::stop_all();
    let scenarios = result?;

    let now =
        time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let record = json!({
        "timestamp": now,
        "commit": git_commit(),
        "cores": cores,
        "server": "wrangler dev, DevTools inspector off, --log-level warn, wrangler's node at nice 10",
        "scenarios": scenarios,
    });
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
    if !z.is_null() {
        for (name, b) in z["bundles"].as_object().into_iter().flatten() {
            println!(
                "bundle {name:<8} wasm gz {:>8} B   js gz {:>6} B   first load gz {:>8} B",
                b["wasm_gz"], b["js_gz"], b["first_load_gz"]
            );
        }
        println!("chart.js gz {:>7} B (chart pages only)   css gz {:>6} B", z["chart_js_gz"], z["spa_css_gz"]);
        println!(
            "shell first load gz {:>8} B (budget 307200)   worker gz {:>8} B (limit 3145728)",
            z["shell_first_load_gz"], z["worker_gz"]
        );
        let p = &s["home_paint"];
        println!(
            "home: FCP {} ms, first route rendered {} ms, transfer {} B",
            p["fcp_ms"], p["first_route_ms"], p["transfer_bytes"]
        );
    }
    let b = &s["booking"];
    for (name, h) in [
        ("GET /api/health  1 client ", &s["health_1"]),
        ("GET /api/health 32 clients", &s["health_32"]),
        ("health, no dev proxy, 1 client", &s["health_direct_1"]),
        ("health, no dev proxy, 32 clients", &s["health_direct_32"]),
        ("week calendar     1 client", &b["week_calendar_1"]),
        ("centre day (100)  1 client", &b["center_day_100_1"]),
        ("year report (200k) 1 client", &b["report_year_1"]),
        ("booking create    1 client", &b["booking_create_1"]),
        ("booking create   32 clients", &b["booking_create_32"]),
    ] {
        if h.is_null() {
            continue;
        }
        println!(
            "{name}: p50 {} ms  p95 {} ms  p99 {} ms  {} req/s  errors {}  CPU {} ms/req",
            h["p50_ms"], h["p95_ms"], h["p99_ms"], h["rps"], h["errors"], h["cpu_ms_per_request"]
        );
    }
    let qa = &s["qa"];
    if !qa.is_null() {
        println!("Q&A over {} questions:", qa["dataset"]["questions"]);
        for key in ["search_1", "search_32", "question_page_50_answers_1", "vote_1"] {
            let h = &qa[key];
            println!(
                "  {key:<28} p50 {} ms  p95 {} ms  p99 {} ms  {} req/s  errors {}  CPU {} ms/req",
                h["p50_ms"], h["p95_ms"], h["p99_ms"], h["rps"], h["errors"], h["cpu_ms_per_request"]
            );
        }
    }
    let o = &s["opendata"];
    if !o.is_null() {
        println!(
            "open data over {} datasets ({} real, {} generated):",
            o["dataset"]["total"], o["dataset"]["real"], o["dataset"]["generated"]
        );
        for key in ["search_pension_1", "search_stats_in_category_1", "browse_all_by_views_1"] {
            let h = &o[key]["worker"];
            println!(
                "  {key:<28} p50 {} ms  p95 {} ms  p99 {} ms  errors {}  CPU {} ms/req  | direct SQL p50 {} ms p95 {} ms  ratio {}",
                h["p50_ms"],
                h["p95_ms"],
                h["p99_ms"],
                h["errors"],
                h["cpu_ms_per_request"],
                o[key]["direct_sql_p50_ms"],
                o[key]["direct_sql_p95_ms"],
                o[key]["ratio_p50"]
            );
        }
        for key in ["search_pension_32", "preview_first_page_1", "preview_sorted_page_1"] {
            let h = &o[key];
            println!(
                "  {key:<28} p50 {} ms  p95 {} ms  p99 {} ms  {} req/s  errors {}  CPU {} ms/req",
                h["p50_ms"], h["p95_ms"], h["p99_ms"], h["rps"], h["errors"], h["cpu_ms_per_request"]
            );
        }
    }
    println!("{:-<72}", "");
}

#[cfg(test)]
mod cpu_tests {
    use super::*;

    #[test]
    fn cpu_time_of_a_process_is_read_and_grows_with_work() {
        let me = std::process::id();
        let before = worker_cpu_secs(me).expect("own /proc stat");
        // Burn a little CPU (about 50 ms or more) so the tick counter moves.
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while start.elapsed() < Duration::from_millis(120) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        std::hint::black_box(x);
        let after = worker_cpu_secs(me).expect("own /proc stat");
        assert!(after > before, "{before} -> {after}");
        assert!(after - before < 5.0, "seconds, not ticks: {before} -> {after}");
    }
}
