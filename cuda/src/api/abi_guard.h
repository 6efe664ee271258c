// The exception firewall of the C ABI: every exported function runs its body through guarded(), which
// turns any C++ exception into a status code plus thread-local error text.
#ifndef OLAFHE_ABI_GUARD_H
#define OLAFHE_ABI_GUARD_H

#include "olafhe_native.h"

#include <new>
#include <stdexcept>
#include <string>

namespace olafhe {

/** An error with the status the C ABI should return for it. */
class Error : public std::runtime_error {
public:
    Error(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
    int status() const noexcept { return status_; }

private:
    int status_;
};

void set_last_error(const std::string& message) noexcept;

/** Throws an OLAFHE_ERR_INVALID_ARGUMENT error with the message unless the condition holds. */
inline void require(bool condition, const std::string& message) {
    if (!condition) {
        throw Error(OLAFHE_ERR_INVALID_ARGUMENT, message);
    }
}

template <class Body>
int guarded(const char* function, Body&& body) noexcept {
    try {
        body();
        return OLAFHE_OK;
    } catch (const Error& e) {
        set_last_error(std::string(function) + ": " + e.what());
        return e.status();
    } catch (const std::bad_alloc&) {
        set_last_error(std::string(function) + ": host memory allocation failed");
        return OLAFHE_ERR_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_last_error(std::string(function) + ": internal error: " + e.what());
        return OLAFHE_ERR_INTERNAL;
    } catch (...) {
        set_last_error(std::string(function) + ": internal error: unknown exception");
        return OLAFHE_ERR_INTERNAL;
    }
}

}  // namespace olafhe

#endif
