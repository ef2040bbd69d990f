-- Booking, hardening: per-person limits on future holdings (issue 12).
--
-- Cash bookings on instruments without approval cost nothing to hold and
-- nothing to cancel before the deadline, so without a limit one member could
-- hold every free slot of the horizon in a few weekly series. As NEMO does
-- per tool ("maximum future reservations", "maximum future reservation
-- time"), each instrument caps what one person may hold of it ahead of time,
-- in bookings and in hours, and each centre caps the same over all its
-- instruments. Staff set both; the defaults below are
-- `commons_domain::booking::DEFAULT_INSTRUMENT_LIMITS` and
-- `DEFAULT_CENTER_LIMITS` (a unit test keeps them equal).
--
-- "Future holdings" are the person's active (pending or confirmed) bookings
-- that have not started at the moment the new one is made (its created_at).

ALTER TABLE instruments ADD COLUMN max_future_bookings INTEGER NOT NULL DEFAULT 10;
ALTER TABLE instruments ADD COLUMN max_future_hours INTEGER NOT NULL DEFAULT 30;
ALTER TABLE centers ADD COLUMN max_future_bookings INTEGER NOT NULL DEFAULT 30;
ALTER TABLE centers ADD COLUMN max_future_hours INTEGER NOT NULL DEFAULT 90;

-- Decided by the database for every insert, like the no-overlap trigger: a
-- burst of parallel requests cannot get past it, and a weekly series (one
-- batch) that would cross a limit is refused whole.
CREATE TRIGGER bookings_holding_limits
BEFORE INSERT ON bookings
WHEN NEW.status IN ('pending', 'confirmed') AND NEW.start_at > NEW.created_at
BEGIN
  SELECT RAISE(ABORT, 'holding_limit_instrument')
  FROM instruments i
  WHERE i.id = NEW.instrument_id
    AND (
      (SELECT COUNT(*) FROM bookings b
        WHERE b.user_id = NEW.user_id AND b.instrument_id = NEW.instrument_id
          AND b.status IN ('pending', 'confirmed') AND b.start_at > NEW.created_at) >= i.max_future_bookings
      OR (SELECT COALESCE(SUM(b.end_at - b.start_at), 0) FROM bookings b
        WHERE b.user_id = NEW.user_id AND b.instrument_id = NEW.instrument_id
          AND b.status IN ('pending', 'confirmed') AND b.start_at > NEW.created_at)
         + (NEW.end_at - NEW.start_at) > i.max_future_hours * 3600
    );
  SELECT RAISE(ABORT, 'holding_limit_center')
  FROM instruments ni JOIN centers c ON c.id = ni.center_id
  WHERE ni.id = NEW.instrument_id
    AND (
      (SELECT COUNT(*) FROM bookings b JOIN instruments i ON i.id = b.instrument_id
        WHERE b.user_id = NEW.user_id AND i.center_id = c.id
          AND b.status IN ('pending', 'confirmed') AND b.start_at > NEW.created_at) >= c.max_future_bookings
      OR (SELECT COALESCE(SUM(b.end_at - b.start_at), 0) FROM bookings b JOIN instruments i ON i.id = b.instrument_id
        WHERE b.user_id = NEW.user_id AND i.center_id = c.id
          AND b.status IN ('pending', 'confirmed') AND b.start_at > NEW.created_at)
         + (NEW.end_at - NEW.start_at) > c.max_future_hours * 3600
    );
END;
