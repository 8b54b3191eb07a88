// Bounded inputs in core (issue 11, item 8): the CSV reader's limits, the username and child
// reference rules, and what is printable on a terminal.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "kiosk/core/csv.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/core/rules.hpp"
#include "tests/support/test_support.hpp"

using namespace core;

TEST_CASE("parseCsv refuses a value, a row or a file over its limit, naming the line", "[core][bounds][csv]") {
    CsvLimits lim;
    lim.max_field_bytes = 8;
    lim.max_rows = 3;
    lim.max_fields = 4;
    CHECK(parseCsv("a,b\n12345678,x\n", lim).size() == 2);  // exactly the limit is fine
    CHECK_THROWS_WITH(parseCsv("a,b\n123456789,x\n", lim), Catch::Contains("line 2: a value is longer than 8 bytes"));
    CHECK_THROWS_WITH(parseCsv("a,b\nx,\"123\n456789\"\n", lim), Catch::Contains("line 2: a value is longer"));
    CHECK_THROWS_WITH(parseCsv("a,b\nx,123456789", lim), Catch::Contains("line 2: a value is longer"));  // at the end
    CHECK_THROWS_WITH(parseCsv("a\n,,,,\n", lim), Catch::Contains("line 2: a row has more than 4 values"));
    CHECK(parseCsv("h\n1\n2\n3\n", lim).size() == 4);
    CHECK_THROWS_WITH(parseCsv("h\n1\n2\n3\n4\n", lim), Catch::Contains("line 5: the file has more than 3 rows"));
    CHECK(parseCsv("h\n1\n\n\n2\n", lim).size() == 3);  // blank lines are not rows
}

TEST_CASE("readCsvFile reads a regular file and refuses one too large, a folder or a FIFO unread",
          "[core][bounds][csv]") {
    kiosk::test::TempDir tmp;
    const auto ok = (tmp / "ok.csv").string();
    kiosk::test::writeFile(ok, "a,b\n1,2\n");
    CHECK(readCsvFile(ok) == "a,b\n1,2\n");
    CsvLimits lim;
    lim.max_file_bytes = 4;
    CHECK_THROWS_WITH(readCsvFile(ok, lim), Catch::Contains("is too large to import"));
    CHECK_THROWS_WITH(readCsvFile(tmp.path().string()), Catch::Contains("is a directory, not a CSV file"));
    const auto fifo = (tmp / "p.csv").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(readCsvFile(fifo), Catch::Contains("is a FIFO (named pipe), not a CSV file"));
    CHECK_THROWS_WITH(readCsvFile((tmp / "none.csv").string()), Catch::Contains("cannot read"));
}

TEST_CASE("usernames are 3 to 32 of a-z, 0-9, '.', '_' and '-'", "[core][bounds][users]") {
    for (const char* good : {"abc", "j.smith", "vc_officer-2", "00x", "abcdefghijklmnopqrstuvwxyz012345"}) {
        INFO(good);
        CHECK_NOTHROW(checkUsername(good));
    }
    for (const char* bad : {"", "ab", "Admin", "jo smith", "eve\nadmin", "tab\there", "ad\xe2\x80\x8bmin" /* ZWSP */,
                            "\xd0\xb0" "dmin" /* Cyrillic a */, "abcdefghijklmnopqrstuvwxyz0123456", "a;b", "o'neil"}) {
        INFO(bad);
        CHECK_THROWS_AS(checkUsername(bad), InputError);
    }
    // The message shows the name without its control characters.
    CHECK_THROWS_WITH(checkUsername("eve\nadmin"), Catch::Contains("'eve\\x0Aadmin'"));
}

TEST_CASE("a child reference must not be digits only", "[core][bounds][children]") {
    CHECK_THROWS_WITH(checkChildRef("123"), Catch::Contains("is only digits") && Catch::Contains("C-123"));
    CHECK_THROWS_AS(checkChildRef("0"), InputError);
    for (const char* ok : {"C-123", "123A", "CS-1001", "x"}) CHECK_NOTHROW(checkChildRef(ok));
}

TEST_CASE("printableText escapes what would drive a terminal and keeps every other character", "[core][bounds][terminal]") {
    CHECK(printableText("Amy Smith") == "Amy Smith");
    CHECK(printableText("Zo\xc3\xab \xe5\xbc\xa0") == "Zo\xc3\xab \xe5\xbc\xa0");  // accents, CJK kept
    CHECK(printableText("\x1b[2Jx\x07") == "\\x1B[2Jx\\x07");
    CHECK(printableText("a\nb\tc\rd") == "a\\x0Ab\\x09c\\x0Dd");
    CHECK(printableText("a\nb\tc\r", true) == "a\nb\tc\\x0D");
    CHECK(printableText("\x7f") == "\\x7F");
    CHECK(printableText("\xc2\x9b" "31m") == "\\u009B31m");           // C1 CSI
    CHECK(printableText("evil\xe2\x80\xaetxt") == "evil\\u202Etxt");  // right-to-left override
    CHECK(printableText("a\xe2\x80\x8b" "b") == "a\\u200Bb");         // zero-width space
    CHECK(printableText("\xef\xbb\xbfx") == "\\uFEFFx");
    CHECK(printableText("\xff\xfe") == "\\xFF\\xFE");                 // not UTF-8
    CHECK(printableText("\xc0\xaf") == "\\xC0\\xAF");                 // overlong '/'
    CHECK(printableText("\xe2\x82") == "\\xE2\\x82");                 // truncated
    CHECK(printableText("\xf0\x9f\x98\x80") == "\xf0\x9f\x98\x80");   // an emoji is printable
}
