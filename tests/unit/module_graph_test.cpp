#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "modules/catalog.hpp"
#include "modules/module_graph.hpp"

using authorworks::ModuleDefinition;
using authorworks::ModuleGraph;
using authorworks::ModuleGraphError;
using Names = std::vector<std::string>;

namespace {

ModuleDefinition def(std::string name, Names deps = {}, std::uint16_t port = 0) {
  ModuleDefinition d;
  d.name = std::move(name);
  d.dependencies = std::move(deps);
  d.service_port = port;
  return d;
}

std::string error_of(const ModuleGraph& graph, std::string_view target) {
  try {
    graph.start_order(target);
  } catch (const ModuleGraphError& e) {
    return e.what();
  }
  return "";
}

// server <- users <- content, storage <- content; messaging depends on users only.
ModuleGraph sample() {
  ModuleGraph g;
  g.add(def("content", {"users", "storage"}, 3002));
  g.add(def("server"));
  g.add(def("users", {"server"}, 3001));
  g.add(def("storage", {"server"}, 3003));
  g.add(def("messaging", {"users"}, 3006));
  return g;
}

}  // namespace

TEST(ModuleGraph, AllIsDependenciesFirstWithRegistrationOrderTies) {
  const auto g = sample();
  EXPECT_EQ(g.start_order("all"), (Names{"server", "users", "storage", "content", "messaging"}));
}

TEST(ModuleGraph, IndependentModulesKeepRegistrationOrder) {
  ModuleGraph g;
  g.add(def("c", {}, 1));
  g.add(def("a", {}, 2));
  g.add(def("b", {}, 3));
  EXPECT_EQ(g.start_order("all"), (Names{"c", "a", "b"}));
}

TEST(ModuleGraph, SingleTargetPullsItsDependencies) {
  const auto g = sample();
  EXPECT_EQ(g.start_order("content"), (Names{"server", "users", "storage", "content"}));
  EXPECT_EQ(g.start_order("messaging"), (Names{"server", "users", "messaging"}));
  EXPECT_EQ(g.start_order("users"), (Names{"server", "users"}));
}

TEST(ModuleGraph, SharedDependencyAppearsOnce) {
  ModuleGraph g;
  g.add(def("base"));
  g.add(def("left", {"base"}));
  g.add(def("right", {"base"}));
  g.add(def("top", {"left", "right", "base"}, 9000));
  EXPECT_EQ(g.start_order("top"), (Names{"base", "left", "right", "top"}));
}

TEST(ModuleGraph, Targets) {
  const auto g = sample();
  EXPECT_EQ(g.targets(), (Names{"all", "content", "users", "storage", "messaging"}));
}

TEST(ModuleGraph, UnknownTarget) {
  const auto g = sample();
  EXPECT_NE(error_of(g, "billing").find("unknown target 'billing'"), std::string::npos);
  // An internal module (no service port) is not a target of its own.
  EXPECT_NE(error_of(g, "server").find("unknown target 'server'"), std::string::npos);
  EXPECT_NE(error_of(g, "").find("unknown target"), std::string::npos);
}

TEST(ModuleGraph, MissingDependency) {
  ModuleGraph g;
  g.add(def("users", {"server"}, 3001));
  const auto message = error_of(g, "users");
  EXPECT_NE(message.find("'users' depends on 'server'"), std::string::npos) << message;
  EXPECT_NE(message.find("not registered"), std::string::npos) << message;
  EXPECT_NE(error_of(g, "all"), "");
}

TEST(ModuleGraph, CycleIsNamed) {
  ModuleGraph g;
  g.add(def("root", {"a"}, 1));
  g.add(def("a", {"b"}));
  g.add(def("b", {"c"}));
  g.add(def("c", {"a"}));
  const auto message = error_of(g, "root");
  EXPECT_NE(message.find("cycle"), std::string::npos) << message;
  EXPECT_NE(message.find("a -> b -> c -> a"), std::string::npos) << message;
  EXPECT_EQ(message.find("root ->"), std::string::npos) << message;
  EXPECT_NE(error_of(g, "all").find("cycle"), std::string::npos);
}

TEST(ModuleGraph, SelfDependencyIsACycle) {
  ModuleGraph g;
  g.add(def("self", {"self"}, 1));
  const auto message = error_of(g, "self");
  EXPECT_NE(message.find("self -> self"), std::string::npos) << message;
}

TEST(ModuleGraph, DuplicateAndInvalidNames) {
  ModuleGraph g;
  g.add(def("users"));
  EXPECT_THROW(g.add(def("users", {}, 3001)), ModuleGraphError);
  EXPECT_THROW(g.add(def("all")), ModuleGraphError);
  EXPECT_THROW(g.add(def("")), ModuleGraphError);
  EXPECT_EQ(g.definitions().size(), 1U);
  ASSERT_NE(g.find("users"), nullptr);
  EXPECT_EQ(g.find("users")->service_port, 0);
  EXPECT_EQ(g.find("nobody"), nullptr);
}

TEST(ModuleGraph, BuiltInCatalogIsConsistent) {
  const auto g = authorworks::build_module_graph();
  EXPECT_NO_THROW(g.start_order("all"));
  for (const auto& t : g.targets()) {
    const auto order = g.start_order(t);
    ASSERT_FALSE(order.empty()) << t;
    if (t != "all") {
      EXPECT_EQ(order.back(), t);
    }
  }
  EXPECT_EQ(authorworks::default_port("all"), 8080);
}

namespace {

TEST(ModuleGraphTest, StandaloneOnlyModulesAreTargetsButNotPartOfAll) {
  ModuleGraph g;
  g.add(def("db"));
  g.add(def("users", {"db"}, 3001));
  auto helper = def("gateway", {}, 3010);
  helper.standalone_only = true;
  g.add(helper);
  EXPECT_EQ(g.start_order("all"), (Names{"db", "users"}));
  EXPECT_EQ(g.start_order("gateway"), (Names{"gateway"}));
  EXPECT_EQ(g.targets(), (Names{"all", "users", "gateway"}));
}

TEST(ModuleGraphTest, TheGatewayHelperRunsAloneAndDiscoveryIsAService) {
  const auto g = authorworks::build_module_graph();
  const auto all = g.start_order("all");
  EXPECT_EQ(std::count(all.begin(), all.end(), "gateway"), 0);
  EXPECT_EQ(std::count(all.begin(), all.end(), "discovery"), 1);
  EXPECT_EQ(g.start_order("gateway"), (Names{"gateway"}));
  EXPECT_EQ(g.find("discovery")->service_port, 3007);
}

}  // namespace
