import type { Diagnostic } from "@infraflux/diagnostics";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from "yaml";
import { stringifyYaml11 } from "./emit-yaml11.ts";
import { spanOf } from "./parse.ts";
import { findSecret, kindName, nodeAt, toPlain, type MapNode } from "./tree.ts";
import { suggestKey } from "./shape.ts";

export interface ValuesTemplate {
  readonly file: string;
  readonly text: string;
  /** Placeholder name → config path. */
  readonly placeholders: Readonly<Record<string, string>>;
  /** Values path → Secret name or key, written after the placeholders (from the output's `secrets:`). */
  readonly settings?: readonly { readonly path: string; readonly value: string }[];
  /** Config paths of the secrets this output declares → the values path that references them. */
  readonly declaredSecrets?: ReadonlyMap<string, string>;
  /** Where this output's `secrets:` lives, for hints (default: "this component's secrets"). */
  readonly secretsOption?: string;
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Renders Helm values from a template whose strings hold `${PLACEHOLDER}` markers mapped to config keys.
 * The template is read as YAML 1.1 (as Helm reads values) and written YAML 1.1-safe, so strings such as
 * `on`, `yes`, `y` and `0755` stay quoted. A marker that is the whole string takes the value with its type.
 */
export function renderHelmValues(
  template: ValuesTemplate,
  config: MapNode,
  header: string,
): { text: string | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { lc, doc } = parseTemplate(template.text);
  for (const e of doc.errors)
    diagnostics.push({
      code: "yaml-syntax",
      severity: "error",
      message: e.message.split("\n")[0] ?? e.message,
      file: template.file,
      span: spanOf(lc, e.pos[0]),
    });
  if (doc.errors.length) return { text: undefined, diagnostics };

  const substitute = (text: string, start: number): unknown => {
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text);
    const resolve = (name: string): unknown => {
      const span = spanOf(lc, start);
      const path = template.placeholders[name];
      if (path === undefined) {
        const s = suggestKey(name, Object.keys(template.placeholders));
        diagnostics.push({
          code: "unmapped-placeholder",
          severity: "error",
          message: `placeholder \${${name}} is not mapped to a config key.${s ? ` Did you mean "${s}"?` : ""}`,
          file: template.file,
          span,
          hint: `add ${name}: <config.path> to this component's placeholders in config/infraflux.config.yaml`,
        });
        return undefined;
      }
      const node = nodeAt(config, path);
      if (!node) {
        diagnostics.push({
          code: "dangling-reference",
          severity: "error",
          message: `placeholder \${${name}} maps to "${path}", which is not in the final config`,
          file: template.file,
          span,
        });
        return undefined;
      }
      const secret = findSecret(node, path);
      if (secret) {
        const option = template.secretsOption ?? "this component's secrets";
        const declared = template.declaredSecrets?.get(secret.path);
        const hint = declared
          ? `remove the placeholder: the chart already finds the Secret through ${declared} (${option})`
          : `let the chart read an existing Kubernetes Secret instead: declare it under ${option} in config/infraflux.config.yaml, e.g. secrets: { <the chart's existingSecret value, such as admin.existingSecret>: { secret: ${secret.path} } }, and remove the placeholder`;
        diagnostics.push({
          code: "secret-in-values",
          severity: "error",
          message: `placeholder \${${name}} maps to ${secret.path === path ? "" : `"${path}", which holds `}the secret "${secret.path}"; secrets are never written into Helm values`,
          file: template.file,
          span,
          hint,
        });
        return undefined;
      }
      return toPlain(node);
    };
    if (whole) return resolve(whole[1]!) ?? text;
    return text.replace(PLACEHOLDER, (m, name: string) => {
      const v = resolve(name);
      if (v === undefined) return m;
      if (v !== null && typeof v === "object") {
        diagnostics.push({
          code: "interpolate-non-scalar",
          severity: "error",
          message: `placeholder \${${name}} is spliced into a string but "${template.placeholders[name]}" is a ${kindName(nodeAt(config, template.placeholders[name]!)!)}`,
          file: template.file,
          span: spanOf(lc, start),
        });
        return m;
      }
      return String(v);
    });
  };

  const walk = (node: YamlNode | null): unknown => {
    if (node === null) return null;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items)
        if (isPair(pair) && isScalar(pair.key)) out[String(pair.key.value)] = walk(pair.value as YamlNode | null);
      return out;
    }
    if (isSeq(node)) return node.items.map((n) => walk(n as YamlNode));
    if (isScalar(node))
      return typeof node.value === "string" && node.value.includes("${")
        ? substitute(node.value, node.range?.[0] ?? 0)
        : node.value;
    return (node as { toJSON?: () => unknown }).toJSON?.() ?? null;
  };
  const value = walk(doc.contents as YamlNode | null);
  for (const s of template.settings ?? []) setValue(value, s.path, s.value, template.file, diagnostics);
  if (diagnostics.length) return { text: undefined, diagnostics };
  return { text: yamlHeader(header) + stringifyYaml11(value), diagnostics };
}

/** Parsed templates by text: every environment renders the same few templates (the parsed document is only read). */
const templateCache = new Map<string, { lc: LineCounter; doc: Document.Parsed }>();
const TEMPLATE_CACHE_SIZE = 64;

function parseTemplate(text: string): { lc: LineCounter; doc: Document.Parsed } {
  const hit = templateCache.get(text);
  if (hit) return hit;
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, version: "1.1", intAsBigInt: true, uniqueKeys: true });
  if (templateCache.size >= TEMPLATE_CACHE_SIZE) templateCache.clear();
  templateCache.set(text, { lc, doc });
  return { lc, doc };
}

/** Sets a dot path in the rendered values, creating maps; a non-map on the way is an error. Mutates `root`, which this module built. */
function setValue(root: unknown, path: string, value: string, file: string, diagnostics: Diagnostic[]): void {
  const segs = path.split(".");
  let cur = root;
  for (const [i, seg] of segs.entries()) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) {
      diagnostics.push({
        code: "secret-path-conflict",
        severity: "error",
        message: `cannot set ${path}: ${segs.slice(0, i).join(".") || "the top level"} is not a map in the values template`,
        file,
        hint: "point the secret reference at a map key of the chart's values",
      });
      return;
    }
    const map = cur as Record<string, unknown>;
    if (i === segs.length - 1) map[seg] = value;
    else cur = map[seg] ??= {};
  }
}

export function yamlHeader(header: string): string {
  return header
    ? header
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => `# ${l}\n`)
        .join("")
    : "";
}
