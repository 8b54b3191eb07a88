#include "kiosk/core/image_age.hpp"

namespace core {

int wholeMonthsBetween(const Date& a, const Date& b) {
    int months = (b.year - a.year) * 12 + (b.month - a.month);
    if (b.day < a.day) --months;
    return months;
}

std::optional<ImageAge> assessImageAge(const Date& dob, const Date& taken, const Date& today,
                                       const ImageAgePolicy& policy) {
    if (dob > taken || taken > today) return std::nullopt;
    ImageAge a;
    a.age_months = wholeMonthsBetween(taken, today);
    a.child_age_at_taken = yearsBetween(dob, taken);
    a.limit_months = policy.limitFor(a.child_age_at_taken);
    a.stale = taken.plusMonths(a.limit_months) <= today;
    a.message = "taken " + std::to_string(a.age_months) + " month" + (a.age_months == 1 ? "" : "s") + " ago at age " +
                std::to_string(a.child_age_at_taken) + "; policy: renew after " + std::to_string(a.limit_months) +
                " months" + (a.stale ? " (STALE: ask for a current approved image)" : "");
    return a;
}

}  // namespace core
