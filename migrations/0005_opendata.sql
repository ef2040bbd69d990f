-- Open data catalogue: agencies, datasets with the 38-field metadata standard,
-- their resources and tags, a change log for the Atom feed, and the search index.

CREATE TABLE organizations (
  -- CKAN-style name, 'org-' + a stable hash of the title (agency titles are Chinese).
  id          TEXT    PRIMARY KEY,
  title       TEXT    NOT NULL UNIQUE,
  description TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);

CREATE TABLE datasets (
  id                          INTEGER PRIMARY KEY,
  identifier                  TEXT    NOT NULL UNIQUE,
  title                       TEXT    NOT NULL,
  description                 TEXT    NOT NULL DEFAULT '',
  field_description           TEXT    NOT NULL DEFAULT '',
  data_type                   TEXT    NOT NULL DEFAULT '',
  category                    TEXT    NOT NULL DEFAULT '',
  license                     TEXT    NOT NULL DEFAULT '',
  license_url                 TEXT    NOT NULL DEFAULT '',
  cost                        TEXT    NOT NULL DEFAULT '',
  cost_url                    TEXT    NOT NULL DEFAULT '',
  cost_law                    TEXT    NOT NULL DEFAULT '',
  organization_id             TEXT    NOT NULL REFERENCES organizations(id),
  organization_contact_name   TEXT    NOT NULL DEFAULT '',
  organization_contact_phone  TEXT    NOT NULL DEFAULT '',
  organization_contact_email  TEXT    NOT NULL DEFAULT '',
  publisher                   TEXT    NOT NULL DEFAULT '',
  publisher_contact_name      TEXT    NOT NULL DEFAULT '',
  publisher_contact_phone     TEXT    NOT NULL DEFAULT '',
  publisher_contact_email     TEXT    NOT NULL DEFAULT '',
  publisher_oid               TEXT    NOT NULL DEFAULT '',
  accrual_periodicity         TEXT    NOT NULL DEFAULT '',
  temporal_from               TEXT    NOT NULL DEFAULT '',
  temporal_to                 TEXT    NOT NULL DEFAULT '',
  issued                      TEXT    NOT NULL DEFAULT '',
  modified                    TEXT    NOT NULL DEFAULT '',
  spatial                     TEXT    NOT NULL DEFAULT '',
  language                    TEXT    NOT NULL DEFAULT '',
  landing_page                TEXT    NOT NULL DEFAULT '',
  keywords                    TEXT    NOT NULL DEFAULT '[]',   -- JSON array; dataset_tags is the index
  number_of_data              INTEGER,
  notes                       TEXT    NOT NULL DEFAULT '',
  quality                     TEXT    NOT NULL DEFAULT '',
  upload_method               TEXT    NOT NULL DEFAULT '',
  -- Distinct resource formats, space-joined, so a list row needs no join.
  formats                     TEXT    NOT NULL DEFAULT '',
  views                       INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0),
  downloads                   INTEGER NOT NULL DEFAULT 0 CHECK (downloads >= 0),
  rating                      REAL    CHECK (rating IS NULL OR rating BETWEEN 0 AND 5),
  -- Hash of the submitted metadata: a re-import of identical data writes nothing.
  content_hash                TEXT    NOT NULL DEFAULT '',
  source                      TEXT    NOT NULL DEFAULT '',
  created_at                  INTEGER NOT NULL,
  updated_at                  INTEGER NOT NULL
);
-- One (agency, title) pair names a dataset for sources without identifiers.
CREATE INDEX datasets_org_title ON datasets(organization_id, title);
CREATE INDEX datasets_category ON datasets(category);
CREATE INDEX datasets_license ON datasets(license);
CREATE INDEX datasets_frequency ON datasets(accrual_periodicity);
CREATE INDEX datasets_quality ON datasets(quality);
CREATE INDEX datasets_issued ON datasets(issued DESC, id);
CREATE INDEX datasets_views ON datasets(views DESC, id);
CREATE INDEX datasets_downloads ON datasets(downloads DESC, id);
CREATE INDEX datasets_rating ON datasets(rating DESC, id);

CREATE TABLE resources (
  id               INTEGER PRIMARY KEY,
  dataset_id       INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position         INTEGER NOT NULL,
  resource_id      TEXT    NOT NULL,
  description      TEXT    NOT NULL DEFAULT '',
  format           TEXT    NOT NULL DEFAULT '',
  encoding         TEXT    NOT NULL DEFAULT '',
  modified         TEXT    NOT NULL DEFAULT '',
  access_url       TEXT    NOT NULL DEFAULT '',
  download_url     TEXT    NOT NULL DEFAULT '',
  metadata_source  TEXT    NOT NULL DEFAULT '',
  record_count     INTEGER,
  resource_field   TEXT    NOT NULL DEFAULT '',
  downloads        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (dataset_id, position)
);
CREATE INDEX resources_format ON resources(format, dataset_id);

CREATE TABLE dataset_tags (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  tag        TEXT    NOT NULL,
  PRIMARY KEY (dataset_id, tag)
) WITHOUT ROWID;
CREATE INDEX dataset_tags_tag ON dataset_tags(tag, dataset_id);

-- What changed and when, for the per-dataset Atom feed.
CREATE TABLE dataset_changes (
  id         INTEGER PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  kind       TEXT    NOT NULL CHECK (kind IN ('created','updated')),
  summary    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX dataset_changes_by_dataset ON dataset_changes(dataset_id, at DESC);

-- The search index: pre-tokenised text (CJK bigrams and lower-cased words,
-- space-joined by domain::opendata::index_text), so SQLite's unicode61
-- tokeniser only splits on spaces. rowid = datasets.id.
CREATE VIRTUAL TABLE dataset_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0');
