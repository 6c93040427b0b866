# syntax=docker/dockerfile:1
# apkscan as a small container image: a static binary (no cgo: SQLite is
# pure Go) on distroless/static, running as a non-root user.
#
#   docker build -t apkscan --build-arg VERSION="$(git describe --tags --always --dirty)" .
#   docker run --rm -v "$PWD:/work:ro" apkscan /work/app.apk
#
# The signature database is embedded in the binary: the image needs
# nothing else at run time.

ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=0.1.0-dev
# .git is not in the build context (.dockerignore): the version comes from
# VERSION; -buildvcs=false because there is no repository to stamp.
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/apkscan/apkscan/cmd/apkscan/internal/cli.Version=${VERSION}" \
      -o /out/apkscan ./cmd/apkscan

FROM ${RUNTIME_IMAGE}
COPY --from=build /out/apkscan /usr/local/bin/apkscan
# distroless :nonroot is uid 65532; stated again so that another
# RUNTIME_IMAGE (scratch) does not run as root.
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/apkscan"]
CMD ["--help"]
