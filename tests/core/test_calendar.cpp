// Dates, England & Wales bank holidays and working days; CSV parsing.
#include <catch2/catch.hpp>

#include "kiosk/core/calendar.hpp"
#include "kiosk/core/csv.hpp"
#include "kiosk/core/rules.hpp"

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

namespace Catch {
template <>
struct StringMaker<core::BankHoliday> {
    static std::string convert(const core::BankHoliday& h) { return h.date.iso() + " " + h.name; }
};
}  // namespace Catch

namespace {
// A year's holidays as ISO dates, so that a mismatch prints readably.
std::vector<std::string> holidayDatesOf(int year) {
    std::vector<std::string> out;
    for (const auto& h : englandAndWalesBankHolidays(year)) out.push_back(h.date.iso());
    return out;
}
}  // namespace

TEST_CASE("bank holidays 2018-2027 are gov.uk's published England & Wales list", "[core][calendar]") {
    const std::vector<std::pair<int, std::vector<std::string>>> published = {
        {2018, {"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25",
                "2018-12-26"}},
        {2019, {"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25",
                "2019-12-26"}},
        {2020, {"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25",
                "2020-12-28"}},
        {2021, {"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27",
                "2021-12-28"}},
        {2022, {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29",
                "2022-09-19", "2022-12-26", "2022-12-27"}},
        {2023, {"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28",
                "2023-12-25", "2023-12-26"}},
        {2024, {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25",
                "2024-12-26"}},
        {2025, {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25",
                "2025-12-26"}},
        {2026, {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25",
                "2026-12-28"}},
        {2027, {"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27",
                "2027-12-28"}},
    };
    for (const auto& [year, dates] : published) {
        INFO(year);
        CHECK(holidayDatesOf(year) == dates);
    }
}

TEST_CASE("bank holidays carry gov.uk's names, substitutes and one-off days included", "[core][calendar]") {
    const std::vector<BankHoliday> y2022 = {
        {{2022, 1, 3}, "New Year's Day (substitute day)"},
        {{2022, 4, 15}, "Good Friday"},
        {{2022, 4, 18}, "Easter Monday"},
        {{2022, 5, 2}, "Early May bank holiday"},
        {{2022, 6, 2}, "Spring bank holiday"},
        {{2022, 6, 3}, "Platinum Jubilee bank holiday"},
        {{2022, 8, 29}, "Summer bank holiday"},
        {{2022, 9, 19}, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
        {{2022, 12, 26}, "Boxing Day"},
        {{2022, 12, 27}, "Christmas Day (substitute day)"},
    };
    CHECK(englandAndWalesBankHolidays(2022) == y2022);
    const auto y2020 = englandAndWalesBankHolidays(2020);
    CHECK(y2020[3] == BankHoliday{{2020, 5, 8}, "Early May bank holiday (VE day)"});
    CHECK(y2020[7] == BankHoliday{{2020, 12, 28}, "Boxing Day (substitute day)"});
    CHECK(englandAndWalesBankHolidays(2023)[4] ==
          BankHoliday{{2023, 5, 8}, "Bank holiday for the coronation of King Charles III"});
    const auto y2027 = englandAndWalesBankHolidays(2027);
    CHECK(y2027[6] == BankHoliday{{2027, 12, 27}, "Christmas Day (substitute day)"});
    CHECK(y2027[7] == BankHoliday{{2027, 12, 28}, "Boxing Day (substitute day)"});
    CHECK(englandAndWalesBankHolidays(2028)[0] == BankHoliday{{2028, 1, 3}, "New Year's Day (substitute day)"});
}

TEST_CASE("bank holidays 2028-2030 agree with the 0002_bank_holidays migration's table", "[core][calendar]") {
    CHECK(holidayDatesOf(2028) == std::vector<std::string>{"2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01",
                                                           "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"});
    CHECK(holidayDatesOf(2029) == std::vector<std::string>{"2029-01-01", "2029-03-30", "2029-04-02", "2029-05-07",
                                                           "2029-05-28", "2029-08-27", "2029-12-25", "2029-12-26"});
    CHECK(holidayDatesOf(2030) == std::vector<std::string>{"2030-01-01", "2030-04-19", "2030-04-22", "2030-05-06",
                                                           "2030-05-27", "2030-08-26", "2030-12-25", "2030-12-26"});
}

TEST_CASE("bank holidays beyond any table: Easter 2031-2040 and weekend Christmases", "[core][calendar]") {
    const std::vector<Date> easter = {{2031, 4, 13}, {2032, 3, 28}, {2033, 4, 17}, {2034, 4, 9}, {2035, 3, 25},
                                      {2036, 4, 13}, {2037, 4, 5},  {2038, 4, 25}, {2039, 4, 10}, {2040, 4, 1}};
    for (const Date& sunday : easter) CHECK(easterSunday(sunday.year) == sunday);
    CHECK(holidayDatesOf(2031) == std::vector<std::string>{"2031-01-01", "2031-04-11", "2031-04-14", "2031-05-05",
                                                           "2031-05-26", "2031-08-25", "2031-12-25", "2031-12-26"});
    // Christmas on Saturday: both days move, to Monday 27 and Tuesday 28.
    CHECK(holidayDatesOf(2032) == std::vector<std::string>{"2032-01-01", "2032-03-26", "2032-03-29", "2032-05-03",
                                                           "2032-05-31", "2032-08-30", "2032-12-27", "2032-12-28"});
    // Christmas on Sunday: Boxing Day keeps Monday 26, so Christmas's substitute is Tuesday 27.
    CHECK(holidayDatesOf(2033) == std::vector<std::string>{"2033-01-03", "2033-04-15", "2033-04-18", "2033-05-02",
                                                           "2033-05-30", "2033-08-29", "2033-12-26", "2033-12-27"});
    CHECK(englandAndWalesBankHolidays(2033)[7] == BankHoliday{{2033, 12, 27}, "Christmas Day (substitute day)"});
    CHECK(holidayDatesOf(2034)[0] == "2034-01-02");  // New Year's Day on a Sunday
    CHECK(holidayDatesOf(2037).back() == "2037-12-28");  // Christmas Friday, Boxing Day Saturday
    CHECK(holidayDatesOf(2038)[1] == "2038-04-23");  // the latest Good Friday in the sample
    CHECK(holidayDatesOf(2039)[0] == "2039-01-03");  // New Year's Day on a Saturday
}

TEST_CASE("every year has its eight or more bank holidays, each on its own weekday", "[core][calendar]") {
    for (int year = 1978; year <= 2200; ++year) {
        INFO(year);
        const auto holidays = englandAndWalesBankHolidays(year);
        REQUIRE(holidays.size() >= 8);
        for (std::size_t i = 0; i < holidays.size(); ++i) {
            REQUIRE(holidays[i].date.year == year);
            REQUIRE_FALSE(holidays[i].date.isWeekend());
            if (i > 0) REQUIRE(holidays[i - 1].date < holidays[i].date);
        }
    }
}

TEST_CASE("working days skip weekends and bank holidays", "[core][calendar]") {
    const WorkingCalendar cal;
    CHECK(cal.addWorkingDays({2027, 12, 24}, 1) == Date{2027, 12, 29});  // Fri -> skips weekend and two substitutes
    CHECK(cal.addWorkingDays({2027, 12, 31}, 1) == Date{2028, 1, 4});    // New Year's substitute Mon 3
    CHECK(cal.addWorkingDays({2027, 12, 20}, 3) == Date{2027, 12, 23});
    CHECK_FALSE(cal.isWorkingDay({2028, 1, 3}));
    CHECK(cal.isWorkingDay({2028, 1, 4}));
    CHECK(cal.isWorkingDay({2020, 5, 4}));   // the early May holiday that moved to VE Day
    CHECK_FALSE(cal.isWorkingDay({2020, 5, 8}));
}

TEST_CASE("a notice deadline over Christmas 2031, past the old table's 2030, skips the holidays", "[core][calendar]") {
    // Wed 24 decided; Thu 25 and Fri 26 are holidays, 27-28 the weekend: told by Mon 29.
    const WorkingCalendar cal;
    CHECK(cal.addWorkingDays({2031, 12, 24}, 1) == Date{2031, 12, 29});
    CHECK(decideReview(ReviewOutcome::Unchanged, {2031, 12, 24}, cal).inform_by == Date{2031, 12, 29});
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
