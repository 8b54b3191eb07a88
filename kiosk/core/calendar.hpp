// Calendar dates and working days (England & Wales): deadlines such as "the prisoner is told of a
// decision within one working day" and "reviewed at least every three years".
// Thread safety: value types and pure functions; WorkingCalendar has no state.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// A civil (proleptic Gregorian) date without time zone.
struct Date {
    int year = 1970;
    int month = 1;
    int day = 1;

    auto operator<=>(const Date&) const = default;

    static std::optional<Date> parse(std::string_view iso);  // strict YYYY-MM-DD, real dates only
    std::string iso() const;
    long daysSinceEpoch() const;
    static Date fromDays(long days);
    int weekday() const;  // 0 = Monday ... 6 = Sunday
    bool isWeekend() const { return weekday() >= 5; }
    Date plusDays(long n) const { return fromDays(daysSinceEpoch() + n); }
    // Same day n years later; 29 February becomes 28 February in a common year.
    Date plusYears(int n) const;
    Date plusMonths(int n) const;
};

bool isLeapYear(int year);
int daysInMonth(int year, int month);
// Whole years from `birth` to `on` (age in years).
int yearsBetween(const Date& birth, const Date& on);

// Easter Sunday of a Gregorian year (the Anonymous Gregorian / Meeus algorithm).
Date easterSunday(int year);

struct BankHoliday {
    Date date;
    std::string name;  // as gov.uk titles it, e.g. "Christmas Day (substitute day)"

    bool operator==(const BankHoliday&) const = default;
};

// England & Wales bank holidays of `year`, in date order, computed by rule so that every year
// has them (a table of dates ran out and let a 2031 deadline land on Christmas Day). The rule
// holidays are those in force since 1978; a holiday on a weekend moves to the next weekday that
// is not already a holiday. One-off proclamations are a table in calendar.cpp from 2018 on (the
// first year gov.uk publishes); a new one needs a line there.
std::vector<BankHoliday> englandAndWalesBankHolidays(int year);
bool isEnglandAndWalesBankHoliday(const Date& d);

// Working days: Monday-Friday that are not England & Wales bank holidays.
class WorkingCalendar {
public:
    bool isWorkingDay(const Date& d) const { return !d.isWeekend() && !isEnglandAndWalesBankHoliday(d); }
    // The n-th working day after `from` (n >= 1); `from` itself never counts.
    Date addWorkingDays(const Date& from, int n) const;
};

}  // namespace core
