-- The dataset editor's drafts and review (上架 → 審查 → 公開), and the
-- versions each decision keeps.
--
-- A new role, `reviewer` (scoped to an agency), needs the roles table's CHECK
-- widened. SQLite cannot alter a CHECK, so the table is rebuilt with the same
-- columns and key; no table, view or trigger references it, so the copy is safe.
ALTER TABLE roles RENAME TO roles_before_0018;
CREATE TABLE roles (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role      TEXT    NOT NULL CHECK (role IN ('member','researcher','pi','facility_staff','publisher','reviewer','moderator','admin')),
  scope_id  TEXT    NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, role, scope_id)
);
INSERT INTO roles (user_id, role, scope_id, granted_at)
  SELECT user_id, role, scope_id, granted_at FROM roles_before_0018;
DROP TABLE roles_before_0018;

-- One working copy per dataset identifier: a new dataset or an edit of a
-- published one (which stays live in `datasets` until this is approved).
-- `revision` is the version number the next decision records; the state
-- moves only by conditional writes (draft|returned → pending → decided).
CREATE TABLE dataset_drafts (
  identifier      TEXT    PRIMARY KEY,
  organization_id TEXT    NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('draft','pending','returned')),
  revision        INTEGER NOT NULL CHECK (revision >= 1),
  body            TEXT    NOT NULL,
  title           TEXT    NOT NULL,
  comment         TEXT    NOT NULL DEFAULT '',
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reviewer_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX dataset_drafts_org ON dataset_drafts(organization_id, state, updated_at);

-- Every decided submission: published ones are the dataset's history, returned
-- ones keep the reviewer's comment. One row per (dataset, revision): a second
-- decision on the same submission cannot be recorded.
CREATE TABLE dataset_versions (
  id              INTEGER PRIMARY KEY,
  identifier      TEXT    NOT NULL,
  organization_id TEXT    NOT NULL,
  revision        INTEGER NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('published','returned')),
  body            TEXT    NOT NULL,
  comment         TEXT    NOT NULL DEFAULT '',
  author_id       INTEGER REFERENCES users(id) ON DELETE SET NULL,
  reviewer_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,
  decided_at      INTEGER NOT NULL,
  UNIQUE (identifier, revision)
);
