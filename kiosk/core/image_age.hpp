// Approved-image age: a child's face changes fast, so an approved image goes stale sooner the
// younger the child was when it was taken. One policy for the whole product (the verify result,
// the officer's result screen and the safeguarding lead's stale-image list).
//
// Limits per age band, in months, configurable; defaults: taken under 5 -> 6 months; 5-11 ->
// 12 months; 12-17 -> 24 months. The band is the child's age on the day the image was taken — the
// stricter reading: a photo of a 4-year-old is stale after 6 months even if the child has since
// turned 5. An image is stale from the day its limit is reached.
// Thread safety: pure functions on values.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/calendar.hpp"

namespace core {

struct ImageAgePolicy {
    int under5_months = 6;
    int age5to11_months = 12;
    int age12to17_months = 24;

    int limitFor(int child_age_years) const {
        return child_age_years < 5 ? under5_months : child_age_years < 12 ? age5to11_months : age12to17_months;
    }
};

struct ImageAge {
    int age_months = 0;          // whole months from taken to today
    int child_age_at_taken = 0;  // whole years
    int limit_months = 0;
    bool stale = false;
    std::string message;  // e.g. "taken 14 months ago at age 3; policy: renew after 6 months (STALE ...)"
};

// Requires dob <= taken <= today; otherwise nullopt (the caller reports inconsistent data).
std::optional<ImageAge> assessImageAge(const Date& dob, const Date& taken, const Date& today,
                                       const ImageAgePolicy& policy = {});

// Whole months from a to b (b >= a), a month counting once its day is reached.
int wholeMonthsBetween(const Date& a, const Date& b);

}  // namespace core
