//! Generated demo bookings: four weeks of past use and two weeks ahead on
//! every demo instrument, so calendars, "my bookings", receipts and the
//! centres' reports have something in them.
//!
//! The timeline is relative to `today` (a Taipei midnight): the same day
//! gives the same SQL. Every insert checks the slot is still free (an
//! instrument can have been booked through the site since an earlier
//! seed), so a re-seed never trips the no-overlap trigger and never touches
//! a booking somebody made.

use std::fmt::Write;

use commons_domain::common::locale::taipei_weekday;

use crate::rng::SplitMix64;

/// Weekdays of past bookings before `today`.
const PAST_DAYS: i64 = 28;
/// Days ahead that have bookings.
const AHEAD_DAYS: i64 = 14;

/// Slots a day can hold, as (start hour, hours) in Taipei time; a day picks
/// at most one morning and one afternoon slot, so they never overlap.
const MORNINGS: &[(i64, i64)] = &[(9, 1), (9, 2), (10, 1), (10, 2), (9, 3)];
const AFTERNOONS: &[(i64, i64)] = &[(13, 2), (13, 3), (14, 1), (14, 2), (15, 2), (16, 1)];

/// The SQL for the demo bookings on `instruments`, booked by the demo
/// members (`member0000@…` to `member{members-1}@…`) and, now and then, by
/// the demo researcher. Past bookings are completed (with a numbered cash
/// receipt), cancelled or no-shows; today's and later ones are confirmed,
/// or pending on instruments that need the centre's approval.
pub fn bookings_sql(today: i64, instruments: &[i64], members: usize) -> String {
    let mut rng = SplitMix64::new(0xb00c_2026);
    let mut sql = String::new();
    // Day-major, so each centre's receipt numbers follow the calendar.
    for d in -PAST_DAYS..AHEAD_DAYS {
        let midnight = today + d * 86_400;
        if taipei_weekday(midnight) >= 5 {
            continue;
        }
        for &inst in instruments {
            for slots in [MORNINGS, AFTERNOONS] {
                // Busy instruments: most half-days are taken, a little less far ahead.
                let busy = if d < 0 { 55 } else { 45 - d as usize * 2 };
                if rng.below(100) >= busy {
                    continue;
                }
                let (hour, hours) = *rng.pick(slots);
                let start = midnight + hour * 3600;
                let end = start + hours * 3600;
                let samples = 1 + rng.below(3) as i64;
                let roll = rng.below(100);
                let member = format!("member{:04}@demo.commons.tw", rng.below(members));
                let by_researcher = rng.below(25) == 0;
                let id = format!("demo-{inst}-{}-{hour}", d + PAST_DAYS);
                let booked_at = start - (2 + rng.below(12) as i64) * 86_400;
                booking(
                    &mut sql,
                    &Slot { id: &id, inst, start, end, hours, samples, booked_at, d, roll },
                    &member,
                    by_researcher,
                );
            }
        }
    }
    sql
}

/// One generated booking's facts.
struct Slot<'a> {
    id: &'a str,
    inst: i64,
    start: i64,
    end: i64,
    hours: i64,
    samples: i64,
    booked_at: i64,
    /// Days from today (negative: past).
    d: i64,
    /// 0–99: which outcome a past booking had, and whether a future one awaits approval.
    roll: usize,
}

/// Appends the insert for one booking, and its receipt if it was completed.
fn booking(sql: &mut String, s: &Slot, member: &str, by_researcher: bool) {
    let (status, actual) = if s.d >= 0 {
        // Half the bookings on approval instruments still wait for the centre.
        let pending = if s.roll < 50 {
            "CASE WHEN i.requires_approval = 1 THEN 'pending' ELSE 'confirmed' END"
        } else {
            "'confirmed'"
        };
        (pending.to_string(), "NULL")
    } else if s.roll < 90 {
        ("'completed'".to_string(), "cost")
    } else if s.roll < 95 {
        ("'no_show'".to_string(), "cost")
    } else {
        ("'cancelled'".to_string(), "NULL")
    };
    // The researcher only books instruments that need no training (they have none recorded).
    let who = if by_researcher {
        format!("CASE WHEN i.requires_training = 1 THEN '{member}' ELSE 'researcher@demo.commons.tw' END")
    } else {
        format!("'{member}'")
    };
    // Every CASE here ends in "END " (a space, not a comma): wrangler's d1
    // execute splits a file into statements by scanning for CASE … END
    // followed by a space or a semicolon, and an "END," would run the rest
    // of the file into one statement.
    let updated = if s.d < 0 { s.end + 1800 } else { s.booked_at };
    let (id, inst, start, end, hours, samples, booked_at) =
        (s.id, s.inst, s.start, s.end, s.hours, s.samples, s.booked_at);
    let _ = writeln!(
        sql,
        "INSERT INTO bookings (id, instrument_id, user_id, pi_user_id, start_at, end_at, status, payment, estimated_cost, actual_cost, created_at, updated_at) \
         SELECT '{id}', i.id, u.id, NULL, {start}, {end}, {status} , 'cash', c.cost, {actual}, {booked_at}, {updated} \
         FROM instruments i JOIN users u ON u.email = {who} \
         JOIN (SELECT id, CASE fee_unit WHEN 'sample' THEN fee_academic * {samples} ELSE fee_academic * {hours} END AS cost FROM instruments) c ON c.id = i.id \
         WHERE i.id = {inst} AND i.external_url IS NULL \
           AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.id = '{id}' OR (b.instrument_id = {inst} \
               AND b.status IN ('pending', 'confirmed', 'completed', 'no_show') AND b.start_at < {end} AND {start} < b.end_at)) \
           AND NOT EXISTS (SELECT 1 FROM blackouts x WHERE x.center_id = i.center_id \
               AND (x.instrument_id IS NULL OR x.instrument_id = i.id) AND x.start_at < {end} AND {start} < x.end_at);"
    );
    if status == "'completed'" {
        let _ = writeln!(
            sql,
            "INSERT INTO receipts (center_id, number, booking_id, amount, payer_name, issued_by, issued_at) \
             SELECT i.center_id, COALESCE((SELECT MAX(r.number) FROM receipts r WHERE r.center_id = i.center_id), 0) + 1, \
                    b.id, b.actual_cost, u.display_name, COALESCE((SELECT id FROM users WHERE email = 'staff@demo.commons.tw'), b.user_id), {updated} \
             FROM bookings b JOIN instruments i ON i.id = b.instrument_id JOIN users u ON u.id = b.user_id \
             WHERE b.id = '{id}' AND b.status = 'completed' AND NOT EXISTS (SELECT 1 FROM receipts WHERE booking_id = '{id}');"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_day_same_bookings_weekdays_only_and_no_two_in_one_slot() {
        let today = commons_domain::common::locale::taipei_day_start(1_795_946_400);
        let a = bookings_sql(today, &[1, 2, 3], 200);
        assert_eq!(a, bookings_sql(today, &[1, 2, 3], 200));
        let rows: Vec<(i64, i64, i64)> = a
            .lines()
            .filter(|l| l.starts_with("INSERT INTO bookings"))
            .filter_map(|l| {
                let v: Vec<&str> = l.split("SELECT '").nth(1)?.split(", ").collect();
                let inst = v[0].split('-').nth(1)?.parse().ok()?;
                Some((inst, v[4].parse().ok()?, v[5].parse().ok()?))
            })
            .collect();
        assert!(rows.len() > 60, "{} bookings on 3 instruments over 6 weeks", rows.len());
        for (i, (inst, s, e)) in rows.iter().enumerate() {
            assert!(taipei_weekday(*s) < 5, "booking on a weekend: {s}");
            let hour = (s - commons_domain::common::locale::taipei_day_start(*s)) / 3600;
            assert!((9..=16).contains(&hour) && e - s <= 3 * 3600);
            for (inst2, s2, e2) in &rows[i + 1..] {
                assert!(inst != inst2 || e <= s2 || e2 <= s, "overlap on instrument {inst}");
            }
        }
        assert!(rows.iter().any(|r| r.1 < today) && rows.iter().any(|r| r.1 > today));
        assert!(!a.contains("END,") && !a.contains("END)"), "wrangler's splitter needs END followed by a space");
    }

    #[test]
    fn no_demo_booker_holds_more_than_the_default_holding_limits() {
        use std::collections::HashMap;
        // The seed inserts through the holding-limit trigger (migration 0013),
        // which would abort the whole file: every person's upcoming bookings
        // must stay within the default limits of each instrument and centre.
        let today = commons_domain::common::locale::taipei_day_start(1_795_946_400);
        let ids = super::super::demo_instrument_ids();
        let mut center_of = HashMap::new();
        let mut next = 1i64;
        for c in super::super::CENTERS {
            for _ in 0..super::super::instruments_of(c) {
                center_of.insert(next, c.id);
                next += 1;
            }
        }
        let sql = bookings_sql(today, &ids, 200);
        let (mut per_inst, mut per_center) = (HashMap::new(), HashMap::new());
        for l in sql.lines().filter(|l| l.starts_with("INSERT INTO bookings")) {
            let v: Vec<&str> = l.split("SELECT '").nth(1).unwrap().split(", ").collect();
            let inst: i64 = v[0].split('-').nth(1).unwrap().parse().unwrap();
            let (s, e): (i64, i64) = (v[4].parse().unwrap(), v[5].parse().unwrap());
            if s < today {
                continue;
            }
            // A booking the researcher may take counts for both possible bookers.
            let who = l.split("u.email = ").nth(1).unwrap();
            let mut people = vec![who.split('\'').nth(1).unwrap().to_string()];
            if who.starts_with("CASE") {
                people.push("researcher".into());
            }
            for p in people {
                let i = per_inst.entry((p.clone(), inst)).or_insert((0i64, 0i64));
                *i = (i.0 + 1, i.1 + e - s);
                let c = per_center.entry((p, center_of[&inst])).or_insert((0i64, 0i64));
                *c = (c.0 + 1, c.1 + e - s);
            }
        }
        let within = |(n, secs): &(i64, i64), l: commons_domain::booking::HoldingLimits| {
            *n <= l.max_future_bookings && *secs <= l.max_future_hours * 3600
        };
        for (k, v) in &per_inst {
            assert!(within(v, commons_domain::booking::DEFAULT_INSTRUMENT_LIMITS), "{k:?}: {v:?}");
        }
        for (k, v) in &per_center {
            assert!(within(v, commons_domain::booking::DEFAULT_CENTER_LIMITS), "{k:?}: {v:?}");
        }
        assert!(per_center.keys().any(|(p, _)| p == "researcher"));
    }
}
