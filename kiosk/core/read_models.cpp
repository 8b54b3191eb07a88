// Records: the read models (read_models.hpp). Each authorises the operation its data needs, then
// reads the repository; names are looked up only after core allowed the record that names them.
#include <algorithm>
#include <map>

#include "kiosk/core/records.hpp"

namespace core {

std::vector<BookingView> Records::bookingViews(const User& by, const Date& day, BookingKind kind) {
    authorise(by, Operation::ViewBookings);
    std::vector<BookingView> out;
    // Each prisoner's arrangements and blocking review, read once for the list.
    std::map<Id, std::pair<std::vector<Arrangement>, std::optional<Id>>> prisoners;
    for (auto& row : repo_.bookingsOn(day)) {
        if (row.booking.kind != kind) continue;
        const Id pid = row.booking.prisoner_id;
        auto [it, fresh] = prisoners.try_emplace(pid);
        if (fresh) it->second = {repo_.arrangementsOfPrisoner(pid), blockingReviewOf(pid)};
        const auto& [arrangements, blocking] = it->second;
        const SessionFacts facts = factsOf(row.booking, arrangements, blocking);
        row.session = facts.state;
        row.shown_status = shownStatus(row.booking, arrangements, row.open_review_id.has_value());
        BookingView v;
        for (const auto& ec : facts.children) {
            const auto c = repo_.child(ec.child_id);
            if (!c) continue;
            v.children.push_back({*c, checkEligibility(facts, ec.child_id), ec.status, ec.attempts});
        }
        const auto start = transition(facts, {SessionEventKind::Start});
        if (!start.allowed && facts.state != SessionState::Booked && facts.state != SessionState::Checking &&
            facts.state != SessionState::InProgress)
            v.session_note = start.refusal;
        v.row = std::move(row);
        out.push_back(std::move(v));
    }
    return out;
}

std::vector<OtherChildDescriptor> Records::otherChildrenDescriptors(const User& by, Id child_id) {
    std::vector<OtherChildDescriptor> out;
    for (auto& e : allActiveImages(by))  // ViewReferences
        if (e.child.id != child_id) out.push_back({e.child.fullName(), std::move(e.image.descriptor)});
    return out;
}

std::vector<ApprovedImageWithAge> Records::imagesWithAge(const User& by, Id child_id, bool with_image_bytes) {
    std::vector<ApprovedImageWithAge> out;
    const auto c = repo_.child(child_id);
    for (auto& img : approvedImages(by, child_id, with_image_bytes)) {  // ViewReferences
        ApprovedImageWithAge v;
        if (c) v.age = assessImageAge(c->date_of_birth, img.date_taken, today());
        v.image = std::move(img);
        out.push_back(std::move(v));
    }
    return out;
}

CheckContext Records::checkContext(const User& by, Id booking_id, Id child_id) {
    CheckContext ctx;
    ctx.eligibility = eligibility(by, booking_id, child_id);  // ViewBookings
    if (!ctx.eligibility.allowed) return ctx;
    ctx.child = repo_.child(child_id);
    ctx.approved = viewReferences(by, child_id);  // ViewReferences, audited as a view
    ctx.others = otherChildrenDescriptors(by, child_id);
    ctx.images = imagesWithAge(by, child_id, true);
    return ctx;
}

namespace {

IncidentRowView rowOf(RecordsRepository& repo, const std::vector<Review>& reviews, Incident i) {
    IncidentRowView row;
    if (auto p = repo.prisoner(i.prisoner_id)) row.prisoner = p->prison_number + " " + p->fullName();
    if (i.child_id)
        if (auto c = repo.child(*i.child_id)) row.child = c->fullName();
    if (auto u = repo.user(i.raised_by)) row.raised_by = u->display_name;
    if (i.review_id)
        for (const auto& rv : reviews)
            if (rv.id == *i.review_id) row.review = rv;
    row.incident = std::move(i);
    return row;
}

}  // namespace

std::vector<IncidentRowView> Records::incidentRows(const User& by, bool open_only) {
    std::vector<IncidentRowView> rows;
    auto listed = incidents(by, open_only);  // ViewIncidents
    const auto all_reviews = reviews(by, false);  // ViewReviews: the lead's, like the queue
    for (auto& i : listed) rows.push_back(rowOf(repo_, all_reviews, std::move(i)));
    std::sort(rows.begin(), rows.end(), [](const IncidentRowView& a, const IncidentRowView& b) {
        return a.incident.raised_at > b.incident.raised_at;  // newest first
    });
    return rows;
}

std::optional<IncidentDetailView> Records::reviewDetail(const User& by, Id review_id) {
    std::optional<Review> rv = review(by, review_id);  // ViewReviews
    if (!rv) return std::nullopt;
    IncidentDetailView d;
    if (const auto p = repo_.prisoner(rv->prisoner_id)) d.row.prisoner = p->prison_number + " " + p->fullName();
    d.row.incident.prisoner_id = rv->prisoner_id;
    d.row.incident.open = rv->status == ReviewStatus::Open;
    d.row.incident.details = std::string(name(rv->opened_by)) + " review opened " + rv->opened_at;
    for (const auto& a : repo_.arrangementsOfPrisoner(rv->prisoner_id))
        if (!d.next_arrangement_review || a.next_review_due < *d.next_arrangement_review)
            d.next_arrangement_review = a.next_review_due;
    d.contact = contactArrangements(by, rv->prisoner_id);
    d.appeals = appeals(by, review_id);
    d.row.review = std::move(rv);
    return d;
}

std::optional<IncidentDetailView> Records::incidentDetail(const User& by, Id incident_id) {
    std::optional<Incident> inc;
    for (auto& i : incidents(by, false))  // ViewIncidents
        if (i.id == incident_id) inc = std::move(i);
    if (!inc) return std::nullopt;
    IncidentDetailView d;
    d.row = rowOf(repo_, reviews(by, false), std::move(*inc));
    const Incident& i = d.row.incident;
    if (i.check_id) d.check = recordedCheck(by, *i.check_id);
    if (d.check)
        if (auto u = repo_.user(d.check->officer_id)) d.officer = u->display_name;
    if (i.snapshot_bytes > 0) d.snapshot_jpeg = incidentSnapshot(by, i.id);
    if (i.child_id) d.images = imagesWithAge(by, *i.child_id, true);
    d.notifications = notificationsOf(by, i.id);
    for (const auto& n : d.notifications) d.notices.push_back(notificationView(n, Role::SafeguardingLead));
    d.access = evidenceFor(Role::SafeguardingLead);
    for (const auto& a : repo_.arrangementsOfPrisoner(i.prisoner_id))
        if (!d.next_arrangement_review || a.next_review_due < *d.next_arrangement_review)
            d.next_arrangement_review = a.next_review_due;
    d.contact = contactArrangements(by, i.prisoner_id);
    if (i.review_id) d.appeals = appeals(by, *i.review_id);
    return d;
}

std::vector<NotifiedIncidentView> Records::notifiedIncidents(const User& by) {
    authorise(by, Operation::ViewNotifiedIncidents);
    const auto stored = repo_.user(by.id);
    const EvidenceAccess access = evidenceFor(stored->role);
    std::vector<NotifiedIncidentView> out;
    for (auto& i : repo_.incidents(false)) {
        NotifiedIncidentView v;
        for (const auto& n : notificationsOf(by, i.id)) v.notices.push_back(notificationView(n, stored->role));
        if (v.notices.empty()) continue;  // not notified to this role
        v.row = rowOf(repo_, {}, std::move(i));
        if (!access.child_name) v.row.child.clear();
        out.push_back(std::move(v));
    }
    std::sort(out.begin(), out.end(), [](const NotifiedIncidentView& a, const NotifiedIncidentView& b) {
        return a.row.incident.raised_at > b.row.incident.raised_at;  // newest first
    });
    return out;
}

std::optional<IncidentDetailView> Records::notifiedIncidentDetail(const User& by, Id incident_id) {
    authorise(by, Operation::ViewNotifiedIncidents);
    const auto stored = repo_.user(by.id);
    auto inc = repo_.incident(incident_id);
    if (!inc) return std::nullopt;
    IncidentDetailView d;
    for (const auto& n : notificationsOf(by, incident_id)) {
        d.notifications.push_back(n);
        d.notices.push_back(notificationView(n, stored->role));
    }
    if (d.notices.empty()) return std::nullopt;  // it did not notify this role: nothing to show
    d.access = evidenceFor(stored->role);
    d.row = rowOf(repo_, {}, std::move(*inc));
    const Incident& i = d.row.incident;
    if (!d.access.child_name) d.row.child.clear();
    if (d.access.check_scores && i.check_id) {
        d.check = repo_.check(*i.check_id);
        if (d.check && !d.access.evidence_crop) d.check->evidence.evidence_jpeg.clear();
        if (d.check)
            if (auto u = repo_.user(d.check->officer_id)) d.officer = u->display_name;
    }
    if (d.access.monitor_snapshot && i.snapshot_bytes > 0) d.snapshot_jpeg = repo_.incidentSnapshot(i.id);
    if (d.access.approved_images && i.child_id) d.images = imagesWithAge(by, *i.child_id, true);
    return d;
}

std::optional<Child> Records::child(const User& by, Id child_id) {
    authorise(by, Operation::ViewBookings);
    return repo_.child(child_id);
}

std::optional<Child> Records::childByRef(const User& by, const std::string& ref) {
    authorise(by, Operation::ViewBookings);
    return repo_.childByRef(ref);
}

std::optional<Review> Records::review(const User& by, Id review_id) {
    authorise(by, Operation::ViewReviews);
    return repo_.review(review_id);
}

std::vector<Arrangement> Records::arrangementsOfPrisoner(const User& by, Id prisoner_id) {
    authorise(by, Operation::ViewReviews);
    return repo_.arrangementsOfPrisoner(prisoner_id);
}

std::string Records::userDisplayName(const User& by, Id user_id) {
    authorise(by, Operation::ManageUsers);
    const auto u = repo_.user(user_id);
    return u ? u->display_name : std::to_string(user_id);
}

}  // namespace core
