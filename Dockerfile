# syntax=docker/dockerfile:1.7
# The Tenantry images: one build stage runs the release-bundle script (tools/bundle/bundle.sh), then one small
# stage per runnable — `docker build --target operator|platform|gateway|backend|identity .` (`make images`).
# Each runs as the numeric non-root user 65532 from a root-owned /app, so a read-only root filesystem works
# (the chart mounts an emptyDir at /tmp, the only writable path). No HEALTHCHECK: Kubernetes probes
# /healthz and /readyz. tools/bundle/test checks that every stage's command starts its tree under bubblewrap.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs24-debian12:nonroot

FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS build
WORKDIR /src
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false NG_CLI_ANALYTICS=false
COPY . .
# Pure JavaScript dependencies (no native addons), so a tree built on the build platform runs on every target.
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-fund --no-audit --loglevel=error \
 && npm run build \
 && tools/bundle/bundle.sh --out /out --web auto

FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=https://github.com/tenantry/tenantry
LABEL org.opencontainers.image.vendor="Tenantry" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.documentation="${SOURCE}#readme" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
ENV NODE_ENV=production
WORKDIR /app
USER 65532:65532

FROM runtime AS operator
LABEL org.opencontainers.image.title="tenantry-operator" \
      org.opencontainers.image.description="Reconciles Tenant resources into PostgreSQL storage"
COPY --from=build --chown=0:0 --chmod=a=rX /out/operator /app
# V8 grows its young generation to 64 MB semi-spaces under a burst of watch events and keeps them: 16 MB
# bounds the operator's RSS by ~100 MB for a few more (cheap) scavenges. make bench runs it with this too.
ENV NODE_OPTIONS="--max-semi-space-size=16"
EXPOSE 8080
ENTRYPOINT ["/nodejs/bin/node", "--import", "@tenantry/runtime/telemetry/register", "operator/dist/src/main.js"]

FROM runtime AS platform
LABEL org.opencontainers.image.title="tenantry-platform" \
      org.opencontainers.image.description="Tenant registry, policy engine, token exchange and JWKS"
COPY --from=build --chown=0:0 --chmod=a=rX /out/platform /app
EXPOSE 8080
ENTRYPOINT ["/nodejs/bin/node", "--import", "@tenantry/runtime/telemetry/register", "services/platform/dist/src/main.js"]

FROM runtime AS gateway
LABEL org.opencontainers.image.title="tenantry-gateway" \
      org.opencontainers.image.description="Verifies external tokens, gates tenants, proxies; serves the web UI from /app/web"
COPY --from=build --chown=0:0 --chmod=a=rX /out/gateway /app
# The web UI's build, when the bundle holds one (a missing folder serves nothing).
ENV GATEWAY_WEB_ROOT=/app/web
EXPOSE 8080
ENTRYPOINT ["/nodejs/bin/node", "--import", "@tenantry/runtime/telemetry/register", "services/gateway/dist/src/main.js"]

FROM runtime AS backend
LABEL org.opencontainers.image.title="tenantry-backend" \
      org.opencontainers.image.description="Each tenant's entries API, routed to that tenant's own storage"
COPY --from=build --chown=0:0 --chmod=a=rX /out/backend /app
EXPOSE 8080
ENTRYPOINT ["/nodejs/bin/node", "--import", "@tenantry/runtime/telemetry/register", "services/backend/dist/src/main.js"]

FROM runtime AS identity
LABEL org.opencontainers.image.title="tenantry-identity" \
      org.opencontainers.image.description="Local OpenID Connect provider for kind and development (production uses Cognito)"
COPY --from=build --chown=0:0 --chmod=a=rX /out/identity /app
ENV IDENTITY_HOST=0.0.0.0
EXPOSE 8090
ENTRYPOINT ["/nodejs/bin/node", "--import", "@tenantry/runtime/telemetry/register", "services/identity/dist/src/main.js"]
