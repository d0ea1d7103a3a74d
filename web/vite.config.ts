import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const apps = ['admin', 'h5'] as const;

/**
 * In dev, deep links such as /admin/persons must get the app's index.html, as the
 * server does in production; the build has no need of this.
 */
function spaFallback(): Plugin {
  return {
    name: 'gongzhi-spa-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        for (const app of apps) {
          const prefix = `/${app}/`;
          if (url.startsWith(prefix) && !/\.[a-z0-9]+(\?|$)/i.test(url) && !url.startsWith(`${prefix}@`)) {
            req.url = `${prefix}index.html`;
          }
        }
        next();
      });
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react(), spaFallback()],
  resolve: {
    // The workspace install hoists React 18 (a peer of antd-mobile's react-spring) to the
    // repository root while this app uses React 19; one copy must serve every import.
    dedupe: ['react', 'react-dom'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: { admin: here('admin/index.html'), h5: here('h5/index.html') },
      output: {
        // Named, long-lived vendor chunks; charts and maps stay with the lazy pages that use them.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'leaflet', test: /node_modules[\\/](leaflet|react-leaflet|@react-leaflet)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // The API server; API_PROXY=http://localhost:3100 npm run dev -w web for one on another port.
    proxy: { '/api': process.env.API_PROXY ?? 'http://localhost:3000' },
  },
});
