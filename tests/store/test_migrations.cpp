// Migrations from empty and from every earlier version, on :memory: and on files; typed errors
// for a newer schema and for a file that is not a database; the bank-holiday data.
#include <catch2/catch.hpp>

#include <vector>

#include <fstream>
#include <set>

#include "kiosk/core/calendar.hpp"

#include "kiosk/store/errors.hpp"
#include "kiosk/store/migrations.hpp"
#include "tests/support/test_support.hpp"

using namespace store;

namespace {
std::vector<std::string> tables(Database& db) {
    std::vector<std::string> out;
    auto& st = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','index','trigger') ORDER BY name");
    while (st.step()) out.push_back(st.text(0));
    return out;
}
std::string pragma(Database& db, const std::string& name) {
    auto& st = db.prepare("PRAGMA " + name);
    std::string v = st.step() ? st.text(0) : "";
    st.reset();
    return v;
}
}  // namespace

// Strictly increasing rather than contiguous: migrations are numbered per branch (0007 here while
// 0006 lands from another branch), and run 1..N again once merged.
TEST_CASE("migrations: versions increase and each file is embedded", "[store][migrations]") {
    const auto& all = migrations();
    REQUIRE(all.size() >= 3);
    CHECK(all.front().version == 1);
    CHECK(all.back().version == latestSchemaVersion());
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i > 0) CHECK(all[i].version > all[i - 1].version);
        CHECK(std::filesystem::exists(kiosk::test::sourceDir() / "data" / "migrations" / all[i].file_name));
        CHECK_FALSE(all[i].sql.empty());
    }
}

TEST_CASE("migrations: from empty and from every earlier version reach the same schema", "[store][migrations]") {
    kiosk::test::TempDir tmp;
    Database reference(":memory:");
    CHECK(migrate(reference) == static_cast<int>(migrations().size()));
    CHECK(reference.userVersion() == latestSchemaVersion());
    CHECK(migrate(reference) == 0);  // idempotent
    const auto expected = tables(reference);
    CHECK(std::find(expected.begin(), expected.end(), "audit_log_no_update") != expected.end());

    std::vector<int> versions = {0};
    for (const auto& m : migrations()) versions.push_back(m.version);
    for (std::size_t k = 0; k < versions.size(); ++k) {
        const int from = versions[k];
        for (const bool on_file : {false, true}) {
            INFO("from version " << from << (on_file ? " on a file" : " in memory"));
            const std::string path = on_file ? (tmp / ("v" + std::to_string(from) + ".db")).string() : ":memory:";
            Database db(path);
            migrate(db, from);
            REQUIRE(db.userVersion() == from);
            CHECK(migrate(db) == static_cast<int>(versions.size() - 1 - k));
            CHECK(db.userVersion() == latestSchemaVersion());
            CHECK(tables(db) == expected);
            CHECK(pragma(db, "foreign_keys") == "1");
            if (on_file) CHECK(pragma(db, "journal_mode") == "wal");
        }
    }
}

TEST_CASE("migrations: a newer schema and a non-database file are typed, clear errors", "[store][migrations]") {
    kiosk::test::TempDir tmp;
    {
        Database db((tmp / "new.db").string());
        migrate(db);
        db.exec("PRAGMA user_version = " + std::to_string(latestSchemaVersion() + 1));
        CHECK_THROWS_AS(migrate(db), SchemaTooNewError);
        CHECK_THROWS_WITH(requireCurrentSchema(db), Catch::Contains("newer kiosk"));
    }
    kiosk::test::writeFile(tmp / "junk.db", std::string(4096, 'x'));
    CHECK_THROWS_AS(Database((tmp / "junk.db").string()), DatabaseCorruptError);
    Database empty((tmp / "empty.db").string());
    CHECK_THROWS_WITH(requireCurrentSchema(empty), Catch::Contains("kiosk db init"));
}

namespace {
// England & Wales rules, computed independently of the data to check it.
core::Date easterSunday(int y) {
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    return {y, (h + l - 7 * m + 114) / 31, (h + l - 7 * m + 114) % 31 + 1};
}
core::Date mondayOnOrAfter(core::Date d) {
    while (d.weekday() != 0) d = d.plusDays(1);
    return d;
}
core::Date lastMonday(int y, int m) {
    core::Date d{y, m, core::daysInMonth(y, m)};
    while (d.weekday() != 0) d = d.plusDays(-1);
    return d;
}
std::set<core::Date> expectedHolidays(int y) {
    const core::Date easter = easterSunday(y);
    std::set<core::Date> s = {easter.plusDays(-2), easter.plusDays(1), mondayOnOrAfter({y, 5, 1}), lastMonday(y, 5),
                              lastMonday(y, 8)};
    const core::Date new_year{y, 1, 1};
    s.insert(new_year.isWeekend() ? mondayOnOrAfter(new_year) : new_year);
    const core::Date xmas{y, 12, 25}, boxing{y, 12, 26};
    if (!xmas.isWeekend() && !boxing.isWeekend()) {
        s.insert(xmas);
        s.insert(boxing);
    } else if (xmas.weekday() == 5) {  // Sat: Mon 27, Tue 28
        s.insert({y, 12, 27});
        s.insert({y, 12, 28});
    } else if (xmas.weekday() == 6) {  // Sun: Boxing Mon 26, Christmas Tue 27
        s.insert({y, 12, 26});
        s.insert({y, 12, 27});
    } else {  // Fri: Boxing Day Sat -> Mon 28
        s.insert(xmas);
        s.insert({y, 12, 28});
    }
    return s;
}
}  // namespace

TEST_CASE("bank holidays 2025-2030 match the England & Wales rules", "[store][calendar]") {
    CHECK(easterSunday(2025) == core::Date{2025, 4, 20});
    CHECK(easterSunday(2027) == core::Date{2027, 3, 28});
    CHECK(easterSunday(2030) == core::Date{2030, 4, 21});
    Database db(":memory:");
    migrate(db);
    std::set<core::Date> stored;
    auto& st = db.prepare("SELECT date FROM bank_holidays");
    while (st.step()) stored.insert(*core::Date::parse(st.text(0)));
    std::set<core::Date> expected;
    for (int y = 2025; y <= 2030; ++y) expected.merge(expectedHolidays(y));
    CHECK(stored == expected);
    CHECK(stored.size() == 48);
}
