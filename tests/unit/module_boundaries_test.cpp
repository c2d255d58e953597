// Issue 7: a module touches only its own tables; what it needs of another module's goes through that
// module's interface. The tables' code is each module's store (modules/X/*_store.hpp, and the
// content module's generation/book_store.hpp and step_store.hpp), so no source of a module, nor the
// export renderers that the content and storage modules share, may include another module's store.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kSources = fs::path(AUTHORWORKS_SOURCE_DIR) / "src";

// The module whose tables a store header reads and writes, or "" for a header that is no store.
std::string owner_of(const std::string& header) {
  static const std::regex module_store(R"(^modules/([a-z]+)/[a-z_]+_store\.hpp$)");
  std::smatch match;
  if (std::regex_match(header, match, module_store)) return match[1];
  if (header == "generation/book_store.hpp" || header == "generation/step_store.hpp") return "content";
  return "";
}

// "modules/content/local_book_documents.cpp -> modules/users/user_store.hpp" for every include of
// another module's store by a file under `folder`, which belongs to `module`.
std::vector<std::string> foreign_store_includes(const fs::path& folder, const std::string& module) {
  static const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path());
    std::string line;
    std::smatch match;
    while (std::getline(in, line)) {
      if (!std::regex_search(line, match, include)) continue;
      const auto owner = owner_of(match[1]);
      if (!owner.empty() && owner != module) {
        out.push_back(fs::relative(entry.path(), kSources).string() + " -> " + match[1].str());
      }
    }
  }
  return out;
}

TEST(ModuleBoundariesTest, TheRuleKnowsEveryModulesStores) {
  EXPECT_EQ(owner_of("modules/users/user_store.hpp"), "users");
  EXPECT_EQ(owner_of("modules/discovery/discovery_store.hpp"), "discovery");
  EXPECT_EQ(owner_of("generation/book_store.hpp"), "content");
  EXPECT_EQ(owner_of("modules/users/user_directory.hpp"), "");
  EXPECT_EQ(owner_of("services/service_reads.hpp"), "");
}

TEST(ModuleBoundariesTest, NoModuleIncludesAnotherModulesStore) {
  ASSERT_TRUE(fs::is_directory(kSources / "modules")) << kSources;
  std::size_t modules = 0;
  for (const auto& entry : fs::directory_iterator(kSources / "modules")) {
    if (!entry.is_directory()) continue;
    ++modules;
    const auto module = entry.path().filename().string();
    EXPECT_EQ(foreign_store_includes(entry.path(), module), std::vector<std::string>{}) << "module " << module;
  }
  EXPECT_GE(modules, 6u);
}

TEST(ModuleBoundariesTest, TheExportsReadNoPersonFromTheUsersTables) {
  // The exports render books for the content module (and the storage module, through it): a book's
  // author comes from the users module's interface, never from its tables.
  EXPECT_EQ(foreign_store_includes(kSources / "export", "content"), std::vector<std::string>{});
}

}  // namespace
