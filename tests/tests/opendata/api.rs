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
    // Other tests in this binary upload to the same dataset at the same time, so the check is by these uploads' own
    // descriptions, not by a count of resources.
    let tag = format!("refused-{}", std::process::id());
    let name = |what: &str| format!("{tag}-{what}");
    let bad =
        expect_error(upload_csv(&p, &ds, &name("bad"), b"a,b\n1,2\n3,4,5\n".to_vec()).await, 422, "invalid").await;
    assert!(bad["message"].as_str().unwrap().contains("line 3"), "{bad}");
    expect_error(upload_csv(&p, &ds, &name("binary"), vec![0, 159, 146, 150, 0, 1]).await, 422, "invalid").await;
    expect_error(upload_csv(&p, &ds, &name("big"), vec![b'a'; 8 * 1024 * 1024 + 10]).await, 413, "payload_too_large")
        .await;
    expect_error(upload_csv(&p, &ds, &name("empty"), Vec::new()).await, 422, "invalid").await;
    // Another agency's dataset is not the publisher's to change.
    expect_error(upload_csv(&p, "demo-00002", &name("other"), b"a\n1\n".to_vec()).await, 403, "forbidden").await;
    for id in [ds.as_str(), "demo-00002"] {
        let after = send_json(client().get(url(&format!("/api/datasets/{id}")))).await;
        let left: Vec<&Value> = after["dataset"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["description"].as_str().is_some_and(|d| d.starts_with(&tag)))
            .collect();
        assert!(left.is_empty(), "a refused upload left a resource on {id}: {left:?}");
    }
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

#[tokio::test]
async fn hostile_search_input_is_a_422_never_a_500() {
    // Issue 12, found by schemathesis: every facet given (empty) with a long query was a 500
    // ("too many terms in compound SELECT").
    let c = client();
    let zeros = "0".repeat(200);
    let fuzz = format!(
        "/api/datasets?q={zeros}&sort=relevance&page=1&per_page=1&organization=&category=&format=&license=&frequency=&quality="
    );
    let r = c.get(url(&fuzz)).send().await.unwrap();
    assert_eq!(r.status(), 422, "{}", r.text().await.unwrap_or_default());
    // Empty facet values are no filter at all.
    let empty = send_json(
        c.get(url("/api/datasets?per_page=1&organization=&category=&format=&license=&frequency=&quality=&tag=")),
    )
    .await;
    assert_eq!(total(&empty), total(&search("per_page=1").await));
    // Every facet filtered at once, several values each: still an answer.
    let d = send_json(c.get(url("/api/datasets/demo-00007"))).await;
    let m = &d["dataset"]["meta"];
    let mut q = String::from("per_page=5");
    for (facet, field) in [
        ("organization", &d["dataset"]["organization_id"]),
        ("category", &m["category"]),
        ("license", &m["license"]),
        ("frequency", &m["accrual_periodicity"]),
        ("quality", &m["quality"]),
    ] {
        q.push_str(&format!("&{facet}={}", urlencode(field.as_str().unwrap())));
    }
    let format = d["dataset"]["resources"][0]["format"].as_str().unwrap().to_string();
    q.push_str(&format!("&format={}", urlencode(&format)));
    if let Some(tag) = m["keywords"][0].as_str() {
        q.push_str(&format!("&tag={}", urlencode(tag)));
    }
    assert!(total(&search(&q).await) >= 1, "demo-00007 matches all its own facets");
    let many: String = (0..8).map(|i| format!("&category=x{i}")).collect();
    let r = c.get(url(&format!("/api/datasets?per_page=1{many}"))).send().await.unwrap();
    assert_eq!(r.status(), 422, "unknown values are named, not a 500");
    // A query of too many words, a filter value too long, too many filters: 422 with the bound.
    let words: Vec<String> = (0..30).map(|i| format!("w{i}")).collect();
    let body = expect_refusal(c.get(url(&format!("/api/datasets?q={}", words.join("%20")))), 422, "invalid").await;
    assert!(body["message"].as_str().unwrap().contains("q:"), "{body}");
    expect_refusal(c.get(url(&format!("/api/datasets?category={}", "類".repeat(300)))), 422, "invalid").await;
    let tags: String = (0..25).map(|i| format!("&tag=t{i}")).collect();
    expect_refusal(c.get(url(&format!("/api/datasets?per_page=1{tags}"))), 422, "invalid").await;
    expect_refusal(c.get(url("/api/datasets?page=999999999")), 422, "invalid").await;
}

/// A CKAN action by GET with a raw query string; (status, body).
async fn ckan(query: &str) -> (u16, Value) {
    let r = client().get(url(&format!("/api/3/action/{query}"))).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn ckan_and_datastore_inputs_are_bounded() {
    let words: Vec<String> = (0..30).map(|i| format!("w{i}")).collect();
    let (s, v) = ckan(&format!("package_search?q={}", words.join("%20"))).await;
    assert_eq!((s, v["error"]["__type"].as_str()), (409, Some("Search Query Error")), "{v}");
    let fq: Vec<String> = (0..25).map(|i| format!("tags:t{i}")).collect();
    let (s, v) = ckan(&format!("package_search?fq={}", urlencode(&fq.join(" ")))).await;
    assert_eq!(s, 409, "{v}");
    let (s, v) = ckan(&format!("package_search?fq={}", urlencode(&format!("groups:\"{}\"", "類".repeat(300))))).await;
    assert_eq!(s, 409, "{v}");
    let fields: Vec<String> = (0..100).map(|i| format!("\"f{i}\"")).collect();
    let (s, v) = ckan(&format!("package_search?facet.field={}", urlencode(&format!("[{}]", fields.join(","))))).await;
    assert_eq!(s, 409, "{v}");
    let (s, _) = ckan("package_search?rows=1001").await;
    assert_eq!(s, 409);
    let (s, _) = ckan("package_search?start=100001").await;
    assert_eq!(s, 409);
    let (s, v) = ckan(&format!("tag_list?query={}", "字".repeat(300))).await;
    assert_eq!(s, 409, "{v}");

    // The DataStore: at most 10 filters, and bounded text.
    let p = publisher().await;
    let header: Vec<String> = (0..12).map(|i| format!("c{i}")).collect();
    let row: Vec<String> = (0..12).map(|i| i.to_string()).collect();
    let csv = format!("{}\n{}\n", header.join(","), row.join(","));
    let r = upload_csv(&p, &publisher_dataset().await, "twelve", csv.into_bytes()).await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["resource"]["id"].as_i64().unwrap();
    let eleven: serde_json::Map<String, Value> = (0..11).map(|i| (format!("c{i}"), json!(i.to_string()))).collect();
    let ten: serde_json::Map<String, Value> = (0..10).map(|i| (format!("c{i}"), json!(i.to_string()))).collect();
    let path = |f: &serde_json::Map<String, Value>| {
        format!("/api/resources/{id}/datastore?filters={}", urlencode(&Value::Object(f.clone()).to_string()))
    };
    assert_eq!(send_json(client().get(url(&path(&ten)))).await["total"], 1);
    expect_refusal(client().get(url(&path(&eleven))), 422, "invalid").await;
    expect_refusal(client().get(url(&format!("/api/resources/{id}/datastore?q={}", "字".repeat(201)))), 422, "invalid")
        .await;
    let long: serde_json::Map<String, Value> = [("c0".to_string(), json!("x".repeat(1001)))].into_iter().collect();
    expect_refusal(client().get(url(&path(&long))), 422, "invalid").await;
    let r = client()
        .post(url("/api/3/action/datastore_search"))
        .json(&json!({"resource_id": id.to_string(), "filters": Value::Object(eleven)}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    // A resource id that is not a number names no resource.
    expect_refusal(client().get(url("/api/resources/abc/file")), 404, "not_found").await;
}

/// Sends raw HTTP/1.1 `head` then `body` to the stack and leaves the request
/// unfinished; returns the status the server answers within 10 seconds.
async fn status_of_unfinished(head: String, body: Vec<u8>) -> Option<u16> {
    let addr = base().trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&addr).ok()?;
        s.set_read_timeout(Some(std::time::Duration::from_secs(10))).ok()?;
        s.write_all(head.as_bytes()).ok()?;
        s.write_all(&body).ok()?;
        let mut buf = [0u8; 64];
        let n = s.read(&mut buf).ok()?;
        let text = String::from_utf8_lossy(&buf[..n]).to_string();
        text.split_whitespace().nth(1)?.parse().ok()
    })
    .await
    .ok()
    .flatten()
}

#[tokio::test]
async fn the_ckan_body_limit_is_checked_before_the_body_is_read() {
    // Issue 12: the whole body was read before its size was checked. Without a declared
    // length (chunked), reading now stops at 64 KiB: the answer comes while the rest is
    // still unsent (before, the Worker waited for a body that never ended). The declared
    // length is refused before any read; wrangler dev's local proxy holds a request until
    // its declared body has arrived, so that part is pinned by the domain's unit test
    // (`ckan::tests::a_declared_length_over_the_limit_is_refused_before_reading`).
    let host = base().trim_start_matches("http://").to_string();
    let head = format!(
        "POST /api/3/action/package_search HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    let mut body = Vec::new();
    for _ in 0..8 {
        body.extend_from_slice(format!("{:x}\r\n", 10_000).as_bytes());
        body.extend(std::iter::repeat_n(b' ', 10_000));
        body.extend_from_slice(b"\r\n");
    }
    assert_eq!(status_of_unfinished(head, body).await, Some(413), "a streamed body is cut off at the limit");
    // A small body still works. Right after a request it answered before the
    // body ended, wrangler dev's local proxy may answer one 503 of its own
    // (1 ms, no Worker log line: "worker restarted mid-request"); the Worker
    // never sends 503, so that one is retried.
    let mut status = 503;
    for _ in 0..5 {
        let r = client().post(url("/api/3/action/package_search")).json(&json!({"rows": 1})).send().await.unwrap();
        status = r.status().as_u16();
        if status != 503 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    assert_eq!(status, 200);
}

#[tokio::test]
async fn wide_csv_uploads_are_bounded_and_pages_stay_small() {
    let p = publisher().await;
    let ds = publisher_dataset().await;
    let csv = |cols: usize, name_len: usize, rows: usize| {
        let header: Vec<String> = (0..cols).map(|i| format!("{i:03}{}", "欄".repeat(name_len - 3))).collect();
        let mut s = header.join(",");
        s.push('\n');
        for r in 0..rows {
            let row: Vec<String> = (0..cols).map(|c| if c == 0 { r.to_string() } else { String::new() }).collect();
            s.push_str(&row.join(","));
            s.push('\n');
        }
        s.into_bytes()
    };
    let body = expect_error(upload_csv(&p, &ds, "wide", csv(201, 5, 2)).await, 422, "invalid").await;
    assert!(body["message"].as_str().unwrap().contains("200 columns"), "{body}");
    let body = expect_error(upload_csv(&p, &ds, "longname", csv(3, 201, 2)).await, 422, "invalid").await;
    assert!(body["message"].as_str().unwrap().contains("200 characters"), "{body}");
    // At the limits: 200 columns of 200-character names, 3,000 rows.
    let r = upload_csv(&p, &ds, "widest", csv(200, 200, 3000)).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let id = r.json::<Value>().await.unwrap()["resource"]["id"].as_i64().unwrap();
    let page = send_json(client().get(url(&format!("/api/resources/{id}/datastore?limit=1000")))).await;
    assert_eq!(page["total"], 3000);
    let limit = page["limit"].as_i64().unwrap();
    assert!(limit < 1000 && page["records"].as_array().unwrap().len() as i64 == limit, "a page of wide rows is cut");
    let first = format!("000{}", "欄".repeat(197));
    assert_eq!(page["records"][1][&first], 1);
    let next = send_json(client().get(url(&format!("/api/resources/{id}/datastore?offset={limit}&limit=1")))).await;
    assert_eq!(next["records"][0][&first], limit);
}
