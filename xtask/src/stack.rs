//! The running stack: migrations, `wrangler dev` on a port, ChromeDriver,
//! and the `dev`, `test` and `deploy-check` verbs built from them.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::procs::{self, run};
use crate::tools::{build_env, ensure_browser, ensure_build_tools};
use crate::{build, root, seed};

fn wrangler() -> Command {
    let mut c = Command::new(root().join("node_modules/.bin/wrangler"));
    build_env(&mut c).current_dir(root());
    c
}

/// Applies every migration in `migrations/` to the local D1 under `state`.
pub fn migrate(state: &Path) -> crate::Result<()> {
    eprintln!("==> applying migrations to {}", state.display());
    run(
        wrangler()
            .args(["d1", "migrations", "apply", "commons", "--local", "--persist-to"])
            .arg(state)
            .env("CI", "true"),
        "wrangler d1 migrations apply",
    )
}

/// Runs a SQL file against the local D1 under `state`.
pub fn execute_sql_file(state: &Path, file: &Path) -> crate::Result<()> {
    let out = wrangler()
        .args(["d1", "execute", "commons", "--local", "--yes", "--persist-to"])
        .arg(state)
        .arg("--file")
        .arg(file)
        .output()
        .map_err(|e| format!("wrangler d1 execute: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "wrangler d1 execute {} failed:\n{}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A free TCP port on loopback.
pub fn free_port() -> crate::Result<u16> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// A plain HTTP GET on loopback (`Connection: close`), returning the whole
/// answer, head and body.
pub fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    Some(String::from_utf8_lossy(&buf).into_owned())
}

/// A plain HTTP GET on loopback, returning the status code.
pub fn http_status(port: u16, path: &str) -> Option<u16> {
    http_get(port, path)?.split_whitespace().nth(1)?.parse().ok()
}

fn wait_until(what: &str, timeout: Duration, child: &mut Child, mut ready: impl FnMut() -> bool) -> crate::Result<()> {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("{what} exited early ({status})"));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!("{what} was not ready within {}s", timeout.as_secs()))
}

/// A started `wrangler dev`.
pub struct Server {
    /// Its process (group leader).
    pub child: Child,
    /// The port it serves.
    pub port: u16,
    /// Where its output goes, if captured.
    pub log: Option<PathBuf>,
}

impl Server {
    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
    /// The last lines of its log, for failure reports.
    pub fn log_tail(&self) -> String {
        let Some(p) = &self.log else { return String::new() };
        let text = std::fs::read_to_string(p).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

/// What a started `wrangler dev` is for: it decides the dev-only extras that
/// cost CPU on every request and that production does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `cargo xtask dev`: DevTools can attach (press `d`), every request is printed.
    Dev,
    /// The test stack: no DevTools inspector; the log is kept for failure reports.
    Test,
    /// The bench stack: no DevTools inspector, and wrangler prints warnings only.
    Bench,
}

/// Starts `wrangler dev` on `port` with local state under `state`, and waits
/// until `/api/health` answers. With `log`, output goes to that file.
pub fn serve(state: &Path, port: u16, log: Option<PathBuf>, mode: Mode) -> crate::Result<Server> {
    let mut cmd = wrangler();
    // Tests fire the cron handler through /cdn-cgi/handler/scheduled, which wrangler dev serves.
    cmd.args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string(), "--show-interactive-dev-session=false"])
        .arg("--persist-to")
        .arg(state)
        .stdin(Stdio::null());
    if mode == Mode::Dev {
        cmd.args(["--inspector-port", &free_port()?.to_string()]);
    } else {
        // With the DevTools inspector on, wrangler attaches to the Worker's V8
        // inspector and ships every console.log (our one access line per
        // request) over CDP to a second workerd and on to node: measured at
        // 1,027 vs 1,591 req/s for /api/health at 32 clients. wrangler 4.86
        // has no CLI flag for it; this variable is the switch its own
        // `inspectorEnabled` reads (set by VS Code's debug terminal).
        cmd.env("VSCODE_INSPECTOR_OPTIONS", "{}");
    }
    // COMMONS_WRANGLER_LOG_LEVEL=debug shows wrangler's own reload and proxy decisions.
    if let Ok(level) = std::env::var("COMMONS_WRANGLER_LOG_LEVEL") {
        cmd.args(["--log-level", &level]);
    } else if mode == Mode::Bench {
        // Printing a line per request costs node ~25% of a core under load.
        cmd.args(["--log-level", "warn"]);
    }
    if let Some(p) = &log {
        let f = std::fs::File::create(p).map_err(|e| format!("log file: {e}"))?;
        let f2 = f.try_clone().map_err(|e| e.to_string())?;
        cmd.stdout(f).stderr(f2);
    }
    let child = procs::spawn(cmd, "wrangler dev")?;
    let mut server = Server { child, port, log };
    let res = wait_until("wrangler dev", Duration::from_secs(90), &mut server.child, || {
        http_status(port, "/api/health") == Some(200)
    });
    if let Err(e) = res {
        return Err(format!("{e}\n{}", server.log_tail()));
    }
    // workerd is running by now (it answered), so it keeps its priority.
    procs::lower_node_priority(server.child.id());
    Ok(server)
}

/// Starts ChromeDriver on a free port; returns its URL.
pub fn chromedriver() -> crate::Result<String> {
    let port = free_port()?;
    let mut cmd = Command::new("/usr/bin/chromedriver");
    cmd.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).stdin(Stdio::null());
    let mut child = procs::spawn(cmd, "chromedriver")?;
    wait_until("chromedriver", Duration::from_secs(30), &mut child, || http_status(port, "/status") == Some(200))?;
    Ok(format!("http://127.0.0.1:{port}"))
}

/// Where the real public data lives (`../shared/data`), if present.
pub fn shared_data() -> Option<PathBuf> {
    let p = root().join("../shared/data");
    p.is_dir().then(|| p.canonicalize().unwrap_or(p))
}

/// `cargo xtask dev`.
pub fn dev() -> crate::Result<()> {
    ensure_build_tools()?;
    build::all()?;
    let state = root().join(".wrangler/state");
    migrate(&state)?;
    seed::apply(&state, seed::Scale::Demo)?;
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8787);
    let mut server = serve(&state, port, None, Mode::Dev)?;
    seed::datasets(&server.url())?;
    println!("\nCommons is running at {}\n", server.url());
    println!("Demo accounts (local only; password for all: {}):", seed::DEMO_PASSWORD);
    for a in seed::DEMO_ACCOUNTS {
        println!("  {:<28} {}", a.email, a.role.map(|r| r.as_str()).unwrap_or("member"));
    }
    println!("\nPress Ctrl-C to stop.");
    let status = server.child.wait().map_err(|e| e.to_string())?;
    Err(format!("wrangler dev stopped ({status})"))
}

/// The stack test binaries (`[[test]]` names in `tests/Cargo.toml`) whose
/// name starts with `<service>_` for one of `services`.
fn test_binaries(services: &[String]) -> crate::Result<Vec<String>> {
    let manifest = std::fs::read_to_string(root().join("tests/Cargo.toml")).map_err(|e| e.to_string())?;
    let names: Vec<String> = manifest
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name = \"").and_then(|r| r.strip_suffix('"')))
        .filter(|n| *n != "commons-tests")
        .map(str::to_string)
        .collect();
    let picked: Vec<String> =
        names.into_iter().filter(|n| services.iter().any(|s| n.starts_with(&format!("{s}_")))).collect();
    if picked.is_empty() {
        return Err(format!("--service {}: no test binary matches (see tests/Cargo.toml)", services.join(",")));
    }
    Ok(picked)
}

/// `cargo xtask test [--service S]... [--skip-unit] [-- cargo test args]`:
/// everything by default; `--service booking` runs only the stack tests of
/// `tests/tests/booking/` (repeat it for more; `contract` is the whole-API
/// tests), and `--skip-unit` leaves out the native unit tests.
pub fn test(args: &[String]) -> crate::Result<()> {
    let mut services = Vec::new();
    let mut skip_unit = false;
    let mut rest: Vec<String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--service" => services.push(it.next().ok_or("--service needs a name")?.clone()),
            "--skip-unit" => skip_unit = true,
            "--" => rest.extend(it.by_ref().cloned()),
            other => rest.push(other.to_string()),
        }
    }
    let binaries = if services.is_empty() { Vec::new() } else { test_binaries(&services)? };
    ensure_build_tools()?;
    ensure_browser()?;
    let python = crate::tools::ensure_python()?;
    if !skip_unit {
        eprintln!("==> unit and property tests");
        run(
            Command::new("cargo")
                .args(["test", "-p", "commons-domain", "-p", "xtask", "-p", "commons-frontend"])
                .current_dir(root()),
            "unit tests",
        )?;
    }
    build::all()?;

    let state = root().join("target/test-state");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&state).map_err(|e| format!("mkdir {}: {e}", state.display()))?;
    migrate(&state)?;
    seed::apply(&state, seed::Scale::Accounts)?;
    let server = serve(&state, free_port()?, Some(state.join("wrangler.log")), Mode::Test)?;
    seed::datasets(&server.url())?;
    let webdriver = chromedriver()?;
    eprintln!("==> API and browser tests against {} (webdriver {webdriver})", server.url());

    let mut cmd = Command::new("cargo");
    cmd.args(["test", "--no-fail-fast", "-p", "commons-tests"]);
    for b in &binaries {
        cmd.args(["--test", b]);
    }
    cmd.arg("--").args(&rest).current_dir(root());
    cmd.env("COMMONS_BASE_URL", server.url()).env("COMMONS_WEBDRIVER_URL", &webdriver);
    cmd.env("COMMONS_SCREENSHOTS", root().join("tests/screenshots"));
    cmd.env("COMMONS_PYTHON", &python);
    // The access-log test reads the Worker's log lines from wrangler's output.
    cmd.env("COMMONS_SERVER_LOG", state.join("wrangler.log"));
    if let Some(d) = shared_data() {
        cmd.env("COMMONS_SHARED_DATA", d);
    }
    let res = run(&mut cmd, "API and browser tests");
    if res.is_err() {
        eprintln!("--- last lines of wrangler dev ---\n{}", server.log_tail());
    }
    procs::stop_all();
    res
}

/// `cargo xtask deploy-check`: a real `wrangler deploy --dry-run` of the built bundle.
pub fn deploy_check() -> crate::Result<()> {
    ensure_build_tools()?;
    build::all()?;
    let out = root().join("target/deploy-check");
    let _ = std::fs::remove_dir_all(&out);
    run(wrangler().args(["deploy", "--dry-run", "--outdir"]).arg(&out), "wrangler deploy --dry-run")?;
    let wasm = std::fs::read(root().join("worker/build/index_bg.wasm")).map_err(|e| e.to_string())?;
    let js = std::fs::read(root().join("worker/build/index.js")).map_err(|e| e.to_string())?;
    let gz = crate::bench::gzip_len(&wasm) + crate::bench::gzip_len(&js);
    println!("worker bundle: {} bytes raw, {} bytes gzipped (free-plan limit 3 MiB)", wasm.len() + js.len(), gz);
    if gz > 3 * 1024 * 1024 {
        return Err("the gzipped Worker is over the 3 MiB free-plan limit".into());
    }
    Ok(())
}
