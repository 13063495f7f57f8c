# flexform as a small image: built from source in a Debian stage, installed from its own Debian package (so apt
# resolves exactly the runtime libraries the package declares) in a slim one, with git, curl and jq for CI jobs.
#   docker build -t flexform .
#   docker run --rm -v "$PWD:/work" -e FORTIFLEX_ACCESS_USERNAME -e FORTIFLEX_ACCESS_PASSWORD flexform plan customers
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
 && apt-get install -y --no-install-recommends /tmp/flexform_*_amd64.deb git curl jq \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb \
 && flexform --version
RUN useradd --create-home --uid 10001 flexform
USER flexform
WORKDIR /work
ENTRYPOINT ["flexform"]
CMD ["--help"]
