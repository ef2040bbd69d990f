//! Instrument booking over real HTTP: the database never double-books, the
//! quota never goes negative, and the lifecycle follows its rules.

use commons_tests::booking::book_final;
use commons_tests::*;
use serde_json::{json, Value};

async fn book(c: &reqwest::Client, instrument: i64, slot: &(String, String), payment: &str) -> reqwest::Response {
    post_booking(c, &booking_req(instrument, slot, payment)).await
}

/// The database-wide invariant query: no overlapping active bookings, and every
/// quota equal to its ledger sum and not negative.
async fn assert_invariants() {
    let v = get_json(&admin().await, "/api/admin/invariants").await;
    assert_eq!(v["overlapping_active_bookings"], 0, "{v}");
    assert_eq!(v["quota_ledger_mismatches"], 0, "{v}");
    assert!(v["bookings_checked"].as_u64().unwrap_or(0) >= 1, "{v}");
}

/// Counts 201s and 409s of kind `refusal`; anything else fails the test.
fn tally(results: Vec<(u16, Value)>, refusal: &str) -> (usize, usize) {
    let (mut ok, mut refused) = (0, 0);
    for (status, body) in results {
        match status {
            201 => ok += 1,
            409 if body["error"] == refusal => refused += 1,
            s => panic!("unexpected {s}: {body}"),
        }
    }
    (ok, refused)
}

#[tokio::test]
async fn centres_and_instruments_are_listed_and_searchable() {
    let centers: Value = get_json(&client(), "/api/centers").await;
    let centers = centers["centers"].as_array().cloned().unwrap_or_default();
    assert!(centers.len() >= 10, "{} centres", centers.len());
    let all = all_instruments().await;
    assert!(all.len() >= 100, "{} instruments", all.len());
    let sum: i64 = centers.iter().map(|c| c["instrument_count"].as_i64().unwrap_or(0)).sum();
    assert_eq!(sum as usize, all.len(), "centre counts add up to the list");

    // A two-character Chinese query finds it inside longer names.
    let v: Value = get_json(&client(), "/api/instruments?q=%E9%A1%AF%E5%BE%AE&per_page=100").await;
    let hits = v["instruments"].as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty());
    for h in &hits {
        let text = format!("{}{}{}", h["name_zh"], h["category"], h["description"]);
        assert!(text.contains("顯微"), "{text}");
    }
    assert_eq!(v["meta"]["total"].as_u64(), Some(hits.len() as u64));

    let v: Value = get_json(&client(), "/api/instruments?center=ncu-opv").await;
    assert!(v["instruments"]
        .as_array()
        .is_some_and(|a| !a.is_empty() && a.iter().all(|i| i["center_id"] == "ncu-opv")));
    expect_refusal(client().get(url("/api/instruments/999999")), 404, "not_found").await;

    // Other agencies' instruments are listed with a link out, and cannot be booked here.
    let v = get_json(&client(), "/api/instruments?center=other-agencies").await;
    let ext = v["instruments"].as_array().cloned().unwrap_or_default();
    assert!(
        !ext.is_empty() && ext.iter().all(|i| i["external_url"].as_str().is_some_and(|u| u.starts_with("https://")))
    );
    let c = client();
    register(&c, &unique_email("ext"), "External", "password-123").await;
    let r = post_booking(&c, &booking_req(ext[0]["id"].as_i64().unwrap(), &weekday_slot(23, 13, 1), "cash")).await;
    expect_error(r, 422, "invalid").await;
}

#[tokio::test]
async fn two_hundred_concurrent_requests_for_one_slot_book_it_exactly_once() {
    let instrument = free_instrument(0).await;
    let slot = weekday_slot(8, 10, 2);
    // 200 different users, signed in before the race starts. Registration runs a
    // 100,000-iteration KDF, so it goes a few at a time: a burst of hundreds would
    // block the local isolate for seconds, and wrangler dev restarts an isolate
    // that stops answering its inspector (a dev-server artefact, not the race under test).
    let mut users = Vec::new();
    for chunk in 0..50 {
        let mut regs = Vec::new();
        for i in 0..4 {
            regs.push(async move {
                let c = client();
                register(&c, &unique_email(&format!("race{chunk}-{i}")), "Racer", "password-123").await;
                c
            });
        }
        users.extend(futures_util::future::join_all(regs).await);
    }
    let req = json!({"instrument_id": instrument, "start": slot.0, "end": slot.1, "payment": "cash"});
    let attempts = users.iter().map(|c| book_final(c, req.clone()));
    let results = futures_util::future::join_all(attempts).await;
    let (ok, taken) = tally(results, "slot_taken");
    assert_eq!((ok, taken), (1, 199));
    // The calendar shows exactly one active booking there.
    let cal: Value =
        get_json(&client(), &format!("/api/instruments/{instrument}/calendar?from={}&to={}", slot.0, slot.1)).await;
    assert_eq!(cal["busy"].as_array().map(Vec::len), Some(1), "{cal}");
    assert_invariants().await;
}

#[tokio::test]
async fn a_pi_groups_concurrent_bookings_never_overdraw_the_quota() {
    // Same-fee hourly instruments without approval or training, so every booking costs the same.
    let candidates = instruments_where(false, false).await;
    let fee = candidates
        .iter()
        .filter(|i| i["fee_unit"] == "hour")
        .map(|i| i["fee_academic"].as_i64().unwrap_or(0))
        .max()
        .unwrap_or(0);
    let same: Vec<i64> = candidates
        .iter()
        .filter(|i| i["fee_unit"] == "hour" && i["fee_academic"].as_i64() == Some(fee))
        .filter_map(|i| i["id"].as_i64())
        .collect();
    assert!(!same.is_empty());
    // 200 distinct half-hour slots across those instruments and the coming weekdays.
    let half_hour = |day: i64, k: i64| {
        let (s, _) = weekday_slot(day, 9, 0);
        let start = commons_domain::common::locale::parse_rfc3339(&s).unwrap_or(0) + k * 1800;
        (commons_domain::common::locale::rfc3339_utc(start), commons_domain::common::locale::rfc3339_utc(start + 1800))
    };
    let mut slots = Vec::new();
    // Weekdays 25-29 belong to this test alone (see the day plan in tests/src/lib.rs).
    let mut day = 25;
    while slots.len() < 200 {
        assert!(day <= 29, "not enough same-fee instruments for 200 distinct slots");
        for id in &same {
            for k in 0..16 {
                slots.push((*id, half_hour(day, k)));
            }
        }
        day += 1;
    }
    slots.truncate(200);
    // A half hour costs half the hourly fee.
    let fee = fee / 2;

    let affordable = 37;
    let quota = fee * affordable + fee / 2; // half a booking left over: not enough for one more
    let (pi, pi_id) = pi_with_quota("pi-race", quota).await;
    // Twenty members and the PI: each makes about ten attempts, well inside the
    // per-member holding limits, so every refusal here is the quota's.
    let mut group = vec![pi];
    for i in 0..20 {
        let c = client();
        let email = unique_email(&format!("member{i}"));
        register(&c, &email, "Member", "password-123").await;
        let r = group[0].post(url("/api/me/group/members")).json(&json!({"email": email})).send().await.unwrap();
        assert_eq!(r.status(), 204);
        group.push(c);
    }
    let attempts = slots.iter().enumerate().map(|(n, (id, slot))| {
        let c = &group[n % group.len()];
        book_final(
            c,
            json!({"instrument_id": id, "start": slot.0, "end": slot.1, "payment": "quota", "pi_user_id": pi_id}),
        )
    });
    let results = futures_util::future::join_all(attempts).await;
    let (ok, refused) = tally(results, "quota_exceeded");
    assert_eq!((ok as i64, refused as i64), (affordable, 200 - affordable));
    let q = send_json(group[0].get(url("/api/me/quota"))).await;
    let q = &q["quotas"][0];
    assert_eq!(q["balance"], q["ledger_sum"], "balance equals the ledger sum");
    assert_invariants().await;
    assert_eq!(q["balance"].as_i64(), Some(fee / 2));
}

#[tokio::test]
async fn approval_flow_and_roles() {
    let inst = instruments_where(true, false).await;
    let i = &inst[0];
    let id = i["id"].as_i64().unwrap();
    let center = i["center_id"].as_str().unwrap().to_string();
    let other_center = if center == "ntu-ic" { "nthu-ic" } else { "ntu-ic" };
    let student = client();
    register(&student, &unique_email("student"), "學生", "password-123").await;
    let r = book(&student, id, &weekday_slot(20, 9, 1), "cash").await;
    assert_eq!(r.status(), 201);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["booking"]["status"], "pending");
    let bid = b["booking"]["id"].as_str().unwrap().to_string();

    // The student cannot confirm; staff of another centre cannot even see it; staff of this centre can.
    expect_refusal(student.post(url(&format!("/api/bookings/{bid}/confirm"))), 403, "forbidden").await;
    let (other, _) = user_with_role("staff-b", "facility_staff", Some(other_center)).await;
    expect_refusal(other.post(url(&format!("/api/bookings/{bid}/confirm"))), 404, "not_found").await;
    let (staff, _) = user_with_role("staff-a", "facility_staff", Some(&center)).await;
    let r = staff.post(url(&format!("/api/bookings/{bid}/confirm"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["booking"]["status"], "confirmed");
    // Confirming twice is a conflict (compare-and-swap on pending).
    expect_refusal(staff.post(url(&format!("/api/bookings/{bid}/confirm"))), 409, "conflict").await;
}

#[tokio::test]
async fn cancelling_frees_the_slot_and_releases_the_quota() {
    let id = free_instrument(1).await;
    let (pi, _) = pi_with_quota("pi-cancel", 100000).await;
    let slot = weekday_slot(21, 13, 2);
    let r = book(&pi, id, &slot, "quota").await;
    assert_eq!(r.status(), 201);
    let b: Value = r.json().await.unwrap();
    let cost = b["booking"]["estimated_cost"].as_i64().unwrap();
    assert!(cost > 0);
    let q: Value = get_json(&pi, "/api/me/quota").await;
    assert_eq!(q["quotas"][0]["balance"].as_i64(), Some(100000 - cost));
    // Someone else is refused the same slot.
    let other = client();
    register(&other, &unique_email("other"), "Other", "password-123").await;
    expect_error(book(&other, id, &slot, "cash").await, 409, "slot_taken").await;
    // Another user cannot cancel it (and cannot see it).
    let bid = b["booking"]["id"].as_str().unwrap().to_string();
    expect_refusal(other.post(url(&format!("/api/bookings/{bid}/cancel"))), 404, "not_found").await;

    let r = pi.post(url(&format!("/api/bookings/{bid}/cancel"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let q: Value = get_json(&pi, "/api/me/quota").await;
    assert_eq!(q["quotas"][0]["balance"].as_i64(), Some(100000), "reservation released");
    assert_eq!(q["quotas"][0]["ledger_sum"].as_i64(), Some(100000));
    // Cancelling twice releases nothing more.
    expect_refusal(pi.post(url(&format!("/api/bookings/{bid}/cancel"))), 409, "conflict").await;
    let q: Value = get_json(&pi, "/api/me/quota").await;
    assert_eq!(q["quotas"][0]["balance"].as_i64(), Some(100000));
    // The slot is free again.
    assert_eq!(book(&other, id, &slot, "cash").await.status(), 201);
}

#[tokio::test]
async fn training_is_required_where_the_instrument_says_so() {
    let inst = instruments_where(false, true).await;
    let i = &inst[0];
    let id = i["id"].as_i64().unwrap();
    let center = i["center_id"].as_str().unwrap();
    let user = client();
    let me = register(&user, &unique_email("trainee"), "Trainee", "password-123").await;
    let slot = weekday_slot(22, 10, 1);
    expect_error(book(&user, id, &slot, "cash").await, 403, "forbidden").await;
    // Staff of another centre cannot record training here; staff of this centre can.
    let (wrong, _) =
        user_with_role("staff-x", "facility_staff", Some(if center == "tmu-ic" { "ntu-ic" } else { "tmu-ic" })).await;
    expect_refusal(
        wrong.post(url(&format!("/api/instruments/{id}/trainings"))).json(&json!({"user_id": me["id"]})),
        403,
        "forbidden",
    )
    .await;
    let (staff, _) = user_with_role("staff-t", "facility_staff", Some(center)).await;
    let r = staff
        .post(url(&format!("/api/instruments/{id}/trainings")))
        .json(&json!({"user_id": me["id"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(book(&user, id, &slot, "cash").await.status(), 201);
}

#[tokio::test]
async fn bad_booking_input_is_refused_and_nothing_is_stored() {
    let id = free_instrument(2).await;
    let c = client();
    register(&c, &unique_email("bad"), "Bad Input", "password-123").await;
    let (s, e) = weekday_slot(23, 10, 1);
    let cases = [
        json!({"instrument_id": id, "start": e, "end": s, "payment": "cash"}),
        json!({"instrument_id": id, "start": s, "end": s, "payment": "cash"}),
        json!({"instrument_id": id, "start": weekday_slot(60, 10, 1).0, "end": weekday_slot(60, 10, 1).1, "payment": "cash"}),
        json!({"instrument_id": 987654, "start": s, "end": e, "payment": "cash"}),
        json!({"instrument_id": id, "start": "tomorrow", "end": e, "payment": "cash"}),
        json!({"instrument_id": id, "start": weekday_slot(23, 7, 1).0, "end": weekday_slot(23, 7, 1).1, "payment": "cash"}),
        json!({"instrument_id": id, "start": s, "end": e, "payment": "bitcoin"}),
    ];
    for body in cases {
        expect_refusal(c.post(url("/api/bookings")).json(&body), 422, "invalid").await;
    }
    // Quota payment without a PI group is refused.
    expect_error(book(&c, id, &(s.clone(), e.clone()), "quota").await, 403, "forbidden").await;
    // Signed out: 401.
    expect_error(book(&client(), id, &(s.clone(), e.clone()), "cash").await, 401, "unauthorized").await;
    let mine: Value = get_json(&c, "/api/me/bookings").await;
    assert_eq!(mine["meta"]["total"], 0, "no refused request stored anything");
    // The slot is still free.
    assert_eq!(book(&c, id, &(s, e), "cash").await.status(), 201);
}

#[tokio::test]
async fn the_calendar_marks_the_viewers_own_bookings() {
    let id = free_instrument(3).await;
    let a = client();
    register(&a, &unique_email("cal"), "Cal", "password-123").await;
    let slot = weekday_slot(24, 14, 1);
    assert_eq!(book(&a, id, &slot, "cash").await.status(), 201);
    let (from, _) = weekday_slot(24, 0, 1);
    let (_, to) = weekday_slot(24, 23, 1);
    let path = format!("/api/instruments/{id}/calendar?from={from}&to={to}");
    let mine = send_json(a.get(url(&path))).await;
    let theirs = send_json(client().get(url(&path))).await;
    assert_eq!(mine["busy"][0]["mine"], true);
    assert_eq!(theirs["busy"][0]["mine"], false);
    assert_eq!(theirs["busy"][0]["start"], slot.0);
    expect_refusal(client().get(url(&format!("/api/instruments/{id}/calendar?from={to}&to={from}"))), 422, "invalid")
        .await;
}
