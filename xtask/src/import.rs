//! `cargo xtask import`: reads catalogue source files and sends them to the
//! admin import API in batches, so the same command fills a local stack or a
//! deployed site.
//!
//! The import is idempotent (the server upserts by identifier and skips
//! identical records) and resumable: after each batch a checkpoint records
//! how many rows are done, and a rerun of the same file continues there.

use std::path::{Path, PathBuf};

use commons_domain::opendata::import::{read_source, SourceKind};
use commons_domain::opendata::{DatasetInput, ImportBatch, ImportOutcome};
use serde::{Deserialize, Serialize};

/// At most this many datasets per request (the server allows 500).
pub const BATCH_ITEMS: usize = 200;
/// And at most about this many bytes of JSON per request (the server allows 4 MiB).
pub const BATCH_BYTES: usize = 1_500_000;

/// What an import did, in total.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Rows read from the file (good and bad).
    pub rows: usize,
    /// Datasets created.
    pub created: usize,
    /// Datasets updated.
    pub updated: usize,
    /// Datasets already identical.
    pub unchanged: usize,
    /// Bad rows: (line, reason).
    pub failed: Vec<(u64, String)>,
}

/// Where a file's import stands, saved after every batch.
#[derive(Debug, Serialize, Deserialize)]
struct Checkpoint {
    /// Hash of the file, so a changed file starts over.
    file_hash: String,
    /// Rows already sent.
    rows_done: usize,
    /// The report so far.
    report: ImportReport,
}

/// A signed-in HTTP client for a Commons site.
pub async fn sign_in(base: &str, email: &str, password: &str) -> Result<reqwest::Client, String> {
    let client = reqwest::Client::builder().cookie_store(true).build().map_err(|e| e.to_string())?;
    let r = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .map_err(|e| format!("sign in at {base}: {e}"))?;
    if !r.status().is_success() {
        return Err(format!("sign in as {email}: HTTP {} {}", r.status(), r.text().await.unwrap_or_default()));
    }
    Ok(client)
}

/// Runs the search re-index job (`POST /api/admin/jobs/reindex`, one batch
/// of every corpus a call) until a call rewrites nothing: the way a deployed
/// site's stored index catches up with a new `INDEX_VERSION` at once, rather
/// than a batch an hour from the cron. Returns the rows rewritten.
pub async fn reindex(client: &reqwest::Client, base: &str) -> Result<u64, String> {
    let mut total = 0;
    // 50,000 datasets are 500 calls; the bound stops a job that never finishes.
    for _ in 0..10_000 {
        let r = client
            .post(format!("{base}/api/admin/jobs/reindex"))
            .json(&commons_domain::api::RunJobRequest { at: None })
            .send()
            .await
            .map_err(|e| format!("reindex at {base}: {e}"))?;
        if !r.status().is_success() {
            return Err(format!("reindex: HTTP {} {}", r.status(), r.text().await.unwrap_or_default()));
        }
        let run: commons_domain::api::JobRun = r.json().await.map_err(|e| format!("reindex answer: {e}"))?;
        if run.processed == 0 {
            return Ok(total);
        }
        total += run.processed;
    }
    Err("reindex: still rewriting after 10,000 batches".into())
}

/// Sends one batch; retries a few times on transport errors and 5xx (a
/// restarting dev server), never on 4xx.
pub async fn send_batch(
    client: &reqwest::Client,
    base: &str,
    source: &str,
    items: Vec<DatasetInput>,
) -> Result<ImportOutcome, String> {
    let body = serde_json::to_vec(&ImportBatch { source: source.to_string(), items }).map_err(|e| e.to_string())?;
    let mut last = String::new();
    for attempt in 0..5u64 {
        if attempt > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(500 * attempt)).await;
        }
        let r = client
            .post(format!("{base}/api/admin/datasets/import"))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await;
        match r {
            Err(e) => last = e.to_string(),
            Ok(r) if r.status().is_server_error() => last = format!("HTTP {}", r.status()),
            Ok(r) if !r.status().is_success() => {
                return Err(format!("HTTP {}: {}", r.status(), r.text().await.unwrap_or_default()));
            }
            Ok(r) => return r.json::<ImportOutcome>().await.map_err(|e| e.to_string()),
        }
    }
    Err(format!("import batch failed after retries: {last}"))
}

/// Groups rows into request-sized batches: (first row index, items with their lines).
fn batches(rows: &[(u64, DatasetInput)]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, (_, d)) in rows.iter().enumerate() {
        let size = serde_json::to_vec(d).map(|v| v.len()).unwrap_or(0);
        if i > start && (i - start >= BATCH_ITEMS || bytes + size > BATCH_BYTES) {
            out.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    if start < rows.len() {
        out.push(start..rows.len());
    }
    out
}

/// The checkpoint file for `file` under `dir`.
fn checkpoint_path(dir: &Path, file: &Path) -> PathBuf {
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    dir.join(format!("{name}.checkpoint.json"))
}

/// Imports one file. `checkpoints`: where to keep resume state (None: no resume).
pub async fn import_file(
    client: &reqwest::Client,
    base: &str,
    file: &Path,
    kind: Option<SourceKind>,
    checkpoints: Option<&Path>,
    show_progress: bool,
) -> Result<ImportReport, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("read {}: {e}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let kind = kind
        .or_else(|| SourceKind::from_file_name(&name))
        .ok_or_else(|| format!("{name}: cannot tell the kind of file; pass --kind export|jsonl|ckan|stats"))?;
    import_bytes(client, base, &name, &bytes, kind, checkpoints.map(|d| checkpoint_path(d, file)), show_progress).await
}

/// Imports file contents (see [`import_file`]).
pub async fn import_bytes(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    bytes: &[u8],
    kind: SourceKind,
    checkpoint: Option<PathBuf>,
    show_progress: bool,
) -> Result<ImportReport, String> {
    let file_hash = format!("{:016x}", commons_domain::opendata::fnv1a(bytes));
    let rows = read_source(kind, bytes).map_err(|e| format!("{name}: {e}"))?;
    let mut report = ImportReport { rows: rows.len(), ..Default::default() };
    let mut good: Vec<(u64, DatasetInput)> = Vec::new();
    for r in rows {
        match r.item {
            Ok(d) => good.push((r.line, d)),
            Err(reason) => report.failed.push((r.line, reason)),
        }
    }
    let parse_failures = report.failed.clone();
    let mut skip = 0;
    if let Some(cp) = checkpoint.as_ref().and_then(|p| std::fs::read(p).ok()) {
        if let Ok(c) = serde_json::from_slice::<Checkpoint>(&cp) {
            if c.file_hash == file_hash {
                skip = c.rows_done;
                report = c.report;
                eprintln!("{name}: resuming after {skip} rows");
            }
        }
    }
    let bar = if show_progress {
        let b = indicatif::ProgressBar::new(good.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{msg:>32} [{bar:40}] {pos}/{len} rows ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b.set_message(name.to_string());
        b.set_position(skip as u64);
        Some(b)
    } else {
        None
    };
    for range in batches(&good) {
        if range.end <= skip {
            continue;
        }
        let slice = &good[range.clone()];
        let outcome = send_batch(client, base, kind.as_str(), slice.iter().map(|(_, d)| d.clone()).collect()).await?;
        report.created += outcome.created;
        report.updated += outcome.updated;
        report.unchanged += outcome.unchanged;
        for f in outcome.failed {
            let line = slice.get(f.index).map(|(l, _)| *l).unwrap_or(0);
            report.failed.push((line, f.reason));
        }
        if let Some(p) = &checkpoint {
            let c = Checkpoint { file_hash: file_hash.clone(), rows_done: range.end, report: report.clone() };
            if let Some(dir) = p.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(p, serde_json::to_vec(&c).unwrap_or_default());
        }
        if let Some(b) = &bar {
            b.set_position(range.end as u64);
        }
    }
    if let Some(b) = bar {
        b.finish();
    }
    if let Some(p) = &checkpoint {
        let _ = std::fs::remove_file(p);
    }
    // Parse failures were counted before a resume too; keep each once.
    for f in parse_failures {
        if !report.failed.contains(&f) {
            report.failed.push(f);
        }
    }
    report.failed.sort();
    Ok(report)
}

/// Prints a report.
pub fn print_report(name: &str, r: &ImportReport) {
    println!(
        "{name}: {} rows: {} created, {} updated, {} unchanged, {} refused",
        r.rows,
        r.created,
        r.updated,
        r.unchanged,
        r.failed.len()
    );
    for (line, reason) in r.failed.iter().take(20) {
        println!("  line {line}: {reason}");
    }
    if r.failed.len() > 20 {
        println!("  … and {} more", r.failed.len() - 20);
    }
}

/// Sends generated datasets (the demo seed) through the same API.
pub async fn import_items(
    client: &reqwest::Client,
    base: &str,
    source: &str,
    items: Vec<DatasetInput>,
) -> Result<ImportReport, String> {
    let rows: Vec<(u64, DatasetInput)> = items.into_iter().enumerate().map(|(i, d)| (i as u64 + 1, d)).collect();
    let mut report = ImportReport { rows: rows.len(), ..Default::default() };
    for range in batches(&rows) {
        let slice = &rows[range];
        let o = send_batch(client, base, source, slice.iter().map(|(_, d)| d.clone()).collect()).await?;
        report.created += o.created;
        report.updated += o.updated;
        report.unchanged += o.unchanged;
        report.failed.extend(o.failed.into_iter().map(|f| (f.index as u64, f.reason)));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_item_and_byte_limits() {
        let rows: Vec<(u64, DatasetInput)> =
            (0..450).map(|i| (i, DatasetInput { title: "x".repeat(10), ..Default::default() })).collect();
        let b = batches(&rows);
        assert_eq!(b.len(), 3);
        assert_eq!(b[0], 0..200);
        let big: Vec<(u64, DatasetInput)> =
            (0..4).map(|i| (i, DatasetInput { description: "y".repeat(600_000), ..Default::default() })).collect();
        assert_eq!(batches(&big).len(), 2);
    }
}
