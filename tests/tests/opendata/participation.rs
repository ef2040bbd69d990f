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

/// A dataset of a fresh agency, created by a fresh publisher of that agency;
/// returns (dataset identifier, agency id, that publisher).
async fn other_agency_dataset(tag: &str) -> (String, String, reqwest::Client) {
    let agency = clock_tag(&format!("審核測試機關{tag}"), 7);
    let org = commons_domain::opendata::organization_slug(&agency);
    let (p, _) = user_with_role(tag, "publisher", Some(&org)).await;
    let id = clock_tag(&format!("{tag}-"), 7);
    let body = json!({"identifier": id, "title": format!("他機關資料集{tag}"), "organization": agency});
    let r = p.put(url(&format!("/api/datasets/{id}"))).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    (id, org, p)
}

/// The showcase `sid` in a list answer, if listed.
fn listed(list: &Value, sid: i64) -> Option<Value> {
    list["showcases"].as_array()?.iter().find(|s| s["showcase"]["id"] == sid).cloned()
}

/// The identifiers of the datasets an item names.
fn dataset_ids(item: &Value) -> Vec<String> {
    item["showcase"]["datasets"].as_array().unwrap().iter().map(|d| d[0].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn each_agency_reviews_only_its_own_datasets_in_a_showcase() {
    // Issue 12: an approval by one agency showed the showcase on another agency's datasets.
    let (ours, _) = own_dataset("xa").await;
    let (theirs, their_org, their_pub) = other_agency_dataset("xb").await;
    let (bystander, _) = user_with_role("xc", "publisher", Some("org-000000000000")).await;
    let (m, _) = user_with_role("xm", "member", None).await;
    let r = m
        .post(url("/api/showcases"))
        .json(&json!({"title": "跨機關 App", "url": "https://example.tw/cross", "datasets": [ours, theirs]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let sid = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // Who may see it while it waits: the agencies it links (each its own part), the submitter, admins.
    let p = publisher().await;
    let mine = listed(&get_json(&p, "/api/showcases?status=pending").await, sid).expect("our agency sees it");
    assert_eq!(dataset_ids(&mine), vec![ours.clone()], "our reviewer sees only our dataset: {mine}");
    assert_eq!(mine["can_review"], true);
    let theirs_item =
        listed(&get_json(&their_pub, "/api/showcases?status=pending").await, sid).expect("their agency sees it");
    assert_eq!(dataset_ids(&theirs_item), vec![theirs.clone()]);
    assert!(listed(&get_json(&bystander, "/api/showcases?status=pending").await, sid).is_none(), "not a third agency");
    let own = listed(&get_json(&m, "/api/showcases?status=pending").await, sid).expect("the submitter sees it");
    assert_eq!(own["can_review"], false);
    assert_eq!(own["showcase"]["links"].as_array().unwrap().len(), 2, "the submitter sees both links: {own}");
    assert!(listed(&get_json(&admin().await, "/api/showcases?status=pending").await, sid).is_some());
    expect_refusal(client().get(url("/api/showcases?status=pending")), 401, "unauthorized").await;
    expect_refusal(
        bystander.post(url(&format!("/api/showcases/{sid}/review"))).json(&json!({"approve": true})),
        403,
        "forbidden",
    )
    .await;

    // Our approval shows it on our dataset only.
    let r = p.post(url(&format!("/api/showcases/{sid}/review"))).json(&json!({"approve": true})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let on_ours = get_json(&client(), &format!("/api/showcases?dataset={ours}")).await;
    assert!(listed(&on_ours, sid).is_some(), "shown on the approving agency's dataset");
    let on_theirs = get_json(&client(), &format!("/api/showcases?dataset={theirs}")).await;
    assert!(listed(&on_theirs, sid).is_none(), "not on the other agency's dataset before it decides: {on_theirs}");
    let public = listed(&get_json(&client(), "/api/showcases").await, sid).expect("public once one agency approves");
    assert_eq!(dataset_ids(&public), vec![ours.clone()], "the public card names only approved links");
    expect_refusal(
        p.post(url(&format!("/api/showcases/{sid}/review"))).json(&json!({"approve": false})),
        409,
        "conflict",
    )
    .await;
    // Still waiting for the other agency, which now decides its part.
    let waiting = listed(&get_json(&their_pub, "/api/showcases?status=pending").await, sid).expect("still theirs");
    assert_eq!(waiting["can_review"], true);
    assert!(listed(&get_json(&p, "/api/showcases?status=pending").await, sid).is_none(), "ours is decided");
    let r = their_pub
        .post(url(&format!("/api/showcases/{sid}/review")))
        .json(&json!({"approve": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(listed(&get_json(&client(), &format!("/api/showcases?dataset={theirs}")).await, sid).is_none());
    let rejected = get_json(&their_pub, "/api/showcases?status=rejected").await;
    assert_eq!(dataset_ids(&listed(&rejected, sid).expect("their rejection is listed")), vec![theirs.clone()]);
    assert!(listed(&get_json(&bystander, "/api/showcases?status=rejected").await, sid).is_none());
    let _ = their_org;
}

/// `n` posts of `body` to `path` by `c` from address `ip`; the statuses.
async fn post_n(c: &reqwest::Client, ip: &str, path: &str, body: &Value, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        let r = c.post(url(path)).header("cf-connecting-ip", ip).json(body).send().await.unwrap();
        out.push(r.status().as_u16());
    }
    out
}

/// A fresh member (a new account: the lower budgets).
async fn fresh_member(tag: &str) -> reqwest::Client {
    user_with_role(tag, "member", None).await.0
}

#[tokio::test]
async fn a_burst_of_feedback_from_one_account_or_one_address_is_cut_off() {
    // Issue 12: eight fresh accounts opened 1,026 feedback threads in 6 seconds.
    let (id, _) = own_dataset("flood").await;
    let path = format!("/api/datasets/{id}/feedback");
    let body = json!({"kind": "question", "title": "洪水", "body": "一再重複的問題。"});
    let ip = unique_ip();
    let a = fresh_member("fla").await;
    let got = post_n(&a, &ip, &path, &body, 4).await;
    assert_eq!(&got[..2], &[201, 201], "a new account may open a couple of threads: {got:?}");
    assert_eq!(got[3], 429, "then it is cut off: {got:?}");
    let refused = a.post(url(&path)).header("cf-connecting-ip", &ip).json(&body).send().await.unwrap();
    expect_error(refused, 429, "throttled").await;
    // Another account, from the same address, still gets through; so does one from elsewhere.
    let b = fresh_member("flb").await;
    assert_eq!(post_n(&b, &ip, &path, &body, 1).await, vec![201]);
    let c = fresh_member("flc").await;
    assert_eq!(post_n(&c, &unique_ip(), &path, &body, 1).await, vec![201]);

    // Many accounts from one address: the address budget stops them too.
    let crowd = unique_ip();
    let mut statuses = Vec::new();
    for i in 0..12 {
        let m = fresh_member(&format!("fl{i}")).await;
        statuses.extend(post_n(&m, &crowd, &path, &body, 2).await);
    }
    assert!(statuses.contains(&429), "one address cannot post without limit: {statuses:?}");
    assert!(statuses.iter().filter(|s| **s == 201).count() >= 10, "but a shared address is not one person");
    let d = fresh_member("fld").await;
    assert_eq!(post_n(&d, &unique_ip(), &path, &body, 1).await, vec![201], "other addresses are unaffected");
}

#[tokio::test]
async fn bursts_of_replies_requests_and_showcases_are_cut_off_per_account() {
    let (id, _) = own_dataset("flood2").await;
    let ip = unique_ip();
    let a = fresh_member("flr").await;
    let r = a
        .post(url(&format!("/api/datasets/{id}/feedback")))
        .header("cf-connecting-ip", &ip)
        .json(&json!({"kind": "question", "title": "追問", "body": "第一則"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let thread = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let replies = post_n(&a, &ip, &format!("/api/feedback/{thread}/replies"), &json!({"body": "再追問"}), 8).await;
    assert_eq!(replies[0], 201);
    assert_eq!(*replies.last().unwrap(), 429, "follow-ups: {replies:?}");
    // The agency's answers are not throttled by the author's burst.
    let r = publisher()
        .await
        .post(url(&format!("/api/feedback/{thread}/replies")))
        .header("cf-connecting-ip", &ip)
        .json(&json!({"body": "機關回覆"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);

    let requests = post_n(&a, &ip, "/api/dataset-requests", &json!({"title": "洪水需求"}), 4).await;
    assert_eq!((requests[0], requests[3]), (201, 429), "requests: {requests:?}");
    let show = json!({"title": "洪水 App", "url": "https://example.tw/flood", "datasets": [id]});
    let showcases = post_n(&a, &ip, "/api/showcases", &show, 4).await;
    assert_eq!((showcases[0], showcases[3]), (201, 429), "showcases: {showcases:?}");
    // A refused or invalid post spends nothing: another account still posts, and bad input is still a 422.
    let b = fresh_member("flr2").await;
    assert_eq!(post_n(&b, &ip, "/api/showcases", &show, 1).await, vec![201]);
    let bad = json!({"title": "", "url": "https://example.tw", "datasets": [id]});
    let c = fresh_member("flr3").await;
    assert_eq!(post_n(&c, &ip, "/api/showcases", &bad, 3).await, vec![422, 422, 422]);
    assert_eq!(post_n(&c, &ip, "/api/showcases", &show, 1).await, vec![201]);
}

#[tokio::test]
async fn an_answer_to_a_request_for_no_agency_is_not_overwritten_by_another_agency() {
    // A request that names no agency may be answered by any publisher; once one
    // agency has answered, another agency cannot replace its answer.
    let (a, _) = user_with_role("ua", "member", None).await;
    let r = a.post(url("/api/dataset-requests")).json(&json!({"title": "未指定機關的需求"})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let x_org = commons_domain::opendata::organization_slug(&clock_tag("回覆機關甲", 7));
    let (x, _) = user_with_role("ux", "publisher", Some(&x_org)).await;
    let (x2, _) = user_with_role("ux2", "publisher", Some(&x_org)).await;
    let (y, _) = user_with_role("uy", "publisher", Some("org-000000000000")).await;
    let answer = |c: &reqwest::Client, status: &str, text: &str| {
        c.post(url(&format!("/api/dataset-requests/{id}/answer"))).json(&json!({"status": status, "answer": text}))
    };
    assert_eq!(answer(&x, "answered", "我們研議中。").send().await.unwrap().status(), 200);
    expect_refusal(answer(&y, "declined", "不提供。"), 409, "conflict").await;
    assert_eq!(
        answer(&x2, "declined", "本機關無此資料。").send().await.unwrap().status(),
        200,
        "a colleague may revise"
    );
    assert_eq!(answer(&admin().await, "answered", "轉請他機關。").send().await.unwrap().status(), 200);
    let list = get_json(&client(), "/api/dataset-requests?sort=newest").await;
    let mine = list["requests"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!((mine["status"].as_str(), mine["answer"].as_str()), (Some("answered"), Some("轉請他機關。")));
}
