// The Catch2 entry point of the host tests, with a reporter that prints one TAP line per test
// case (Catch2's own TAP reporter prints one per assertion), so `tools/quokka test` counts
// test cases.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

class TestCaseTapReporter final : public Catch::StreamingReporterBase<TestCaseTapReporter> {
public:
    using StreamingReporterBase::StreamingReporterBase;

    static std::string getDescription() { return "TAP, one line per test case"; }

    void assertionStarting(Catch::AssertionInfo const &) override {}

    bool assertionEnded(Catch::AssertionStats const &stats) override
    {
        const Catch::AssertionResult &result = stats.assertionResult;
        if (!result.isOk()) {
            std::string what = result.hasExpression() ? result.getExpandedExpression()
                                                      : std::string(result.getMessage());
            failures_.push_back(std::string(result.getSourceInfo().file) + ":" +
                                std::to_string(result.getSourceInfo().line) + ": " + what);
        }
        return true;
    }

    void testCaseEnded(Catch::TestCaseStats const &stats) override
    {
        bool passed = stats.totals.assertions.failed == 0;
        stream << (passed ? "ok " : "not ok ") << ++count_ << " - " << stats.testInfo.name
               << '\n';
        for (const std::string &failure : failures_) {
            stream << "# " << failure << '\n';
        }
        failures_.clear();
        StreamingReporterBase::testCaseEnded(stats);
    }

    void testRunEnded(Catch::TestRunStats const &stats) override
    {
        stream << "1.." << count_ << '\n';
        StreamingReporterBase::testRunEnded(stats);
    }

private:
    std::size_t count_ = 0;
    std::vector<std::string> failures_;
};

} // namespace

CATCH_REGISTER_REPORTER("tap-cases", TestCaseTapReporter)
