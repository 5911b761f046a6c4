# syntax=docker/dockerfile:1
#
# remiss as a container image: one static binary on an empty base.
#
#   docker build -t remiss .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" remiss build
#
# The image holds nothing but /remiss (the default theme is built into the
# binary), runs as an unprivileged user, and works in the mounted folder
# /site, so `build` reads /site/content and writes /site/public.

# Stage 1: a static musl binary, built from source on Alpine, whose Rust
# targets musl and links statically by default. The commit for
# `remiss --version` comes from --build-arg, as .git is not copied in.
FROM rust:1.95-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
ARG REMISS_COMMIT=unknown
ENV REMISS_COMMIT=${REMISS_COMMIT}
RUN cargo build --locked --profile dist \
 && cp target/dist/remiss /remiss \
 && /remiss --version

# Stage 2: the image. `scratch` has no shell, no libc and no users; the
# numeric user 65532 needs no /etc/passwd.
FROM scratch
COPY --from=build /remiss /remiss
USER 65532:65532
WORKDIR /site
ENTRYPOINT ["/remiss"]
CMD ["build"]
