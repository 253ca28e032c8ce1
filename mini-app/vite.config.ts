import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { inlineEntryCss, precompress } from './scripts/build-plugins.mjs';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), inlineEntryCss(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000, manifest: true },
  server: {
    port: 5173,
    proxy: { '/trpc': api, '/dev': api, '/tonconnect-manifest.json': api, '/healthz': api, '/nft': api },
  },
});
