// The on-screen keyboard's editing rules (kiosk/ui/text_edit.hpp): never overflow the field's
// buffer, always NUL-terminated, backspace removes a whole UTF-8 character.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <string>

#include "kiosk/ui/text_edit.hpp"

using kiosk::ui::applyEditKey;
using kiosk::ui::EditKey;

TEST_CASE("typing appends characters and space to the end of the text", "[ui][keyboard]") {
    std::array<char, 16> buf{};
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::insert("P")));
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::insert("a")));
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::space()));
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::insert("/:@")));
    CHECK(std::string(buf.data()) == "Pa /:@");
}

TEST_CASE("an insert that would not fit leaves the text as it was", "[ui][keyboard]") {
    std::array<char, 4> buf{};  // three characters and the NUL
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::insert("ab")));
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::insert("c")));
    CHECK(std::string(buf.data()) == "abc");
    CHECK_FALSE(applyEditKey(buf.data(), buf.size(), EditKey::insert("d")));
    CHECK(std::string(buf.data()) == "abc");
    CHECK(buf[3] == '\0');

    SECTION("a multi-byte character is inserted whole or not at all") {
        std::array<char, 4> two{};
        CHECK(applyEditKey(two.data(), two.size(), EditKey::insert("a")));
        CHECK_FALSE(applyEditKey(two.data(), two.size(), EditKey::insert("\u20AC")));  // 3 bytes, 2 free
        CHECK(std::string(two.data()) == "a");
        CHECK(applyEditKey(two.data(), two.size(), EditKey::insert("\u00E9")));  // 2 bytes fit exactly
        CHECK(std::string(two.data()) == "a\u00E9");
    }
    SECTION("a one-byte buffer holds only the NUL") {
        char one[1] = {'\0'};
        CHECK_FALSE(applyEditKey(one, 1, EditKey::insert("x")));
        CHECK(one[0] == '\0');
    }
}

TEST_CASE("backspace removes one whole UTF-8 character", "[ui][keyboard]") {
    std::array<char, 32> buf{};
    std::strcpy(buf.data(), "Zo\u00EB \u2713\xF0\x9F\x98\x80");  // 2-, 3- and 4-byte characters
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::backspace()));
    CHECK(std::string(buf.data()) == "Zo\u00EB \u2713");
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::backspace()));
    CHECK(std::string(buf.data()) == "Zo\u00EB ");
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::backspace()));
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::backspace()));
    CHECK(std::string(buf.data()) == "Zo");
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::backspace()));
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::backspace()));
    CHECK(std::string(buf.data()).empty());
    CHECK_FALSE(applyEditKey(buf.data(), buf.size(), EditKey::backspace()));
    CHECK(buf[0] == '\0');
}

TEST_CASE("clear empties the text and reports whether anything changed", "[ui][keyboard]") {
    std::array<char, 8> buf{};
    std::strcpy(buf.data(), "abc");
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::clear()));
    CHECK(buf[0] == '\0');
    CHECK_FALSE(applyEditKey(buf.data(), buf.size(), EditKey::clear()));
}

TEST_CASE("a buffer without a terminating NUL is repaired, never read past its end", "[ui][keyboard]") {
    std::array<char, 5> buf{'a', 'b', 'c', 'd', 'e'};
    CHECK(applyEditKey(buf.data(), buf.size(), EditKey::insert("x")));  // repaired: changed, though x does not fit
    CHECK(std::string(buf.data()) == "abcd");
    SECTION("and half a character is not left at the cut") {
        std::array<char, 4> cut{'a', 'b', '\xC3', '\xA9'};  // "ab" then é, no room for the NUL
        applyEditKey(cut.data(), cut.size(), EditKey::backspace());
        CHECK(std::string(cut.data()) == "a");
    }
}

TEST_CASE("empty or NUL-containing inserts are refused", "[ui][keyboard]") {
    std::array<char, 8> buf{};
    CHECK_FALSE(applyEditKey(buf.data(), buf.size(), EditKey::insert("")));
    CHECK_FALSE(applyEditKey(buf.data(), buf.size(), EditKey::insert(std::string_view("a\0b", 3))));
    CHECK(buf[0] == '\0');
}
