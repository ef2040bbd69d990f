//! The booking bench scenarios of issue 4, at 1,000+ instruments and 200,000
//! bookings: week calendar, a centre's day view across 100 instruments,
//! booking create (1 and 32 clients) and the largest report over one year.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use serde_json::{json, Value};

use crate::bench::{scenario_with, WrkRequest};
use crate::seed::{sql_str, DEMO_PASSWORD};

/// Bench centres, 100 instruments each.
const CENTERS: usize = 10;
/// Instruments per bench centre.
const PER_CENTER: usize = 100;
/// Past bookings per instrument (one a day): 10 × 100 × 200 = 200,000.
const PAST_PER_INSTRUMENT: i64 = 200;
/// First id of the bench instruments (clear of the demo ones).
const FIRST_ID: i64 = 10_000;

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Writes the bench dataset as SQL files (multi-row inserts) under `dir`.
fn write_dataset(dir: &Path) -> crate::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    let mut head = String::new();
    for c in 0..CENTERS {
        let _ = writeln!(
            head,
            "INSERT OR IGNORE INTO centers (id, name_zh, name_en, city) VALUES ('bench-{c:02}', '壓力測試中心 {c:02}', 'Bench centre {c:02}', '臺北市');"
        );
        let mut rows = Vec::new();
        for k in 0..PER_CENTER {
            let id = FIRST_ID + (c * PER_CENTER + k) as i64;
            rows.push(format!(
                "({id}, 'bench-{c:02}', {}, 'Bench instrument {id}', '壓測', '', 'hour', 1000, 2000)",
                sql_str(&format!("壓測儀器 {id}"))
            ));
        }
        let _ = writeln!(
            head,
            "INSERT OR IGNORE INTO instruments (id, center_id, name_zh, name_en, category, description, fee_unit, fee_academic, fee_industry) VALUES {};",
            rows.join(", ")
        );
    }
    // One bench member books thousands of slots across the bench centres: the
    // per-person holding limits (migration 0013) would refuse most of them,
    // so the bench centres and instruments lift them.
    let _ = writeln!(
        head,
        "UPDATE centers SET max_future_bookings = 1000000, max_future_hours = 10000000 WHERE id LIKE 'bench-%'; \
         UPDATE instruments SET max_future_bookings = 1000000, max_future_hours = 10000000 WHERE id >= {FIRST_ID};"
    );
    let p = dir.join("00-instruments.sql");
    std::fs::write(&p, head).map_err(|e| e.to_string())?;
    files.push(p);
    // 200,000 completed bookings over the past 200 days, 10:00-11:00 Taipei, by the demo member (id 1).
    let today = commons_domain::common::locale::taipei_day_start(now());
    let mut chunk = String::new();
    let mut values = Vec::new();
    let mut n = 0;
    for i in 0..(CENTERS * PER_CENTER) as i64 {
        let inst = FIRST_ID + i;
        for d in 1..=PAST_PER_INSTRUMENT {
            let start = today - d * 86_400 + 10 * 3600;
            let payment = if d % 3 == 0 { "cash" } else { "quota" };
            values.push(format!(
                "('b{inst}-{d}', {inst}, 1, NULL, {start}, {}, 'completed', '{payment}', 1000, 1000, {start}, {start})",
                start + 3600
            ));
            if values.len() == 500 {
                let _ = writeln!(
                    chunk,
                    "INSERT OR IGNORE INTO bookings (id, instrument_id, user_id, pi_user_id, start_at, end_at, status, payment, estimated_cost, actual_cost, created_at, updated_at) VALUES {};",
                    values.join(", ")
                );
                values.clear();
            }
        }
        if chunk.len() > 4_000_000 {
            let p = dir.join(format!("10-bookings-{n:03}.sql"));
            std::fs::write(&p, std::mem::take(&mut chunk)).map_err(|e| e.to_string())?;
            files.push(p);
            n += 1;
        }
    }
    if !values.is_empty() {
        let _ = writeln!(
            chunk,
            "INSERT OR IGNORE INTO bookings (id, instrument_id, user_id, pi_user_id, start_at, end_at, status, payment, estimated_cost, actual_cost, created_at, updated_at) VALUES {};",
            values.join(", ")
        );
    }
    if !chunk.is_empty() {
        let p = dir.join(format!("10-bookings-{n:03}.sql"));
        std::fs::write(&p, chunk).map_err(|e| e.to_string())?;
        files.push(p);
    }
    Ok(files)
}

/// Signs in over plain HTTP and returns the `commons_session=...` cookie pair.
fn login(port: u16, email: &str) -> crate::Result<String> {
    let body = json!({"email": email, "password": DEMO_PASSWORD}).to_string();
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(
        s,
        "POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nCF-Connecting-IP: 10.9.9.9\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut resp = String::new();
    s.read_to_string(&mut resp).map_err(|e| e.to_string())?;
    resp.lines()
        .find_map(|l| {
            let l = l.to_ascii_lowercase();
            l.starts_with("set-cookie: commons_session=")
                .then(|| l["set-cookie: ".len()..].split(';').next().unwrap_or("").to_string())
        })
        .ok_or_else(|| format!("login as {email} failed:\n{resp}"))
}

/// Future weekday half-hour slots inside the 60-day horizon, as RFC 3339 pairs.
fn future_slots() -> Vec<(String, String)> {
    let fmt = |t: i64| commons_domain::common::locale::rfc3339_utc(t);
    let today = commons_domain::common::locale::taipei_day_start(now());
    let mut out = Vec::new();
    for d in 2..55 {
        let day = today + d * 86_400;
        if commons_domain::common::locale::taipei_weekday(day) >= 5 {
            continue;
        }
        for k in 0..16 {
            let s = day + 9 * 3600 + k * 1800;
            out.push((fmt(s), fmt(s + 1800)));
        }
    }
    out
}

/// Lua for wrk: each request books a different (instrument, slot) pair, so every one should succeed.
fn create_script(cookie: &str, slots: &[(String, String)], offset: usize) -> String {
    let mut lua = String::from("local slots = {\n");
    for (s, e) in slots {
        let _ = writeln!(lua, "  {{\"{s}\", \"{e}\"}},");
    }
    let _ = write!(
        lua,
        "}}\nlocal counter = 0\nlocal tid = 0\nlocal nthreads = 1\n\
         function setup(thread) thread:set(\"tid\", __threads or 0); __threads = (__threads or 0) + 1 end\n\
         function init(args) tid = wrk.thread:get(\"tid\") or 0; nthreads = 2 end\n\
         request = function()\n  local n = counter * nthreads + tid + {offset}\n  counter = counter + 1\n\
           local inst = {FIRST_ID} + (n % {total})\n  local slot = slots[(math.floor(n / {total}) % #slots) + 1]\n\
           local body = '{{\"instrument_id\":' .. inst .. ',\"start\":\"' .. slot[1] .. '\",\"end\":\"' .. slot[2] .. '\",\"payment\":\"cash\"}}'\n\
           return wrk.format(\"POST\", \"/api/bookings\", {{[\"Content-Type\"] = \"application/json\", [\"Cookie\"] = \"{cookie}\"}}, body)\nend\n",
        total = CENTERS * PER_CENTER
    );
    lua
}

/// Seeds the bench dataset into `state` and runs the scenarios against `port`.
pub fn run(state: &Path, port: u16) -> crate::Result<Value> {
    let dir = crate::root().join("target/bench-booking");
    eprintln!("==> bench: writing 1,000 instruments and 200,000 bookings");
    let files = write_dataset(&dir)?;
    let t = std::time::Instant::now();
    for f in &files {
        crate::stack::execute_sql_file(state, f)?;
    }
    eprintln!("    loaded in {:.1} s", t.elapsed().as_secs_f64());
    let base = format!("http://127.0.0.1:{port}");
    let member = login(port, "member@demo.commons.tw")?;
    let admin = login(port, "admin@demo.commons.tw")?;
    let today = commons_domain::common::locale::taipei_day_start(now());
    let week_from = commons_domain::common::locale::rfc3339_utc(today - 7 * 86_400);
    let week_to = commons_domain::common::locale::rfc3339_utc(today);
    let date =
        commons_domain::common::locale::to_taipei(today - 3 * 86_400).map(|d| d.date().to_string()).unwrap_or_default();
    let year_from = commons_domain::common::locale::rfc3339_utc(today - 365 * 86_400);
    let year_to = commons_domain::common::locale::rfc3339_utc(today + 86_400);

    eprintln!("==> bench: week calendar of one instrument");
    let calendar = scenario_with(
        &WrkRequest::get(&format!("{base}/api/instruments/{FIRST_ID}/calendar?from={week_from}&to={week_to}")),
        1,
    )?;
    eprintln!("==> bench: a centre's day view across 100 instruments");
    let day = scenario_with(&WrkRequest::get(&format!("{base}/api/centers/bench-00/day?date={date}")), 1)?;
    eprintln!("==> bench: the largest report over one year (200,000 bookings, all centres)");
    let report = scenario_with(
        &WrkRequest::get(&format!("{base}/api/reports/instrument_service_stats?from={year_from}&to={year_to}"))
            .cookie(&admin),
        1,
    )?;
    let slots = future_slots();
    eprintln!("==> bench: booking create, 1 client ({} instruments × {} slots)", CENTERS * PER_CENTER, slots.len());
    // Every wrk run starts its counter at 0, so each run gets its own block of
    // (instrument, slot) pairs: nothing is ever booked twice.
    let (m1, s1) = (member.clone(), slots.clone());
    let create1 = scenario_with(&WrkRequest::script(move |run| create_script(&m1, &s1, run * 40_000)).url(&base), 1)?;
    eprintln!("==> bench: booking create, 32 clients");
    let (m2, s2) = (member.clone(), slots.clone());
    let create32 =
        scenario_with(&WrkRequest::script(move |run| create_script(&m2, &s2, 200_000 + run * 60_000)).url(&base), 32)?;
    Ok(json!({
        "dataset": { "bench_instruments": CENTERS * PER_CENTER, "bookings": CENTERS * PER_CENTER * PAST_PER_INSTRUMENT as usize },
        "week_calendar_1": calendar, "center_day_100_1": day, "report_year_1": report,
        "booking_create_1": create1, "booking_create_32": create32,
    }))
}
