/// @file
/// A value-or-error type for operations whose failure a caller must handle.
#pragma once

#include <utility>

/// Holds either a value of type T or an error of type E. Failures a user can cause travel in
/// a Result; kernel bugs are panics.
template <typename T, typename E>
class [[nodiscard]] Result final {
public:
    /// A successful result holding @p value.
    static constexpr Result ok(T value) { return Result(std::move(value)); }
    /// A failed result holding @p error.
    static constexpr Result err(E error)
    {
        Result r;
        r.ok_ = false;
        r.error_ = error;
        return r;
    }

    /// True when the result holds a value.
    constexpr bool is_ok() const { return ok_; }
    /// The value; only meaningful when is_ok().
    constexpr T& value() { return value_; }
    /// The value; only meaningful when is_ok().
    constexpr const T& value() const { return value_; }
    /// The error; only meaningful when !is_ok().
    constexpr E error() const { return error_; }

private:
    constexpr Result() : value_(), error_() {}
    constexpr explicit Result(T value) : value_(std::move(value)), error_(), ok_(true) {}

    T value_;
    E error_;
    bool ok_ = false;
};

/// The result of an operation that yields no value: success or an error E.
template <typename E>
class [[nodiscard]] Status final {
public:
    /// Success.
    static constexpr Status ok() { return Status(); }
    /// Failure with @p error.
    static constexpr Status err(E error) { return Status(error); }

    /// True on success.
    constexpr bool is_ok() const { return ok_; }
    /// The error; only meaningful when !is_ok().
    constexpr E error() const { return error_; }

private:
    constexpr Status() : error_(), ok_(true) {}
    constexpr explicit Status(E error) : error_(error), ok_(false) {}

    E error_;
    bool ok_;
};
