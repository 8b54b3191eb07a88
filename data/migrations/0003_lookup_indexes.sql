-- Indexes for the hot lookups: a day's bookings, a prisoner's open review, a child's images,
-- unacknowledged notifications.
CREATE INDEX bookings_by_date ON bookings(date, time);
CREATE INDEX bookings_by_prisoner ON bookings(prisoner_id);
CREATE INDEX booking_children_by_child ON booking_children(child_id);
CREATE INDEX arrangements_by_child ON arrangements(child_id);
CREATE INDEX approved_images_by_child ON approved_images(child_id);
CREATE INDEX checks_by_booking ON identity_checks(booking_id);
CREATE INDEX incidents_by_status ON incidents(status);
CREATE INDEX reviews_by_prisoner ON reviews(prisoner_id, status);
CREATE INDEX notifications_by_incident ON notifications(incident_id);
