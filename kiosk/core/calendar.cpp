#include "kiosk/core/calendar.hpp"

#include <algorithm>
#include <cstdio>

namespace core {

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && isLeapYear(y)) ? 29 : kDays[m - 1];
}

std::optional<Date> Date::parse(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    const Date d{num(0, 4), num(5, 2), num(8, 2)};
    if (d.year < 1900 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1 ||
        d.day > daysInMonth(d.year, d.month))
        return std::nullopt;
    return d;
}

std::string Date::iso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

// Howard Hinnant's days_from_civil / civil_from_days.
long Date::daysSinceEpoch() const {
    const int y = year - (month <= 2 ? 1 : 0);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned mp = static_cast<unsigned>(month + (month > 2 ? -3 : 9));
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::fromDays(long z) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(static_cast<long>(yoe) + era * 400) + (m <= 2 ? 1 : 0);
    return {y, m, d};
}

int Date::weekday() const {
    const long z = daysSinceEpoch();  // 1970-01-01 was a Thursday (3)
    return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

Date Date::plusYears(int n) const {
    Date d{year + n, month, day};
    if (d.day > daysInMonth(d.year, d.month)) d.day = daysInMonth(d.year, d.month);
    return d;
}

Date Date::plusMonths(int n) const {
    const int total = year * 12 + (month - 1) + n;
    Date d{total / 12, total % 12 + 1, day};
    if (d.day > daysInMonth(d.year, d.month)) d.day = daysInMonth(d.year, d.month);
    return d;
}

int yearsBetween(const Date& birth, const Date& on) {
    int years = on.year - birth.year;
    if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --years;
    return years;
}

// Anonymous Gregorian algorithm (Meeus, "Astronomical Algorithms", ch. 8); valid for every
// Gregorian year, so no table of Easter dates is needed.
Date easterSunday(int y) {
    const int a = y % 19, b = y / 100, c = y % 100;
    const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month_and_day = h + l - 7 * m + 114;
    return {y, month_and_day / 31, month_and_day % 31 + 1};
}

namespace {

Date firstMondayOf(int year, int month) {
    Date d{year, month, 1};
    while (d.weekday() != 0) d = d.plusDays(1);
    return d;
}

Date lastMondayOf(int year, int month) {
    Date d{year, month, daysInMonth(year, month)};
    while (d.weekday() != 0) d = d.plusDays(-1);
    return d;
}

// A proclamation no rule can predict: a rule holiday moved (`moved_from` is the day the rule
// gives) or an extra holiday (`moved_from` empty). Names are gov.uk's titles.
struct OneOffChange {
    std::optional<Date> moved_from;
    Date date;
    const char* name;
};

const OneOffChange kOneOffChanges[] = {
    {Date{2020, 5, 4}, {2020, 5, 8}, "Early May bank holiday (VE day)"},  // VE Day's 75th anniversary
    {Date{2022, 5, 30}, {2022, 6, 2}, "Spring bank holiday"},             // beside the Platinum Jubilee
    {std::nullopt, {2022, 6, 3}, "Platinum Jubilee bank holiday"},
    {std::nullopt, {2022, 9, 19}, "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {std::nullopt, {2023, 5, 8}, "Bank holiday for the coronation of King Charles III"},
};

bool hasHolidayOn(const std::vector<BankHoliday>& holidays, const Date& d) {
    return std::ranges::any_of(holidays, [&](const BankHoliday& h) { return h.date == d; });
}

}  // namespace

std::vector<BankHoliday> englandAndWalesBankHolidays(int year) {
    const Date easter = easterSunday(year);
    // The days the holidays fall on before any weekend moves them.
    std::vector<BankHoliday> nominal = {
        {{year, 1, 1}, "New Year's Day"},
        {easter.plusDays(-2), "Good Friday"},
        {easter.plusDays(1), "Easter Monday"},
        {firstMondayOf(year, 5), "Early May bank holiday"},
        {lastMondayOf(year, 5), "Spring bank holiday"},
        {lastMondayOf(year, 8), "Summer bank holiday"},
        {{year, 12, 25}, "Christmas Day"},
        {{year, 12, 26}, "Boxing Day"},
    };
    for (const OneOffChange& change : kOneOffChanges) {
        if (change.date.year != year) continue;
        if (change.moved_from)
            std::erase_if(nominal, [&](const BankHoliday& h) { return h.date == *change.moved_from; });
        nominal.push_back({change.date, change.name});
    }
    std::ranges::sort(nominal, {}, &BankHoliday::date);

    // Weekday holidays keep their day first, so that a weekend holiday's substitute skips them:
    // Christmas on a Sunday is moved past Boxing Day on the Monday to Tuesday 27th.
    std::vector<BankHoliday> observed;
    for (const BankHoliday& h : nominal)
        if (!h.date.isWeekend()) observed.push_back(h);
    for (const BankHoliday& h : nominal) {
        if (!h.date.isWeekend()) continue;
        Date substitute = h.date;
        while (substitute.isWeekend() || hasHolidayOn(observed, substitute)) substitute = substitute.plusDays(1);
        observed.push_back({substitute, h.name + " (substitute day)"});
    }
    std::ranges::sort(observed, {}, &BankHoliday::date);
    return observed;
}

bool isEnglandAndWalesBankHoliday(const Date& d) { return hasHolidayOn(englandAndWalesBankHolidays(d.year), d); }

Date WorkingCalendar::addWorkingDays(const Date& from, int n) const {
    Date d = from;
    for (int counted = 0; counted < n;) {
        d = d.plusDays(1);
        if (isWorkingDay(d)) ++counted;
    }
    return d;
}

}  // namespace core
