-- kiosk: rebuilds tables
-- A role for the booking system's service user (issue 11, item 7: imports sign in with a 0600
-- token file, and may only add bookings). SQLite cannot change a CHECK constraint in place, so
-- users is rebuilt the way SQLite's ALTER TABLE page says (new table, copy, drop, rename), every row
-- and id kept: row MACs cover id and columns, not the table's shape, and stay valid. The marker line
-- above makes migrate() run this file with foreign keys off (other tables' REFERENCES users(id) go
-- on naming "users", so they point at the new table) and check every foreign key before it commits.
CREATE TABLE users_0008 (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('visits_officer','video_call_officer','safeguarding_lead','admin',
                                              'booking_system')),
  pin_hash      TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at    TEXT NOT NULL,
  failed_pins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0),
  locked_until  TEXT,
  row_mac       TEXT
);
INSERT INTO users_0008 (id, username, display_name, role, pin_hash, active, created_at, failed_pins, locked_until, row_mac)
  SELECT id, username, display_name, role, pin_hash, active, created_at, failed_pins, locked_until, row_mac FROM users;
DROP TABLE users;
ALTER TABLE users_0008 RENAME TO users;
