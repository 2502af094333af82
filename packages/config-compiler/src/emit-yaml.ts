import type { Diagnostic } from "@infraflux/diagnostics";
import { Document } from "yaml";
import { yamlHeader } from "./emit-values.ts";
import { stringifyYaml11 } from "./emit-yaml11.ts";
import { nodeAt, sortedEntries, sortedMapEntries, type ConfigNode, type MapNode, type Origin } from "./tree.ts";

const STRINGIFY = { version: "1.1", lineWidth: 0 } as const;

/**
 * The final config as YAML: sorted keys, secrets as `!secret <ref>`, optionally each value's origin as a comment.
 * Written directly (this runs once per environment, so it avoids a generic YAML serializer): strings are plain
 * only when no YAML 1.1 or 1.2 reader could take them for anything else, otherwise double-quoted.
 */
export function renderFinalConfig(root: MapNode, header: string, provenance = false): string {
  return yamlHeader(header) + (provenance ? renderBody(root, true) : memoBody(root));
}

/** The body without a header, memoised per root (the report's dry-run print renders the same config again). */
const bodyCache = new WeakMap<MapNode, string>();
function memoBody(root: MapNode): string {
  let body = bodyCache.get(root);
  if (body === undefined) bodyCache.set(root, (body = renderBody(root, false)));
  return body;
}

function renderBody(root: MapNode, provenance: boolean): string {
  const lines: string[] = [];
  if (root.entries.size === 0) lines.push("{}");
  else emitMap(root, "", lines, provenance);
  return `${lines.join("\n")}\n`;
}

function where(origin: Origin): string {
  return ` # ${origin.file}:${origin.span.line}:${origin.span.column} (${origin.layer})`;
}

function emitMap(node: MapNode, indent: string, lines: string[], provenance: boolean): void {
  for (const [k, e] of sortedMapEntries(node)) {
    const key = yamlString(k);
    const v = e.value;
    const comment = provenance && v.origin.file ? where(v.origin) : "";
    const inline = inlineText(v);
    if (inline !== undefined) {
      lines.push(`${indent}${key}: ${inline}${comment}`);
      continue;
    }
    lines.push(`${indent}${key}:${comment}`);
    emitBlock(v, `${indent}  `, lines, provenance);
  }
}

function emitBlock(node: ConfigNode, indent: string, lines: string[], provenance: boolean): void {
  if (node.kind === "map") return emitMap(node, indent, lines, provenance);
  if (node.kind !== "list") return;
  for (const item of node.items) {
    const comment = provenance && item.origin.file ? where(item.origin) : "";
    const inline = inlineText(item);
    if (inline !== undefined) {
      lines.push(`${indent}- ${inline}${comment}`);
      continue;
    }
    const start = lines.length;
    emitBlock(item, `${indent}  `, lines, provenance);
    lines[start] = `${indent}- ${lines[start]!.slice(indent.length + 2)}`;
  }
}

/** The one-line form of scalars, secrets and empty collections; undefined for block collections. */
function inlineText(node: ConfigNode): string | undefined {
  switch (node.kind) {
    case "map":
      return node.entries.size === 0 ? "{}" : undefined;
    case "list":
      return node.items.length === 0 ? "[]" : undefined;
    case "secret":
      return `!secret ${yamlString(node.ref)}`;
    case "unset":
      return "null";
    case "scalar": {
      const v = node.value;
      if (v === null) return "null";
      if (typeof v === "string") return yamlString(v);
      return String(v);
    }
  }
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@-]*(?::[A-Za-z0-9_./@-]+)*$/;
/** The `yaml` package reads `e5` and `E-3` as YAML 1.1 floats. */
const BARE_EXPONENT = /^[eE][-+]?[0-9]+$/;
const RESERVED_WORDS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

/** A YAML scalar for a string: plain when unambiguous in YAML 1.1 and 1.2, else a double-quoted (JSON) string. */
export function yamlString(s: string): string {
  // RESERVED_WORDS only match strings of at most 5 characters
  return PLAIN.test(s) && (s.length > 5 || !RESERVED_WORDS.test(s)) && !BARE_EXPONENT.test(s) ? s : JSON.stringify(s);
}

export interface HandoffSpec {
  readonly clusterInfo?: { readonly namespace: string; readonly data: Readonly<Record<string, string>> };
  readonly argocdCluster?: {
    readonly namespace: string;
    readonly name: string;
    readonly server: string;
    readonly credentials?: string | undefined;
  };
}

const MANAGED_BY = { "app.kubernetes.io/managed-by": "infraflux" };

/** The `cluster-info` ConfigMap for the platform side: plain, non-secret facts about the cluster. */
export function renderClusterInfo(
  config: MapNode,
  spec: NonNullable<HandoffSpec["clusterInfo"]>,
  header: string,
  file: string,
): { text?: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const data: Record<string, string> = {};
  for (const [key, path] of sortedEntries(Object.entries(spec.data))) {
    const v = scalarText(config, path, `cluster-info data "${key}"`, file, diagnostics);
    if (v !== undefined) data[key] = v;
  }
  if (diagnostics.length) return { diagnostics };
  const manifest = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "cluster-info", namespace: spec.namespace, labels: MANAGED_BY },
    data,
  };
  return {
    text:
      yamlHeader(header) +
      stringifyYaml11(manifest, () => new Document(manifest, { version: "1.1" }).toString(STRINGIFY)),
    diagnostics,
  };
}

/**
 * An Argo CD declarative cluster Secret that carries references, never secret material: the credentials
 * must be a `!secret` and appear only as its reference in an annotation, for the pipeline to resolve.
 */
export function renderArgoCluster(
  config: MapNode,
  spec: NonNullable<HandoffSpec["argocdCluster"]>,
  header: string,
  file: string,
): { text?: string; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const name = scalarText(config, spec.name, "argocdCluster name", file, diagnostics);
  const server = scalarText(config, spec.server, "argocdCluster server", file, diagnostics);
  let credentialsRef: string | undefined;
  if (spec.credentials !== undefined) {
    const node = nodeAt(config, spec.credentials);
    if (node?.kind === "secret") credentialsRef = node.ref;
    else
      diagnostics.push({
        code: "credentials-not-secret",
        severity: "error",
        message: `argocdCluster credentials "${spec.credentials}" must be a !secret reference${node ? `, found a ${node.kind}` : " but is not in the final config"}`,
        file: node?.origin.file ?? file,
        ...(node ? { span: node.origin.span } : {}),
        hint: "tag it !secret sops://…#KEY so no credential is written into the hand-off manifest",
      });
  }
  if (diagnostics.length || name === undefined || server === undefined) return { diagnostics };
  const manifest = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: `cluster-${name}`,
      namespace: spec.namespace,
      labels: { "argocd.argoproj.io/secret-type": "cluster", ...MANAGED_BY },
      ...(credentialsRef ? { annotations: { "infraflux.io/credentials-ref": credentialsRef } } : {}),
    },
    type: "Opaque",
    stringData: { name, server, config: JSON.stringify({ tlsClientConfig: { insecure: false } }) },
  };
  return {
    text:
      yamlHeader(header) +
      stringifyYaml11(manifest, () => new Document(manifest, { version: "1.1" }).toString(STRINGIFY)),
    diagnostics,
  };
}

function scalarText(
  config: MapNode,
  path: string,
  what: string,
  file: string,
  diagnostics: Diagnostic[],
): string | undefined {
  const node = nodeAt(config, path);
  if (node?.kind === "scalar" && node.value !== null) return String(node.value);
  diagnostics.push({
    code: node?.kind === "secret" ? "secret-in-handoff" : "invalid-handoff-value",
    severity: "error",
    message: node
      ? `${what} maps to "${path}", a ${node.kind === "secret" ? "secret" : "non-scalar or null"}; hand-off manifests hold plain strings only`
      : `${what} maps to "${path}", which is not in the final config`,
    file: node?.origin.file ?? file,
    ...(node ? { span: node.origin.span } : {}),
  });
  return undefined;
}
