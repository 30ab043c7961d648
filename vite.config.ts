import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The SPA lives in web/ and is served by the API in production (STATIC_DIR = dist/web).
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [vue()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // MapLibre GL JS alone is ~1.1 MB minified; it is one cacheable chunk on purpose.
    chunkSizeWarningLimit: 1600,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/maplibre-gl')) return 'maplibre'
          if (id.includes('node_modules/vue') || id.includes('node_modules/pinia') || id.includes('node_modules/@vue')) return 'vue'
          return undefined
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:8080' },
  },
})
