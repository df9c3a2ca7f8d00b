# The server image: a static binary on distroless, run as the nonroot user
# (uid 65532), as server/deploy/kubernetes expects.
#
#   docker build -t topicd .
#   docker run --rm -p 50051:50051 -p 8080:8080 topicd
#
# HEALTHCHECK runs "topicd probe", a gRPC health check of
# topicd.v1.ClassifierService (the image has no shell nor curl). With
# TLS, override it: --health-cmd '/topicd probe --tls-ca ... --tls-server-name ...'.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/topicd ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/topicd /topicd
USER nonroot:nonroot
ENV TOPICD_ADDR=0.0.0.0:50051 TOPICD_HTTP_ADDR=0.0.0.0:8080
EXPOSE 50051 8080
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 \
  CMD ["/topicd", "probe", "--addr", "localhost:50051", "--timeout", "5s"]
ENTRYPOINT ["/topicd"]
