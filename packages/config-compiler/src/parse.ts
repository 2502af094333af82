import type { Diagnostic, SourceSpan } from "@infraflux/diagnostics";
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type CollectionTag,
  type Document,
  type Node as YamlNode,
  type ScalarTag,
} from "yaml";
import type { ConfigNode, ListNode, MapEntry, MapNode, MergeTag, Origin } from "./tree.ts";

/** Above this many nodes produced through aliases a file is rejected (billion-laughs protection). */
const MAX_ALIAS_NODES = 10_000;

export interface ParsedYaml {
  readonly root: ConfigNode | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

interface Ctx {
  readonly text: string;
  readonly file: string;
  readonly layer: string;
  readonly lc: LineCounter;
  readonly doc: Document;
  readonly diagnostics: Diagnostic[];
  aliasNodes: number;
  aliasReported: boolean;
  /** The alias the user wrote that is being expanded (reported instead of the nested ones). */
  outerAlias: YamlNode | undefined;
}

/**
 * Parses one config layer with source positions. Understands the merge tags `!unset`, `!replace`,
 * `!append`, `!prepend`, `!merge-by:<key>` and `!secret <ref>`. Reports syntax errors, duplicate keys,
 * unknown tags and alias bombs as diagnostics, all of them.
 */
export function parseConfigYaml(text: string, file: string, layer: string): ParsedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lc,
    intAsBigInt: true,
    uniqueKeys: true,
    prettyErrors: false,
    customTags: customTagsFor(text),
  });
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const code = e.code === "DUPLICATE_KEY" ? "duplicate-key" : "yaml-syntax";
    diagnostics.push({
      code,
      severity: "error",
      message: firstLine(e.message),
      file,
      span: spanOf(lc, e.pos[0], e.pos[1]),
    });
  }
  if (doc.errors.length > 0) return { root: undefined, diagnostics };
  const ctx: Ctx = {
    text,
    file,
    layer,
    lc,
    doc,
    diagnostics,
    aliasNodes: 0,
    aliasReported: false,
    outerAlias: undefined,
  };
  const root = doc.contents ? convert(doc.contents as YamlNode, ctx, "") : undefined;
  return { root, diagnostics };
}

/** Parses a layer file whose top level must be a map. */
export function parseLayer(
  text: string,
  file: string,
  layer: string,
): { root: MapNode | undefined; diagnostics: readonly Diagnostic[] } {
  const parsed = parseConfigYaml(text, file, layer);
  if (parsed.root === undefined || parsed.root.kind === "map")
    return { root: parsed.root as MapNode | undefined, diagnostics: parsed.diagnostics };
  if (parsed.root.kind === "scalar" && parsed.root.value === null)
    return { root: undefined, diagnostics: parsed.diagnostics };
  return {
    root: undefined,
    diagnostics: [
      ...parsed.diagnostics,
      {
        code: "not-a-map",
        severity: "error",
        message: `the top level of a config layer must be a map, found ${parsed.root.kind}`,
        file,
        span: parsed.root.origin.span,
      },
    ],
  };
}

type TagDef = CollectionTag | ScalarTag;
const scalarTag = (tag: string): ScalarTag => ({ tag, resolve: (s: string) => s });
const collectionTag = (tag: string, collection: "map" | "seq"): CollectionTag =>
  ({ tag, collection, resolve: (n) => n }) as CollectionTag;
const FIXED_TAGS: TagDef[] = [
  scalarTag("!unset"),
  scalarTag("!secret"),
  ...["!append", "!prepend", "!replace"].map((tag) => collectionTag(tag, "seq")),
  collectionTag("!replace", "map"),
];

/** Registers our tags with the parser (no unresolved-tag warnings, whose stack traces are costly); tagging stays on the nodes. */
function customTagsFor(text: string): TagDef[] {
  if (!text.includes("!")) return [];
  const mergeBy = new Set(text.match(/!merge-by:[A-Za-z0-9_.-]+/g) ?? []);
  return [...FIXED_TAGS, ...[...mergeBy].map((tag) => collectionTag(tag, "seq"))];
}

export function spanOf(lc: LineCounter, start: number, end?: number): SourceSpan {
  const a = lc.linePos(start);
  if (end === undefined || end <= start) return { line: a.line, column: a.col };
  const b = lc.linePos(end);
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

function originOf(node: YamlNode, ctx: Ctx, fallback?: number): Origin {
  const range = node.range;
  let start = range && range[1] > range[0] ? range[0] : (fallback ?? range?.[0] ?? 0);
  // a tagged node's range starts after its tag: point at the tag, which is what the user wrote
  if (node.tag?.startsWith("!") && range) {
    const at = ctx.text.lastIndexOf(node.tag, range[0]);
    if (at >= 0 && /^\s*$/.test(ctx.text.slice(at + node.tag.length, range[0]))) start = at;
  }
  return {
    layer: ctx.layer,
    file: ctx.file,
    span: spanOf(ctx.lc, start, range && range[1] > range[0] ? range[1] : undefined),
  };
}

function parseTag(
  tag: string | undefined,
  node: YamlNode,
  ctx: Ctx,
  path: string,
): { tag?: MergeTag; unset?: boolean; secret?: boolean } {
  if (tag === undefined || tag.startsWith("tag:yaml.org,2002:")) return {};
  const report = (message: string) =>
    ctx.diagnostics.push({
      code: "unknown-tag",
      severity: "error",
      message,
      file: ctx.file,
      span: originOf(node, ctx).span,
      path,
      hint: "use one of !unset, !replace, !append, !prepend, !merge-by:<key>, !secret <ref>",
    });
  switch (tag) {
    case "!unset":
      return { unset: true };
    case "!secret":
      return { secret: true };
    case "!replace":
      return { tag: "replace" };
    case "!append":
      return { tag: { kind: "append" } };
    case "!prepend":
      return { tag: { kind: "prepend" } };
  }
  const mergeBy = /^!merge-by:([A-Za-z0-9_.-]+)$/.exec(tag);
  if (mergeBy?.[1]) return { tag: { kind: "merge-by", key: mergeBy[1] } };
  report(`unknown tag ${tag}`);
  return {};
}

function convert(node: YamlNode, ctx: Ctx, path: string, keyStart?: number): ConfigNode {
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    if (!target) {
      ctx.diagnostics.push({
        code: "yaml-syntax",
        severity: "error",
        message: `unresolved alias *${node.source}`,
        file: ctx.file,
        span: originOf(node, ctx).span,
        path,
      });
      return { kind: "scalar", value: null, origin: originOf(node, ctx) };
    }
    ctx.aliasNodes += countNodes(target as YamlNode, MAX_ALIAS_NODES + 1);
    if (ctx.aliasNodes > MAX_ALIAS_NODES) {
      if (!ctx.aliasReported) {
        ctx.diagnostics.push({
          code: "alias-bomb",
          severity: "error",
          message: `aliases expand to more than ${MAX_ALIAS_NODES} nodes (a resource exhaustion attack or a mistake)`,
          file: ctx.file,
          span: originOf(ctx.outerAlias ?? node, ctx).span,
          path,
          hint: "write the repeated values out, or reference them with ${path} interpolation",
        });
        ctx.aliasReported = true;
      }
      return { kind: "scalar", value: null, origin: originOf(node, ctx) };
    }
    const isOuter = ctx.outerAlias === undefined;
    if (isOuter) ctx.outerAlias = node;
    try {
      return convert(target as YamlNode, ctx, path, keyStart);
    } finally {
      if (isOuter) ctx.outerAlias = undefined;
    }
  }
  const origin = originOf(node, ctx, keyStart);
  const { tag, unset, secret } = parseTag(node.tag, node, ctx, path);
  if (unset) return { kind: "unset", origin };
  if (secret) {
    if (!isScalar(node) || typeof node.value !== "string" || node.value === "") {
      ctx.diagnostics.push({
        code: "invalid-secret",
        severity: "error",
        message: "!secret needs a reference string such as sops://secrets/x.sops.yaml#KEY or env://TF_VAR_name",
        file: ctx.file,
        span: origin.span,
        path,
      });
      return { kind: "scalar", value: null, origin };
    }
    return { kind: "secret", ref: node.value, origin };
  }
  if (isMap(node)) {
    const entries = new Map<string, MapEntry>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : undefined;
      const keyOrigin = keyNode ? originOf(keyNode, ctx) : origin;
      if (key === undefined) {
        ctx.diagnostics.push({
          code: "invalid-key",
          severity: "error",
          message: "map keys must be scalars",
          file: ctx.file,
          span: keyOrigin.span,
          path,
        });
        continue;
      }
      const childPath = path === "" ? key : `${path}.${key}`;
      const value: ConfigNode = pair.value
        ? convert(pair.value as YamlNode, ctx, childPath, keyNode?.range?.[0])
        : { kind: "scalar", value: null, origin: keyOrigin };
      entries.set(key, { keyOrigin, value });
    }
    const result: MapNode = { kind: "map", entries, origin, ...(tag ? { tag } : {}) };
    if (tag && tag !== "replace") misplacedTag(ctx, origin, path, "a map");
    return result;
  }
  if (isSeq(node)) {
    const items = node.items.map((item, i) => convert(item as YamlNode, ctx, `${path}.${i}`));
    const result: ListNode = { kind: "list", items, origin, ...(tag ? { tag } : {}) };
    return result;
  }
  if (isScalar(node)) {
    if (tag) misplacedTag(ctx, origin, path, "a scalar");
    const v = node.value;
    if (typeof v === "number" && !Number.isFinite(v)) {
      ctx.diagnostics.push({
        code: "invalid-number",
        severity: "error",
        message: `${node.source} cannot be represented in Terraform or JSON`,
        file: ctx.file,
        span: origin.span,
        path,
      });
      return { kind: "scalar", value: null, origin };
    }
    const value =
      v === null || typeof v === "string" || typeof v === "number" || typeof v === "bigint" || typeof v === "boolean"
        ? v
        : String(v);
    return { kind: "scalar", value, origin };
  }
  return { kind: "scalar", value: null, origin };
}

function misplacedTag(ctx: Ctx, origin: Origin, path: string, what: string): void {
  ctx.diagnostics.push({
    code: "misplaced-tag",
    severity: "error",
    message: `this merge tag does not apply to ${what}`,
    file: ctx.file,
    span: origin.span,
    path,
    hint: "!append, !prepend and !merge-by apply to lists; !replace to maps and lists",
  });
}

function countNodes(node: YamlNode, limit: number): number {
  let n = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0 && n < limit) {
    const cur = stack.pop();
    n++;
    if (isMap(cur)) for (const p of cur.items) stack.push(p.value);
    else if (isSeq(cur)) for (const i of cur.items) stack.push(i);
    else if (isAlias(cur)) n += 1;
  }
  return n;
}
