//! The importers against the real public files in ../shared/data/opendata,
//! through the same client as `cargo xtask import` and the admin API.
//! Skipped, with a message, when ../shared is absent.
//!
//! One test function runs the files in order, because the statistics rows
//! update datasets the JSON lines created, and the counts must be exact.

use std::path::PathBuf;

use commons_domain::opendata::import::{read_source, SourceKind};
use commons_tests::*;
use serde_json::Value;
use xtask::import::{import_bytes, import_file, sign_in, ImportReport};

fn shared() -> Option<PathBuf> {
    let d = PathBuf::from(std::env::var("COMMONS_SHARED_DATA").ok()?).join("opendata");
    d.is_dir().then_some(d)
}

/// Distinct identifiers among the rows that read cleanly.
fn distinct_ids(kind: SourceKind, bytes: &[u8]) -> usize {
    let rows = read_source(kind, bytes).expect("readable");
    rows.iter()
        .filter_map(|r| r.item.as_ref().ok())
        .map(|d| d.identifier.clone())
        .collect::<std::collections::HashSet<_>>()
        .len()
}

fn assert_accounts_for_every_row(name: &str, r: &ImportReport, rows: usize) {
    assert_eq!(r.rows, rows, "{name}: rows read");
    assert_eq!(r.created + r.updated + r.unchanged + r.failed.len(), rows, "{name}: every row accounted for: {r:?}");
}

/// The tests here compare catalogue totals, so they must not overlap.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn catalogue_total() -> i64 {
    get_json(&client(), "/api/catalogue/stats").await["datasets"].as_i64().expect("datasets")
}

#[tokio::test]
async fn every_importer_matches_its_file_and_a_reimport_changes_nothing() {
    let _one = ONE_AT_A_TIME.lock().await;
    let Some(dir) = shared() else {
        eprintln!("SKIP: ../shared/data/opendata is absent (set COMMONS_SHARED_DATA); real-file import tests not run");
        return;
    };
    let base = base();
    let admin = sign_in(&base, ADMIN_EMAIL, DEMO_PASSWORD).await.expect("admin");
    let files = [
        ("data-gov-tw-2026-export-sample.csv", SourceKind::Export),
        ("data-gov-tw-2018-datasets.jsonl", SourceKind::Jsonl),
        ("ckan-demo-package-search-2017.json", SourceKind::Ckan),
        ("data-gov-tw-2018-dataset-stats.csv", SourceKind::Stats),
    ];
    let mut first = Vec::new();
    for (name, kind) in files {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).expect("read");
        let before = catalogue_total().await;
        let r = import_file(&admin, &base, &path, Some(kind), None, false).await.expect(name);
        let rows = read_source(kind, &bytes).expect("rows").len();
        assert_accounts_for_every_row(name, &r, rows);
        let after = catalogue_total().await;
        assert_eq!(after - before, r.created as i64, "{name}: the catalogue grew by exactly the created count");
        if kind != SourceKind::Stats {
            // Duplicated identifiers in a file are one dataset: never more created than distinct ids.
            assert!(r.created <= distinct_ids(kind, &bytes), "{name}");
        }
        first.push((name, r));
    }
    // The export: 12 rows, 12 datasets, and the `;`-joined cells became several resources.
    let export = &first[0].1;
    assert_eq!((export.rows, export.failed.len()), (12, 0));
    let d = get_json(&client(), "/api/datasets/177695").await;
    let formats: Vec<&str> =
        d["dataset"]["resources"].as_array().unwrap().iter().map(|r| r["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["XML", "CSV", "JSON", "XLSX"]);
    assert_eq!(d["dataset"]["resources"][1]["encoding"], "BIG5");
    assert_eq!(d["dataset"]["meta"]["upload_method"], "系統介接程式", "the typo'd header 資資料集上架方式 is read");
    let multi = get_json(&client(), "/api/datasets/177270").await;
    assert_eq!(multi["dataset"]["meta"]["quality"], "白金");
    // A description with a quoted newline and doubled quotes survives.
    let hl = get_json(&client(), "/api/datasets/177414").await;
    assert_eq!(hl["dataset"]["meta"]["title"], "115年3月花蓮縣使用牌照稅稽徵");

    // The JSON lines: six real rows have unusable download addresses; each is
    // reported with its line and the field, and the other 930 went in.
    let jsonl = &first[1].1;
    let lines: Vec<u64> = jsonl.failed.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [35, 213, 440, 441, 442, 443]);
    assert!(jsonl.failed.iter().all(|(_, why)| why.contains("download_url")), "{:?}", jsonl.failed);
    assert_eq!(jsonl.created + jsonl.updated + jsonl.unchanged, 930, "936 rows minus the 6 refused");

    // CKAN's package_search response: 3 datasets, tags kept.
    let ckan = &first[2].1;
    assert_eq!((ckan.rows, ckan.created + ckan.updated + ckan.unchanged), (3, 3));
    let plants = get_json(&client(), "/api/datasets/100-validated-species-of-plants").await;
    assert!(plants["dataset"]["meta"]["keywords"].as_array().unwrap().iter().any(|k| k == "flower"));

    // Statistics: 35,955 rows, thousands separators read as numbers.
    let stats = &first[3].1;
    assert_eq!(stats.rows, 35_955);
    assert!(stats.failed.is_empty(), "{:?}", &stats.failed[..stats.failed.len().min(3)]);
    let hits = get_json(&client(), "/api/datasets?q=蒙藏補助團體私人情形季報表&per_page=5").await;
    let hit = hits["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "蒙藏補助團體私人情形季報表")
        .expect("found");
    assert_eq!(hit["views"], 7472);
    assert_eq!(hit["downloads"], 1099);
    assert_eq!(hit["rating"], 5.0);

    // A second run of every file changes nothing.
    let total = catalogue_total().await;
    for (name, kind) in files {
        let r = import_file(&admin, &base, &dir.join(name), Some(kind), None, false).await.expect(name);
        assert_eq!((r.created, r.updated), (0, 0), "{name}: re-import changed data: {r:?}");
    }
    assert_eq!(catalogue_total().await, total, "re-import changed the count");
}

#[tokio::test]
async fn bad_rows_are_reported_by_line_and_the_rest_go_in() {
    let _one = ONE_AT_A_TIME.lock().await;
    // A small export in the official format with three broken rows (not from ../shared).
    let csv = "\u{feff}資料集識別碼,資料集名稱,提供機關,檔案格式,資料下載網址,上架日期\n\
imp-ok-1,好的資料集一,測試機關,CSV,https://example.gov.tw/a.csv,2024-01-02\n\
imp-bad-2,日期錯誤,測試機關,CSV,https://example.gov.tw/b.csv,2024-13-40\n\
,沒有識別碼,測試機關,CSV,https://example.gov.tw/c.csv,2024-01-02\n\
imp-bad-4,欄位太少\n\
imp-ok-5,\"好的資料集\n五\",測試機關,CSV;JSON,https://example.gov.tw/e.csv;https://example.gov.tw/e.json,2024-01-03\n";
    let admin = sign_in(&base(), ADMIN_EMAIL, DEMO_PASSWORD).await.expect("admin");
    let r = import_bytes(&admin, &base(), "bad.csv", csv.as_bytes(), SourceKind::Export, None, false)
        .await
        .expect("import");
    assert_eq!(r.rows, 5);
    let lines: Vec<u64> = r.failed.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4, 5], "{:?}", r.failed);
    assert!(r.failed[0].1.contains("issued"), "{:?}", r.failed);
    assert!(r.failed[1].1.contains("identifier"), "{:?}", r.failed);
    assert!(r.failed[2].1.contains("columns"), "{:?}", r.failed);
    assert_eq!(r.created + r.unchanged, 2);
    let five: Value = get_json(&client(), "/api/datasets/imp-ok-5").await;
    assert_eq!(five["dataset"]["resources"].as_array().unwrap().len(), 2, "a multi-resource row became two resources");
    expect_refusal(client().get(url("/api/datasets/imp-bad-2")), 404, "not_found").await;
}

#[tokio::test]
async fn an_interrupted_import_resumes_from_its_checkpoint() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = std::env::temp_dir().join(format!("commons-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("resume.csv");
    let mut csv = String::from("資料集識別碼,資料集名稱,提供機關\n");
    for i in 0..450 {
        csv.push_str(&format!("resume-{i},續傳測試{i},續傳機關\n"));
    }
    std::fs::write(&file, &csv).unwrap();
    // A checkpoint as if the first 200-row batch had gone in before a crash.
    let hash = format!("{:016x}", commons_domain::opendata::fnv1a(csv.as_bytes()));
    let checkpoints = dir.join("cp");
    std::fs::create_dir_all(&checkpoints).unwrap();
    std::fs::write(
        checkpoints.join("resume.csv.checkpoint.json"),
        serde_json::json!({"file_hash": hash, "rows_done": 200, "report": {"rows": 450, "created": 200, "updated": 0, "unchanged": 0, "failed": []}}).to_string(),
    )
    .unwrap();
    let admin = sign_in(&base(), ADMIN_EMAIL, DEMO_PASSWORD).await.expect("admin");
    let r =
        import_file(&admin, &base(), &file, Some(SourceKind::Export), Some(&checkpoints), false).await.expect("import");
    // Only rows 201..450 were sent: resume-0 was never imported (the checkpoint said it was).
    expect_refusal(client().get(url("/api/datasets/resume-0")), 404, "not_found").await;
    assert_eq!(get_json(&client(), "/api/datasets/resume-449").await["dataset"]["meta"]["title"], "續傳測試449");
    assert_eq!(r.created + r.unchanged, 450);
    assert!(!checkpoints.join("resume.csv.checkpoint.json").exists(), "the checkpoint is removed when done");
    let _ = std::fs::remove_dir_all(&dir);
}
