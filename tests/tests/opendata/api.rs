//! The open-data catalogue through its REST API: Chinese search, facets,
//! sorts, paging, dataset pages, the counting download, feeds and the
//! DataStore, including the bad input a user can send.
//!
//! These run on the demo datasets `cargo xtask test` seeds (generated, zh-TW)
//! plus datasets each test imports for itself.

use commons_tests::*;
use serde_json::{json, Value};

/// Imports datasets as admin; returns the outcome.
async fn import(items: Value) -> Value {
    let r = admin()
        .await
        .post(url("/api/admin/datasets/import"))
        .json(&json!({"source": "seed", "items": items}))
        .send()
        .await
        .expect("import");
    assert_eq!(r.status(), 200);
    r.json().await.expect("json")
}

async fn search(query: &str) -> Value {
    let r = client().get(url(&format!("/api/datasets?{query}"))).send().await.expect("search");
    assert_eq!(r.status(), 200, "{query}");
    r.json().await.expect("json")
}

fn titles(v: &Value) -> Vec<String> {
    v["datasets"].as_array().expect("datasets").iter().map(|d| d["title"].as_str().unwrap_or("").to_string()).collect()
}

fn total(v: &Value) -> i64 {
    v["meta"]["total"].as_i64().expect("total")
}

#[tokio::test]
async fn a_two_character_query_finds_it_inside_longer_words() {
    // The demo seed has titles such as 臺北市國民年金保險給付: 年金 sits inside 國民年金保險.
    let v = search("q=年金&per_page=50").await;
    assert!(total(&v) > 0, "年金 found nothing");
    for t in titles(&v) {
        assert!(t.contains("年金"), "{t} does not contain 年金");
    }
    // 儀器 inside 貴重儀器使用統計; one character (儀) also matches by prefix.
    let v = search("q=儀器").await;
    assert!(titles(&v).iter().any(|t| t.contains("貴重儀器")), "{:?}", titles(&v));
    let one = search("q=儀").await;
    assert!(total(&one) >= total(&v), "a one-character query finds at least what the two-character one does");
}

#[tokio::test]
async fn several_terms_are_anded() {
    let a = total(&search("q=年金").await);
    let b = total(&search("q=臺北市").await);
    let both = search("q=臺北市 年金&per_page=100").await;
    assert!(total(&both) > 0 && total(&both) < a.min(b), "AND narrows: {a} {b} {}", total(&both));
    for t in titles(&both) {
        assert!(t.contains("年金"), "{t}");
    }
    assert_eq!(total(&search("q=年金 颱風").await), 0, "no title is about both");
}

#[tokio::test]
async fn title_matches_rank_above_description_matches() {
    let tag = clock_tag("", 6);
    // The same rare word once in a title, once only in a description.
    import(json!([
        {"identifier": format!("rank-desc-{tag}"), "title": "一般資料集", "organization": "測試機關",
         "description": "本資料集說明提到鸚鵡螺化石。"},
        {"identifier": format!("rank-title-{tag}"), "title": "鸚鵡螺化石分布", "organization": "測試機關"},
    ]))
    .await;
    let v = search("q=鸚鵡螺化石").await;
    let ids: Vec<&str> = v["datasets"].as_array().unwrap().iter().filter_map(|d| d["identifier"].as_str()).collect();
    let t = ids.iter().position(|i| *i == format!("rank-title-{tag}")).expect("title hit");
    let d = ids.iter().position(|i| *i == format!("rank-desc-{tag}")).expect("description hit");
    assert!(t < d, "title match first: {ids:?}");
}

#[tokio::test]
async fn each_facet_count_equals_the_total_when_filtering_by_it() {
    let base = search("q=資料").await;
    let mut checked = 0;
    for facet in base["facets"].as_array().expect("facets") {
        let name = facet["name"].as_str().unwrap();
        for value in facet["values"].as_array().unwrap().iter().take(3) {
            let param = if name == "tag" { "tag" } else { name };
            let v = value["value"].as_str().unwrap();
            let filtered = search(&format!("q=資料&{param}={}", urlencode(v))).await;
            assert_eq!(total(&filtered), value["count"].as_i64().unwrap(), "{name}={v}");
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} facet values checked");
    // Two values of one facet are ORed; two facets ANDed.
    let cats = &base["facets"].as_array().unwrap().iter().find(|f| f["name"] == "category").unwrap()["values"];
    let (a, b) = (&cats[0], &cats[1]);
    let either = search(&format!(
        "q=資料&category={}&category={}",
        urlencode(a["value"].as_str().unwrap()),
        urlencode(b["value"].as_str().unwrap())
    ))
    .await;
    assert_eq!(total(&either), a["count"].as_i64().unwrap() + b["count"].as_i64().unwrap());
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn every_sort_order_orders_the_results() {
    for (sort, key) in [("views", "views"), ("downloads", "downloads"), ("newest", "issued"), ("rating", "rating")] {
        let v = search(&format!("q=統計&sort={sort}&per_page=50")).await;
        let rows = v["datasets"].as_array().unwrap();
        assert!(rows.len() > 10, "{sort}");
        for w in rows.windows(2) {
            let (x, y) = (&w[0][key], &w[1][key]);
            let ordered = match (x, y) {
                (Value::Number(a), Value::Number(b)) => a.as_f64() >= b.as_f64(),
                (Value::String(a), Value::String(b)) => a >= b,
                (_, Value::Null) => true,
                (Value::Null, _) => false,
                _ => false,
            };
            assert!(ordered, "{sort}: {x} before {y}");
        }
    }
    let rel = search("q=統計&sort=relevance").await;
    assert!(total(&rel) > 0);
}

#[tokio::test]
async fn paging_walks_the_results_without_overlap_and_stops_at_the_end() {
    let p1 = search("q=年金&per_page=5&page=1&sort=views").await;
    let p2 = search("q=年金&per_page=5&page=2&sort=views").await;
    let a: Vec<i64> = p1["datasets"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
    let b: Vec<i64> = p2["datasets"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
    assert_eq!(a.len(), 5);
    assert!(a.iter().all(|x| !b.contains(x)), "pages overlap");
    let last = (total(&p1) + 4) / 5;
    let past = client().get(url(&format!("/api/datasets?q=年金&per_page=5&page={}", last + 1)));
    let body = expect_refusal(past, 404, "not_found").await;
    assert!(body["message"].as_str().unwrap().contains("past the last page"));
}

#[tokio::test]
async fn bad_search_input_gets_clear_errors() {
    let c = client();
    expect_refusal(c.get(url("/api/datasets?quality=鑽石")), 422, "invalid").await;
    expect_refusal(c.get(url("/api/datasets?organization=org-nope")), 422, "invalid").await;
    expect_refusal(c.get(url("/api/datasets?sort=best")), 422, "invalid").await;
    expect_refusal(c.get(url("/api/datasets?page=0")), 400, "bad_request").await;
    expect_refusal(c.get(url("/api/datasets?per_page=1000")), 400, "bad_request").await;
    let long = "字".repeat(201);
    expect_refusal(c.get(url(&format!("/api/datasets?q={long}"))), 422, "invalid").await;
    // Punctuation only is a query with no words: everything, not an error.
    assert!(total(&search("q=%22%20*%20(").await) > 0);
}

#[tokio::test]
async fn a_dataset_page_has_its_metadata_resources_and_similar_datasets_and_counts_views() {
    let id = "demo-00007";
    let c = client();
    let first = send_json(c.get(url(&format!("/api/datasets/{id}")))).await;
    let d = &first["dataset"];
    assert_eq!(d["meta"]["identifier"], id);
    for field in
        ["title", "description", "organization", "category", "license", "accrual_periodicity", "issued", "quality"]
    {
        assert!(!d["meta"][field].as_str().unwrap_or("").is_empty(), "{field} empty");
    }
    assert!(!d["resources"].as_array().unwrap().is_empty());
    let second = send_json(c.get(url(&format!("/api/datasets/{id}")))).await;
    assert_eq!(second["dataset"]["views"].as_i64().unwrap(), d["views"].as_i64().unwrap() + 1);
    let similar = send_json(c.get(url(&format!("/api/datasets/{id}/similar")))).await;
    let sims = similar["datasets"].as_array().unwrap();
    assert!(!sims.is_empty() && sims.iter().all(|s| s["identifier"] != id), "similar excludes itself");
}

#[tokio::test]
async fn a_download_is_counted_then_redirected() {
    let d = send_json(client().get(url("/api/datasets/demo-00011"))).await;
    let res = &d["dataset"]["resources"][0];
    let before = d["dataset"]["downloads"].as_i64().unwrap();
    let r = no_redirect_client().get(url(&format!("/api/resources/{}/download", res["id"]))).send().await.unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"].to_str().unwrap(), res["download_url"].as_str().unwrap());
    let after = send_json(client().get(url("/api/datasets/demo-00011"))).await;
    assert_eq!(after["dataset"]["downloads"].as_i64().unwrap(), before + 1);
}

#[tokio::test]
async fn the_atom_feed_lists_changes_and_a_reimport_of_changed_data_adds_one() {
    let tag = clock_tag("", 6);
    let id = format!("feed-{tag}");
    let item = json!({"identifier": id, "title": "訂閱測試資料集", "organization": "測試機關"});
    assert_eq!(import(json!([item])).await["created"], 1);
    assert_eq!(import(json!([item])).await["unchanged"], 1, "identical data writes nothing");
    let mut changed = item.clone();
    changed["description"] = json!("新增說明 & <標記>");
    assert_eq!(import(json!([changed])).await["updated"], 1);
    let feed = client().get(url(&format!("/api/datasets/{id}/feed.atom"))).send().await.unwrap();
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let text = feed.text().await.unwrap();
    assert_eq!(text.matches("<entry>").count(), 2, "created + one update: {text}");
    assert!(text.contains("訂閱測試資料集"));
}

#[tokio::test]
async fn the_csv_upload_becomes_a_datastore_that_pages_sorts_and_filters() {
    let p = publisher().await;
    let ds = publisher_dataset().await;
    let csv = "縣市;年度;人口\n臺北市;2020;\"2,602,418\"\n新北市;2020;\"4,030,954\"\n臺中市;2020;\"2,820,787\"\n";
    let r = upload_csv(&p, &ds, "population", big5(csv)).await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["datastore"]["encoding"], "Big5");
    assert_eq!(body["datastore"]["delimiter"], ";");
    let id = body["resource"]["id"].as_i64().unwrap();
    let page = send_json(client().get(url(&format!("/api/resources/{id}/datastore?sort=人口%20desc&limit=2")))).await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["records"][0]["縣市"], "新北市");
    assert_eq!(page["records"][0]["人口"], 4030954, "quoted thousands are numbers");
    assert_eq!(page["fields"][1]["type"], "year");
    let filtered = send_json(
        client().get(url(&format!("/api/resources/{id}/datastore?filters={}", urlencode(r#"{"縣市":"臺中市"}"#)))),
    )
    .await;
    assert_eq!(filtered["total"], 1);
    // The file itself is kept as uploaded.
    let file = client().get(url(&format!("/api/resources/{id}/file"))).send().await.unwrap();
    assert_eq!(file.bytes().await.unwrap().len(), big5(csv).len());
}

/// The CSV in Big5, as many agencies still publish.
fn big5(s: &str) -> Vec<u8> {
    encoding_rs::BIG5.encode(s).0.into_owned()
}

#[tokio::test]
async fn bad_uploads_are_refused_and_leave_nothing_behind() {
    let p = publisher().await;
    let ds = publisher_dataset().await;
    let before = send_json(client().get(url(&format!("/api/datasets/{ds}")))).await;
    let n = before["dataset"]["resources"].as_array().unwrap().len();
    let bad = expect_error(upload_csv(&p, &ds, "bad", b"a,b\n1,2\n3,4,5\n".to_vec()).await, 422, "invalid").await;
    assert!(bad["message"].as_str().unwrap().contains("line 3"), "{bad}");
    expect_error(upload_csv(&p, &ds, "binary", vec![0, 159, 146, 150, 0, 1]).await, 422, "invalid").await;
    expect_error(upload_csv(&p, &ds, "big", vec![b'a'; 8 * 1024 * 1024 + 10]).await, 413, "payload_too_large").await;
    expect_error(upload_csv(&p, &ds, "empty", Vec::new()).await, 422, "invalid").await;
    // Another agency's dataset is not the publisher's to change.
    expect_error(upload_csv(&p, "demo-00002", "other", b"a\n1\n".to_vec()).await, 403, "forbidden").await;
    let after = send_json(client().get(url(&format!("/api/datasets/{ds}")))).await;
    assert_eq!(after["dataset"]["resources"].as_array().unwrap().len(), n, "no resource was added");
}

#[tokio::test]
async fn dcat_documents_have_context_types_and_paging() {
    let v = send_json(client().get(url("/api/datasets/demo-00003.jsonld"))).await;
    assert_eq!(v["@type"], "dcat:Dataset");
    assert!(v["@context"]["dcat"].as_str().unwrap().starts_with("http://www.w3.org/ns/dcat"));
    let cat = send_json(client().get(url("/api/catalog.jsonld?page=2"))).await;
    assert_eq!(cat["dcat:dataset"].as_array().unwrap().len(), 100);
    assert!(cat["hydra:view"]["hydra:previous"]["@id"].as_str().unwrap().ends_with("page=1"));
}
