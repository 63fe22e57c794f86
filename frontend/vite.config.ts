import { copyFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` proxies the API to a local `eoffice serve` (port from EOFFICE_DEV_API, default 8000).
export default defineConfig({
  plugins: [
    react(),
    {
      // Deep links (/van-ban-den/12) must load the app: a static server that falls back to 404.html (as the
      // API's StaticFiles(html=True) does) then serves index.html too.
      name: 'eoffice-spa-fallback',
      apply: 'build',
      closeBundle() {
        copyFileSync(resolve('dist', 'index.html'), resolve('dist', '404.html'));
      },
    },
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // pdf.js ships its worker as .mjs; emit it as .js so any static server sends a JavaScript MIME type.
    rolldownOptions: {
      output: {
        assetFileNames: (asset) =>
          (asset.names[0] ?? '').endsWith('.mjs') ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.EOFFICE_DEV_API ?? '8000'}` },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
