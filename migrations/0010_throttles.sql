-- Throttles that cannot be raced and cannot be turned against other people
-- (issue 12). Each check and its record is one conditional INSERT, so parallel
-- requests can never get past a budget.

-- Posting budgets (feedback, requests, showcases, comments, flags, posts,
-- registrations): one row per action taken, in as many buckets as apply
-- (per account, per address). Rows older than a day are deleted hourly.
CREATE TABLE rate_events (
  id      INTEGER PRIMARY KEY,
  bucket  TEXT    NOT NULL,
  at      INTEGER NOT NULL
);
CREATE INDEX rate_events_bucket_at ON rate_events(bucket, at);

-- Sign-in now counts failures per (account, address), per address and per
-- account from untrusted devices; a login attempt is reserved (inserted as a
-- failure) before the password is checked and marked a success after.
CREATE INDEX login_attempts_email_ip ON login_attempts(email, ip, created_at);

-- Devices that signed in to an account before (OWASP's "device cookie"): a
-- browser presenting one is exempt from the per-account budget, so a flood of
-- guesses from elsewhere cannot lock the owner out. Only a hash is stored.
CREATE TABLE trusted_devices (
  token_hash  TEXT    NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  PRIMARY KEY (token_hash, user_id)
);
CREATE INDEX trusted_devices_user ON trusted_devices(user_id);
