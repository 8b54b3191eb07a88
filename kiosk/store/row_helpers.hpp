// Internal to kiosk_store: turning stored text back into domain values. A stored value the domain
// does not know means the file was edited behind the kiosk's back: a DatabaseCorruptError.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/domain.hpp"
#include "kiosk/store/database.hpp"
#include "kiosk/store/errors.hpp"

namespace store::detail {

template <typename T>
T enumFrom(const std::string& text, const char* what) {
    const auto v = core::parse<T>(text);
    if (!v) throw DatabaseCorruptError(std::string("unknown ") + what + " '" + text + "' in the database");
    return *v;
}

inline core::Date dateFrom(const std::string& text) {
    const auto d = core::Date::parse(text);
    if (!d) throw DatabaseCorruptError("unreadable date '" + text + "' in the database");
    return *d;
}

inline std::string str(std::string_view v) { return std::string(v); }

// The first row a query yields (statement reset for reuse), or every row, through `read`.
template <typename Row, typename Reader>
std::optional<Row> one(Statement& st, Reader read) {
    if (!st.step()) return std::nullopt;
    Row r = read(st);
    st.reset();
    return r;
}
template <typename Row, typename Reader>
std::vector<Row> all(Statement& st, Reader read) {
    std::vector<Row> rows;
    while (st.step()) rows.push_back(read(st));
    return rows;
}

// The per-image distances and quality prompts of a check or attempt, as stored (JSON text).
inline std::string distancesJson(const std::vector<core::ImageDistance>& ds) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : ds)
        out.push_back({{"image_id", d.image_id}, {"distance", d.distance ? nlohmann::json(*d.distance) : nullptr}});
    return out.dump();
}
inline std::vector<core::ImageDistance> distancesFrom(const std::string& text) {
    std::vector<core::ImageDistance> out;
    for (const auto& d : nlohmann::json::parse(text)) {
        core::ImageDistance x{d.at("image_id").get<core::Id>(), std::nullopt};
        if (!d.at("distance").is_null()) x.distance = d.at("distance").get<double>();
        out.push_back(x);
    }
    return out;
}
inline std::string issuesJson(const std::vector<std::string>& issues) { return nlohmann::json(issues).dump(); }
inline std::vector<std::string> issuesFrom(const std::string& text) {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

}  // namespace store::detail
