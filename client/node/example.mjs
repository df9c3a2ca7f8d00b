// Classifies texts with topicd over gRPC and prints each response as JSON.
//
//   npm ci && node example.mjs --addr localhost:50051 "Anonymous leaked police emails"
//
// The API is loaded at run time from proto/topicd/v1/classifier.proto
// (@grpc/proto-loader): nothing is generated. The channel balances round
// robin over the addresses the target resolves to (use a dns:/// target for
// several replicas), and tries a call that fails with UNAVAILABLE again, as
// topicd's Go client does; the service config also asks for health checks
// of topicd.v1.ClassifierService.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

const SERVICE = "topicd.v1.ClassifierService";
const PROTO = fileURLToPath(new URL("../../proto/topicd/v1/classifier.proto", import.meta.url));

// The service config of topicd's clients (see client/balance.go).
const serviceConfig = {
  loadBalancingConfig: [{ round_robin: {} }],
  healthCheckConfig: { serviceName: SERVICE },
  methodConfig: [{
    name: [{ service: SERVICE }],
    retryPolicy: {
      maxAttempts: 4,
      initialBackoff: "0.1s",
      maxBackoff: "1s",
      backoffMultiplier: 2,
      retryableStatusCodes: ["UNAVAILABLE"],
    },
  }],
};

// Protobuf JSON, as grpcurl and the HTTP API print it: lowerCamelCase
// names, 64-bit integers as strings, unset fields left out.
const loaderOptions = { keepCase: false, longs: String, enums: String, defaults: false, oneofs: true };

export function newClient(addr, { tlsCA, token } = {}) {
  const def = protoLoader.loadSync(PROTO, loaderOptions);
  const { ClassifierService } = grpc.loadPackageDefinition(def).topicd.v1;
  let creds = grpc.credentials.createInsecure();
  if (tlsCA) {
    creds = grpc.credentials.createSsl(readFileSync(tlsCA));
    if (token) {
      creds = grpc.credentials.combineChannelCredentials(creds,
        grpc.credentials.createFromMetadataGenerator((_, cb) => {
          const md = new grpc.Metadata();
          md.set("authorization", `Bearer ${token}`);
          cb(null, md);
        }));
    }
  } else if (token) {
    throw new Error("--token-file needs --tls-ca: the token would cross the network in plaintext");
  }
  return new ClassifierService(addr, creds, {
    "grpc.service_config": JSON.stringify(serviceConfig),
    "grpc.max_receive_message_length": 64 << 20,
  });
}

function classify(client, request, timeoutMs) {
  return new Promise((resolve, reject) => {
    client.classify(request, { deadline: Date.now() + timeoutMs }, (err, resp) => (err ? reject(err) : resolve(resp)));
  });
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      addr: { type: "string", default: process.env.TOPICD_ADDR || "localhost:50051" },
      "tls-ca": { type: "string" },
      "token-file": { type: "string", default: process.env.TOPICD_AUTH_TOKEN_FILE },
      threshold: { type: "string" },
      explain: { type: "boolean", default: false },
      timeout: { type: "string", default: "5" },
    },
  });
  if (positionals.length === 0) {
    console.error("usage: node example.mjs [--addr HOST:PORT] [--tls-ca FILE] [--token-file FILE] [--threshold P] [--explain] TEXT...");
    return 2;
  }
  const token = values["token-file"] ? readFileSync(values["token-file"], "utf8").trim() : undefined;
  const client = newClient(values.addr, { tlsCA: values["tls-ca"], token });
  try {
    for (const text of positionals) {
      const request = { text, explain: values.explain };
      if (values.threshold !== undefined) request.threshold = Number(values.threshold);
      try {
        console.log(JSON.stringify(await classify(client, request, Number(values.timeout) * 1000)));
      } catch (err) {
        console.error(`topicd: ${grpc.status[err.code] ?? err.code}: ${err.details ?? err.message}`);
        return 1;
      }
    }
    return 0;
  } finally {
    client.close();
  }
}

process.exitCode = await main();
