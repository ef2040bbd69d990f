//! The dataset editor through the API: drafts are private until a reviewer
//! of the agency approves them (上架 → 審查 → 公開), a published dataset stays
//! live while its edit waits, decisions are races the database settles, and
//! bad input names its field and stores nothing.

use commons_tests::*;
use futures_util::future::join_all;
use serde_json::{json, Value};

/// A fresh identifier and a valid draft body of the demo publisher's agency.
fn new_body(tag: &str) -> (String, Value) {
    let id = clock_tag(&format!("ed-{tag}-"), 8);
    let title = format!("編輯器測試{}", clock_tag("", 6));
    (
        id.clone(),
        json!({"identifier": id, "title": title, "organization": "國家發展委員會", "description": "草稿說明。",
               "keywords": ["草稿"], "resources": [{"description": "檔案", "format": "csv",
               "download_url": "https://example.gov.tw/a.csv"}]}),
    )
}

async fn save(c: &reqwest::Client, id: &str, body: &Value) -> reqwest::Response {
    c.put(url(&format!("/api/drafts/{id}"))).json(body).send().await.expect("save draft")
}

async fn submit(c: &reqwest::Client, id: &str) -> reqwest::Response {
    c.post(url(&format!("/api/drafts/{id}/submit"))).send().await.expect("submit")
}

async fn review(c: &reqwest::Client, id: &str, approve: bool, comment: &str) -> reqwest::Response {
    c.post(url(&format!("/api/drafts/{id}/review")))
        .json(&json!({"approve": approve, "comment": comment}))
        .send()
        .await
        .expect("review")
}

/// Whether an anonymous search for `title` finds dataset `id`.
async fn searchable(id: &str, title: &str) -> bool {
    let v = get_json(&client(), &format!("/api/datasets?q={}&per_page=50", enc(title))).await;
    v["datasets"].as_array().is_some_and(|a| a.iter().any(|d| d["identifier"] == id))
}

/// Percent-encodes a query value.
fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn a_draft_is_private_until_the_reviewer_approves_it() {
    let (id, body) = new_body("flow");
    let title = body["title"].as_str().unwrap().to_string();
    let p = publisher().await;
    let r = save(&p, &id, &body).await;
    assert_eq!(r.status(), 201);
    let d: Value = r.json().await.unwrap();
    assert_eq!(d["state"], "draft");
    assert_eq!(d["revision"], 1);
    assert_eq!(d["published"], false);
    assert_eq!(d["dataset"]["resources"][0]["format"], "CSV", "the domain's validation normalised it");

    // Not public: no page, no search hit, no versions; the draft itself is closed to outsiders.
    expect_refusal(client().get(url(&format!("/api/datasets/{id}"))), 404, "not_found").await;
    expect_refusal(client().get(url(&format!("/api/datasets/{id}/versions"))), 404, "not_found").await;
    assert!(!searchable(&id, &title).await);
    expect_refusal(client().get(url(&format!("/api/drafts/{id}"))), 401, "unauthorized").await;
    let (member, _) = user_with_role("ed-member", "member", None).await;
    expect_refusal(member.get(url(&format!("/api/drafts/{id}"))), 403, "forbidden").await;

    // A publisher cannot approve, even their own.
    assert_eq!(submit(&p, &id).await.status(), 200);
    expect_refusal(p.post(url(&format!("/api/drafts/{id}/review"))).json(&json!({"approve": true})), 403, "forbidden")
        .await;
    // Under review it cannot change, nor be submitted twice.
    expect_refusal(p.put(url(&format!("/api/drafts/{id}"))).json(&body), 409, "conflict").await;
    expect_refusal(p.post(url(&format!("/api/drafts/{id}/submit"))), 409, "conflict").await;

    // The reviewer sees it in the queue and returns it; a return needs a comment.
    let rv = reviewer().await;
    let queue = get_json(&rv, "/api/drafts?state=pending").await;
    assert!(queue["drafts"].as_array().unwrap().iter().any(|d| d["identifier"] == id), "{queue}");
    expect_refusal(rv.post(url(&format!("/api/drafts/{id}/review"))).json(&json!({"approve": false})), 422, "invalid")
        .await;
    let r = review(&rv, &id, false, "請補上授權方式。").await;
    assert_eq!(r.status(), 200);
    let d = get_json(&p, &format!("/api/drafts/{id}")).await;
    assert_eq!(d["state"], "returned");
    assert_eq!(d["comment"], "請補上授權方式。", "the publisher sees the comment");
    assert!(!searchable(&id, &title).await, "a returned draft is not public");

    // Fixed, resubmitted, approved: published, searchable, two versions kept.
    let mut fixed = body.clone();
    fixed["license"] = json!("政府資料開放授權條款-第1版");
    assert_eq!(save(&p, &id, &fixed).await.status(), 200);
    assert_eq!(get_json(&p, &format!("/api/drafts/{id}")).await["revision"], 2);
    assert_eq!(submit(&p, &id).await.status(), 200);
    let r = review(&rv, &id, true, "").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "published");
    let page = get_json(&client(), &format!("/api/datasets/{id}")).await;
    assert_eq!(page["dataset"]["meta"]["license"], "政府資料開放授權條款-第1版");
    assert!(searchable(&id, &title).await);
    expect_refusal(client().get(url(&format!("/api/drafts/{id}"))), 401, "unauthorized").await;
    expect_refusal(p.get(url(&format!("/api/drafts/{id}"))), 404, "not_found").await;
    let public = get_json(&client(), &format!("/api/datasets/{id}/versions")).await;
    let states: Vec<&str> =
        public["versions"].as_array().unwrap().iter().map(|v| v["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["published"], "the public sees published versions only");
    let staff = get_json(&p, &format!("/api/datasets/{id}/versions")).await;
    let revs: Vec<(i64, &str)> = staff["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["revision"].as_i64().unwrap(), v["state"].as_str().unwrap()))
        .collect();
    assert_eq!(revs, [(2, "published"), (1, "returned")]);
}

#[tokio::test]
async fn an_edit_waits_for_review_while_the_published_version_stays_live() {
    let (id, body) = new_body("live");
    let (p, rv) = (publisher().await, reviewer().await);
    save(&p, &id, &body).await;
    submit(&p, &id).await;
    assert_eq!(review(&rv, &id, true, "").await.status(), 200);
    let (member, _) = user_with_role("ed-follow", "member", None).await;
    member.put(url(&format!("/api/datasets/{id}/subscription"))).send().await.unwrap();
    let unread = |c: reqwest::Client| async move { get_json(&c, "/api/me/notifications").await["unread"].clone() };
    let before = unread(member.clone()).await;
    let feed = |id: String| async move {
        client().get(url(&format!("/api/datasets/{id}/feed.atom"))).send().await.unwrap().text().await.unwrap()
    };
    let feed_before = feed(id.clone()).await;

    let mut edit = body.clone();
    edit["title"] = json!(format!("{}（修訂）", body["title"].as_str().unwrap()));
    let r = save(&p, &id, &edit).await;
    assert_eq!(r.status(), 201, "a new draft of a published dataset");
    assert_eq!(r.json::<Value>().await.unwrap()["published"], true);
    submit(&p, &id).await;
    let live = get_json(&client(), &format!("/api/datasets/{id}")).await;
    assert_eq!(live["dataset"]["meta"]["title"], body["title"], "the published version stays live");
    assert_eq!(unread(member.clone()).await, before, "no notification before publication");
    assert_eq!(feed(id.clone()).await, feed_before, "no feed entry before publication");

    assert_eq!(review(&rv, &id, true, "").await.status(), 200);
    let live = get_json(&client(), &format!("/api/datasets/{id}")).await;
    assert_eq!(live["dataset"]["meta"]["title"], edit["title"]);
    assert_ne!(unread(member.clone()).await, before, "subscribers hear of the publication");
    assert_ne!(feed(id.clone()).await, feed_before, "the feed has the publication");
    let v = get_json(&client(), &format!("/api/datasets/{id}/versions")).await;
    assert_eq!(v["versions"].as_array().unwrap().len(), 2, "{v}");
}

#[tokio::test]
async fn other_agencies_cannot_edit_or_review_a_draft() {
    let (id, body) = new_body("other");
    let p = publisher().await;
    save(&p, &id, &body).await;
    let (pub_y, _) = user_with_role("ed-puby", "publisher", Some("org-000000000000")).await;
    let (rev_y, _) = user_with_role("ed-revy", "reviewer", Some("org-000000000000")).await;
    let mut theirs = body.clone();
    theirs["description"] = json!("別的機關想改");
    expect_refusal(pub_y.put(url(&format!("/api/drafts/{id}"))).json(&theirs), 403, "forbidden").await;
    expect_refusal(pub_y.get(url(&format!("/api/drafts/{id}"))), 403, "forbidden").await;
    expect_refusal(pub_y.post(url(&format!("/api/drafts/{id}/submit"))), 403, "forbidden").await;
    submit(&p, &id).await;
    for c in [&pub_y, &rev_y] {
        expect_refusal(
            c.post(url(&format!("/api/drafts/{id}/review"))).json(&json!({"approve": true})),
            403,
            "forbidden",
        )
        .await;
    }
    let listed = get_json(&rev_y, "/api/drafts?state=pending").await;
    assert!(!listed["drafts"].as_array().unwrap().iter().any(|d| d["identifier"] == id), "not in Y's queue");
    let d = get_json(&p, &format!("/api/drafts/{id}")).await;
    assert_eq!(d["state"], "pending");
    assert_eq!(d["dataset"]["description"], body["description"], "nothing changed");
    // A member with no agency role has no drafts at all.
    let (member, _) = user_with_role("ed-nobody", "member", None).await;
    expect_refusal(member.get(url("/api/drafts")), 403, "forbidden").await;
}

#[tokio::test]
async fn two_concurrent_approvals_publish_once() {
    let (id, body) = new_body("race");
    let p = publisher().await;
    save(&p, &id, &body).await;
    submit(&p, &id).await;
    let (rev2, _) = user_with_role("ed-rev2", "reviewer", Some(PUBLISHER_ORG)).await;
    let clients = [reviewer().await, rev2, admin().await, reviewer().await];
    let answers = join_all(clients.iter().map(|c| review(c, &id, true, ""))).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    // The losers see the decision already made (409), or, arriving after it, no draft left (404).
    assert!(statuses.iter().all(|s| [200, 404, 409].contains(s)), "{statuses:?}");
    let v = get_json(&client(), &format!("/api/datasets/{id}/versions")).await;
    assert_eq!(v["versions"].as_array().unwrap().len(), 1, "one publication: {v}");
    let changes =
        client().get(url(&format!("/api/datasets/{id}/feed.atom"))).send().await.unwrap().text().await.unwrap();
    assert_eq!(changes.matches("<entry>").count(), 1, "one feed entry: {changes}");
}

#[tokio::test]
async fn bad_input_is_a_422_naming_the_field_and_nothing_is_stored() {
    let p = publisher().await;
    for (field, value, named) in [
        ("landing_page", json!("javascript:alert(1)"), "landing_page"),
        ("issued", json!("2020-02-31"), "issued"),
        ("title", json!(""), "title"),
        ("number_of_data", json!(-3), "number_of_data"),
    ] {
        let (id, mut body) = new_body("bad");
        body[field] = value;
        let e = expect_refusal(p.put(url(&format!("/api/drafts/{id}"))).json(&body), 422, "invalid").await;
        assert!(e["message"].as_str().unwrap().starts_with(named), "{e}");
        expect_refusal(p.get(url(&format!("/api/drafts/{id}"))), 404, "not_found").await;
    }
    let (id, mut body) = new_body("badres");
    body["resources"][0]["download_url"] = json!("ftp://nope");
    let e = expect_refusal(p.put(url(&format!("/api/drafts/{id}"))).json(&body), 422, "invalid").await;
    assert!(e["message"].as_str().unwrap().starts_with("resources[0].download_url"), "{e}");
    expect_refusal(p.get(url(&format!("/api/drafts/{id}"))), 404, "not_found").await;
    // The URL and the body must name the same dataset.
    let (id, body) = new_body("mismatch");
    expect_refusal(p.put(url(&format!("/api/drafts/{id}-x"))).json(&body), 422, "invalid").await;
    // Not JSON at all.
    let r = p
        .put(url(&format!("/api/drafts/{id}")))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    expect_refusal(p.get(url(&format!("/api/drafts/{id}"))), 404, "not_found").await;
    expect_refusal(p.get(url("/api/drafts?state=weird")), 422, "invalid").await;
}
