-- Instrument booking: centres, instruments, PI quotas, bookings and the ledger.
-- The database itself refuses double bookings (trigger) and negative quotas
-- (CHECK), so no code path and no race can get past either rule.

CREATE TABLE centers (
  id            TEXT    PRIMARY KEY,
  name_zh       TEXT    NOT NULL,
  name_en       TEXT    NOT NULL,
  city          TEXT    NOT NULL,
  open_minute   INTEGER NOT NULL DEFAULT 540,   -- 09:00 Taipei
  close_minute  INTEGER NOT NULL DEFAULT 1020,  -- 17:00 Taipei
  open_weekdays TEXT    NOT NULL DEFAULT '1111100'
);

CREATE TABLE instruments (
  id                INTEGER PRIMARY KEY,
  center_id         TEXT    NOT NULL REFERENCES centers(id),
  name_zh           TEXT    NOT NULL,
  name_en           TEXT    NOT NULL,
  category          TEXT    NOT NULL,
  description       TEXT    NOT NULL DEFAULT '',
  photo_url         TEXT,
  fee_unit          TEXT    NOT NULL CHECK (fee_unit IN ('hour', 'sample')),
  fee_academic      INTEGER NOT NULL CHECK (fee_academic >= 0),
  fee_industry      INTEGER NOT NULL CHECK (fee_industry >= 0),
  min_minutes       INTEGER NOT NULL DEFAULT 30,
  max_minutes       INTEGER NOT NULL DEFAULT 240,
  horizon_days      INTEGER NOT NULL DEFAULT 60,
  cancel_hours      INTEGER NOT NULL DEFAULT 24,
  requires_training INTEGER NOT NULL DEFAULT 0,
  requires_approval INTEGER NOT NULL DEFAULT 0,
  active            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX instruments_center ON instruments(center_id);
CREATE INDEX instruments_category ON instruments(category);

-- Maintenance and closures. instrument_id NULL closes the whole centre.
CREATE TABLE blackouts (
  id            INTEGER PRIMARY KEY,
  center_id     TEXT    NOT NULL REFERENCES centers(id),
  instrument_id INTEGER REFERENCES instruments(id),
  start_at      INTEGER NOT NULL,
  end_at        INTEGER NOT NULL CHECK (end_at > start_at),
  reason        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX blackouts_center_time ON blackouts(center_id, start_at);

-- Who has been trained on what (recorded by staff).
CREATE TABLE trainings (
  user_id       INTEGER NOT NULL REFERENCES users(id),
  instrument_id INTEGER NOT NULL REFERENCES instruments(id),
  trained_by    INTEGER NOT NULL REFERENCES users(id),
  trained_at    INTEGER NOT NULL,
  PRIMARY KEY (user_id, instrument_id)
);

-- A PI's usage quota (額度); balance is kept equal to the sum of the ledger
-- by the trigger below and can never go negative.
CREATE TABLE pi_accounts (
  pi_user_id INTEGER PRIMARY KEY REFERENCES users(id),
  grant_code TEXT    NOT NULL DEFAULT '',
  balance    INTEGER NOT NULL DEFAULT 0 CHECK (balance >= 0)
);

-- A PI's research group: members may book against the PI's quota.
CREATE TABLE memberships (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  pi_user_id INTEGER NOT NULL REFERENCES pi_accounts(pi_user_id),
  PRIMARY KEY (user_id, pi_user_id)
);

CREATE TABLE bookings (
  id             TEXT    PRIMARY KEY,
  instrument_id  INTEGER NOT NULL REFERENCES instruments(id),
  user_id        INTEGER NOT NULL REFERENCES users(id),
  pi_user_id     INTEGER REFERENCES pi_accounts(pi_user_id),
  start_at       INTEGER NOT NULL,
  end_at         INTEGER NOT NULL CHECK (end_at > start_at),
  status         TEXT    NOT NULL CHECK (status IN ('pending','confirmed','cancelled','completed','no_show')),
  payment        TEXT    NOT NULL CHECK (payment IN ('quota','cash')),
  estimated_cost INTEGER NOT NULL CHECK (estimated_cost >= 0),
  actual_cost    INTEGER,
  note           TEXT    NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX bookings_instrument_time ON bookings(instrument_id, start_at);
CREATE INDEX bookings_user ON bookings(user_id, start_at);

-- The slot rule, enforced by the database for every insert and every update
-- that makes a booking active or moves it: like an exclusion constraint.
CREATE TRIGGER bookings_no_overlap_insert
BEFORE INSERT ON bookings
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'slot_taken')
  WHERE EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.instrument_id = NEW.instrument_id
      AND b.status IN ('pending', 'confirmed')
      AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at
  ) OR EXISTS (
    SELECT 1 FROM blackouts x JOIN instruments i ON i.id = NEW.instrument_id
    WHERE x.center_id = i.center_id
      AND (x.instrument_id IS NULL OR x.instrument_id = NEW.instrument_id)
      AND x.start_at < NEW.end_at AND NEW.start_at < x.end_at
  );
END;

CREATE TRIGGER bookings_no_overlap_update
BEFORE UPDATE OF status, start_at, end_at, instrument_id ON bookings
WHEN NEW.status IN ('pending', 'confirmed')
BEGIN
  SELECT RAISE(ABORT, 'slot_taken')
  WHERE EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.instrument_id = NEW.instrument_id
      AND b.id <> NEW.id
      AND b.status IN ('pending', 'confirmed')
      AND b.start_at < NEW.end_at AND NEW.start_at < b.end_at
  ) OR EXISTS (
    SELECT 1 FROM blackouts x JOIN instruments i ON i.id = NEW.instrument_id
    WHERE x.center_id = i.center_id
      AND (x.instrument_id IS NULL OR x.instrument_id = NEW.instrument_id)
      AND x.start_at < NEW.end_at AND NEW.start_at < x.end_at
  );
END;

-- Every quota change is a ledger row; the balance follows in the same statement.
CREATE TABLE quota_ledger (
  id          INTEGER PRIMARY KEY,
  pi_user_id  INTEGER NOT NULL REFERENCES pi_accounts(pi_user_id),
  booking_id  TEXT    REFERENCES bookings(id),
  kind        TEXT    NOT NULL CHECK (kind IN ('grant', 'reserve', 'release', 'settle')),
  delta       INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX quota_ledger_pi ON quota_ledger(pi_user_id);

CREATE TRIGGER quota_ledger_apply
AFTER INSERT ON quota_ledger
BEGIN
  -- Fails the CHECK (balance >= 0), and so the whole batch, if unaffordable.
  UPDATE pi_accounts SET balance = balance + NEW.delta WHERE pi_user_id = NEW.pi_user_id;
END;
