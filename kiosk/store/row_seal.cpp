#include "kiosk/store/row_seal.hpp"

#include <stdexcept>

namespace store {

const std::vector<SealedColumn>& sealedColumns() {
    static const std::vector<SealedColumn> all = {
        {BlobKind::ApprovedImage, "approved_images", "image", "child_id"},
        {BlobKind::FaceChip, "approved_images", "chip", "child_id"},
        {BlobKind::Descriptor, "approved_images", "descriptor", "child_id"},
        {BlobKind::EvidenceCrop, "identity_checks", "evidence_crop", "child_id"},
        {BlobKind::IncidentSnapshot, "incidents", "evidence_snapshot", "id"},
    };
    return all;
}

const SealedColumn& sealedColumn(BlobKind kind) {
    for (const auto& c : sealedColumns())
        if (c.kind == kind) return c;
    throw std::logic_error(std::string("no sealed column for ") + name(kind));
}

BlobBinding bindingFor(BlobKind kind, std::int64_t row_id, std::int64_t owner_id) {
    return {kind, row_id, owner_id};
}

const std::vector<MacTable>& macTables() {
    static const std::vector<MacTable> all = {
        {"users", {"username", "display_name", "role", "pin_hash", "active", "created_at", "failed_pins", "locked_until"}},
        {"arrangements", {"prisoner_id", "child_id", "allow_visits", "allow_video_calls", "allow_phone", "allow_letters",
                          "decision_date", "next_review_due", "status", "conditions"}},
        {"bookings", {"ref", "kind", "prisoner_id", "date", "time", "status"}},
        {"identity_checks", {"booking_id", "child_id", "station", "officer_id", "at", "band", "best_distance", "distances",
                             "faces", "quality_ok", "quality_issues", "decision", "reason", "attempt"}},
        {"incidents", {"kind", "prisoner_id", "booking_id", "child_id", "check_id", "raised_by", "raised_at", "details",
                       "review_id", "status", "closed_at"}},
        {"reviews", {"prisoner_id", "opened_by", "opened_incident_id", "opened_at", "status", "outcome", "decided_by",
                     "decided_at", "notes", "inform_by", "informed_at", "informed_by", "appeal_lodged_at",
                     "appeal_outcome", "blocks_contact", "arrangement_id", "variation"}},
        {"notifications", {"incident_id", "recipient_role", "created_at", "acknowledged_by", "acknowledged_at"}},
        {"contact_sessions", {"started_at", "started_by", "ended_at", "ended_by"}},
        {"abandoned_attempts", {"booking_id", "child_id", "station", "officer_id", "at", "band", "best_distance",
                                "distances", "faces", "quality_ok", "quality_issues", "attempt"}},
        {"appeals", {"review_id", "lodged_on", "recorded_by", "recorded_at", "grounds", "outcome", "decided_on",
                     "decided_by", "notes"}},
        {"recipients", {"role", "name", "email", "added_by", "added_at", "removed_at", "removed_by"}},
        {"outbox", {"notification_id", "recipient_id", "address", "subject", "body", "message_key", "state", "attempts",
                    "queued_at", "next_attempt_at", "claimed_at", "sent_at", "last_reply"}},
    };
    return all;
}

const MacTable& macTable(std::string_view table) {
    for (const auto& t : macTables())
        if (t.table == table) return t;
    throw std::logic_error("table " + std::string(table) + " carries no row MAC");
}

std::string rowMac(const MacKey& key, const MacTable& t, std::int64_t id, const FieldValues& values) {
    if (values.size() != t.columns.size())
        throw std::logic_error("row MAC of " + t.table + ": " + std::to_string(values.size()) + " values for " +
                               std::to_string(t.columns.size()) + " columns");
    // Length-prefixed fields, NULL distinct from '': no two rows share a canonical form.
    std::string s = "row v1\x1e" + t.table + '\x1e' + std::to_string(id);
    for (std::size_t i = 0; i < values.size(); ++i) {
        s += '\x1e';
        s += t.columns[i];
        if (!values[i]) {
            s += "\x1fnull";
            continue;
        }
        s += '\x1f' + std::to_string(values[i]->size()) + ':';
        s += *values[i];
    }
    return hmacHex(key, s);
}

}  // namespace store
