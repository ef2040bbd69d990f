-- Search folds variants (台 → 臺, 国 → 國) and cuts bigrams at a number's unit
-- (domain::common::search). Rows indexed before this were indexed without
-- either, so:
--
-- 1. Instruments get a folded search text (domain::booking::instrument_search_text)
--    that their search matches; '' until a row is written or re-indexed, and
--    a row with '' is matched on its raw columns as before.
-- 2. The re-index job (`reindex`: the hourly cron, or POST /api/admin/jobs/reindex)
--    rewrites every corpus in batches, resuming after the last id it wrote,
--    until each corpus is at domain::common::search::INDEX_VERSION.

ALTER TABLE instruments ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE TABLE search_reindex (
  corpus  TEXT    PRIMARY KEY CHECK (corpus IN ('datasets', 'questions', 'faq', 'instruments')),
  -- The index version every row of the corpus is at.
  version INTEGER NOT NULL,
  -- The last id rewritten towards the next version (0: none yet).
  next_id INTEGER NOT NULL DEFAULT 0
);
INSERT INTO search_reindex (corpus, version) VALUES ('datasets', 0), ('questions', 0), ('faq', 0), ('instruments', 0);
