// Dates and working days; CSV parsing.
#include <catch2/catch.hpp>

#include "kiosk/core/calendar.hpp"
#include "kiosk/core/csv.hpp"

using namespace core;

TEST_CASE("dates parse strictly and round-trip through day numbers", "[core][calendar]") {
    for (const char* bad : {"2025-02-29", "2025-13-01", "2025-1-01", "20250101", "2025-04-31", "abcd-ef-gh", ""})
        CHECK_FALSE(Date::parse(bad).has_value());
    CHECK(Date::parse("2028-02-29").has_value());
    for (long z = Date{2024, 1, 1}.daysSinceEpoch(); z < Date{2031, 1, 1}.daysSinceEpoch(); ++z) {
        const Date d = Date::fromDays(z);
        REQUIRE(d.daysSinceEpoch() == z);
        REQUIRE(Date::parse(d.iso()) == d);
    }
    CHECK(Date{2025, 12, 25}.weekday() == 3);  // Thursday
    CHECK(Date{2026, 12, 26}.isWeekend());
    CHECK(Date{2026, 1, 31}.plusMonths(1) == Date{2026, 2, 28});
    CHECK(yearsBetween({2018, 6, 15}, {2026, 6, 14}) == 7);
    CHECK(yearsBetween({2018, 6, 15}, {2026, 6, 15}) == 8);
}

TEST_CASE("working days skip weekends and the calendar's bank holidays", "[core][calendar]") {
    const WorkingCalendar cal({{2027, 12, 27}, {2027, 12, 28}, {2028, 1, 3}});
    CHECK(cal.addWorkingDays({2027, 12, 24}, 1) == Date{2027, 12, 29});  // Fri -> skips weekend and two substitutes
    CHECK(cal.addWorkingDays({2027, 12, 31}, 1) == Date{2028, 1, 4});
    CHECK(cal.addWorkingDays({2027, 12, 20}, 3) == Date{2027, 12, 23});
    CHECK_FALSE(cal.isWorkingDay({2028, 1, 3}));
    CHECK(cal.isWorkingDay({2028, 1, 4}));
    CHECK(cal.coveredUntil() == Date{2028, 12, 31});
}

TEST_CASE("CSV: quotes, embedded commas and newlines, CRLF, BOM, line numbers", "[core][csv]") {
    const std::string text = "\xEF\xBB\xBF" "a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\r\n\r\n2,\"multi\nline\",z\n3,,\n";
    const auto rows = parseCsv(text);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].fields == std::vector<std::string>{"a", "b", "c"});
    CHECK(rows[1].fields == std::vector<std::string>{"1", "x, y", "he said \"hi\""});
    CHECK(rows[1].line == 2);
    CHECK(rows[2].fields == std::vector<std::string>{"2", "multi\nline", "z"});
    CHECK(rows[2].line == 4);
    CHECK(rows[3].line == 6);
    CHECK(rows[3].fields == std::vector<std::string>{"3", "", ""});
    CHECK_THROWS_WITH(parseCsv("a,b\n1,\"open\n2,3\n"), Catch::Contains("line 2") && Catch::Contains("never closed"));
    CHECK_THROWS_WITH(parseCsv("a,b\n\"x\"y,2\n"), Catch::Contains("line 2"));
}
