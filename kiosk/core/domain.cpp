#include "kiosk/core/domain.hpp"

#include <array>
#include <utility>

namespace core {
namespace {

// One table per enum: the order of names follows the enumerators.
template <typename T, std::size_t N>
struct Names {
    std::array<std::string_view, N> names;
    std::string_view of(T v) const { return names[static_cast<std::size_t>(v)]; }
    std::optional<T> from(std::string_view s) const {
        for (std::size_t i = 0; i < N; ++i)
            if (names[i] == s) return static_cast<T>(i);
        return std::nullopt;
    }
};

constexpr Names<ContactType, 4> kContact{{"visits", "video_calls", "phone", "letters"}};
constexpr Names<BookingKind, 2> kKind{{"visit", "video_call"}};
constexpr Names<ArrangementStatus, 3> kArrStatus{{"active", "suspended_pending_review", "ended"}};
constexpr Names<BookingStatus, 9> kBookingStatus{{"scheduled", "refused", "suspended", "completed", "cancelled",
                                                  "blocked_pending_review", "contact_suspended", "contact_ended",
                                                  "not_allowed"}};
constexpr Names<Band, 4> kBand{{"strong_match", "possible_match", "no_match", "cannot_assess"}};
constexpr Names<Decision, 3> kDecision{{"confirmed", "not_confident", "override"}};
constexpr Names<IncidentKind, 4> kIncident{{"visit_refused", "call_suspended", "welfare_concern", "override"}};
constexpr Names<ReviewStatus, 2> kReviewStatus{{"open", "completed"}};
constexpr Names<ReviewOutcome, 4> kOutcome{{"unchanged", "varied", "suspended", "ended"}};
constexpr Names<ReviewTrigger, 3> kTrigger{{"incident", "schedule", "new_information"}};
constexpr Names<Role, 7> kRole{{"visits_officer", "video_call_officer", "safeguarding_lead", "admin", "booking_system",
                                 "duty_governor", "omu_manager"}};
constexpr Names<RecipientRole, 3> kRecipient{{"safeguarding_lead", "duty_governor", "probation_omu_manager"}};
constexpr Names<SessionState, 8> kSession{
    {"booked", "checking", "cleared", "in_progress", "ended", "refused", "suspended", "cancelled"}};
constexpr Names<ChildCheckStatus, 4> kChildStatus{{"unchecked", "confirmed", "overridden", "not_confident"}};
constexpr Names<AppealOutcome, 2> kAppeal{{"upheld", "dismissed"}};
constexpr Names<ContactStatus, 5> kContactStatus{
    {"allowed", "not_allowed", "blocked_pending_review", "suspended", "ended"}};
constexpr Names<DeliveryState, 5> kDelivery{{"queued", "sending", "sent", "retrying", "failed"}};

}  // namespace

std::string_view name(ContactType v) { return kContact.of(v); }
std::string_view name(BookingKind v) { return kKind.of(v); }
std::string_view name(ArrangementStatus v) { return kArrStatus.of(v); }
std::string_view name(BookingStatus v) { return kBookingStatus.of(v); }
std::string_view name(Band v) { return kBand.of(v); }
std::string_view name(Decision v) { return kDecision.of(v); }
std::string_view name(IncidentKind v) { return kIncident.of(v); }
std::string_view name(ReviewStatus v) { return kReviewStatus.of(v); }
std::string_view name(ReviewOutcome v) { return kOutcome.of(v); }
std::string_view name(ReviewTrigger v) { return kTrigger.of(v); }
std::string_view name(Role v) { return kRole.of(v); }
std::string roleNames(std::string_view separator) {
    std::string out;
    for (const auto n : kRole.names) out += (out.empty() ? "" : std::string(separator)) + std::string(n);
    return out;
}
std::string_view name(RecipientRole v) { return kRecipient.of(v); }
std::string_view name(SessionState v) { return kSession.of(v); }
std::string_view name(ChildCheckStatus v) { return kChildStatus.of(v); }
std::string_view name(AppealOutcome v) { return kAppeal.of(v); }
std::string_view name(ContactStatus v) { return kContactStatus.of(v); }
std::string_view name(DeliveryState v) { return kDelivery.of(v); }

template <> std::optional<ContactType> parse(std::string_view s) { return kContact.from(s); }
template <> std::optional<BookingKind> parse(std::string_view s) { return kKind.from(s); }
template <> std::optional<ArrangementStatus> parse(std::string_view s) { return kArrStatus.from(s); }
template <> std::optional<BookingStatus> parse(std::string_view s) { return kBookingStatus.from(s); }
template <> std::optional<Band> parse(std::string_view s) { return kBand.from(s); }
template <> std::optional<Decision> parse(std::string_view s) { return kDecision.from(s); }
template <> std::optional<IncidentKind> parse(std::string_view s) { return kIncident.from(s); }
template <> std::optional<ReviewStatus> parse(std::string_view s) { return kReviewStatus.from(s); }
template <> std::optional<ReviewOutcome> parse(std::string_view s) { return kOutcome.from(s); }
template <> std::optional<ReviewTrigger> parse(std::string_view s) { return kTrigger.from(s); }
template <> std::optional<Role> parse(std::string_view s) { return kRole.from(s); }
template <> std::optional<RecipientRole> parse(std::string_view s) { return kRecipient.from(s); }
template <> std::optional<SessionState> parse(std::string_view s) { return kSession.from(s); }
template <> std::optional<ChildCheckStatus> parse(std::string_view s) { return kChildStatus.from(s); }
template <> std::optional<AppealOutcome> parse(std::string_view s) { return kAppeal.from(s); }
template <> std::optional<ContactStatus> parse(std::string_view s) { return kContactStatus.from(s); }
template <> std::optional<DeliveryState> parse(std::string_view s) { return kDelivery.from(s); }

ContactType contactFor(BookingKind kind) {
    return kind == BookingKind::Visit ? ContactType::Visit : ContactType::VideoCall;
}

}  // namespace core
