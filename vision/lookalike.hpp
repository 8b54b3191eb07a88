// Look-alike check: is the probe as close (or closer) to another child on file — a sibling not
// approved for this prisoner, say — as to the approved child? Siblings matched as one person is a
// real failure of face matchers, so the officer must be told which child and how close.
//
// DescriptorIndex is a flat, contiguous store searched by brute force: 100,000 descriptors take a
// few milliseconds (measured by `kiosk bench`), which is simpler and exact compared with an ANN index.
// Thread safety: const methods may run concurrently; add() needs exclusive access.
#pragma once

#include <string>
#include <vector>

#include "vision/types.hpp"

namespace vision {

class DescriptorIndex {
public:
    void reserve(std::size_t n);
    void add(std::string label, const Descriptor& d);
    std::size_t size() const { return labels_.size(); }
    const std::string& label(std::size_t i) const { return labels_[i]; }

    struct Hit {
        std::size_t index;
        double distance;
    };
    // The k nearest entries, closest first.
    std::vector<Hit> nearest(const Descriptor& probe, std::size_t k) const;

private:
    std::vector<std::string> labels_;
    std::vector<float> data_;  // size() x kDescriptorSize, row-major
};

struct Lookalike {
    std::string label;
    double distance;
    bool closer_than_approved;  // the probe is nearer this child than any approved image
};

// Flags every other child whose distance is below `match_threshold` and no more than `margin`
// above the approved child's best distance (or below it). Closest first.
std::vector<Lookalike> findLookalikes(const Descriptor& probe, double approved_best, const DescriptorIndex& others,
                                      double match_threshold, double margin = 0.05, std::size_t k = 5);

}  // namespace vision
