//! Booking in the browser: find an instrument, book a free slot, staff
//! confirm it, and a full favourite offers its substitute. Every page names
//! itself in the document title.

use commons_tests::browser::{zh, Browser};
use commons_tests::*;

#[tokio::test]
async fn find_an_instrument_pick_a_free_slot_book_it_and_see_it_on_the_calendar() {
    let _turn = browser_turn!();
    let b = Browser::open(1280, 900).await;
    let email = unique_email("booker");
    b.register("預約測試員", &email, "booking-pass-1").await;

    b.goto("/booking").await;
    b.wait_text("[data-testid=instrument-count]", |s| s.chars().any(|c| c.is_ascii_digit())).await;
    assert_title_starts(&b, zh("nav.booking")).await;
    b.fill("#instrument-q", "拉曼").await;
    b.click(".search-bar button[type=submit]").await;
    b.wait_text("[data-testid=instrument-count]", |s| !s.contains("111")).await;
    let url = b.c.current_url().await.unwrap();
    assert!(url.query().unwrap_or("").contains("q="), "the search is in the URL: {url}");
    let link = b.find(".instrument-card h2 a").await;
    let name = link.text().await.unwrap();
    assert!(name.contains("拉曼"), "{name}");
    link.click().await.unwrap();
    b.wait_text("[data-testid=instrument-name]", |s| s == name).await;
    // The tab names the instrument, so a bookmark or a tab says which one it is.
    assert_title_starts(&b, &name).await;

    // Next week always has free weekday slots inside the horizon.
    b.click("[data-testid=next-week]").await;
    let slot = b.find("[data-testid=slot-free]").await;
    let start = slot.attr("data-start").await.unwrap().unwrap_or_default();
    slot.click().await.unwrap();
    b.find("[data-testid=selected-start]").await;
    b.screenshot("instrument-selected-1280").await;
    b.click("[data-testid=book-submit]").await;
    b.wait_text("[data-testid=booking-done]", |s| !s.is_empty()).await;
    // The calendar now shows the slot as mine, and it is no longer offered.
    b.find("td.slot.mine").await;
    let still_offered = b.c.find(fantoccini::Locator::Css(&format!("[data-start='{start}']"))).await;
    assert!(still_offered.is_err(), "a booked slot must not be offered again");
    b.screenshot("instrument-booked-1280").await;
    // The month view shows the same weeks; a day opens its week again.
    b.click("[data-testid=toggle-month]").await;
    b.wait_text("[data-testid=month-calendar]", |s| !s.is_empty()).await;
    b.screenshot("instrument-month-1280").await;
    b.click("[data-testid=month-calendar] .day-button").await;
    b.find("[data-testid=week-calendar]").await;

    b.goto("/booking/mine").await;
    b.wait_text("[data-testid=my-bookings]", |s| s.contains(&name)).await;
    assert_title_starts(&b, zh("booking.mine")).await;
    b.close().await;
}

/// Waits until the document title is `page · <site name>`, and fails if it never is.
async fn assert_title_starts(b: &Browser, page: &str) {
    let want = format!("{page} · {}", zh("app.name"));
    let title = b.wait_js("return document.title", |v| v.as_str() == Some(want.as_str())).await;
    assert_eq!(title.as_str(), Some(want.as_str()), "the document title");
}

#[tokio::test]
async fn staff_confirm_a_request_and_the_booker_sees_it_on_the_bell() {
    let _turn = browser_turn!();
    let inst = instruments_where(true, false).await;
    let i = &inst[1];
    let (id, center) = (i["id"].as_i64().unwrap(), i["center_id"].as_str().unwrap().to_string());
    let center_name = i["center_name_zh"].as_str().unwrap().to_string();
    let booker = client();
    let booker_email = unique_email("bell");
    register(&booker, &booker_email, "待核准者", "password-123").await;
    let bid = booking_id(&booker, &booking_req(id, &weekday_slot(18, 10, 1), "cash")).await;
    let (staff_api, _, staff_email) = user_with_role_and_email("ui-staff", "facility_staff", Some(&center)).await;

    let b = Browser::open(1280, 900).await;
    b.login(&staff_email, "password-123").await;
    b.goto(&format!("/booking/centers/{center}")).await;
    b.find("[data-testid=center-day]").await;
    assert_title_starts(&b, &center_name).await;
    b.click(&format!("[data-testid=confirm-{bid}]")).await;
    for _ in 0..50 {
        if b.c.find(fantoccini::Locator::Css(&format!("[data-testid=confirm-{bid}]"))).await.is_err() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    b.screenshot("center-day-1280").await;
    let v = get_json(&booker, &format!("/api/bookings/{bid}")).await;
    assert_eq!(v["booking"]["status"], "confirmed");

    // Once the experiment has run and is settled, the same staff page reports it, with a chart.
    // (On the local stack's test clock, an hour after the booking's start.)
    let ran = commons_domain::common::locale::parse_rfc3339(&weekday_slot(18, 11, 0).0).unwrap();
    let r = staff_api
        .post(url(&format!("/api/bookings/{bid}/complete")))
        .header("x-commons-test-now", commons_domain::common::locale::rfc3339_utc(ran))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    b.c.execute("document.getElementById('report-from').value = '2026-01-01'", vec![]).await.unwrap();
    b.c.execute("document.getElementById('report-to').value = '2027-12-31'", vec![]).await.unwrap();
    b.click("[data-testid=report-run]").await;
    b.wait_text("[data-testid=report-table] tfoot", |s| s.contains("合計")).await;
    // The tab names the report run and the centre.
    let kind = b.c.execute("return document.getElementById('report-kind').value", vec![]).await.unwrap();
    let kind = kind.as_str().unwrap_or_default().to_string();
    assert_title_starts(&b, &format!("{} · {center_name}", zh(&format!("report.{kind}")))).await;
    let mut points = serde_json::Value::Null;
    for _ in 0..50 {
        points = b
            .c
            .execute("const c = window.Chart && Chart.getChart('report-chart'); return c ? c.data.datasets[0].data.length : null;", vec![])
            .await
            .unwrap();
        if !points.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let rows =
        b.c.execute("return document.querySelectorAll('[data-testid=report-table] tbody tr').length", vec![])
            .await
            .unwrap();
    let why = b
        .c
        .execute("const c = document.getElementById('report-chart'); return [c && c.getAttribute('data-chart-error'), typeof window.Chart, document.querySelector('meta[name=commons-chart-js]')?.content];", vec![])
        .await
        .unwrap();
    assert_eq!(points, rows, "one bar per report row ({why})");
    assert!(rows.as_u64().unwrap_or(0) >= 1);
    b.screenshot("center-report-1280").await;

    b.logout().await;
    b.login(&booker_email, "password-123").await;
    b.wait_text("[data-testid=bell-count]", |s| s == "1").await;
    b.click("[data-testid=bell]").await;
    b.wait_text(".bell-list", |s| s.contains("已確認")).await;
    b.close().await;
}

#[tokio::test]
async fn a_full_favourite_offers_its_substitute_on_the_page() {
    let _turn = browser_turn!();
    let inst = instruments_where(false, false).await;
    let (fav, sub) = (&inst[14], &inst[15]);
    let me = client();
    let email = unique_email("ui-fav");
    register(&me, &email, "最愛使用者", "password-123").await;
    let r = me
        .put(url(&format!("/api/me/favorites/{}", fav["id"])))
        .json(&serde_json::json!({"substitutes": [sub["id"]]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let slot = weekday_slot(19, 10, 1);
    let other = client();
    register(&other, &unique_email("ui-fav-other"), "Other", "password-123").await;
    booking_id(&other, &booking_req(fav["id"].as_i64().unwrap(), &slot, "cash")).await;

    let b = Browser::open(1280, 900).await;
    b.login(&email, "password-123").await;
    b.goto("/booking").await;
    let start = commons_domain::common::locale::parse_rfc3339(&slot.0).unwrap();
    let local = commons_domain::common::locale::to_taipei(start).unwrap();
    // Chromium's date input takes the digits in the locale's order; set it like a script would.
    b.find("#fav-date").await;
    b.c.execute(&format!("document.getElementById('fav-date').value = '{}'", local.date()), vec![]).await.unwrap();
    let time = format!("{:02}:{:02}", local.hour(), local.minute());
    b.c.execute(&format!("document.getElementById('fav-time').value = '{time}'"), vec![]).await.unwrap();
    b.click("[data-testid=favorites-check]").await;
    let sub_name = sub["name_zh"].as_str().unwrap().to_string();
    b.wait_text("[data-testid=favorites-at]", |s| s.contains(&sub_name)).await;
    b.screenshot("favorite-substitute-1280").await;
    b.close().await;
}
