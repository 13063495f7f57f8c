# flexform as a small image: built from source in a Debian stage, installed from its own Debian package (so apt
# resolves exactly the runtime libraries the package declares) in a slim one, with git, curl and jq for CI jobs.
#   docker build -t flexform .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" -e FORTIFLEX_ACCESS_USERNAME \
#     -e FORTIFLEX_ACCESS_PASSWORD flexform plan customers
# The image's user is root on purpose: CI container jobs (GitLab `image:`, GitHub `container:`) run their checkout
# and scripts as the image's user, and GitHub's actions/checkout fails as a non-root one (actions/checkout#956).
# On a workstation, pass --user as above; the release workflow (.github/workflows/release.yml) publishes it.
FROM debian:bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++ cmake ninja-build pkg-config dpkg-dev file \
      libyaml-cpp-dev libcurl4-openssl-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev \
      libcpp-httplib-dev libssl-dev libsqlite3-dev libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFLEXFORM_TESTS=OFF -DFLEXFORM_BENCH=OFF \
 && cmake --build /build \
 && cd /build && cpack -G DEB -B /out

FROM debian:bookworm-slim
COPY --from=build /out/flexform_*_amd64.deb /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/flexform_*_amd64.deb git curl jq ca-certificates \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb \
 && flexform --version
WORKDIR /work
ENTRYPOINT ["flexform"]
CMD ["--help"]
