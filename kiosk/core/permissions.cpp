#include "kiosk/core/permissions.hpp"

namespace core {
namespace {

std::string_view roleWithArticle(Role r) {
    switch (r) {
    case Role::VisitsOfficer: return "a visits officer";
    case Role::VideoCallOfficer: return "a video-call officer";
    case Role::SafeguardingLead: return "a safeguarding lead";
    case Role::Admin: return "an administrator";
    case Role::DutyGovernor: return "a duty governor";
    case Role::OmuManager: return "a probation OMU manager";
    case Role::BookingSystem: return "the booking system";
    }
    return "";
}

}  // namespace

const std::vector<OperationRule>& operationTable() {
    static const std::vector<OperationRule> table = {
#define KIOSK_OPERATION_ROW(name, what, roles, why) {Operation::name, #name, what, roles, why},
        KIOSK_OPERATIONS(KIOSK_OPERATION_ROW)
#undef KIOSK_OPERATION_ROW
    };
    return table;
}

const OperationRule& ruleOf(Operation op) { return operationTable().at(static_cast<std::size_t>(op)); }

bool allowed(Role role, Operation op) { return (ruleOf(op).roles >> static_cast<unsigned>(role)) & 1u; }

const std::vector<Role>& allRoles() {
    static const std::vector<Role> all = {Role::VisitsOfficer, Role::VideoCallOfficer, Role::SafeguardingLead, Role::Admin,
                                          Role::BookingSystem, Role::DutyGovernor,     Role::OmuManager};
    return all;
}

const std::vector<Role>& staffRoles() {
    static const std::vector<Role> staff = [] {
        std::vector<Role> r = allRoles();
        std::erase(r, Role::BookingSystem);
        return r;
    }();
    return staff;
}

std::string onlyWho(Operation op) {
    std::vector<std::string_view> who;
    for (Role r : allRoles())
        if (allowed(r, op)) who.push_back(roleWithArticle(r));
    std::string out = "only ";
    for (std::size_t i = 0; i < who.size(); ++i)
        out += std::string(i == 0 ? "" : i + 1 == who.size() ? " or " : ", ") + std::string(who[i]);
    return out + " may " + std::string(ruleOf(op).what);
}

}  // namespace core
