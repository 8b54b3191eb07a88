// libFuzzer target: arbitrary bytes as a CSV file, parsed and imported as each of the four kinds
// into a real (in-memory) migrated SQLite database that already holds the people the demo rows
// refer to. Expected outcomes (bad rows, a missing header) are InputErrors; anything else escaping
// (another exception, a sanitizer report, a crash) is a finding.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "kiosk/core/csv.hpp"
#include "kiosk/core/errors.hpp"
#include "kiosk/core/importer.hpp"
#include "kiosk/core/records.hpp"
#include "kiosk/store/data_key.hpp"
#include "tests/store/store_fixture.hpp"

namespace {

struct Fixture {
    store::RecordsStore opened{":memory:", {store::DataKey::generate()}};
    core::Records records{opened.repo, [] { return std::string("2026-03-02T10:00:00"); }};
    core::User admin;
    Fixture() {
        records.createUserAtSetup( {0, "admin", "Admin", core::Role::Admin, true}, "x");
        admin = records.requireUser("admin");
        const auto prisoner = records.addPrisoner(admin, {0, "A1234BC", "Dan", "Smith", "pprc", "HMP Test"});
        const auto child = records.addChild(admin, {0, "CS-1", "Amy", "Smith", {2018, 4, 1}, "Jo Smith"});
        records.addArrangement(admin, kiosk::test::visitsArrangement(prisoner, child));
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One database per process; it is rebuilt after any import that committed rows so every input
    // starts from the same records (duplicates would otherwise make results depend on history).
    static std::unique_ptr<Fixture> f;
    if (!f) f = std::make_unique<Fixture>();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)core::parseCsv(text);
    } catch (const core::InputError&) {
    }
    bool committed = false;
    for (const auto kind : {core::ImportKind::Prisoners, core::ImportKind::Children, core::ImportKind::Arrangements,
                            core::ImportKind::Bookings}) {
        try {
            const auto r = core::importCsv(f->records, f->admin, kind, text);
            committed = committed || r.imported > 0;
        } catch (const core::InputError&) {
        }
    }
    if (committed) f.reset();
    return 0;
}
