# Aqualedger API image. Build: docker build -t aqualedger .
# Run:   docker run -p 3000:3000 -e DATABASE_URL=postgres://user:pass@db:5432/aqualedger aqualedger
#
# The image expects DATABASE_URL. npm start's fallback for a laptop, the
# embedded PostgreSQL, is not for containers: it would need a `postgres` OS
# user, its install script and a data volume. (Its binary package is still
# installed: embedded-postgres loads it when imported, and src/main.ts imports it.)
# The server applies pending migrations at start; `node scripts/migrate.ts`
# runs them alone, and `node scripts/key-create.ts --help` issues API keys.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts are needed at run time (the only one restores the embedded
# PostgreSQL's library symlinks).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm cache clean --force

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json package-lock.json schema.graphql openapi.yaml ./
COPY --chown=root:root src ./src
COPY --chown=root:root migrations ./migrations
COPY --chown=root:root scripts ./scripts
# Code is owned by root and read-only for the process; it runs as the image's unprivileged `node` user.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node 22.18+ runs the TypeScript sources directly (type stripping); main.ts
# migrates, then listens; SIGTERM closes the server, then the pool.
CMD ["node", "src/main.ts"]
