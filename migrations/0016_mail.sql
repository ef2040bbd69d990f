-- Outgoing e-mail and password reset (issue 15, section 4).

-- Every message the site sends, before it is handed to the send_email
-- binding: a failed hand-over stays here and the hourly cron tries again, so
-- nothing is lost. `raw` is the whole MIME message as built at request time.
-- state: queued (not yet tried, or a try is under way until next_try_at),
-- sent, failed (tried `attempts` times; tried again at next_try_at, or given
-- up when next_try_at is NULL).
CREATE TABLE outbox (
  id           INTEGER PRIMARY KEY,
  kind         TEXT    NOT NULL,
  sender       TEXT    NOT NULL,
  recipient    TEXT    NOT NULL,
  raw          TEXT    NOT NULL,
  state        TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_try_at  INTEGER,
  last_error   TEXT,
  created_at   INTEGER NOT NULL,
  sent_at      INTEGER
);
CREATE INDEX outbox_due ON outbox(state, next_try_at);

-- Password-reset links. Only the SHA-256 of the token is stored. A link is
-- consumed by one conditional UPDATE (used_at IS NULL → now, with the
-- consuming request's random `claim`), so two clicks at once change the
-- password once; the statements that follow in the same batch find the user
-- through that claim.
CREATE TABLE password_resets (
  token_hash  TEXT    PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER,
  claim       TEXT
);
CREATE INDEX password_resets_user ON password_resets(user_id);
