#!/usr/bin/env python3
"""Classifies texts with topicd over gRPC and prints each response as JSON.

    python3 client/python/example.py --addr localhost:50051 "Anonymous leaked police emails"

Runs with Debian's python3-grpcio and python3-protobuf. The generated code
under topicd/v1/ is committed; ./generate.sh regenerates it from the proto.
The channel balances round robin over the addresses the target resolves to
(use a dns:/// target for several replicas), sends calls only to servers
that report topicd.v1.ClassifierService SERVING to health checks, and tries
a call that fails with UNAVAILABLE again, as topicd's Go client does.
"""

import argparse
import json
import os
import sys

import grpc
from google.protobuf import json_format

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from topicd.v1 import classifier_pb2, classifier_pb2_grpc  # noqa: E402

SERVICE = "topicd.v1.ClassifierService"

# The service config of topicd's clients (see client/balance.go).
SERVICE_CONFIG = {
    "loadBalancingConfig": [{"round_robin": {}}],
    "healthCheckConfig": {"serviceName": SERVICE},
    "methodConfig": [{
        "name": [{"service": SERVICE}],
        "retryPolicy": {
            "maxAttempts": 4,
            "initialBackoff": "0.1s",
            "maxBackoff": "1s",
            "backoffMultiplier": 2,
            "retryableStatusCodes": ["UNAVAILABLE"],
        },
    }],
}


def channel(addr, tls_ca=None, token=None):
    """Returns a channel to addr: plaintext, or TLS verified against the CA
    file tls_ca, sending the bearer token (TLS only) with each call."""
    options = [
        ("grpc.service_config", json.dumps(SERVICE_CONFIG)),
        ("grpc.enable_retries", 1),
        ("grpc.max_receive_message_length", 64 << 20),
    ]
    if tls_ca is None:
        if token:
            raise SystemExit("--token-file needs --tls-ca: the token would cross the network in plaintext")
        return grpc.insecure_channel(addr, options=options)
    with open(tls_ca, "rb") as f:
        creds = grpc.ssl_channel_credentials(root_certificates=f.read())
    if token:
        creds = grpc.composite_channel_credentials(creds, grpc.access_token_call_credentials(token))
    return grpc.secure_channel(addr, creds, options=options)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--addr", default=os.environ.get("TOPICD_ADDR", "localhost:50051"), help="HOST:PORT or dns:///NAME:PORT")
    p.add_argument("--tls-ca", help="connect over TLS, verifying the server against the CA certificates in this PEM file")
    p.add_argument("--token-file", default=os.environ.get("TOPICD_AUTH_TOKEN_FILE"), help="send the bearer token in this file")
    p.add_argument("--threshold", type=float, help="assign the topics of probability at least this, in (0, 1]")
    p.add_argument("--explain", action="store_true", help="ask for each score's evidence")
    p.add_argument("--timeout", type=float, default=5.0, help="deadline of each call, in seconds")
    p.add_argument("text", nargs="+", help="a text to classify")
    args = p.parse_args()

    token = None
    if args.token_file:
        with open(args.token_file) as f:
            token = f.read().strip()
    with channel(args.addr, args.tls_ca, token) as ch:
        stub = classifier_pb2_grpc.ClassifierServiceStub(ch)
        for text in args.text:
            req = classifier_pb2.ClassifyRequest(text=text, explain=args.explain)
            if args.threshold is not None:
                req.threshold = args.threshold
            try:
                resp = stub.Classify(req, timeout=args.timeout)
            except grpc.RpcError as e:
                print(f"topicd: {e.code().name}: {e.details()}", file=sys.stderr)
                return 1
            # Protobuf JSON, as grpcurl and the HTTP API print it.
            print(json_format.MessageToJson(resp, indent=None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
