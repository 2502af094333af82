import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { SchemaIssue } from "./_schema-types.ts";

/**
 * There is no @kubernetes-models package for Cluster API, so this is a small closed schema for the kind the
 * infraflux cluster templates use (`cluster.x-k8s.io/v1beta1` Cluster). Other CAPI kinds stay "unknown".
 */
const objectRef = {
  type: "object",
  additionalProperties: false,
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    name: { type: "string" },
    namespace: { type: "string" },
    uid: { type: "string" },
    resourceVersion: { type: "string" },
    fieldPath: { type: "string" },
  },
};
const cidrBlocks = {
  type: "object",
  additionalProperties: false,
  required: ["cidrBlocks"],
  properties: { cidrBlocks: { type: "array", items: { type: "string" } } },
};
const metadata = {
  type: "object",
  properties: {
    name: { type: "string" },
    namespace: { type: "string" },
    labels: { type: "object", additionalProperties: { type: "string" } },
    annotations: { type: "object", additionalProperties: { type: "string" } },
  },
};
const clusterV1beta1 = {
  type: "object",
  additionalProperties: false,
  required: ["apiVersion", "kind", "metadata"],
  properties: {
    apiVersion: { const: "cluster.x-k8s.io/v1beta1" },
    kind: { const: "Cluster" },
    metadata,
    spec: {
      type: "object",
      additionalProperties: false,
      properties: {
        paused: { type: "boolean" },
        clusterNetwork: {
          type: "object",
          additionalProperties: false,
          properties: {
            apiServerPort: { type: "integer" },
            services: cidrBlocks,
            pods: cidrBlocks,
            serviceDomain: { type: "string" },
          },
        },
        controlPlaneEndpoint: {
          type: "object",
          additionalProperties: false,
          required: ["host", "port"],
          properties: { host: { type: "string" }, port: { type: "integer" } },
        },
        controlPlaneRef: objectRef,
        infrastructureRef: objectRef,
        availabilityGates: { type: "array", items: { type: "object" } },
        topology: { type: "object" },
      },
    },
    status: { type: "object" },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>([
  ["cluster.x-k8s.io/v1beta1/Cluster", ajv.compile(clusterV1beta1)],
]);

export const clusterApiKinds: ReadonlySet<string> = new Set(validators.keys());

export function validateClusterApi(key: string, data: unknown): SchemaIssue[] {
  const fn = validators.get(key);
  if (!fn || fn(data)) return [];
  return (fn.errors ?? []).map((e: ErrorObject) => {
    const path = e.instancePath
      .split("/")
      .slice(1)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (e.keyword === "additionalProperties") {
      const field = String(e.params.additionalProperty);
      return { path: [...path, field], message: `unknown field "${field}"`, unknownField: true, known: [] };
    }
    const where = path.length > 0 ? path.join(".") : "object";
    return { path, message: `${where} ${e.message ?? e.keyword}` };
  });
}
