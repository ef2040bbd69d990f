//! Taking part in open data, in real headless Chromium against the running
//! stack: following a dataset and hearing of its update in the bell,
//! feedback answered by the agency (and the agency's handling figure), star
//! ratings, dataset requests with +1s, showcases approved by the publisher,
//! and screenshots of the pages at desktop and phone width.

use commons_domain::i18n::{tf, Locale};
use commons_tests::browser::{zh, Browser};
use commons_tests::*;
use serde_json::{json, Value};

/// A short suffix no earlier run has used.
fn stamp() -> String {
    clock_tag("", 8)
}

/// A fresh dataset of the demo publisher's agency; returns (identifier, title, body).
async fn own_dataset(tag: &str) -> (String, String, Value) {
    let id = format!("bp-{tag}-{}", stamp());
    let title = format!("參與瀏覽器測試{tag}{}", stamp());
    let body = json!({"identifier": id, "title": title, "organization": "國家發展委員會",
                      "description": "瀏覽器測試用資料集。", "accrual_periodicity": "每月", "keywords": ["測試"]});
    let r = publisher().await.put(url(&format!("/api/datasets/{id}"))).json(&body).send().await.expect("PUT dataset");
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    (id, title, body)
}

/// A new member registered through the form (a fresh account has no notifications).
async fn new_member(b: &Browser, tag: &str) -> String {
    let email = unique_email(tag);
    b.register(&format!("{tag}{}", &stamp()[..4]), &email, "password-123").await;
    email
}

/// Opens a dataset page and waits for its participation bar.
async fn open_dataset(b: &Browser, id: &str, title: &str) {
    b.goto(&format!("/data/datasets/{id}")).await;
    b.wait_text("[data-testid=dataset-title]", |s| s == title).await;
    b.find("[data-testid=rating]").await;
}

/// The feedback-handling stats of the demo agency, from the API.
async fn stats() -> Value {
    get_json(&client(), &format!("/api/organizations/{PUBLISHER_ORG}/feedback-stats")).await
}

#[tokio::test]
async fn a_follower_hears_of_an_update_in_the_bell() {
    let _turn = browser_turn!();
    let (id, title, mut body) = own_dataset("sub").await;
    let b = Browser::open(1280, 900).await;
    new_member(&b, "follower").await;
    open_dataset(&b, &id, &title).await;
    b.wait_attr("[data-testid=subscribe]", "aria-pressed", |s| s == "false").await;
    b.click("[data-testid=subscribe]").await;
    b.wait_attr("[data-testid=subscribe]", "aria-pressed", |s| s == "true").await;
    b.wait_text("[data-testid=subscribe]", |s| s == zh("part.unsubscribe")).await;
    assert!(b.texts("[data-testid=bell-count]").await.is_empty(), "a new account has nothing unread");

    // The agency updates the dataset.
    body["description"] = json!("更新後的說明。");
    let r = publisher().await.put(url(&format!("/api/datasets/{id}"))).json(&body).send().await.expect("update");
    assert_eq!(r.status(), 200);

    b.c.refresh().await.expect("reload");
    b.wait_text("[data-testid=bell-count]", |s| s.trim() == "1").await;
    b.click("[data-testid=bell]").await;
    let expected = format!("「{title}」");
    let text = b.wait_text(".bell-list", |s| s.contains(&expected)).await;
    assert!(text.contains("已更新"), "the dataset_updated text is shown: {text}");
    // The subscription survives a reload.
    b.wait_attr("[data-testid=subscribe]", "aria-pressed", |s| s == "true").await;
    b.close().await;
}

#[tokio::test]
async fn feedback_answered_by_the_agency_turns_replied_and_counts_as_handled() {
    let _turn = browser_turn!();
    let (id, title, _) = own_dataset("fb").await;
    let m = Browser::open(1280, 900).await;
    new_member(&m, "asker").await;
    open_dataset(&m, &id, &title).await;
    let subject = format!("欄位說明不清楚{}", stamp());
    m.fill("[data-testid=feedback-title]", &subject).await;
    m.fill("[data-testid=feedback-body]", "請問 <b>單位</b> 是什麼？").await;
    m.click("[data-testid=feedback-submit]").await;
    m.wait_text("[data-testid=feedback-list]", |s| s.contains(&subject)).await;
    m.wait_text("[data-testid=feedback-status]", |s| s == zh("part.status.open")).await;
    // Text is shown as text.
    let posts = m.text("[data-testid=feedback-post]").await;
    assert!(posts.contains("<b>單位</b>"), "markup is shown literally: {posts}");
    m.close().await;

    let before = stats().await;
    let p = Browser::open(1280, 900).await;
    p.login(PUBLISHER_EMAIL, DEMO_PASSWORD).await;
    open_dataset(&p, &id, &title).await;
    p.wait_text("[data-testid=feedback-status]", |s| s == zh("part.status.open")).await;
    p.fill("[data-testid=reply-body]", "單位為新臺幣千元。").await;
    p.click("[data-testid=reply-submit]").await;
    p.wait_text("[data-testid=feedback-status]", |s| s == zh("part.status.replied")).await;
    p.wait_text("[data-testid=feedback-list]", |s| s.contains(zh("part.agency_reply"))).await;
    p.find("[data-testid=agency-reply]").await;

    // The agency page's handling figure counts the reply.
    let after = stats().await;
    let (threads, handled) = (after["threads"].as_i64().unwrap_or(0), after["handled"].as_i64().unwrap_or(0));
    assert_eq!(handled, before["handled"].as_i64().unwrap_or(0) + 1, "one more handled: {before} → {after}");
    p.goto(&format!("/data/organizations/{PUBLISHER_ORG}")).await;
    let label =
        tf(Locale::ZhTw, "part.handled_of", &[("handled", &handled.to_string()), ("threads", &threads.to_string())]);
    p.wait_text("[data-testid=feedback-handling]", |s| s.contains(&label)).await;
    let rate = after["handled_rate"].as_f64().unwrap_or(0.0);
    p.wait_text("[data-testid=handled-rate]", |s| s == format!("{:.0}%", rate * 100.0)).await;
    let median = p.text("[data-testid=median-reply]").await;
    assert!(!median.is_empty() && median != "—", "a median reply time is shown: {median}");
    p.close().await;
}

#[tokio::test]
async fn rating_requests_and_showcases() {
    let _turn = browser_turn!();
    let (id, title, _) = own_dataset("rate").await;
    let b = Browser::open(1280, 900).await;
    new_member(&b, "rater").await;

    // Rating: 4 stars on a fresh dataset makes the average 4.0 of 1.
    open_dataset(&b, &id, &title).await;
    b.wait_text("[data-testid=rating-average]", |s| s == zh("part.rating_none")).await;
    b.click("label[for=star-4]").await;
    let avg = tf(Locale::ZhTw, "part.rating_avg_n", &[("avg", "4.0"), ("n", "1")]);
    b.wait_text("[data-testid=rating-average]", |s| s == avg).await;
    let checked = b.wait_js("return document.getElementById('star-4').checked", |v| v == &json!(true)).await;
    assert_eq!(checked, json!(true), "the fourth star is the chosen radio");

    // Requests: one member proposes, another +1s it.
    b.goto("/data/requests").await;
    let wanted = format!("各鄉鎮公車站位{}", stamp());
    b.fill("[data-testid=request-title]", &wanted).await;
    b.fill("[data-testid=request-description]", "CSV，含經緯度。").await;
    b.click("[data-testid=request-submit]").await;
    b.wait_text("[data-testid=requests]", |s| s.contains(&wanted)).await;
    let list = get_json(&client(), "/api/dataset-requests?sort=newest").await;
    let rid = list["requests"]
        .as_array()
        .and_then(|l| l.iter().find(|r| r["title"] == wanted.as_str()))
        .and_then(|r| r["id"].as_i64())
        .expect("the request is listed");
    b.logout().await;
    new_member(&b, "seconder").await;
    b.goto("/data/requests").await;
    let card = format!("[data-request='{rid}']");
    b.wait_text(&format!("{card} [data-testid=vote-count]"), |s| s == "0").await;
    b.click(&format!("{card} [data-testid=vote]")).await;
    b.wait_text(&format!("{card} [data-testid=vote-count]"), |s| s == "1").await;
    b.wait_attr(&format!("{card} [data-testid=vote]"), "aria-pressed", |s| s == "true").await;

    // Showcases: a member submits one built on our dataset and another agency's; our
    // publisher sees and decides only our part; the dataset pages follow each agency's decision.
    let agency = format!("瀏覽器審核機關{}", stamp());
    let (other_pub, _) =
        user_with_role("bsp", "publisher", Some(&commons_domain::opendata::organization_slug(&agency))).await;
    let other = format!("bp-other-{}", stamp());
    let other_title = format!("他機關資料集{}", stamp());
    let r = other_pub
        .put(url(&format!("/api/datasets/{other}")))
        .json(&json!({"identifier": other, "title": other_title, "organization": agency}))
        .send()
        .await
        .expect("PUT the other agency's dataset");
    assert_eq!(r.status(), 201);
    b.goto("/data/showcases").await;
    let app = format!("公車到站地圖{}", stamp());
    b.fill("[data-testid=showcase-title]", &app).await;
    b.fill("[data-testid=showcase-url]", "https://example.org/bus").await;
    b.fill("[data-testid=showcase-description]", "用開放資料畫出公車站。").await;
    b.fill("[data-testid=showcase-datasets]", &format!("{id}, {other}")).await;
    b.click("[data-testid=showcase-submit]").await;
    b.find("[data-testid=showcase-done]").await;
    let pending = get_json(&publisher().await, "/api/showcases?status=pending").await;
    let sid = pending["showcases"]
        .as_array()
        .and_then(|l| l.iter().find(|s| s["showcase"]["title"] == app.as_str()))
        .and_then(|s| s["showcase"]["id"].as_i64())
        .expect("the showcase is pending");
    // The submitter sees it waiting, with each agency's part.
    let pend = format!("[data-testid=pending-showcases] [data-showcase='{sid}']");
    b.wait_text(&pend, |s| s.contains(&app)).await;
    let links = b.texts(&format!("{pend} [data-testid=showcase-link][data-status=pending]")).await;
    assert_eq!(links.len(), 2, "both links wait: {links:?}");
    assert!(b.texts(&format!("{pend} [data-testid=approve]")).await.is_empty(), "the submitter cannot approve");
    b.logout().await;
    b.login(PUBLISHER_EMAIL, DEMO_PASSWORD).await;
    b.goto("/data/showcases").await;
    b.wait_text(&pend, |s| s.contains(&title)).await;
    let ours = b.texts(&format!("{pend} [data-testid=showcase-link]")).await;
    assert_eq!(ours.len(), 1, "our reviewer sees only our part: {ours:?}");
    assert!(!b.text(&pend).await.contains(&other_title), "the other agency's dataset is not ours to see");
    b.click(&format!("{pend} [data-testid=approve]")).await;
    b.wait_text("[data-testid=showcases]", |s| s.contains(&app)).await;
    open_dataset(&b, &id, &title).await;
    b.wait_text("[data-testid=dataset-showcases]", |s| s.contains(&app)).await;
    // The other agency has not decided: its dataset does not show the showcase.
    b.goto(&format!("/data/datasets/{other}")).await;
    b.wait_text("[data-testid=dataset-title]", |s| s == other_title).await;
    b.wait_text("[data-testid=no-dataset-showcases]", |s| s == zh("part.no_showcases_here")).await;
    b.close().await;
}

#[tokio::test]
async fn participation_pages_at_desktop_and_phone_width() {
    let _turn = browser_turn!();
    let (id, title, _) = own_dataset("shot").await;
    // A thread with an agency reply, made through the API.
    let member = client();
    register(&member, &unique_email("shot"), "截圖用戶", "password-123").await;
    let r = member
        .post(url(&format!("/api/datasets/{id}/feedback")))
        .json(&json!({"kind": "error", "title": "第 3 列數值錯誤", "body": "2023 年的數值少了一位數。"}))
        .send()
        .await
        .expect("feedback");
    assert_eq!(r.status(), 201);
    let thread = r.json::<Value>().await.unwrap_or(Value::Null)["id"].as_i64().expect("thread id");
    let r = publisher()
        .await
        .post(url(&format!("/api/feedback/{thread}/replies")))
        .json(&json!({"body": "已更正，感謝指正。"}))
        .send()
        .await
        .expect("reply");
    assert_eq!(r.status(), 201);

    for (w, h) in [(1280, 900), (375, 812)] {
        let b = Browser::open(w, h).await;
        new_member(&b, "viewer").await;
        open_dataset(&b, &id, &title).await;
        b.wait_text("[data-testid=feedback-status]", |s| s == zh("part.status.replied")).await;
        let _ = b.c.execute("document.getElementById('feedback-title').scrollIntoView()", vec![]).await;
        b.screenshot(&format!("participation-dataset-{w}")).await;
        assert!(b.fits_width().await, "the dataset page fits {w} px");
        b.assert_accessible(&format!("the dataset page at {w} px")).await;
        b.goto("/data/requests").await;
        b.find("[data-testid=request-form]").await;
        b.find("[data-testid=requests]").await;
        b.screenshot(&format!("participation-requests-{w}")).await;
        assert!(b.fits_width().await, "/data/requests fits {w} px");
        b.assert_accessible(&format!("/data/requests at {w} px")).await;
        b.goto("/data/showcases").await;
        b.find("[data-testid=showcase-form]").await;
        b.find("[data-testid=showcases]").await;
        b.screenshot(&format!("participation-showcases-{w}")).await;
        assert!(b.fits_width().await, "/data/showcases fits {w} px");
        b.assert_accessible(&format!("/data/showcases at {w} px")).await;
        // 開放資料 stays highlighted below /data.
        let active = b
            .wait_js("return document.querySelector('.site-nav a.active')?.getAttribute('href')", |v| {
                v == &json!("/data")
            })
            .await;
        assert_eq!(active, json!("/data"), "開放資料 is the current section");
        b.close().await;
    }
}
