-- Booking, second step: settlement and receipts, recurring series, the
-- waitlist, favourites with substitutes, in-app notifications (shared by all
-- services), secret calendar-feed tokens and reminder bookkeeping.

ALTER TABLE bookings ADD COLUMN series_id TEXT;
ALTER TABLE bookings ADD COLUMN reminded_at INTEGER;
CREATE INDEX bookings_series ON bookings(series_id);
CREATE INDEX bookings_status_start ON bookings(status, start_at);

-- Cash receipts (收入收據), numbered per centre without gaps or repeats:
-- the number is computed inside the INSERT, and UNIQUE backs it up.
CREATE TABLE receipts (
  id          INTEGER PRIMARY KEY,
  center_id   TEXT    NOT NULL REFERENCES centers(id),
  number      INTEGER NOT NULL,
  booking_id  TEXT    NOT NULL UNIQUE REFERENCES bookings(id),
  amount      INTEGER NOT NULL CHECK (amount >= 0),
  payer_name  TEXT    NOT NULL,
  issued_by   INTEGER NOT NULL REFERENCES users(id),
  issued_at   INTEGER NOT NULL,
  UNIQUE (center_id, number)
);

CREATE TABLE waitlist (
  id            INTEGER PRIMARY KEY,
  instrument_id INTEGER NOT NULL REFERENCES instruments(id),
  user_id       INTEGER NOT NULL REFERENCES users(id),
  start_at      INTEGER NOT NULL,
  end_at        INTEGER NOT NULL CHECK (end_at > start_at),
  created_at    INTEGER NOT NULL,
  notified_at   INTEGER,
  UNIQUE (instrument_id, user_id, start_at, end_at)
);
CREATE INDEX waitlist_instrument_time ON waitlist(instrument_id, start_at);

CREATE TABLE favorites (
  user_id       INTEGER NOT NULL REFERENCES users(id),
  instrument_id INTEGER NOT NULL REFERENCES instruments(id),
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (user_id, instrument_id)
);

CREATE TABLE favorite_substitutes (
  user_id       INTEGER NOT NULL,
  instrument_id INTEGER NOT NULL,
  substitute_id INTEGER NOT NULL REFERENCES instruments(id),
  position      INTEGER NOT NULL,
  PRIMARY KEY (user_id, instrument_id, substitute_id),
  FOREIGN KEY (user_id, instrument_id) REFERENCES favorites(user_id, instrument_id) ON DELETE CASCADE
);

-- The in-app bell: one row per notification, for every service.
CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  kind       TEXT    NOT NULL,
  params     TEXT    NOT NULL DEFAULT '{}',  -- JSON for the translated message
  link       TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  read_at    INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, read_at, created_at);

-- Secret per-user calendar-feed tokens (a capability URL, like other calendar apps use).
CREATE TABLE calendar_feeds (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id),
  token      TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
