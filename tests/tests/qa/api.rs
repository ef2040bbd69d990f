//! Knowledge Q&A through the API: the points ledger under a concurrent storm,
//! the rules and caps, the ring detector, search with the FAQ first, and the
//! bad input a member can send.

use commons_tests::*;
use futures_util::future::join_all;
use serde_json::{json, Value};

use commons_tests::qa::{answer, ask, ledger_is_sound, vote, word};

async fn points(id: i64) -> i64 {
    get_json(&client(), &format!("/api/qa/users/{id}")).await["user"]["points"].as_i64().unwrap()
}

#[tokio::test]
async fn a_concurrent_storm_of_votes_undos_and_accepts_keeps_the_ledger_exact() {
    // 12 members, two of them moderators (who may downvote from the start).
    let mut users = Vec::new();
    for i in 0..12 {
        let role = if i < 2 { "moderator" } else { "member" };
        users.push(user_with_role(&format!("storm{i}"), role, None).await);
    }
    let w = word("storm");
    let mut posts: Vec<(&str, i64, usize)> = Vec::new(); // (kind, id, author index)
    let mut questions = Vec::new();
    for (i, (c, _)) in users.iter().enumerate().take(6) {
        let q = ask(c, &format!("{w} 問題 {i}"), "這是一個測試問題。", &["storm"]).await;
        posts.push(("question", q, i));
        questions.push((q, i));
    }
    for (qi, (q, _)) in questions.iter().enumerate() {
        for k in 1..=2 {
            let a = (qi + k * 3) % 12;
            let id = answer(&users[a].0, *q, &format!("回答 {k}")).await;
            posts.push(("answer", id, a));
        }
    }
    // A deterministic pseudo-random storm: 360 actions in waves of 36 concurrent requests.
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut statuses = std::collections::BTreeMap::new();
    for wave in 0..10 {
        let mut reqs = Vec::new();
        // Searches (which fill the search cache) and the askers' edits run
        // among the votes; in the last waves a moderator hides a question
        // while its asker edits it, so a hidden question must stay out of
        // every search index whatever the interleaving.
        for sort in ["relevance", "newest", "votes", "activity"] {
            reqs.push(users[2].0.get(url(&format!("/api/qa/questions?q={w}&sort={sort}"))).send());
        }
        for k in 0..2 {
            let (q, asker) = questions[(wave + k * 3 + 4) % questions.len()];
            let edit =
                json!({"title": format!("{w} 問題 {asker} 改 {wave}"), "body": "改過的內容。", "tags": ["storm"]});
            reqs.push(users[asker].0.patch(url(&format!("/api/qa/questions/{q}"))).json(&edit).send());
        }
        if wave >= 8 {
            let (q, _) = questions[wave - 8];
            let hide = json!({"kind": "question", "id": q, "action": "remove"});
            reqs.push(users[wave - 8].0.post(url("/api/qa/moderation")).json(&hide).send());
        }
        for _ in 0..36 {
            let voter = (next() % 12) as usize;
            let (kind, id, author) = posts[(next() % posts.len() as u64) as usize];
            let action = next() % 10;
            let c = users[voter].0.clone();
            let req = if action == 9 && kind == "answer" {
                // The asker of the answer's question accepts it (others are refused).
                c.post(url(&format!("/api/qa/answers/{id}/accept"))).send()
            } else {
                let value = match action {
                    0..=4 => 1,
                    5 | 6 => -1,
                    _ => 0,
                };
                let _ = author;
                c.post(url("/api/qa/votes")).json(&json!({"kind": kind, "id": id, "value": value})).send()
            };
            reqs.push(req);
        }
        for r in join_all(reqs).await {
            // `wrangler dev`'s proxy sometimes drops a connection under a burst
            // (`IncompleteMessage`); production has no such proxy. Whether that
            // action landed is unknown, which the ledger check below must
            // survive either way, so it is counted as 0 rather than failing.
            let s = match r {
                Ok(r) => r.status().as_u16(),
                Err(e) if e.is_request() || e.is_connect() => {
                    eprintln!("dev proxy dropped a storm connection ({e})");
                    0
                }
                Err(e) => panic!("request: {e}"),
            };
            assert_ne!(s, 500, "a storm request crashed");
            *statuses.entry(s).or_insert(0) += 1;
        }
    }
    eprintln!("storm answers: {statuses:?}");
    assert!(statuses.get(&200).copied().unwrap_or(0) > 150, "most actions went through: {statuses:?}");
    ledger_is_sound().await;
    // And each total equals what the ledger says, user by user.
    for (_, id) in &users {
        assert!(points(*id).await >= 1);
    }
}

#[tokio::test]
async fn self_votes_are_refused_own_accepts_earn_nothing_and_accepts_pay() {
    let (a, a_id) = user_with_role("selfa", "member", None).await;
    let (b, b_id) = user_with_role("selfb", "member", None).await;
    let w = word("self");
    let q = ask(&a, &format!("{w} 怎麼申請資料集"), "請問流程？", &["opendata"]).await;
    let own = answer(&a, q, "我自己找到了。").await;
    let before = points(a_id).await;
    expect_error(vote(&a, "question", q, 1).await, 422, "invalid").await;
    let r = a.post(url(&format!("/api/qa/answers/{own}/accept"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(points(a_id).await, before, "accepting one's own answer earns 0");
    // B answers; A switches the accept to B's answer: B +15, A +2.
    let theirs = answer(&b, q, "到資料開放平臺填寫申請表。").await;
    let b_before = points(b_id).await;
    let r = a.post(url(&format!("/api/qa/answers/{theirs}/accept"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(points(b_id).await, b_before + 15);
    assert_eq!(points(a_id).await, before + 2);
    // Withdrawing takes both back.
    let r = a.delete(url(&format!("/api/qa/answers/{theirs}/accept"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!((points(a_id).await, points(b_id).await), (before, b_before));
    // Only the asker accepts.
    expect_refusal(b.post(url(&format!("/api/qa/answers/{theirs}/accept"))), 403, "forbidden").await;
    ledger_is_sound().await;
}

#[tokio::test]
async fn the_daily_cap_holds_and_accepts_are_exempt() {
    let (author, author_id) = user_with_role("capa", "member", None).await;
    let (asker, _) = user_with_role("capq", "member", None).await;
    let w = word("cap");
    let q = ask(&asker, &format!("{w} 上限測試"), "測試每日上限。", &["cap"]).await;
    let mut answers = Vec::new();
    for i in 0..3 {
        answers.push(answer(&author, q, &format!("回答 {i}")).await);
    }
    let start = points(author_id).await;
    // 7 voters × 3 answers = 21 upvotes × 10 = 210 > the cap of 200.
    for i in 0..7 {
        let (v, _) = user_with_role(&format!("capv{i}"), "member", None).await;
        for a in &answers {
            assert_eq!(vote(&v, "answer", *a, 1).await.status(), 200);
        }
    }
    assert_eq!(points(author_id).await, start + 200, "capped at 200 a day");
    let r = asker.post(url(&format!("/api/qa/answers/{}/accept", answers[0]))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(points(author_id).await, start + 215, "an accept is exempt from the cap");
    let me = get_json(&author, "/api/qa/me").await;
    assert_eq!(me["user"]["level"], 3, "{me}");
    assert!(me["user"]["privileges"].as_array().unwrap().iter().any(|p| p == "downvote"));
    let notes = get_json(&author, "/api/me/notifications").await;
    let kinds: Vec<&str> =
        notes["notifications"].as_array().unwrap().iter().filter_map(|n| n["kind"].as_str()).collect();
    assert!(kinds.contains(&"level_up") && kinds.contains(&"badge") && kinds.contains(&"answer_accepted"), "{kinds:?}");
    ledger_is_sound().await;
}

/// Three new members (`{tag}0` to `{tag}2`) who ask five questions each, titled
/// `{w} {label}{i}-{k}` and tagged `tag`; returns the members and, for each,
/// their questions' ids. The ring test builds its ring and its control group
/// alike, so that only the voting differs.
async fn three_askers(tag: &str, w: &str, label: &str) -> (Vec<(reqwest::Client, i64)>, Vec<Vec<i64>>) {
    let mut users = Vec::new();
    for i in 0..3 {
        users.push(user_with_role(&format!("{tag}{i}"), "member", None).await);
    }
    let mut questions = Vec::new();
    for (i, (c, _)) in users.iter().enumerate() {
        let mut qs = Vec::new();
        for k in 0..5 {
            qs.push(ask(c, &format!("{w} {label}{i}-{k}"), "內容", &[tag]).await);
        }
        questions.push(qs);
    }
    (users, questions)
}

#[tokio::test]
async fn the_ring_detector_reverses_a_ring_and_leaves_ordinary_voting_alone() {
    let w = word("ring");
    // A ring: r0 → r1 → r2 → r0, five upvotes each on the next one's questions
    // (new accounts may ask five questions a day).
    let (ring, ring_q) = three_askers("ring", &w, "環").await;
    // Ordinary voting among three others: each gives the same five upvotes to
    // each of the other two, so no pair holds more than half of anyone's votes.
    let (plain, plain_q) = three_askers("plain", &w, "一般").await;
    for i in 0..3 {
        for q in &ring_q[(i + 1) % 3] {
            assert_eq!(vote(&ring[i].0, "question", *q, 1).await.status(), 200);
        }
        for (j, qs) in plain_q.iter().enumerate() {
            if j != i {
                for q in qs {
                    assert_eq!(vote(&plain[i].0, "question", *q, 1).await.status(), 200);
                }
            }
        }
    }
    let ring_before: Vec<i64> = join_all(ring.iter().map(|(_, id)| points(*id))).await;
    let plain_before: Vec<i64> = join_all(plain.iter().map(|(_, id)| points(*id))).await;
    assert!(ring_before.iter().all(|p| *p == 26), "5 × 5 + 1: {ring_before:?}");
    assert!(plain_before.iter().all(|p| *p == 51), "10 × 5 + 1: {plain_before:?}");
    let r = admin().await.post(url("/api/admin/jobs/rings")).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let ring_after: Vec<i64> = join_all(ring.iter().map(|(_, id)| points(*id))).await;
    let plain_after: Vec<i64> = join_all(plain.iter().map(|(_, id)| points(*id))).await;
    assert_eq!(ring_after, vec![1, 1, 1], "the ring's points are reversed");
    assert_eq!(plain_after, plain_before, "ordinary voting is left alone");
    let log = get_json(&admin().await, "/api/admin/qa/ring-log").await;
    let ids: Vec<i64> = ring.iter().map(|(_, id)| *id).collect();
    let logged: Vec<&Value> =
        log["log"].as_array().unwrap().iter().filter(|l| ids.contains(&l["author_id"].as_i64().unwrap())).collect();
    assert_eq!(logged.len(), 3, "one log row per ring edge: {log}");
    assert!(logged.iter().all(|l| l["reason"].as_str().unwrap().contains("voting ring") && l["reversed"] == 5));
    // Running it again reverses nothing more.
    admin().await.post(url("/api/admin/jobs/rings")).json(&json!({})).send().await.unwrap();
    assert_eq!(join_all(ring.iter().map(|(_, id)| points(*id))).await, vec![1, 1, 1]);
    ledger_is_sound().await;
}

#[tokio::test]
async fn search_finds_two_character_words_ranks_the_faq_first_and_filters() {
    let w = word("srch");
    let (a, _) = user_with_role("srch", "member", None).await;
    let q1 = ask(&a, &format!("國民年金保險費怎麼繳 {w}"), "想知道繳費方式。", &["pension", w.as_str()]).await;
    let q2 = ask(&a, &format!("勞保與國民年金的差別 {w}"), "比較兩者。", &["pension"]).await;
    let (b, _) = user_with_role("srchb", "member", None).await;
    let ans = answer(&b, q1, "可以用超商或轉帳繳納。").await;
    a.post(url(&format!("/api/qa/answers/{ans}/accept"))).send().await.unwrap();
    // Staff write an FAQ entry on the same subject.
    let staff = admin().await;
    let r = staff
        .post(url("/api/qa/faq"))
        .json(&json!({"service": "accounts", "category": "繳費", "title": format!("國民年金繳費常見問題 {w}"), "body": "**超商**、轉帳皆可。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let v = get_json(&client(), &format!("/api/qa/questions?q=年金 {w}")).await;
    assert!(v["faq"].as_array().unwrap().iter().any(|f| f["title"].as_str().unwrap().contains(&w)), "FAQ first: {v}");
    let ids: Vec<i64> = v["questions"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&q1) && ids.contains(&q2), "年金 inside 國民年金: {ids:?}");
    let answered = get_json(&client(), &format!("/api/qa/questions?q={w}&answered=yes")).await;
    let ids: Vec<i64> = answered["questions"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![q1]);
    let open = get_json(&client(), &format!("/api/qa/questions?q={w}&answered=no")).await;
    let ids: Vec<i64> = open["questions"].as_array().unwrap().iter().map(|q| q["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![q2]);
    let tagged = get_json(&client(), &format!("/api/qa/questions?tag={w}")).await;
    assert_eq!(tagged["meta"]["total"], 1);
    let s = get_json(&client(), &format!("/api/qa/suggest?title=年金怎麼繳 {w}")).await;
    assert!(!s["faq"].as_array().unwrap().is_empty() && !s["questions"].as_array().unwrap().is_empty(), "{s}");
}

/// The ids and scores of a search page, and whether it came from the cache.
async fn search_page(path: &str) -> (Vec<(i64, i64)>, String) {
    let r = client().get(url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let how = r.headers().get("x-commons-cache").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let v: Value = r.json().await.unwrap();
    let rows = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["id"].as_i64().unwrap(), q["score"].as_i64().unwrap()))
        .collect();
    (rows, how)
}

#[tokio::test]
async fn a_cached_search_page_never_hides_a_new_question_a_vote_an_accept_or_a_hide() {
    let w = word("cache");
    let (a, _) = user_with_role("cachea", "member", None).await;
    let (b, _) = user_with_role("cacheb", "member", None).await;
    let q1 = ask(&a, &format!("差勤系統補登 {w}"), "補登期限是多久？", &["attendance"]).await;
    let path = format!("/api/qa/questions?q={w}&sort=votes");
    let (first, how) = search_page(&path).await;
    assert_eq!((first, how.as_str()), (vec![(q1, 0)], "miss"));
    let (again, how) = search_page(&path).await;
    assert_eq!((again, how.as_str()), (vec![(q1, 0)], "hit"), "a repeated search is served from the cache");

    // A new matching question shows at once.
    let q2 = ask(&a, &format!("差勤系統請假 {w}"), "請假流程？", &["attendance"]).await;
    let (rows, how) = search_page(&path).await;
    assert_eq!(how, "miss");
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>().len(), 2);
    // A vote reorders the votes sort at once, with the new score.
    assert_eq!(vote(&b, "question", q2, 1).await.status(), 200);
    let (rows, _) = search_page(&path).await;
    assert_eq!(rows, vec![(q2, 1), (q1, 0)]);
    // An accept moves a question between answered and unanswered at once.
    let open = format!("/api/qa/questions?q={w}&answered=no");
    assert_eq!(search_page(&open).await.0.len(), 2);
    let ans = answer(&b, q1, "在差勤系統的補登功能送出即可。").await;
    assert_eq!(a.post(url(&format!("/api/qa/answers/{ans}/accept"))).send().await.unwrap().status(), 200);
    assert_eq!(search_page(&open).await.0, vec![(q2, 1)]);
    // A question hidden by moderation leaves the results at once.
    let staff = admin().await;
    let r = staff
        .post(url("/api/qa/moderation"))
        .json(&json!({"kind": "question", "id": q2, "action": "remove"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(search_page(&open).await.0, Vec::<(i64, i64)>::new());
    // Asking for a fresh page bypasses the cache.
    let r = client().get(url(&path)).header("cache-control", "no-cache").send().await.unwrap();
    assert_eq!(r.headers().get("x-commons-cache").unwrap(), "miss");
}

#[tokio::test]
async fn bad_input_gets_clear_errors_and_changes_nothing() {
    let (a, a_id) = user_with_role("bad", "member", None).await;
    let (b, _) = user_with_role("badb", "member", None).await;
    let w = word("bad");
    let q = ask(&a, &format!("{w} 正常問題"), "內容", &["ok"]).await;
    let before = get_json(&client(), &format!("/api/qa/questions/{q}")).await["question"].clone();
    let post = |c: &reqwest::Client, body: Value| c.post(url("/api/qa/questions")).json(&body);
    expect_refusal(post(&a, json!({"title": "正常的標題", "body": "   ", "tags": ["x"]})), 422, "invalid").await;
    expect_refusal(post(&a, json!({"title": "正常的標題", "body": "a".repeat(30_001), "tags": ["x"]})), 422, "invalid")
        .await;
    expect_refusal(
        post(&a, json!({"title": "正常的標題", "body": "字".repeat(30_000), "tags": ["x"]})),
        413,
        "payload_too_large",
    )
    .await;
    expect_refusal(post(&a, json!({"title": "正常的標題", "body": "b", "tags": ["<script>"]})), 422, "invalid").await;
    expect_refusal(post(&a, json!({"title": "正常的標題", "body": "b", "tags": []})), 422, "invalid").await;
    expect_refusal(client().get(url("/api/qa/questions?tag=no-such-tag-anywhere")), 422, "invalid").await;
    expect_error(vote(&b, "question", 999_999_999, 1).await, 404, "not_found").await;
    expect_error(vote(&b, "answer", q, 2).await, 422, "invalid").await;
    expect_refusal(b.post(url("/api/qa/answers/999999999/accept")), 404, "not_found").await;
    let ans = answer(&b, q, "一個回答").await;
    expect_refusal(b.post(url(&format!("/api/qa/answers/{ans}/accept"))), 403, "forbidden").await;
    expect_refusal(b.post(url(&format!("/api/qa/questions/{q}/answers"))).json(&json!({"body": ""})), 422, "invalid")
        .await;
    // A new member cannot downvote yet.
    expect_error(vote(&b, "question", q, -1).await, 403, "forbidden").await;
    let after = get_json(&client(), &format!("/api/qa/questions/{q}")).await["question"].clone();
    assert_eq!((after["score"].clone(), after["title"].clone()), (before["score"].clone(), before["title"].clone()));
    assert_eq!(after["answers"].as_array().unwrap().len(), 1);
    assert_eq!(points(a_id).await, 1);
}

#[tokio::test]
async fn markdown_is_rendered_safely_with_revisions_and_links() {
    let (a, _) = user_with_role("md", "member", None).await;
    let w = word("md");
    let body = "**重要** `code` [連結](https://example.tw) <script>alert(1)</script> <img src=x onerror=alert(1)> [壞](javascript:alert(1))";
    let q = ask(&a, &format!("{w} Markdown 測試"), body, &["markdown"]).await;
    let v = get_json(&client(), &format!("/api/qa/questions/{q}")).await;
    let html = v["question"]["body_html"].as_str().unwrap();
    assert!(html.contains("<strong>重要</strong>") && html.contains("<code>code</code>"), "{html}");
    assert!(html.contains(r#"rel="nofollow ugc noopener""#), "{html}");
    assert!(!html.contains("<script") && !html.contains("onerror") && !html.contains("javascript:"), "{html}");
    let r = a
        .patch(url(&format!("/api/qa/questions/{q}")))
        .json(&json!({"title": format!("{w} Markdown 測試（已編輯）"), "body": "新內容", "tags": ["markdown"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let revs = get_json(&client(), &format!("/api/qa/questions/{q}/revisions")).await;
    assert_eq!(revs["revisions"].as_array().unwrap().len(), 2);
    let (other, _) = user_with_role("md2", "member", None).await;
    expect_refusal(
        other
            .patch(url(&format!("/api/qa/questions/{q}")))
            .json(&json!({"title": "別人來改標題", "body": "x", "tags": ["a"]})),
        403,
        "forbidden",
    )
    .await;
}
