// The screens of the app. A new screen is one more entry here (and, when it belongs in the
// site navigation, a `nav` label).
import { StatusPage } from "./components/StatusPage";
import type { RouteDefinition } from "./router";

export const routes: RouteDefinition[] = [{ path: "/", title: "Server status", component: StatusPage, nav: "Status" }];
