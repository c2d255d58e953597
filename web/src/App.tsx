import { Suspense, useEffect } from "react";
import { ErrorNotice, Loading } from "./components/Feedback";
import { Layout } from "./components/Layout";
import { NotFoundPage } from "./components/NotFoundPage";
import { RouterProvider, useRoute } from "./router";
import { routes } from "./routes";
import { SignInPage } from "./screens/SignInPage";
import { SessionProvider, useSession } from "./session/SessionContext";

function CurrentScreen() {
  const match = useRoute(routes);
  const { user, error, retry } = useSession();
  const needsSignIn = match !== null && !match.route.public && user === null;
  const title = needsSignIn ? "Sign in" : match ? match.route.title : "Page not found";
  useEffect(() => {
    document.title = `${title} · AuthorWorks`;
  }, [title]);
  if (!match) return <NotFoundPage />;
  if (!match.route.public) {
    if (error) {
      return (
        <ErrorNotice
          error={error}
          action={
            <button className="button" type="button" onClick={retry}>
              Try again
            </button>
          }
        />
      );
    }
    if (user === undefined) return <Loading />;
    if (user === null) return <SignInPage />;
  }
  const Screen = match.route.component;
  return (
    <Suspense fallback={<Loading />}>
      <Screen params={match.params} />
    </Suspense>
  );
}

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Layout routes={routes}>
          <CurrentScreen />
        </Layout>
      </SessionProvider>
    </RouterProvider>
  );
}
