# The server image: a static binary on distroless, run as the nonroot user
# (uid 65532), as server/deploy/kubernetes expects.
#
#   docker build -t topicd .
#   docker run --rm -p 50051:50051 topicd
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/topicd ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/topicd /topicd
USER nonroot:nonroot
ENV TOPICD_ADDR=0.0.0.0:50051
EXPOSE 50051
ENTRYPOINT ["/topicd"]
