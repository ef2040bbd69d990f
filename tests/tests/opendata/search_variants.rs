//! Chinese search as a Taiwanese user types it (issue 17): 台 finds 臺 and
//! simplified input finds traditional titles (variant folding), and 年金 does
//! not find 「102年金門縣…」 (no bigram across a number's unit). The datasets
//! are made here, each titled with a fresh word, so the counts are exact.

use commons_domain::opendata::DatasetInput;
use commons_tests::*;
use serde_json::Value;
use xtask::import::{import_items, sign_in};

async fn search(query: &str) -> Value {
    let r = client().get(url(&format!("/api/datasets?{query}"))).send().await.expect("search");
    assert_eq!(r.status(), 200, "{query}");
    r.json().await.expect("json")
}

/// The identifiers of one page of `q`, sorted.
async fn found(q: &str) -> Vec<String> {
    let v = search(&format!("q={q}&per_page=50")).await;
    let mut ids: Vec<String> =
        v["datasets"].as_array().unwrap().iter().map(|d| d["identifier"].as_str().unwrap().to_string()).collect();
    ids.sort();
    ids
}

/// Every identifier `q` finds, all pages.
async fn all_found(q: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for page in 1.. {
        let v = search(&format!("q={q}&per_page=100&page={page}&sort=newest")).await;
        let rows = v["datasets"].as_array().unwrap();
        out.extend(rows.iter().map(|d| d["identifier"].as_str().unwrap().to_string()));
        if rows.len() < 100 {
            break;
        }
    }
    out
}

/// Imports datasets titled `titles`, each with the word `w`; returns their identifiers.
async fn make(w: &str, titles: &[&str]) -> Vec<String> {
    let admin = sign_in(&base(), ADMIN_EMAIL, DEMO_PASSWORD).await.expect("admin");
    let items: Vec<DatasetInput> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| DatasetInput {
            identifier: format!("{w}-{i}"),
            title: format!("{t} {w}"),
            organization: "國家發展委員會".into(),
            category: "公共資訊".into(),
            ..Default::default()
        })
        .collect();
    let r = import_items(&admin, &base(), "seed", items).await.expect("import");
    assert!(r.failed.is_empty() && r.created == titles.len(), "{r:?}");
    (0..titles.len()).map(|i| format!("{w}-{i}")).collect()
}

#[tokio::test]
async fn tai_and_its_variant_find_the_same_datasets() {
    let w = clock_tag("tai", 8);
    let ids = make(&w, &["臺北市公車站位", "台北市停車場資訊", "臺中市空氣品質"]).await;
    let taipei = vec![ids[0].clone(), ids[1].clone()];
    assert_eq!(found(&format!("台北市 {w}")).await, taipei, "台北市");
    assert_eq!(found(&format!("臺北市 {w}")).await, taipei, "臺北市");
    assert_eq!(found(&format!("台中 {w}")).await, vec![ids[2].clone()], "台中 finds 臺中");
    assert_eq!(found(&format!("臺中 {w}")).await, vec![ids[2].clone()], "臺中");
}

#[tokio::test]
async fn simplified_input_finds_traditional_titles() {
    let w = clock_tag("simp", 8);
    let ids = make(&w, &["國民年金保險給付", "臺灣地區空氣品質監測"]).await;
    assert_eq!(found(&format!("国民年金 {w}")).await, vec![ids[0].clone()], "国民年金");
    assert_eq!(found(&format!("台湾 {w}")).await, vec![ids[1].clone()], "台湾");
    assert_eq!(found(&format!("空气品质 {w}")).await, vec![ids[1].clone()], "空气品质");
}

#[tokio::test]
async fn nianjin_skips_a_year_before_a_place_and_keeps_every_pension_dataset() {
    let w = clock_tag("nj", 8);
    let ids = make(
        &w,
        &[
            "102年金門縣人口統計",
            "110年度國民年金保險給付",
            "國民年金保險費繳納",
            "112年金融機構分布",
            "3月金門觀光人次",
        ],
    )
    .await;
    assert_eq!(found(&format!("年金 {w}")).await, vec![ids[1].clone(), ids[2].clone()], "年金: not 102年|金門縣");
    assert_eq!(found(&format!("金門 {w}")).await, vec![ids[0].clone(), ids[4].clone()], "金門 still finds 金門縣");
    assert_eq!(found(&format!("102年金門 {w}")).await, vec![ids[0].clone()], "the whole title still finds it");
    assert_eq!(found(&format!("年度 {w}")).await, vec![ids[1].clone()], "110年度 is one unit");
    // Over the whole demo catalogue: every 國民年金 dataset is among 年金's.
    let pension = all_found("國民年金").await;
    let nianjin = all_found("年金").await;
    assert!(!pension.is_empty());
    let missing: Vec<&String> = pension.difference(&nianjin).collect();
    assert!(missing.is_empty(), "國民年金 datasets that 年金 misses: {missing:?}");
}

#[tokio::test]
async fn the_reindex_job_runs_for_the_admin_only() {
    let r = admin().await.post(url("/api/admin/jobs/reindex")).json(&serde_json::json!({})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["job"], "reindex");
    // The seed ran it to the end, so nothing is left to rewrite.
    assert_eq!(v["processed"], 0, "{v}");
    let (member, _) = user_with_role("reidx", "member", None).await;
    expect_refusal(member.post(url("/api/admin/jobs/reindex")).json(&serde_json::json!({})), 403, "forbidden").await;
}
