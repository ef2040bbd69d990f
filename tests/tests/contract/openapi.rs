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

/// The requests to send, in order, each with the documented path template it
/// exercises. The method is read from the request itself, so a probe cannot
/// be filed under a method it does not send.
#[derive(Default)]
struct Probes(Vec<(&'static str, reqwest::RequestBuilder)>);

impl Probes {
    /// Queues `requests` for the operation at `template`; they are sent in this order.
    fn add<const N: usize>(&mut self, template: &'static str, requests: [reqwest::RequestBuilder; N]) {
        self.0.extend(requests.map(|r| (template, r)));
    }
}

#[tokio::test]
async fn every_documented_operation_answers_as_documented() {
    let api = OpenApi::fetch().await;
    let admin = admin().await;
    let member = client();
    let member_user = register(&member, &unique_email("oa"), "OpenAPI", "password-123").await;
    let id = member_user["id"].as_i64().expect("id");
    let anon = client();

    // Success and failure answers for each operation, sent in this order.
    let mut probes = Probes::default();
    probes.add("/api/health", [anon.get(url("/api/health"))]);
    probes.add("/api/openapi.json", [anon.get(url("/api/openapi.json"))]);
    probes.add(
        "/api/auth/register",
        [
            anon.post(url("/api/auth/register"))
                .json(&json!({"email": unique_email("oa2"), "password": "password-123", "display_name": "OA"})),
            anon.post(url("/api/auth/register")).json(&json!({"email": "bad", "password": "x", "display_name": ""})),
            anon.post(url("/api/auth/register")).body("{"),
        ],
    );
    probes.add(
        "/api/auth/login",
        [
            anon.post(url("/api/auth/login"))
                .header("cf-connecting-ip", unique_ip())
                .json(&json!({"email": ADMIN_EMAIL, "password": DEMO_PASSWORD})),
            anon.post(url("/api/auth/login"))
                .header("cf-connecting-ip", unique_ip())
                .json(&json!({"email": ADMIN_EMAIL, "password": "wrong-password"})),
        ],
    );
    // A reset link of an account of its own (using it ends that account's sessions).
    let resetter = unique_email("oa-reset");
    register(&client(), &resetter, "OA reset", "password-123").await;
    let asked = anon
        .post(url("/api/auth/password-reset"))
        .header("cf-connecting-ip", unique_ip())
        .json(&json!({"email": resetter}))
        .send()
        .await
        .expect("reset request");
    assert_eq!(asked.status(), 202);
    let mail = mail::wait_for_mails(&resetter, 1).await;
    let token = mail::token_of(&mail::link_in(&mail[0], "/password-reset/confirm"));
    probes.add(
        "/api/auth/password-reset",
        [
            anon.post(url("/api/auth/password-reset"))
                .header("cf-connecting-ip", unique_ip())
                .json(&json!({"email": unique_email("oa-nobody")})),
            anon.post(url("/api/auth/password-reset")).json(&json!({"email": "not-an-email"})),
            anon.post(url("/api/auth/password-reset")).body("{"),
        ],
    );
    probes.add(
        "/api/auth/password-reset/confirm",
        [
            anon.post(url("/api/auth/password-reset/confirm"))
                .json(&json!({"token": token, "password": "password-456"})),
            anon.post(url("/api/auth/password-reset/confirm"))
                .json(&json!({"token": token, "password": "password-789"})),
            anon.post(url("/api/auth/password-reset/confirm")).body("{"),
        ],
    );
    probes.add(
        "/api/auth/me",
        [
            member.get(url("/api/auth/me")),
            client().get(url("/api/auth/me")),
            member.patch(url("/api/auth/me")).json(&json!({"display_name": "OpenAPI 2"})),
            member.patch(url("/api/auth/me")).json(&json!({"locale": "xx"})),
        ],
    );
    probes.add("/api/auth/session", [member.get(url("/api/auth/session")), client().get(url("/api/auth/session"))]);
    probes
        .add("/api/admin/users", [admin.get(url("/api/admin/users?per_page=3")), member.get(url("/api/admin/users"))]);
    probes.add(
        "/api/admin/users/{id}/roles",
        [
            admin.post(url(&format!("/api/admin/users/{id}/roles"))).json(&json!({"role": "researcher"})),
            admin.post(url("/api/admin/users/99999999/roles")).json(&json!({"role": "researcher"})),
            admin.delete(url(&format!("/api/admin/users/{id}/roles?role=researcher"))),
            admin.delete(url(&format!("/api/admin/users/{id}/roles?role=researcher"))),
        ],
    );
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
    let created = send_json(
        member
            .post(url("/api/bookings"))
            .json(&json!({"instrument_id": inst_id, "start": slot.0, "end": slot.1, "payment": "cash"})),
    )
    .await;
    let bid = created["booking"]["id"].as_str().unwrap_or("none").to_string();
    let cal = format!("/api/instruments/{inst_id}/calendar?from={}&to={}", slot.0, slot.1);
    probes.add("/api/centers", [anon.get(url("/api/centers"))]);
    probes.add(
        "/api/instruments",
        [anon.get(url("/api/instruments?q=%E9%A1%AF%E5%BE%AE&per_page=5")), anon.get(url("/api/instruments?page=0"))],
    );
    probes.add(
        "/api/instruments/{id}",
        [anon.get(url(&format!("/api/instruments/{inst_id}"))), anon.get(url("/api/instruments/99999999"))],
    );
    probes.add(
        "/api/instruments/{id}/calendar",
        [member.get(url(&cal)), anon.get(url(&format!("/api/instruments/{inst_id}/calendar?from=x&to=y")))],
    );
    probes.add(
        "/api/instruments/{id}/trainings",
        [
            staff.post(url(&format!("/api/instruments/{inst_id}/trainings"))).json(&json!({"user_id": id})),
            member.post(url(&format!("/api/instruments/{inst_id}/trainings"))).json(&json!({"user_id": id})),
        ],
    );
    probes.add(
        "/api/bookings",
        [
            member
                .post(url("/api/bookings"))
                .json(&json!({"instrument_id": inst_id, "start": slot.0, "end": slot.1, "payment": "cash"})),
            member
                .post(url("/api/bookings"))
                .json(&json!({"instrument_id": inst_id, "start": slot.1, "end": slot.0, "payment": "cash"})),
        ],
    );
    probes.add(
        "/api/bookings/{id}",
        [member.get(url(&format!("/api/bookings/{bid}"))), staff.get(url("/api/bookings/nope"))],
    );
    probes.add(
        "/api/bookings/{id}/confirm",
        [
            member.post(url(&format!("/api/bookings/{bid}/confirm"))),
            staff.post(url(&format!("/api/bookings/{bid}/confirm"))),
            staff.post(url(&format!("/api/bookings/{bid}/confirm"))),
        ],
    );
    probes.add(
        "/api/bookings/{id}/cancel",
        [
            member.post(url(&format!("/api/bookings/{bid}/cancel"))),
            member.post(url(&format!("/api/bookings/{bid}/cancel"))),
        ],
    );
    probes.add("/api/me/bookings", [member.get(url("/api/me/bookings")), anon.get(url("/api/me/bookings"))]);
    probes.add(
        "/api/admin/quota",
        [
            admin.post(url("/api/admin/quota")).json(&json!({"pi_user_id": pi_id, "amount": 5000})),
            admin.post(url("/api/admin/quota")).json(&json!({"pi_user_id": id, "amount": 5000})),
            member.post(url("/api/admin/quota")).json(&json!({"pi_user_id": pi_id, "amount": 5000})),
        ],
    );
    probes.add("/api/me/quota", [pi.get(url("/api/me/quota"))]);
    probes.add(
        "/api/me/group/members",
        [
            pi.post(url("/api/me/group/members")).json(&json!({"email": member_user["email"]})),
            pi.post(url("/api/me/group/members")).json(&json!({"email": "nobody@nowhere.tw"})),
            member.post(url("/api/me/group/members")).json(&json!({"email": "x@y.tw"})),
        ],
    );
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
    let feed = send_json(member.get(url("/api/me/calendar-feed"))).await;
    let token = feed["bookings_url"].as_str().unwrap_or("").rsplit('/').nth(1).unwrap_or("").to_string();
    let blackout =
        json!({"start": weekday_slot(29, 9, 0).0, "end": weekday_slot(29, 10, 0).0, "instrument_id": free_id});
    // Settled on the local stack's test clock, after both have started (and once before: 409).
    let ran = weekday_slot(30, 23, 0).0;
    probes.add(
        "/api/bookings/{id}/complete",
        [
            staff2.post(url(&format!("/api/bookings/{b2}/complete"))).json(&json!({})),
            staff2
                .post(url(&format!("/api/bookings/{b2}/complete")))
                .header("x-commons-test-now", &ran)
                .json(&json!({})),
            staff2
                .post(url(&format!("/api/bookings/{b2}/complete")))
                .header("x-commons-test-now", &ran)
                .json(&json!({})),
        ],
    );
    probes.add(
        "/api/bookings/{id}/no-show",
        [
            staff2.post(url(&format!("/api/bookings/{b3}/no-show"))).header("x-commons-test-now", &ran),
            member.post(url(&format!("/api/bookings/{b3}/no-show"))),
        ],
    );
    probes.add(
        "/api/centers/{id}/booking-limits",
        [
            staff2
                .put(url(&format!("/api/centers/{free_center}/booking-limits")))
                .json(&json!({"max_future_bookings": 30, "max_future_hours": 90})),
            staff2
                .put(url(&format!("/api/centers/{free_center}/booking-limits")))
                .json(&json!({"max_future_bookings": 0, "max_future_hours": 90})),
            member
                .put(url(&format!("/api/centers/{free_center}/booking-limits")))
                .json(&json!({"max_future_bookings": 30, "max_future_hours": 90})),
        ],
    );
    probes.add(
        "/api/centers/{id}/blackouts",
        [
            staff2.post(url(&format!("/api/centers/{free_center}/blackouts"))).json(&blackout),
            member.post(url(&format!("/api/centers/{free_center}/blackouts"))).json(&blackout),
        ],
    );
    probes.add(
        "/api/waitlist",
        [
            member.post(url("/api/waitlist")).json(&json!({"instrument_id": free_id, "start": s2.0, "end": s2.1})),
            member.post(url("/api/waitlist")).json(&json!({"instrument_id": free_id, "start": "x", "end": s2.1})),
        ],
    );
    probes.add("/api/instruments/{id}/similar", [anon.get(url(&format!("/api/instruments/{free_id}/similar")))]);
    probes.add(
        "/api/me/favorites/{id}",
        [
            member.put(url(&format!("/api/me/favorites/{free_id}"))).json(&json!({"substitutes": []})),
            member.put(url(&format!("/api/me/favorites/{free_id}"))).json(&json!({"substitutes": [free_id]})),
        ],
    );
    probes.add(
        "/api/me/favorites",
        [
            member.get(url(&format!("/api/me/favorites?start={}&end={}", s2.0, s2.1))),
            member.get(url("/api/me/favorites?start=x")),
        ],
    );
    probes.add("/api/me/quick-instruments", [member.get(url("/api/me/quick-instruments"))]);
    probes.add(
        "/api/me/favorites/{id}",
        [
            member.delete(url(&format!("/api/me/favorites/{free_id}"))),
            member.delete(url(&format!("/api/me/favorites/{free_id}"))),
        ],
    );
    probes.add("/api/me/calendar-feed", [member.get(url("/api/me/calendar-feed"))]);
    probes.add(
        "/api/ics/{token}/bookings.ics",
        [anon.get(url(&format!("/api/ics/{token}/bookings.ics"))), anon.get(url("/api/ics/nope/bookings.ics"))],
    );
    probes.add(
        "/api/ics/{token}/instruments/{id}",
        [
            anon.get(url(&format!("/api/ics/{token}/instruments/{free_id}.ics"))),
            anon.get(url(&format!("/api/ics/{token}/instruments/999999.ics"))),
        ],
    );
    // After the feed probes above: rotating retires the token they use.
    probes.add(
        "/api/me/calendar-feed/rotate",
        [member.post(url("/api/me/calendar-feed/rotate")), client().post(url("/api/me/calendar-feed/rotate"))],
    );
    probes.add("/api/me/notifications", [member.get(url("/api/me/notifications"))]);
    probes.add("/api/me/notifications/read", [member.post(url("/api/me/notifications/read"))]);
    probes.add("/api/admin/jobs/{name}", [admin.post(url("/api/admin/jobs/reminders")).json(&json!({}))]);
    probes.add(
        "/api/admin/invariants",
        [admin.get(url("/api/admin/invariants")), member.get(url("/api/admin/invariants"))],
    );
    probes.add(
        "/api/instruments/{id}",
        [
            staff2.patch(url(&format!("/api/instruments/{free_id}"))).json(&json!({"horizon_days": 60})),
            staff2.patch(url(&format!("/api/instruments/{free_id}"))).json(&json!({"horizon_days": 0})),
            member.patch(url(&format!("/api/instruments/{free_id}"))).json(&json!({})),
        ],
    );
    probes.add(
        "/api/reports/{kind}",
        [
            staff2.get(url(&format!(
                "/api/reports/instrument_service_stats?center={free_center}&from={}&to={}",
                s2.0, s3.1
            ))),
            member.get(url(&format!(
                "/api/reports/instrument_service_stats?center={free_center}&from={}&to={}",
                s2.0, s3.1
            ))),
        ],
    );
    probes.add(
        "/api/centers/{id}/day",
        [
            anon.get(url(&format!("/api/centers/{free_center}/day?date=2026-12-01"))),
            anon.get(url(&format!("/api/centers/{free_center}/day?date=x"))),
        ],
    );
    probes.add(
        "/api/centers/{id}/bookings",
        [
            staff2.get(url(&format!("/api/centers/{free_center}/bookings?status=completed"))),
            member.get(url(&format!("/api/centers/{free_center}/bookings"))),
        ],
    );
    probes.add(
        "/api/admin/jobs/{name}",
        [
            admin.post(url("/api/admin/jobs/nope")).json(&json!({})),
            member.post(url("/api/admin/jobs/reminders")).json(&json!({})),
        ],
    );
    // Open data. (`anon` signed in as admin in a login probe above, so the
    // signed-out probes below use a fresh client.)
    let nobody = client();
    let publisher = publisher().await;
    let ds = publisher_dataset().await;
    let upload = upload_csv(&publisher, &ds, "openapi", "年,值\n2020,1\n2021,2\n".as_bytes().to_vec()).await;
    assert_eq!(upload.status(), 201);
    let res_id = upload.json::<Value>().await.unwrap()["resource"]["id"].as_i64().expect("resource id");
    let nr = no_redirect_client();
    probes.add(
        "/api/datasets",
        [
            nobody.get(url("/api/datasets?q=年金&sort=views&category=公共資訊")),
            nobody.get(url("/api/datasets?quality=鑽石")),
            nobody.get(url("/api/datasets?page=100000")),
            nobody.get(url("/api/datasets?per_page=0")),
        ],
    );
    probes.add(
        "/api/datasets/{id}",
        [nobody.get(url(&format!("/api/datasets/{ds}"))), nobody.get(url("/api/datasets/no-such-dataset"))],
    );
    probes.add(
        "/api/datasets/{id}.jsonld",
        [nobody.get(url(&format!("/api/datasets/{ds}.jsonld"))), nobody.get(url("/api/datasets/nope.jsonld"))],
    );
    probes.add(
        "/api/datasets/{id}/feed.atom",
        [nobody.get(url(&format!("/api/datasets/{ds}/feed.atom"))), nobody.get(url("/api/datasets/nope/feed.atom"))],
    );
    probes.add(
        "/api/datasets/{id}/similar",
        [nobody.get(url(&format!("/api/datasets/{ds}/similar"))), nobody.get(url("/api/datasets/nope/similar"))],
    );
    probes.add(
        "/api/catalog.jsonld",
        [
            nobody.get(url("/api/catalog.jsonld?page=1")),
            nobody.get(url("/api/catalog.jsonld?page=0")),
            nobody.get(url("/api/catalog.jsonld?page=99999")),
        ],
    );
    probes.add("/api/organizations", [nobody.get(url("/api/organizations"))]);
    probes.add(
        "/api/organizations/{id}",
        [
            nobody.get(url(&format!("/api/organizations/{PUBLISHER_ORG}"))),
            nobody.get(url("/api/organizations/org-none")),
        ],
    );
    probes.add("/api/catalogue/stats", [nobody.get(url("/api/catalogue/stats"))]);
    probes.add(
        "/api/resources/{id}/download",
        [
            nr.get(url(&format!("/api/resources/{res_id}/download"))),
            nr.get(url("/api/resources/x/download")),
            nr.get(url("/api/resources/999999999/download")),
        ],
    );
    probes.add(
        "/api/resources/{id}/datastore",
        [
            nobody.get(url(&format!("/api/resources/{res_id}/datastore?limit=5"))),
            nobody.get(url(&format!("/api/resources/{res_id}/datastore?sort=nope"))),
            nobody.get(url(&format!("/api/resources/{res_id}/datastore?limit=0"))),
            nobody.get(url("/api/resources/999999999/datastore")),
        ],
    );
    probes.add(
        "/api/resources/{id}/file",
        [nobody.get(url(&format!("/api/resources/{res_id}/file"))), nobody.get(url("/api/resources/999999999/file"))],
    );
    probes.add(
        "/api/datasets/{id}/resources",
        [
            publisher
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body("a,b\n1,2,3\n"),
            member
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body("a,b\n1,2\n"),
            nobody
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body("a,b\n1,2\n"),
            publisher.post(url("/api/datasets/nope/resources")).header("content-type", "text/csv").body("a,b\n1,2\n"),
            publisher
                .post(url(&format!("/api/datasets/{ds}/resources")))
                .header("content-type", "text/csv")
                .body(vec![b'a'; 8 * 1024 * 1024 + 1]),
        ],
    );
    probes.add(
        "/api/admin/datasets/import",
        [
            admin.post(url("/api/admin/datasets/import")).json(&json!({"source": "seed", "items": [
                {"identifier": "openapi-probe", "title": "OpenAPI 探針資料集", "organization": "測試機關"},
                {"identifier": "Bad Id", "title": "x", "organization": "y"}
            ]})),
            member.post(url("/api/admin/datasets/import")).json(&json!({"source": "seed", "items": []})),
            admin.post(url("/api/admin/datasets/import")).json(&json!({"source": "nope", "items": []})),
            admin.post(url("/api/admin/datasets/import")).body("{"),
        ],
    );
    probes.add(
        "/api/3/action/{name}",
        [
            nobody.get(url("/api/3/action/package_search?q=年金&rows=2")),
            nobody.get(url("/api/3/action/package_show?id=no-such")),
            nobody.get(url("/api/3/action/no_such_action")),
            nobody.get(url("/api/3/action/package_search?fq=secret:1")),
            nobody.post(url("/api/3/action/package_show")).json(&json!({"id": ds})),
            nobody.post(url("/api/3/action/organization_list")).json(&json!({"all_fields": true})),
        ],
    );
    probes.add(
        "/api/action/{name}",
        [
            nobody.get(url("/api/action/status_show")),
            nobody
                .post(url("/api/action/datastore_search"))
                .json(&json!({"resource_id": res_id.to_string(), "limit": 1})),
        ],
    );
    // Participation.
    let pid = clock_tag("oa-", 7);
    let pbody = json!({"identifier": pid, "title": "OpenAPI 參與資料集", "organization": "國家發展委員會", "accrual_periodicity": "每日", "modified": "2020-01-01"});
    let created = publisher.put(url(&format!("/api/datasets/{pid}"))).json(&pbody).send().await.unwrap();
    assert_eq!(created.status(), 201);
    let fb = send_json(
        member
            .post(url(&format!("/api/datasets/{pid}/feedback")))
            .json(&json!({"kind": "question", "title": "問", "body": "內容"})),
    )
    .await;
    let thread = fb["id"].as_i64().expect("thread");
    let rq = send_json(member.post(url("/api/dataset-requests")).json(&json!({"title": "OpenAPI 需求"}))).await;
    let req_id = rq["id"].as_i64().expect("request");
    let sc = send_json(
        member
            .post(url("/api/showcases"))
            .json(&json!({"title": "OA App", "url": "https://example.tw", "datasets": [pid]})),
    )
    .await;
    let sc_id = sc["id"].as_i64().expect("showcase");
    probes.add(
        "/api/datasets/{id}",
        [
            publisher.put(url(&format!("/api/datasets/{pid}"))).json(&pbody),
            member.put(url(&format!("/api/datasets/{pid}"))).json(&pbody),
            publisher.put(url("/api/datasets/other-id")).json(&pbody),
        ],
    );
    // The editor: a draft saved, submitted and approved, in this order.
    let did = clock_tag("oa-draft-", 7);
    let dbody = json!({"identifier": did, "title": "OpenAPI 草稿", "organization": "國家發展委員會"});
    let rev = reviewer().await;
    probes.add(
        "/api/drafts",
        [
            publisher.get(url("/api/drafts")),
            publisher.get(url("/api/drafts?state=weird")),
            member.get(url("/api/drafts")),
            nobody.get(url("/api/drafts?state=pending")),
        ],
    );
    probes.add(
        "/api/drafts/{id}",
        [
            publisher.put(url(&format!("/api/drafts/{did}"))).json(&dbody),
            publisher.put(url(&format!("/api/drafts/{did}"))).json(&dbody),
            publisher.put(url(&format!("/api/drafts/{did}"))).json(&json!({"identifier": did, "title": ""})),
            member.put(url(&format!("/api/drafts/{did}"))).json(&dbody),
            nobody.put(url(&format!("/api/drafts/{did}"))).json(&dbody),
            publisher.get(url(&format!("/api/drafts/{did}"))),
            member.get(url(&format!("/api/drafts/{did}"))),
            nobody.get(url(&format!("/api/drafts/{did}"))),
            publisher.get(url("/api/drafts/oa-no-such-draft")),
        ],
    );
    probes.add(
        "/api/drafts/{id}/submit",
        [
            member.post(url(&format!("/api/drafts/{did}/submit"))),
            publisher.post(url(&format!("/api/drafts/{did}/submit"))),
            publisher.post(url(&format!("/api/drafts/{did}/submit"))),
            publisher.post(url("/api/drafts/oa-no-such-draft/submit")),
        ],
    );
    probes.add(
        "/api/drafts/{id}/review",
        [
            publisher.post(url(&format!("/api/drafts/{did}/review"))).json(&json!({"approve": true})),
            rev.post(url(&format!("/api/drafts/{did}/review"))).json(&json!({"approve": false})),
            rev.post(url(&format!("/api/drafts/{did}/review"))).json(&json!({"approve": true})),
            rev.post(url(&format!("/api/drafts/{did}/review"))).json(&json!({"approve": true})),
            nobody.post(url(&format!("/api/drafts/{did}/review"))).json(&json!({"approve": true})),
        ],
    );
    probes.add(
        "/api/datasets/{id}/versions",
        [nobody.get(url(&format!("/api/datasets/{did}/versions"))), nobody.get(url("/api/datasets/oa-nope/versions"))],
    );
    probes.add(
        "/api/datasets/{id}/subscription",
        [
            member.put(url(&format!("/api/datasets/{pid}/subscription"))),
            nobody.put(url(&format!("/api/datasets/{pid}/subscription"))),
            member.delete(url(&format!("/api/datasets/{pid}/subscription"))),
            member.delete(url("/api/datasets/nope/subscription")),
        ],
    );
    probes.add(
        "/api/datasets/{id}/viewer",
        [member.get(url(&format!("/api/datasets/{pid}/viewer"))), nobody.get(url("/api/datasets/nope/viewer"))],
    );
    probes.add(
        "/api/datasets/{id}/rating",
        [
            member.put(url(&format!("/api/datasets/{pid}/rating"))).json(&json!({"stars": 4})),
            member.put(url(&format!("/api/datasets/{pid}/rating"))).json(&json!({"stars": 0})),
        ],
    );
    probes.add(
        "/api/datasets/{id}/feedback",
        [
            nobody.get(url(&format!("/api/datasets/{pid}/feedback"))),
            nobody.get(url("/api/datasets/nope/feedback")),
            member
                .post(url(&format!("/api/datasets/{pid}/feedback")))
                .json(&json!({"kind": "suggestion", "title": "建議", "body": "內容"})),
            member
                .post(url(&format!("/api/datasets/{pid}/feedback")))
                .json(&json!({"kind": "x", "title": "", "body": ""})),
        ],
    );
    probes.add(
        "/api/feedback/{id}/replies",
        [
            publisher.post(url(&format!("/api/feedback/{thread}/replies"))).json(&json!({"body": "回覆"})),
            nobody.post(url(&format!("/api/feedback/{thread}/replies"))).json(&json!({"body": "x"})),
            publisher.post(url("/api/feedback/999999999/replies")).json(&json!({"body": "x"})),
        ],
    );
    probes.add(
        "/api/feedback/{id}/close",
        [member.post(url(&format!("/api/feedback/{thread}/close"))), member.post(url("/api/feedback/999999999/close"))],
    );
    probes.add(
        "/api/organizations/{id}/feedback-stats",
        [
            nobody.get(url(&format!("/api/organizations/{PUBLISHER_ORG}/feedback-stats"))),
            nobody.get(url("/api/organizations/org-none/feedback-stats")),
        ],
    );
    probes.add(
        "/api/dataset-requests",
        [
            nobody.get(url("/api/dataset-requests?sort=newest")),
            nobody.get(url("/api/dataset-requests?sort=best")),
            member
                .post(url("/api/dataset-requests"))
                .json(&json!({"title": "另一個需求", "organization_id": PUBLISHER_ORG})),
            member.post(url("/api/dataset-requests")).json(&json!({"title": ""})),
        ],
    );
    probes.add(
        "/api/dataset-requests/{id}/vote",
        [
            admin.put(url(&format!("/api/dataset-requests/{req_id}/vote"))),
            admin.put(url("/api/dataset-requests/999999999/vote")),
            admin.delete(url(&format!("/api/dataset-requests/{req_id}/vote"))),
            nobody.delete(url(&format!("/api/dataset-requests/{req_id}/vote"))),
        ],
    );
    probes.add(
        "/api/dataset-requests/{id}/answer",
        [
            publisher
                .post(url(&format!("/api/dataset-requests/{req_id}/answer")))
                .json(&json!({"status": "answered", "answer": "評估中"})),
            member
                .post(url(&format!("/api/dataset-requests/{req_id}/answer")))
                .json(&json!({"status": "answered", "answer": "x"})),
            publisher
                .post(url(&format!("/api/dataset-requests/{req_id}/answer")))
                .json(&json!({"status": "maybe", "answer": "x"})),
        ],
    );
    probes.add(
        "/api/showcases",
        [
            nobody.get(url("/api/showcases")),
            nobody.get(url("/api/showcases?status=pending")),
            member
                .post(url("/api/showcases"))
                .json(&json!({"title": "另一個", "url": "https://example.tw/2", "datasets": [pid]})),
            member.post(url("/api/showcases")).json(&json!({"title": "壞", "url": "ftp://x", "datasets": []})),
        ],
    );
    probes.add(
        "/api/showcases/{id}/review",
        [
            publisher.post(url(&format!("/api/showcases/{sc_id}/review"))).json(&json!({"approve": true})),
            publisher.post(url(&format!("/api/showcases/{sc_id}/review"))).json(&json!({"approve": true})),
            member.post(url("/api/showcases/999999999/review")).json(&json!({"approve": true})),
        ],
    );
    probes.add(
        "/api/publisher/overdue",
        [publisher.get(url("/api/publisher/overdue")), member.get(url("/api/publisher/overdue"))],
    );
    // Knowledge Q&A.
    let (asker, _) = user_with_role("oaq", "member", None).await;
    let (answerer, answerer_id) = user_with_role("oaa", "member", None).await;
    let moderator = user_with_role("oam", "moderator", None).await.0;
    let qtag = clock_tag("oa", 8);
    let qbody = json!({"title": "OpenAPI 問答測試", "body": "**內容**", "tags": [qtag]});
    let qv = send_json(asker.post(url("/api/qa/questions")).json(&qbody)).await;
    let qid = qv["id"].as_i64().expect("question id");
    let q2 = send_json(
        asker.post(url("/api/qa/questions")).json(&json!({"title": "另一個問答測試", "body": "x", "tags": [qtag]})),
    )
    .await;
    let qid2 = q2["id"].as_i64().expect("question id");
    let av =
        send_json(answerer.post(url(&format!("/api/qa/questions/{qid}/answers"))).json(&json!({"body": "回答"}))).await;
    let aid = av["id"].as_i64().expect("answer id");
    probes.add(
        "/api/qa/questions",
        [
            nobody.get(url(&format!("/api/qa/questions?q=問答&tag={qtag}"))),
            nobody.get(url("/api/qa/questions?tag=no-such-tag-anywhere")),
            nobody.get(url("/api/qa/questions?page=0")),
            nobody.get(url("/api/qa/questions?page=99999")),
            asker.post(url("/api/qa/questions")).json(&json!({"title": "第三個問答測試", "body": "y", "tags": [qtag]})),
            asker.post(url("/api/qa/questions")).json(&json!({"title": "x", "body": "", "tags": []})),
            nobody.post(url("/api/qa/questions")).json(&qbody),
            asker.post(url("/api/qa/questions")).body("{"),
            asker
                .post(url("/api/qa/questions"))
                .json(&json!({"title": "大", "body": "字".repeat(30_000), "tags": ["a"]})),
        ],
    );
    probes.add(
        "/api/qa/questions/{id}",
        [
            nobody.get(url(&format!("/api/qa/questions/{qid}"))),
            nobody.get(url("/api/qa/questions/999999999")),
            nobody.get(url("/api/qa/questions/abc")),
            asker.patch(url(&format!("/api/qa/questions/{qid}"))).json(&qbody),
            answerer.patch(url(&format!("/api/qa/questions/{qid}"))).json(&qbody),
            nobody.patch(url(&format!("/api/qa/questions/{qid}"))).json(&qbody),
            asker.patch(url("/api/qa/questions/999999999")).json(&qbody),
            asker.patch(url(&format!("/api/qa/questions/{qid}"))).json(&json!({"title": "", "body": "", "tags": []})),
        ],
    );
    probes.add(
        "/api/qa/questions/{id}/revisions",
        [
            nobody.get(url(&format!("/api/qa/questions/{qid}/revisions"))),
            nobody.get(url("/api/qa/questions/999999999/revisions")),
        ],
    );
    probes.add(
        "/api/qa/questions/{id}/answers",
        [
            answerer.post(url(&format!("/api/qa/questions/{qid2}/answers"))).json(&json!({"body": "另一個回答"})),
            answerer.post(url(&format!("/api/qa/questions/{qid}/answers"))).json(&json!({"body": ""})),
            answerer.post(url("/api/qa/questions/999999999/answers")).json(&json!({"body": "x"})),
            nobody.post(url(&format!("/api/qa/questions/{qid}/answers"))).json(&json!({"body": "x"})),
        ],
    );
    probes.add(
        "/api/qa/questions/{id}/duplicate",
        [
            moderator.post(url(&format!("/api/qa/questions/{qid2}/duplicate"))).json(&json!({"of": qid})),
            answerer.post(url(&format!("/api/qa/questions/{qid2}/duplicate"))).json(&json!({"of": qid})),
            moderator.post(url(&format!("/api/qa/questions/{qid2}/duplicate"))).json(&json!({"of": qid2})),
            moderator.post(url("/api/qa/questions/999999999/duplicate")).json(&json!({"of": qid})),
        ],
    );
    probes.add(
        "/api/qa/comments",
        [
            asker.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": "補充說明"})),
            member.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": "路人留言"})),
            asker.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": ""})),
            asker.post(url("/api/qa/comments")).json(&json!({"kind": "answer", "id": 999_999_999, "body": "x"})),
            nobody.post(url("/api/qa/comments")).json(&json!({"kind": "question", "id": qid, "body": "x"})),
        ],
    );
    probes.add(
        "/api/qa/votes",
        [
            asker.post(url("/api/qa/votes")).json(&json!({"kind": "answer", "id": aid, "value": 1})),
            answerer.post(url("/api/qa/votes")).json(&json!({"kind": "answer", "id": aid, "value": 1})),
            member.post(url("/api/qa/votes")).json(&json!({"kind": "question", "id": qid, "value": -1})),
            member.post(url("/api/qa/votes")).json(&json!({"kind": "question", "id": 999_999_999, "value": 1})),
            nobody.post(url("/api/qa/votes")).json(&json!({"kind": "question", "id": qid, "value": 1})),
            member.post(url("/api/qa/votes")).body("{"),
        ],
    );
    probes.add(
        "/api/qa/answers/{id}",
        [
            answerer.patch(url(&format!("/api/qa/answers/{aid}"))).json(&json!({"body": "修改後的回答"})),
            member.patch(url(&format!("/api/qa/answers/{aid}"))).json(&json!({"body": "路人修改"})),
            nobody.patch(url(&format!("/api/qa/answers/{aid}"))).json(&json!({"body": "x"})),
            answerer.patch(url("/api/qa/answers/999999999")).json(&json!({"body": "x"})),
            answerer.patch(url(&format!("/api/qa/answers/{aid}"))).json(&json!({"body": ""})),
        ],
    );
    probes.add(
        "/api/qa/answers/{id}/revisions",
        [
            nobody.get(url(&format!("/api/qa/answers/{aid}/revisions"))),
            nobody.get(url("/api/qa/answers/999999999/revisions")),
        ],
    );
    // The asker's bell rang for the answer: marking that one read.
    let bell = get_json(&asker, "/api/me/notifications").await;
    let rung = bell["notifications"][0]["id"].as_i64().expect("the asker's notification");
    probes.add(
        "/api/me/notifications/{id}/read",
        [
            asker.post(url(&format!("/api/me/notifications/{rung}/read"))),
            member.post(url(&format!("/api/me/notifications/{rung}/read"))),
            nobody.post(url(&format!("/api/me/notifications/{rung}/read"))),
            asker.post(url("/api/me/notifications/abc/read")),
        ],
    );
    probes.add(
        "/api/qa/answers/{id}/accept",
        [
            asker.post(url(&format!("/api/qa/answers/{aid}/accept"))),
            answerer.post(url(&format!("/api/qa/answers/{aid}/accept"))),
            nobody.post(url(&format!("/api/qa/answers/{aid}/accept"))),
            asker.post(url("/api/qa/answers/999999999/accept")),
            asker.post(url("/api/qa/answers/x/accept")),
        ],
    );
    probes.add(
        "/api/qa/answers/{id}/promote",
        [
            admin
                .post(url(&format!("/api/qa/answers/{aid}/promote")))
                .json(&json!({"service": "qa", "category": "測試"})),
            admin
                .post(url(&format!("/api/qa/answers/{aid}/promote")))
                .json(&json!({"service": "qa", "category": "測試"})),
            member
                .post(url(&format!("/api/qa/answers/{aid}/promote")))
                .json(&json!({"service": "qa", "category": "測試"})),
            admin.post(url("/api/qa/answers/999999999/promote")).json(&json!({"service": "qa", "category": "測試"})),
            admin
                .post(url(&format!("/api/qa/answers/{aid}/promote")))
                .json(&json!({"service": "nope", "category": "測試"})),
            nobody
                .post(url(&format!("/api/qa/answers/{aid}/promote")))
                .json(&json!({"service": "qa", "category": "測試"})),
        ],
    );
    probes.add(
        "/api/qa/answers/{id}/accept",
        [
            asker.delete(url(&format!("/api/qa/answers/{aid}/accept"))),
            asker.delete(url(&format!("/api/qa/answers/{aid}/accept"))),
        ],
    );
    probes.add(
        "/api/qa/flags",
        [
            member.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "spam"})),
            member.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "spam"})),
            member.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "meh"})),
            member.post(url("/api/qa/flags")).json(&json!({"kind": "answer", "id": 999_999_999, "reason": "spam"})),
            nobody.post(url("/api/qa/flags")).json(&json!({"kind": "question", "id": qid2, "reason": "spam"})),
        ],
    );
    probes.add(
        "/api/qa/moderation",
        [
            moderator.get(url("/api/qa/moderation")),
            member.get(url("/api/qa/moderation")),
            nobody.get(url("/api/qa/moderation")),
            moderator
                .post(url("/api/qa/moderation"))
                .json(&json!({"kind": "question", "id": qid2, "action": "restore"})),
            moderator.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": qid2, "action": "burn"})),
            moderator
                .post(url("/api/qa/moderation"))
                .json(&json!({"kind": "question", "id": 999_999_999, "action": "restore"})),
            member.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": qid2, "action": "restore"})),
            nobody.post(url("/api/qa/moderation")).json(&json!({"kind": "question", "id": qid2, "action": "restore"})),
        ],
    );
    probes.add("/api/qa/suggest", [nobody.get(url("/api/qa/suggest?title=問答測試"))]);
    probes.add("/api/qa/faq", [nobody.get(url("/api/qa/faq?service=qa")), nobody.get(url("/api/qa/faq?service=nope")), admin.post(url("/api/qa/faq")).json(&json!({"service": "accounts", "category": "登入", "title": "忘記密碼怎麼辦", "body": "請聯絡管理員。"})), admin.post(url("/api/qa/faq")).json(&json!({"service": "x", "category": "", "title": "", "body": ""})), member.post(url("/api/qa/faq")).json(&json!({"service": "qa", "category": "a", "title": "t", "body": "b"})), nobody.post(url("/api/qa/faq")).json(&json!({"service": "qa", "category": "a", "title": "t", "body": "b"})), admin.post(url("/api/qa/faq")).body("{")]);
    probes.add(
        "/api/qa/users/{id}",
        [
            nobody.get(url(&format!("/api/qa/users/{answerer_id}"))),
            nobody.get(url("/api/qa/users/999999999")),
            nobody.get(url("/api/qa/users/x")),
        ],
    );
    probes.add("/api/qa/me", [answerer.get(url("/api/qa/me")), nobody.get(url("/api/qa/me"))]);
    probes.add(
        "/api/qa/leaderboard",
        [nobody.get(url("/api/qa/leaderboard?period=all")), nobody.get(url("/api/qa/leaderboard?period=decade"))],
    );
    probes.add("/api/qa/stats", [nobody.get(url("/api/qa/stats"))]);
    probes.add(
        "/api/qa/related",
        [
            nobody.get(url(&format!("/api/qa/related?dataset={ds}"))),
            nobody.get(url("/api/qa/related")),
            nobody.get(url("/api/qa/related?instrument=x")),
        ],
    );
    probes.add(
        "/api/admin/qa/rules",
        [
            admin.get(url("/api/admin/qa/rules")),
            member.get(url("/api/admin/qa/rules")),
            nobody.get(url("/api/admin/qa/rules")),
            admin.put(url("/api/admin/qa/rules")).json(&json!({"daily_cap": 200})),
            admin.put(url("/api/admin/qa/rules")).json(&json!({"nope": 1})),
            admin.put(url("/api/admin/qa/rules")).body("{"),
            member.put(url("/api/admin/qa/rules")).json(&json!({"daily_cap": 1})),
            nobody.put(url("/api/admin/qa/rules")).json(&json!({"daily_cap": 1})),
        ],
    );
    probes.add(
        "/api/admin/qa/ledger-check",
        [
            admin.get(url("/api/admin/qa/ledger-check")),
            member.get(url("/api/admin/qa/ledger-check")),
            nobody.get(url("/api/admin/qa/ledger-check")),
        ],
    );
    probes.add(
        "/api/admin/qa/ring-log",
        [
            admin.get(url("/api/admin/qa/ring-log")),
            member.get(url("/api/admin/qa/ring-log")),
            nobody.get(url("/api/admin/qa/ring-log")),
        ],
    );
    // Logout last, so the member's session is used above first.
    probes.add("/api/auth/logout", [member.post(url("/api/auth/logout"))]);

    let mut covered = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for (template, req) in probes.0 {
        let (client, req) = req.build_split();
        let req = req.expect("request");
        let method = req.method().as_str().to_ascii_lowercase();
        let (status, body) = body_of(client.execute(req).await.expect("request")).await;
        assert_ne!(status, 500, "{method} {template} crashed: {body}");
        if let Err(e) = api.check(&method, template, status, &body) {
            failures.push(e);
        }
        covered.insert((method, template.to_string()));
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
    let doc = send_json(client().get(url("/api/openapi.json"))).await;
    let kinds = doc["components"]["schemas"]["ErrorKind"]["enum"].as_array().cloned().unwrap_or_default();
    assert!(kinds.contains(&body["error"]), "{body}");
}
