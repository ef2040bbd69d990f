-- Open data hardening (issue 12).
--
-- Showcases are reviewed per dataset link: each agency decides for its own
-- datasets, and a showcase shows on a dataset only once that dataset's
-- agency approves (an approval by one agency used to publish it on every
-- agency's datasets it named).
ALTER TABLE showcase_datasets ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
  CHECK (status IN ('pending', 'approved', 'rejected'));
ALTER TABLE showcase_datasets ADD COLUMN reviewed_by INTEGER REFERENCES users(id);
ALTER TABLE showcase_datasets ADD COLUMN reviewed_at INTEGER;

-- A decision already made stands for the links its reviewer spoke for (an
-- admin, an unscoped publisher, or a publisher of that dataset's agency);
-- the other links of the showcase wait for their own agency.
UPDATE showcase_datasets
SET status = (SELECT s.status FROM showcases s WHERE s.id = showcase_datasets.showcase_id),
    reviewed_by = (SELECT s.reviewed_by FROM showcases s WHERE s.id = showcase_datasets.showcase_id),
    reviewed_at = (SELECT s.reviewed_at FROM showcases s WHERE s.id = showcase_datasets.showcase_id)
WHERE EXISTS (
  SELECT 1 FROM showcases s
  JOIN roles r ON r.user_id = s.reviewed_by
  JOIN datasets d ON d.id = showcase_datasets.dataset_id
  WHERE s.id = showcase_datasets.showcase_id AND s.status != 'pending'
    AND (r.role = 'admin' OR (r.role = 'publisher' AND r.scope_id IN ('', d.organization_id)))
);
CREATE INDEX showcase_datasets_by_status ON showcase_datasets(status, dataset_id);

-- The showcase's own status sums up its links: approved once any agency
-- approved it (it is public there), pending while any link waits, else rejected.
CREATE TRIGGER showcase_datasets_decided AFTER UPDATE OF status ON showcase_datasets
BEGIN
  UPDATE showcases SET
    status = CASE
      WHEN EXISTS (SELECT 1 FROM showcase_datasets WHERE showcase_id = NEW.showcase_id AND status = 'approved') THEN 'approved'
      WHEN EXISTS (SELECT 1 FROM showcase_datasets WHERE showcase_id = NEW.showcase_id AND status = 'pending') THEN 'pending'
      ELSE 'rejected' END,
    reviewed_by = NEW.reviewed_by,
    reviewed_at = NEW.reviewed_at
  WHERE id = NEW.showcase_id;
END;
UPDATE showcases SET status = CASE
  WHEN EXISTS (SELECT 1 FROM showcase_datasets sd WHERE sd.showcase_id = showcases.id AND sd.status = 'approved') THEN 'approved'
  WHEN EXISTS (SELECT 1 FROM showcase_datasets sd WHERE sd.showcase_id = showcases.id AND sd.status = 'pending') THEN 'pending'
  WHEN EXISTS (SELECT 1 FROM showcase_datasets sd WHERE sd.showcase_id = showcases.id) THEN 'rejected'
  ELSE status END;

-- DataStore rows of new uploads are JSON arrays in column order, so no row
-- stores a copy of the header; tables uploaded before keep their objects.
-- `data_bytes` (the rows' JSON) sizes a page of wide rows.
ALTER TABLE datastore_tables ADD COLUMN layout TEXT NOT NULL DEFAULT 'object' CHECK (layout IN ('object', 'array'));
ALTER TABLE datastore_tables ADD COLUMN data_bytes INTEGER NOT NULL DEFAULT 0;
