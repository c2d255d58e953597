// The screens of the app. A new screen is one more entry here (and, when it belongs in the
// site navigation, a `nav` label).
import { StatusPage } from "./components/StatusPage";
import { lazy } from "react";
import type { RouteDefinition } from "./router";
import { DashboardPage } from "./screens/DashboardPage";
import { GenerationPage } from "./screens/GenerationPage";
import { NewBookPage } from "./screens/NewBookPage";
import { ReaderPage } from "./screens/ReaderPage";
import { SettingsPage } from "./screens/SettingsPage";

// The editor brings Plate (most of the app's code): loaded when a writer first opens it.
const EditorPage = lazy(() => import("./screens/EditorPage").then((m) => ({ default: m.EditorPage })));

export const routes: RouteDefinition[] = [
  { path: "/", title: "Your books", component: DashboardPage, nav: "Books" },
  { path: "/books/new", title: "New book", component: NewBookPage, nav: "New book" },
  { path: "/books/:id", title: "Reader", component: ReaderPage },
  { path: "/books/:id/live", title: "Generation", component: GenerationPage },
  { path: "/edit/:id", title: "Editor", component: EditorPage },
  { path: "/settings", title: "Settings", component: SettingsPage, nav: "Settings" },
  { path: "/status", title: "Server status", component: StatusPage, nav: "Status", public: true },
];
