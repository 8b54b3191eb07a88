// Typed faults of the records domain. Refusals a rule expects (a child not on the arrangement, a
// prisoner blocked pending review) are values; these are for requests that cannot be carried out.
#pragma once

#include <stdexcept>
#include <string>

namespace core {

// The request itself is wrong: unknown id, missing reason, a value out of range. CLI exit 2.
class InputError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A named record does not exist (booking 42, user "jsmith"). Also bad input for the CLI.
class NotFoundError : public InputError {
public:
    using InputError::InputError;
};

// A rule refused a request that was well formed: the video call cannot start because a child has
// not been confirmed; a suspended call cannot be restarted. Nothing was recorded. CLI exit 1.
class RuleRefusal : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace core
