-- Records no one can quietly rewrite (issue 11). Each safeguarding row carries a MAC over its
-- fields (store/row_seal.hpp lists the tables and columns), written by the store on every insert
-- and update under a key derived from the data key; reads used for eligibility check it.
-- SQL cannot compute the MAC (it needs the key), so a database migrated here from an older
-- kiosk has NULL MACs, SHA-256 audit hashes and column-bound blobs until `kiosk db upgrade`
-- re-seals, rechains and re-MACs it once, audited; until then it does not open.
ALTER TABLE users ADD COLUMN row_mac TEXT;
ALTER TABLE arrangements ADD COLUMN row_mac TEXT;
ALTER TABLE bookings ADD COLUMN row_mac TEXT;
ALTER TABLE identity_checks ADD COLUMN row_mac TEXT;
ALTER TABLE incidents ADD COLUMN row_mac TEXT;
ALTER TABLE reviews ADD COLUMN row_mac TEXT;
ALTER TABLE notifications ADD COLUMN row_mac TEXT;

-- Facts about the database itself: 'integrity' = 'v1' once the integrity scheme above holds for
-- every row (set at creation or by `kiosk db upgrade`); 'demo' = '1' for a database made by
-- `kiosk demo seed` (only those may be replaced by `demo seed --force`).
CREATE TABLE kiosk_settings (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) WITHOUT ROWID;
