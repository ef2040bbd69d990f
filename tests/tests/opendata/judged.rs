//! A first judged query set for catalogue search (issue 17, item 5): 23
//! datasets made here, 30 queries as Taiwanese users (and simplified IMEs)
//! type them, each with the datasets that must be in its top 10 and those
//! that must not appear at all (the 金門 datasets for 年金). The test
//! computes precision@10 and recall over the set and fails below the
//! thresholds: mean precision@10 ≥ 0.95 and mean recall ≥ 0.98, and no
//! forbidden dataset anywhere. Today 健保 misses 全民健康保險 (no synonyms
//! yet), which is the 0.5 recall that keeps the mean below 1.
//!
//! Precision@10 of a query is the share of relevant datasets among the
//! datasets it returns in its first 10 (so a query with two relevant
//! datasets that returns exactly those two scores 1.0).

use commons_domain::opendata::DatasetInput;
use commons_tests::*;
use serde_json::Value;
use xtask::import::{import_items, sign_in};

/// The corpus: the datasets' titles, by index.
const CORPUS: &[&str] = &[
    "國民年金保險給付統計",          // 0
    "110年度國民年金保險費收繳情形", // 1
    "勞工退休金年金給付人數",        // 2
    "102年金門縣人口統計",           // 3
    "112年金融機構分布",             // 4
    "臺北市公車站位資訊",            // 5
    "台北市停車場即時資訊",          // 6
    "臺北市空氣品質監測",            // 7
    "臺中市空氣品質監測",            // 8
    "新北市垃圾車路線",              // 9
    "臺灣地區地震紀錄",              // 10
    "台灣各縣市人口密度",            // 11
    "金門縣觀光人次",                // 12
    "3月金門觀光旅館住用率",         // 13
    "峰值用電量統計",                // 14
    "捷運路線圖",                    // 15
    "高速公路即時路況",              // 16
    "全民健康保險特約醫院",          // 17
    "健保門診人次統計",              // 18
    "國民旅遊卡特約商店",            // 19
    "公共自行車租賃站",              // 20
    "臺中市公車路線",                // 21
    "啟用中的充電站",                // 22
];

/// (query, must be in the top 10, must not appear).
const JUDGED: &[(&str, &[usize], &[usize])] = &[
    ("年金", &[0, 1, 2], &[3, 4]),
    ("国民年金", &[0, 1], &[3, 4]),
    ("國民年金", &[0, 1], &[2, 3]),
    ("台北市", &[5, 6, 7], &[9]),
    ("臺北市", &[5, 6, 7], &[9]),
    ("台北", &[5, 6, 7], &[9]),
    ("台中", &[8, 21], &[5]),
    ("空氣品質", &[7, 8], &[]),
    ("空气品质", &[7, 8], &[]),
    ("台湾", &[10, 11], &[]),
    ("臺灣", &[10, 11], &[]),
    ("金門", &[3, 12, 13], &[]),
    ("金門縣", &[3, 12], &[13]),
    ("人口", &[3, 11], &[]),
    ("峯值", &[14], &[]),
    ("捷运", &[15], &[]),
    ("公車路綫", &[21], &[5]),
    ("啓用", &[22], &[]),
    // 全民健康保險 is what 健保 abbreviates: relevant, though found only once synonyms exist (item 3).
    ("健保", &[17, 18], &[]),
    ("保險", &[0, 1, 17], &[]),
    ("特約", &[17, 19], &[]),
    ("人次", &[12, 18], &[13]),
    ("110年度", &[1], &[0]),
    ("102年", &[3], &[1]),
    ("充电站", &[22], &[20]),
    ("即時", &[6, 16], &[]),
    ("路況", &[16], &[]),
    ("高速公路", &[16], &[]),
    ("观光", &[12, 13], &[]),
    ("垃圾车", &[9], &[]),
];

/// The thresholds this set must meet (mean over the queries).
const MIN_PRECISION_AT_10: f64 = 0.95;
/// See [`MIN_PRECISION_AT_10`].
const MIN_RECALL: f64 = 0.98;

/// The corpus indexes of every dataset `q` finds, in rank order.
async fn ranked(w: &str, q: &str) -> Vec<usize> {
    let r = client().get(url(&format!("/api/datasets?q={q} {w}&per_page=50"))).send().await.expect("search");
    assert_eq!(r.status(), 200, "{q}");
    let v: Value = r.json().await.expect("json");
    v["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["identifier"].as_str()?.strip_prefix(&format!("{w}-"))?.parse().ok())
        .collect()
}

#[tokio::test]
async fn the_judged_queries_meet_the_precision_and_recall_thresholds() {
    let w = clock_tag("jq", 8);
    let admin = sign_in(&base(), ADMIN_EMAIL, DEMO_PASSWORD).await.expect("admin");
    let items: Vec<DatasetInput> = CORPUS
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
    assert!(r.failed.is_empty() && r.created == CORPUS.len(), "{r:?}");

    let (mut precision, mut recall) = (0.0, 0.0);
    let mut forbidden = Vec::new();
    for (q, relevant, never) in JUDGED {
        let got = ranked(&w, q).await;
        let top: Vec<usize> = got.iter().copied().take(10).collect();
        let hits = top.iter().filter(|i| relevant.contains(i)).count();
        let p = if top.is_empty() { 0.0 } else { hits as f64 / top.len() as f64 };
        let rc = hits as f64 / relevant.len() as f64;
        eprintln!("{q}: precision@10 {p:.2}, recall {rc:.2}, got {got:?}, want {relevant:?}");
        precision += p;
        recall += rc;
        forbidden.extend(got.iter().filter(|i| never.contains(i)).map(|i| format!("{q} → {}", CORPUS[*i])));
    }
    let n = JUDGED.len() as f64;
    let (precision, recall) = (precision / n, recall / n);
    eprintln!("judged set: {} queries, precision@10 {precision:.3}, recall {recall:.3}", JUDGED.len());
    assert!(forbidden.is_empty(), "forbidden results: {forbidden:?}");
    assert!(precision >= MIN_PRECISION_AT_10, "precision@10 {precision:.3} < {MIN_PRECISION_AT_10}");
    assert!(recall >= MIN_RECALL, "recall {recall:.3} < {MIN_RECALL}");
}
