-- Knowledge Q&A: questions, answers, comments, revisions, votes, the points
-- ledger with its totals, badges, flags, the FAQ, and the search indexes.

CREATE TABLE qa_questions (
  id               INTEGER PRIMARY KEY,
  user_id          INTEGER NOT NULL REFERENCES users(id),
  title            TEXT    NOT NULL,
  body             TEXT    NOT NULL,
  body_html        TEXT    NOT NULL,
  tags             TEXT    NOT NULL DEFAULT '[]',
  score            INTEGER NOT NULL DEFAULT 0,
  answer_count     INTEGER NOT NULL DEFAULT 0,
  accepted_answer_id INTEGER,
  duplicate_of     INTEGER REFERENCES qa_questions(id),
  dataset_id       INTEGER REFERENCES datasets(id),
  instrument_id    INTEGER REFERENCES instruments(id),
  views            INTEGER NOT NULL DEFAULT 0,
  flags            INTEGER NOT NULL DEFAULT 0,
  hidden           INTEGER NOT NULL DEFAULT 0,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  first_answer_at  INTEGER
);
CREATE INDEX qa_questions_newest ON qa_questions(created_at DESC);
CREATE INDEX qa_questions_votes ON qa_questions(score DESC, id DESC);
CREATE INDEX qa_questions_activity ON qa_questions(last_activity_at DESC);
CREATE INDEX qa_questions_user ON qa_questions(user_id, created_at);
CREATE INDEX qa_questions_dataset ON qa_questions(dataset_id) WHERE dataset_id IS NOT NULL;
CREATE INDEX qa_questions_instrument ON qa_questions(instrument_id) WHERE instrument_id IS NOT NULL;

CREATE TABLE qa_answers (
  id          INTEGER PRIMARY KEY,
  question_id INTEGER NOT NULL REFERENCES qa_questions(id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users(id),
  body        TEXT    NOT NULL,
  body_html   TEXT    NOT NULL,
  score       INTEGER NOT NULL DEFAULT 0,
  accepted    INTEGER NOT NULL DEFAULT 0,
  flags       INTEGER NOT NULL DEFAULT 0,
  hidden      INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX qa_answers_question ON qa_answers(question_id, accepted DESC, score DESC);
CREATE INDEX qa_answers_user ON qa_answers(user_id, created_at);
-- At most one accepted answer per question, whatever the concurrency.
CREATE UNIQUE INDEX qa_answers_one_accepted ON qa_answers(question_id) WHERE accepted = 1;

CREATE TABLE qa_comments (
  id         INTEGER PRIMARY KEY,
  post_kind  TEXT    NOT NULL CHECK (post_kind IN ('q','a')),
  post_id    INTEGER NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  body       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX qa_comments_post ON qa_comments(post_kind, post_id, id);

CREATE TABLE qa_tags (
  question_id INTEGER NOT NULL REFERENCES qa_questions(id) ON DELETE CASCADE,
  tag         TEXT    NOT NULL,
  PRIMARY KEY (question_id, tag)
) WITHOUT ROWID;
CREATE INDEX qa_tags_tag ON qa_tags(tag, question_id);

CREATE TABLE qa_revisions (
  id         INTEGER PRIMARY KEY,
  post_kind  TEXT    NOT NULL CHECK (post_kind IN ('q','a')),
  post_id    INTEGER NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  title      TEXT    NOT NULL DEFAULT '',
  body       TEXT    NOT NULL,
  tags       TEXT    NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);
CREATE INDEX qa_revisions_post ON qa_revisions(post_kind, post_id, id);

-- One vote per user per post: the primary key makes two identical
-- concurrent votes count once.
CREATE TABLE qa_votes (
  post_kind  TEXT    NOT NULL CHECK (post_kind IN ('q','a')),
  post_id    INTEGER NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  author_id  INTEGER NOT NULL REFERENCES users(id),
  value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
  day        TEXT    NOT NULL,            -- Asia/Taipei date, for the daily limit
  created_at INTEGER NOT NULL,
  PRIMARY KEY (post_kind, post_id, user_id)
) WITHOUT ROWID;
CREATE INDEX qa_votes_user_day ON qa_votes(user_id, day);
CREATE INDEX qa_votes_pair ON qa_votes(user_id, author_id);
CREATE INDEX qa_votes_author ON qa_votes(author_id);
CREATE TRIGGER qa_votes_daily_limit BEFORE INSERT ON qa_votes
WHEN (SELECT COUNT(*) FROM qa_votes WHERE user_id = NEW.user_id AND day = NEW.day) >= 40
BEGIN
  SELECT RAISE(ABORT, 'vote_limit');
END;
CREATE TRIGGER qa_votes_no_self BEFORE INSERT ON qa_votes
WHEN NEW.user_id = NEW.author_id
BEGIN
  SELECT RAISE(ABORT, 'self_vote');
END;

-- The points rules an admin may change (defaults in domain::qa::RULES).
CREATE TABLE qa_rules (
  key   TEXT    PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO qa_rules (key, value) VALUES
  ('question_upvoted', 5), ('answer_upvoted', 10), ('answer_accepted', 15), ('accepting', 2),
  ('downvoted', -2), ('downvote_cast', -1), ('faq_promoted', 50), ('daily_cap', 200);

-- The ledger. A user's total is the sum of their rows; the trigger below
-- keeps user_points in step inside the same transaction. An undo or a
-- reversal is a compensating row pointing at the row it cancels.
CREATE TABLE point_events (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  delta      INTEGER NOT NULL,
  reason     TEXT    NOT NULL,
  post_kind  TEXT,
  post_id    INTEGER,
  actor_id   INTEGER,
  reverses   INTEGER REFERENCES point_events(id),
  day        TEXT    NOT NULL,
  note       TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX point_events_user_day ON point_events(user_id, day);
CREATE INDEX point_events_post ON point_events(post_kind, post_id, actor_id);
CREATE INDEX point_events_created ON point_events(created_at);
CREATE UNIQUE INDEX point_events_reversed_once ON point_events(reverses) WHERE reverses IS NOT NULL;

CREATE TABLE user_points (
  user_id INTEGER PRIMARY KEY REFERENCES users(id),
  total   INTEGER NOT NULL CHECK (total >= 0)
);
CREATE TRIGGER point_events_apply AFTER INSERT ON point_events
BEGIN
  INSERT OR IGNORE INTO user_points (user_id, total) VALUES (NEW.user_id, 0);
  UPDATE user_points SET total = total + NEW.delta WHERE user_id = NEW.user_id;
END;

-- Level thresholds (domain::qa::LEVELS), for the level-up notification trigger.
CREATE TABLE qa_levels (
  level      INTEGER PRIMARY KEY,
  min_points INTEGER NOT NULL
);
INSERT INTO qa_levels (level, min_points) VALUES (1, 1), (2, 15), (3, 100), (4, 500), (5, 2000), (6, 10000);
CREATE TRIGGER user_points_level_up AFTER UPDATE OF total ON user_points
WHEN NEW.total > OLD.total
BEGIN
  INSERT INTO notifications (user_id, kind, params, link, created_at)
  SELECT NEW.user_id, 'level_up', json_object('level', l.level), '/qa/users/' || NEW.user_id, unixepoch()
  FROM qa_levels l WHERE l.level > 1 AND l.min_points > OLD.total AND l.min_points <= NEW.total;
END;

CREATE TABLE qa_badges (
  user_id    INTEGER NOT NULL REFERENCES users(id),
  badge      TEXT    NOT NULL,
  detail     TEXT    NOT NULL DEFAULT '',
  awarded_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, badge)
) WITHOUT ROWID;
CREATE TRIGGER qa_badges_notify AFTER INSERT ON qa_badges
BEGIN
  INSERT INTO notifications (user_id, kind, params, link, created_at)
  VALUES (NEW.user_id, 'badge', json_object('badge', NEW.badge), '/qa/users/' || NEW.user_id, NEW.awarded_at);
END;

CREATE TABLE qa_flags (
  post_kind  TEXT    NOT NULL CHECK (post_kind IN ('q','a')),
  post_id    INTEGER NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  reason     TEXT    NOT NULL,
  resolved   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (post_kind, post_id, user_id)
) WITHOUT ROWID;

-- Why the ring detector reversed points.
CREATE TABLE qa_ring_log (
  id         INTEGER PRIMARY KEY,
  voter_id   INTEGER NOT NULL,
  author_id  INTEGER NOT NULL,
  votes      INTEGER NOT NULL,
  share      REAL    NOT NULL,
  reversed   INTEGER NOT NULL,
  reason     TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE faq_entries (
  id               INTEGER PRIMARY KEY,
  service          TEXT    NOT NULL CHECK (service IN ('opendata','booking','accounts','qa')),
  category         TEXT    NOT NULL,
  title            TEXT    NOT NULL,
  body             TEXT    NOT NULL,
  body_html        TEXT    NOT NULL,
  source_answer_id INTEGER REFERENCES qa_answers(id),
  created_by       INTEGER NOT NULL REFERENCES users(id),
  created_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX faq_from_answer ON faq_entries(source_answer_id) WHERE source_answer_id IS NOT NULL;

-- Pre-tokenised (CJK bigrams) like the catalogue: rowid = question id / FAQ id.
CREATE VIRTUAL TABLE qa_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE faq_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0');
