import { fileURLToPath } from 'node:url'
import { defineConfig, loadEnv } from 'vite'
import vue from '@vitejs/plugin-vue'
import tailwindcss from '@tailwindcss/vite'
import { compression, defineAlgorithm } from 'vite-plugin-compression2'
import { serviceWorker } from './web/service-worker/plugin'

const repoRoot = fileURLToPath(new URL('.', import.meta.url))

/**
 * Where `npm run dev` listens: the same `CHATTY_PORT` and `CHATTY_HOST` (shell or `.env`)
 * the server reads. A wildcard listen address is reached on loopback; 127.0.0.1 rather
 * than `localhost`, which Node may resolve to ::1 while the server listens on IPv4 only.
 */
function backendUrl(mode: string): string {
  const env = { ...loadEnv(mode, repoRoot, 'CHATTY_'), ...process.env }
  const host =
    env.CHATTY_HOST && !['0.0.0.0', '::'].includes(env.CHATTY_HOST) ? env.CHATTY_HOST : '127.0.0.1'
  const port = env.CHATTY_PORT || '8000'
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

// The SPA lives in web/; the server serves the build from dist/web.
export default defineConfig(({ mode }) => {
  const backend = backendUrl(mode)
  return {
    root: fileURLToPath(new URL('./web', import.meta.url)),
    plugins: [
      vue(),
      tailwindcss(),
      // Before compression, so sw.js gets its .br and .gz siblings like every other script.
      serviceWorker(),
      // Every text file also as .br and .gz beside it, for @fastify/static's `preCompressed`:
      // compressed once at build time at the highest levels, never per request.
      compression({
        include: /\.(html|js|css|svg|json|webmanifest|txt)$/,
        threshold: 0,
        algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      }),
    ],
    build: {
      outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
      emptyOutDir: true,
    },
    server: {
      port: 5173,
      // No `changeOrigin`: the browser's Host (localhost:5173) reaches the server unchanged,
      // so its same-host Origin check passes exactly as behind nginx, with nothing relaxed.
      proxy: {
        '/api': { target: backend },
        '/ws': { target: backend, ws: true },
      },
    },
  }
})
