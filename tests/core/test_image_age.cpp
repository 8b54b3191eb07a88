// The approved-image age policy, by the child's age on the day the image was taken.
#include <catch2/catch.hpp>

#include "kiosk/core/image_age.hpp"

using core::Date;

namespace {
Date date(const char* s) { return *Date::parse(s); }
}  // namespace

TEST_CASE("image age: limits by age band at the date taken, stale from the day the limit is reached", "[core][image_age]") {
    struct Row {
        const char *dob, *taken, *today;
        int months, age_at_taken, limit;
        bool stale;
    };
    const Row rows[] = {
        {"2023-03-01", "2025-01-10", "2025-07-09", 5, 1, 6, false},     // under 5: 6 months
        {"2023-03-01", "2025-01-10", "2025-07-10", 6, 1, 6, true},
        {"2017-05-20", "2024-06-01", "2025-05-31", 11, 7, 12, false},   // 5-11: 12 months
        {"2017-05-20", "2024-06-01", "2025-06-01", 12, 7, 12, true},
        {"2010-01-15", "2023-01-01", "2024-12-31", 23, 12, 24, false},  // 12-17: 24 months
        {"2010-01-15", "2023-01-01", "2025-01-01", 24, 12, 24, true},
        {"2020-06-30", "2025-06-29", "2025-12-01", 5, 4, 6, false},     // the day before the 5th birthday
        {"2020-06-30", "2025-06-29", "2025-12-29", 6, 4, 6, true},      // ... stays in the under-5 band
        {"2020-06-30", "2025-06-30", "2026-06-01", 11, 5, 12, false},   // on the 5th birthday
        {"2019-08-31", "2024-08-31", "2025-02-28", 5, 5, 12, false},    // month ends
    };
    for (const auto& row : rows) {
        INFO(row.dob << " taken " << row.taken << " today " << row.today);
        const auto a = core::assessImageAge(date(row.dob), date(row.taken), date(row.today));
        REQUIRE(a);
        CHECK(a->age_months == row.months);
        CHECK(a->child_age_at_taken == row.age_at_taken);
        CHECK(a->limit_months == row.limit);
        CHECK(a->stale == row.stale);
        CHECK_THAT(a->message, Catch::Contains(std::to_string(row.limit) + " months"));
    }
}

TEST_CASE("image age: inconsistent dates are refused, policy is configurable", "[core][image_age]") {
    CHECK_FALSE(core::assessImageAge(date("2025-06-01"), date("2025-01-01"), date("2025-07-01")));  // before birth
    CHECK_FALSE(core::assessImageAge(date("2020-06-01"), date("2025-08-01"), date("2025-07-01")));  // in the future
    const core::ImageAgePolicy strict{3, 6, 12};
    CHECK(core::assessImageAge(date("2020-06-01"), date("2024-01-01"), date("2024-04-01"), strict)->stale);
    CHECK_FALSE(core::assessImageAge(date("2020-06-01"), date("2024-01-01"), date("2024-04-01"))->stale);
}
