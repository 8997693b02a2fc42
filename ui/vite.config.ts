import { defineConfig } from "vitest/config";
import type { Plugin } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { mermaidDiagrams } from "./build/mermaidDiagrams.ts";

// Vitest with jsdom needs Svelte's browser build, not its server build.
const testing = Boolean(process.env.VITEST);

// KaTeX's stylesheet offers every font as WOFF2, WOFF and TTF; WebKitGTK,
// WebView2 and WKWebView all read WOFF2, so the other two (876 KB that
// would ship inside the binary) are left out.
const woff2Only: Plugin = {
  name: "katex-woff2-only",
  enforce: "pre",
  transform(code, id) {
    if (!/katex(\.min)?\.css$/.test(id)) return null;
    return code.replace(/,\s*url\([^)]+\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, "");
  },
};

export default defineConfig({
  plugins: [svelte(), woff2Only, mermaidDiagrams()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  resolve: testing ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
  },
});
