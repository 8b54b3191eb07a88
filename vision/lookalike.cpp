#include "vision/lookalike.hpp"

#include <algorithm>
#include <cmath>

namespace vision {
namespace {

// Squared distance with 8 independent partial sums, which the compiler vectorises without
// -ffast-math (no reassociation of a single running sum is needed).
float squaredDistance(const float* a, const float* b) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < kDescriptorSize; i += 8)
        for (int j = 0; j < 8; ++j) {
            const float d = a[i + j] - b[i + j];
            acc[j] += d * d;
        }
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

}  // namespace

void DescriptorIndex::reserve(std::size_t n) {
    labels_.reserve(n);
    data_.reserve(n * kDescriptorSize);
}

void DescriptorIndex::add(std::string label, const Descriptor& d) {
    labels_.push_back(std::move(label));
    data_.insert(data_.end(), d.begin(), d.end());
}

std::vector<DescriptorIndex::Hit> DescriptorIndex::nearest(const Descriptor& probe, std::size_t k) const {
    k = std::min(k, size());
    std::vector<std::pair<float, std::size_t>> best;  // max-heap of the k nearest so far
    best.reserve(k + 1);
    for (std::size_t i = 0; i < size() && k > 0; ++i) {
        const float d2 = squaredDistance(probe.data(), &data_[i * kDescriptorSize]);
        if (best.size() < k) {
            best.emplace_back(d2, i);
            std::push_heap(best.begin(), best.end());
        } else if (d2 < best.front().first) {
            std::pop_heap(best.begin(), best.end());
            best.back() = {d2, i};
            std::push_heap(best.begin(), best.end());
        }
    }
    std::sort_heap(best.begin(), best.end());
    std::vector<Hit> hits;
    for (const auto& [d2, i] : best) hits.push_back({i, std::sqrt(static_cast<double>(d2))});
    return hits;
}

std::vector<Lookalike> findLookalikes(const Descriptor& probe, double approved_best, const DescriptorIndex& others,
                                      double match_threshold, double margin, std::size_t k) {
    std::vector<Lookalike> out;
    for (const auto& hit : others.nearest(probe, k)) {
        if (hit.distance >= match_threshold || hit.distance > approved_best + margin) continue;
        out.push_back({others.label(hit.index), hit.distance, hit.distance < approved_best});
    }
    return out;
}

}  // namespace vision
