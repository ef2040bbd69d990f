//! Earned privileges through the API: editing answers (the author, level 4,
//! moderators; a revision each time, and nothing stored on bad input), the
//! viewer's standing the question page carries, and marking one
//! notification read.

use commons_tests::qa::{answer, ask, member_at_level_4, word};
use commons_tests::*;
use serde_json::{json, Value};

/// `PATCH /api/qa/answers/{id}` by `c` with `body`.
async fn edit(c: &reqwest::Client, id: i64, body: &str) -> reqwest::Response {
    c.patch(url(&format!("/api/qa/answers/{id}"))).json(&json!({"body": body})).send().await.unwrap()
}

/// The revisions of answer `id`, oldest first.
async fn revisions(id: i64) -> Vec<Value> {
    get_json(&client(), &format!("/api/qa/answers/{id}/revisions")).await["revisions"].as_array().cloned().unwrap()
}

/// Answer `id` as its question's page shows it.
async fn shown(q: i64, id: i64) -> Value {
    let page = get_json(&client(), &format!("/api/qa/questions/{q}")).await;
    page["question"]["answers"].as_array().unwrap().iter().find(|a| a["id"] == id).cloned().expect("the answer")
}

#[tokio::test]
async fn privileges_answers_are_edited_by_their_author_level_4_and_moderators_only() {
    let tag = word("aedit");
    let (asker, _) = user_with_role(&format!("{tag}q"), "member", None).await;
    let (author, _) = user_with_role(&format!("{tag}w"), "member", None).await;
    let (newcomer, _) = user_with_role(&format!("{tag}n"), "member", None).await;
    let q = ask(&asker, &format!("{tag} 回答可以修改嗎"), "內容", &["privileges"]).await;
    let a = answer(&author, q, "第一版回答").await;
    assert_eq!(revisions(a).await.len(), 1, "the first version is a revision");

    // Signed out: 401; a level-1 member who did not write it: 403; nothing changes.
    expect_error(edit(&client(), a, "匿名修改").await, 401, "unauthorized").await;
    let refused = expect_error(edit(&newcomer, a, "新手修改").await, 403, "forbidden").await;
    assert!(refused["message"].as_str().unwrap().contains("level 4"), "{refused}");
    // The asker is not the author either.
    expect_error(edit(&asker, a, "提問者修改").await, 403, "forbidden").await;
    // Bad input from the author: 422, and nothing stored.
    expect_error(edit(&author, a, "   ").await, 422, "invalid").await;
    expect_error(edit(&author, a, &"a".repeat(30_001)).await, 422, "invalid").await;
    assert_eq!(revisions(a).await.len(), 1, "refused edits store no revision");
    assert_eq!(shown(q, a).await["body"], "第一版回答");
    // No such answer: 404.
    expect_error(edit(&author, 9_999_999, "不存在").await, 404, "not_found").await;

    // The author edits: the page shows it, rendered, and a second revision.
    let r = edit(&author, a, "第二版：**補充**說明").await;
    assert_eq!(r.status(), 200);
    let v = shown(q, a).await;
    assert_eq!(v["body"], "第二版：**補充**說明");
    assert!(v["body_html"].as_str().unwrap().contains("<strong>補充</strong>"), "{v}");
    assert_eq!(v["revisions"], 2, "{v}");

    // A level-4 member edits someone else's answer; the revision names them.
    let (editor, editor_id, _) = member_at_level_4(&format!("{tag}l")).await;
    let r = edit(&editor, a, "第三版：由編輯修訂").await;
    assert_eq!(r.status(), 200);
    let revs = revisions(a).await;
    assert_eq!(revs.len(), 3, "{revs:?}");
    let editor_name = get_json(&client(), &format!("/api/qa/users/{editor_id}")).await["user"]["name"].clone();
    assert_eq!(revs[2]["author"], editor_name, "{revs:?}");
    assert_eq!(revs[2]["body"], "第三版：由編輯修訂");
    assert_eq!(revs[0]["body"], "第一版回答", "the history keeps every version");

    // A moderator may too.
    let (moderator, _) = user_with_role(&format!("{tag}m"), "moderator", None).await;
    assert_eq!(edit(&moderator, a, "第四版：審核人員修訂").await.status(), 200);
    assert_eq!(shown(q, a).await["revisions"], 4);
}

#[tokio::test]
async fn privileges_the_question_page_carries_the_viewers_standing() {
    let tag = word("viewer");
    let (asker, _) = user_with_role(&format!("{tag}q"), "member", None).await;
    let (member, member_id) = user_with_role(&format!("{tag}m"), "member", None).await;
    let (moderator, _) = user_with_role(&format!("{tag}d"), "moderator", None).await;
    let q = ask(&asker, &format!("{tag} 誰能做什麼"), "內容", &["privileges"]).await;
    let path = format!("/api/qa/questions/{q}");
    assert_eq!(get_json(&client(), &path).await["question"]["viewer"], Value::Null, "signed out: no standing");
    let v = get_json(&member, &path).await["question"]["viewer"].clone();
    assert_eq!(v, json!({"user_id": member_id, "points": 1, "moderator": false}));
    assert_eq!(get_json(&moderator, &path).await["question"]["viewer"]["moderator"], true);
    // What the page then leaves out, the server refuses: a level-1 downvote and comment.
    let r = member.post(url("/api/qa/votes")).json(&json!({"kind": "question", "id": q, "value": -1})).send().await;
    let body = expect_error(r.unwrap(), 403, "forbidden").await;
    assert!(body["message"].as_str().unwrap().contains("level 3"), "{body}");
    let r =
        member.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": q, "body": "留言"})).send().await;
    expect_error(r.unwrap(), 403, "forbidden").await;
}

#[tokio::test]
async fn privileges_one_notification_is_marked_read_by_its_owner_only() {
    let tag = word("nread");
    let (asker, _) = user_with_role(&format!("{tag}q"), "member", None).await;
    let (other, _) = user_with_role(&format!("{tag}o"), "member", None).await;
    let q = ask(&asker, &format!("{tag} 通知"), "內容", &["privileges"]).await;
    answer(&other, q, "回答").await;
    let list = get_json(&asker, "/api/me/notifications").await;
    let unread = list["unread"].as_i64().unwrap();
    assert!(unread >= 2, "the badge and the answer: {list}");
    let n = list["notifications"].as_array().unwrap().iter().find(|n| n["kind"] == "new_answer").cloned().unwrap();
    let id = n["id"].as_i64().unwrap();
    let read = |c: &reqwest::Client, id: i64| c.post(url(&format!("/api/me/notifications/{id}/read"))).send();
    expect_error(read(&client(), id).await.unwrap(), 401, "unauthorized").await;
    expect_error(read(&other, id).await.unwrap(), 404, "not_found").await;
    assert_eq!(get_json(&asker, "/api/me/notifications").await["unread"], unread, "someone else cannot read it");
    assert_eq!(read(&asker, id).await.unwrap().status(), 204);
    let after = get_json(&asker, "/api/me/notifications").await;
    assert_eq!(after["unread"], unread - 1, "{after}");
    let again = after["notifications"].as_array().unwrap().iter().find(|n| n["id"] == id).cloned().unwrap();
    assert_eq!(again["read"], true);
    // Marking it again changes nothing; the others stay unread.
    assert_eq!(read(&asker, id).await.unwrap().status(), 204);
    assert_eq!(get_json(&asker, "/api/me/notifications").await["unread"], unread - 1);
    expect_error(read(&asker, 9_999_999).await.unwrap(), 404, "not_found").await;
}
