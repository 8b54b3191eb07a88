-- Contact sessions (issue 10): the visit or call of a booking starts only once every expected child
-- was confirmed (or overridden with a reason), and a refusal or suspension is final for it.
-- The session's state is derived from the booking's status, these start/end stamps and the checks;
-- only what cannot be derived is stored here.
CREATE TABLE contact_sessions (
  id          INTEGER PRIMARY KEY REFERENCES bookings(id),  -- the booking's id: one session each
  started_at  TEXT NOT NULL,
  started_by  INTEGER NOT NULL REFERENCES users(id),
  ended_at    TEXT,
  ended_by    INTEGER REFERENCES users(id),
  row_mac     TEXT
);

-- A check opened and left without a decision (the officer tapped Back): kept with its scores and
-- quality so retrying until a match appears leaves a trail. No evidence crop is kept.
CREATE TABLE abandoned_attempts (
  id              INTEGER PRIMARY KEY,
  booking_id      INTEGER NOT NULL REFERENCES bookings(id),
  child_id        INTEGER NOT NULL REFERENCES children(id),
  station         TEXT NOT NULL,
  officer_id      INTEGER NOT NULL REFERENCES users(id),
  at              TEXT NOT NULL,
  band            TEXT CHECK (band IS NULL OR band IN ('strong_match','possible_match','no_match','cannot_assess')),
  best_distance   REAL,
  distances       TEXT NOT NULL,   -- JSON [{"image_id":N,"distance":D|null}]
  faces           INTEGER NOT NULL,
  quality_ok      INTEGER NOT NULL CHECK (quality_ok IN (0,1)),
  quality_issues  TEXT NOT NULL,   -- JSON array of prompts
  attempt         INTEGER NOT NULL, -- the child's attempt number at this booking, decided ones counted
  row_mac         TEXT
);
-- Decided checks carry their attempt number too (NULL for checks recorded before this migration).
ALTER TABLE identity_checks ADD COLUMN attempt INTEGER;
CREATE INDEX abandoned_attempts_by_booking ON abandoned_attempts (booking_id, child_id);
CREATE INDEX identity_checks_by_booking ON identity_checks (booking_id, child_id);

-- A review opened by a refusal or suspension blocks contact with children until it is completed;
-- a scheduled (three-yearly) or new-information review does not, unless a refusal joins it.
ALTER TABLE reviews ADD COLUMN blocks_contact INTEGER NOT NULL DEFAULT 1 CHECK (blocks_contact IN (0,1));
ALTER TABLE reviews ADD COLUMN arrangement_id INTEGER REFERENCES arrangements(id);
-- Which contact types a 'varied' outcome changed, as the lead chose them (JSON, empty otherwise).
ALTER TABLE reviews ADD COLUMN variation TEXT NOT NULL DEFAULT '';

-- An appeal against a review's decision is a record of its own with an outcome.
CREATE TABLE appeals (
  id           INTEGER PRIMARY KEY,
  review_id    INTEGER NOT NULL REFERENCES reviews(id),
  lodged_on    TEXT NOT NULL,
  recorded_by  INTEGER NOT NULL REFERENCES users(id),
  recorded_at  TEXT NOT NULL,
  grounds      TEXT NOT NULL,
  outcome      TEXT CHECK (outcome IS NULL OR outcome IN ('upheld','dismissed')),
  decided_on   TEXT,
  decided_by   INTEGER REFERENCES users(id),
  notes        TEXT NOT NULL DEFAULT '',
  row_mac      TEXT
);
-- Appeals lodged before this migration were a note on the review.
INSERT INTO appeals (review_id, lodged_on, recorded_by, recorded_at, grounds)
  SELECT id, substr(appeal_lodged_at, 1, 10), COALESCE(decided_by, informed_by, 1), appeal_lodged_at,
         COALESCE(appeal_outcome, '')
  FROM reviews WHERE appeal_lodged_at IS NOT NULL;
