import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The admin panel is served by the Larder server at /admin (core/http/admin-static.ts). */
export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  base: '/admin/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill is an inline script, which the panel's CSP (no inline scripts) would block.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  // `npx vite --config admin/vite.config.ts`: the panel with live reload, talking to a Larder on :8080.
  // /_ready too: after the builder applies a change, the panel waits on it for the restart.
  server: { proxy: { '/api': 'http://localhost:8080', '/_ready': 'http://localhost:8080' } },
});
