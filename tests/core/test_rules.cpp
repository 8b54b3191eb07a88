// The safeguarding rules of kiosk/core, table by table (seeds/001 §2.3).
#include <catch2/catch.hpp>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/image_age.hpp"
#include "kiosk/core/rules.hpp"

using namespace core;

namespace {
Booking booking(BookingKind kind, BookingStatus status = BookingStatus::Scheduled) {
    Booking b;
    b.id = 10;
    b.kind = kind;
    b.prisoner_id = 1;
    b.status = status;
    b.children = {7};
    return b;
}
Child child(Id id = 7) { return {id, "CS-7", "Amy", "Jones", {2018, 5, 1}, "Carer"}; }
Arrangement arrangement(std::set<ContactType> allowed, ArrangementStatus status = ArrangementStatus::Active) {
    Arrangement a;
    a.prisoner_id = 1;
    a.child_id = 7;
    a.allowed = std::move(allowed);
    a.status = status;
    return a;
}
}  // namespace

TEST_CASE("eligibility: only an active arrangement allowing the booking's contact type admits the child", "[core][rules]") {
    using CT = ContactType;
    struct Row {
        const char* what;
        BookingKind kind;
        std::vector<Arrangement> arrangements;
        std::optional<Id> open_review;
        BookingStatus status;
        Id child_id;
        bool allowed;
        const char* reason_contains;
    };
    const std::vector<Row> table = {
        {"visit allowed", BookingKind::Visit, {arrangement({CT::Visit})}, {}, BookingStatus::Scheduled, 7, true, ""},
        {"video call allowed", BookingKind::VideoCall, {arrangement({CT::VideoCall})}, {}, BookingStatus::Scheduled, 7, true, ""},
        {"visit, arrangement only video", BookingKind::Visit, {arrangement({CT::VideoCall, CT::Letter})}, {},
         BookingStatus::Scheduled, 7, false, "does not allow visits"},
        {"video call, arrangement only visits", BookingKind::VideoCall, {arrangement({CT::Visit})}, {},
         BookingStatus::Scheduled, 7, false, "does not allow video_calls"},
        {"phone and letters only", BookingKind::Visit, {arrangement({CT::Phone, CT::Letter})}, {},
         BookingStatus::Scheduled, 7, false, "allows: phone, letters"},
        {"no arrangement", BookingKind::Visit, {}, {}, BookingStatus::Scheduled, 7, false, "no contact arrangement"},
        {"suspended arrangement", BookingKind::Visit, {arrangement({CT::Visit}, ArrangementStatus::SuspendedPendingReview)},
         {}, BookingStatus::Scheduled, 7, false, "suspended_pending_review"},
        {"ended arrangement", BookingKind::Visit, {arrangement({CT::Visit}, ArrangementStatus::Ended)}, {},
         BookingStatus::Scheduled, 7, false, "is ended"},
        {"prisoner under review", BookingKind::Visit, {arrangement({CT::Visit})}, 42, BookingStatus::Scheduled, 7, false,
         "blocked pending review 42"},
        {"child not on booking", BookingKind::Visit, {arrangement({CT::Visit})}, {}, BookingStatus::Scheduled, 8, false,
         "not expected on booking"},
        {"booking already refused", BookingKind::Visit, {arrangement({CT::Visit})}, {}, BookingStatus::Refused, 7, false,
         "is refused"},
    };
    for (const auto& row : table) {
        INFO(row.what);
        Arrangement other = arrangement({CT::Visit, CT::VideoCall});
        other.child_id = 99;  // another child's arrangement never counts for this one
        auto arrangements = row.arrangements;
        arrangements.push_back(other);
        const auto e = checkInEligibility(booking(row.kind, row.status), child(row.child_id), arrangements, row.open_review);
        CHECK(e.allowed == row.allowed);
        CHECK_THAT(e.reason, Catch::Contains(row.reason_contains));
        CHECK(e.blocking_review == row.open_review);
    }
}

TEST_CASE("check consequences: not_confident refuses a visit or suspends a call and opens a review", "[core][rules]") {
    struct Row {
        BookingKind kind;
        Band band;
        Decision decision;
        const char* reason;
        std::optional<IncidentKind> incident;
        bool opens_review;
        std::optional<BookingStatus> booking_status;
        std::size_t notified;
    };
    const std::vector<Row> table = {
        {BookingKind::Visit, Band::StrongMatch, Decision::Confirmed, "", {}, false, {}, 0},
        {BookingKind::VideoCall, Band::PossibleMatch, Decision::Confirmed, "", {}, false, {}, 0},
        {BookingKind::Visit, Band::NoMatch, Decision::NotConfident, "", IncidentKind::VisitRefused, true, BookingStatus::Refused, 1},
        {BookingKind::Visit, Band::StrongMatch, Decision::NotConfident, "", IncidentKind::VisitRefused, true, BookingStatus::Refused, 1},
        {BookingKind::VideoCall, Band::CannotAssess, Decision::NotConfident, "", IncidentKind::CallSuspended, true,
         BookingStatus::Suspended, 1},
        {BookingKind::Visit, Band::NoMatch, Decision::Override, "carer showed passport", IncidentKind::Override, false, {}, 1},
        {BookingKind::VideoCall, Band::CannotAssess, Decision::Override, "camera fault", IncidentKind::Override, false, {}, 1},
    };
    for (const auto& row : table) {
        INFO(name(row.kind) << " " << name(row.band) << " " << name(row.decision));
        const auto c = consequencesOf(row.kind, row.band, row.decision, row.reason);
        CHECK(c.incident == row.incident);
        CHECK(c.opens_review == row.opens_review);
        CHECK(c.booking_status == row.booking_status);
        CHECK(c.notify.size() == row.notified);
        if (row.notified) CHECK(c.notify.front() == RecipientRole::SafeguardingLead);
    }
}

TEST_CASE("check consequences: decisions that do not fit the band are refused", "[core][rules]") {
    struct Row {
        Band band;
        Decision decision;
        const char* reason;
        const char* message;
    };
    const std::vector<Row> table = {
        {Band::NoMatch, Decision::Confirmed, "", "use decision 'override'"},
        {Band::CannotAssess, Decision::Confirmed, "", "use decision 'override'"},
        {Band::NoMatch, Decision::Override, "", "needs a reason"},
        {Band::CannotAssess, Decision::Override, "   ", "needs a reason"},
        {Band::StrongMatch, Decision::Override, "because", "no override needed"},
        {Band::PossibleMatch, Decision::Override, "because", "no override needed"},
    };
    for (const auto& row : table) {
        INFO(name(row.band) << " " << name(row.decision));
        CHECK_THROWS_WITH(consequencesOf(BookingKind::Visit, row.band, row.decision, row.reason),
                          Catch::Contains(row.message));
        CHECK_THROWS_AS(consequencesOf(BookingKind::Visit, row.band, row.decision, row.reason), InputError);
    }
}

TEST_CASE("welfare concerns notify the safeguarding lead, duty governor and probation OMU", "[core][rules]") {
    const auto r = recipientsFor(IncidentKind::WelfareConcern);
    CHECK(r == std::vector<RecipientRole>{RecipientRole::SafeguardingLead, RecipientRole::DutyGovernor,
                                          RecipientRole::ProbationOmuManager});
    for (const auto k : {IncidentKind::VisitRefused, IncidentKind::CallSuspended, IncidentKind::Override})
        CHECK(recipientsFor(k) == std::vector<RecipientRole>{RecipientRole::SafeguardingLead});
}

TEST_CASE("a scheduled booking of a prisoner under review is shown blocked", "[core][rules]") {
    struct Row {
        BookingStatus stored;
        bool open_review;
        BookingStatus shown;
    };
    const std::vector<Row> table = {
        {BookingStatus::Scheduled, false, BookingStatus::Scheduled},
        {BookingStatus::Scheduled, true, BookingStatus::BlockedPendingReview},
        {BookingStatus::Refused, true, BookingStatus::Refused},
        {BookingStatus::Completed, true, BookingStatus::Completed},
        {BookingStatus::Cancelled, false, BookingStatus::Cancelled},
    };
    for (const auto& row : table) CHECK(shownStatus(row.stored, row.open_review) == row.shown);
}

TEST_CASE("review decisions: told within one working day, next review in three years", "[core][rules]") {
    const WorkingCalendar cal;  // the rule-based England & Wales holidays
    struct Row {
        Date decided;
        ReviewOutcome outcome;
        Date inform_by;
        ArrangementStatus status;
    };
    const std::vector<Row> table = {
        {{2025, 11, 3}, ReviewOutcome::Unchanged, {2025, 11, 4}, ArrangementStatus::Active},         // Monday -> Tuesday
        {{2025, 11, 7}, ReviewOutcome::Varied, {2025, 11, 10}, ArrangementStatus::Active},           // Friday -> Monday
        {{2025, 12, 24}, ReviewOutcome::Suspended, {2025, 12, 29}, ArrangementStatus::SuspendedPendingReview},
        {{2025, 12, 31}, ReviewOutcome::Ended, {2026, 1, 2}, ArrangementStatus::Ended},              // over New Year
        {{2026, 4, 2}, ReviewOutcome::Unchanged, {2026, 4, 7}, ArrangementStatus::Active},           // over Easter
        {{2026, 11, 22}, ReviewOutcome::Unchanged, {2026, 11, 23}, ArrangementStatus::Active},       // Sunday -> Monday
    };
    for (const auto& row : table) {
        INFO(row.decided.iso());
        const auto d = decideReview(row.outcome, row.decided, cal);
        CHECK(d.inform_by == row.inform_by);
        CHECK(d.arrangement_status == row.status);
        CHECK(d.next_review_due == Date{row.decided.year + 3, row.decided.month, row.decided.day});
    }
    CHECK(decideReview(ReviewOutcome::Unchanged, {2028, 2, 29}, cal).next_review_due == Date{2031, 2, 28});
}

TEST_CASE("stale approved images by the child's age band, overdue notices and reviews", "[core][rules]") {
    const Date today{2026, 6, 15};
    struct Row {
        Date dob;
        Date taken;
        bool stale;
    };
    const std::vector<Row> table = {
        {{2023, 1, 1}, {2026, 1, 1}, false},   // age 3, 5.5 months old
        {{2023, 1, 1}, {2025, 12, 1}, true},   // age 3, 6.5 months old
        {{2018, 1, 1}, {2025, 7, 1}, false},   // age 8, 11.5 months
        {{2018, 1, 1}, {2025, 6, 1}, true},    // age 8, 12.5 months
        {{2011, 1, 1}, {2024, 7, 1}, false},   // age 15, 23.5 months
        {{2011, 1, 1}, {2024, 6, 1}, true},    // age 15, 24.5 months
    };
    for (const auto& row : table) {
        INFO(row.dob.iso() << " taken " << row.taken.iso());
        const auto age = assessImageAge(row.dob, row.taken, today);
        REQUIRE(age);
        CHECK(age->stale == row.stale);
    }
    Review r;
    r.status = ReviewStatus::Completed;
    r.inform_by = Date{2026, 6, 12};
    CHECK(isNoticeOverdue(r, today));
    r.informed_at = "2026-06-12T10:00:00";
    CHECK_FALSE(isNoticeOverdue(r, today));
    Arrangement a = arrangement({ContactType::Visit});
    a.next_review_due = {2026, 6, 14};
    CHECK(isArrangementReviewOverdue(a, today));
    a.status = ArrangementStatus::Ended;
    CHECK_FALSE(isArrangementReviewOverdue(a, today));
}
