#include "kiosk/cli/common.hpp"

#include <iostream>

#include "kiosk/core/errors.hpp"
#include "kiosk/core/permissions.hpp"
#include "kiosk/core/rules.hpp"
#include "kiosk/store/errors.hpp"
#include "vision/errors.hpp"

namespace kiosk::cli {

int guarded(const std::string& command, const std::function<int()>& body) {
    try {
        return body();
    } catch (const vision::ModelMissingError& e) {
        std::cerr << "kiosk " << command << ": " << shown(e.what(), true) << "\n";
        return kModelsMissing;
    } catch (const vision::ImageLoadError& e) {
        std::cerr << "kiosk " << command << ": cannot use image " << shown(e.what(), true) << "\n";
        return kBadInput;
    } catch (const core::RuleRefusal& e) {
        // A rule refused a well-formed request (nothing recorded): say why, in its words.
        std::cerr << "kiosk " << command << ": refused: " << shown(e.what(), true) << "\n";
        return kFailure;
    } catch (const core::PermissionError& e) {
        // Refused by the role table in core (and audited there): the request was not allowed.
        std::cerr << "kiosk " << command << ": not allowed: " << shown(e.what(), true) << "\n";
        return kBadInput;
    } catch (const std::invalid_argument& e) {
        std::cerr << "kiosk " << command << ": " << shown(e.what(), true) << "\n";
        return kBadInput;
    } catch (const store::ConstraintError& e) {
        // A write the schema's rules refused (duplicate, unknown reference): the input was wrong.
        std::cerr << "kiosk " << command << ": refused by the database: " << shown(e.what(), true) << "\n";
        return kBadInput;
    } catch (const store::SealedBlobError& e) {
        // The check cannot assess the child: an approved image does not open where it is stored.
        // The store has audited it; the officer follows the paper procedure and re-enrols.
        std::cerr << "kiosk " << command << ": cannot_assess: " << shown(e.what(), true) << "\n";
        return kFailure;
    } catch (const store::IntegrityError& e) {
        // Fail closed: nothing is recorded from records that may have been edited.
        std::cerr << "kiosk " << command << ": " << shown(e.what(), true) << "\n";
        return kFailure;
    } catch (const store::UpgradeNeededError& e) {
        std::cerr << "kiosk " << command << ": " << shown(e.what(), true) << "\n";
        return kFailure;
    } catch (const store::DatabaseOpenError& e) {
        std::cerr << "kiosk " << command << ": " << shown(e.what(), true) << "\n";
        return kBadInput;
    } catch (const store::DatabaseError& e) {
        // Locked, corrupt, or newer schema: the message says which and what to do.
        std::cerr << "kiosk " << command << ": database error: " << shown(e.what(), true) << "\n";
        return kFailure;
    } catch (const std::exception& e) {
        std::cerr << "kiosk " << command << ": error: " << shown(e.what(), true) << "\n";
        return kFailure;
    }
}

std::string shown(std::string_view text, bool keep_newlines) { return core::printableText(text, keep_newlines); }

void printJson(const nlohmann::json& j) { std::cout << j.dump(2) << std::endl; }

}  // namespace kiosk::cli
