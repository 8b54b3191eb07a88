#include "kiosk/core/records.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

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

namespace {
std::string nowText(bool utc) {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    if (utc) gmtime_r(&t, &tm);
    else localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return buf;
}
}  // namespace

std::string systemNow() { return nowText(false); }
std::string systemUtcNow() { return nowText(true); }

namespace {
std::time_t wallSeconds(const std::string& at) {
    std::tm tm{};
    if (!strptime(at.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) throw std::runtime_error("unreadable time: " + at);
    return timegm(&tm);  // wall-clock arithmetic: no time-zone rule moves it
}
}  // namespace

long secondsBetween(const std::string& from, const std::string& to) {
    return static_cast<long>(wallSeconds(to) - wallSeconds(from));
}

std::string addSeconds(const std::string& at, long seconds) {
    const std::time_t t = wallSeconds(at) + seconds;
    std::tm out{};
    gmtime_r(&t, &out);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &out);
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

void Records::authorise(const User& by, Operation op) {
    // The stored user decides: a user deactivated (or whose role changed) since signing in is held
    // to what the database says now.
    const std::optional<User> now_user = repo_.user(by.id);
    std::string refusal;
    if (!now_user || !now_user->active || now_user->username != by.username)
        refusal = by.username + " is not an active user: an inactive user may do nothing";
    else if (!allowed(now_user->role, op))
        refusal = by.username + " is " + std::string(name(now_user->role)) + ": " + onlyWho(op);
    if (refusal.empty()) return;
    repo_.appendAuditCommitted({now(), by.username, "authz.denied", "users",
                                now_user ? std::optional<Id>(now_user->id) : std::nullopt,
                                std::string(ruleOf(op).name) + ": " + refusal});
    throw PermissionError(refusal);
}

Id Records::createUser(const User& by, User user, const std::string& pin_hash) {
    authorise(by, Operation::ManageUsers);
    if (blank(user.username) || blank(user.display_name)) throw InputError("a user needs a username and a name");
    checkUsername(user.username);
    if (repo_.userByName(user.username)) throw InputError("user '" + user.username + "' already exists");
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addUser(user, pin_hash);
        audit(by.username, "user.create", "users", id, user.username + " as " + std::string(name(user.role)));
    });
    return id;
}

Id Records::createUserAtSetup(User user, const std::string& pin_hash) {
    for (const auto& existing : repo_.activeUsers())
        if (existing.role == Role::Admin)
            throw PermissionError("this database has an administrator: users are added by an administrator now");
    if (blank(user.username) || blank(user.display_name)) throw InputError("a user needs a username and a name");
    checkUsername(user.username);
    if (repo_.userByName(user.username)) throw InputError("user '" + user.username + "' already exists");
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addUser(user, pin_hash);
        audit("setup", "user.create", "users", id, user.username + " as " + std::string(name(user.role)));
    });
    return id;
}

Id Records::addPrisoner(const User& by, const Prisoner& p, bool checked) {
    if (!checked) {
        authorise(by, Operation::AddPrisoner);
        checkNewPrisoner(p);
    }
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addPrisoner(p);
        audit(by.username, "prisoner.create", "prisoners", id, p.prison_number);
    });
    return id;
}

void Records::checkNewPrisoner(const Prisoner& p) {
    if (!validPrisonNumber(p.prison_number))
        throw InputError("prison number '" + p.prison_number + "' is not like A1234BC");
    if (blank(p.first_name) || blank(p.last_name)) throw InputError("a prisoner needs first and last names");
    if (p.pprc_status != "pprc" && p.pprc_status != "pprc_pending" && p.pprc_status != "not_pprc")
        throw InputError("PPRC status '" + p.pprc_status + "' is not one of pprc, pprc_pending, not_pprc");
    if (blank(p.establishment)) throw InputError("a prisoner needs an establishment");
    if (repo_.prisonerByNumber(p.prison_number))
        throw InputError("prisoner " + p.prison_number + " is already on record");
}

Id Records::addChild(const User& by, const Child& c, bool checked) {
    if (!checked) {
        authorise(by, Operation::AddChild);
        checkNewChild(c);
    }
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addChild(c);
        audit(by.username, "child.create", "children", id, c.ref);
    });
    return id;
}

void Records::checkNewChild(const Child& c) {
    if (blank(c.ref)) throw InputError("a child needs a reference");
    if (blank(c.first_name) || blank(c.last_name)) throw InputError("a child needs first and last names");
    if (blank(c.carer_name)) throw InputError("a child needs a carer");
    if (yearsBetween(c.date_of_birth, today()) >= 18 || today() < c.date_of_birth)
        throw InputError("date of birth " + c.date_of_birth.iso() + " is not that of a child today");
    checkChildRef(c.ref);
    if (repo_.childByRef(c.ref)) throw InputError("child reference '" + c.ref + "' is already on record");
}

Id Records::addArrangement(const User& by, const Arrangement& a, bool checked) {
    if (!checked) {
        authorise(by, Operation::AddArrangement);
        checkNewArrangement(a);
    }
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addArrangement(a);
        audit(by.username, "arrangement.create", "arrangements", id,
              "prisoner " + std::to_string(a.prisoner_id) + " child " + std::to_string(a.child_id));
    });
    return id;
}

void Records::checkNewArrangement(const Arrangement& a) {
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
}

Id Records::addBooking(const User& by, const Booking& b, bool checked) {
    if (!checked) {
        authorise(by, Operation::AddBooking);
        checkNewBooking(b);
    }
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addBooking(b);
        audit(by.username, "booking.create", "bookings", id,
              std::string(name(b.kind)) + " " + b.date.iso() + " " + b.time);
    });
    return id;
}

void Records::checkNewBooking(const Booking& b) {
    if (!repo_.prisoner(b.prisoner_id)) throw NotFoundError("no prisoner " + std::to_string(b.prisoner_id));
    if (!validTime(b.time)) throw InputError("time '" + b.time + "' is not HH:MM");
    if (b.children.empty()) throw InputError("a booking needs at least one child");
    if (!b.ref.empty() && repo_.bookingByRef(b.ref))
        throw InputError("booking reference '" + b.ref + "' is already on record");
    // A booking the arrangements do not allow would only be refused at the door: refuse it now.
    const ContactType type = contactFor(b.kind);
    const auto arrangements = repo_.arrangementsOfPrisoner(b.prisoner_id);
    for (const Id c : b.children) {
        const auto child = repo_.child(c);
        if (!child) throw NotFoundError("no child " + std::to_string(c));
        const auto a = std::find_if(arrangements.begin(), arrangements.end(),
                                    [&](const Arrangement& x) { return x.child_id == c; });
        if (a == arrangements.end())
            throw InputError(child->fullName() + " has no contact arrangement with this prisoner");
        if (const ContactStatus st = contactStatus(*a, type, false); st != ContactStatus::Allowed)
            throw InputError("the contact arrangement with " + child->fullName() + " does not allow " +
                             std::string(name(type)) + " (" + std::string(name(st)) + ")");
    }
    if (const auto blocking = blockingReviewOf(b.prisoner_id))
        throw InputError("the prisoner is blocked pending review " + std::to_string(*blocking) +
                         ": no visit or call with children can be booked until it is completed");
}

Id Records::enrolImage(const User& by, Id child_id, const std::string& source_name, const EnrolmentEvidence& ev,
                       const Provenance& prov) {
    authorise(by, Operation::EnrolImage);
    const auto child = repo_.child(child_id);
    if (!child) throw NotFoundError("no child " + std::to_string(child_id));
    if (ev.faces == 0) throw InputError(source_name + ": no face found; an approved image must show the child's face");
    if (ev.faces > 1)
        throw InputError(source_name + ": " + std::to_string(ev.faces) +
                         " faces found; an approved image must show the child alone");
    if (!ev.problem.empty() || ev.descriptor.empty()) throw InputError(source_name + ": " + ev.problem);
    std::string quality_issues;
    for (const auto& q : ev.quality_issues) quality_issues += (quality_issues.empty() ? "" : "; ") + q;
    if (!quality_issues.empty() && blank(prov.quality_waiver))
        throw InputError(source_name + ": the face quality check failed (" + quality_issues +
                         "); take or choose a better photo");
    if (blank(prov.provided_by) || blank(prov.identity_verified_by))
        throw InputError("provenance needs who provided the image and who verified the child's identity");
    if (!prov.carer_consent) throw InputError("the carer's consent must be recorded before an image is approved");
    if (today() < prov.date_taken) throw InputError("date taken " + prov.date_taken.iso() + " is in the future");
    if (prov.date_taken < child->date_of_birth) throw InputError("date taken is before the child's birth");
    if (!ev.on_file.compared)
        throw InputError(source_name + ": the photo was not compared with the children already on file; try again");
    const auto suspect = wrongChildSuspect(ev.on_file);
    if (suspect && prov.confirmed_not != *suspect)
        throw RuleRefusal(source_name + ": this photo looks more like " + *suspect + ", who is on file, than " +
                          (ev.on_file.own_best ? child->fullName() + "'s approved images" : std::string("a different child")) +
                          ": check it really is " + child->fullName() + ", then confirm it is not " + *suspect +
                          " (the confirmation is audited)");
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
    img.descriptor_model = ev.descriptor_model;
    img.image = ev.image_bytes;
    img.chip_jpeg = ev.chip_jpeg;
    Id id = 0;
    repo_.inTransaction([&] {
        id = repo_.addApprovedImage(img);
        audit(by.username, "image.approve", "approved_images", id,
              "child " + std::to_string(child_id) + " from " + source_name);
        if (!quality_issues.empty())
            audit(by.username, "image.quality_waived", "approved_images", id,
                  "failed: " + quality_issues + "; approved because: " + prov.quality_waiver);
        if (suspect)
            audit(by.username, "image.lookalike_confirmed", "approved_images", id,
                  "looks like " + *suspect + " (distance " + std::to_string(*ev.on_file.closest_other_distance) +
                      (ev.on_file.own_best ? ", own images " + std::to_string(*ev.on_file.own_best) : std::string()) +
                      "): confirmed as " + child->fullName() + ", not " + *suspect);
    });
    return id;
}

void Records::reembedImage(const User& by, Id image_id, const EnrolmentEvidence& ev) {
    authorise(by, Operation::EnrolImage);  // re-embedding remakes what enrolment made
    const auto img = repo_.approvedImage(image_id);
    if (!img) throw NotFoundError("no approved image " + std::to_string(image_id));
    if (img->retired_at) throw InputError("approved image " + std::to_string(image_id) + " is retired");
    const std::string what = "approved image " + std::to_string(image_id) + " (" + img->source_name + ")";
    if (ev.faces != 1)
        throw InputError(what + ": " + std::to_string(ev.faces) +
                         " faces found by today's face model; re-enrol the child's image");
    if (!ev.problem.empty() || ev.descriptor.empty() || ev.descriptor_model.empty())
        throw InputError(what + ": " + (ev.problem.empty() ? "no descriptor made" : ev.problem) +
                         "; re-enrol the child's image");
    repo_.inTransaction([&] {
        repo_.replaceDescriptor(image_id, img->child_id, ev.descriptor, ev.descriptor_model);
        audit(by.username, "image.reembed", "approved_images", image_id,
              "child " + std::to_string(img->child_id) + ": " +
                  (img->descriptor_model.empty() ? std::string("unrecorded model") : img->descriptor_model) + " -> " +
                  ev.descriptor_model);
    });
}

void Records::recordReembedRun(const User& by, const std::string& summary) {
    authorise(by, Operation::EnrolImage);
    repo_.inTransaction([&] { audit(by.username, "images.reembed_run", "approved_images", std::nullopt, summary); });
}

std::vector<BookingRow> Records::bookingsOn(const User& by, const Date& day) {
    authorise(by, Operation::ViewBookings);
    auto rows = repo_.bookingsOn(day);
    std::map<Id, std::vector<Arrangement>> arrangements;  // each prisoner's, read once for the list
    for (auto& r : rows) {
        auto [it, fresh] = arrangements.try_emplace(r.booking.prisoner_id);
        if (fresh) it->second = repo_.arrangementsOfPrisoner(r.booking.prisoner_id);
        r.shown_status = shownStatus(r.booking, it->second, r.open_review_id.has_value());
        r.session = sessionStateOf(r.booking);
    }
    return rows;
}

Eligibility Records::eligibility(const User& by, Id booking_id, Id child_id) {
    authorise(by, Operation::ViewBookings);
    return eligibilityOf(booking_id, child_id);
}

Eligibility Records::eligibilityOf(Id booking_id, Id child_id) {
    const Booking booking = requireBooking(booking_id);
    if (!repo_.child(child_id)) throw NotFoundError("no child " + std::to_string(child_id));
    Eligibility e = checkEligibility(factsOf(booking), child_id);
    if (!e.allowed && !e.blocking_review) e.blocking_review = blockingReviewOf(booking.prisoner_id);
    return e;
}

std::vector<StoredDescriptor> Records::viewReferences(const User& by, Id child_id) {
    authorise(by, Operation::ViewReferences);
    std::vector<StoredDescriptor> refs;
    repo_.inTransaction([&] {
        for (auto& img : repo_.approvedImages(child_id, false)) refs.push_back({img.id, std::move(img.descriptor)});
        audit(by.username, "images.view", "children", child_id, std::to_string(refs.size()) + " approved images");
    });
    return refs;
}

std::vector<ApprovedImage> Records::approvedImages(const User& by, Id child_id, bool with_image_bytes) {
    authorise(by, Operation::ViewReferences);
    return repo_.approvedImages(child_id, with_image_bytes);
}

std::vector<ImageOfChild> Records::allActiveImages(const User& by) {
    authorise(by, Operation::ViewReferences);
    return repo_.allActiveImages();
}

Operation Records::checkOperation(Id booking_id) {
    const auto booking = repo_.booking(booking_id);
    return booking && booking->kind == BookingKind::VideoCall ? Operation::CheckVideoCall : Operation::CheckVisit;
}

CheckResult Records::check(const User& officer, const CheckRequest& req, FaceChecker& faces) {
    authorise(officer, checkOperation(req.booking_id));
    const Eligibility e = eligibilityOf(req.booking_id, req.child_id);
    if (!e.allowed) {
        CheckResult refused;
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
    // The other children's approved images too: the look-alike rule applies here as at the kiosk.
    const FaceEvidence evidence = faces.compare(req.probe_path, refs, otherChildrenDescriptors(officer, req.child_id));
    return recordCheck(officer, req, evidence);
}

CheckResult Records::recordCheck(const User& officer, const CheckRequest& req, const FaceEvidence& evidence) {
    authorise(officer, checkOperation(req.booking_id));
    const BookingKind kind = requireBooking(req.booking_id).kind;
    // Throws before anything is written when the decision does not fit the band.
    const CheckConsequences next = consequencesOf(kind, evidence.band, req.decision, req.reason);
    CheckResult r;
    r.evidence = evidence;
    r.decision = req.decision;
    repo_.inTransaction([&] {
        // Decided inside the write lock: a second station deciding on the same booking waits here
        // and then sees what the first recorded (a refused booking takes no second refusal).
        const Booking booking = requireBooking(req.booking_id);
        const SessionFacts facts = factsOf(booking);
        const SessionTransition t = transition(facts, {SessionEventKind::Decide, req.child_id, req.decision});
        if (!t.allowed) {
            r.refused = true;
            r.refusal = t.refusal;
            if (const ExpectedChild* c = expectedChild(facts, req.child_id)) r.blocking_review = c->eligibility.blocking_review;
            return;
        }
        r.attempt = expectedChild(facts, req.child_id)->attempts + 1;  // allowed: the child is expected
        IdentityCheck c;
        c.booking_id = req.booking_id;
        c.child_id = req.child_id;
        c.station = req.station;
        c.officer_id = officer.id;
        c.at = now();
        c.evidence = evidence;
        c.decision = req.decision;
        c.reason = req.reason;
        c.attempt = r.attempt;
        r.check_id = repo_.addCheck(c);
        r.session = t.next;
        audit(officer.username, "check.record", "identity_checks", r.check_id,
              "booking " + std::to_string(req.booking_id) + " child " + std::to_string(req.child_id) + " attempt " +
                  std::to_string(r.attempt) + " band " + std::string(name(evidence.band)) + " decision " +
                  std::string(name(req.decision)) + ", session " + std::string(name(t.next)));
        if (!next.incident) return;
        Incident inc;
        inc.kind = *next.incident;
        inc.prisoner_id = booking.prisoner_id;
        inc.booking_id = req.booking_id;
        inc.child_id = req.child_id;
        inc.check_id = r.check_id;
        inc.details = req.reason.empty() ? std::string("officer not confident of the child's identity") : req.reason;
        if (next.opens_review) {
            refuseContact(officer, booking, inc, r, req.station);
        } else {
            r.incident_id = raiseIncident(officer, inc, req.station);
            for (const auto& n : repo_.notificationsOf(*r.incident_id)) {
                r.notification_ids.push_back(n.id);
                r.notified.push_back(n.recipient);
            }
        }
    });
    if (r.refused)
        repo_.appendAuditCommitted({now(), officer.username, "check.refused", "bookings", req.booking_id,
                                    "child " + std::to_string(req.child_id) + ": " + r.refusal});
    return r;
}

}  // namespace core
