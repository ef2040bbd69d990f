//! Earned privileges on the question page, in headless Chromium at 1280 px
//! and 375 px: a level-1 member is offered no downvote or comment but told
//! which level unlocks them; a level-4 member edits someone else's answer
//! and its history shows the revision; and clicking a notification on the
//! bell marks it read, with badges named in words.

use commons_tests::browser::{zh, Browser};
use commons_tests::qa::{answer, ask, member_at_level_4, word};
use commons_tests::*;
use serde_json::Value;

/// The zh-TW line of `key` for level `n`.
fn unlock(key: &str, n: u8) -> String {
    zh(key).replace("{n}", &n.to_string())
}

/// A question by one fresh member with an answer by another; (question, answer).
async fn thread(tag: &str, answer_text: &str) -> (i64, i64) {
    let (asker, _) = user_with_role(&format!("{tag}q"), "member", None).await;
    let (author, _) = user_with_role(&format!("{tag}w"), "member", None).await;
    let q = ask(&asker, &format!("{tag} 權限與功能"), "想請教大家。", &["privileges"]).await;
    let a = answer(&author, q, answer_text).await;
    (q, a)
}

/// The bell's unread count as the page shows it (0 without a badge).
async fn bell_count(b: &Browser, want: i64) -> i64 {
    let script = "const e = document.querySelector('[data-testid=bell-count]'); return e ? Number(e.textContent) : 0;";
    b.wait_js(script, |v| v.as_i64() == Some(want)).await.as_i64().unwrap_or(-1)
}

async fn a_level_1_member_is_told_what_unlocks_downvote_and_comment(width: u32) {
    let _turn = browser_turn!();
    let tag = word(&format!("lvone{width}"));
    let (q, _) = thread(&tag, "一個回答").await;
    let (_, _, email) = user_with_role_and_email(&format!("{tag}n"), "member", None).await;
    let b = Browser::open(width, 900).await;
    b.login(&email, "password-123").await;
    b.goto(&format!("/qa/questions/{q}")).await;
    let comment = unlock("qa.unlock.comment", 2);
    let downvote = unlock("qa.unlock.downvote", 3);
    let line = b.wait_text("[data-testid=qa-locked]", |s| s.contains(&comment)).await;
    assert!(line.contains(&downvote) && line.contains(&unlock("qa.unlock.edit_others", 4)), "{line}");
    assert!(line.contains("達到 Lv 2 即可留言"), "{line}");
    b.find("[data-testid=qa-answer] [data-testid=vote-up]").await;
    assert!(b.texts("[data-testid=vote-down]").await.is_empty(), "no downvote below level 3");
    assert!(b.texts("[data-testid=comment-open]").await.is_empty(), "no comment form below level 2");
    assert!(b.texts("[data-testid=qa-edit-answer]").await.is_empty(), "no editing others' answers below level 4");
    assert!(b.texts("[data-testid=duplicate-open]").await.is_empty(), "no closing duplicates below level 5");
    assert!(b.fits_width().await, "the page fits {width} px");
    b.screenshot(&format!("qa-privileges-level1-{width}")).await;
    b.close().await;
}

#[tokio::test]
async fn privileges_a_level_1_member_sees_what_unlocks_downvote_and_comment_1280() {
    a_level_1_member_is_told_what_unlocks_downvote_and_comment(1280).await;
}

#[tokio::test]
async fn privileges_a_level_1_member_sees_what_unlocks_downvote_and_comment_375() {
    a_level_1_member_is_told_what_unlocks_downvote_and_comment(375).await;
}

#[tokio::test]
async fn privileges_a_level_4_member_edits_someone_elses_answer_at_1280_and_375() {
    let tag = word("lvfour");
    let (_, _, email) = member_at_level_4(&tag).await;
    for width in [1280, 375] {
        let _turn = browser_turn!();
        let original = format!("原本的回答 {tag} {width}");
        let (q, a) = thread(&format!("{tag}{width}"), &original).await;
        let b = Browser::open(width, 900).await;
        b.login(&email, "password-123").await;
        b.goto(&format!("/qa/questions/{q}")).await;
        let answer_css = format!("[data-testid=qa-answer][data-answer-id='{a}']");
        b.wait_text(&answer_css, |s| s.contains(&original)).await;
        // Level 4 holds comment, downvote and edit; only closing duplicates is still ahead.
        b.find(&format!("{answer_css} [data-testid=vote-down]")).await;
        b.find(&format!("{answer_css} [data-testid=comment-open]")).await;
        let line = b.text("[data-testid=qa-locked]").await;
        assert!(line.contains(&unlock("qa.unlock.close_duplicate", 5)), "{line}");
        assert!(
            !line.contains(&unlock("qa.unlock.comment", 2)) && !line.contains(&unlock("qa.unlock.downvote", 3)),
            "{line}"
        );
        b.click(&format!("{answer_css} [data-testid=qa-edit-answer]")).await;
        let edited = format!("修訂後的回答，補上步驟 {tag} {width}");
        b.fill(&format!("{answer_css} [data-testid=qa-edit-answer-body]"), &edited).await;
        b.click(&format!("{answer_css} [data-testid=qa-edit-answer-save]")).await;
        b.wait_text(&format!("{answer_css} .qa-body"), |s| s.contains(&edited)).await;
        b.click(&format!("{answer_css} [data-testid=qa-answer-history] summary")).await;
        let history = b
            .wait_text(&format!("{answer_css} [data-testid=qa-revision-list]"), |s| {
                s.contains(&edited) && s.contains(&original)
            })
            .await;
        assert!(history.find(&edited) < history.find(&original), "newest first: {history}");
        assert!(b.fits_width().await, "the page fits {width} px");
        b.screenshot(&format!("qa-privileges-edit-answer-{width}")).await;
        b.close().await;
        let revs = get_json(&client(), &format!("/api/qa/answers/{a}/revisions")).await;
        assert_eq!(revs["revisions"].as_array().map(Vec::len), Some(2), "{revs}");
    }
}

async fn clicking_a_notification_marks_it_read(width: u32) {
    let _turn = browser_turn!();
    let tag = word(&format!("bell{width}"));
    let (asker, _, email) = user_with_role_and_email(&format!("{tag}q"), "member", None).await;
    let (other, _) = user_with_role(&format!("{tag}o"), "member", None).await;
    let q = ask(&asker, &format!("{tag} 通知會標為已讀嗎"), "內容", &["privileges"]).await;
    answer(&other, q, "回答來了").await;
    let unread = get_json(&asker, "/api/me/notifications").await["unread"].as_i64().unwrap();
    assert!(unread >= 2, "the first-question badge and the answer");

    let b = Browser::open(width, 900).await;
    b.login(&email, "password-123").await;
    b.goto("/qa").await;
    // On a phone the bell sits in the collapsed menu.
    if width < 800 {
        b.find("[data-testid=bell]").await;
        b.click(".nav-toggle").await;
    }
    assert_eq!(bell_count(&b, unread).await, unread);
    b.click("[data-testid=bell]").await;
    let badge = zh("notify.badge").replace("{badge}", zh("qa.badge.first_question"));
    let list = b.wait_text(".bell-list", |s| s.contains(&badge)).await;
    assert!(!list.contains("first_question"), "the badge is named in words: {list}");
    b.click(&format!(".bell-list a[href='/qa/questions/{q}']")).await;
    b.wait_path(&format!("/qa/questions/{q}")).await;
    assert_eq!(bell_count(&b, unread - 1).await, unread - 1, "the count drops by the one clicked");
    let after = get_json(&asker, "/api/me/notifications").await;
    assert_eq!(after["unread"], unread - 1, "{after}");
    let clicked = after["notifications"].as_array().unwrap().iter().find(|n| n["kind"] == "new_answer");
    assert_eq!(clicked.map(|n| n["read"].clone()), Some(Value::Bool(true)), "{after}");
    b.screenshot(&format!("qa-privileges-bell-{width}")).await;
    b.close().await;
}

#[tokio::test]
async fn privileges_clicking_a_notification_marks_it_read_1280() {
    clicking_a_notification_marks_it_read(1280).await;
}

#[tokio::test]
async fn privileges_clicking_a_notification_marks_it_read_375() {
    clicking_a_notification_marks_it_read(375).await;
}
