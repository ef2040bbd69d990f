//! Q&A search folds variants like the catalogue (issue 17): 台北市 and 臺北市
//! find the same questions, simplified input finds traditional ones, and a
//! title being typed is suggested questions written with the other variant.

use commons_tests::qa::ask;
use commons_tests::*;

/// The question ids `q` finds, sorted.
async fn found(q: &str) -> Vec<i64> {
    let v = get_json(&client(), &format!("/api/qa/questions?q={q}&per_page=50")).await;
    let mut ids: Vec<i64> = v["questions"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn tai_and_its_variant_and_simplified_input_find_the_same_questions() {
    let w = clock_tag("qtai", 8);
    let (me, _) = user_with_role("qtai", "member", None).await;
    let a = ask(&me, &format!("臺北市的公車資料在哪裡下載 {w}"), "想找公車到站時間的開放資料。", &["transit"]).await;
    let b = ask(&me, &format!("台北市停車場的即時資料 {w}"), "有沒有停車格的 API？", &["transit"]).await;
    let c = ask(&me, &format!("國民年金的繳費紀錄怎麼查 {w}"), "想查自己的繳費紀錄。", &["transit"]).await;
    assert_eq!(found(&format!("台北市 {w}")).await, vec![a, b], "台北市");
    assert_eq!(found(&format!("臺北市 {w}")).await, vec![a, b], "臺北市");
    assert_eq!(found(&format!("国民年金 {w}")).await, vec![c], "国民年金");
    assert_eq!(found(&format!("缴费纪录 {w}")).await, vec![c], "simplified words of the body");
    // Suggestions while asking use the same folding.
    let s = get_json(&client(), &format!("/api/qa/suggest?title=台北市公車資料 {w}")).await;
    let ids: Vec<i64> = s["questions"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&a), "suggest 臺北市 for 台北市: {s}");
}
