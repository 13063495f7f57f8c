// Manifest trees and dashboard output directories as an attacker could shape them: links pointing out, FIFOs,
// too much input, a symlinked output subdirectory. Real files, links and FIFOs in a temporary directory.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>

#include <gtest/gtest.h>

#include "cli/errors.h"
#include "cli/site_output.h"
#include "engine/manifest/manifest.h"

namespace flexform {
namespace {

namespace fs = std::filesystem;

const char* k_customer = R"(apiVersion: flexform/v1
kind: Customer
metadata:
  name: NAME
  accountId: ACCOUNT
spec:
  state: active
  configs: []
)";

const char* k_mark = "<meta name=\"generator\" content=\"test\">";

std::string customer(const std::string& name, int account = 2345678) {
    std::string text = k_customer;
    text.replace(text.find("NAME"), 4, name);
    text.replace(text.find("ACCOUNT"), 7, std::to_string(account));
    return text;
}

std::string file_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

class UntrustedFiles : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() / ("flexform-untrusted-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir / "repo" / "customers");
        fs::create_directories(m_dir / "outside");
    }
    void TearDown() override { fs::remove_all(m_dir); }

    LoadResult load(const std::vector<std::string>& paths) {
        return load_manifests(paths, "", ManifestOptions{&builtin_catalog(), Date{2026, 11, 23}});
    }
    static std::vector<std::string> messages(const LoadResult& result) {
        std::vector<std::string> out;
        for (const auto& d : result.diagnostics) {
            out.push_back(format(d));
        }
        return out;
    }

    fs::path m_dir;
};

TEST_F(UntrustedFiles, ALinkInsideTheGivenPathsIsReadAndOneOutsideIsAnError) {
    const fs::path customers = m_dir / "repo" / "customers";
    std::ofstream(m_dir / "repo" / "shared.txt") << customer("inside-corp");  // read only through the link
    std::ofstream(m_dir / "outside" / "secret.yaml") << customer("outside-corp");
    fs::create_symlink("../shared.txt", customers / "inside.yaml");
    fs::create_symlink(m_dir / "outside" / "secret.yaml", customers / "escape.yaml");
    const LoadResult result = load({(m_dir / "repo").string()});
    ASSERT_EQ(result.state.customers.size(), 1u);
    EXPECT_EQ(result.state.customers[0].name, "inside-corp");
    const std::string real_outside = fs::canonical(m_dir / "outside" / "secret.yaml").generic_string();
    EXPECT_EQ(messages(result), std::vector<std::string>{(customers / "escape.yaml").generic_string() +
                                                         ": symbolic link points outside the given paths (to " +
                                                         real_outside + "); it is not read"});
}

TEST_F(UntrustedFiles, ANamedLinkMayPointBesideItselfButNotAway) {
    std::ofstream(m_dir / "outside" / "secret.yaml") << customer("outside-corp");
    fs::create_symlink(m_dir / "outside" / "secret.yaml", m_dir / "repo" / "named.yaml");
    const LoadResult away = load({(m_dir / "repo" / "named.yaml").string()});
    EXPECT_TRUE(away.state.customers.empty());
    ASSERT_EQ(away.diagnostics.size(), 1u);
    EXPECT_NE(away.diagnostics[0].message.find("symbolic link points outside the given paths"), std::string::npos);
    std::ofstream(m_dir / "repo" / "real.yaml") << customer("real-corp");
    fs::create_symlink("real.yaml", m_dir / "repo" / "alias.yaml");
    const LoadResult beside = load({(m_dir / "repo" / "alias.yaml").string()});
    EXPECT_TRUE(beside.diagnostics.empty()) << messages(beside)[0];
    ASSERT_EQ(beside.state.customers.size(), 1u);
}

TEST_F(UntrustedFiles, AFifoNamedOrFoundIsAnErrorAndIsNeverOpened) {
    const fs::path named = m_dir / "repo" / "named.yaml";
    const fs::path found = m_dir / "repo" / "customers" / "found.yaml";
    ASSERT_EQ(::mkfifo(named.c_str(), 0600), 0);
    ASSERT_EQ(::mkfifo(found.c_str(), 0600), 0);
    std::ofstream(m_dir / "repo" / "customers" / "acme.yaml") << customer("acme-corp");
    // Opening a FIFO for reading blocks until a writer comes: a load that tried would never return.
    auto loading = std::async(std::launch::async, [&] { return load({named.string(), (m_dir / "repo").string()}); });
    ASSERT_EQ(loading.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "the load hangs on a FIFO";
    const LoadResult result = loading.get();
    EXPECT_EQ(result.state.customers.size(), 1u);
    EXPECT_EQ(messages(result),
              (std::vector<std::string>{found.generic_string() + ": is a FIFO, not a regular file; it is not read",
                                        named.generic_string() + ": is a FIFO, not a regular file; it is not read"}));
}

TEST_F(UntrustedFiles, TheWholeInputIsBounded) {
    // Five files of 15 MiB of comments: each under the 16 MiB file limit, together over the 64 MiB bound.
    const std::string padding = "# " + std::string(1024 * 1024 - 3, 'x') + "\n";
    for (int i = 1; i <= 5; ++i) {
        std::ofstream out(m_dir / "repo" / "customers" / ("c" + std::to_string(i) + ".yaml"), std::ios::binary);
        out << customer("corp-" + std::to_string(i), 2345670 + i);
        for (int mib = 0; mib < 15; ++mib) {
            out << padding;
        }
    }
    const LoadResult result = load({(m_dir / "repo").string()});
    EXPECT_EQ(result.state.customers.size(), 4u);
    EXPECT_EQ(messages(result),
              std::vector<std::string>{(m_dir / "repo" / "customers" / "c5.yaml").generic_string() +
                                       ": the manifests read up to this file total more than the 64 MiB limit for "
                                       "one run; it and the files after it are not read (split the run by "
                                       "directory)"});
}

TEST_F(UntrustedFiles, TheDashboardRefusesASymlinkedOutputSubdirectory) {
    const fs::path out = m_dir / "site";
    fs::create_directories(out);
    // An earlier page of this generator outside --out, reachable through the link: it must survive.
    const std::string page = std::string("<html>") + k_mark + "</html>";
    std::ofstream(m_dir / "outside" / "gone.html") << page;
    fs::create_symlink(m_dir / "outside", out / "customers");
    const std::map<std::string, std::string> files = {{"index.html", "<html>index</html>"},
                                                      {"customers/acme.html", "<html>acme</html>"}};
    try {
        cli::write_site(out.string(), files, k_mark);
        FAIL() << "wrote through a symlinked customers/";
    } catch (const cli::UsageError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "--out " + out.string() + ": " + (out / "customers").string() +
                      " is a symbolic link; the dashboard writes only inside --out and does not follow links "
                      "(remove the link, or choose another --out)");
    }
    EXPECT_EQ(file_text(m_dir / "outside" / "gone.html"), page);
    EXPECT_FALSE(fs::exists(m_dir / "outside" / "acme.html"));
    EXPECT_FALSE(fs::exists(out / "index.html"));  // nothing is written once a directory on the way is refused
}

TEST_F(UntrustedFiles, TheDashboardNeverWritesOrDeletesThroughALinkInsideOut) {
    const fs::path out = m_dir / "site";
    fs::create_directories(out / "customers");
    const std::string page = std::string("<html>") + k_mark + "</html>";
    std::ofstream(m_dir / "outside" / "target.html") << "keep me";
    std::ofstream(m_dir / "outside" / "stale.html") << page;
    fs::create_symlink(m_dir / "outside" / "target.html", out / "index.html.tmp");  // planted beside a page
    fs::create_symlink(m_dir / "outside" / "stale.html", out / "customers" / "linked.html");
    std::ofstream(out / "customers" / "old.html") << page;  // a real stale page of an earlier run
    const auto written = cli::write_site(out.string(), {{"index.html", "<html>index</html>"}}, k_mark);
    EXPECT_EQ(written.removed, 1u);
    EXPECT_FALSE(fs::exists(out / "customers" / "old.html"));
    EXPECT_EQ(file_text(m_dir / "outside" / "target.html"), "keep me");
    EXPECT_EQ(file_text(m_dir / "outside" / "stale.html"), page);
    EXPECT_EQ(file_text(out / "index.html"), "<html>index</html>");
    EXPECT_TRUE(fs::is_symlink(out / "customers" / "linked.html"));
}

}  // namespace
}  // namespace flexform
