-- The safeguarding records: people, contact arrangements, approved images, bookings, identity
-- checks, incidents, reviews, notifications, users and the hash-chained audit log.
-- Dates are ISO 'YYYY-MM-DD'; instants are local ISO 'YYYY-MM-DDTHH:MM:SS'.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('visits_officer','video_call_officer','safeguarding_lead','admin')),
  pin_hash      TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_at    TEXT NOT NULL
);

CREATE TABLE prisoners (
  id             INTEGER PRIMARY KEY,
  prison_number  TEXT NOT NULL UNIQUE CHECK (prison_number GLOB '[A-Z][0-9][0-9][0-9][0-9][A-Z][A-Z]'),
  first_name     TEXT NOT NULL,
  last_name      TEXT NOT NULL,
  pprc_status    TEXT NOT NULL CHECK (pprc_status IN ('pprc','pprc_pending','not_pprc')),
  establishment  TEXT NOT NULL
);

-- `ref` is the children's-services reference used by import files to name a child.
CREATE TABLE children (
  id             INTEGER PRIMARY KEY,
  ref            TEXT NOT NULL UNIQUE,
  first_name     TEXT NOT NULL,
  last_name      TEXT NOT NULL,
  date_of_birth  TEXT NOT NULL,
  carer_name     TEXT NOT NULL
);

CREATE TABLE arrangements (
  id                 INTEGER PRIMARY KEY,
  prisoner_id        INTEGER NOT NULL REFERENCES prisoners(id),
  child_id           INTEGER NOT NULL REFERENCES children(id),
  allow_visits       INTEGER NOT NULL CHECK (allow_visits IN (0,1)),
  allow_video_calls  INTEGER NOT NULL CHECK (allow_video_calls IN (0,1)),
  allow_phone        INTEGER NOT NULL CHECK (allow_phone IN (0,1)),
  allow_letters      INTEGER NOT NULL CHECK (allow_letters IN (0,1)),
  decision_date      TEXT NOT NULL,
  next_review_due    TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('active','suspended_pending_review','ended')),
  conditions         TEXT NOT NULL DEFAULT '',
  UNIQUE (prisoner_id, child_id)
);

-- Image, chip and descriptor bytes pass through store::BlobCodec (the one place a later issue
-- adds encryption), so no length or format is checked here.
CREATE TABLE approved_images (
  id                    INTEGER PRIMARY KEY,
  child_id              INTEGER NOT NULL REFERENCES children(id),
  source_name           TEXT NOT NULL,
  image                 BLOB NOT NULL,
  chip                  BLOB,
  descriptor            BLOB NOT NULL,
  date_taken            TEXT NOT NULL,
  provided_by           TEXT NOT NULL,
  identity_verified_by  TEXT NOT NULL,
  carer_consent         INTEGER NOT NULL CHECK (carer_consent IN (0,1)),
  approved_by           INTEGER NOT NULL REFERENCES users(id),
  approved_at           TEXT NOT NULL,
  retired_at            TEXT,
  retired_by            INTEGER REFERENCES users(id)
);

CREATE TABLE bookings (
  id           INTEGER PRIMARY KEY,
  ref          TEXT UNIQUE,
  kind         TEXT NOT NULL CHECK (kind IN ('visit','video_call')),
  prisoner_id  INTEGER NOT NULL REFERENCES prisoners(id),
  date         TEXT NOT NULL,
  time         TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('scheduled','refused','suspended','completed','cancelled'))
);

CREATE TABLE booking_children (
  booking_id  INTEGER NOT NULL REFERENCES bookings(id),
  child_id    INTEGER NOT NULL REFERENCES children(id),
  PRIMARY KEY (booking_id, child_id)
) WITHOUT ROWID;

CREATE TABLE identity_checks (
  id              INTEGER PRIMARY KEY,
  booking_id      INTEGER NOT NULL REFERENCES bookings(id),
  child_id        INTEGER NOT NULL REFERENCES children(id),
  station         TEXT NOT NULL,
  officer_id      INTEGER NOT NULL REFERENCES users(id),
  at              TEXT NOT NULL,
  band            TEXT NOT NULL CHECK (band IN ('strong_match','possible_match','no_match','cannot_assess')),
  best_distance   REAL,
  distances       TEXT NOT NULL,   -- JSON [{"image_id":N,"distance":D|null}]
  faces           INTEGER NOT NULL,
  quality_ok      INTEGER NOT NULL CHECK (quality_ok IN (0,1)),
  quality_issues  TEXT NOT NULL,   -- JSON array of prompts
  decision        TEXT NOT NULL CHECK (decision IN ('confirmed','not_confident','override')),
  reason          TEXT NOT NULL DEFAULT '',
  evidence_crop   BLOB             -- JPEG of the aligned probe face, through BlobCodec
);

CREATE TABLE incidents (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('visit_refused','call_suspended','welfare_concern','override')),
  prisoner_id  INTEGER NOT NULL REFERENCES prisoners(id),
  booking_id   INTEGER REFERENCES bookings(id),
  child_id     INTEGER REFERENCES children(id),
  check_id     INTEGER REFERENCES identity_checks(id),
  raised_by    INTEGER NOT NULL REFERENCES users(id),
  raised_at    TEXT NOT NULL,
  details      TEXT NOT NULL DEFAULT '',
  review_id    INTEGER REFERENCES reviews(id),
  status       TEXT NOT NULL CHECK (status IN ('open','closed')),
  closed_at    TEXT
);

CREATE TABLE reviews (
  id                  INTEGER PRIMARY KEY,
  prisoner_id         INTEGER NOT NULL REFERENCES prisoners(id),
  opened_by           TEXT NOT NULL CHECK (opened_by IN ('incident','schedule','new_information')),
  opened_incident_id  INTEGER REFERENCES incidents(id),
  opened_at           TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('open','completed')),
  outcome             TEXT CHECK (outcome IS NULL OR outcome IN ('unchanged','varied','suspended','ended')),
  decided_by          INTEGER REFERENCES users(id),
  decided_at          TEXT,
  notes               TEXT NOT NULL DEFAULT '',
  inform_by           TEXT,
  informed_at         TEXT,
  informed_by         INTEGER REFERENCES users(id),
  appeal_lodged_at    TEXT,
  appeal_outcome      TEXT
);

CREATE TABLE notifications (
  id               INTEGER PRIMARY KEY,
  incident_id      INTEGER NOT NULL REFERENCES incidents(id),
  recipient_role   TEXT NOT NULL CHECK (recipient_role IN ('safeguarding_lead','duty_governor','probation_omu_manager')),
  created_at       TEXT NOT NULL,
  acknowledged_by  INTEGER REFERENCES users(id),
  acknowledged_at  TEXT
);

-- Append-only and hash-chained: hash = SHA-256(prev_hash || canonical row). The triggers are a
-- second guard; `kiosk audit verify` recomputes the chain and is the real check.
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER,
  detail     TEXT NOT NULL,
  prev_hash  TEXT NOT NULL,
  hash       TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
