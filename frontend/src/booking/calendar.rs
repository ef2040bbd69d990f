//! An instrument's calendars (Asia/Taipei): which half-hour cells are free,
//! the week grid where the user picks a slot, and the six-week month grid.
//!
//! A cell is offered only if the server would accept it: the same
//! `commons_domain::booking` slot rules (opening hours, length, horizon)
//! and the busy intervals the server reported. The server still decides races.

use commons_domain::booking::{overlaps, validate_slot, Calendar, SlotRules};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc, taipei_day_start, taipei_weekday, to_taipei};
use yew::prelude::*;

use crate::i18n::{use_i18n, I18n};

/// Now, in unix seconds.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Monday 00:00 Taipei of the week `offset` weeks from now, as unix seconds.
pub fn week_start(offset: i64) -> i64 {
    let now = now_secs();
    taipei_day_start(now) - taipei_weekday(now) as i64 * 86_400 + 7 * offset * 86_400
}

/// A busy interval of the calendar, in unix seconds.
#[derive(Debug, Clone, PartialEq)]
pub struct Busy {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
    /// `pending`, `confirmed` or `blackout`.
    pub kind: String,
    /// The viewer's own booking.
    pub mine: bool,
}

/// The busy intervals of a calendar answer (an unreadable time is skipped).
pub fn busy_of(cal: &Calendar) -> Vec<Busy> {
    cal.busy
        .iter()
        .filter_map(|b| {
            Some(Busy {
                start: parse_rfc3339(&b.start)?,
                end: parse_rfc3339(&b.end)?,
                kind: b.kind.clone(),
                mine: b.mine,
            })
        })
        .collect()
}

/// What one half-hour cell shows.
#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Free,
    Mine,
    Pending,
    Confirmed,
    Blackout,
    Unavailable,
}

impl Cell {
    /// The cell's CSS classes and the i18n key of its accessible label.
    fn look(self) -> (&'static str, &'static str) {
        match self {
            Cell::Free => ("slot free", "cal.free"),
            Cell::Mine => ("slot mine", "cal.mine"),
            Cell::Pending => ("slot pending", "cal.pending"),
            Cell::Confirmed => ("slot confirmed", "cal.confirmed"),
            Cell::Blackout => ("slot blackout", "cal.blackout"),
            Cell::Unavailable => ("slot unavailable", "cal.unavailable"),
        }
    }
}

/// The state of the half hour from `start`: busy (and how), free if the
/// shortest booking fits from there, else unavailable.
fn cell_state(rules: &SlotRules, busy: &[Busy], start: i64, now: i64) -> Cell {
    if let Some(b) = busy.iter().find(|b| overlaps(b.start, b.end, start, start + 1800)) {
        return match (b.kind.as_str(), b.mine) {
            ("blackout", _) => Cell::Blackout,
            (_, true) => Cell::Mine,
            ("pending", _) => Cell::Pending,
            _ => Cell::Confirmed,
        };
    }
    let min = rules.min_minutes * 60;
    let fits = validate_slot(rules, start, start + min, now).is_ok()
        && !busy.iter().any(|b| overlaps(b.start, b.end, start, start + min));
    if fits {
        Cell::Free
    } else {
        Cell::Unavailable
    }
}

/// Booking lengths (minutes) that fit from `start` without touching busy time.
pub fn lengths_from(rules: &SlotRules, busy: &[Busy], start: i64, now: i64) -> Vec<i64> {
    (rules.min_minutes..=rules.max_minutes)
        .step_by(30)
        .filter(|m| {
            let end = start + m * 60;
            validate_slot(rules, start, end, now).is_ok() && !busy.iter().any(|b| overlaps(b.start, b.end, start, end))
        })
        .collect()
}

/// `M/D` of the Taipei day containing `t`.
fn month_day(t: i64) -> String {
    to_taipei(t).map(|x| format!("{}/{}", u8::from(x.month()), x.day())).unwrap_or_default()
}

/// The weekday names, Monday first.
fn weekday(i18n: &I18n, d: i64) -> String {
    i18n.tr(&format!("weekday.{d}")).to_string()
}

/// Props of [`WeekGrid`].
#[derive(Properties, PartialEq)]
pub struct WeekProps {
    /// The calendar answer (rules and busy time).
    pub cal: Calendar,
    /// Monday 00:00 Taipei of the week shown.
    pub week_start: i64,
    /// The chosen slot and length in minutes, highlighted.
    pub selection: Option<(i64, i64)>,
    /// A free cell was pressed: its start.
    pub on_pick: Callback<i64>,
    /// Someone else's booking was pressed: its interval, to wait for it
    /// (signed in only; without it taken cells are not buttons).
    #[prop_or_default]
    pub on_wait: Option<Callback<(i64, i64)>>,
}

/// The week: one row per half hour of the opening hours, one column per day;
/// free cells are buttons.
#[component]
pub fn WeekGrid(props: &WeekProps) -> Html {
    let i18n = use_i18n();
    let rules = &props.cal.instrument.rules;
    let busy = busy_of(&props.cal);
    let now = now_secs();
    let day_labels: Vec<String> =
        (0..7).map(|d| format!("{} {}", weekday(&i18n, d), month_day(props.week_start + d * 86_400))).collect();
    let in_selection = |t: i64| props.selection.is_some_and(|(s, len)| t >= s && t < s + len * 60);
    let rows = (rules.open_minute..rules.close_minute).step_by(30).map(|m| {
        let label = format!("{:02}:{:02}", m / 60, m % 60);
        html! {
            <tr>
                <th scope="row" class="time">{ &label }</th>
                { for (0..7).map(|d| {
                    let t = props.week_start + d * 86_400 + m * 60;
                    let state = cell_state(rules, &busy, t, now);
                    let sel = in_selection(t);
                    let (class, key) = state.look();
                    let aria = format!("{} {label} {}", day_labels[d as usize], i18n.tr(key));
                    let pick = props.on_pick.reform(move |_: MouseEvent| t);
                    // Another booker's time: a button that offers the waitlist for that booking's interval.
                    let wait = match (state, &props.on_wait) {
                        (Cell::Pending | Cell::Confirmed, Some(cb)) => busy
                            .iter()
                            .find(|b| overlaps(b.start, b.end, t, t + 1800))
                            .map(|b| {
                                let (from, to) = (b.start, b.end);
                                (from, to, cb.reform(move |_: MouseEvent| (from, to)))
                            }),
                        _ => None,
                    };
                    html! {
                        <td class={classes!(class, sel.then_some("selected"))}>
                            if state == Cell::Free {
                                <button type="button" class="slot-button" aria-label={aria} aria-pressed={sel.to_string()}
                                    data-testid="slot-free" data-start={rfc3339_utc(t)} onclick={pick}></button>
                            } else if let Some((from, to, onclick)) = wait {
                                <button type="button" class="slot-button" aria-label={format!("{aria}, {}", i18n.tr("cal.taken_wait"))}
                                    data-testid="slot-taken" data-start={rfc3339_utc(t)} data-busy-start={rfc3339_utc(from)}
                                    data-busy-end={rfc3339_utc(to)} {onclick}></button>
                            } else {
                                <span class="visually-hidden">{ aria }</span>
                            }
                        </td>
                    }
                }) }
            </tr>
        }
    });
    html! {
        <div class="table-wrap">
            <table class="week-calendar" data-testid="week-calendar">
                <thead>
                    <tr>
                        <th scope="col">{ i18n.tr("cal.time") }</th>
                        { for day_labels.iter().map(|d| html! { <th scope="col">{ d }</th> }) }
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// Props of [`MonthGrid`].
#[derive(Properties, PartialEq)]
pub struct MonthProps {
    /// The calendar answer, six weeks from `week_start`.
    pub cal: Calendar,
    /// Monday 00:00 Taipei of the first week shown.
    pub week_start: i64,
    /// A day was pressed: how many weeks after the first its week is.
    pub on_open_week: Callback<i64>,
}

/// Six week rows; each day says how many half-hour slots are free, and
/// pressing a day opens its week.
#[component]
pub fn MonthGrid(props: &MonthProps) -> Html {
    let i18n = use_i18n();
    let rules = &props.cal.instrument.rules;
    let busy = busy_of(&props.cal);
    let now = now_secs();
    let slots_per_day = ((rules.close_minute - rules.open_minute) / 30).max(0);
    html! {
        <div class="table-wrap">
            <table class="month-calendar" data-testid="month-calendar">
                <thead><tr>{ for (0..7).map(|d| html! { <th scope="col">{ weekday(&i18n, d) }</th> }) }</tr></thead>
                <tbody>
                    { for (0..6i64).map(|w| html! {
                        <tr>
                            { for (0..7i64).map(|d| {
                                let day_start = props.week_start + (w * 7 + d) * 86_400;
                                let free = (0..slots_per_day)
                                    .filter(|k| cell_state(rules, &busy, day_start + rules.open_minute * 60 + k * 1800, now) == Cell::Free)
                                    .count();
                                let class = if free == 0 { "day full" } else if (free as i64) < slots_per_day { "day partly" } else { "day free" };
                                let open_week = props.on_open_week.reform(move |_: MouseEvent| w);
                                html! {
                                    <td class={class}>
                                        <button type="button" class="day-button" onclick={open_week}>
                                            <span class="day-date">{ month_day(day_start) }</span>
                                            <span class="day-free">{ i18n.trf("cal.free_slots", &[("n", &free.to_string())]) }</span>
                                        </button>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> SlotRules {
        SlotRules {
            min_minutes: 60,
            max_minutes: 180,
            horizon_days: 60,
            open_minute: 9 * 60,
            close_minute: 17 * 60,
            open_weekdays: "1111100".into(),
        }
    }

    // Monday 2026-11-30 09:00 Taipei = 01:00 UTC, seen from a week before.
    const MON_9: i64 = 1_796_000_400;
    const NOW: i64 = MON_9 - 7 * 86_400;

    fn busy(start: i64, end: i64, kind: &str, mine: bool) -> Busy {
        Busy { start, end, kind: kind.into(), mine }
    }

    #[test]
    fn a_cell_is_free_only_where_the_shortest_booking_fits() {
        let r = rules();
        let taken = [busy(MON_9 + 3 * 3600, MON_9 + 4 * 3600, "confirmed", false)];
        assert!(cell_state(&r, &taken, MON_9, NOW) == Cell::Free);
        // 11:30 is free itself, but an hour from there runs into the 12:00 booking.
        assert!(cell_state(&r, &taken, MON_9 + 2 * 3600 + 1800, NOW) == Cell::Unavailable);
        assert!(cell_state(&r, &taken, MON_9 + 3 * 3600, NOW) == Cell::Confirmed);
        // 16:30: an hour would pass closing time.
        assert!(cell_state(&r, &[], MON_9 + 7 * 3600 + 1800, NOW) == Cell::Unavailable);
        assert!(cell_state(&r, &[], MON_9 + 5 * 86_400, NOW) == Cell::Unavailable, "Saturday");
    }

    #[test]
    fn busy_cells_say_whose_and_what() {
        let r = rules();
        let b = [
            busy(MON_9, MON_9 + 1800, "pending", true),
            busy(MON_9 + 1800, MON_9 + 3600, "pending", false),
            busy(MON_9 + 3600, MON_9 + 5400, "blackout", false),
        ];
        assert!(cell_state(&r, &b, MON_9, NOW) == Cell::Mine);
        assert!(cell_state(&r, &b, MON_9 + 1800, NOW) == Cell::Pending);
        assert!(cell_state(&r, &b, MON_9 + 3600, NOW) == Cell::Blackout);
    }

    #[test]
    fn lengths_stop_at_the_next_busy_time_and_the_longest_allowed() {
        let r = rules();
        assert_eq!(lengths_from(&r, &[], MON_9, NOW), vec![60, 90, 120, 150, 180]);
        let taken = [busy(MON_9 + 2 * 3600, MON_9 + 3 * 3600, "confirmed", false)];
        assert_eq!(lengths_from(&r, &taken, MON_9, NOW), vec![60, 90, 120]);
        assert!(lengths_from(&r, &taken, MON_9 + 3600 + 1800, NOW).is_empty(), "30 minutes left");
    }
}
