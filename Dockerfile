# The Chatty server: REST API, WebSocket and (for single-container use) the built SPA.
# Build from the repository root: docker build -t chatty-api .

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CHATTY_HOST=0.0.0.0 \
    CHATTY_PORT=8000 \
    CHATTY_STATIC_DIR=/app/dist/web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
# The image's own unprivileged user; nothing under /app is writable by it.
USER node
EXPOSE 8000
# Liveness only: a Redis outage must not get every replica restarted (compose uses /readyz
# to decide when traffic may start).
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["node", "deploy/healthcheck.mjs", "/healthz"]
# SIGTERM goes straight to node (no npm wrapper), so the server closes members gracefully.
CMD ["node", "dist/server/src/main.js"]
