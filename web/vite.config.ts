import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The authorworks binary that `npm run dev` forwards API calls to (scripts/run.sh starts one on 8080).
const backend = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      "/api": { target: backend },
      "/health": { target: backend },
      "/ready": { target: backend },
      "/metrics": { target: backend },
      "/ws": { target: backend, ws: true },
    },
  },
  build: {
    outDir: "dist",
    // Hashed files under /assets/ are served with immutable caching by the binary.
    assetsDir: "assets",
    sourcemap: false,
    target: "es2022",
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    // The first test of a file pays for transforming its imports; a busy CI machine takes seconds.
    testTimeout: 20000,
  },
});
