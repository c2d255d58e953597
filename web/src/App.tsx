import { useEffect } from "react";
import { Layout } from "./components/Layout";
import { NotFoundPage } from "./components/NotFoundPage";
import { RouterProvider, useRoute } from "./router";
import { routes } from "./routes";

function CurrentScreen() {
  const match = useRoute(routes);
  const title = match ? match.route.title : "Page not found";
  useEffect(() => {
    document.title = `${title} · AuthorWorks`;
  }, [title]);
  if (!match) return <NotFoundPage />;
  const Screen = match.route.component;
  return <Screen params={match.params} />;
}

export function App() {
  return (
    <RouterProvider>
      <Layout routes={routes}>
        <CurrentScreen />
      </Layout>
    </RouterProvider>
  );
}
