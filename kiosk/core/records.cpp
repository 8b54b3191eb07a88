#include "kiosk/core/records.hpp"

#include <cctype>
#include <ctime>

#include "kiosk/core/errors.hpp"

namespace core {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

bool validPrisonNumber(const std::string& s) {
    // HMPPS prison numbers: one letter, four digits, two letters (A1234BC).
    if (s.size() != 7) return false;
    auto up = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto dig = [](char c) { return c >= '0' && c <= '9'; };
    return up(s[0]) && dig(s[1]) && dig(s[2]) && dig(s[3]) && dig(s[4]) && up(s[5]) && up(s[6]);
}

bool validTime(const std::string& t) {
    return t.size() == 5 && std::isdigit(static_cast<unsigned char>(t[0])) &&
           std::isdigit(static_cast<unsigned char>(t[1])) && t[2] == ':' &&
           std::isdigit(static_cast<unsigned char>(t[3])) && std::isdigit(static_cast<unsigned char>(t[4])) &&
           std::stoi(t.substr(0, 2)) < 24 && std::stoi(t.substr(3, 2)) < 60;
}

}  // namespace

std::string systemNow() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return buf;
}

Date Records::today() const {
    const auto d = Date::parse(now().substr(0, 10));
    if (!d) throw std::runtime_error("clock gave an unreadable time: " + now());
    return *d;
}

void Records::audit(const std::string& actor, std::string action, std::string entity, std::optional<Id> id,
                    std::string detail) {
    repo_.appendAudit({now(), actor, std::move(action), std::move(entity), id, std::move(detail)});
}

User Records::requireUser(const std::string& who) {
    std::optional<User> u;
    if (!who.empty() && who.find_first_not_of("0123456789") == std::string::npos)
        u = repo_.user(std::stoll(who));
    if (!u) u = repo_.userByName(who);
    if (!u) throw NotFoundError("no user '" + who + "'");
    if (!u->active) throw InputError("user '" + who + "' is not active");
    return *u;
}

std::optional<User> Records::signIn(const std::string& username, const std::string& pin,
                                    const std::string& station) {
    const std::optional<User> u = repo_.userByName(username);
    const bool ok = u && u->active && repo_.pinMatches(u->id, pin);
    repo_.inTransaction([&] {
        audit(username, ok ? "auth.sign_in" : "auth.sign_in_failed", "users", u ? std::optional<Id>(u->id) : std::nullopt,
              "station " + station);
    });
    if (!ok) return std::nullopt;
    return u;
}

Id Records::createUser(const std::string& actor, User user, const std::string& pin_hash) {
    if (blank(user.username) || blank(user.display_name)) throw InputError("a user needs a username and a name");
    if (repo_.userByName(user.username)) throw InputError("user '" + user.username + "' already exists");
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addUser(user, pin_hash);
        audit(actor, "user.create", "users", id, user.username + " as " + std::string(name(user.role)));
    });
    return id;
}

Id Records::addPrisoner(const User& by, const Prisoner& p) {
    if (!validPrisonNumber(p.prison_number))
        throw InputError("prison number '" + p.prison_number + "' is not like A1234BC");
    if (blank(p.first_name) || blank(p.last_name)) throw InputError("a prisoner needs first and last names");
    if (p.pprc_status != "pprc" && p.pprc_status != "pprc_pending" && p.pprc_status != "not_pprc")
        throw InputError("PPRC status '" + p.pprc_status + "' is not one of pprc, pprc_pending, not_pprc");
    if (blank(p.establishment)) throw InputError("a prisoner needs an establishment");
    if (repo_.prisonerByNumber(p.prison_number))
        throw InputError("prisoner " + p.prison_number + " is already on record");
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addPrisoner(p);
        audit(by.username, "prisoner.create", "prisoners", id, p.prison_number);
    });
    return id;
}

Id Records::addChild(const User& by, const Child& c) {
    if (blank(c.ref)) throw InputError("a child needs a reference");
    if (blank(c.first_name) || blank(c.last_name)) throw InputError("a child needs first and last names");
    if (blank(c.carer_name)) throw InputError("a child needs a carer");
    if (yearsBetween(c.date_of_birth, today()) >= 18 || today() < c.date_of_birth)
        throw InputError("date of birth " + c.date_of_birth.iso() + " is not that of a child today");
    if (repo_.childByRef(c.ref)) throw InputError("child reference '" + c.ref + "' is already on record");
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addChild(c);
        audit(by.username, "child.create", "children", id, c.ref);
    });
    return id;
}

Id Records::addArrangement(const User& by, const Arrangement& a) {
    if (!repo_.prisoner(a.prisoner_id)) throw NotFoundError("no prisoner " + std::to_string(a.prisoner_id));
    if (!repo_.child(a.child_id)) throw NotFoundError("no child " + std::to_string(a.child_id));
    if (a.next_review_due < a.decision_date) throw InputError("next review due is before the decision date");
    if (a.next_review_due > a.decision_date.plusYears(3))
        throw InputError("contact decisions must be reviewed at least every three years: next review due " +
                         a.next_review_due.iso() + " is after " + a.decision_date.plusYears(3).iso());
    for (const auto& existing : repo_.arrangementsOfPrisoner(a.prisoner_id))
        if (existing.child_id == a.child_id)
            throw InputError("an arrangement between this prisoner and child " + std::to_string(a.child_id) +
                             " already exists");
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addArrangement(a);
        audit(by.username, "arrangement.create", "arrangements", id,
              "prisoner " + std::to_string(a.prisoner_id) + " child " + std::to_string(a.child_id));
    });
    return id;
}

Id Records::addBooking(const User& by, const Booking& b) {
    if (!repo_.prisoner(b.prisoner_id)) throw NotFoundError("no prisoner " + std::to_string(b.prisoner_id));
    if (!validTime(b.time)) throw InputError("time '" + b.time + "' is not HH:MM");
    if (b.children.empty()) throw InputError("a booking needs at least one child");
    for (const Id c : b.children)
        if (!repo_.child(c)) throw NotFoundError("no child " + std::to_string(c));
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addBooking(b);
        audit(by.username, "booking.create", "bookings", id,
              std::string(name(b.kind)) + " " + b.date.iso() + " " + b.time);
    });
    return id;
}

Id Records::enrolImage(const User& by, Id child_id, const std::string& source_name, const EnrolmentEvidence& ev,
                       const Provenance& prov) {
    const auto child = repo_.child(child_id);
    if (!child) throw NotFoundError("no child " + std::to_string(child_id));
    if (ev.faces == 0) throw InputError(source_name + ": no face found; an approved image must show the child's face");
    if (ev.faces > 1)
        throw InputError(source_name + ": " + std::to_string(ev.faces) +
                         " faces found; an approved image must show the child alone");
    if (!ev.problem.empty() || ev.descriptor.empty()) throw InputError(source_name + ": " + ev.problem);
    if (!ev.quality_issues.empty()) {
        std::string issues;
        for (const auto& q : ev.quality_issues) issues += (issues.empty() ? "" : "; ") + q;
        throw InputError(source_name + ": the face quality check failed (" + issues + "); take or choose a better photo");
    }
    if (blank(prov.provided_by) || blank(prov.identity_verified_by))
        throw InputError("provenance needs who provided the image and who verified the child's identity");
    if (!prov.carer_consent) throw InputError("the carer's consent must be recorded before an image is approved");
    if (today() < prov.date_taken) throw InputError("date taken " + prov.date_taken.iso() + " is in the future");
    if (prov.date_taken < child->date_of_birth) throw InputError("date taken is before the child's birth");
    ApprovedImage img;
    img.child_id = child_id;
    img.source_name = source_name;
    img.date_taken = prov.date_taken;
    img.provided_by = prov.provided_by;
    img.identity_verified_by = prov.identity_verified_by;
    img.carer_consent = prov.carer_consent;
    img.approved_by = by.id;
    img.approved_at = now();
    img.descriptor = ev.descriptor;
    img.image = ev.image_bytes;
    img.chip_jpeg = ev.chip_jpeg;
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addApprovedImage(img);
        audit(by.username, "image.approve", "approved_images", id,
              "child " + std::to_string(child_id) + " from " + source_name);
    });
    return id;
}

std::vector<BookingRow> Records::bookingsOn(const Date& day) {
    auto rows = repo_.bookingsOn(day);
    for (auto& r : rows) r.shown_status = shownStatus(r.booking.status, r.open_review_id.has_value());
    return rows;
}

Eligibility Records::eligibility(Id booking_id, Id child_id) {
    const auto booking = repo_.booking(booking_id);
    if (!booking) throw NotFoundError("no booking " + std::to_string(booking_id));
    const auto child = repo_.child(child_id);
    if (!child) throw NotFoundError("no child " + std::to_string(child_id));
    const auto open = repo_.openReviewOf(booking->prisoner_id);
    return checkInEligibility(*booking, *child, repo_.arrangementsOfPrisoner(booking->prisoner_id),
                              open ? std::optional<Id>(open->id) : std::nullopt);
}

std::vector<StoredDescriptor> Records::viewReferences(const User& by, Id child_id) {
    std::vector<StoredDescriptor> refs;
    repo_.inTransaction([&] {
        for (auto& img : repo_.approvedImages(child_id, false)) refs.push_back({img.id, std::move(img.descriptor)});
        audit(by.username, "images.view", "children", child_id, std::to_string(refs.size()) + " approved images");
    });
    return refs;
}

CheckResult Records::check(const User& officer, const CheckRequest& req, FaceChecker& faces) {
    CheckResult refused;
    const Eligibility e = eligibility(req.booking_id, req.child_id);
    if (!e.allowed) {
        refused.refused = true;
        refused.refusal = e.reason;
        refused.blocking_review = e.blocking_review;
        repo_.inTransaction([&] {
            audit(officer.username, "check.refused", "bookings", req.booking_id,
                  "child " + std::to_string(req.child_id) + ": " + e.reason);
        });
        return refused;
    }
    const auto refs = viewReferences(officer, req.child_id);
    if (refs.empty())
        throw InputError("child " + std::to_string(req.child_id) + " has no approved images: enrol one first");
    const FaceEvidence evidence = faces.compare(req.probe_path, refs);
    return recordCheck(officer, req, evidence);
}

CheckResult Records::recordCheck(const User& officer, const CheckRequest& req, const FaceEvidence& evidence) {
    const auto booking = repo_.booking(req.booking_id);
    if (!booking) throw NotFoundError("no booking " + std::to_string(req.booking_id));
    const Eligibility e = eligibility(req.booking_id, req.child_id);
    CheckResult r;
    r.evidence = evidence;
    r.decision = req.decision;
    if (!e.allowed) {
        r.refused = true;
        r.refusal = e.reason;
        r.blocking_review = e.blocking_review;
        return r;
    }
    const CheckConsequences next = consequencesOf(booking->kind, evidence.band, req.decision, req.reason);
    repo_.inTransaction([&] {
        IdentityCheck c;
        c.booking_id = req.booking_id;
        c.child_id = req.child_id;
        c.station = req.station;
        c.officer_id = officer.id;
        c.at = now();
        c.evidence = evidence;
        c.decision = req.decision;
        c.reason = req.reason;
        r.check_id = repo_.addCheck(c);
        audit(officer.username, "check.record", "identity_checks", r.check_id,
              "booking " + std::to_string(req.booking_id) + " child " + std::to_string(req.child_id) + " band " +
                  std::string(name(evidence.band)) + " decision " + std::string(name(req.decision)));
        if (next.booking_status) {
            repo_.setBookingStatus(req.booking_id, *next.booking_status);
            audit(officer.username, "booking.status", "bookings", req.booking_id,
                  std::string(name(*next.booking_status)));
        }
        if (next.incident) {
            Incident inc;
            inc.kind = *next.incident;
            inc.prisoner_id = booking->prisoner_id;
            inc.booking_id = req.booking_id;
            inc.child_id = req.child_id;
            inc.check_id = r.check_id;
            inc.details = req.reason.empty() ? std::string("officer not confident of the child's identity") : req.reason;
            r.incident_id = raiseIncident(officer, inc);
            for (const auto& n : repo_.notificationsOf(*r.incident_id)) r.notification_ids.push_back(n.id);
        }
        if (next.opens_review) {
            // One open review per prisoner: a second refusal joins the review already open.
            if (const auto open = repo_.openReviewOf(booking->prisoner_id)) {
                r.review_id = open->id;
            } else {
                Review rv;
                rv.prisoner_id = booking->prisoner_id;
                rv.opened_by = ReviewTrigger::Incident;
                rv.opened_incident_id = r.incident_id;
                rv.opened_at = now();
                r.review_id = repo_.addReview(rv);
                audit(officer.username, "review.open", "reviews", r.review_id,
                      "prisoner " + std::to_string(booking->prisoner_id) + " after incident " +
                          std::to_string(*r.incident_id));
            }
            repo_.setIncidentReview(*r.incident_id, *r.review_id);
        }
    });
    return r;
}

}  // namespace core
