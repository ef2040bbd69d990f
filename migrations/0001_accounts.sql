-- Accounts, sessions, roles and login throttling.
-- Times are unix seconds (UTC) throughout the schema.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT    NOT NULL,
  password_hash TEXT    NOT NULL,
  locale        TEXT    NOT NULL DEFAULT 'zh-TW' CHECK (locale IN ('zh-TW', 'en')),
  created_at    INTEGER NOT NULL
);

-- Only the SHA-256 of a session token is stored, so a leaked table
-- cannot be replayed as cookies.
CREATE TABLE sessions (
  token_hash  TEXT    PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- scope_id is '' for unscoped grants so the primary key stays unique
-- (SQLite treats NULLs as distinct in keys).
CREATE TABLE roles (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role      TEXT    NOT NULL CHECK (role IN ('member','researcher','pi','facility_staff','publisher','moderator','admin')),
  scope_id  TEXT    NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, role, scope_id)
);

-- Every login attempt; failures within the last 15 minutes drive throttling.
CREATE TABLE login_attempts (
  id          INTEGER PRIMARY KEY,
  email       TEXT    NOT NULL COLLATE NOCASE,
  ip          TEXT    NOT NULL,
  success     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts(email, created_at);
CREATE INDEX login_attempts_ip ON login_attempts(ip, created_at);
