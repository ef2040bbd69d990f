-- Participation around the catalogue: subscriptions, feedback threads with
-- agency replies, ratings, dataset requests with +1s, showcases, and the
-- overdue-update flags the hourly job raises.

CREATE TABLE dataset_subscriptions (
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, dataset_id)
) WITHOUT ROWID;
CREATE INDEX dataset_subscriptions_by_dataset ON dataset_subscriptions(dataset_id, user_id);

CREATE TABLE feedback_threads (
  id              INTEGER PRIMARY KEY,
  dataset_id      INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  organization_id TEXT    NOT NULL REFERENCES organizations(id),
  user_id         INTEGER NOT NULL REFERENCES users(id),
  kind            TEXT    NOT NULL CHECK (kind IN ('question','error','suggestion')),
  title           TEXT    NOT NULL,
  status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','replied','closed')),
  created_at      INTEGER NOT NULL,
  -- The agency's first answer: the handling rate and median reply time come from it.
  first_reply_at  INTEGER,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX feedback_by_dataset ON feedback_threads(dataset_id, created_at DESC);
CREATE INDEX feedback_by_org ON feedback_threads(organization_id, status);

CREATE TABLE feedback_posts (
  id          INTEGER PRIMARY KEY,
  thread_id   INTEGER NOT NULL REFERENCES feedback_threads(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  body        TEXT    NOT NULL,
  from_agency INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL
);
CREATE INDEX feedback_posts_by_thread ON feedback_posts(thread_id, id);

-- One rating per user per dataset; the average is kept on the dataset for sorting.
CREATE TABLE dataset_ratings (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  rated_at   INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, user_id)
) WITHOUT ROWID;
ALTER TABLE datasets ADD COLUMN rating_count INTEGER NOT NULL DEFAULT 0;

CREATE TABLE dataset_requests (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id),
  title           TEXT    NOT NULL,
  description     TEXT    NOT NULL DEFAULT '',
  organization_id TEXT    REFERENCES organizations(id),
  status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','answered','fulfilled','declined')),
  answer          TEXT    NOT NULL DEFAULT '',
  answered_by     INTEGER REFERENCES users(id),
  answered_at     INTEGER,
  dataset_id      INTEGER REFERENCES datasets(id),
  votes           INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
  created_at      INTEGER NOT NULL
);
CREATE INDEX dataset_requests_by_votes ON dataset_requests(votes DESC, id DESC);

-- A +1 is a row; the counter follows it by trigger, so two identical
-- concurrent +1s count once (the primary key refuses the second).
CREATE TABLE dataset_request_votes (
  request_id INTEGER NOT NULL REFERENCES dataset_requests(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (request_id, user_id)
) WITHOUT ROWID;
CREATE TRIGGER dataset_request_votes_add AFTER INSERT ON dataset_request_votes
BEGIN
  UPDATE dataset_requests SET votes = votes + 1 WHERE id = NEW.request_id;
END;
CREATE TRIGGER dataset_request_votes_remove AFTER DELETE ON dataset_request_votes
BEGIN
  UPDATE dataset_requests SET votes = votes - 1 WHERE id = OLD.request_id;
END;

CREATE TABLE showcases (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  title       TEXT    NOT NULL,
  description TEXT    NOT NULL DEFAULT '',
  url         TEXT    NOT NULL,
  status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  reviewed_by INTEGER REFERENCES users(id),
  reviewed_at INTEGER,
  created_at  INTEGER NOT NULL
);
CREATE TABLE showcase_datasets (
  showcase_id INTEGER NOT NULL REFERENCES showcases(id) ON DELETE CASCADE,
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  PRIMARY KEY (showcase_id, dataset_id)
) WITHOUT ROWID;
CREATE INDEX showcase_datasets_by_dataset ON showcase_datasets(dataset_id, showcase_id);

-- Datasets past their declared update frequency (逾期), flagged by the hourly
-- job; a flag clears when the dataset is updated.
CREATE TABLE dataset_overdue (
  dataset_id  INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  due_at      INTEGER NOT NULL,
  flagged_at  INTEGER NOT NULL
);

-- Facet counts of recent searches. They change only when the catalogue's
-- metadata does, so every metadata write bumps the generation (and empties
-- the cache); views and downloads never affect them.
CREATE TABLE catalogue_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO catalogue_generation (id, n) VALUES (1, 0);
CREATE TABLE facet_cache (
  key        TEXT    PRIMARY KEY,
  generation INTEGER NOT NULL,
  body       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX facet_cache_age ON facet_cache(created_at);
