#!/usr/bin/env bash
# Regenerates the Python code of topicd's API into DIR (default: this
# directory) from proto/topicd/v1/classifier.proto, with Debian's protoc
# (protobuf-compiler) and gRPC plugin (protobuf-compiler-grpc), whose
# versions match Debian's python3-protobuf and python3-grpcio. CI runs it
# into a temporary directory and fails if the committed files differ.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$here}
mkdir -p "$out"
cd "$root/proto"
protoc -I . \
  --python_out="$out" \
  --grpc_python_out="$out" \
  --plugin=protoc-gen-grpc_python="$(command -v grpc_python_plugin)" \
  topicd/v1/classifier.proto
