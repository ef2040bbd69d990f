//! `cargo xtask <verb>`: every developer and CI command of Commons.
//!
//! - `dev`: install what is missing, build, migrate and seed a local D1, serve http://127.0.0.1:8787.
//! - `test`: unit tests, then a fresh stack on a free port, then API and browser tests; stops all it started.
//! - `bench`: the benchmark scenarios of BENCH.md; prints a table and appends to `bench/results.json`.
//! - `build`, `seed`, `deploy-check`: the pieces on their own.

use std::path::PathBuf;

use std::process::ExitCode;
use xtask::{bench, build, procs, root, seed, stack, tools, verbs, Result};

const USAGE: &str = "usage: cargo xtask <dev|test|bench|build|seed|import|deploy-check|fuzz|lint|openapi> [options]
  dev            build, migrate, seed and serve on http://127.0.0.1:8787 (PORT=... to change)
  test           run every test against a fresh stack (unit, API, browser)
  bench [shell|booking|opendata|qa]...
                 run the benchmarks (default all) and append to bench/results.json
  build          build the SPA into dist/ and the Worker into worker/build/
  seed [DIR]     (re)seed the local D1 under DIR (default .wrangler/state)
  import [--url URL] [--kind export|jsonl|ckan|stats] [--restart] [--reindex] FILE...
                 import catalogue files through the admin API (default URL http://127.0.0.1:8787;
                 COMMONS_ADMIN_EMAIL / COMMONS_ADMIN_PASSWORD sign in, default the local demo admin);
                 --reindex then runs the search re-index job until every index is current (files optional)
  deploy-check   build and run `wrangler deploy --dry-run`
  fuzz [URL]     schemathesis over every operation, signed out and as each demo role (default the dev site)
  lint           rustfmt --check and clippy -D warnings (native and wasm32)
  openapi        write worker/openapi.json and docs/API.md from the route table and the domain types";

/// `cargo xtask import`.
fn import_cli(args: &[String]) -> Result<()> {
    let mut url = "http://127.0.0.1:8787".to_string();
    let mut kind = None;
    let mut restart = false;
    let mut reindex = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--url" => url = it.next().ok_or("--url needs a value")?.trim_end_matches('/').to_string(),
            "--kind" => {
                let k = it.next().ok_or("--kind needs a value")?;
                kind = Some(
                    commons_domain::opendata::import::SourceKind::parse(k)
                        .ok_or_else(|| format!("--kind {k}: one of export, jsonl, ckan, stats"))?,
                );
            }
            "--restart" => restart = true,
            "--reindex" => reindex = true,
            f => files.push(PathBuf::from(f)),
        }
    }
    if files.is_empty() && !reindex {
        return Err("import: name at least one file (or --reindex)".into());
    }
    let checkpoints = root().join("target/import-checkpoints");
    if restart {
        let _ = std::fs::remove_dir_all(&checkpoints);
    }
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async {
        let (email, password) = seed::admin_credentials();
        let client = xtask::import::sign_in(&url, &email, &password).await?;
        for f in &files {
            let report = xtask::import::import_file(&client, &url, f, kind, Some(&checkpoints), true).await?;
            xtask::import::print_report(&f.display().to_string(), &report);
        }
        if reindex {
            let n = xtask::import::reindex(&client, &url).await?;
            eprintln!("    search re-index: {n} rows rewritten; every index is current");
        }
        Ok(())
    })
}

fn main() -> ExitCode {
    procs::install_interrupt_handler();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verb = args.first().map(String::as_str).unwrap_or("");
    let result = match verb {
        "dev" => verbs::dev(),
        "test" => verbs::test(&args[1..]),
        "bench" => bench::run(&args[1..]),
        "build" => tools::ensure_build_tools().and_then(|_| build::all()),
        "seed" => {
            let dir = args.get(1).map(PathBuf::from).unwrap_or_else(|| root().join(".wrangler/state"));
            tools::ensure_build_tools()
                .and_then(|_| stack::migrate(&dir))
                .and_then(|_| seed::apply(&dir, seed::Scale::Demo))
        }
        "deploy-check" => verbs::deploy_check(),
        "lint" => verbs::lint(),
        "fuzz" => {
            let url = args.get(1).cloned().unwrap_or_else(|| "http://127.0.0.1:8787".into());
            tools::ensure_python().and_then(|py| xtask::fuzz::all_roles(&py, &url, 8)).map(|_| ())
        }
        "openapi" => xtask::openapi::write().map(|changed| {
            let state = if changed { "written" } else { "already current" };
            println!("{} and {}: {state}", xtask::openapi::path().display(), xtask::openapi::markdown_path().display());
        }),
        "import" => import_cli(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    procs::stop_all();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {verb}: {e}");
            ExitCode::FAILURE
        }
    }
}
