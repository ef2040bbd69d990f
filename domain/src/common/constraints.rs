//! What each constraint and trigger of the schema means to a client.
//!
//! SQLite reports a violated constraint by name (`UNIQUE constraint failed:
//! users.email`, `CHECK constraint failed: balance >= 0`) or, for our
//! triggers, by the `RAISE` text (`slot_taken`). The Worker maps that text
//! through [`from_sqlite`] to a precise client error, so a race lost in the
//! database reads as "that time overlaps another booking", not as a 500 or a
//! vague "already exists". A test reads `migrations/` and fails when a unique
//! key has no entry here.

use crate::error::{ApiError, ErrorKind};

/// One constraint: the text SQLite reports for it, and the error it means.
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    /// The start of SQLite's message (the trigger's `RAISE` text, or
    /// `UNIQUE constraint failed: <table>.<columns>`).
    pub sqlite: &'static str,
    /// The error kind the client gets.
    pub kind: ErrorKind,
    /// The message the client gets.
    pub message: &'static str,
}

/// The refusal of a booking that would cross its instrument's per-person
/// holding limit (the trigger of `migrations/0013_booking_limits.sql`).
pub const HOLDING_LIMIT_INSTRUMENT: &str = "you already hold as many upcoming bookings (or hours) of this instrument as one person may; cancel one, or book again once one has taken place";

/// The refusal of a booking that would cross its centre's per-person holding limit.
pub const HOLDING_LIMIT_CENTER: &str = "you already hold as many upcoming bookings (or hours) at this centre as one person may; cancel one, or book again once one has taken place";

const fn c(sqlite: &'static str, kind: ErrorKind, message: &'static str) -> Constraint {
    Constraint { sqlite, kind, message }
}

/// Every unique key, trigger and reachable `CHECK` of the schema, by table.
pub const CONSTRAINTS: &[Constraint] = &[
    // Accounts (0001).
    c("UNIQUE constraint failed: users.email", ErrorKind::Conflict, "an account with this e-mail already exists"),
    c("UNIQUE constraint failed: sessions.token_hash", ErrorKind::Conflict, "that session already exists"),
    c("UNIQUE constraint failed: roles.user_id, roles.role, roles.scope_id", ErrorKind::Conflict, "the user already holds that role"),
    c("UNIQUE constraint failed: trusted_devices.token_hash, trusted_devices.user_id", ErrorKind::Conflict, "the device is already trusted"),
    // Mail (0016).
    c("UNIQUE constraint failed: password_resets.token_hash", ErrorKind::Conflict, "that reset link already exists"),
    // Booking (0002, 0003): the no-overlap triggers and the quota CHECK decide races.
    c("slot_taken", ErrorKind::SlotTaken, "that time overlaps another booking"),
    c("CHECK constraint failed: balance", ErrorKind::QuotaExceeded, "the PI's quota does not cover this booking"),
    c("UNIQUE constraint failed: centers.id", ErrorKind::Conflict, "a centre with this id already exists"),
    c("UNIQUE constraint failed: bookings.id", ErrorKind::Conflict, "that booking already exists"),
    c("UNIQUE constraint failed: trainings.user_id, trainings.instrument_id", ErrorKind::Conflict, "the user is already trained on this instrument"),
    c("UNIQUE constraint failed: pi_accounts.pi_user_id", ErrorKind::Conflict, "the PI's quota account already exists"),
    c("UNIQUE constraint failed: memberships.user_id, memberships.pi_user_id", ErrorKind::Conflict, "already a member of this group"),
    c("UNIQUE constraint failed: receipts.booking_id", ErrorKind::Conflict, "the booking already has a receipt"),
    c("UNIQUE constraint failed: receipts.center_id, receipts.number", ErrorKind::Conflict, "that receipt number is taken; try again"),
    c("UNIQUE constraint failed: waitlist.instrument_id, waitlist.user_id, waitlist.start_at, waitlist.end_at", ErrorKind::Conflict, "you are already on the waitlist for this time"),
    c("UNIQUE constraint failed: favorites.user_id, favorites.instrument_id", ErrorKind::Conflict, "already a favourite"),
    c("UNIQUE constraint failed: favorite_substitutes.user_id, favorite_substitutes.instrument_id, favorite_substitutes.substitute_id", ErrorKind::Conflict, "already a substitute"),
    c("UNIQUE constraint failed: calendar_feeds.user_id", ErrorKind::Conflict, "the calendar feed already exists"),
    c("UNIQUE constraint failed: calendar_feeds.token", ErrorKind::Conflict, "that feed token is taken; try again"),
    // Booking (0013): per-person limits on future holdings.
    c("holding_limit_instrument", ErrorKind::Conflict, HOLDING_LIMIT_INSTRUMENT),
    c("holding_limit_center", ErrorKind::Conflict, HOLDING_LIMIT_CENTER),
    // Open data (0005–0007).
    c("UNIQUE constraint failed: organizations.id", ErrorKind::Conflict, "an agency with this id already exists"),
    c("UNIQUE constraint failed: organizations.title", ErrorKind::Conflict, "an agency with this name already exists"),
    c("UNIQUE constraint failed: datasets.identifier", ErrorKind::Conflict, "a dataset with this identifier already exists"),
    c("UNIQUE constraint failed: resources.dataset_id, resources.position", ErrorKind::Conflict, "the dataset changed meanwhile; try again"),
    c("UNIQUE constraint failed: dataset_tags.dataset_id, dataset_tags.tag", ErrorKind::Conflict, "the tag is already on the dataset"),
    c("UNIQUE constraint failed: datastore_tables.resource_id", ErrorKind::Conflict, "the resource already has a DataStore table"),
    c("UNIQUE constraint failed: datastore_rows.resource_id, datastore_rows.row_no", ErrorKind::Conflict, "the DataStore changed meanwhile; try again"),
    c("UNIQUE constraint failed: dataset_subscriptions.user_id, dataset_subscriptions.dataset_id", ErrorKind::Conflict, "already subscribed"),
    c("UNIQUE constraint failed: dataset_ratings.dataset_id, dataset_ratings.user_id", ErrorKind::Conflict, "you already rated this dataset"),
    c("UNIQUE constraint failed: dataset_request_votes.request_id, dataset_request_votes.user_id", ErrorKind::Conflict, "you already support this request"),
    c("UNIQUE constraint failed: showcase_datasets.showcase_id, showcase_datasets.dataset_id", ErrorKind::Conflict, "the dataset is already linked"),
    c("UNIQUE constraint failed: dataset_overdue.dataset_id", ErrorKind::Conflict, "the dataset is already flagged"),
    c("UNIQUE constraint failed: facet_cache.key", ErrorKind::Conflict, "the cache entry changed meanwhile; try again"),
    // Open data: drafts and review (0018).
    c("UNIQUE constraint failed: dataset_drafts.identifier", ErrorKind::Conflict, "the draft changed meanwhile; try again"),
    c("UNIQUE constraint failed: dataset_versions.identifier, dataset_versions.revision", ErrorKind::Conflict, "this version was already decided"),
    // Knowledge Q&A (0008, 0009).
    c("vote_limit", ErrorKind::Throttled, "you have used today's votes; more tomorrow"),
    c("self_vote", ErrorKind::Invalid, "you cannot vote on your own post"),
    c("UNIQUE constraint failed: qa_answers.question_id", ErrorKind::Conflict, "the question already has an accepted answer"),
    c("UNIQUE constraint failed: qa_tags.question_id, qa_tags.tag", ErrorKind::Conflict, "the tag is already on the question"),
    c("UNIQUE constraint failed: qa_votes.post_kind, qa_votes.post_id, qa_votes.user_id", ErrorKind::Conflict, "your vote changed meanwhile; try again"),
    c("UNIQUE constraint failed: qa_rules.key", ErrorKind::Conflict, "that rule already exists"),
    c("UNIQUE constraint failed: point_events.reverses", ErrorKind::Conflict, "that change was already undone"),
    c("UNIQUE constraint failed: user_points.user_id", ErrorKind::Conflict, "the points account already exists"),
    c("UNIQUE constraint failed: qa_levels.level", ErrorKind::Conflict, "that level already exists"),
    c("UNIQUE constraint failed: qa_badges.user_id, qa_badges.badge", ErrorKind::Conflict, "the badge is already awarded"),
    c("UNIQUE constraint failed: qa_flags.post_kind, qa_flags.post_id, qa_flags.user_id", ErrorKind::Conflict, "you already flagged this post"),
    c("UNIQUE constraint failed: faq_entries.source_answer_id", ErrorKind::Conflict, "this answer is already in the FAQ"),
    c("UNIQUE constraint failed: qa_search_cache.key", ErrorKind::Conflict, "the cache entry changed meanwhile; try again"),
    // Knowledge Q&A (0012): a batch's premise no longer held (a parallel request changed it first).
    c("qa_state_changed", ErrorKind::Conflict, "the post changed meanwhile; reload and try again"),
    // Search (0014): one re-index cursor per corpus, written by the migration only.
    c("UNIQUE constraint failed: search_reindex.corpus", ErrorKind::Conflict, "that search corpus already has a re-index cursor"),
];

/// The client error that SQLite's message `text` means, if it names a
/// constraint. Unlisted constraints still get a client error of their class
/// (a unique key is a 409, a `CHECK` or foreign key a 422) rather than a 500;
/// any other failure is `None`, an internal error.
pub fn from_sqlite(text: &str) -> Option<ApiError> {
    for k in CONSTRAINTS {
        // Trigger texts appear inside D1's wrapper ("D1_ERROR: slot_taken: SQLITE_CONSTRAINT").
        let hit = if k.sqlite.contains(' ') { text.contains(k.sqlite) } else { contains_word(text, k.sqlite) };
        if hit {
            if k.sqlite.starts_with("UNIQUE") && !names_exactly(text, k.sqlite) {
                continue;
            }
            return Some(ApiError::new(k.kind, k.message));
        }
    }
    if text.contains("UNIQUE constraint failed") {
        Some(ApiError::new(ErrorKind::Conflict, "that conflicts with a record already stored"))
    } else if text.contains("CHECK constraint failed") {
        Some(ApiError::invalid("a value is out of its allowed range"))
    } else if text.contains("FOREIGN KEY constraint failed") {
        Some(ApiError::invalid("it refers to a record that does not exist"))
    } else {
        None
    }
}

/// Whether `word` appears in `text` with no identifier character on either side.
fn contains_word(text: &str, word: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(ident) && !after.is_some_and(ident)
    })
}

/// `UNIQUE constraint failed: t.a` must not match `t.a, t.b`: the column
/// list ends where the message does (or at D1's `: SQLITE_…` suffix).
fn names_exactly(text: &str, prefix: &str) -> bool {
    text.match_indices(prefix).any(|(i, _)| {
        let rest = &text[i + prefix.len()..];
        !rest.starts_with(',') && !rest.starts_with('_') && !rest.chars().next().is_some_and(|c| c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_map_to_their_own_errors() {
        let e = from_sqlite("D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT").expect("mapped");
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Conflict, "an account with this e-mail already exists"));
        assert_eq!(from_sqlite("D1_ERROR: slot_taken: SQLITE_CONSTRAINT").map(|e| e.kind), Some(ErrorKind::SlotTaken));
        assert_eq!(
            from_sqlite("CHECK constraint failed: balance >= 0").map(|e| e.kind),
            Some(ErrorKind::QuotaExceeded)
        );
        assert_eq!(from_sqlite("vote_limit").map(|e| e.kind), Some(ErrorKind::Throttled));
        assert_eq!(from_sqlite("no such table: x"), None);
    }

    #[test]
    fn a_unique_key_is_matched_by_its_whole_column_list() {
        let e = from_sqlite("UNIQUE constraint failed: receipts.center_id, receipts.number").expect("mapped");
        assert_eq!(e.message, "that receipt number is taken; try again");
        // A key not listed still gets a 409, never a 500.
        let e = from_sqlite("UNIQUE constraint failed: brand_new.col").expect("mapped");
        assert_eq!(e.kind, ErrorKind::Conflict);
        // `slot_taken` inside another word is not the trigger.
        assert_ne!(from_sqlite("xslot_taken_y").map(|e| e.kind), Some(ErrorKind::SlotTaken));
    }

    /// The unique keys the migrations declare, as SQLite names them.
    fn unique_keys_in_migrations() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        let mut files: Vec<_> = std::fs::read_dir(dir).expect("migrations").flatten().map(|e| e.path()).collect();
        files.sort();
        let mut keys = Vec::new();
        for f in files {
            let sql = std::fs::read_to_string(&f).expect("migration");
            let mut table = String::new();
            for raw in sql.lines() {
                let line = raw.split("--").next().unwrap_or("").trim();
                let upper = line.to_uppercase();
                if let Some(rest) = upper.strip_prefix("CREATE TABLE") {
                    let name = rest.trim().trim_start_matches("IF NOT EXISTS").trim();
                    let name = name.split(|c: char| c == '(' || c.is_whitespace()).next().unwrap_or("");
                    table = name.to_lowercase();
                    continue;
                }
                if upper.starts_with("CREATE UNIQUE INDEX") {
                    // CREATE UNIQUE INDEX name ON t(cols) [WHERE …]
                    if let Some((_, on)) = line.split_once(" ON ") {
                        if let Some((t, cols)) = on.split_once('(') {
                            let cols = cols.split(')').next().unwrap_or("");
                            keys.push(qualified(t.trim(), cols));
                        }
                    }
                    continue;
                }
                if table.is_empty() {
                    continue;
                }
                let composite = upper.starts_with("PRIMARY KEY (") || upper.starts_with("UNIQUE (");
                if composite {
                    let cols = line.split_once('(').map(|x| x.1).unwrap_or("");
                    keys.push(qualified(&table, cols.split(')').next().unwrap_or("")));
                } else if (upper.contains(" UNIQUE") || upper.contains(" PRIMARY KEY")) && !upper.starts_with("CREATE")
                {
                    // A rowid `id INTEGER PRIMARY KEY` is assigned by SQLite, never by a client.
                    let col = line.split_whitespace().next().unwrap_or("");
                    if !(col == "id" && upper.contains("INTEGER PRIMARY KEY")) {
                        keys.push(qualified(&table, col));
                    }
                }
            }
        }
        keys
    }

    fn qualified(table: &str, cols: &str) -> String {
        let cols: Vec<String> =
            cols.split(',').map(|c| format!("{table}.{}", c.split_whitespace().next().unwrap_or(""))).collect();
        format!("UNIQUE constraint failed: {}", cols.join(", "))
    }

    #[test]
    fn every_unique_key_of_the_schema_has_its_own_error() {
        let keys = unique_keys_in_migrations();
        assert!(keys.len() > 20, "read only {} keys from migrations/", keys.len());
        let listed: Vec<&str> = CONSTRAINTS.iter().map(|k| k.sqlite).collect();
        let missing: Vec<&String> = keys.iter().filter(|k| !listed.contains(&k.as_str())).collect();
        assert!(missing.is_empty(), "unique keys without an entry in CONSTRAINTS: {missing:#?}");
        let stale: Vec<&&str> =
            listed.iter().filter(|k| k.starts_with("UNIQUE") && !keys.iter().any(|m| m == *k)).collect();
        assert!(stale.is_empty(), "entries in CONSTRAINTS for keys the schema does not have: {stale:#?}");
    }
}
