//! The authorization matrix: who may call each mutating route, run against
//! the live stack as eleven roles.
//!
//! [`matrix`] has one entry per mutating row of `commons_domain::api::ROUTES`
//! (a test fails, naming the route, when a route has no entry or an entry
//! names a route that is gone). Each entry says in words who may do it, lists
//! the roles that may (in the order they run), and builds fresh objects for
//! the request, so entries never depend on each other. The roles are
//! anonymous, a member, a researcher, a PI, staff of centre A and of centre B,
//! publishers of agency X and of agency Y, a reviewer of agency X, a
//! moderator and an admin, all
//! fresh accounts made once per run.
//!
//! For every entry the denied roles run first: anonymous must get 401
//! `unauthorized`, a signed-in role 403 `forbidden` (or 404 `not_found` where
//! the entry says the object is invisible to it), and the entry's state probe
//! must read the same before and after them. Then the allowed roles run: the
//! first must get a 2xx, later ones a 2xx or the 409/422 of something an
//! earlier one already did, and the probe must now read differently (a probe
//! blind to the change would prove nothing). A 5xx is never accepted. The
//! whole matrix is printed at the end, pass or fail.
//!
//! Every request is sent by one cookie-less client with the role's session
//! cookie set by hand, so an answer that sets a cookie (register, login)
//! never changes whom a role client is signed in as; logout runs on a second
//! session of the role's account.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use commons_domain::accounts::SESSION_COOKIE;
use commons_domain::api::{Method, ROUTES};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc};
use commons_tests::{clock_tag, unique_email, unique_ip, url, weekday_slot, ADMIN_EMAIL, DEMO_PASSWORD, PUBLISHER_ORG};
use futures_util::future::BoxFuture;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------

/// One column of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum R {
    /// Not signed in.
    Anonymous,
    /// A signed-in member with no other role.
    Member,
    /// `researcher`.
    Researcher,
    /// `pi`, with a quota account opened by the admin.
    Pi,
    /// `facility_staff` of centre A (the centre of the booking objects).
    StaffA,
    /// `facility_staff` of centre B (another centre).
    StaffB,
    /// `publisher` of agency X (the agency of the open-data objects).
    PublisherX,
    /// `publisher` of agency Y (another agency).
    PublisherY,
    /// `reviewer` of agency X: decides its drafts, and nothing else.
    ReviewerX,
    /// `moderator`.
    Moderator,
    /// `admin` (a fresh account granted the role, not the seeded admin).
    Admin,
}

use R::*;

/// Every role, in the order of the printed columns and of the denied runs.
const ALL: [R; 11] =
    [Anonymous, Member, Researcher, Pi, StaffA, StaffB, PublisherX, PublisherY, ReviewerX, Moderator, Admin];

/// Every signed-in role.
const SIGNED_IN: &[R] = &[Member, Researcher, Pi, StaffA, StaffB, PublisherX, PublisherY, ReviewerX, Moderator, Admin];
/// Admins only.
const ADMIN_ONLY: &[R] = &[Admin];
/// Staff of the object's centre (A), and admins.
const STAFF_OF_A: &[R] = &[StaffA, Admin];
/// Publishers of the object's agency (X), and admins.
const PUBLISHER_OF_X: &[R] = &[PublisherX, Admin];
/// Moderators and admins.
const MODERATORS: &[R] = &[Moderator, Admin];
/// Everyone who cannot see a booking the member made at centre A: it is
/// visible only to its booker, its paying PI and the centre's staff (and admins).
const NOT_THE_BOOKINGS_PARTIES: &[R] = &[Researcher, Pi, StaffB, PublisherX, PublisherY, ReviewerX, Moderator];

impl R {
    /// The column heading.
    fn label(self) -> &'static str {
        match self {
            Anonymous => "anon",
            Member => "member",
            Researcher => "resrch",
            Pi => "pi",
            StaffA => "staffA",
            StaffB => "staffB",
            PublisherX => "pubX",
            PublisherY => "pubY",
            ReviewerX => "revX",
            Moderator => "mod",
            Admin => "admin",
        }
    }
}

// ---------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------

/// What a setup answers: the case to run, or why the objects could not be made.
type Setup = for<'a> fn(&'a World) -> BoxFuture<'a, Result<Case, String>>;

/// One row: a mutating route and who may call it.
struct Entry {
    /// The route's method, as in `ROUTES`.
    method: Method,
    /// The route's pattern, as in `ROUTES`.
    pattern: &'static str,
    /// Who may do it, in words: the documentation column.
    who: &'static str,
    /// The roles that may, in the order they run (the first must get a 2xx).
    allowed: &'static [R],
    /// Signed-in roles that cannot see the object, so get 404 rather than 403.
    hidden: &'static [R],
    /// Makes fresh objects and says what each role sends.
    setup: Setup,
}

/// Every mutating route, with who may call it.
fn matrix() -> Vec<Entry> {
    vec![
        // ---------------- Accounts ----------------
        Entry {
            method: Method::Post,
            pattern: "/api/auth/register",
            who: "everyone (signed in or not) may create an account",
            allowed: &ALL,
            hidden: &[],
            setup: |_| {
                Box::pin(async move {
                    Ok(Case::per_role(|r| {
                        Req::json(
                            "/api/auth/register",
                            json!({"email": unique_email("authz-reg"), "password": "password-123",
                                   "display_name": format!("註冊 {}", r.label())}),
                        )
                    }))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/auth/login",
            who: "everyone may sign in with an account's password (each role with its own)",
            allowed: &ALL,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let stranger = w.fixture("authz-login").await?;
                    let creds: HashMap<R, (String, String)> = ALL
                        .iter()
                        .map(|&r| {
                            let a = if r == Anonymous { &stranger } else { w.actor(r) };
                            (r, (a.email.clone(), a.password.clone()))
                        })
                        .collect();
                    Ok(Case::per_role(move |r| {
                        let (email, password) = &creds[&r];
                        Req::json("/api/auth/login", json!({"email": email, "password": password}))
                    }))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/auth/logout",
            who: "everyone (signed out it is a no-op); run on a second session of each account",
            allowed: &ALL,
            hidden: &[],
            setup: |_| Box::pin(async move { Ok(Case::same(Req::empty("/api/auth/logout")).second_session()) }),
        },
        Entry {
            method: Method::Post,
            pattern: "/api/auth/password-reset",
            who: "everyone may ask for a reset link (the same 202 whether or not the e-mail has an account)",
            allowed: &ALL,
            hidden: &[],
            setup: |_| {
                Box::pin(async move {
                    Ok(Case::per_role(|_| {
                        Req::json("/api/auth/password-reset", json!({"email": unique_email("authz-reset")}))
                    }))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/auth/password-reset/confirm",
            who: "whoever holds a reset link's token (each role with a link of its own, read from the sent message)",
            allowed: &ALL,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let mut tokens = HashMap::new();
                    for &r in &ALL {
                        let a = w.fixture(&format!("authz-confirm-{}", r.label())).await?;
                        let body = Body::Json(json!({"email": a.email}));
                        let resp = w.raw(&w.anonymous(), Method::Post, "/api/auth/password-reset", &body).await?;
                        if resp.status().as_u16() != 202 {
                            return Err(format!("reset request for {} answered {}", a.email, resp.status()));
                        }
                        let mail = commons_tests::mail::wait_for_mails(&a.email, 1).await;
                        let link = commons_tests::mail::link_in(&mail[0], "/password-reset/confirm");
                        tokens.insert(r, commons_tests::mail::token_of(&link));
                    }
                    Ok(Case::per_role(move |r| {
                        Req::json(
                            "/api/auth/password-reset/confirm",
                            json!({"token": tokens[&r], "password": "password-456"}),
                        )
                    }))
                })
            },
        },
        Entry {
            method: Method::Patch,
            pattern: "/api/auth/me",
            who: "any signed-in user, for their own account",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |_| {
                Box::pin(async move {
                    Ok(Case::per_role(|r| Req::json("/api/auth/me", json!({"display_name": format!("權限 {}", r.label())}))))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/admin/users/{id}/roles",
            who: "admins grant roles",
            allowed: ADMIN_ONLY,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let target = w.fixture("authz-grant").await?;
                    Ok(Case::same(Req::json(format!("/api/admin/users/{}/roles", target.id), json!({"role": "researcher"})))
                        .probe(Probe::fields(&target, "/api/auth/me", &["/user/roles"])))
                })
            },
        },
        Entry {
            method: Method::Delete,
            pattern: "/api/admin/users/{id}/roles",
            who: "admins revoke roles",
            allowed: ADMIN_ONLY,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let target = w.fixture_with("authz-revoke", "researcher", None).await?;
                    Ok(Case::same(Req::empty(format!("/api/admin/users/{}/roles?role=researcher", target.id)))
                        .probe(Probe::fields(&target, "/api/auth/me", &["/user/roles"])))
                })
            },
        },
        // ---------------- Booking ----------------
        Entry {
            method: Method::Post,
            pattern: "/api/instruments/{id}/trainings",
            who: "staff of the instrument's centre (A) record a training; admins",
            allowed: STAFF_OF_A,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let target = w.fixture("authz-trainee").await?;
                    let inst = w.training_a;
                    let slot = w.slot(inst).await?;
                    // Nothing lists trainings, but a booking by quota without a PI is refused
                    // for a different reason once the training is recorded (and never stored).
                    let probe = Probe::post(
                        &target,
                        "/api/bookings",
                        json!({"instrument_id": inst, "start": slot.0, "end": slot.1, "payment": "quota"}),
                        |status, body| json!([status, body["message"]]),
                    );
                    Ok(Case::same(Req::json(format!("/api/instruments/{inst}/trainings"), json!({"user_id": target.id})))
                        .probe(probe))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/bookings",
            who: "any signed-in user books a free slot (cash; training and PI group checked per instrument)",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let inst = w.free_a[0];
                    let mut slots = HashMap::new();
                    for r in ALL {
                        slots.insert(r, w.slot(inst).await?);
                    }
                    Ok(Case::per_role(move |r| {
                        let (start, end) = &slots[&r];
                        Req::json(
                            "/api/bookings",
                            json!({"instrument_id": inst, "start": start, "end": end, "payment": "cash"}),
                        )
                    }))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/bookings/{id}/confirm",
            who: "staff of the booking's centre (A) confirm a pending booking; admins",
            allowed: STAFF_OF_A,
            hidden: NOT_THE_BOOKINGS_PARTIES,
            setup: |w| {
                Box::pin(async move {
                    let id = w.booking(w.actor(Member), w.approval_a).await?;
                    Ok(Case::same(Req::empty(format!("/api/bookings/{id}/confirm"))).probe(w.booking_status(&id)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/bookings/{id}/cancel",
            who: "the booker (member) until the cancellation deadline, or staff of the booking's centre (A) any time; admins",
            allowed: &[Member, StaffA, Admin],
            hidden: NOT_THE_BOOKINGS_PARTIES,
            setup: |w| {
                Box::pin(async move {
                    let id = w.booking(w.actor(Member), w.free_a[0]).await?;
                    Ok(Case::same(Req::empty(format!("/api/bookings/{id}/cancel"))).probe(w.booking_status(&id)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/me/group/members",
            who: "a PI adds a member to their group (an admin passes the role check but has no quota account: 409)",
            allowed: &[Pi, Admin],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let target = w.fixture("authz-groupie").await?;
                    Ok(Case::same(Req::json("/api/me/group/members", json!({"email": target.email})))
                        .probe(Probe::fields(&target, "/api/me/quota", &["/quotas"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/admin/quota",
            who: "admins grant quota to a PI",
            allowed: ADMIN_ONLY,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let pi = w.fixture_with("authz-quota-pi", "pi", None).await?;
                    Ok(Case::same(Req::json(
                        "/api/admin/quota",
                        json!({"pi_user_id": pi.id, "amount": 1000, "grant_code": "AUTHZ"}),
                    ))
                    .probe(Probe::fields(&pi, "/api/me/quota", &["/quotas"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/bookings/{id}/complete",
            who: "staff of the booking's centre (A) settle a confirmed booking; admins",
            allowed: STAFF_OF_A,
            hidden: NOT_THE_BOOKINGS_PARTIES,
            setup: |w| {
                Box::pin(async move {
                    // Settled after the experiment: the server refuses before the start.
                    let (id, end) = w.booking_until(w.actor(Member), w.free_a[0]).await?;
                    Ok(Case::same(Req::json(format!("/api/bookings/{id}/complete"), json!({})).at(end))
                        .probe(w.booking_status(&id)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/bookings/{id}/no-show",
            who: "staff of the booking's centre (A) record a no-show; admins",
            allowed: STAFF_OF_A,
            hidden: NOT_THE_BOOKINGS_PARTIES,
            setup: |w| {
                Box::pin(async move {
                    let (id, end) = w.booking_until(w.actor(Member), w.free_a[0]).await?;
                    Ok(Case::same(Req::empty(format!("/api/bookings/{id}/no-show")).at(end)).probe(w.booking_status(&id)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/centers/{id}/blackouts",
            who: "staff of the centre (A) black out the centre or one of its instruments; admins",
            allowed: STAFF_OF_A,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let inst = w.free_a[1];
                    let (start, end) = w.slot(inst).await?;
                    let calendar = format!("/api/instruments/{inst}/calendar?from={start}&to={end}");
                    Ok(Case::same(Req::json(
                        format!("/api/centers/{}/blackouts", w.centre_a),
                        json!({"instrument_id": inst, "start": start, "end": end, "reason": "權限矩陣"}),
                    ))
                    .probe(Probe::fields(&w.anonymous(), calendar, &["/busy"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/waitlist",
            who: "any signed-in user waits for a taken slot",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let inst = w.free_a[1];
                    let booker = w.fixture("authz-wait-booker").await?;
                    let (start, end) = w.slot(inst).await?;
                    w.ok(
                        &booker,
                        Method::Post,
                        "/api/bookings",
                        &Body::Json(json!({"instrument_id": inst, "start": start, "end": end, "payment": "cash"})),
                    )
                    .await?;
                    Ok(Case::same(Req::json("/api/waitlist", json!({"instrument_id": inst, "start": start, "end": end}))))
                })
            },
        },
        Entry {
            method: Method::Put,
            pattern: "/api/me/favorites/{id}",
            who: "any signed-in user, for their own favourites",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    Ok(Case::same(Req::json(format!("/api/me/favorites/{}", w.free_a[2]), json!({"substitutes": []}))))
                })
            },
        },
        Entry {
            method: Method::Delete,
            pattern: "/api/me/favorites/{id}",
            who: "any signed-in user, for their own favourites (404 when it is not one)",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let path = format!("/api/me/favorites/{}", w.free_a[1]);
                    for &r in SIGNED_IN {
                        w.ok(w.actor(r), Method::Put, &path, &Body::Json(json!({"substitutes": []}))).await?;
                    }
                    Ok(Case::same(Req::empty(path)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/me/calendar-feed/rotate",
            who: "any signed-in user, for their own calendar feed",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |_| Box::pin(async move { Ok(Case::same(Req::empty("/api/me/calendar-feed/rotate"))) }),
        },
        Entry {
            method: Method::Put,
            pattern: "/api/centers/{id}/booking-limits",
            who: "staff of the centre (A) set what one person may hold ahead of time; admins",
            allowed: STAFF_OF_A,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    // The widest limits the API takes, so that the other
                    // entries' bookings at centre A are never refused by them.
                    Ok(Case::same(Req::json(
                        format!("/api/centers/{}/booking-limits", w.centre_a),
                        json!({"max_future_bookings": 500, "max_future_hours": 5000}),
                    )))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/me/notifications/read",
            who: "any signed-in user, for their own bell",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |_| Box::pin(async move { Ok(Case::same(Req::empty("/api/me/notifications/read"))) }),
        },
        Entry {
            method: Method::Post,
            pattern: "/api/me/notifications/{id}/read",
            who: "only the notification's owner (member); to everyone else it does not exist, admins included",
            allowed: &[Member],
            hidden: &[Researcher, Pi, StaffA, StaffB, PublisherX, PublisherY, ReviewerX, Moderator, Admin],
            setup: |w| {
                Box::pin(async move {
                    let (q, _) = w.answered_question_of_member().await?;
                    let link = format!("/qa/questions/{q}");
                    let bell = w.ok(w.actor(Member), Method::Get, "/api/me/notifications", &Body::Empty).await?;
                    let id = items(&bell["notifications"])
                        .into_iter()
                        .find(|n| n["kind"] == "new_answer" && n["link"] == link.as_str())
                        .and_then(|n| n["id"].as_i64())
                        .ok_or_else(|| format!("no new-answer notification for {link}: {bell}"))?;
                    let probe = Probe::get(w.actor(Member), "/api/me/notifications", move |status, body| {
                        let n = items(&body["notifications"]).into_iter().find(|n| n["id"] == id);
                        json!([status, n.map(|n| n["read"].clone())])
                    });
                    Ok(Case::same(Req::empty(format!("/api/me/notifications/{id}/read"))).probe(probe))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/admin/jobs/{name}",
            who: "admins run a scheduled job by hand (here: prune, which only drops expired throttle rows)",
            allowed: ADMIN_ONLY,
            hidden: &[],
            setup: |_| Box::pin(async move { Ok(Case::same(Req::json("/api/admin/jobs/prune", json!({})))) }),
        },
        Entry {
            method: Method::Patch,
            pattern: "/api/instruments/{id}",
            who: "staff of the instrument's centre (A) change its fees and rules; admins",
            allowed: STAFF_OF_A,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let inst = w.free_a[2];
                    let path = format!("/api/instruments/{inst}");
                    let now = w.ok(&w.anonymous(), Method::Get, &path, &Body::Empty).await?;
                    let fee = now["instrument"]["fee_industry"].as_i64().ok_or("no fee_industry")?;
                    // The industry fee: bookings here are costed at the academic one.
                    Ok(Case::same(Req::json(&path, json!({"fee_industry": fee + 1})))
                        .probe(Probe::fields(&w.anonymous(), path, &["/instrument/fee_industry"])))
                })
            },
        },
        // ---------------- Open data ----------------
        Entry {
            method: Method::Post,
            pattern: "/api/admin/datasets/import",
            who: "admins import datasets",
            allowed: ADMIN_ONLY,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.identifier();
                    Ok(Case::same(Req::json(
                        "/api/admin/datasets/import",
                        json!({"source": "seed", "items": [
                            {"identifier": id, "title": "權限矩陣匯入", "organization": w.org_x_title}
                        ]}),
                    ))
                    .probe(Probe::fields(&w.anonymous(), format!("/api/datasets/{id}"), &["/dataset/meta/title"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/3/action/{name}",
            who: "everyone: CKAN's actions are reads, also by POST",
            allowed: &ALL,
            hidden: &[],
            setup: |_| {
                Box::pin(async move { Ok(Case::same(Req::json("/api/3/action/package_search", json!({"rows": 1})))) })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/action/{name}",
            who: "everyone: CKAN's actions are reads, also by POST",
            allowed: &ALL,
            hidden: &[],
            setup: |_| {
                Box::pin(async move { Ok(Case::same(Req::json("/api/action/organization_list", json!({"limit": 2})))) })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/datasets/{id}/resources",
            who: "publishers of the dataset's agency (X) upload a CSV; admins",
            allowed: PUBLISHER_OF_X,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let ds = w.dataset_of_x().await?;
                    let probe = Probe::get(&w.anonymous(), format!("/api/datasets/{ds}"), |status, body| {
                        json!([status, body["dataset"]["resources"].as_array().map(Vec::len)])
                    });
                    Ok(Case::same(Req {
                        path: format!("/api/datasets/{ds}/resources?description=authz"),
                        body: Body::Csv("年,值\n2020,1\n2021,2\n".to_string()),
                        clock: None,
                    })
                    .probe(probe))
                })
            },
        },
        Entry {
            method: Method::Put,
            pattern: "/api/datasets/{id}",
            who: "publishers of the named agency (X) create or replace its datasets; admins",
            allowed: PUBLISHER_OF_X,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.identifier();
                    Ok(Case::same(Req::json(
                        format!("/api/datasets/{id}"),
                        json!({"identifier": id, "title": "權限矩陣資料集", "organization": w.org_x_title}),
                    ))
                    .probe(Probe::fields(&w.anonymous(), format!("/api/datasets/{id}"), &["/dataset/meta/title"])))
                })
            },
        },
        Entry {
            method: Method::Put,
            pattern: "/api/drafts/{id}",
            who: "publishers of the named agency (X) save a draft of its datasets (not public until reviewed); admins",
            allowed: PUBLISHER_OF_X,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.identifier();
                    Ok(Case::same(Req::json(
                        format!("/api/drafts/{id}"),
                        json!({"identifier": id, "title": "權限矩陣草稿", "organization": w.org_x_title}),
                    ))
                    .probe(Probe::fields(&w.boss, format!("/api/drafts/{id}"), &["/state", "/dataset/title"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/drafts/{id}/submit",
            who: "publishers of the draft's agency (X) submit it for review; admins",
            allowed: PUBLISHER_OF_X,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.draft_of_x(false).await?;
                    Ok(Case::same(Req::empty(format!("/api/drafts/{id}/submit")))
                        .probe(Probe::fields(&w.boss, format!("/api/drafts/{id}"), &["/state"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/drafts/{id}/review",
            who: "reviewers of the draft's agency (X) approve or return a pending draft; admins (not its publishers)",
            allowed: &[ReviewerX, Admin],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.draft_of_x(true).await?;
                    Ok(Case::same(Req::json(
                        format!("/api/drafts/{id}/review"),
                        json!({"approve": false, "comment": "權限矩陣退回"}),
                    ))
                    .probe(Probe::fields(&w.boss, format!("/api/drafts/{id}"), &["/state", "/comment"])))
                })
            },
        },
        Entry {
            method: Method::Put,
            pattern: "/api/datasets/{id}/subscription",
            who: "any signed-in user subscribes to a dataset",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let ds = w.dataset_of_x().await?;
                    Ok(Case::same(Req::empty(format!("/api/datasets/{ds}/subscription"))))
                })
            },
        },
        Entry {
            method: Method::Delete,
            pattern: "/api/datasets/{id}/subscription",
            who: "any signed-in user ends their own subscription",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let ds = w.dataset_of_x().await?;
                    let path = format!("/api/datasets/{ds}/subscription");
                    for &r in SIGNED_IN {
                        w.ok(w.actor(r), Method::Put, &path, &Body::Empty).await?;
                    }
                    Ok(Case::same(Req::empty(path)))
                })
            },
        },
        Entry {
            method: Method::Put,
            pattern: "/api/datasets/{id}/rating",
            who: "any signed-in user rates a dataset (one rating each)",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let ds = w.dataset_of_x().await?;
                    Ok(Case::same(Req::json(format!("/api/datasets/{ds}/rating"), json!({"stars": 4}))).probe(
                        Probe::fields(&w.anonymous(), format!("/api/datasets/{ds}"), &["/dataset/rating_count"]),
                    ))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/datasets/{id}/feedback",
            who: "any signed-in user opens a feedback thread",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let ds = w.dataset_of_x().await?;
                    Ok(Case::same(Req::json(
                        format!("/api/datasets/{ds}/feedback"),
                        json!({"kind": "question", "title": "權限矩陣提問", "body": "內容"}),
                    ))
                    .probe(Probe::fields(&w.anonymous(), format!("/api/datasets/{ds}/feedback"), &["/threads"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/feedback/{id}/replies",
            who: "the thread's author (member), or publishers of the dataset's agency (X); admins",
            allowed: &[Member, PublisherX, Admin],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let (ds, thread) = w.thread_by_member().await?;
                    Ok(Case::same(Req::json(format!("/api/feedback/{thread}/replies"), json!({"body": "回覆"})))
                        .probe(Probe::fields(&w.anonymous(), format!("/api/datasets/{ds}/feedback"), &["/threads"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/feedback/{id}/close",
            who: "the thread's author (member), or publishers of the dataset's agency (X); admins",
            allowed: &[Member, PublisherX, Admin],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let (ds, thread) = w.thread_by_member().await?;
                    Ok(Case::same(Req::empty(format!("/api/feedback/{thread}/close")))
                        .probe(Probe::fields(&w.anonymous(), format!("/api/datasets/{ds}/feedback"), &["/threads"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/dataset-requests",
            who: "any signed-in user proposes a dataset",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |_| {
                Box::pin(async move {
                    Ok(Case::per_role(|r| {
                        Req::json("/api/dataset-requests", json!({"title": format!("權限矩陣需求 {}", r.label())}))
                    }))
                })
            },
        },
        Entry {
            method: Method::Put,
            pattern: "/api/dataset-requests/{id}/vote",
            who: "any signed-in user +1s someone else's request (the proposer may not: 422)",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.request_by_stranger(None).await?;
                    Ok(Case::same(Req::empty(format!("/api/dataset-requests/{id}/vote"))).probe(w.request_state(id)))
                })
            },
        },
        Entry {
            method: Method::Delete,
            pattern: "/api/dataset-requests/{id}/vote",
            who: "any signed-in user takes back their own +1",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.request_by_stranger(None).await?;
                    let path = format!("/api/dataset-requests/{id}/vote");
                    for &r in SIGNED_IN {
                        w.ok(w.actor(r), Method::Put, &path, &Body::Empty).await?;
                    }
                    Ok(Case::same(Req::empty(path)).probe(w.request_state(id)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/dataset-requests/{id}/answer",
            who: "publishers of the agency the request names (X; any publisher when it names none); admins",
            allowed: PUBLISHER_OF_X,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let id = w.request_by_stranger(Some(w.org_x.clone())).await?;
                    Ok(Case::same(Req::json(
                        format!("/api/dataset-requests/{id}/answer"),
                        json!({"status": "answered", "answer": "評估中"}),
                    ))
                    .probe(w.request_state(id)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/showcases",
            who: "any signed-in user submits a showcase for review",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let ds = w.dataset_of_x().await?;
                    Ok(Case::per_role(move |r| {
                        Req::json(
                            "/api/showcases",
                            json!({"title": format!("權限矩陣應用 {}", r.label()),
                                   "url": "https://example.tw/authz", "datasets": [ds]}),
                        )
                    }))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/showcases/{id}/review",
            who: "publishers of an agency whose dataset the showcase uses (X) approve or reject it; admins",
            allowed: PUBLISHER_OF_X,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let ds = w.dataset_of_x().await?;
                    let author = w.fixture("authz-showcaser").await?;
                    let made = w
                        .ok(
                            &author,
                            Method::Post,
                            "/api/showcases",
                            &Body::Json(
                                json!({"title": "權限矩陣審查", "url": "https://example.tw/review", "datasets": [ds]}),
                            ),
                        )
                        .await?;
                    let id = made["id"].as_i64().ok_or("no showcase id")?;
                    let probe = Probe::get(
                        &w.boss,
                        format!("/api/showcases?status=pending&dataset={ds}"),
                        move |status, body| {
                            let found = items(&body["showcases"]).iter().any(|s| s["showcase"]["id"] == id);
                            json!([status, found])
                        },
                    );
                    Ok(Case::same(Req::json(format!("/api/showcases/{id}/review"), json!({"approve": true}))).probe(probe))
                })
            },
        },
        // ---------------- Knowledge Q&A ----------------
        Entry {
            method: Method::Post,
            pattern: "/api/qa/questions",
            who: "any signed-in user asks (level 1 may ask 5 a day)",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let tag = w.tag.clone();
                    Ok(Case::per_role(move |r| {
                        Req::json(
                            "/api/qa/questions",
                            json!({"title": format!("權限矩陣提問 {}", r.label()), "body": "內容", "tags": [tag]}),
                        )
                    }))
                })
            },
        },
        Entry {
            method: Method::Patch,
            pattern: "/api/qa/questions/{id}",
            who: "the author (member), level 4 (edit others), or moderators; admins",
            allowed: &[Member, Moderator, Admin],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let q = w.question(w.actor(Member)).await?;
                    Ok(Case::same(Req::json(
                        format!("/api/qa/questions/{q}"),
                        json!({"title": "權限矩陣已編輯", "body": "新內容", "tags": [w.tag]}),
                    ))
                    .probe(Probe::fields(&w.boss, format!("/api/qa/questions/{q}"), &["/question/title"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/questions/{id}/answers",
            who: "any signed-in user answers a visible question",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-asker").await?;
                    let q = w.question(&asker).await?;
                    Ok(Case::same(Req::json(format!("/api/qa/questions/{q}/answers"), json!({"body": "權限矩陣回答"}))))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/questions/{id}/duplicate",
            who: "level 5 (close as duplicate) or moderators; admins",
            allowed: MODERATORS,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-dup").await?;
                    let original = w.question(&asker).await?;
                    let copy = w.question(&asker).await?;
                    Ok(Case::same(Req::json(format!("/api/qa/questions/{copy}/duplicate"), json!({"of": original})))
                        .probe(Probe::fields(&w.boss, format!("/api/qa/questions/{copy}"), &["/question/duplicate_of"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/comments",
            who: "anyone on their own thread; elsewhere level 2 (15 points: a fresh account is level 1) or moderators; admins",
            allowed: MODERATORS,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-commented").await?;
                    let q = w.question(&asker).await?;
                    Ok(Case::same(Req::json("/api/qa/comments", json!({"kind": "question", "id": q, "body": "權限矩陣留言"})))
                        .probe(Probe::fields(&w.boss, format!("/api/qa/questions/{q}"), &["/question/comments"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/votes",
            who: "any signed-in user upvotes someone else's post (downvotes: level 3 or moderators)",
            allowed: SIGNED_IN,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-voted").await?;
                    let q = w.question(&asker).await?;
                    Ok(Case::same(Req::json("/api/qa/votes", json!({"kind": "question", "id": q, "value": 1})))
                        .probe(Probe::fields(&w.boss, format!("/api/qa/questions/{q}"), &["/question/score"])))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/answers/{id}/accept",
            who: "only the question's asker (member) accepts an answer; not moderators, not admins",
            allowed: &[Member],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let (q, a) = w.answered_question_of_member().await?;
                    Ok(Case::same(Req::empty(format!("/api/qa/answers/{a}/accept"))).probe(w.accepted_state(q)))
                })
            },
        },
        Entry {
            method: Method::Delete,
            pattern: "/api/qa/answers/{id}/accept",
            who: "only the question's asker (member) withdraws the acceptance; not moderators, not admins",
            allowed: &[Member],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let (q, a) = w.answered_question_of_member().await?;
                    w.ok(w.actor(Member), Method::Post, &format!("/api/qa/answers/{a}/accept"), &Body::Empty).await?;
                    Ok(Case::same(Req::empty(format!("/api/qa/answers/{a}/accept"))).probe(w.accepted_state(q)))
                })
            },
        },
        Entry {
            method: Method::Patch,
            pattern: "/api/qa/answers/{id}",
            who: "the answer's author (member), level 4 (edit others), or moderators; admins",
            allowed: &[Member, Moderator, Admin],
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-asker").await?;
                    let q = w.question(&asker).await?;
                    let a = w.answer(w.actor(Member), q).await?;
                    let probe = Probe::get(&w.boss, format!("/api/qa/questions/{q}"), move |status, body| {
                        let mine = items(&body["question"]["answers"]).into_iter().find(|x| x["id"] == a);
                        json!([status, mine.map(|x| x["body"].clone())])
                    });
                    Ok(Case::same(Req::json(format!("/api/qa/answers/{a}"), json!({"body": "權限矩陣已編輯的回答"})))
                        .probe(probe))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/answers/{id}/promote",
            who: "moderators promote an accepted answer to the FAQ; admins",
            allowed: MODERATORS,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-promote-q").await?;
                    let answerer = w.fixture("authz-promote-a").await?;
                    let q = w.question(&asker).await?;
                    let a = w.answer(&answerer, q).await?;
                    w.ok(&asker, Method::Post, &format!("/api/qa/answers/{a}/accept"), &Body::Empty).await?;
                    let probe = Probe::get(&w.anonymous(), "/api/qa/faq?service=qa", move |status, body| {
                        json!([status, items(&body["faq"]).iter().any(|f| f["source_answer_id"] == a)])
                    });
                    Ok(Case::same(Req::json(
                        format!("/api/qa/answers/{a}/promote"),
                        json!({"service": "qa", "category": "權限矩陣"}),
                    ))
                    .probe(probe))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/flags",
            who: "members from level 2 flag a post once (fresh accounts get 403: flagging is earned); moderators; admins",
            allowed: MODERATORS,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-flagged").await?;
                    let q = w.question(&asker).await?;
                    Ok(Case::same(Req::json("/api/qa/flags", json!({"kind": "question", "id": q, "reason": "spam"})))
                        .probe(w.queue_state(q)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/moderation",
            who: "moderators, and members of the top level (傳奇: the moderate privilege), restore or remove a flagged post; admins",
            allowed: MODERATORS,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let asker = w.fixture("authz-moderated").await?;
                    let q = w.question(&asker).await?;
                    // A fresh account may not flag; the seeded admin's flag hides at once.
                    w.ok(
                        &w.boss,
                        Method::Post,
                        "/api/qa/flags",
                        &Body::Json(json!({"kind": "question", "id": q, "reason": "spam"})),
                    )
                    .await?;
                    Ok(Case::same(Req::json("/api/qa/moderation", json!({"kind": "question", "id": q, "action": "restore"})))
                        .probe(w.queue_state(q)))
                })
            },
        },
        Entry {
            method: Method::Post,
            pattern: "/api/qa/faq",
            who: "moderators write FAQ entries; admins",
            allowed: MODERATORS,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let tag = w.tag.clone();
                    let probe_tag = tag.clone();
                    let probe = Probe::get(&w.anonymous(), "/api/qa/faq?service=qa", move |status, body| {
                        let mine = items(&body["faq"])
                            .iter()
                            .filter(|f| f["title"].as_str().is_some_and(|t| t.contains(&probe_tag)))
                            .count();
                        json!([status, mine])
                    });
                    Ok(Case::per_role(move |r| {
                        Req::json(
                            "/api/qa/faq",
                            json!({"service": "qa", "category": "權限矩陣",
                                   "title": format!("權限矩陣 FAQ {tag} {}", r.label()), "body": "說明"}),
                        )
                    })
                    .probe(probe))
                })
            },
        },
        Entry {
            method: Method::Put,
            pattern: "/api/admin/qa/rules",
            who: "admins change the points rules (here: set daily_cap to its current value)",
            allowed: ADMIN_ONLY,
            hidden: &[],
            setup: |w| {
                Box::pin(async move {
                    let now = w.ok(&w.boss, Method::Get, "/api/admin/qa/rules", &Body::Empty).await?;
                    let cap = now["rules"]["daily_cap"].as_i64().ok_or("no daily_cap rule")?;
                    Ok(Case::same(Req::json("/api/admin/qa/rules", json!({"daily_cap": cap})))
                        .probe_unchanged(Probe::fields(&w.boss, "/api/admin/qa/rules", &["/rules"])))
                })
            },
        },
    ]
}

/// What is wrong with [`matrix`] against the route table: a mutating route
/// without exactly one entry, an entry for a route that does not exist, or
/// an entry whose role lists contradict each other.
fn coverage_problems() -> Vec<String> {
    let entries = matrix();
    let mut problems = Vec::new();
    let mut count: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for e in &entries {
        *count.entry((e.method.as_lower(), e.pattern)).or_default() += 1;
    }
    for r in ROUTES.iter().filter(|r| r.method.is_mutating()) {
        match count.get(&(r.method.as_lower(), r.pattern)).copied().unwrap_or(0) {
            1 => {}
            0 => problems.push(format!(
                "{} {} ({:?}) has no entry in the authorization matrix",
                r.method.as_lower(),
                r.pattern,
                r.id
            )),
            n => problems.push(format!(
                "{} {} has {n} entries in the authorization matrix",
                r.method.as_lower(),
                r.pattern
            )),
        }
    }
    for e in &entries {
        let exists = ROUTES.iter().any(|r| r.method == e.method && r.pattern == e.pattern);
        if !exists {
            problems.push(format!(
                "the matrix has an entry for {} {}, which is not in ROUTES",
                e.method.as_lower(),
                e.pattern
            ));
        } else if !e.method.is_mutating() {
            problems.push(format!("{} {} is not a mutating route", e.method.as_lower(), e.pattern));
        }
        let route = format!("{} {}", e.method.as_lower(), e.pattern);
        if e.allowed.is_empty() {
            problems.push(format!("{route}: nobody may call it"));
        }
        if e.hidden.iter().any(|r| e.allowed.contains(r) || *r == Anonymous) {
            problems.push(format!("{route}: a hidden role is allowed, or anonymous (who always gets 401)"));
        }
        let distinct: BTreeSet<R> = e.allowed.iter().copied().collect();
        if distinct.len() != e.allowed.len() {
            problems.push(format!("{route}: a role is listed twice"));
        }
    }
    problems
}

#[test]
fn every_mutating_route_has_exactly_one_matrix_entry() {
    let problems = coverage_problems();
    assert!(problems.is_empty(), "the authorization matrix and ROUTES disagree:\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// A request body.
#[derive(Debug, Clone)]
enum Body {
    /// No body.
    Empty,
    /// A JSON body.
    Json(Value),
    /// A CSV upload.
    Csv(String),
}

/// The path and body one role sends.
#[derive(Debug, Clone)]
struct Req {
    /// Path and query.
    path: String,
    /// Body.
    body: Body,
    /// The time the server should take as now (`x-commons-test-now`, honoured
    /// by the local test stack only): settling a booking needs it to have started.
    clock: Option<String>,
}

impl Req {
    /// A request without a body.
    fn empty(path: impl Into<String>) -> Req {
        Req { path: path.into(), body: Body::Empty, clock: None }
    }
    /// A request with a JSON body.
    fn json(path: impl Into<String>, body: Value) -> Req {
        Req { path: path.into(), body: Body::Json(body), clock: None }
    }
    /// Sent as if at `t` (RFC 3339) on the test stack.
    fn at(mut self, t: String) -> Req {
        self.clock = Some(t);
        self
    }
}

/// What a role reads to see whether a request changed anything.
struct Probe {
    /// Who reads.
    who: Actor,
    /// GET, or POST for a request that is refused either way (the training probe).
    method: Method,
    /// Path and query.
    path: String,
    /// Body (for POST).
    body: Body,
    /// The part of the answer that a denied request must not change.
    pick: Pick,
}

/// What a probe keeps of an answer, from its status and body.
type Pick = Box<dyn Fn(u16, &Value) -> Value + Send + Sync>;

/// A role's account, and the role it is granted (with its scope), if any.
type Grant<'a> = (R, Option<(&'a str, Option<&'a str>)>);

impl Probe {
    /// `GET path` as `who`, keeping what `pick` takes from (status, body).
    fn get(who: &Actor, path: impl Into<String>, pick: impl Fn(u16, &Value) -> Value + Send + Sync + 'static) -> Probe {
        Probe { who: who.clone(), method: Method::Get, path: path.into(), body: Body::Empty, pick: Box::new(pick) }
    }
    /// `GET path` as `who`, keeping the status and the values at `pointers`.
    fn fields(who: &Actor, path: impl Into<String>, pointers: &'static [&'static str]) -> Probe {
        Probe::get(who, path, move |status, body| {
            let mut v = vec![json!(status)];
            v.extend(pointers.iter().map(|p| body.pointer(p).cloned().unwrap_or(Value::Null)));
            Value::Array(v)
        })
    }
    /// `POST path` with `body` as `who`, for a request that is refused either way.
    fn post(
        who: &Actor,
        path: &str,
        body: Value,
        pick: impl Fn(u16, &Value) -> Value + Send + Sync + 'static,
    ) -> Probe {
        Probe {
            who: who.clone(),
            method: Method::Post,
            path: path.into(),
            body: Body::Json(body),
            pick: Box::new(pick),
        }
    }
}

/// What each role sends for one entry, and how to see a change.
struct Case {
    /// The request of each role.
    request: Box<dyn Fn(R) -> Req + Send + Sync>,
    /// Read before and after the denied roles: must not differ.
    probe: Option<Probe>,
    /// Whether the allowed roles must change what the probe reads (so a probe
    /// that cannot see a change, and would prove nothing, fails).
    probe_sees_change: bool,
    /// Whether each role sends on a second session of its account (logout
    /// would otherwise end the session the later entries use).
    second_session: bool,
}

impl Case {
    /// The same request for every role.
    fn same(req: Req) -> Case {
        Case { request: Box::new(move |_| req.clone()), probe: None, probe_sees_change: true, second_session: false }
    }
    /// A request per role (e.g. a distinct slot or title each).
    fn per_role(f: impl Fn(R) -> Req + Send + Sync + 'static) -> Case {
        Case { request: Box::new(f), probe: None, probe_sees_change: true, second_session: false }
    }
    /// With a state probe, which the allowed roles' requests must change.
    fn probe(mut self, p: Probe) -> Case {
        self.probe = Some(p);
        self
    }
    /// With a state probe that the allowed roles leave as it is (they write the current value).
    fn probe_unchanged(mut self, p: Probe) -> Case {
        self.probe = Some(p);
        self.probe_sees_change = false;
        self
    }
    /// Sent on a second session of each role's account.
    fn second_session(mut self) -> Case {
        self.second_session = true;
        self
    }
}

/// The elements of a JSON array (none when it is not one).
fn items(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

// ---------------------------------------------------------------------------
// The world: role accounts, centres, agencies, and object factories
// ---------------------------------------------------------------------------

/// An account (or nobody), as the cookie its requests carry.
#[derive(Debug, Clone)]
struct Actor {
    /// `commons_session=…`, or none when signed out.
    cookie: Option<String>,
    /// User id (0 for anonymous).
    id: i64,
    /// E-mail (empty for anonymous).
    email: String,
    /// Password (empty for anonymous).
    password: String,
    /// The client address it sends from, so per-address budgets never spill between actors.
    ip: String,
}

/// Everything the entries share.
struct World {
    /// One client without a cookie jar or redirects: every request carries its actor's cookie.
    http: reqwest::Client,
    /// The seeded admin: makes objects and reads probes, and is none of the eleven roles.
    boss: Actor,
    /// The eleven role accounts.
    roles: HashMap<R, Actor>,
    /// Centre A (the objects' centre) and B.
    centre_a: String,
    centre_b: String,
    /// An instrument of A that needs approval (not training).
    approval_a: i64,
    /// An instrument of A that needs training (not approval).
    training_a: i64,
    /// Instruments of A that need neither.
    free_a: Vec<i64>,
    /// Agency X (the objects' agency) and its title; agency Y.
    org_x: String,
    org_x_title: String,
    org_y: String,
    /// A word no earlier run used, for identifiers, titles and tags.
    tag: String,
    /// Slots handed out or busy per instrument, as (start, end) unix seconds.
    slots: Mutex<HashMap<i64, Vec<(i64, i64)>>>,
    /// Datasets and other numbered objects made so far.
    made: AtomicUsize,
    /// Requests sent, all told.
    sent: AtomicUsize,
    /// The member's feedback thread (see [`World::thread_by_member`]).
    member_thread: tokio::sync::OnceCell<(String, i64)>,
}

/// `Method` as reqwest spells it.
fn http_method(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// The session cookie an answer sets, as a `Cookie` header value.
fn session_cookie_of(resp: &reqwest::Response) -> Option<String> {
    resp.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        let pair = v.split(';').next()?.trim();
        let value = pair.strip_prefix(SESSION_COOKIE)?.strip_prefix('=')?;
        (!value.is_empty() && value != "deleted").then(|| pair.to_string())
    })
}

impl World {
    /// Signs the seeded admin in, makes the eleven role accounts and picks the centres and agencies.
    async fn new() -> World {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let mut w = World {
            http,
            boss: Actor { cookie: None, id: 0, email: String::new(), password: String::new(), ip: unique_ip() },
            roles: HashMap::new(),
            centre_a: String::new(),
            centre_b: String::new(),
            approval_a: 0,
            training_a: 0,
            free_a: Vec::new(),
            org_x: PUBLISHER_ORG.to_string(),
            org_x_title: String::new(),
            org_y: String::new(),
            tag: clock_tag("authz", 9),
            slots: Mutex::new(HashMap::new()),
            made: AtomicUsize::new(0),
            sent: AtomicUsize::new(0),
            member_thread: tokio::sync::OnceCell::new(),
        };
        w.boss = w.sign_in(ADMIN_EMAIL, DEMO_PASSWORD).await.expect("the seeded admin signs in");
        w.pick_centres().await;
        w.pick_agencies().await;
        let (a, b, x, y) = (w.centre_a.clone(), w.centre_b.clone(), w.org_x.clone(), w.org_y.clone());
        let grants: [Grant; 10] = [
            (Member, None),
            (Researcher, Some(("researcher", None))),
            (Pi, Some(("pi", None))),
            (StaffA, Some(("facility_staff", Some(a.as_str())))),
            (StaffB, Some(("facility_staff", Some(b.as_str())))),
            (PublisherX, Some(("publisher", Some(x.as_str())))),
            (PublisherY, Some(("publisher", Some(y.as_str())))),
            (ReviewerX, Some(("reviewer", Some(x.as_str())))),
            (Moderator, Some(("moderator", None))),
            (Admin, Some(("admin", None))),
        ];
        let mut roles = HashMap::new();
        roles.insert(
            Anonymous,
            Actor { cookie: None, id: 0, email: String::new(), password: String::new(), ip: unique_ip() },
        );
        for (r, grant) in grants {
            let tag = format!("authz-{}", r.label().to_lowercase());
            let actor = match grant {
                None => w.fixture(&tag).await,
                Some((role, scope)) => w.fixture_with(&tag, role, scope).await,
            };
            roles.insert(r, actor.unwrap_or_else(|e| panic!("make the {} account: {e}", r.label())));
        }
        w.roles = roles;
        // The PI's quota account, so the group route has something to add members to.
        let pi = w.roles[&Pi].id;
        w.ok(
            &w.boss,
            Method::Post,
            "/api/admin/quota",
            &Body::Json(json!({"pi_user_id": pi, "amount": 100_000, "grant_code": "AUTHZ-PI"})),
        )
        .await
        .expect("open the PI's quota account");
        w
    }

    /// Centres A and B: the last two centres with an approval instrument, a
    /// training instrument and three free ones (the first centres are the
    /// ones other suites pick by default).
    async fn pick_centres(&mut self) {
        let mut instruments = Vec::new();
        for page in 1.. {
            let v = self
                .ok(&self.anonymous(), Method::Get, &format!("/api/instruments?per_page=100&page={page}"), &Body::Empty)
                .await
                .expect("instruments");
            let batch = items(&v["instruments"]);
            if batch.is_empty() {
                break;
            }
            instruments.extend(batch);
        }
        let centres = self.ok(&self.anonymous(), Method::Get, "/api/centers", &Body::Empty).await.expect("centres");
        let mut usable = Vec::new();
        for c in items(&centres["centers"]) {
            let id = c["id"].as_str().unwrap_or_default().to_string();
            let own: Vec<&Value> =
                instruments.iter().filter(|i| i["center_id"] == id.as_str() && i["external_url"].is_null()).collect();
            let kind = |approval: bool, training: bool| -> Vec<i64> {
                own.iter()
                    .filter(|i| i["requires_approval"] == approval && i["requires_training"] == training)
                    .filter_map(|i| i["id"].as_i64())
                    .collect()
            };
            let (approval, training, free) = (kind(true, false), kind(false, true), kind(false, false));
            if !approval.is_empty() && !training.is_empty() && free.len() >= 3 {
                usable.push((id, approval[0], training[0], free));
            }
        }
        assert!(usable.len() >= 2, "two centres with approval, training and free instruments");
        let (b, _, _, _) = usable.pop().expect("centre B");
        let (a, approval, training, mut free) = usable.pop().expect("centre A");
        // The last free instruments of A, away from the ones other suites take first.
        free.reverse();
        free.truncate(3);
        (self.centre_a, self.centre_b, self.approval_a, self.training_a, self.free_a) =
            (a, b, approval, training, free);
    }

    /// Agency X is the demo publisher's; Y is another agency with datasets.
    async fn pick_agencies(&mut self) {
        let v = self.ok(&self.anonymous(), Method::Get, "/api/organizations", &Body::Empty).await.expect("agencies");
        let orgs = items(&v["organizations"]);
        let x = orgs.iter().find(|o| o["id"] == PUBLISHER_ORG).expect("the demo publisher's agency");
        self.org_x_title = x["title"].as_str().unwrap_or_default().to_string();
        let y = orgs
            .iter()
            .find(|o| o["id"] != PUBLISHER_ORG && o["dataset_count"].as_i64().unwrap_or(0) > 0)
            .expect("a second agency");
        self.org_y = y["id"].as_str().unwrap_or_default().to_string();
    }

    /// The account of a role.
    fn actor(&self, r: R) -> &Actor {
        &self.roles[&r]
    }

    /// A signed-out actor with its own address.
    fn anonymous(&self) -> Actor {
        Actor { cookie: None, id: 0, email: String::new(), password: String::new(), ip: unique_ip() }
    }

    /// Sends one request as `who`.
    async fn raw(&self, who: &Actor, method: Method, path: &str, body: &Body) -> Result<reqwest::Response, String> {
        self.raw_at(who, method, path, body, None).await
    }

    /// [`World::raw`], with the server's clock set to `clock` when given.
    async fn raw_at(
        &self,
        who: &Actor,
        method: Method,
        path: &str,
        body: &Body,
        clock: Option<&str>,
    ) -> Result<reqwest::Response, String> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        let mut rb = self.http.request(http_method(method), url(path)).header("cf-connecting-ip", &who.ip);
        if let Some(t) = clock {
            rb = rb.header("x-commons-test-now", t);
        }
        if let Some(c) = &who.cookie {
            rb = rb.header("cookie", c);
        }
        rb = match body {
            Body::Empty => rb,
            Body::Json(v) => rb.json(v),
            Body::Csv(s) => rb.header("content-type", "text/csv").body(s.clone()),
        };
        rb.send().await.map_err(|e| format!("{} {path}: {e}", method.as_lower()))
    }

    /// Sends one request as `who`: (status, JSON body or the text as a string, null when empty).
    async fn call(&self, who: &Actor, method: Method, path: &str, body: &Body) -> Result<(u16, Value), String> {
        self.call_at(who, method, path, body, None).await
    }

    /// [`World::call`], with the server's clock set to `clock` when given.
    async fn call_at(
        &self,
        who: &Actor,
        method: Method,
        path: &str,
        body: &Body,
        clock: Option<&str>,
    ) -> Result<(u16, Value), String> {
        let resp = self.raw_at(who, method, path, body, clock).await?;
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text.chars().take(200).collect()))
        };
        Ok((status, value))
    }

    /// Like [`World::call`], but anything other than a 2xx is an error naming the request.
    async fn ok(&self, who: &Actor, method: Method, path: &str, body: &Body) -> Result<Value, String> {
        let (status, value) = self.call(who, method, path, body).await?;
        if (200..300).contains(&status) {
            Ok(value)
        } else {
            Err(format!("setup {} {path} answered {status}: {value}", method.as_lower()))
        }
    }

    /// A new session of an account.
    async fn sign_in(&self, email: &str, password: &str) -> Result<Actor, String> {
        let body = Body::Json(json!({"email": email, "password": password}));
        let ip = unique_ip();
        let anon = Actor { cookie: None, id: 0, email: String::new(), password: String::new(), ip: ip.clone() };
        let resp = self.raw(&anon, Method::Post, "/api/auth/login", &body).await?;
        let status = resp.status().as_u16();
        let cookie = session_cookie_of(&resp);
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        match (status, cookie) {
            (200, Some(cookie)) => Ok(Actor {
                cookie: Some(cookie),
                id: v["user"]["id"].as_i64().unwrap_or(0),
                email: email.to_string(),
                password: password.to_string(),
                ip,
            }),
            _ => Err(format!("sign-in of {email} answered {status}: {v}")),
        }
    }

    /// A fresh member account, signed in.
    async fn fixture(&self, tag: &str) -> Result<Actor, String> {
        let email = unique_email(tag);
        let password = "password-123".to_string();
        let ip = unique_ip();
        let anon = Actor { cookie: None, id: 0, email: String::new(), password: String::new(), ip: ip.clone() };
        let body = Body::Json(json!({"email": email, "password": password, "display_name": tag}));
        let resp = self.raw(&anon, Method::Post, "/api/auth/register", &body).await?;
        let status = resp.status().as_u16();
        let cookie = session_cookie_of(&resp);
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        match (status, cookie, v["user"]["id"].as_i64()) {
            (201, Some(cookie), Some(id)) => Ok(Actor { cookie: Some(cookie), id, email, password, ip }),
            _ => Err(format!("register {email} answered {status}: {v}")),
        }
    }

    /// A fresh account granted `role` (in `scope`) by the seeded admin.
    async fn fixture_with(&self, tag: &str, role: &str, scope: Option<&str>) -> Result<Actor, String> {
        let a = self.fixture(tag).await?;
        self.ok(
            &self.boss,
            Method::Post,
            &format!("/api/admin/users/{}/roles", a.id),
            &Body::Json(json!({"role": role, "scope_id": scope})),
        )
        .await?;
        Ok(a)
    }

    /// A free hour at `instrument` (weekdays 2 to 40 ahead, 09:00–17:00
    /// Taipei) that no booking or blackout takes and no entry had before.
    async fn slot(&self, instrument: i64) -> Result<(String, String), String> {
        let from = parse_rfc3339(&weekday_slot(2, 0, 0).0).ok_or("weekday_slot")?;
        let until = from + 40 * 86_400;
        let known = self.slots.lock().map_err(|e| e.to_string())?.contains_key(&instrument);
        if !known {
            let path =
                format!("/api/instruments/{instrument}/calendar?from={}&to={}", rfc3339_utc(from), rfc3339_utc(until));
            let cal = self.ok(&self.anonymous(), Method::Get, &path, &Body::Empty).await?;
            let busy: Vec<(i64, i64)> = items(&cal["busy"])
                .iter()
                .filter_map(|b| Some((parse_rfc3339(b["start"].as_str()?)?, parse_rfc3339(b["end"].as_str()?)?)))
                .collect();
            self.slots.lock().map_err(|e| e.to_string())?.insert(instrument, busy);
        }
        let mut all = self.slots.lock().map_err(|e| e.to_string())?;
        let taken = all.entry(instrument).or_default();
        for nth in 2..=40 {
            for hour in 9..17 {
                let (s, e) = weekday_slot(nth, hour, 1);
                let (start, end) = (parse_rfc3339(&s).ok_or("slot")?, parse_rfc3339(&e).ok_or("slot")?);
                if start >= until {
                    return Err(format!("no free hour left at instrument {instrument}"));
                }
                if taken.iter().all(|&(a, b)| end <= a || b <= start) {
                    taken.push((start, end));
                    return Ok((s, e));
                }
            }
        }
        Err(format!("no free hour left at instrument {instrument}"))
    }

    /// A new booking by `who` at `instrument` (cash); its id.
    async fn booking(&self, who: &Actor, instrument: i64) -> Result<String, String> {
        Ok(self.booking_until(who, instrument).await?.0)
    }

    /// A new cash booking by `who` at `instrument`: its id and its end (RFC 3339).
    async fn booking_until(&self, who: &Actor, instrument: i64) -> Result<(String, String), String> {
        let (start, end) = self.slot(instrument).await?;
        let body = Body::Json(json!({"instrument_id": instrument, "start": start, "end": end, "payment": "cash"}));
        let v = self.ok(who, Method::Post, "/api/bookings", &body).await?;
        let id = v["booking"]["id"].as_str().map(str::to_string).ok_or_else(|| format!("no booking id in {v}"))?;
        Ok((id, end))
    }

    /// A booking's status, as the seeded admin sees it.
    fn booking_status(&self, id: &str) -> Probe {
        Probe::fields(&self.boss, format!("/api/bookings/{id}"), &["/booking/status"])
    }

    /// A dataset identifier no run has used.
    fn identifier(&self) -> String {
        format!("{}-{}", self.tag, self.made.fetch_add(1, Ordering::SeqCst))
    }

    /// A new dataset of agency X (imported by the seeded admin); its identifier.
    async fn dataset_of_x(&self) -> Result<String, String> {
        let id = self.identifier();
        let body = Body::Json(json!({"source": "seed", "items": [
            {"identifier": id, "title": format!("權限矩陣 {id}"), "organization": self.org_x_title}
        ]}));
        let v = self.ok(&self.boss, Method::Post, "/api/admin/datasets/import", &body).await?;
        if v["created"] != 1 {
            return Err(format!("import of {id}: {v}"));
        }
        Ok(id)
    }

    /// A new draft of agency X saved by the seeded admin (and submitted for
    /// review when `submitted`); its identifier.
    async fn draft_of_x(&self, submitted: bool) -> Result<String, String> {
        let id = self.identifier();
        let body = Body::Json(
            json!({"identifier": id, "title": format!("權限矩陣草稿 {id}"), "organization": self.org_x_title}),
        );
        self.ok(&self.boss, Method::Put, &format!("/api/drafts/{id}"), &body).await?;
        if submitted {
            self.ok(&self.boss, Method::Post, &format!("/api/drafts/{id}/submit"), &Body::Empty).await?;
        }
        Ok(id)
    }

    /// A feedback thread the member opened on a new dataset of X: (dataset, thread).
    ///
    /// Made once and shared by the replies and close entries (which run in
    /// that order): the member is a fresh account, and a fresh account may
    /// open only two threads in ten minutes (`Action::Feedback`'s burst), one
    /// of which the feedback entry takes.
    async fn thread_by_member(&self) -> Result<(String, i64), String> {
        self.member_thread
            .get_or_try_init(|| async {
                let ds = self.dataset_of_x().await?;
                let body = Body::Json(json!({"kind": "question", "title": "權限矩陣意見", "body": "內容"}));
                let v =
                    self.ok(self.actor(Member), Method::Post, &format!("/api/datasets/{ds}/feedback"), &body).await?;
                Ok::<_, String>((ds, v["id"].as_i64().ok_or("no thread id")?))
            })
            .await
            .cloned()
    }

    /// A dataset request by a fresh account (naming agency `org`, if any); its id.
    async fn request_by_stranger(&self, org: Option<String>) -> Result<i64, String> {
        let proposer = self.fixture("authz-proposer").await?;
        let body = Body::Json(json!({"title": format!("權限矩陣提案 {}", self.tag), "organization_id": org}));
        let v = self.ok(&proposer, Method::Post, "/api/dataset-requests", &body).await?;
        v["id"].as_i64().ok_or_else(|| "no request id".to_string())
    }

    /// A dataset request's votes and status.
    fn request_state(&self, id: i64) -> Probe {
        Probe::get(&self.anonymous(), "/api/dataset-requests?sort=newest", move |status, body| {
            let r = items(&body["requests"]).into_iter().find(|r| r["id"] == id).unwrap_or(Value::Null);
            json!([status, r["votes"], r["status"], r["answer"]])
        })
    }

    /// A new question by `who`; its id.
    async fn question(&self, who: &Actor) -> Result<i64, String> {
        let n = self.made.fetch_add(1, Ordering::SeqCst);
        let body = Body::Json(json!({"title": format!("權限矩陣問題 {n}"), "body": "內容", "tags": [self.tag]}));
        let v = self.ok(who, Method::Post, "/api/qa/questions", &body).await?;
        v["id"].as_i64().ok_or_else(|| "no question id".to_string())
    }

    /// A new answer by `who` to question `q`; its id.
    async fn answer(&self, who: &Actor, q: i64) -> Result<i64, String> {
        let body = Body::Json(json!({"body": "權限矩陣的回答"}));
        let v = self.ok(who, Method::Post, &format!("/api/qa/questions/{q}/answers"), &body).await?;
        v["id"].as_i64().ok_or_else(|| "no answer id".to_string())
    }

    /// A question the member asked, answered by a fresh account: (question, answer).
    async fn answered_question_of_member(&self) -> Result<(i64, i64), String> {
        let answerer = self.fixture("authz-answerer").await?;
        let q = self.question(self.actor(Member)).await?;
        let a = self.answer(&answerer, q).await?;
        Ok((q, a))
    }

    /// Which answers of a question are accepted.
    fn accepted_state(&self, q: i64) -> Probe {
        Probe::get(&self.boss, format!("/api/qa/questions/{q}"), |status, body| {
            let answers: Vec<Value> =
                items(&body["question"]["answers"]).iter().map(|a| json!([a["id"], a["accepted"]])).collect();
            json!([status, answers])
        })
    }

    /// A question's row in the moderation queue (flags, hidden), if any.
    fn queue_state(&self, q: i64) -> Probe {
        Probe::get(&self.boss, "/api/qa/moderation", move |status, body| {
            let row = items(&body["queue"])
                .into_iter()
                .find(|r| r["kind"] == "question" && r["id"] == q)
                .map(|r| json!([r["flags"], r["hidden"]]))
                .unwrap_or(Value::Null);
            json!([status, row])
        })
    }

    /// Reads a probe.
    async fn read(&self, p: &Probe) -> Value {
        match self.call(&p.who, p.method, &p.path, &p.body).await {
            Ok((status, body)) => (p.pick)(status, &body),
            Err(e) => json!({"probe failed": e}),
        }
    }
}

// ---------------------------------------------------------------------------
// Running the matrix
// ---------------------------------------------------------------------------

/// What a role must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The first allowed role: a 2xx.
    First,
    /// A later allowed role: a 2xx, or 409/422 because an earlier one already acted.
    Later,
    /// Exactly this refusal.
    Refused(u16),
}

impl Expect {
    /// Whether `status` is what was expected.
    fn accepts(self, status: u16) -> bool {
        match self {
            Expect::First => (200..300).contains(&status),
            Expect::Later => (200..300).contains(&status) || status == 409 || status == 422,
            Expect::Refused(s) => status == s,
        }
    }
    /// The `error` a refusal must carry.
    fn error_kind(self) -> Option<&'static str> {
        match self {
            Expect::Refused(401) => Some("unauthorized"),
            Expect::Refused(403) => Some("forbidden"),
            Expect::Refused(404) => Some("not_found"),
            _ => None,
        }
    }
    /// In words, for failure messages.
    fn describe(self) -> String {
        match (self, self.error_kind()) {
            (Expect::First, _) => "a 2xx".into(),
            (Expect::Later, _) => "a 2xx, 409 or 422".into(),
            (Expect::Refused(s), Some(kind)) => format!("{s} {kind}"),
            (Expect::Refused(s), None) => s.to_string(),
        }
    }
}

/// One row of the result.
struct Row {
    /// `METHOD pattern`.
    route: String,
    /// Who may, in words.
    who: &'static str,
    /// Status per role (`!` after an unexpected one; `-` when not sent).
    cells: HashMap<R, String>,
}

/// Runs one entry: denied roles (with the probe around them), then allowed ones.
async fn run_entry(w: &World, e: &Entry, failures: &mut Vec<String>, matrix_requests: &mut usize) -> Row {
    let route = format!("{} {}", e.method.as_lower().to_uppercase(), e.pattern);
    let mut row = Row { route: route.clone(), who: e.who, cells: HashMap::new() };
    let case = match (e.setup)(w).await {
        Ok(c) => c,
        Err(msg) => {
            failures.push(format!("{route}: setup failed: {msg}"));
            return row;
        }
    };
    let denied: Vec<R> = ALL.iter().copied().filter(|r| !e.allowed.contains(r)).collect();
    let expect = |r: R| -> Expect {
        match e.allowed.iter().position(|a| *a == r) {
            Some(0) => Expect::First,
            Some(_) => Expect::Later,
            None if r == Anonymous => Expect::Refused(401),
            None if e.hidden.contains(&r) => Expect::Refused(404),
            None => Expect::Refused(403),
        }
    };
    let before = match &case.probe {
        Some(p) => Some(w.read(p).await),
        None => None,
    };
    let order: Vec<R> = denied.iter().chain(e.allowed.iter()).copied().collect();
    for (i, r) in order.into_iter().enumerate() {
        if i == denied.len() {
            // Every denied role has run: the state must be as it was.
            if let (Some(p), Some(before)) = (&case.probe, &before) {
                let after = w.read(p).await;
                if &after != before {
                    failures.push(format!(
                        "{route}: the denied roles changed the state: before {before}, after {after} ({} {})",
                        p.method.as_lower(),
                        p.path
                    ));
                }
            }
        }
        let mut actor = w.actor(r).clone();
        if case.second_session && r != Anonymous {
            match w.sign_in(&actor.email, &actor.password).await {
                Ok(second) => actor = second,
                Err(msg) => {
                    failures.push(format!("{route} as {}: second session: {msg}", r.label()));
                    row.cells.insert(r, "-!".into());
                    continue;
                }
            }
        }
        let req = (case.request)(r);
        *matrix_requests += 1;
        let want = expect(r);
        match w.call_at(&actor, e.method, &req.path, &req.body, req.clock.as_deref()).await {
            Ok((status, body)) => {
                let good = want.accepts(status) && want.error_kind().is_none_or(|kind| body["error"] == kind);
                row.cells.insert(r, format!("{status}{}", if good { "" } else { "!" }));
                if !good {
                    failures.push(format!(
                        "{route} as {}: got {status}, want {} ({} {}): {}",
                        r.label(),
                        want.describe(),
                        e.method.as_lower(),
                        req.path,
                        body.to_string().chars().take(300).collect::<String>()
                    ));
                }
            }
            Err(msg) => {
                row.cells.insert(r, "ERR!".into());
                failures.push(format!("{route} as {}: {msg}", r.label()));
            }
        }
    }
    if let (Some(p), Some(before), true) = (&case.probe, &before, case.probe_sees_change) {
        let after = w.read(p).await;
        if &after == before {
            failures.push(format!(
                "{route}: the allowed roles changed nothing the probe reads ({after}; {} {}), so it cannot \
                 show that the denied ones changed nothing",
                p.method.as_lower(),
                p.path
            ));
        }
    }
    row
}

/// The matrix as a table: one line per route, one column per role, then who may.
fn render(rows: &[Row]) -> String {
    let route_width = rows.iter().map(|r| r.route.len()).max().unwrap_or(5);
    let widths: Vec<usize> = ALL.iter().map(|r| r.label().len().max(4)).collect();
    let mut out = format!("{:route_width$}", "route");
    for (r, width) in ALL.iter().zip(&widths) {
        out.push_str(&format!(" {:>width$}", r.label()));
    }
    out.push_str("  who may\n");
    for row in rows {
        out.push_str(&format!("{:route_width$}", row.route));
        for (r, width) in ALL.iter().zip(&widths) {
            let cell = row.cells.get(r).map(String::as_str).unwrap_or("-");
            out.push_str(&format!(" {cell:>width$}"));
        }
        out.push_str(&format!("  {}\n", row.who));
    }
    out
}

#[tokio::test]
async fn every_role_gets_its_answer_on_every_mutating_route() {
    let problems = coverage_problems();
    assert!(problems.is_empty(), "the authorization matrix and ROUTES disagree:\n{}", problems.join("\n"));
    let w = World::new().await;
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    let mut matrix_requests = 0;
    for e in matrix() {
        rows.push(run_entry(&w, &e, &mut failures, &mut matrix_requests).await);
    }
    println!(
        "authorization matrix: {} routes x {} roles, {matrix_requests} matrix requests, {} requests in all \
         (centre A {}, centre B {}, agency X {}, agency Y {}; '!' marks an unexpected answer)\n{}",
        rows.len(),
        ALL.len(),
        w.sent.load(Ordering::SeqCst),
        w.centre_a,
        w.centre_b,
        w.org_x,
        w.org_y,
        render(&rows)
    );
    assert!(failures.is_empty(), "{} unexpected answers:\n{}", failures.len(), failures.join("\n"));
}
