import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Two pages: the dashboard (index.html) and the GraphQL explorer (explorer.html), each with its own bundle, so the
// dashboard never loads GraphiQL. Asset URLs are relative; the package rewrites them to the mapped path.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    // The explorer is one page with GraphiQL and its editor (about 1 MB, 330 kB gzipped), loaded only there.
    chunkSizeWarningLimit: 1100,
    rollupOptions: {
      // GraphiQL's dependencies mark modules "use client" for React Server Components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        explorer: resolve(import.meta.dirname, 'explorer.html'),
      },
    },
  },
});
