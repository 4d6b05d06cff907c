# syntax=docker/dockerfile:1
#
# clausebot's container image: a static binary on distroless, running as a
# non-root user. The seed corpus is embedded in the binary and also copied to
# /docs, so the image answers with no volume; mount your own documents over
# /docs to replace it (read-only is fine: clausebot only reads them and
# reloads when they change).
#
#   docker build -t clausebot .
#   docker run --rm -p 8080:8080 -e TELEGRAM_BOT_TOKEN=... clausebot
#
# See docs/operations.md for every setting.

# The builder's Go version must match go.mod's "go" line
# (cmd/clausebot's TestDockerfile checks it).
FROM golang:1.26.8 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
# The same script CI runs: CGO_ENABLED=0, -trimpath, stripped.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    bash .ci/build /out/clausebot \
 && /out/clausebot ask "中俄在北斗卫星导航方面有什么合作？" >/dev/null \
 && mkdir -p /out/index

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/clausebot /usr/local/bin/clausebot
COPY index/seed/ /docs/
# The index folder: mount a volume here so a restart reopens the index
# instead of indexing every document again (docs/operations.md, "The index
# folder"). Owned by the nonroot user so a fresh named volume is writable.
COPY --from=build --chown=65532:65532 /out/index /var/lib/clausebot/index
VOLUME /var/lib/clausebot/index
ENV CLAUSEBOT_ADDR=:8080 \
    CLAUSEBOT_DOCS=/docs \
    CLAUSEBOT_INDEX=/var/lib/clausebot/index \
    CLAUSEBOT_LOG_FORMAT=json
# distroless's nonroot user; numeric so Kubernetes runAsNonRoot can verify it.
USER 65532:65532
EXPOSE 8080
# The image has no shell or curl: the binary probes its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/clausebot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/clausebot"]
CMD ["serve"]
