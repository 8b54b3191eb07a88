#include "kiosk/cli/eval_aggregate.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>

#include "vision/eval_metrics.hpp"
#include "vision/matcher.hpp"

namespace kiosk::cli {

nlohmann::json aggregateStudy(const std::vector<LabelledDescriptor>& faces, int k) {
    std::map<std::string, std::vector<const LabelledDescriptor*>> by_id;
    for (const auto& f : faces) by_id[f.identity].push_back(&f);
    struct Person {
        std::vector<vision::Descriptor> refs;
        vision::Descriptor centroid{};
        std::vector<const vision::Descriptor*> probes;
    };
    std::vector<Person> people;
    for (auto& [id, list] : by_id) {
        if (static_cast<int>(list.size()) <= k) continue;
        std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->path < b->path; });
        Person p;
        for (int i = 0; i < k; ++i) p.refs.push_back(list[static_cast<std::size_t>(i)]->enrol);
        for (const auto& r : p.refs)
            for (std::size_t d = 0; d < r.size(); ++d) p.centroid[d] += r[d] / static_cast<float>(k);
        for (std::size_t i = static_cast<std::size_t>(k); i < list.size(); ++i) p.probes.push_back(&list[i]->probe);
        people.push_back(std::move(p));
    }
    using Rule = std::function<double(const std::vector<double>&, double)>;  // sorted distances, centroid distance
    const std::vector<std::pair<std::string, Rule>> rules = {
        {"best", [](const auto& d, double) { return d[0]; }},
        {"mean_of_best_2", [](const auto& d, double) { return d.size() > 1 ? 0.5 * (d[0] + d[1]) : d[0]; }},
        {"mean", [](const auto& d, double) { return std::accumulate(d.begin(), d.end(), 0.0) / static_cast<double>(d.size()); }},
        {"centroid", [](const auto&, double c) { return c; }},
    };
    std::map<std::string, std::vector<double>> genuine, impostor;
    for (std::size_t a = 0; a < people.size(); ++a) {
        for (const auto* probe : people[a].probes) {
            for (std::size_t b = 0; b < people.size(); ++b) {
                std::vector<double> d;
                for (const auto& r : people[b].refs) d.push_back(vision::distance(*probe, r));
                std::sort(d.begin(), d.end());
                const double c = vision::distance(*probe, people[b].centroid);
                for (const auto& [name, rule] : rules) (a == b ? genuine : impostor)[name].push_back(rule(d, c));
            }
        }
    }
    nlohmann::json out = {{"refs_per_person", k}, {"people", people.size()}, {"rules", nlohmann::json::object()}};
    if (people.size() < 2) return out;
    for (const auto& [name, rule] : rules) {
        const auto m = vision::computeMetrics(genuine[name], impostor[name], 0.6);
        out["rules"][name] = {
            {"genuine", m.genuine},
            {"impostor", m.impostor},
            {"eer", m.eer},
            {"best_accuracy", m.best_accuracy},
            {"tar_at_fmr_1e-2", m.tar_at_fmr_1e2 ? nlohmann::json(*m.tar_at_fmr_1e2) : nlohmann::json(nullptr)},
            {"tar_at_fmr_1e-3", m.tar_at_fmr_1e3 ? nlohmann::json(*m.tar_at_fmr_1e3) : nlohmann::json(nullptr)},
        };
    }
    return out;
}

}  // namespace kiosk::cli
