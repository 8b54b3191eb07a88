// kiosk eval PAIRS.csv [--root DIR] [--json] [--plot FILE.png] [--split NAME] [--fit-calibration OUT]
//
// Verification accuracy on a labelled pairs file, mirroring the kiosk: img_a goes through the
// enrolment path (approved image: CNN fallback, mirrored/jittered descriptor), img_b through the
// probe path (a captured still: HOG, CNN fallback only when HOG finds nothing). Both cores are used
// (one FaceAnalyzer per thread). Both networks describe every image; pairs are scored by the fused
// score (vision/fusion.hpp). With --fit-calibration it also fits the fusion (z-normalisation over
// every cross-identity pair, dlib's weight by accuracy on the labelled pairs), the band thresholds,
// the score -> FMR table and the band rates with 95% intervals (identity = the image's folder). It
// keeps the enrolment settings of the calibration it replaces unless told otherwise, and refuses
// fewer than 300 genuine or 300 impostor pairs unless --allow-small REASON.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <unistd.h>

#include "kiosk/cli/commands.hpp"
#include "kiosk/cli/common.hpp"
#include "kiosk/cli/eval_aggregate.hpp"
#include "kiosk/cli/eval_plot.hpp"
#include "kiosk/core/csv.hpp"
#include "vision/calibration.hpp"
#include "vision/errors.hpp"
#include "vision/eval_metrics.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/fr_embedder.hpp"
#include "vision/image_io.hpp"
#include "vision/presentation.hpp"
#include "vision/verifier.hpp"

namespace kiosk::cli {
namespace {

namespace fs = std::filesystem;

struct EvalArgs {
    std::string pairs;
    std::string root;
    std::string split;
    std::string plot;
    std::string fit_out;
    std::string face = "nearest-centre";
    int threads = 0;
    int enrol_jitter = -1;  // -1: the calibration's setting
    int limit = 0;
    int aggregate_k = 0;
    bool list_errors = false;
    std::string dump;
    bool enrol_plain = false;
    bool probe_mirror = false;
    bool json = false;
    std::string allow_small;
    bool presentation = false;
    double dlib_weight = -1;  // --dlib-weight: fixed instead of fitted
};

constexpr std::size_t kMinFitPairs = 300;

struct Pair {
    std::string a, b;
    bool same;
    int line;
};

std::vector<Pair> readPairs(const EvalArgs& args) {
    // Refused unread when not a regular file (a FIFO would block) or over the CSV size limit.
    const std::string text = core::readCsvFile(args.pairs);
    std::vector<core::CsvRow> rows;
    try {
        rows = core::parseCsv(text);
    } catch (const core::CsvError& e) {
        throw std::invalid_argument(args.pairs + ":" + std::to_string(e.line()) + ": " + e.what());
    }
    if (rows.empty()) throw std::invalid_argument(args.pairs + ": empty file (expected a header)");
    const auto& header = rows.front().fields;
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
    for (const char* need : {"img_a", "img_b", "same"})
        if (!col.count(need))
            throw std::invalid_argument(args.pairs + ": header must contain img_a,img_b,same (missing '" + need + "')");
    if (!args.split.empty() && !col.count("split"))
        throw std::invalid_argument(args.pairs + ": --split given but the file has no 'split' column");
    std::vector<Pair> pairs;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& f = rows[r].fields;
        const std::string where = args.pairs + ":" + std::to_string(rows[r].line) + ": ";
        if (f.size() < header.size())
            throw std::invalid_argument(where + "expected " + std::to_string(header.size()) + " fields, found " +
                                        std::to_string(f.size()));
        if (!args.split.empty() && f[col["split"]] != args.split) continue;
        const std::string& same = f[col["same"]];
        if (same != "0" && same != "1") throw std::invalid_argument(where + "'same' must be 0 or 1, found '" + same + "'");
        pairs.push_back({f[col["img_a"]], f[col["img_b"]], same == "1", rows[r].line});
    }
    if (args.limit > 0 && static_cast<std::size_t>(args.limit) < pairs.size()) {
        // An evenly spread sample, so a sorted file still yields both genuine and impostor pairs.
        std::vector<Pair> sample;
        for (int k = 0; k < args.limit; ++k) sample.push_back(pairs[static_cast<std::size_t>(k) * pairs.size() / static_cast<std::size_t>(args.limit)]);
        pairs = std::move(sample);
    }
    if (pairs.empty()) throw std::invalid_argument(args.pairs + ": no pairs" + (args.split.empty() ? "" : " in split '" + args.split + "'"));
    return pairs;
}

// One image through one path; descriptors computed by worker threads.
struct Job {
    std::string rel;
    bool enrol;
    std::optional<vision::Descriptor> descriptor;
    std::optional<vision::FrEmbedding> fr;
    std::optional<double> live;  // fr_liveness score of the chosen face (--presentation, probes)
    std::string problem;
    bool cnn = false;
};

// Bona-fide presentation classification error rate: the share of real faces (every image here is
// a real face photographed by a real camera) whose live score falls below each threshold.
nlohmann::json bpcerReport(const std::vector<Job>& jobs) {
    std::vector<double> live;
    for (const auto& j : jobs)
        if (j.live) live.push_back(*j.live);
    std::sort(live.begin(), live.end());
    nlohmann::json out = {{"images", live.size()}, {"note", "every image is a real face: BPCER only; APCER unmeasured"}};
    if (live.empty()) return out;
    nlohmann::json at = nlohmann::json::object();
    for (double t : {0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9}) {
        const long k = static_cast<long>(std::lower_bound(live.begin(), live.end(), t) - live.begin());
        const auto r = vision::Rate::of(k, static_cast<long>(live.size()));
        char key[16];
        std::snprintf(key, sizeof key, "%g", t);
        at[key] = {{"bpcer", r.value}, {"ci95", {r.lo, r.hi}}, {"rejected", k}};
    }
    out["bpcer_at_threshold"] = at;
    out["min_live_score"] = live.front();
    out["p01_live_score"] = live[live.size() / 100];
    out["median_live_score"] = live[live.size() / 2];
    return out;
}

// Both networks' distances of one pair.
struct TwoDistances {
    double dlib, fr;
};
TwoDistances distances(const Job& a, const Job& b) {
    return {vision::distance(*a.descriptor, *b.descriptor), vision::cosineDistance(*a.fr, *b.fr)};
}

void runJobs(std::vector<Job>& jobs, const fs::path& root, const vision::ModelPaths& models, int threads,
             int jitter, bool enrol_average, bool probe_mirror, vision::FaceChoice choice, bool quiet,
             bool presentation) {
    std::atomic<std::size_t> next{0}, done{0};
    std::vector<std::thread> pool;
    std::mutex err_mutex;
    std::exception_ptr fatal;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            try {
                vision::FaceAnalyzer analyzer(models);  // dlib objects are per thread
                std::optional<vision::PresentationChecker> pad;
                if (presentation) pad.emplace(models.frLiveness());
                for (std::size_t k; (k = next++) < jobs.size(); ++done) {
                    Job& job = jobs[k];
                    try {
                        const cv::Mat img = vision::loadImage(root / job.rel);
                        // Exactly as the kiosk: approved images enrolled, probes verified as stills.
                        vision::AnalyzeOptions opts = vision::probeOptions(vision::ProbeKind::Still);
                        if (job.enrol) opts.path = vision::Path::Enrolment;
                        opts.choice = choice;
                        opts.enrol_jitter = jitter;
                        opts.enrol_average = enrol_average;
                        opts.probe_mirror = probe_mirror;
                        opts.concurrent = false;  // the pool already keeps every core busy
                        const auto a = analyzer.analyze(img, opts);
                        if (a.descriptor && a.fr) job.descriptor = a.descriptor, job.fr = a.fr;
                        if (pad && !job.enrol && a.hasFace()) {
                            const auto& f = *a.chosenFace();
                            if (f.fr_box.area() > 0) job.live = pad->liveScore(img, f.fr_box);
                        }
                        job.cnn = a.used_cnn_fallback;
                        if (!a.hasFace()) job.problem = "no face found";
                    } catch (const vision::ImageLoadError& e) {
                        job.problem = e.what();
                    }
                }
            } catch (...) {
                std::lock_guard lock(err_mutex);
                fatal = std::current_exception();
                next = jobs.size();
            }
        });
    }
    const auto t0 = std::chrono::steady_clock::now();
    while (done < jobs.size() && !fatal) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        if (quiet) continue;
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const std::size_t d = done;
        if (d == 0) continue;
        std::fprintf(stderr, "\reval: %zu/%zu images (%d%%), %.0f s elapsed, ~%.0f s left   ", d, jobs.size(),
                     static_cast<int>(100 * d / jobs.size()), s, s / static_cast<double>(d) * static_cast<double>(jobs.size() - d));
    }
    for (auto& th : pool) th.join();
    if (!quiet) std::fprintf(stderr, "\n");
    if (fatal) std::rethrow_exception(fatal);
}

std::string identityOf(const std::string& rel) { return fs::path(rel).parent_path().filename().string(); }

nlohmann::json optionalNumber(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

int run(const EvalArgs& args, const GlobalOptions& global, const std::string& command_line) {
    const auto models = vision::ModelPaths::locate(global.models_dir);
    models.require(false, true);
    const bool fitting = !args.fit_out.empty();
    std::optional<vision::Calibration> calib;
    if (!fitting) calib = vision::Calibration::load(vision::Calibration::defaultFile(models.dir));
    // Fitting keeps the enrolment settings of the calibration it replaces (the file written, else
    // the installed one): thresholds fitted on other settings would not describe the kiosk.
    std::optional<vision::Calibration> replaced;
    if (fitting) {
        for (const fs::path& f : {fs::path(args.fit_out), vision::Calibration::defaultFile(models.dir)}) {
            std::error_code ec;
            if (!fs::exists(f, ec)) continue;
            try {
                replaced = vision::Calibration::loadSettingsOnly(f);
                break;
            } catch (const vision::ModelMissingError&) {
            }
        }
    }
    const int jitter = args.enrol_jitter >= 0 ? args.enrol_jitter
                       : calib                ? calib->enrol_jitter
                       : replaced             ? replaced->enrol_jitter
                                              : 0;
    const vision::FaceChoice choice =
        args.face == "largest" ? vision::FaceChoice::Largest : vision::FaceChoice::NearestCentre;

    const auto pairs = readPairs(args);
    const fs::path root = args.root.empty() ? fs::path(args.pairs).parent_path() : fs::path(args.root);

    // Unique (image, path) jobs. Fitting needs both paths for every image (cross-identity impostors).
    std::map<std::pair<std::string, bool>, std::size_t> index;
    std::vector<Job> jobs;
    auto want = [&](const std::string& rel, bool enrol) {
        if (index.emplace(std::make_pair(rel, enrol), jobs.size()).second) jobs.push_back({rel, enrol, {}, {}, {}, {}, false});
    };
    for (const auto& p : pairs) {
        want(p.a, true);
        want(p.b, false);
        // The aggregate study and the dump need both paths for every image. Fitting does not: its
        // cross-identity impostors pair every approved-side image with every probe-side image of
        // another person, as the kiosk compares them (and it halves the work of a fit).
        if (args.aggregate_k > 0 || !args.dump.empty()) want(p.a, false), want(p.b, true);
    }
    const int threads = args.threads > 0 ? args.threads : std::max(1u, std::thread::hardware_concurrency());
    const auto t0 = std::chrono::steady_clock::now();
    runJobs(jobs, root, models, threads, jitter, !args.enrol_plain, args.probe_mirror, choice, args.json && !isatty(2),
            args.presentation);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    if (!args.dump.empty()) {
        // Every descriptor on both paths, for analysis outside the kiosk (one CSV row each).
        std::ofstream out(args.dump);
        if (!out) throw std::invalid_argument("cannot write " + args.dump);
        out << "image,path,identity,descriptor\n";
        for (const auto& job : jobs) {
            if (!job.descriptor) continue;
            out << job.rel << ',' << (job.enrol ? "enrol" : "probe") << ',' << identityOf(job.rel) << ",\"";
            for (std::size_t i = 0; i < job.descriptor->size(); ++i) out << (i ? " " : "") << (*job.descriptor)[i];
            out << "\"\n";
        }
    }

    std::set<std::string> failed_images;
    int failed_pairs = 0, cnn_used = 0;
    for (const auto& j : jobs) {
        if (!j.problem.empty()) failed_images.insert(j.rel + ": " + j.problem);
        cnn_used += j.cnn;
    }
    std::vector<std::pair<const Pair*, TwoDistances>> acquired;
    for (const auto& p : pairs) {
        const auto& a = jobs[index.at({p.a, true})];
        const auto& b = jobs[index.at({p.b, false})];
        if (!a.descriptor || !b.descriptor) {
            ++failed_pairs;
            continue;
        }
        acquired.emplace_back(&p, distances(a, b));
    }
    auto split = [&](auto score) {
        std::pair<std::vector<double>, std::vector<double>> gi;
        for (const auto& [p, d] : acquired) (p->same ? gi.first : gi.second).push_back(score(d));
        return gi;
    };
    {
        const auto [g, i] = split([](const TwoDistances& d) { return d.dlib; });
        if (g.empty() || i.empty()) throw std::invalid_argument("need at least one acquired genuine and one impostor pair");
        if (fitting && (g.size() < kMinFitPairs || i.size() < kMinFitPairs) && args.allow_small.empty())
            throw std::invalid_argument(
                "refusing to fit a calibration on " + std::to_string(g.size()) + " genuine and " + std::to_string(i.size()) +
                " impostor pairs: at least " + std::to_string(kMinFitPairs) +
                " of each are needed for rates worth printing (override with --allow-small REASON)");
    }
    nlohmann::json per_network = nlohmann::json::object();
    for (const auto& [name, pick] : {std::pair<const char*, double (*)(const TwoDistances&)>{"dlib", [](const TwoDistances& d) { return d.dlib; }},
                                     std::pair<const char*, double (*)(const TwoDistances&)>{"fr_feature", [](const TwoDistances& d) { return d.fr; }}}) {
        const auto [g, i] = split(pick);
        const auto mm = vision::computeMetrics(g, i, 0.5);
        per_network[name] = {{"best_accuracy", mm.best_accuracy}, {"best_accuracy_threshold", mm.best_accuracy_threshold},
                             {"eer", mm.eer}};
    }

    if (fitting) {
        // Every cross-identity pair (approved image of one person, probe of another): the FMR table.
        std::vector<const Job*> enrolled, probes;
        for (const auto& j : jobs)
            if (j.descriptor) (j.enrol ? enrolled : probes).push_back(&j);
        std::vector<float> imp_dlib, imp_fr;
        for (const Job* a : enrolled)
            for (const Job* b : probes)
                if (identityOf(a->rel) != identityOf(b->rel)) {
                    const auto d = distances(*a, *b);
                    imp_dlib.push_back(static_cast<float>(d.dlib));
                    imp_fr.push_back(static_cast<float>(d.fr));
                }
        if (imp_dlib.size() < 2) throw std::invalid_argument("too few cross-identity pairs to fit a calibration");
        auto meanSd = [](const std::vector<float>& v, double& mean, double& sd) {
            double s = 0, s2 = 0;
            for (float x : v) s += x;
            mean = s / static_cast<double>(v.size());
            for (float x : v) s2 += (x - mean) * (x - mean);
            sd = std::sqrt(s2 / static_cast<double>(v.size() - 1));
        };
        vision::FusionParams fusion;
        meanSd(imp_dlib, fusion.dlib_mean, fusion.dlib_sd);
        meanSd(imp_fr, fusion.fr_mean, fusion.fr_sd);
        // dlib's weight: best accuracy on the labelled pairs over 0.40..0.70 (ties: nearest 0.55).
        double best_w = 0.55, best_acc = -1;
        if (args.dlib_weight >= 0) {
            best_w = args.dlib_weight;
        } else {
            for (int k = 0; k <= 30; ++k) {
                fusion.dlib_weight = 0.40 + 0.01 * k;
                const auto [g, i] = split([&](const TwoDistances& d) { return fusion.score(d.dlib, d.fr); });
                const double acc = vision::computeMetrics(g, i, 0.0).best_accuracy;
                if (acc > best_acc + 1e-12 || (std::abs(acc - best_acc) <= 1e-12 && std::abs(fusion.dlib_weight - 0.55) < std::abs(best_w - 0.55)))
                    best_acc = acc, best_w = fusion.dlib_weight;
            }
        }
        fusion.dlib_weight = best_w;
        std::vector<double> impostor_all(imp_dlib.size());
        for (std::size_t k = 0; k < imp_dlib.size(); ++k) impostor_all[k] = fusion.score(imp_dlib[k], imp_fr[k]);
        std::vector<float>().swap(imp_dlib);
        std::vector<float>().swap(imp_fr);
        const auto [g, i] = split([&](const TwoDistances& d) { return fusion.score(d.dlib, d.fr); });
        auto fitted = vision::Calibration::fit(g, i, impostor_all);
        fitted.fusion = fusion;
        fitted.models = vision::scoringModelDigests();
        {
            const auto [gd, id] = split([](const TwoDistances& d) { return d.dlib; });
            fitted.dlib_possible_below = std::round(vision::computeMetrics(gd, id, 0.6).best_accuracy_threshold * 1000.0) / 1000.0;
        }
        if (replaced) fitted.target_strong_fmr = replaced->target_strong_fmr > 0 ? replaced->target_strong_fmr : 1e-3;
        fitted.enrol_jitter = jitter;
        fitted.dataset = args.pairs + (args.split.empty() ? "" : " split=" + args.split) +
                         (args.allow_small.empty() ? "" : " (small sample allowed: " + args.allow_small + ")");
        fitted.command = command_line;
        fitted.save(args.fit_out);
        calib = fitted;
        if (!args.json)
            std::printf("calibration written to %s: dlib weight %.2f, strong < %.3f (FMR <= %g over %ld cross-identity pairs), possible < %.3f\n",
                        args.fit_out.c_str(), fusion.dlib_weight, fitted.bands.strong_below, fitted.target_strong_fmr,
                        fitted.impostor_pairs, fitted.bands.possible_below);
    }

    std::vector<double> genuine, impostor;
    std::vector<std::pair<const Pair*, double>> scored;
    for (const auto& [p, d] : acquired) {
        const double f = calib->fusion.score(d.dlib, d.fr);
        (p->same ? genuine : impostor).push_back(f);
        scored.emplace_back(p, f);
    }

    const auto m = vision::computeMetrics(genuine, impostor, calib->bands.possible_below);
    const double fta_images = static_cast<double>(failed_images.size()) / static_cast<double>(jobs.size());
    const auto acc_ci = vision::Rate::of(std::lround(m.accuracy_at_threshold * static_cast<double>(genuine.size() + impostor.size())),
                                         static_cast<long>(genuine.size() + impostor.size()));
    const double acc_with_fta =
        m.accuracy_at_threshold * static_cast<double>(genuine.size() + impostor.size()) / static_cast<double>(pairs.size());

    nlohmann::json j = {
        {"pairs_file", args.pairs},
        {"split", args.split.empty() ? nlohmann::json(nullptr) : nlohmann::json(args.split)},
        {"pairs", pairs.size()},
        {"genuine_pairs", genuine.size()},
        {"impostor_pairs", impostor.size()},
        {"failed_to_acquire", {{"pairs", failed_pairs}, {"images", failed_images.size()}, {"image_rate", fta_images},
                               {"examples", std::vector<std::string>(failed_images.begin(),
                                                                     std::next(failed_images.begin(), std::min<long>(10, static_cast<long>(failed_images.size()))))}}},
        {"cnn_fallbacks", cnn_used},
        {"threshold", m.threshold},
        {"accuracy_at_threshold", m.accuracy_at_threshold},
        {"accuracy_counting_fta_as_errors", acc_with_fta},
        {"tar_at_threshold", m.tar_at_threshold},
        {"fmr_at_threshold", m.fmr_at_threshold},
        {"eer", m.eer},
        {"eer_threshold", m.eer_threshold},
        {"best_accuracy", m.best_accuracy},
        {"best_accuracy_threshold", m.best_accuracy_threshold},
        {"tar_at_fmr_1e-2", optionalNumber(m.tar_at_fmr_1e2)},
        {"tar_at_fmr_1e-3", optionalNumber(m.tar_at_fmr_1e3)},
        {"bands", {{"strong_below", calib->bands.strong_below}, {"possible_below", calib->bands.possible_below}}},
        {"score", "fused"},
        {"fusion", {{"dlib_weight", calib->fusion.dlib_weight}, {"dlib_mean", calib->fusion.dlib_mean}, {"dlib_sd", calib->fusion.dlib_sd},
                    {"fr_mean", calib->fusion.fr_mean}, {"fr_sd", calib->fusion.fr_sd}}},
        {"per_network", per_network},
        {"accuracy_ci95", {acc_ci.lo, acc_ci.hi}},
        {"enrol_jitter", jitter},
        {"enrol_averaging", !args.enrol_plain},
        {"face_choice", args.face},
        {"threads", threads},
        {"seconds", seconds},
    };
    if (args.presentation) {
        j["presentation"] = bpcerReport(jobs);
        if (!args.json) std::printf("presentation check on the probes (real faces):\n%s\n", j["presentation"].dump(2).c_str());
    }
    if (fitting) {
        auto rate = [](const vision::Rate& r) {
            return nlohmann::json{{"value", r.value}, {"ci95", {r.lo, r.hi}}, {"k", r.k}, {"n", r.n}};
        };
        j["fitted_rates"] = {{"fmr_at_strong", rate(calib->strong_fmr)}, {"fmr_at_possible", rate(calib->possible_fmr)},
                             {"tar_at_strong (TAR at FMR 1e-3 over cross-identity pairs)", rate(calib->strong_tar)},
                             {"tar_at_possible", rate(calib->possible_tar)}};
        if (!args.json)
            for (const auto& [k, v] : j["fitted_rates"].items())
                std::printf("  fitted %-56s %.6f  95%% CI [%.6f, %.6f]  (%ld / %ld)\n", k.c_str(), v["value"].get<double>(),
                            v["ci95"][0].get<double>(), v["ci95"][1].get<double>(), v["k"].get<long>(), v["n"].get<long>());
    }
    if (args.list_errors) {
        // The pairs the threshold in use gets wrong, worst first: what to look at when accuracy drops.
        std::vector<std::pair<const Pair*, double>> wrong;
        for (const auto& s : scored)
            if ((s.second < m.threshold) != s.first->same) wrong.push_back(s);
        std::sort(wrong.begin(), wrong.end(), [&](const auto& x, const auto& y) {
            return std::abs(x.second - m.threshold) > std::abs(y.second - m.threshold);
        });
        auto& out = j["errors"] = nlohmann::json::array();
        for (const auto& [p, d] : wrong)
            out.push_back({{"line", p->line}, {"img_a", p->a}, {"img_b", p->b}, {"same", p->same}, {"distance", d}});
        if (!args.json) {
            std::printf("pairs wrong at threshold %.3f (%zu), worst first:\n", m.threshold, wrong.size());
            for (const auto& [p, d] : wrong)
                std::printf("  line %d %s %.3f  %s  %s\n", p->line, p->same ? "genuine " : "impostor", d, shown(p->a).c_str(), shown(p->b).c_str());
        }
    }
    if (args.aggregate_k > 0) {
        // Every image was described on both paths; keep those where both found a face.
        std::map<std::string, std::pair<LabelledDescriptor, int>> faces;  // int: paths described
        for (const auto& job : jobs) {
            if (!job.descriptor) continue;
            auto& [f, paths] = faces[job.rel];
            f.identity = identityOf(job.rel);
            f.path = job.rel;
            (job.enrol ? f.enrol : f.probe) = *job.descriptor;
            ++paths;
        }
        std::vector<LabelledDescriptor> complete;
        for (const auto& [rel, entry] : faces)
            if (entry.second == 2) complete.push_back(entry.first);
        j["aggregate_study"] = aggregateStudy(complete, args.aggregate_k);
        if (!args.json) std::printf("aggregate study (%d approved images each):\n%s\n", args.aggregate_k,
                                    j["aggregate_study"].dump(2).c_str());
    }
    if (!args.plot.empty()) {
        writeEvalPlot(args.plot, m, genuine, impostor, calib->bands,
                      "kiosk eval " + fs::path(args.pairs).filename().string() +
                          (args.split.empty() ? "" : " (" + args.split + ")") + ": " + std::to_string(pairs.size()) + " pairs");
        j["plot"] = args.plot;
    }
    if (args.json) {
        printJson(j);
        return kOk;
    }
    std::printf("kiosk eval: %zu pairs (%zu genuine, %zu impostor acquired) in %.0f s on %d threads\n", pairs.size(),
                genuine.size(), impostor.size(), seconds, threads);
    std::printf("  failed to acquire      %zu of %zu images (%.2f%%), %d pairs; CNN fallback used %d times\n",
                failed_images.size(), jobs.size(), 100.0 * fta_images, failed_pairs, cnn_used);
    std::printf("  threshold in use       %.3f (possible_match below it; strong_match below %.3f)\n", m.threshold,
                calib->bands.strong_below);
    std::printf("  accuracy at threshold  %.2f%%  (95%% CI %.2f-%.2f%%; %.2f%% counting failures to acquire as errors)\n",
                100.0 * m.accuracy_at_threshold, 100.0 * acc_ci.lo, 100.0 * acc_ci.hi, 100.0 * acc_with_fta);
    std::printf("  score                  fused, dlib weight %.2f (alone: dlib best %.2f%%, fr_feature best %.2f%%)\n",
                calib->fusion.dlib_weight, 100.0 * per_network["dlib"]["best_accuracy"].get<double>(),
                100.0 * per_network["fr_feature"]["best_accuracy"].get<double>());
    std::printf("  TAR / FMR at threshold %.2f%% / %.2f%%\n", 100.0 * m.tar_at_threshold, 100.0 * m.fmr_at_threshold);
    std::printf("  EER                    %.2f%% (at %.3f)\n", 100.0 * m.eer, m.eer_threshold);
    for (const auto& [label, v] : {std::pair{"1e-2", m.tar_at_fmr_1e2}, std::pair{"1e-3", m.tar_at_fmr_1e3}}) {
        if (v)
            std::printf("  TAR at FMR %s        %.2f%%\n", label, 100.0 * *v);
        else
            std::printf("  TAR at FMR %s        n/a (too few impostor pairs to resolve it)\n", label);
    }
    if (!args.plot.empty()) std::printf("  plot                   %s\n", args.plot.c_str());
    return kOk;
}

}  // namespace

void registerEval(CLI::App& app, GlobalOptions& global, int& exit_code) {
    auto args = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand("eval", "Measure verification accuracy on a labelled pairs CSV");
    cmd->add_option("pairs", args->pairs, "CSV with a header containing img_a,img_b,same")->required();
    cmd->add_option("--root", args->root, "Folder the image paths are relative to (default: the CSV's folder)");
    cmd->add_option("--split", args->split, "Only rows whose 'split' column equals this (e.g. devtrain)");
    cmd->add_option("--plot", args->plot, "Write the ROC curve and distance histograms to this PNG");
    cmd->add_option("--fit-calibration", args->fit_out,
                    "Fit band thresholds and the FMR table on these pairs and write them (JSON) here");
    cmd->add_option("--face", args->face, "Which face of a multi-face image is labelled")
        ->check(CLI::IsMember({"nearest-centre", "largest"}))->capture_default_str();
    cmd->add_option("--threads", args->threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 256));
    cmd->add_option("--enrol-jitter", args->enrol_jitter, "Extra jittered crops averaged at enrolment (default: calibration's)")
        ->check(CLI::Range(-1, 100));
    cmd->add_option("--aggregate-study", args->aggregate_k,
                    "Also compare rules for combining K approved images per person (best, mean of best 2, mean, centroid)")
        ->check(CLI::Range(0, 50));
    cmd->add_option("--dump-descriptors", args->dump, "Write every image's descriptor on both paths to this CSV (analysis)");
    cmd->add_flag("--errors", args->list_errors, "List the pairs wrong at the threshold in use, worst first");
    cmd->add_flag("--probe-mirror", args->probe_mirror, "Also average each probe with its mirror image (measurement)");
    cmd->add_flag("--enrol-plain", args->enrol_plain,
                  "Describe approved images exactly as probes (no mirror/jitter averaging), to measure what it buys");
    cmd->add_option("--allow-small", args->allow_small,
                    "Fit even with fewer than 300 genuine or 300 impostor pairs; the REASON is written into the calibration");
    cmd->add_flag("--presentation", args->presentation,
                  "Also run the photo/screen check on every probe and report its bona-fide rejection rate (BPCER)");
    cmd->add_option("--dlib-weight", args->dlib_weight, "Fix dlib's weight in the fused score instead of fitting it (0..1)")
        ->check(CLI::Range(0.0, 1.0));
    cmd->add_option("--limit", args->limit, "Use only N pairs spread evenly through the file (after --split)")
        ->check(CLI::Range(0, 10'000'000));
    cmd->add_flag("--json", args->json, "Print one JSON document instead of text");
    cmd->footer("Exit status: 0 figures produced, 2 bad input or usage, 3 models or calibration missing.");
    cmd->callback([args, &global, &exit_code] {
        exit_code = guarded("eval", [&] { return run(*args, global, global.command_line); });
    });
}

}  // namespace kiosk::cli
