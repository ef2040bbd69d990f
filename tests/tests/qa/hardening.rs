//! Knowledge Q&A under attack (issue 12): hidden posts leak through no route
//! and stay out of every search index, throwaway accounts cannot hide a post,
//! comments, flags and posts are budgeted (and a parallel burst cannot get
//! past a budget), remote images do not load, and parallel accepts and vote
//! changes stay exact.

use commons_tests::*;
use futures_util::future::join_all;
use serde_json::{json, Value};

use commons_tests::qa::{answer, ask, ledger_is_sound, vote, word};

/// A flag on a post, sent from `ip`.
async fn flag(c: &reqwest::Client, kind: &str, id: i64, ip: &str) -> reqwest::Response {
    c.post(url("/api/qa/flags"))
        .header("cf-connecting-ip", ip)
        .json(&json!({"kind": kind, "id": id, "reason": "spam"}))
        .send()
        .await
        .unwrap()
}

/// A comment on a post, sent from `ip`.
async fn comment(c: &reqwest::Client, kind: &str, id: i64, body: &str, ip: &str) -> reqwest::Response {
    c.post(url("/api/qa/comments"))
        .header("cf-connecting-ip", ip)
        .json(&json!({"kind": kind, "id": id, "body": body}))
        .send()
        .await
        .unwrap()
}

async fn points(id: i64) -> i64 {
    get_json(&client(), &format!("/api/qa/users/{id}")).await["user"]["points"].as_i64().unwrap()
}

/// The ids of the questions a search page lists.
async fn search_ids(path: &str, fresh: bool) -> Vec<i64> {
    let mut req = client().get(url(path));
    if fresh {
        req = req.header("cache-control", "no-cache");
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    let v: Value = r.json().await.unwrap();
    v["questions"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect()
}

/// Gives each of `members` `upvotes` answer upvotes (10 points each): they
/// answer a fresh question and fresh voters upvote the answers, at most four
/// times each per member (the ring detector looks at five or more).
async fn earn(members: &[(reqwest::Client, i64)], upvotes: usize, tag: &str) {
    let (asker, _) = user_with_role(&format!("{tag}q"), "member", None).await;
    let q = ask(&asker, &format!("{} 累積點數", word(tag)), "內容", &["points"]).await;
    let per = upvotes.clamp(1, 4);
    let mut answers = Vec::new();
    for (c, _) in members {
        let mut mine = Vec::new();
        for k in 0..per {
            mine.push(answer(c, q, &format!("回答 {k}")).await);
        }
        answers.push(mine);
    }
    for v in 0..upvotes.div_ceil(per) {
        let (voter, _) = user_with_role(&format!("{tag}v{v}"), "member", None).await;
        for mine in &answers {
            for a in mine.iter().take((upvotes - v * per).min(per)) {
                assert_eq!(vote(&voter, "answer", *a, 1).await.status(), 200);
            }
        }
    }
}

/// `n` fresh members with `upvotes` answer upvotes each.
async fn members_with(n: usize, upvotes: usize, tag: &str) -> Vec<(reqwest::Client, i64)> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(user_with_role(&format!("{tag}{i}"), "member", None).await);
    }
    earn(&out, upvotes, tag).await;
    out
}

/// Whether anonymous visitors can open question `q`.
async fn visible(q: i64) -> bool {
    let s = client().get(url(&format!("/api/qa/questions/{q}"))).send().await.unwrap().status().as_u16();
    assert!(s == 200 || s == 404, "question {q}: {s}");
    s == 200
}

/// A question hidden by a moderator's removal: (asker, their id, question, moderator).
async fn hidden_question(tag: &str, title: &str) -> (reqwest::Client, i64, i64, reqwest::Client) {
    let (asker, asker_id) = user_with_role(&format!("{tag}a"), "member", None).await;
    let (moderator, _) = user_with_role(&format!("{tag}m"), "moderator", None).await;
    let q = ask(&asker, title, "原始內容，只有審核人員能看。", &["hidden"]).await;
    let r = moderator
        .post(url("/api/qa/moderation"))
        .json(&json!({"kind": "question", "id": q, "action": "remove"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(!visible(q).await, "removed");
    (asker, asker_id, q, moderator)
}

#[tokio::test]
async fn the_revisions_of_a_hidden_question_are_served_to_moderators_and_its_asker_only() {
    let w = word("hrev");
    let (asker, _, q, moderator) = hidden_question("hrev", &format!("{w} 隱藏的修訂")).await;
    let (member, _) = user_with_role("hrevb", "member", None).await;
    let path = format!("/api/qa/questions/{q}/revisions");
    expect_refusal(client().get(url(&path)), 404, "not_found").await;
    expect_refusal(member.get(url(&path)), 404, "not_found").await;
    for c in [&moderator, &asker] {
        let v = get_json(c, &path).await;
        assert_eq!(v["revisions"].as_array().map(Vec::len), Some(1), "{v}");
    }
}

#[tokio::test]
async fn an_edit_does_not_bring_a_hidden_question_back_into_any_search() {
    let w = word("hidx");
    let w2 = word("hidy");
    let (asker, _) = user_with_role("hidxa", "member", None).await;
    let (moderator, _) = user_with_role("hidxm", "moderator", None).await;
    let q = ask(&asker, &format!("{w} 會被隱藏的問題"), "內容", &["hidden"]).await;
    // Searched (and cached) while visible, by every path of the search.
    let pages = [format!("/api/qa/questions?q={w}"), format!("/api/qa/questions?q={w}&sort=newest")];
    for p in &pages {
        assert_eq!(search_ids(p, false).await, vec![q], "{p}");
    }
    let r = moderator
        .post(url("/api/qa/moderation"))
        .json(&json!({"kind": "question", "id": q, "action": "remove"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // The asker edits it (they may: it is theirs), with a new word.
    let r = asker
        .patch(url(&format!("/api/qa/questions/{q}")))
        .json(&json!({"title": format!("{w} 已編輯 {w2}"), "body": format!("新內容 {w2}"), "tags": ["hidden"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(!visible(q).await, "still hidden after the edit");
    for word in [&w, &w2] {
        for p in [
            format!("/api/qa/questions?q={word}"),
            format!("/api/qa/questions?q={word}&sort=newest"),
            format!("/api/qa/questions?q={word}&sort=votes"),
        ] {
            for fresh in [false, true] {
                assert!(!search_ids(&p, fresh).await.contains(&q), "{p} (fresh: {fresh}) lists the hidden question");
            }
        }
        let s = get_json(&client(), &format!("/api/qa/suggest?title={word}")).await;
        let ids: Vec<i64> = s["questions"].as_array().unwrap().iter().filter_map(|q| q["id"].as_i64()).collect();
        assert!(!ids.contains(&q), "suggest lists the hidden question: {s}");
    }
    ledger_is_sound().await;
}

#[tokio::test]
async fn a_hidden_question_takes_no_answers_comments_flags_or_votes_from_others() {
    let w = word("hact");
    let (_, _, q, moderator) = hidden_question("hact", &format!("{w} 隱藏的問題")).await;
    let (member, _) = user_with_role("hactb", "member", None).await;
    let ip = unique_ip();
    expect_error(flag(&member, "question", q, &ip).await, 404, "not_found").await;
    expect_error(comment(&member, "question", q, "看得到嗎？", &ip).await, 404, "not_found").await;
    expect_error(vote(&member, "question", q, 1).await, 404, "not_found").await;
    expect_refusal(
        member.post(url(&format!("/api/qa/questions/{q}/answers"))).json(&json!({"body": "回答"})),
        404,
        "not_found",
    )
    .await;
    expect_refusal(
        member
            .patch(url(&format!("/api/qa/questions/{q}")))
            .json(&json!({"title": "別人來改隱藏的標題", "body": "x", "tags": ["a"]})),
        404,
        "not_found",
    )
    .await;
    // Closing another question as a duplicate of it names a question that does not exist, for members.
    let (asker2, _) = user_with_role("hactc", "member", None).await;
    let other = ask(&asker2, &format!("{w} 另一個問題"), "內容", &["hidden"]).await;
    let r = moderator
        .post(url(&format!("/api/qa/questions/{other}/duplicate")))
        .json(&json!({"of": q}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "moderators see hidden questions");
}

#[tokio::test]
async fn three_fresh_accounts_cannot_hide_a_post_but_trusted_flaggers_can() {
    let w = word("hflag");
    let (asker, _) = user_with_role("hflaga", "member", None).await;
    let q1 = ask(&asker, &format!("{w} 檢舉一"), "內容", &["flags"]).await;
    let q2 = ask(&asker, &format!("{w} 檢舉二"), "內容", &["flags"]).await;
    let q3 = ask(&asker, &format!("{w} 檢舉三"), "內容", &["flags"]).await;
    // Three throwaway accounts: flagging is an earned privilege.
    let mut fresh_ids = Vec::new();
    for i in 0..3 {
        let (c, id) = user_with_role(&format!("hflagf{i}"), "member", None).await;
        expect_error(flag(&c, "question", q1, &unique_ip()).await, 403, "forbidden").await;
        fresh_ids.push(id);
    }
    assert!(visible(q1).await, "three fresh accounts hid a post");
    let me = get_json(&client(), &format!("/api/qa/users/{}", fresh_ids[0])).await;
    let next: Vec<&str> =
        me["user"]["next_unlocks"].as_array().expect("next_unlocks").iter().filter_map(Value::as_str).collect();
    assert!(next.contains(&"flag"), "the level page says the next level unlocks flagging: {me}");
    // Level 2 (two upvoted answers: 21 points) may flag; three such flags are not enough.
    let level2 = members_with(3, 2, "hflagl").await;
    for (c, id) in &level2 {
        let me = get_json(&client(), &format!("/api/qa/users/{id}")).await["user"].clone();
        assert_eq!(me["level"], 2, "{me}");
        assert!(me["privileges"].as_array().unwrap().iter().any(|p| p == "flag"), "{me}");
        assert_eq!(flag(c, "question", q1, &unique_ip()).await.status(), 201);
    }
    assert!(visible(q1).await, "three level-2 flags weigh less than the threshold");
    // Level 3 (ten upvoted answers: 101 points): three flags hide.
    let level3 = members_with(3, 10, "hflagm").await;
    for (i, (c, id)) in level3.iter().enumerate() {
        assert_eq!(get_json(&client(), &format!("/api/qa/users/{id}")).await["user"]["level"], 3);
        assert!(visible(q2).await, "hidden after {i} level-3 flags");
        assert_eq!(flag(c, "question", q2, &unique_ip()).await.status(), 201);
    }
    assert!(!visible(q2).await, "three level-3 flags hide a post");
    // A moderator's flag hides at once.
    let (moderator, _) = user_with_role("hflagmod", "moderator", None).await;
    assert_eq!(flag(&moderator, "question", q3, &unique_ip()).await.status(), 201);
    assert!(!visible(q3).await, "a moderator's flag hides");
    // Both wait in the moderators' queue.
    let queue = get_json(&moderator, "/api/qa/moderation").await;
    for q in [q1, q2, q3] {
        assert!(queue["queue"].as_array().unwrap().iter().any(|r| r["id"] == q), "{q} queued: {queue}");
    }
    ledger_is_sound().await;
}

#[tokio::test]
async fn comment_and_flag_floods_from_one_account_are_throttled() {
    let w = word("hflood");
    let (asker, _) = user_with_role("hfloodq", "member", None).await;
    let (answerer, _) = user_with_role("hflooda", "member", None).await;
    let q = ask(&asker, &format!("{w} 洪水"), "內容", &["flood"]).await;
    let a = answer(&answerer, q, "回答").await;
    let before = get_json(&answerer, "/api/me/notifications").await["notifications"].as_array().unwrap().len();
    // The asker may comment on their own thread, but a new account gets 4 in ten minutes.
    let ip = unique_ip();
    let mut statuses = Vec::new();
    for i in 0..6 {
        statuses.push(comment(&asker, "answer", a, &format!("留言 {i}"), &ip).await.status().as_u16());
    }
    assert_eq!(statuses, vec![201, 201, 201, 201, 429, 429], "comments");
    let r = comment(&asker, "answer", a, "再一次", &ip).await;
    expect_error(r, 429, "throttled").await;
    let notes = get_json(&answerer, "/api/me/notifications").await;
    let after = notes["notifications"].as_array().unwrap();
    assert_eq!(after.len() - before, 4, "one bell per comment that went through: {notes}");
    // Flags: a new level-2 account gets 2 in ten minutes.
    let flagger = members_with(1, 2, "hfloodf").await.remove(0).0;
    let mut targets = Vec::new();
    for i in 0..3 {
        targets.push(ask(&answerer, &format!("{w} 目標 {i}"), "內容", &["flood"]).await);
    }
    let ip = unique_ip();
    let mut statuses = Vec::new();
    for t in &targets {
        statuses.push(flag(&flagger, "question", *t, &ip).await.status().as_u16());
    }
    assert_eq!(statuses, vec![201, 201, 429], "flags");
}

#[tokio::test]
async fn a_parallel_burst_of_posts_cannot_pass_the_daily_limit() {
    let w = word("hburst");
    let (c, _) = user_with_role("hburst", "member", None).await;
    // A new account (level 1) may ask 5 questions a day.
    let asks = (0..12).map(|i| {
        c.post(url("/api/qa/questions"))
            .json(&json!({"title": format!("{w} 同時提問 {i}"), "body": "內容", "tags": ["burst"]}))
            .send()
    });
    let statuses: Vec<u16> = join_all(asks).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    let created = statuses.iter().filter(|s| **s == 201).count();
    assert_eq!(created, 5, "questions created: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 429), "{statuses:?}");
    let listed = get_json(&client(), &format!("/api/qa/questions?q={w}&per_page=50")).await;
    assert_eq!(listed["meta"]["total"], 5, "{listed}");
    // Questions and answers together: 10 a day, so 5 more answers.
    let q = listed["questions"][0]["id"].as_i64().unwrap();
    let answers = (0..12).map(|i| {
        c.post(url(&format!("/api/qa/questions/{q}/answers"))).json(&json!({"body": format!("回答 {i}")})).send()
    });
    let statuses: Vec<u16> = join_all(answers).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 5, "answers created: {statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 429), "{statuses:?}");
}

#[tokio::test]
async fn remote_images_become_links_and_local_ones_stay_images() {
    let w = word("himg");
    let (a, _) = user_with_role("himg", "member", None).await;
    let body = "![追蹤像素](https://tracker.example/p.gif) ![](https://tracker.example/empty.gif) \
                <img src=\"https://tracker.example/raw.gif\" alt=\"原始\"> ![標誌](/static/logo.png)";
    let q = ask(&a, &format!("{w} 圖片"), body, &["images"]).await;
    let v = get_json(&client(), &format!("/api/qa/questions/{q}")).await;
    let html = v["question"]["body_html"].as_str().unwrap();
    assert!(!html.contains("<img src=\"https://"), "a remote image would load: {html}");
    for (href, text) in [
        ("https://tracker.example/p.gif", "追蹤像素"),
        ("https://tracker.example/empty.gif", "https://tracker.example/empty.gif"),
        ("https://tracker.example/raw.gif", "原始"),
    ] {
        let link = format!(r#"<a href="{href}" rel="nofollow ugc noopener">{text}</a>"#);
        assert!(html.contains(&link), "{link} in {html}");
    }
    assert!(html.contains(r#"<img src="/static/logo.png" alt="標誌">"#), "{html}");
}

#[tokio::test]
async fn parallel_accepts_pay_exactly_once() {
    let w = word("hacc");
    let (asker, asker_id) = user_with_role("hacca", "member", None).await;
    let (b, b_id) = user_with_role("haccb", "member", None).await;
    let (c, c_id) = user_with_role("haccc", "member", None).await;
    let q = ask(&asker, &format!("{w} 同時採納"), "內容", &["accept"]).await;
    let ab = answer(&b, q, "乙的回答").await;
    let ac = answer(&c, q, "丙的回答").await;
    let (pa, pb, pc) = (points(asker_id).await, points(b_id).await, points(c_id).await);
    // Ten parallel accepts of one answer: one accept, one +15, one +2.
    let reqs = (0..10).map(|_| asker.post(url(&format!("/api/qa/answers/{ab}/accept"))).send());
    let statuses: Vec<u16> = join_all(reqs).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!((points(b_id).await, points(asker_id).await), (pb + 15, pa + 2), "paid once");
    let accepted = |v: Value| -> Vec<i64> {
        v["question"]["answers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["accepted"] == true)
            .map(|a| a["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(accepted(get_json(&asker, &format!("/api/qa/questions/{q}")).await), vec![ab]);
    // Parallel accepts of the two answers: one of them ends up accepted, and
    // exactly one +15 (and one +2) stays in the ledger.
    let reqs = (0..12).map(|i| {
        let a = if i % 2 == 0 { ac } else { ab };
        asker.post(url(&format!("/api/qa/answers/{a}/accept"))).send()
    });
    let statuses: Vec<u16> = join_all(reqs).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    let now = accepted(get_json(&asker, &format!("/api/qa/questions/{q}")).await);
    assert_eq!(now.len(), 1, "one accepted answer: {now:?}");
    let gains = (points(b_id).await - pb) + (points(c_id).await - pc);
    assert_eq!(gains, 15, "one live +15 between the two answerers");
    assert_eq!(points(asker_id).await, pa + 2, "one live +2 for the asker");
    ledger_is_sound().await;
}

#[tokio::test]
async fn parallel_vote_changes_keep_the_score_and_the_ledger_exact() {
    let w = word("hvote");
    let (author, author_id) = user_with_role("hvotea", "member", None).await;
    // A moderator may downvote from the start.
    let (voter, _) = user_with_role("hvotev", "moderator", None).await;
    let q = ask(&author, &format!("{w} 同時投票"), "內容", &["votes"]).await;
    assert_eq!(vote(&voter, "question", q, 1).await.status(), 200);
    for round in 0..4 {
        let values = [-1, -1, 0, 1, -1, 0, 1, -1, 1, 0];
        let reqs = values.iter().map(|v| vote(&voter, "question", q, *v));
        let statuses: Vec<u16> = join_all(reqs).await.into_iter().map(|r| r.status().as_u16()).collect();
        assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "round {round}: {statuses:?}");
        let v = get_json(&voter, &format!("/api/qa/questions/{q}")).await["question"].clone();
        assert_eq!(v["score"], v["my_vote"], "round {round}: the score is the one vote: {v}");
        let expected = if v["my_vote"] == 1 { 6 } else { 1 };
        assert_eq!(points(author_id).await, expected, "round {round}: the author's points follow the vote: {v}");
        ledger_is_sound().await;
    }
}
