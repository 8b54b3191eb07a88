#include "kiosk/cli/common.hpp"

#include <iostream>

#include "vision/errors.hpp"

namespace kiosk::cli {

int guarded(const std::string& command, const std::function<int()>& body) {
    try {
        return body();
    } catch (const vision::ModelMissingError& e) {
        std::cerr << "kiosk " << command << ": " << e.what() << "\n";
        return kModelsMissing;
    } catch (const vision::ImageLoadError& e) {
        std::cerr << "kiosk " << command << ": cannot use image " << e.what() << "\n";
        return kBadInput;
    } catch (const std::invalid_argument& e) {
        std::cerr << "kiosk " << command << ": " << e.what() << "\n";
        return kBadInput;
    } catch (const std::exception& e) {
        std::cerr << "kiosk " << command << ": error: " << e.what() << "\n";
        return kFailure;
    }
}

void printJson(const nlohmann::json& j) { std::cout << j.dump(2) << std::endl; }

}  // namespace kiosk::cli
