#include "vision/fusion.hpp"

#include <cmath>
#include <stdexcept>

namespace vision {
namespace {
void meanSd(const std::vector<double>& v, double& mean, double& sd) {
    if (v.size() < 2) throw std::invalid_argument("fusion needs at least two impostor distances per network");
    double s = 0, s2 = 0;
    for (double x : v) s += x;
    mean = s / static_cast<double>(v.size());
    for (double x : v) s2 += (x - mean) * (x - mean);
    sd = std::sqrt(s2 / static_cast<double>(v.size() - 1));
    if (!(sd > 0)) throw std::invalid_argument("impostor distances have no spread");
}
}  // namespace

FusionParams FusionParams::fromImpostors(const std::vector<double>& dlib, const std::vector<double>& fr,
                                         double dlib_weight) {
    FusionParams p;
    meanSd(dlib, p.dlib_mean, p.dlib_sd);
    meanSd(fr, p.fr_mean, p.fr_sd);
    p.dlib_weight = dlib_weight;
    return p;
}

}  // namespace vision
