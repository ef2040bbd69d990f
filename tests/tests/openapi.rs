//! The OpenAPI document matches what the server does: every documented
//! operation is exercised, and each answer's status and body must be the
//! documented ones.

use commons_tests::openapi::OpenApi;
use commons_tests::*;
use serde_json::{json, Value};

async fn body_of(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::Null) })
}

#[tokio::test]
async fn every_documented_operation_answers_as_documented() {
    let api = OpenApi::fetch().await;
    let admin = admin().await;
    let member = client();
    let member_user = register(&member, &unique_email("oa"), "OpenAPI", "password-123").await;
    let id = member_user["id"].as_i64().expect("id");
    let anon = client();

    // (method, template, concrete request) — success and failure answers for each operation.
    let mut probes: Vec<(&str, &str, reqwest::RequestBuilder)> = vec![
        ("get", "/api/health", anon.get(url("/api/health"))),
        ("get", "/api/openapi.json", anon.get(url("/api/openapi.json"))),
        (
            "post",
            "/api/auth/register",
            anon.post(url("/api/auth/register"))
                .json(&json!({"email": unique_email("oa2"), "password": "password-123", "display_name": "OA"})),
        ),
        (
            "post",
            "/api/auth/register",
            anon.post(url("/api/auth/register")).json(&json!({"email": "bad", "password": "x", "display_name": ""})),
        ),
        ("post", "/api/auth/register", anon.post(url("/api/auth/register")).body("{")),
        (
            "post",
            "/api/auth/login",
            anon.post(url("/api/auth/login"))
                .header("cf-connecting-ip", unique_ip())
                .json(&json!({"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})),
        ),
        (
            "post",
            "/api/auth/login",
            anon.post(url("/api/auth/login"))
                .header("cf-connecting-ip", unique_ip())
                .json(&json!({"email": ADMIN_EMAIL, "password": "wrong-password"})),
        ),
        ("get", "/api/auth/me", member.get(url("/api/auth/me"))),
        ("get", "/api/auth/me", client().get(url("/api/auth/me"))),
        ("patch", "/api/auth/me", member.patch(url("/api/auth/me")).json(&json!({"display_name": "OpenAPI 2"}))),
        ("patch", "/api/auth/me", member.patch(url("/api/auth/me")).json(&json!({"locale": "xx"}))),
        ("get", "/api/admin/users", admin.get(url("/api/admin/users?per_page=3"))),
        ("get", "/api/admin/users", member.get(url("/api/admin/users"))),
        (
            "post",
            "/api/admin/users/{id}/roles",
            admin.post(url(&format!("/api/admin/users/{id}/roles"))).json(&json!({"role": "researcher"})),
        ),
        (
            "post",
            "/api/admin/users/{id}/roles",
            admin.post(url("/api/admin/users/99999999/roles")).json(&json!({"role": "researcher"})),
        ),
        (
            "delete",
            "/api/admin/users/{id}/roles",
            admin.delete(url(&format!("/api/admin/users/{id}/roles?role=researcher"))),
        ),
        (
            "delete",
            "/api/admin/users/{id}/roles",
            admin.delete(url(&format!("/api/admin/users/{id}/roles?role=researcher"))),
        ),
    ];
    // Booking: a staff member of the first instrument's centre, a booking to act on.
    let instruments = all_instruments().await;
    let inst = instruments
        .iter()
        .find(|i| i["requires_approval"] == true && i["requires_training"] == false)
        .expect("approval instrument");
    let inst_id = inst["id"].as_i64().expect("id");
    let center = inst["center_id"].as_str().unwrap_or("").to_string();
    let (staff, _) = user_with_role("oa-staff", "facility_staff", Some(&center)).await;
    let (pi, pi_id) = user_with_role("oa-pi", "pi", None).await;
    let slot = weekday_slot(30, 10, 1);
    let created: Value = member
        .post(url("/api/bookings"))
        .json(&json!({"instrument_id": inst_id, "start": slot.0, "end": slot.1, "payment": "cash"}))
        .send()
        .await
        .expect("book")
        .json()
        .await
        .expect("JSON");
    let bid = created["booking"]["id"].as_str().unwrap_or("none").to_string();
    let cal = format!("/api/instruments/{inst_id}/calendar?from={}&to={}", slot.0, slot.1);
    probes.extend([
        ("get", "/api/centers", anon.get(url("/api/centers"))),
        ("get", "/api/instruments", anon.get(url("/api/instruments?q=%E9%A1%AF%E5%BE%AE&per_page=5"))),
        ("get", "/api/instruments", anon.get(url("/api/instruments?page=0"))),
        ("get", "/api/instruments/{id}", anon.get(url(&format!("/api/instruments/{inst_id}")))),
        ("get", "/api/instruments/{id}", anon.get(url("/api/instruments/99999999"))),
        ("get", "/api/instruments/{id}/calendar", member.get(url(&cal))),
        (
            "get",
            "/api/instruments/{id}/calendar",
            anon.get(url(&format!("/api/instruments/{inst_id}/calendar?from=x&to=y"))),
        ),
        (
            "post",
            "/api/instruments/{id}/trainings",
            staff.post(url(&format!("/api/instruments/{inst_id}/trainings"))).json(&json!({"user_id": id})),
        ),
        (
            "post",
            "/api/instruments/{id}/trainings",
            member.post(url(&format!("/api/instruments/{inst_id}/trainings"))).json(&json!({"user_id": id})),
        ),
        (
            "post",
            "/api/bookings",
            member
                .post(url("/api/bookings"))
                .json(&json!({"instrument_id": inst_id, "start": slot.0, "end": slot.1, "payment": "cash"})),
        ),
        (
            "post",
            "/api/bookings",
            member
                .post(url("/api/bookings"))
                .json(&json!({"instrument_id": inst_id, "start": slot.1, "end": slot.0, "payment": "cash"})),
        ),
        ("get", "/api/bookings/{id}", member.get(url(&format!("/api/bookings/{bid}")))),
        ("get", "/api/bookings/{id}", staff.get(url("/api/bookings/nope"))),
        ("post", "/api/bookings/{id}/confirm", member.post(url(&format!("/api/bookings/{bid}/confirm")))),
        ("post", "/api/bookings/{id}/confirm", staff.post(url(&format!("/api/bookings/{bid}/confirm")))),
        ("post", "/api/bookings/{id}/confirm", staff.post(url(&format!("/api/bookings/{bid}/confirm")))),
        ("post", "/api/bookings/{id}/cancel", member.post(url(&format!("/api/bookings/{bid}/cancel")))),
        ("post", "/api/bookings/{id}/cancel", member.post(url(&format!("/api/bookings/{bid}/cancel")))),
        ("get", "/api/me/bookings", member.get(url("/api/me/bookings"))),
        ("get", "/api/me/bookings", anon.get(url("/api/me/bookings"))),
        (
            "post",
            "/api/admin/quota",
            admin.post(url("/api/admin/quota")).json(&json!({"pi_user_id": pi_id, "amount": 5000})),
        ),
        (
            "post",
            "/api/admin/quota",
            admin.post(url("/api/admin/quota")).json(&json!({"pi_user_id": id, "amount": 5000})),
        ),
        (
            "post",
            "/api/admin/quota",
            member.post(url("/api/admin/quota")).json(&json!({"pi_user_id": pi_id, "amount": 5000})),
        ),
        ("get", "/api/me/quota", pi.get(url("/api/me/quota"))),
        (
            "post",
            "/api/me/group/members",
            pi.post(url("/api/me/group/members")).json(&json!({"email": member_user["email"]})),
        ),
        (
            "post",
            "/api/me/group/members",
            pi.post(url("/api/me/group/members")).json(&json!({"email": "nobody@nowhere.tw"})),
        ),
        ("post", "/api/me/group/members", member.post(url("/api/me/group/members")).json(&json!({"email": "x@y.tw"}))),
    ]);
    // Second booking suite: settlement, blackouts, waitlist, favourites, feeds, notifications, jobs.
    let free_inst = instruments
        .iter()
        .find(|i| {
            i["requires_approval"] == false
                && i["requires_training"] == false
                && i["center_id"] == center
                && i["external_url"].is_null()
        })
        .or_else(|| {
            instruments.iter().find(|i| {
                i["requires_approval"] == false && i["requires_training"] == false && i["external_url"].is_null()
            })
        })
        .expect("free instrument");
    let free_id = free_inst["id"].as_i64().expect("id");
    let free_center = free_inst["center_id"].as_str().unwrap_or("").to_string();
    let (staff2, _) = user_with_role("oa-staff2", "facility_staff", Some(&free_center)).await;
    let s2 = weekday_slot(30, 14, 1);
    let b2 = booking_id(&member, &booking_req(free_id, &s2, "cash")).await;
    let s3 = weekday_slot(30, 16, 1);
    let b3 = booking_id(&member, &booking_req(free_id, &s3, "cash")).await;
    let feed: Value = member.get(url("/api/me/calendar-feed")).send().await.expect("feed").json().await.expect("JSON");
    let token = feed["bookings_url"].as_str().unwrap_or("").rsplit('/').nth(1).unwrap_or("").to_string();
    let blackout =
        json!({"start": weekday_slot(29, 9, 0).0, "end": weekday_slot(29, 10, 0).0, "instrument_id": free_id});
    probes.extend([
        (
            "post",
            "/api/bookings/{id}/complete",
            staff2.post(url(&format!("/api/bookings/{b2}/complete"))).json(&json!({})),
        ),
        (
            "post",
            "/api/bookings/{id}/complete",
            staff2.post(url(&format!("/api/bookings/{b2}/complete"))).json(&json!({})),
        ),
        ("post", "/api/bookings/{id}/no-show", staff2.post(url(&format!("/api/bookings/{b3}/no-show")))),
        ("post", "/api/bookings/{id}/no-show", member.post(url(&format!("/api/bookings/{b3}/no-show")))),
        (
            "post",
            "/api/centers/{id}/blackouts",
            staff2.post(url(&format!("/api/centers/{free_center}/blackouts"))).json(&blackout),
        ),
        (
            "post",
            "/api/centers/{id}/blackouts",
            member.post(url(&format!("/api/centers/{free_center}/blackouts"))).json(&blackout),
        ),
        (
            "post",
            "/api/waitlist",
            member.post(url("/api/waitlist")).json(&json!({"instrument_id": free_id, "start": s2.0, "end": s2.1})),
        ),
        (
            "post",
            "/api/waitlist",
            member.post(url("/api/waitlist")).json(&json!({"instrument_id": free_id, "start": "x", "end": s2.1})),
        ),
        ("get", "/api/instruments/{id}/similar", anon.get(url(&format!("/api/instruments/{free_id}/similar")))),
        (
            "put",
            "/api/me/favorites/{id}",
            member.put(url(&format!("/api/me/favorites/{free_id}"))).json(&json!({"substitutes": []})),
        ),
        (
            "put",
            "/api/me/favorites/{id}",
            member.put(url(&format!("/api/me/favorites/{free_id}"))).json(&json!({"substitutes": [free_id]})),
        ),
        ("get", "/api/me/favorites", member.get(url(&format!("/api/me/favorites?start={}&end={}", s2.0, s2.1)))),
        ("get", "/api/me/favorites", member.get(url("/api/me/favorites?start=x"))),
        ("get", "/api/me/quick-instruments", member.get(url("/api/me/quick-instruments"))),
        ("delete", "/api/me/favorites/{id}", member.delete(url(&format!("/api/me/favorites/{free_id}")))),
        ("delete", "/api/me/favorites/{id}", member.delete(url(&format!("/api/me/favorites/{free_id}")))),
        ("get", "/api/me/calendar-feed", member.get(url("/api/me/calendar-feed"))),
        ("get", "/api/ics/{token}/bookings.ics", anon.get(url(&format!("/api/ics/{token}/bookings.ics")))),
        ("get", "/api/ics/{token}/bookings.ics", anon.get(url("/api/ics/nope/bookings.ics"))),
        (
            "get",
            "/api/ics/{token}/instruments/{id}",
            anon.get(url(&format!("/api/ics/{token}/instruments/{free_id}.ics"))),
        ),
        (
            "get",
            "/api/ics/{token}/instruments/{id}",
            anon.get(url(&format!("/api/ics/{token}/instruments/999999.ics"))),
        ),
        ("get", "/api/me/notifications", member.get(url("/api/me/notifications"))),
        ("post", "/api/me/notifications/read", member.post(url("/api/me/notifications/read"))),
        ("post", "/api/admin/jobs/{name}", admin.post(url("/api/admin/jobs/reminders")).json(&json!({}))),
        ("get", "/api/admin/invariants", admin.get(url("/api/admin/invariants"))),
        ("get", "/api/admin/invariants", member.get(url("/api/admin/invariants"))),
        (
            "patch",
            "/api/instruments/{id}",
            staff2.patch(url(&format!("/api/instruments/{free_id}"))).json(&json!({"horizon_days": 60})),
        ),
        (
            "patch",
            "/api/instruments/{id}",
            staff2.patch(url(&format!("/api/instruments/{free_id}"))).json(&json!({"horizon_days": 0})),
        ),
        ("patch", "/api/instruments/{id}", member.patch(url(&format!("/api/instruments/{free_id}"))).json(&json!({}))),
        (
            "get",
            "/api/reports/{kind}",
            staff2.get(url(&format!(
                "/api/reports/instrument_service_stats?center={free_center}&from={}&to={}",
                s2.0, s3.1
            ))),
        ),
        (
            "get",
            "/api/reports/{kind}",
            member.get(url(&format!(
                "/api/reports/instrument_service_stats?center={free_center}&from={}&to={}",
                s2.0, s3.1
            ))),
        ),
        ("get", "/api/centers/{id}/day", anon.get(url(&format!("/api/centers/{free_center}/day?date=2026-12-01")))),
        ("get", "/api/centers/{id}/day", anon.get(url(&format!("/api/centers/{free_center}/day?date=x")))),
        (
            "get",
            "/api/centers/{id}/bookings",
            staff2.get(url(&format!("/api/centers/{free_center}/bookings?status=completed"))),
        ),
        ("get", "/api/centers/{id}/bookings", member.get(url(&format!("/api/centers/{free_center}/bookings")))),
        ("post", "/api/admin/jobs/{name}", admin.post(url("/api/admin/jobs/nope")).json(&json!({}))),
        ("post", "/api/admin/jobs/{name}", member.post(url("/api/admin/jobs/reminders")).json(&json!({}))),
    ]);
    // Open data. (`anon` signed in as admin in a login probe above, so the
    // signed-out probes below use a fresh client.)
    let nobody = client();
    let publisher = publisher().await;
    let ds = publisher_dataset().await;
    let upload = upload_csv(&publisher, &ds, "openapi", "年,值\n2020,1\n2021,2\n".as_bytes().to_vec()).await;
    assert_eq!(upload.status(), 201);
    let res_id = upload.json::<Value>().await.unwrap()["resource"]["id"].as_i64().expect("resource id");
    let nr = no_redirect_client();
    probes.extend([
        ("get", "/api/datasets", nobody.get(url("/api/datasets?q=年金&sort=views&category=公共資訊"))),
        ("get", "/api/datasets", nobody.get(url("/api/datasets?quality=鑽石"))),
        ("get", "/api/datasets", nobody.get(url("/api/datasets?page=100000"))),
        ("get", "/api/datasets", nobody.get(url("/api/datasets?per_page=0"))),
        ("get", "/api/datasets/{id}", nobody.get(url(&format!("/api/datasets/{ds}")))),
        ("get", "/api/datasets/{id}", nobody.get(url("/api/datasets/no-such-dataset"))),
        ("get", "/api/datasets/{id}.jsonld", nobody.get(url(&format!("/api/datasets/{ds}.jsonld")))),
        ("get", "/api/datasets/{id}.jsonld", nobody.get(url("/api/datasets/nope.jsonld"))),
        ("get", "/api/datasets/{id}/feed.atom", nobody.get(url(&format!("/api/datasets/{ds}/feed.atom")))),
        ("get", "/api/datasets/{id}/feed.atom", nobody.get(url("/api/datasets/nope/feed.atom"))),
        ("get", "/api/datasets/{id}/similar", nobody.get(url(&format!("/api/datasets/{ds}/similar")))),
        ("get", "/api/datasets/{id}/similar", nobody.get(url("/api/datasets/nope/similar"))),
        ("get", "/api/catalog.jsonld", nobody.get(url("/api/catalog.jsonld?page=1"))),
        ("get", "/api/catalog.jsonld", nobody.get(url("/api/catalog.jsonld?page=0"))),
        ("get", "/api/catalog.jsonld", nobody.get(url("/api/catalog.jsonld?page=99999"))),
        ("get", "/api/organizations", nobody.get(url("/api/organizations"))),
        ("get", "/api/organizations/{id}", nobody.get(url(&format!("/api/organizations/{PUBLISHER_ORG}")))),
        ("get", "/api/organizations/{id}", nobody.get(url("/api/organizations/org-none"))),
        ("get", "/api/catalogue/stats", nobody.get(url("/api/catalogue/stats"))),
        ("get", "/api/resources/{id}/download", nr.get(url(&format!("/api/resources/{res_id}/download")))),
        ("get", "/api/resources/{id}/download", nr.get(url("/api/resources/x/download"))),
        ("get", "/api/resources/{id}/download", nr.get(url("/api/resources/999999999/download"))),
        (
            "get",
            "/api/resources/{id}/datastore",
            nobody.get(url(&format!("/api/resources/{res_id}/datastore?limit=5"))),
        ),
        (
            "get",
            "/api/resources/{id}/datastore",
            nobody.get(url(&format!("/api/resources/{res_id}/datastore?sort=nope"))),
        ),
        (
            "get",
            "/api/resources/{id}/datastore",
            nobody.get(url(&format!("/api/resources/{res_id}/datastore?limit=0"))),
        ),
        ("get", "/api/resources/{id}/datastore", nobody.get(url("/api/resources/999999999/datastore"))),
        ("get", "/api/resources/{id}/file", nobody.get(url(&format!("/api/resources/{res_id}/file")))),
        ("get", "/api/resources/{id}/file", nobody.get(url("/api/resources/999999999/file"))),
        (
            "post",
            "/api/datasets/{id}/resources",
            publisher
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body("a,b\n1,2,3\n"),
        ),
        (
            "post",
            "/api/datasets/{id}/resources",
            member
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body("a,b\n1,2\n"),
        ),
        (
            "post",
            "/api/datasets/{id}/resources",
            nobody
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body("a,b\n1,2\n"),
        ),
        (
            "post",
            "/api/datasets/{id}/resources",
            publisher.post(url("/api/datasets/nope/resources")).header("content-type", "text/csv").body("a,b\n1,2\n"),
        ),
        (
            "post",
            "/api/datasets/{id}/resources",
            publisher
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body(vec![b'a'; 8 * 1024 * 1024 + 1]),
        ),
        (
            "post",
            "/api/admin/datasets/import",
            admin.post(url("/api/admin/datasets/import")).json(&json!({"source": "seed", "items": [
                {"identifier": "openapi-probe", "title": "OpenAPI 探針資料集", "organization": "測試機關"},
                {"identifier": "Bad Id", "title": "x", "organization": "y"}
            ]})),
        ),
        (
            "post",
            "/api/admin/datasets/import",
            member.post(url("/api/admin/datasets/import")).json(&json!({"source": "seed", "items": []})),
        ),
        (
            "post",
            "/api/admin/datasets/import",
            admin.post(url("/api/admin/datasets/import")).json(&json!({"source": "nope", "items": []})),
        ),
        ("post", "/api/admin/datasets/import", admin.post(url("/api/admin/datasets/import")).body("{")),
        ("get", "/api/3/action/{name}", nobody.get(url("/api/3/action/package_search?q=年金&rows=2"))),
        ("get", "/api/3/action/{name}", nobody.get(url("/api/3/action/package_show?id=no-such"))),
        ("get", "/api/3/action/{name}", nobody.get(url("/api/3/action/no_such_action"))),
        ("get", "/api/3/action/{name}", nobody.get(url("/api/3/action/package_search?fq=secret:1"))),
        ("post", "/api/3/action/{name}", nobody.post(url("/api/3/action/package_show")).json(&json!({"id": ds}))),
        (
            "post",
            "/api/3/action/{name}",
            nobody.post(url("/api/3/action/organization_list")).json(&json!({"all_fields": true})),
        ),
        ("get", "/api/action/{name}", nobody.get(url("/api/action/status_show"))),
        (
            "post",
            "/api/action/{name}",
            nobody
                .post(url("/api/action/datastore_search"))
                .json(&json!({"resource_id": res_id.to_string(), "limit": 1})),
        ),
    ]);
    // Participation.
    let pid = format!(
        "oa-{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 10_000_000
    );
    let pbody = json!({"identifier": pid, "title": "OpenAPI 參與資料集", "organization": "國家發展委員會", "accrual_periodicity": "每日", "modified": "2020-01-01"});
    let created = publisher.put(url(&format!("/api/datasets/{pid}"))).json(&pbody).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let fb: Value = member
        .post(url(&format!("/api/datasets/{pid}/feedback")))
        .json(&json!({"kind": "question", "title": "問", "body": "內容"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let thread = fb["id"].as_i64().expect("thread");
    let rq: Value = member
        .post(url("/api/dataset-requests"))
        .json(&json!({"title": "OpenAPI 需求"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let req_id = rq["id"].as_i64().expect("request");
    let sc: Value = member
        .post(url("/api/showcases"))
        .json(&json!({"title": "OA App", "url": "https://example.tw", "datasets": [pid]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sc_id = sc["id"].as_i64().expect("showcase");
    probes.extend([
        ("put", "/api/datasets/{id}", publisher.put(url(&format!("/api/datasets/{pid}"))).json(&pbody)),
        ("put", "/api/datasets/{id}", member.put(url(&format!("/api/datasets/{pid}"))).json(&pbody)),
        ("put", "/api/datasets/{id}", publisher.put(url("/api/datasets/other-id")).json(&pbody)),
        ("put", "/api/datasets/{id}/subscription", member.put(url(&format!("/api/datasets/{pid}/subscription")))),
        ("put", "/api/datasets/{id}/subscription", nobody.put(url(&format!("/api/datasets/{pid}/subscription")))),
        ("delete", "/api/datasets/{id}/subscription", member.delete(url(&format!("/api/datasets/{pid}/subscription")))),
        ("delete", "/api/datasets/{id}/subscription", member.delete(url("/api/datasets/nope/subscription"))),
        ("get", "/api/datasets/{id}/viewer", member.get(url(&format!("/api/datasets/{pid}/viewer")))),
        ("get", "/api/datasets/{id}/viewer", nobody.get(url("/api/datasets/nope/viewer"))),
        (
            "put",
            "/api/datasets/{id}/rating",
            member.put(url(&format!("/api/datasets/{pid}/rating"))).json(&json!({"stars": 4})),
        ),
        (
            "put",
            "/api/datasets/{id}/rating",
            member.put(url(&format!("/api/datasets/{pid}/rating"))).json(&json!({"stars": 0})),
        ),
        ("get", "/api/datasets/{id}/feedback", nobody.get(url(&format!("/api/datasets/{pid}/feedback")))),
        ("get", "/api/datasets/{id}/feedback", nobody.get(url("/api/datasets/nope/feedback"))),
        (
            "post",
            "/api/datasets/{id}/feedback",
            member
                .post(url(&format!("/api/datasets/{pid}/feedback")))
                .json(&json!({"kind": "suggestion", "title": "建議", "body": "內容"})),
        ),
        (
            "post",
            "/api/datasets/{id}/feedback",
            member
                .post(url(&format!("/api/datasets/{pid}/feedback")))
                .json(&json!({"kind": "x", "title": "", "body": ""})),
        ),
        (
            "post",
            "/api/feedback/{id}/replies",
            publisher.post(url(&format!("/api/feedback/{thread}/replies"))).json(&json!({"body": "回覆"})),
        ),
        (
            "post",
            "/api/feedback/{id}/replies",
            nobody.post(url(&format!("/api/feedback/{thread}/replies"))).json(&json!({"body": "x"})),
        ),
        (
            "post",
            "/api/feedback/{id}/replies",
            publisher.post(url("/api/feedback/999999999/replies")).json(&json!({"body": "x"})),
        ),
        ("post", "/api/feedback/{id}/close", member.post(url(&format!("/api/feedback/{thread}/close")))),
        ("post", "/api/feedback/{id}/close", member.post(url("/api/feedback/999999999/close"))),
        (
            "get",
            "/api/organizations/{id}/feedback-stats",
            nobody.get(url(&format!("/api/organizations/{PUBLISHER_ORG}/feedback-stats"))),
        ),
        (
            "get",
            "/api/organizations/{id}/feedback-stats",
            nobody.get(url("/api/organizations/org-none/feedback-stats")),
        ),
        ("get", "/api/dataset-requests", nobody.get(url("/api/dataset-requests?sort=newest"))),
        ("get", "/api/dataset-requests", nobody.get(url("/api/dataset-requests?sort=best"))),
        (
            "post",
            "/api/dataset-requests",
            member
                .post(url("/api/dataset-requests"))
                .json(&json!({"title": "另一個需求", "organization_id": PUBLISHER_ORG})),
        ),
        ("post", "/api/dataset-requests", member.post(url("/api/dataset-requests")).json(&json!({"title": ""}))),
        ("put", "/api/dataset-requests/{id}/vote", admin.put(url(&format!("/api/dataset-requests/{req_id}/vote")))),
        ("put", "/api/dataset-requests/{id}/vote", admin.put(url("/api/dataset-requests/999999999/vote"))),
        (
            "delete",
            "/api/dataset-requests/{id}/vote",
            admin.delete(url(&format!("/api/dataset-requests/{req_id}/vote"))),
        ),
        (
            "delete",
            "/api/dataset-requests/{id}/vote",
            nobody.delete(url(&format!("/api/dataset-requests/{req_id}/vote"))),
        ),
        (
            "post",
            "/api/dataset-requests/{id}/answer",
            publisher
                .post(url(&format!("/api/dataset-requests/{req_id}/answer")))
                .json(&json!({"status": "answered", "answer": "評估中"})),
        ),
        (
            "post",
            "/api/dataset-requests/{id}/answer",
            member
                .post(url(&format!("/api/dataset-requests/{req_id}/answer")))
                .json(&json!({"status": "answered", "answer": "x"})),
        ),
        (
            "post",
            "/api/dataset-requests/{id}/answer",
            publisher
                .post(url(&format!("/api/dataset-requests/{req_id}/answer")))
                .json(&json!({"status": "maybe", "answer": "x"})),
        ),
        ("get", "/api/showcases", nobody.get(url("/api/showcases"))),
        ("get", "/api/showcases", nobody.get(url("/api/showcases?status=pending"))),
        (
            "post",
            "/api/showcases",
            member
                .post(url("/api/showcases"))
                .json(&json!({"title": "另一個", "url": "https://example.tw/2", "datasets": [pid]})),
        ),
        (
            "post",
            "/api/showcases",
            member.post(url("/api/showcases")).json(&json!({"title": "壞", "url": "ftp://x", "datasets": []})),
        ),
        (
            "post",
            "/api/showcases/{id}/review",
            publisher.post(url(&format!("/api/showcases/{sc_id}/review"))).json(&json!({"approve": true})),
        ),
        (
            "post",
            "/api/showcases/{id}/review",
            publisher.post(url(&format!("/api/showcases/{sc_id}/review"))).json(&json!({"approve": true})),
        ),
        (
            "post",
            "/api/showcases/{id}/review",
            member.post(url("/api/showcases/999999999/review")).json(&json!({"approve": true})),
        ),
        ("get", "/api/publisher/overdue", publisher.get(url("/api/publisher/overdue"))),
        ("get", "/api/publisher/overdue", member.get(url("/api/publisher/overdue"))),
    ]);
    // Knowledge Q&A.
    let (asker, _) = user_with_role("oaq", "member", None).await;
    let (answerer, answerer_id) = user_with_role("oaa", "member", None).await;
    let moderator = user_with_role("oam", "moderator", None).await.0;
    let qtag = format!(
        "oa{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() % 100_000_000
    );
    let qbody = json!({"title": "OpenAPI 問答測試", "body": "**內容**", "tags": [qtag]});
    let qv: Value = asker.post(url("/api/qa/questions")).json(&qbody).send().await.unwrap().json().await.unwrap();
    let qid = qv["id"].as_i64().expect("question id");
    let q2: Value = asker
        .post(url("/api/qa/questions"))
        .json(&json!({"title": "另一個問答測試", "body": "x", "tags": [qtag]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let qid2 = q2["id"].as_i64().expect("question id");
    let av: Value = answerer
        .post(url(&format!("/api/qa/questions/{qid}/answers")))
        .json(&json!({"body": "回答"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let aid = av["id"].as_i64().expect("answer id");
    probes.extend([
        ("get", "/api/qa/questions", nobody.get(url(&format!("/api/qa/questions?q=問答&tag={qtag}")))),
        ("get", "/api/qa/questions", nobody.get(url("/api/qa/questions?tag=no-such-tag-anywhere"))),
        ("get", "/api/qa/questions", nobody.get(url("/api/qa/questions?page=0"))),
        ("get", "/api/qa/questions", nobody.get(url("/api/qa/questions?page=99999"))),
        ("post", "/api/qa/questions", asker.post(url("/api/qa/questions")).json(&json!({"title": "第三個問答測試", "body": "y", "tags": [qtag]}))),
        ("post", "/api/qa/questions", asker.post(url("/api/qa/questions")).json(&json!({"title": "x", "body": "", "tags": []}))),
        ("post", "/api/qa/questions", nobody.post(url("/api/qa/questions")).json(&qbody)),
        ("post", "/api/qa/questions", asker.post(url("/api/qa/questions")).body("{")),
        ("post", "/api/qa/questions", asker.post(url("/api/qa/questions")).json(&json!({"title": "大", "body": "字".repeat(30_000), "tags": ["a"]}))),
        ("get", "/api/qa/questions/{id}", nobody.get(url(&format!("/api/qa/questions/{qid}")))),
        ("get", "/api/qa/questions/{id}", nobody.get(url("/api/qa/questions/999999999"))),
        ("get", "/api/qa/questions/{id}", nobody.get(url("/api/qa/questions/abc"))),
        ("patch", "/api/qa/questions/{id}", asker.patch(url(&format!("/api/qa/questions/{qid}"))).json(&qbody)),
        ("patch", "/api/qa/questions/{id}", answerer.patch(url(&format!("/api/qa/questions/{qid}"))).json(&qbody)),
        ("patch", "/api/qa/questions/{id}", nobody.patch(url(&format!("/api/qa/questions/{qid}"))).json(&qbody)),
        ("patch", "/api/qa/questions/{id}", asker.patch(url("/api/qa/questions/999999999")).json(&qbody)),
        ("patch", "/api/qa/questions/{id}", asker.patch(url(&format!("/api/qa/questions/{qid}"))).json(&json!({"title": "", "body": "", "tags": []}))),
        ("get", "/api/qa/questions/{id}/revisions", nobody.get(url(&format!("/api/qa/questions/{qid}/revisions")))),
        ("get", "/api/qa/questions/{id}/revisions", nobody.get(url("/api/qa/questions/999999999/revisions"))),
        ("post", "/api/qa/questions/{id}/answers", answerer.post(url(&format!("/api/qa/questions/{qid2}/answers"))).json(&json!({"body": "另一個回答"}))),
        ("post", "/api/qa/questions/{id}/answers", answerer.post(url(&format!("/api/qa/questions/{qid}/answers"))).json(&json!({"body": ""}))),
        ("post", "/api/qa/questions/{id}/answers", answerer.post(url("/api/qa/questions/999999999/answers")).json(&json!({"body": "x"}))),
        ("post", "/api/qa/questions/{id}/answers", nobody.post(url(&format!("/api/qa/questions/{qid}/answers"))).json(&json!({"body": "x"}))),
        ("post", "/api/qa/questions/{id}/duplicate", moderator.post(url(&format!("/api/qa/questions/{qid2}/duplicate"))).json(&json!({"of": qid}))),
        ("post", "/api/qa/questions/{id}/duplicate", answerer.post(url(&format!("/api/qa/questions/{qid2}/duplicate"))).json(&json!({"of": qid}))),
        ("post", "/api/qa/questions/{id}/duplicate", moderator.post(url(&format!("/api/qa/questions/{qid2}/duplicate"))).json(&json!({"of": qid2}))),
        ("post", "/api/qa/questions/{id}/duplicate", moderator.post(url("/api/qa/questions/999999999/duplicate")).json(&json!({"of": qid}))),
        ("post", "/api/qa/comments", asker.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": "補充說明"}))),
        ("post", "/api/qa/comments", member.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": "路人留言"}))),
        ("post", "/api/qa/comments", asker.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": ""}))),
        ("post", "/api/qa/comments", asker.post(url("/api/qa/comments")).json(&json!({"kind": "answer", "id": 999_999_999, "body": "x"}))),
        ("post", "/api/qa/comments", nobody.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": "x"}))),
        ("post", "/api/qa/votes", asker.post(url("/api/qa/votes")).json(&json!({"kind": "answer", "id": aid, "value": 1}))),
        ("post", "/api/qa/votes", answerer.post(url("/api/qa/votes")).json(&json!({"kind": "answer", "id": aid, "value": 1}))),
        ("post", "/api/qa/votes", member.post(url("/api/qa/votes")).json(&json!({"kind": "question", "id": qid, "value": -1}))),
        ("post", "/api/qa/votes", member.post(url("/api/qa/votes")).json(&json!({"kind": "question", "id": 999_999_999, "value": 1}))),
        ("post", "/api/qa/votes", nobody.post(url("/api/qa/votes")).json(&json!({"kind": "question", "id": qid, "value": 1}))),
        ("post", "/api/qa/votes", member.post(url("/api/qa/votes")).body("{")),
        ("post", "/api/qa/answers/{id}/accept", asker.post(url(&format!("/api/qa/answers/{aid}/accept")))),
        ("post", "/api/qa/answers/{id}/accept", answerer.post(url(&format!("/api/qa/answers/{aid}/accept")))),
        ("post", "/api/qa/answers/{id}/accept", nobody.post(url(&format!("/api/qa/answers/{aid}/accept")))),
        ("post", "/api/qa/answers/{id}/accept", asker.post(url("/api/qa/answers/999999999/accept"))),
        ("post", "/api/qa/answers/{id}/accept", asker.post(url("/api/qa/answers/x/accept"))),
        ("post", "/api/qa/answers/{id}/promote", admin.post(url(&format!("/api/qa/answers/{aid}/promote"))).json(&json!({"service": "qa", "category": "測試"}))),
        ("post", "/api/qa/answers/{id}/promote", admin.post(url(&format!("/api/qa/answers/{aid}/promote"))).json(&json!({"service": "qa", "category": "測試"}))),
        ("post", "/api/qa/answers/{id}/promote", member.post(url(&format!("/api/qa/answers/{aid}/promote"))).json(&json!({"service": "qa", "category": "測試"}))),
        ("post", "/api/qa/answers/{id}/promote", admin.post(url("/api/qa/answers/999999999/promote")).json(&json!({"service": "qa", "category": "測試"}))),
        ("post", "/api/qa/answers/{id}/promote", admin.post(url(&format!("/api/qa/answers/{aid}/promote"))).json(&json!({"service": "nope", "category": "測試"}))),
        ("post", "/api/qa/answers/{id}/promote", nobody.post(url(&format!("/api/qa/answers/{aid}/promote"))).json(&json!({"service": "qa", "category": "測試"}))),
        ("delete", "/api/qa/answers/{id}/accept", asker.delete(url(&format!("/api/qa/answers/{aid}/accept")))),
        ("delete", "/api/qa/answers/{id}/accept", asker.delete(url(&format!("/api/qa/answers/{aid}/accept")))),
        ("post", "/api/qa/flags", member.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "spam"}))),
        ("post", "/api/qa/flags", member.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "spam"}))),
        ("post", "/api/qa/flags", member.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "meh"}))),
        ("post", "/api/qa/flags", member.post(url("/api/qa/flags")).json(&json!({"kind": "answer", "id": 999_999_999, "reason": "spam"}))),
        ("post", "/api/qa/flags", nobody.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "spam"}))),
        ("get", "/api/qa/moderation", moderator.get(url("/api/qa/moderation"))),
        ("get", "/api/qa/moderation", member.get(url("/api/qa/moderation"))),
        ("get", "/api/qa/moderation", nobody.get(url("/api/qa/moderation"))),
        ("post", "/api/qa/moderation", moderator.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": qid2, "action": "restore"}))),
        ("post", "/api/qa/moderation", moderator.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": qid2, "action": "burn"}))),
        ("post", "/api/qa/moderation", moderator.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": 999_999_999, "action": "restore"}))),
        ("post", "/api/qa/moderation", member.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": qid2, "action": "restore"}))),
        ("post", "/api/qa/moderation", nobody.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": qid2, "action": "restore"}))),
        ("get", "/api/qa/suggest", nobody.get(url("/api/qa/suggest?title=問答測試"))),
        ("get", "/api/qa/faq", nobody.get(url("/api/qa/faq?service=qa"))),
        ("get", "/api/qa/faq", nobody.get(url("/api/qa/faq?service=nope"))),
        ("post", "/api/qa/faq", admin.post(url("/api/qa/faq")).json(&json!({"service": "accounts", "category": "登入", "title": "忘記密碼怎麼辦", "body": "請聯絡管理員。"}))),
        ("post", "/api/qa/faq", admin.post(url("/api/qa/faq")).json(&json!({"service": "x", "category": "", "title": "", "body": ""}))),
        ("post", "/api/qa/faq", member.post(url("/api/qa/faq")).json(&json!({"service": "qa", "category": "a", "title": "t", "body": "b"}))),
        ("post", "/api/qa/faq", nobody.post(url("/api/qa/faq")).json(&json!({"service": "qa", "category": "a", "title": "t", "body": "b"}))),
        ("post", "/api/qa/faq", admin.post(url("/api/qa/faq")).body("{")),
        ("get", "/api/qa/users/{id}", nobody.get(url(&format!("/api/qa/users/{answerer_id}")))),
        ("get", "/api/qa/users/{id}", nobody.get(url("/api/qa/users/999999999"))),
        ("get", "/api/qa/users/{id}", nobody.get(url("/api/qa/users/x"))),
        ("get", "/api/qa/me", answerer.get(url("/api/qa/me"))),
        ("get", "/api/qa/me", nobody.get(url("/api/qa/me"))),
        ("get", "/api/qa/leaderboard", nobody.get(url("/api/qa/leaderboard?period=all"))),
        ("get", "/api/qa/leaderboard", nobody.get(url("/api/qa/leaderboard?period=decade"))),
        ("get", "/api/qa/stats", nobody.get(url("/api/qa/stats"))),
        ("get", "/api/qa/related", nobody.get(url(&format!("/api/qa/related?dataset={ds}")))),
        ("get", "/api/qa/related", nobody.get(url("/api/qa/related"))),
        ("get", "/api/qa/related", nobody.get(url("/api/qa/related?instrument=x"))),
        ("get", "/api/admin/qa/rules", admin.get(url("/api/admin/qa/rules"))),
        ("get", "/api/admin/qa/rules", member.get(url("/api/admin/qa/rules"))),
        ("get", "/api/admin/qa/rules", nobody.get(url("/api/admin/qa/rules"))),
        ("put", "/api/admin/qa/rules", admin.put(url("/api/admin/qa/rules")).json(&json!({"daily_cap": 200}))),
        ("put", "/api/admin/qa/rules", admin.put(url("/api/admin/qa/rules")).json(&json!({"nope": 1}))),
        ("put", "/api/admin/qa/rules", admin.put(url("/api/admin/qa/rules")).body("{")),
        ("put", "/api/admin/qa/rules", member.put(url("/api/admin/qa/rules")).json(&json!({"daily_cap": 1}))),
        ("put", "/api/admin/qa/rules", nobody.put(url("/api/admin/qa/rules")).json(&json!({"daily_cap": 1}))),
        ("get", "/api/admin/qa/ledger-check", admin.get(url("/api/admin/qa/ledger-check"))),
        ("get", "/api/admin/qa/ledger-check", member.get(url("/api/admin/qa/ledger-check"))),
        ("get", "/api/admin/qa/ledger-check", nobody.get(url("/api/admin/qa/ledger-check"))),
        ("get", "/api/admin/qa/ring-log", admin.get(url("/api/admin/qa/ring-log"))),
        ("get", "/api/admin/qa/ring-log", member.get(url("/api/admin/qa/ring-log"))),
        ("get", "/api/admin/qa/ring-log", nobody.get(url("/api/admin/qa/ring-log"))),
    ]);
    // Logout last, so the member's session is used above first.
    probes.push(("post", "/api/auth/logout", member.post(url("/api/auth/logout"))));

    let mut covered = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for (method, template, req) in probes {
        let (status, body) = body_of(req.send().await.expect("request")).await;
        assert_ne!(status, 500, "{method} {template} crashed: {body}");
        if let Err(e) = api.check(method, template, status, &body) {
            failures.push(e);
        }
        covered.insert((method.to_string(), template.to_string()));
    }
    assert!(failures.is_empty(), "responses disagree with openapi.json:\n{}", failures.join("\n"));
    for op in api.operations() {
        assert!(covered.contains(&op), "{} {} is documented but no test exercises it", op.0, op.1);
    }
}

#[tokio::test]
async fn every_error_status_the_server_sent_is_in_the_error_schema() {
    // A 404 from an unknown path is not an operation, but it must still have the error shape.
    let r = client().get(url("/api/definitely/unknown")).send().await.unwrap();
    let (status, body) = body_of(r).await;
    assert_eq!(status, 404);
    let doc: Value = client().get(url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    let kinds =
        doc["components"]["schemas"]["Error"]["properties"]["error"]["enum"].as_array().cloned().unwrap_or_default();
    assert!(kinds.contains(&body["error"]), "{body}");
}
