# preflight in a container: the install route for macOS and Windows authors
# (and the GitHub Action). Two stages on Debian bookworm:
#   build:   scripts/install-deps.sh and `make deb` -- the Makefile and package
#            script CI uses (.ci/run runs `make test`, the same configure and
#            build) -- in Release mode without the test suite;
#   runtime: bookworm-slim with the .deb installed (apt resolves its Depends,
#            the list CMakeLists.txt keeps and the deb-depends test checks),
#            a non-root user, and the binary as the entry point.
#
#   docker build -t preflight .
#   docker run --rm -v "$PWD:/paper" -w /paper preflight check paper.pdf
#
# Not run on the machines this was written on (no Docker there): see README.
FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN make deb BUILD=build-release WERROR=OFF \
      CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF" \
 && cp build-release/preflight_*.deb /preflight.deb

FROM debian:bookworm-slim
COPY --from=build /preflight.deb /tmp/preflight.deb
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/preflight.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/preflight.deb \
 && useradd --create-home --uid 1000 preflight
USER preflight
WORKDIR /paper
ENTRYPOINT ["preflight"]
CMD ["--help"]
