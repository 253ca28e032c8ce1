import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { inlineEntryCss, precompress } from './scripts/build-plugins.mjs';
import { homeFiles } from './scripts/home-bundle.ts';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    react(),
    inlineEntryCss(),
    // A returning participant's app shell comes from the device: the service worker answers the launch with
    // the index.html it keeps and checks for a newer one in the background (used from the next launch on).
    // It keeps only what Home needs, so a first visit on a weak network downloads nothing more; the other
    // screens stay in the HTTP cache (hashed, immutable) as before.
    VitePWA({
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: false,
      workbox: {
        globPatterns: ['index.html', 'assets/*.js'],
        manifestTransforms: [
          async (entries) => {
            const home = new Set(homeFiles(fileURLToPath(new URL('./dist', import.meta.url))));
            return { manifest: entries.filter((e) => home.has(e.url)), warnings: [] };
          },
        ],
        navigateFallback: 'index.html',
        // The Mini App's launch only (its query carries ?mailing= and the like); the console, the API and
        // every other path go to the network as before.
        navigateFallbackAllowlist: [/^\/(\?.*)?$/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    precompress(),
  ],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, manifest: true },
  server: {
    port: 5173,
    proxy: { '/trpc': api, '/dev': api, '/tonconnect-manifest.json': api, '/healthz': api, '/nft': api },
  },
});
