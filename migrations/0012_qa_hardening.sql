-- Knowledge Q&A hardening (issue 12): weighted flags, hidden questions kept
-- out of the search cheaply, and an assertion a batch can make about the
-- state it was computed from.

-- A flag weighs by its flagger's level (domain::qa::flag_weight): a post is
-- hidden once the weight of its unresolved flags reaches
-- domain::qa::FLAG_WEIGHT_TO_HIDE. Flags stored before this weigh 1.
ALTER TABLE qa_flags ADD COLUMN weight INTEGER NOT NULL DEFAULT 1;

-- Hidden questions are few: the search's index-only path leaves them out
-- through this partial index instead of joining every match.
CREATE INDEX qa_questions_hidden ON qa_questions(id) WHERE hidden = 1;

-- `INSERT INTO qa_expect (ok) SELECT <premise>` as the first statement of a
-- batch aborts the whole batch (one transaction) with `qa_state_changed`
-- when the premise no longer holds, and stores nothing when it does. A vote
-- change asserts the vote it replaces, an accept the answer it replaces, so
-- two parallel requests computed from the same state cannot both apply
-- (on Cloudflare requests run in parallel, in different isolates).
CREATE VIEW qa_expect AS SELECT 1 AS ok;
CREATE TRIGGER qa_expect_check INSTEAD OF INSERT ON qa_expect
BEGIN
  SELECT RAISE(ABORT, 'qa_state_changed') WHERE NEW.ok IS NOT 1;
END;
