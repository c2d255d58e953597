import { describe, expect, it } from "vitest";
import { matchRoute, type RouteDefinition } from "./router";

const Screen = () => null;
const routes: RouteDefinition[] = [
  { path: "/", title: "Home", component: Screen },
  { path: "/books/:id", title: "Book", component: Screen },
  { path: "/books/new", title: "New book", component: Screen },
  { path: "/files/*path", title: "File", component: Screen },
];

describe("matchRoute", () => {
  it("matches the root and nothing else for /", () => {
    expect(matchRoute(routes, "/")?.route.title).toBe("Home");
    expect(matchRoute(routes, "/nope")).toBeNull();
  });

  it("reads parameters and prefers literal segments", () => {
    expect(matchRoute(routes, "/books/42")).toMatchObject({ route: { title: "Book" }, params: { id: "42" } });
    expect(matchRoute(routes, "/books/new")?.route.title).toBe("New book");
    expect(matchRoute(routes, "/books/a%20b")?.params).toEqual({ id: "a b" });
    expect(matchRoute(routes, "/books/42/more")).toBeNull();
  });

  it("gives a wildcard the rest of the path", () => {
    expect(matchRoute(routes, "/files/a/b.txt")?.params).toEqual({ path: "a/b.txt" });
  });
});
