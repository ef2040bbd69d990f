//! The running stack: migrations and SQL on a local D1, `wrangler dev` on a
//! port, ChromeDriver, and the shared data directory.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::procs::{self, run};
use crate::root;
use crate::tools::build_env;

/// `wrangler` from node_modules, with the build environment, in the workspace root.
pub fn wrangler() -> Command {
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
        // Off Cloudflare there is no edge to set the client address: let
        // local stacks (and the tests that simulate many addresses) send it.
        .args(["--var", "TRUST_CLIENT_IP_HEADERS:1"])
        .stdin(Stdio::null());
    if mode == Mode::Test {
        // The test clock: a settlement may say when it is judged (header
        // `x-commons-test-now`), so tests can settle bookings "after the
        // experiment ran". Only the test stacks set this, on the command line.
        cmd.args(["--var", "TEST_CLOCK:1"]);
    }
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
