//! Instrument search folds variants like the catalogue (issue 17): a
//! description that says 臺北市 is found by 台北市 and the other way round,
//! and simplified input finds traditional names.

use commons_tests::*;
use serde_json::{json, Value};

/// The ids of the instruments `q` finds.
async fn found(q: &str) -> Vec<i64> {
    let v: Value = get_json(&client(), &format!("/api/instruments?q={q}&per_page=100")).await;
    let mut ids: Vec<i64> = v["instruments"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn tai_and_its_variant_find_the_same_instruments() {
    let w = clock_tag("itai", 8);
    let a = free_instrument_at("tmu-ic").await;
    let (staff, _) = user_with_role("itai-staff", "facility_staff", Some("tmu-ic")).await;
    let original = get_json(&client(), &format!("/api/instruments/{a}")).await["instrument"]["description"]
        .as_str()
        .expect("description")
        .to_string();
    let set = |d: String| staff.patch(url(&format!("/api/instruments/{a}"))).json(&json!({ "description": d })).send();
    assert_eq!(set(format!("放在臺北市信義區的共用儀器 {w}")).await.unwrap().status(), 200);
    assert_eq!(found(&format!("台北市 {w}")).await, vec![a], "台北市 finds 臺北市");
    assert_eq!(found(&format!("臺北市 {w}")).await, vec![a], "臺北市");
    assert_eq!(set(format!("放在台北市信義區的共用儀器 {w}")).await.unwrap().status(), 200);
    assert_eq!(found(&format!("臺北市信義 {w}")).await, vec![a], "臺北市 finds 台北市");
    assert_eq!(found(&format!("台北市 {w}")).await, vec![a], "台北市");
    assert_eq!(set(original).await.unwrap().status(), 200);
    assert!(found(&w).await.is_empty(), "the old description is no longer searched");
}

#[tokio::test]
async fn simplified_names_find_the_seeded_instruments() {
    let traditional = found("顯微鏡").await;
    assert!(!traditional.is_empty());
    assert_eq!(found("显微镜").await, traditional, "显微镜 finds 顯微鏡");
}
