-- kiosk: rebuilds tables
-- Notifications that reach people (issue 13): the duty governor and the probation OMU managers
-- sign in with roles of their own; recipients per role are kept by the admin; each notification
-- is queued as one e-mail per recipient in the outbox and delivered over SMTP by the kiosk.

-- 1. Two new roles. SQLite cannot change a CHECK constraint in place, so users is rebuilt the way
-- SQLite's ALTER TABLE page says (new table, copy, drop, rename), every row and id kept: row MACs
-- cover id and columns, not the table's shape, and stay valid. The marker line above makes
-- migrate() run this file with foreign keys off (other tables' REFERENCES users(id) go on naming
-- "users", so they point at the new table) and check every foreign key before it commits.
CREATE TABLE users_0009 (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('visits_officer','video_call_officer','safeguarding_lead','admin',
                                              'booking_system','duty_governor','omu_manager')),
  pin_hash      TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at    TEXT NOT NULL,
  failed_pins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins >= 0),
  locked_until  TEXT,
  row_mac       TEXT
);
INSERT INTO users_0009 (id, username, display_name, role, pin_hash, active, created_at, failed_pins, locked_until, row_mac)
  SELECT id, username, display_name, role, pin_hash, active, created_at, failed_pins, locked_until, row_mac FROM users;
DROP TABLE users;
ALTER TABLE users_0009 RENAME TO users;

-- 2. Who is e-mailed when an incident notifies their role. Removing one keeps the row (the outbox
-- names it) and stops new messages to them.
CREATE TABLE recipients (
  id          INTEGER PRIMARY KEY,
  role        TEXT NOT NULL CHECK (role IN ('safeguarding_lead','duty_governor','probation_omu_manager')),
  name        TEXT NOT NULL,
  email       TEXT NOT NULL,
  added_by    INTEGER NOT NULL REFERENCES users(id),
  added_at    TEXT NOT NULL,
  removed_at  TEXT,
  removed_by  INTEGER REFERENCES users(id),
  row_mac     TEXT
);
CREATE UNIQUE INDEX recipients_active_address ON recipients (role, lower(email)) WHERE removed_at IS NULL;

-- 3. One e-mail per notification and recipient, composed when the incident was raised (its text is
-- sealed with the row's MAC). A sender claims a due row (state 'sending', attempts + 1) in one
-- transaction before it talks to the server, and records the answer after: 'sent', 'retrying'
-- (next_attempt_at) or 'failed' with the server's reply. A claim that outlives its lease was
-- interrupted between sending and recording; it is marked failed, never resent by itself.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  notification_id  INTEGER NOT NULL REFERENCES notifications(id),
  recipient_id     INTEGER NOT NULL REFERENCES recipients(id),
  address          TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  message_key      TEXT NOT NULL DEFAULT '',
  state            TEXT NOT NULL CHECK (state IN ('queued','sending','sent','retrying','failed')),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  queued_at        TEXT NOT NULL,
  next_attempt_at  TEXT NOT NULL,
  claimed_at       TEXT,
  sent_at          TEXT,
  last_reply       TEXT NOT NULL DEFAULT '',
  row_mac          TEXT,
  UNIQUE (notification_id, recipient_id)
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_notification ON outbox (notification_id);
