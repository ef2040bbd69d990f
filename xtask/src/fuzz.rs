//! Schemathesis over the whole API, as the last step of `cargo xtask test`:
//! it generates requests for every operation of `/api/openapi.json`, signed
//! out and signed in as each demo role, and fails on any server error or
//! any status the document does not list.
//!
//! It runs after every other test, against the same stack, because fuzzing
//! as an admin changes what it finds (rules, roles, imports), and nothing may
//! run beside it. Sign-out is left out of the signed-in runs, since it would
//! end the very session the run is using.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::procs::run;
use crate::root;
use crate::seed::{DEMO_ACCOUNTS, DEMO_PASSWORD};

/// What one role's run found.
#[derive(Debug, Clone)]
pub struct RoleRun {
    /// `anonymous` or the demo account's role.
    pub role: String,
    /// Test cases schemathesis generated and sent.
    pub cases: u64,
    /// Operations it tested.
    pub operations: u64,
    /// Unique failures (server errors, undocumented statuses).
    pub failures: u64,
}

/// The checks every case must pass.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance";

/// Signs a demo account in and returns its session token.
async fn session(base: &str, email: &str) -> crate::Result<String> {
    let r = reqwest::Client::new()
        .post(format!("{base}/api/auth/login"))
        // An address of its own, so the run never meets another test's throttle.
        .header("x-real-ip", format!("198.18.{}.{}", email.len(), email.bytes().map(u32::from).sum::<u32>() % 250))
        .json(&serde_json::json!({"email": email, "password": DEMO_PASSWORD}))
        .send()
        .await
        .map_err(|e| format!("sign in {email}: {e}"))?;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("commons_session=").and_then(|v| v.split(';').next()).map(str::to_string));
    cookie
        .filter(|c| !c.is_empty())
        .ok_or_else(|| format!("sign in {email}: answered {} without a session", r.status()))
}

fn report_path(role: &str) -> PathBuf {
    root().join("target/schemathesis").join(format!("{role}.json"))
}

/// The seed of every run: a failure is reproducible by running the same command.
const SEED: u64 = 20261201;

/// One schemathesis run for `role`, and once more with the next seed if the
/// first stopped on nothing but an internal error of the tool itself (a
/// "Runtime Error" such as CPython 3.11's "AST constructor recursion depth
/// mismatch" while Hypothesis describes a strategy), with no failure found.
/// A server error or an undocumented status is never retried.
fn run_role(bin: &Path, base: &str, role: &str, token: Option<&str>, examples: u32) -> crate::Result<RoleRun> {
    match run_role_seeded(bin, base, role, token, examples, SEED) {
        Err(e) if only_tool_errors(&report_path(role)) => {
            eprintln!(
                "    {e}: only internal errors of schemathesis, no failure; running {role} once more, seed {}",
                SEED + 1
            );
            run_role_seeded(bin, base, role, token, examples, SEED + 1)
        }
        other => other,
    }
}

/// Whether a report shows no failure and no errored case, only errors that
/// schemathesis titles "Runtime Error" (raised inside the tool, not by an answer).
fn only_tool_errors(report: &Path) -> bool {
    let Some(json) = std::fs::read_to_string(report).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok()) else {
        return false;
    };
    let n = |p: &str| json.pointer(p).and_then(Value::as_u64);
    let errors = json.get("errors").and_then(Value::as_array).cloned().unwrap_or_default();
    n("/test_cases/unique_failures") == Some(0)
        && n("/test_cases/errored") == Some(0)
        && !errors.is_empty()
        && errors.iter().all(|e| e.get("title").and_then(Value::as_str) == Some("Runtime Error"))
}

/// One schemathesis run with `seed`; returns what its JSON report counts.
fn run_role_seeded(
    bin: &Path,
    base: &str,
    role: &str,
    token: Option<&str>,
    examples: u32,
    seed: u64,
) -> crate::Result<RoleRun> {
    let report = report_path(role);
    let mut cmd = Command::new(bin);
    cmd.args(["run", &format!("{base}/api/openapi.json"), "--checks", CHECKS])
        .args(["--phases", "coverage,fuzzing", "--max-examples", &examples.to_string()])
        .args(["--seed", &seed.to_string(), "--workers", "2", "--no-color"])
        // The session is ours to give; generated cookies would only sign it out.
        .args(["--generation-with-security-parameters", "false"])
        .args(["--report", "json", "--report-json-path"])
        .arg(&report)
        .env("SCHEMATHESIS_HOOKS", "")
        .current_dir(root().join("target"));
    if let Some(t) = token {
        cmd.args(["--header", &format!("Cookie: commons_session={t}")]).args(["--exclude-path", "/api/auth/logout"]);
    }
    let outcome = run(&mut cmd, &format!("schemathesis as {role}"));
    let json: Value = std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| format!("schemathesis as {role} wrote no report ({})", report.display()))?;
    let n = |p: &str| json.pointer(p).and_then(Value::as_u64).unwrap_or(0);
    let r = RoleRun {
        role: role.to_string(),
        cases: n("/test_cases/generated"),
        operations: n("/operations/tested"),
        failures: n("/test_cases/unique_failures"),
    };
    outcome.map(|_| r)
}

/// Runs schemathesis signed out, then as each demo role (the admin last, so
/// that its changes cannot disturb the other runs).
pub fn all_roles(python: &Path, base: &str, examples: u32) -> crate::Result<Vec<RoleRun>> {
    eprintln!("==> schemathesis over every operation, signed out and as each role");
    let bin = python.with_file_name("schemathesis");
    std::fs::create_dir_all(root().join("target/schemathesis")).map_err(|e| e.to_string())?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let mut runs = vec![run_role(&bin, base, "anonymous", None, examples)?];
    let mut accounts: Vec<_> = DEMO_ACCOUNTS.iter().collect();
    accounts.sort_by_key(|a| a.role == Some(commons_domain::accounts::Role::Admin));
    for a in accounts {
        let role = a.role.map(|r| r.as_str()).unwrap_or("member");
        let token = rt.block_on(session(base, a.email))?;
        runs.push(run_role(&bin, base, role, Some(&token), examples)?);
    }
    let total: u64 = runs.iter().map(|r| r.cases).sum();
    for r in &runs {
        eprintln!(
            "    {:<16} {:>6} cases over {:>3} operations, {} failures",
            r.role, r.cases, r.operations, r.failures
        );
    }
    eprintln!("    schemathesis: {total} cases in all, 0 server errors, 0 undocumented statuses");
    Ok(runs)
}

#[cfg(test)]
mod tests {
    use super::only_tool_errors;

    fn report(body: &str) -> std::path::PathBuf {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("fuzz-report-{}-{n}.json", std::process::id()));
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn only_an_internal_error_with_no_failure_is_retried() {
        let clean = r#"{"test_cases": {"unique_failures": 0, "errored": 0}, "errors": [{"title": "Runtime Error", "count": 2}]}"#;
        assert!(only_tool_errors(&report(clean)));
        let failed = r#"{"test_cases": {"unique_failures": 1, "errored": 0}, "errors": [{"title": "Runtime Error", "count": 1}]}"#;
        assert!(!only_tool_errors(&report(failed)), "a server error or undocumented status is never retried");
        let network = r#"{"test_cases": {"unique_failures": 0, "errored": 0}, "errors": [{"title": "Network Error", "count": 1}]}"#;
        assert!(!only_tool_errors(&report(network)), "a connection the stack dropped is not the tool's");
        assert!(!only_tool_errors(&report("not json")));
    }
}
