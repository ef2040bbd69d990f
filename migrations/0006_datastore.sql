-- The DataStore: uploaded CSV resources (file in R2) parsed into typed rows
-- that can be paged, sorted, filtered and charted.

ALTER TABLE resources ADD COLUMN datastore_active INTEGER NOT NULL DEFAULT 0;
-- Uploaded files live in R2 under this key; imported resources link out instead.
ALTER TABLE resources ADD COLUMN r2_key TEXT;

CREATE TABLE datastore_tables (
  resource_id INTEGER PRIMARY KEY REFERENCES resources(id) ON DELETE CASCADE,
  fields      TEXT    NOT NULL,          -- JSON [{id, type, roc}]
  row_count   INTEGER NOT NULL,
  encoding    TEXT    NOT NULL,
  delimiter   TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
);

-- One row per CSV record, as a JSON object keyed by column; row_no is 1-based
-- and is CKAN's `_id`, so the first page is a primary-key range scan.
CREATE TABLE datastore_rows (
  resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  row_no      INTEGER NOT NULL,
  data        TEXT    NOT NULL,
  PRIMARY KEY (resource_id, row_no)
) WITHOUT ROWID;
