//! Participation around the catalogue, through the API: subscriptions and
//! their notifications, feedback threads with agency replies and handling
//! statistics, ratings, dataset requests with +1s, showcases, publishers'
//! own datasets, and the overdue-update job.

use commons_tests::*;
use serde_json::{json, Value};

async fn notifications(c: &reqwest::Client) -> Value {
    get_json(c, "/api/me/notifications").await
}

fn kinds(n: &Value) -> Vec<String> {
    n["notifications"].as_array().unwrap().iter().map(|x| x["kind"].as_str().unwrap().to_string()).collect()
}

/// A dataset of the demo publisher's agency, created fresh for this test.
async fn own_dataset(tag: &str) -> (String, Value) {
    let id = clock_tag(&format!("{tag}-"), 7);
    let body = json!({"identifier": id, "title": format!("參與測試資料集{tag}"), "organization": "國家發展委員會",
                      "accrual_periodicity": "每月", "modified": "2020-01-01 00:00:00", "keywords": ["測試"]});
    let r = publisher().await.put(url(&format!("/api/datasets/{id}"))).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    (id, body)
}

#[tokio::test]
async fn a_subscriber_is_notified_when_the_dataset_or_a_resource_changes() {
    let (id, mut body) = own_dataset("sub").await;
    let (member, _) = user_with_role("sub", "member", None).await;
    let r = member.put(url(&format!("/api/datasets/{id}/subscription"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(get_json(&member, &format!("/api/datasets/{id}/viewer")).await["subscribed"], true);
    let before = notifications(&member).await["unread"].as_u64().unwrap();
    body["description"] = json!("更新後的說明");
    let p = publisher().await;
    assert_eq!(p.put(url(&format!("/api/datasets/{id}"))).json(&body).send().await.unwrap().status(), 200);
    upload_csv(&p, &id, "new-file", b"a,b\n1,2\n".to_vec()).await;
    let after = notifications(&member).await;
    assert_eq!(after["unread"].as_u64().unwrap(), before + 2, "{after}");
    assert_eq!(kinds(&after)[..2], ["dataset_updated", "dataset_updated"]);
    assert_eq!(after["notifications"][0]["link"], format!("/data/datasets/{id}"));
    // Unsubscribed: no more.
    member.delete(url(&format!("/api/datasets/{id}/subscription"))).send().await.unwrap();
    body["description"] = json!("再次更新");
    p.put(url(&format!("/api/datasets/{id}"))).json(&body).send().await.unwrap();
    assert_eq!(notifications(&member).await["unread"], after["unread"]);
}

#[tokio::test]
async fn feedback_gets_an_agency_reply_and_counts_in_the_handling_rate() {
    let (id, _) = own_dataset("fb").await;
    let (member, _) = user_with_role("fb", "member", None).await;
    let r = member
        .post(url(&format!("/api/datasets/{id}/feedback")))
        .json(&json!({"kind": "error", "title": "欄位錯誤", "body": "第三欄的單位應為千元。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let thread = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // Another member cannot answer for the agency.
    let (other, _) = user_with_role("fb2", "member", None).await;
    expect_refusal(
        other.post(url(&format!("/api/feedback/{thread}/replies"))).json(&json!({"body": "x"})),
        403,
        "forbidden",
    )
    .await;
    let p = publisher().await;
    let r = p
        .post(url(&format!("/api/feedback/{thread}/replies")))
        .json(&json!({"body": "已更正，謝謝。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let threads = get_json(&client(), &format!("/api/datasets/{id}/feedback")).await;
    let t = &threads["threads"][0];
    assert_eq!(t["status"], "replied");
    assert_eq!(t["posts"].as_array().unwrap().len(), 2);
    assert_eq!(t["posts"][1]["from_agency"], true);
    assert!(kinds(&notifications(&member).await).contains(&"feedback_replied".to_string()));
    let stats = get_json(&client(), &format!("/api/organizations/{PUBLISHER_ORG}/feedback-stats")).await;
    assert!(stats["threads"].as_i64().unwrap() >= 1 && stats["handled"].as_i64().unwrap() >= 1);
    assert!(stats["median_reply_hours"].is_number());
    member.post(url(&format!("/api/feedback/{thread}/close"))).send().await.unwrap();
    expect_refusal(
        member.post(url(&format!("/api/feedback/{thread}/replies"))).json(&json!({"body": "再問"})),
        409,
        "conflict",
    )
    .await;
    // Bad input.
    expect_refusal(
        member
            .post(url(&format!("/api/datasets/{id}/feedback")))
            .json(&json!({"kind": "rant", "title": "t", "body": "b"})),
        422,
        "invalid",
    )
    .await;
    expect_refusal(
        client()
            .post(url(&format!("/api/datasets/{id}/feedback")))
            .json(&json!({"kind": "question", "title": "t", "body": "b"})),
        401,
        "unauthorized",
    )
    .await;
}

#[tokio::test]
async fn one_rating_per_user_is_averaged_and_sortable() {
    let (id, _) = own_dataset("rate").await;
    let (a, _) = user_with_role("ra", "member", None).await;
    let (b, _) = user_with_role("rb", "member", None).await;
    let put = |c: reqwest::Client, s: i64| {
        let id = id.clone();
        async move { c.put(url(&format!("/api/datasets/{id}/rating"))).json(&json!({"stars": s})).send().await.unwrap() }
    };
    assert_eq!(put(a.clone(), 5).await.status(), 200);
    assert_eq!(put(a.clone(), 4).await.status(), 200, "a second rating replaces the first");
    let v: Value = put(b.clone(), 1).await.json().await.unwrap();
    assert_eq!((v["rating"].as_f64().unwrap(), v["rating_count"].as_i64().unwrap()), (2.5, 2));
    expect_error(put(a.clone(), 6).await, 422, "invalid").await;
    let d = get_json(&client(), &format!("/api/datasets/{id}")).await;
    assert_eq!(d["dataset"]["rating"], 2.5);
}

#[tokio::test]
async fn requests_collect_plus_ones_once_each_and_agencies_answer() {
    let (a, _) = user_with_role("rq", "member", None).await;
    let r = a
        .post(url("/api/dataset-requests"))
        .json(&json!({"title": "各縣市公共充電樁位置", "description": "希望提供經緯度。", "organization_id": PUBLISHER_ORG}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    expect_refusal(a.put(url(&format!("/api/dataset-requests/{id}/vote"))), 422, "invalid").await;
    let (b, _) = user_with_role("rq2", "member", None).await;
    // Two identical concurrent +1s count once.
    let (x, y) = tokio::join!(
        b.put(url(&format!("/api/dataset-requests/{id}/vote"))).send(),
        b.put(url(&format!("/api/dataset-requests/{id}/vote"))).send()
    );
    assert!(x.unwrap().status().is_success() && y.unwrap().status().is_success());
    let list = get_json(&b, "/api/dataset-requests?sort=newest").await;
    let mine = list["requests"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!((mine["votes"].as_i64().unwrap(), mine["voted"].as_bool().unwrap()), (1, true));
    // Only the asked agency answers.
    let (other_pub, _) = user_with_role("rq3", "publisher", Some("org-000000000000")).await;
    expect_refusal(
        other_pub
            .post(url(&format!("/api/dataset-requests/{id}/answer")))
            .json(&json!({"status": "answered", "answer": "x"})),
        403,
        "forbidden",
    )
    .await;
    let ds = publisher_dataset().await;
    let r = publisher()
        .await
        .post(url(&format!("/api/dataset-requests/{id}/answer")))
        .json(&json!({"status": "fulfilled", "answer": "已開放。", "dataset": ds}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let list = get_json(&client(), "/api/dataset-requests?status=fulfilled").await;
    let done = list["requests"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(done["dataset"], ds);
    assert!(kinds(&notifications(&a).await).contains(&"request_answered".to_string()));
    b.delete(url(&format!("/api/dataset-requests/{id}/vote"))).send().await.unwrap();
    let list = get_json(&client(), "/api/dataset-requests?status=fulfilled").await;
    assert_eq!(list["requests"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["votes"], 0);
}

#[tokio::test]
async fn showcases_are_reviewed_by_the_agency_and_linked_both_ways() {
    let (id, _) = own_dataset("show").await;
    let (m, _) = user_with_role("sc", "member", None).await;
    expect_refusal(
        m.post(url("/api/showcases")).json(&json!({"title": "x", "url": "javascript:alert(1)", "datasets": [id]})),
        422,
        "invalid",
    )
    .await;
    let r = m
        .post(url("/api/showcases"))
        .json(&json!({"title": "充電地圖 App", "description": "用開放資料找充電樁。", "url": "https://example.tw/app", "datasets": [id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let sid = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let public = get_json(&client(), &format!("/api/showcases?dataset={id}")).await;
    assert!(public["showcases"].as_array().unwrap().is_empty(), "pending is not public");
    expect_refusal(
        m.post(url(&format!("/api/showcases/{sid}/review"))).json(&json!({"approve": true})),
        403,
        "forbidden",
    )
    .await;
    let p = publisher().await;
    let pending = get_json(&p, "/api/showcases?status=pending").await;
    assert!(pending["showcases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["showcase"]["id"] == sid && s["can_review"] == true));
    assert_eq!(
        p.post(url(&format!("/api/showcases/{sid}/review")))
            .json(&json!({"approve": true}))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let linked = get_json(&client(), &format!("/api/showcases?dataset={id}")).await;
    let s = &linked["showcases"][0]["showcase"];
    assert_eq!(s["title"], "充電地圖 App");
    assert_eq!(s["datasets"][0][0], id.as_str());
    assert!(kinds(&notifications(&m).await).contains(&"showcase_approved".to_string()));
    expect_refusal(
        p.post(url(&format!("/api/showcases/{sid}/review"))).json(&json!({"approve": false})),
        409,
        "conflict",
    )
    .await;
}

#[tokio::test]
async fn publishers_edit_only_their_own_agency() {
    let (id, mut body) = own_dataset("own").await;
    let (other_pub, _) = user_with_role("own2", "publisher", Some("org-000000000000")).await;
    body["description"] = json!("別的機關想改");
    expect_refusal(other_pub.put(url(&format!("/api/datasets/{id}"))).json(&body), 403, "forbidden").await;
    // Naming one's own agency does not take over someone else's dataset.
    let (ndc_pub, _) = user_with_role("own3", "publisher", Some(PUBLISHER_ORG)).await;
    let theirs = json!({"identifier": "demo-00002", "title": "搶走", "organization": "國家發展委員會"});
    expect_refusal(ndc_pub.put(url("/api/datasets/demo-00002")).json(&theirs), 403, "forbidden").await;
    let d = get_json(&client(), "/api/datasets/demo-00002").await;
    assert_ne!(d["dataset"]["meta"]["title"], "搶走", "nothing changed");
    body["issued"] = json!("2020-02-31");
    expect_refusal(publisher().await.put(url(&format!("/api/datasets/{id}"))).json(&body), 422, "invalid").await;
}

#[tokio::test]
async fn the_overdue_job_flags_late_datasets_and_tells_their_publisher() {
    // A monthly dataset last updated in 2020 is long overdue.
    let (id, mut body) = own_dataset("late").await;
    let (watcher, _) = user_with_role("late", "publisher", Some(PUBLISHER_ORG)).await;
    let r = admin().await.post(url("/api/admin/jobs/overdue")).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let dash = get_json(&watcher, "/api/publisher/overdue").await;
    assert!(dash["overdue"].as_array().unwrap().iter().any(|d| d["identifier"] == id), "{dash}");
    let note = notifications(&watcher).await;
    assert!(note["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["kind"] == "dataset_overdue" && n["link"] == format!("/data/datasets/{id}")));
    // Running again flags nothing twice; updating clears it.
    admin().await.post(url("/api/admin/jobs/overdue")).json(&json!({})).send().await.unwrap();
    let again = notifications(&watcher).await;
    assert_eq!(again["unread"], note["unread"], "no second notice");
    body["modified"] = json!("2099-01-01 00:00:00");
    publisher().await.put(url(&format!("/api/datasets/{id}"))).json(&body).send().await.unwrap();
    let dash = get_json(&watcher, "/api/publisher/overdue").await;
    assert!(!dash["overdue"].as_array().unwrap().iter().any(|d| d["identifier"] == id));
    let (member, _) = user_with_role("late2", "member", None).await;
    expect_refusal(member.get(url("/api/publisher/overdue")), 403, "forbidden").await;
}
