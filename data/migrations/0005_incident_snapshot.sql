-- The in-call monitor raises one welfare concern when a face matching none of the booked children
-- appears, and the officer sees a snapshot of that face. Without it on the incident the
-- safeguarding lead reviewing the concern never sees who joined the call. JPEG bytes of the face
-- (with a margin, at most 480 px on the long side), sealed through store::BlobCodec like every
-- other biometric blob ("incidents.evidence_snapshot"). NULL when the monitor had no snapshot.
-- Incidents are kept, so the retention purge never removes it.
ALTER TABLE incidents ADD COLUMN evidence_snapshot BLOB;
