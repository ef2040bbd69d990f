//! Booking helpers shared by the booking test binaries.

use serde_json::{json, Value};

use crate::{get_json, url};

/// Books and returns the final (status, body). `wrangler dev`'s proxy answers
/// 503 "worker restarted mid-request" (or drops the connection) when it loses
/// its connection to the local runtime under heavy load, and asks clients to
/// retry; production has no such proxy. A retried
/// request may find its own earlier attempt already committed, so the outcome
/// is settled by what the database holds for this user, not by the retry.
pub async fn book_final(c: &reqwest::Client, req: Value) -> (u16, Value) {
    let mut retried = false;
    for _ in 0..5 {
        // The proxy may also drop the connection without any answer
        // (`IncompleteMessage`): the same case as its 503, settled the same way.
        let r = match c.post(url("/api/bookings")).json(&req).send().await {
            Ok(r) => r,
            Err(e) if e.is_request() || e.is_connect() => {
                eprintln!("dev proxy dropped the connection ({e}); retrying");
                retried = true;
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                continue;
            }
            Err(e) => panic!("booking request: {e}"),
        };
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        if status != 503 {
            if retried && status == 409 {
                let mine: Value = get_json(c, "/api/me/bookings").await;
                let held = mine["bookings"].as_array().is_some_and(|b| {
                    b.iter().any(|b| {
                        b["start"] == req["start"]
                            && b["instrument_id"] == req["instrument_id"]
                            && b["status"] != "cancelled"
                    })
                });
                if held {
                    return (201, json!({"note": "committed before the dev proxy dropped the connection"}));
                }
            }
            return (status, body);
        }
        eprintln!("dev proxy answered 503 (worker restarted mid-request); retrying");
        retried = true;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    (503, Value::Null)
}
