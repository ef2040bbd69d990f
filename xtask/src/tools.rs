//! Installs the pinned toolchain when it is missing (DESIGN.md §2), from the
//! package registries only: rustup's wasm target, crates.io binaries, npm
//! packages from the lock file, and Debian's Chromium.

use std::path::Path;
use std::process::Command;

use crate::procs::{output, run};
use crate::root;

const WASM_BINDGEN_VERSION: &str = "0.2.130";
const WORKER_BUILD_VERSION: &str = "0.8.7";

/// The environment every build and wrangler run needs, so that no tool tries
/// to download its own binaries.
pub fn build_env(cmd: &mut Command) -> &mut Command {
    let r = root();
    cmd.env("WASM_BINDGEN_BIN", "wasm-bindgen")
        .env("WASM_OPT_BIN", r.join("node_modules/.bin/wasm-opt"))
        .env("ESBUILD_BIN", r.join("node_modules/.bin/esbuild"))
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("NO_UPDATE_NOTIFIER", "1")
}

fn has_version(bin: &str, want: &str) -> bool {
    output(Command::new(bin).arg("--version")).is_some_and(|v| v.contains(want))
}

/// Everything `build` needs: the wasm target, wasm-bindgen-cli, worker-build, npm tools.
pub fn ensure_build_tools() -> crate::Result<()> {
    let targets = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !targets.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        eprintln!("==> installing the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]), "rustup target add")?;
    }
    if !has_version("wasm-bindgen", WASM_BINDGEN_VERSION) {
        eprintln!("==> installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} (about 5 minutes, once)");
        // No --locked: one of its locked dependencies is no longer in the index (DESIGN.md §2).
        run(
            Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", WASM_BINDGEN_VERSION]),
            "cargo install wasm-bindgen-cli",
        )?;
    }
    if !has_version("worker-build", WORKER_BUILD_VERSION) {
        eprintln!("==> installing worker-build {WORKER_BUILD_VERSION} (about 7 minutes, once)");
        run(
            Command::new("cargo").args(["install", "worker-build", "--version", WORKER_BUILD_VERSION, "--locked"]),
            "cargo install worker-build",
        )?;
    }
    ensure_npm()
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn ensure_npm() -> crate::Result<()> {
    let r = root();
    let marker = r.join("node_modules/.package-lock.json");
    let stale = match (std::fs::metadata(&marker), std::fs::metadata(r.join("package-lock.json"))) {
        (Ok(m), Ok(l)) => match (m.modified(), l.modified()) {
            (Ok(a), Ok(b)) => a < b,
            _ => true,
        },
        _ => true,
    };
    if stale || !r.join("node_modules/.bin/wrangler").exists() {
        eprintln!("==> npm ci (wrangler, binaryen, chart.js)");
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&r), "npm ci")?;
    }
    Ok(())
}

/// `wrk` from Debian, the load generator of `cargo xtask bench`.
pub fn ensure_wrk() -> crate::Result<()> {
    if Path::new("/usr/bin/wrk").exists() {
        return Ok(());
    }
    eprintln!("==> installing Debian wrk");
    run(&mut apt(&["update"]), "apt-get update")?;
    run(&mut apt(&["install", "-y", "--no-install-recommends", "wrk"]), "apt-get install wrk")
}

fn apt(args: &[&str]) -> Command {
    let mut c = if is_root() {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.arg("apt-get");
        c
    };
    c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    c
}

/// Debian's Chromium and ChromeDriver, for browser tests and paint timings.
pub fn ensure_browser() -> crate::Result<()> {
    // The CJK fonts make screenshots readable (without them Chinese renders as boxes).
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists();
    if Path::new("/usr/bin/chromium").exists() && Path::new("/usr/bin/chromedriver").exists() && fonts {
        return Ok(());
    }
    eprintln!("==> installing Debian chromium, chromium-driver and fonts-noto-cjk");
    run(&mut apt(&["update"]), "apt-get update")?;
    run(
        &mut apt(&["install", "-y", "--no-install-recommends", "chromium", "chromium-driver", "fonts-noto-cjk"]),
        "apt-get install chromium",
    )
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// A Python virtualenv in `target/pyenv` with the client libraries the API
/// tests drive (`tests/python/requirements.txt`: ckanapi, rdflib), from PyPI.
/// Returns the interpreter. Reinstalls only when the requirements change.
pub fn ensure_python() -> crate::Result<std::path::PathBuf> {
    let venv = root().join("target/pyenv");
    let python = venv.join("bin/python");
    let reqs_file = root().join("tests/python/requirements.txt");
    let reqs = std::fs::read_to_string(&reqs_file).map_err(|e| format!("read {}: {e}", reqs_file.display()))?;
    let marker = venv.join(".commons-requirements");
    if python.exists() && std::fs::read_to_string(&marker).ok().as_deref() == Some(reqs.as_str()) {
        return Ok(python);
    }
    eprintln!("==> installing the Python test tools (ckanapi, rdflib, schemathesis) into target/pyenv");
    let venv_ok = |v: &Path| Command::new("python3").arg("-m").arg("venv").arg(v).status().is_ok_and(|s| s.success());
    if !venv_ok(&venv) {
        // Debian splits venv (and ensurepip) out of python3.
        run(&mut apt(&["update"]), "apt-get update")?;
        run(
            &mut apt(&["install", "-y", "--no-install-recommends", "python3", "python3-venv"]),
            "apt-get install python3-venv",
        )?;
        let _ = std::fs::remove_dir_all(&venv);
        if !venv_ok(&venv) {
            return Err("python3 -m venv failed".into());
        }
    }
    run(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&reqs_file),
        "pip install -r tests/python/requirements.txt",
    )?;
    std::fs::write(&marker, reqs).map_err(|e| e.to_string())?;
    Ok(python)
}
