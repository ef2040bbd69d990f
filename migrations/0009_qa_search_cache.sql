-- Cached Q&A search and listing pages.
--
-- Ranking a common two-character word means scoring every question that holds
-- it (16,000 of 100,000 for 年金: 9 ms in SQLite alone), and popular searches
-- and the front listing repeat. A page is cached under its normalised query,
-- stamped with the Q&A generation read in the same transaction as the page.
-- Triggers bump the generation on every change a result page shows (a new,
-- edited, hidden or deleted question, a vote, an answer, an accept, the FAQ, an
-- author's name), so a cached page is never older than the data it lists.
-- View counts are the exception: they change on every page view, so they are
-- allowed to lag by the cache's time to live (60 s, in the Worker).

CREATE TABLE qa_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO qa_generation (id, n) VALUES (1, 0);

CREATE TABLE qa_search_cache (
  key        TEXT    PRIMARY KEY,
  generation INTEGER NOT NULL,
  body       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX qa_search_cache_age ON qa_search_cache(created_at);

CREATE TRIGGER qa_generation_question_insert AFTER INSERT ON qa_questions
BEGIN
  UPDATE qa_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER qa_generation_question_delete AFTER DELETE ON qa_questions
BEGIN
  UPDATE qa_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER qa_generation_question_update
AFTER UPDATE OF title, body, tags, score, answer_count, accepted_answer_id, duplicate_of, hidden, last_activity_at, user_id
ON qa_questions
BEGIN
  UPDATE qa_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER qa_generation_faq_insert AFTER INSERT ON faq_entries
BEGIN
  UPDATE qa_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER qa_generation_faq_update AFTER UPDATE ON faq_entries
BEGIN
  UPDATE qa_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER qa_generation_faq_delete AFTER DELETE ON faq_entries
BEGIN
  UPDATE qa_generation SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER qa_generation_author_name AFTER UPDATE OF display_name ON users
BEGIN
  UPDATE qa_generation SET n = n + 1 WHERE id = 1;
END;
