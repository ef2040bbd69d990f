//! The verbs built from the stack: `dev` (serve the demo), `test` (every
//! test against a fresh stack) and `deploy-check` (a real dry run).

use std::process::Command;

use crate::procs::{self, run};
use crate::stack::{chromedriver, free_port, migrate, serve, shared_data, wrangler, Mode};
use crate::tools::{ensure_browser, ensure_build_tools};
use crate::{build, root, seed};

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

/// rustfmt and clippy (`-D warnings`, with the workspace lints) over every
/// crate, natively and for the two wasm crates as they ship.
pub fn lint() -> crate::Result<()> {
    eprintln!("==> rustfmt and clippy");
    run(Command::new("cargo").args(["fmt", "--all", "--check"]).current_dir(root()), "cargo fmt --check")?;
    run(
        Command::new("cargo")
            .args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
            .current_dir(root()),
        "cargo clippy (native)",
    )?;
    run(
        Command::new("cargo")
            .args(["clippy", "-p", "commons-worker", "-p", "commons-frontend", "--target", "wasm32-unknown-unknown"])
            .args(["--", "-D", "warnings"])
            .current_dir(root()),
        "cargo clippy (wasm32)",
    )
}

/// `cargo xtask test [--service S]... [--skip-unit] [-- cargo test args]`:
/// everything by default; `--service booking` runs only the stack tests of
/// `tests/tests/booking/` (repeat it for more; `contract` is the whole-API
/// tests), and `--skip-unit` leaves out the lints and the native unit tests.
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
        lint()?;
        eprintln!("==> unit and property tests");
        run(
            Command::new("cargo")
                .args(["test", "-p", "commons-domain", "-p", "xtask", "-p", "commons-frontend", "-p", "commons-worker"])
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
    let mut res = run(&mut cmd, "API and browser tests");
    // The fuzzer goes last, alone: it changes what it finds (see fuzz.rs).
    // It runs even when a test failed, so one run shows both.
    if services.is_empty() || services.iter().any(|s| s == "contract") {
        let examples = std::env::var("COMMONS_FUZZ_EXAMPLES").ok().and_then(|n| n.parse().ok()).unwrap_or(8);
        let fuzz = crate::fuzz::all_roles(&python, &server.url(), examples).map(|_| ());
        res = res.and(fuzz);
    }
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
