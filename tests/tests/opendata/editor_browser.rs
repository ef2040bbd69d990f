//! The dataset editor and its review in real headless Chromium, at desktop
//! and phone width: the agency's publisher writes a new dataset with a
//! resource (the domain's validation shows beside the field, in zh-TW and in
//! English), saves a draft and submits it; the agency's reviewer returns it
//! with a comment; the publisher sees the comment, fixes the dataset and
//! submits again; the reviewer approves; the dataset is then found by search,
//! and its page's history shows both versions with a field-by-field diff.

use commons_tests::browser::{en, zh, Browser};
use commons_tests::*;

/// A fresh browser of `w` × `h` signed in as `email` (each role gets its own
/// window, as two people at two desks would).
async fn signed_in(email: &str, w: u32, h: u32) -> Browser {
    let b = Browser::open(w, h).await;
    b.login(email, DEMO_PASSWORD).await;
    b
}

/// Switches the language with the header's button, unfolding the menu first
/// where the width folds it away (phones), and folding it again after.
async fn switch_language(b: &Browser) {
    let hidden = b
        .wait_js("return document.querySelector('[data-testid=lang-switch]').offsetParent === null", |v| v.is_boolean())
        .await;
    let folded = hidden == serde_json::Value::Bool(true);
    if folded {
        b.click(".nav-toggle").await;
        b.wait_js("return document.querySelector('[data-testid=lang-switch]').offsetParent !== null", |v| v == true)
            .await;
    }
    b.click("[data-testid=lang-switch]").await;
    if folded {
        b.click(".nav-toggle").await;
    }
}

/// The publisher writes and submits a new dataset; returns its identifier and title.
async fn write_and_submit(b: &Browser, w: u32) -> (String, String) {
    let id = clock_tag(&format!("edb-{w}-"), 8);
    let title = format!("瀏覽器編輯器{}", clock_tag("", 7));
    b.goto("/data/publisher").await;
    b.find("[data-testid=drafts], [data-testid=drafts-none]").await;
    b.click("a[href='/data/publisher/new']").await;
    b.wait_path("/data/publisher/new").await;
    b.find("[data-testid=editor]").await;
    // The agency is filled in from the publisher's scope.
    b.wait_js("return document.getElementById('f-organization').value", |v| v == "國家發展委員會").await;
    b.fill("#f-identifier", &id).await;
    b.fill("#f-title", &title).await;
    b.fill("#f-description", "以瀏覽器建立的資料集。").await;
    b.fill("#f-keywords", "編輯器, 測試").await;
    b.fill("#f-landing_page", "data.gov.tw/x").await;
    b.click("[data-testid=add-resource]").await;
    b.fill("#f-res-0-description", "每月統計").await;
    b.fill("#f-res-0-format", "csv").await;
    b.fill("#f-res-0-download_url", "https://data.example.gov.tw/monthly.csv").await;

    // A bad address is named beside its field, in both languages, and nothing is saved.
    b.click("[data-testid=save-draft]").await;
    b.wait_text("[data-testid='error-landing_page']", |s| s == zh("edit.err.landing_page")).await;
    b.find("[data-testid=fix-errors]").await;
    assert_eq!(
        b.find("#f-landing_page").await.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true"),
        "the field is marked invalid"
    );
    switch_language(b).await;
    b.wait_text("[data-testid='error-landing_page']", |s| s == en("edit.err.landing_page")).await;
    switch_language(b).await;
    b.wait_text("[data-testid='error-landing_page']", |s| s == zh("edit.err.landing_page")).await;
    let _ = b.c.execute("document.getElementById('f-landing_page').scrollIntoView({block: 'center'})", vec![]).await;
    b.screenshot(&format!("editor-invalid-{w}")).await;
    assert!(b.fits_width().await, "the editor fits {w} px");
    let r = client().get(url(&format!("/api/drafts/{id}"))).send().await.unwrap();
    assert_eq!(r.status(), 401, "the draft API needs a session");

    b.fill("#f-landing_page", "https://data.gov.tw/x").await;
    b.wait_js("return document.querySelector(\"[data-testid='error-landing_page']\") === null", |v| v == true).await;
    b.click("[data-testid=save-draft]").await;
    b.wait_path(&format!("/data/publisher/edit/{id}")).await;
    b.wait_text("[data-testid=draft-state]", |s| s == zh("edit.state.draft")).await;
    // Saved as typed, normalised by the domain.
    b.wait_js("return document.getElementById('f-res-0-format').value", |v| v == "CSV").await;
    b.click("[data-testid=submit-draft]").await;
    b.wait_text("[data-testid=pending]", |s| s == zh("edit.pending_locked")).await;
    (id, title)
}

#[tokio::test]
async fn a_draft_goes_through_review_to_the_catalogue_with_its_history() {
    let _turn = browser_turn!();
    for (w, h) in [(1280, 900), (375, 812)] {
        let b = signed_in(PUBLISHER_EMAIL, w, h).await;
        let (id, title) = write_and_submit(&b, w).await;
        b.close().await;

        // Not public while in review.
        let r = client().get(url(&format!("/api/datasets/{id}"))).send().await.unwrap();
        assert_eq!(r.status(), 404, "a draft has no public page");

        // The reviewer returns it with a comment.
        let b = signed_in(REVIEWER_EMAIL, w, h).await;
        b.goto("/data/review").await;
        b.find(&format!("[data-testid=draft-{id}]")).await;
        b.screenshot(&format!("editor-review-queue-{w}")).await;
        assert!(b.fits_width().await, "the review queue fits {w} px");
        b.click(&format!("[data-testid=draft-{id}] a")).await;
        b.wait_path(&format!("/data/review/{id}")).await;
        b.wait_text("[data-testid=review-dataset]", |s| s == title).await;
        let diff = b.text("[data-testid=diff]").await;
        assert!(diff.contains(&title) && diff.contains("https://data.example.gov.tw/monthly.csv"), "{diff}");
        b.fill("[data-testid=review-comment-input]", "請補上授權方式。").await;
        b.click("[data-testid=return]").await;
        b.wait_text("[data-testid=review-done]", |s| s == zh("review.returned")).await;

        b.close().await;

        // The publisher sees the comment, fixes the dataset and submits again.
        let b = signed_in(PUBLISHER_EMAIL, w, h).await;
        b.goto("/data/publisher").await;
        let row = b.wait_text(&format!("[data-testid=draft-{id}]"), |s| s.contains("請補上授權方式。")).await;
        assert!(row.contains(zh("edit.state.returned")), "{row}");
        b.click(&format!("[data-testid=draft-{id}] a")).await;
        b.wait_text("[data-testid=review-comment]", |s| s.contains("請補上授權方式。")).await;
        b.screenshot(&format!("editor-returned-{w}")).await;
        b.fill("#f-license", "政府資料開放授權條款-第1版").await;
        b.click("[data-testid=save-draft]").await;
        b.wait_text("[data-testid=draft-state]", |s| s == zh("edit.state.draft")).await;
        b.wait_text("[data-testid=saved]", |s| s == zh("edit.saved")).await;
        b.click("[data-testid=submit-draft]").await;
        b.wait_text("[data-testid=pending]", |s| s == zh("edit.pending_locked")).await;

        b.close().await;

        // The reviewer approves.
        let b = signed_in(REVIEWER_EMAIL, w, h).await;
        b.goto(&format!("/data/review/{id}")).await;
        b.wait_text("[data-testid=review-dataset]", |s| s == title).await;
        b.click("[data-testid=approve]").await;
        b.wait_text("[data-testid=review-done]", |s| s == zh("review.approved")).await;

        // Published: found by search, and the page's history compares the two versions.
        b.goto(&format!("/data/search?q={}", pct(&title))).await;
        b.wait_text("[data-testid=results]", |s| s.contains(&title)).await;
        b.click(&format!("[data-testid=results] a[href='/data/datasets/{id}']")).await;
        b.wait_text("[data-testid=dataset-title]", |s| s == title).await;
        let versions = b.wait_text("[data-testid=versions]", |s| s.contains(zh("hist.state.returned"))).await;
        assert!(versions.contains(&zh("hist.version_n").replace("{n}", "2")), "{versions}");
        assert!(versions.contains("請補上授權方式。"), "the returned version keeps its comment: {versions}");
        let license_row = b.text("[data-testid=diff] tr[data-field=license]").await;
        assert!(license_row.contains("政府資料開放授權條款-第1版"), "the diff shows the fixed field: {license_row}");
        assert_eq!(b.texts("[data-testid=diff] tbody tr").await.len(), 1, "only the licence changed");
        let _ = b.c.execute("document.getElementById('history-title').scrollIntoView()", vec![]).await;
        b.screenshot(&format!("editor-history-{w}")).await;
        assert!(b.fits_width().await, "the dataset page with its history fits {w} px");
        b.close().await;
    }
}

/// Percent-encodes a query value.
fn pct(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
