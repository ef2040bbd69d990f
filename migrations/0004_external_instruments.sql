-- Instruments of other agencies (the open platform across ministries): listed
-- and searchable here, but booked on the owner's own system through this link.
ALTER TABLE instruments ADD COLUMN external_url TEXT;
