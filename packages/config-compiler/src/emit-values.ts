import type { Diagnostic } from "@infraflux/diagnostics";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node as YamlNode } from "yaml";
import { spanOf } from "./parse.ts";
import { kindName, nodeAt, toPlain, type MapNode } from "./tree.ts";
import { suggestKey } from "./shape.ts";

export interface ValuesTemplate {
  readonly file: string;
  readonly text: string;
  /** Placeholder name → config path. */
  readonly placeholders: Readonly<Record<string, string>>;
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Renders Helm values from a template whose strings hold `${PLACEHOLDER}` markers mapped to config keys.
 * The template is read as YAML 1.1 (as Helm reads values) and written YAML 1.1-safe, so strings such as
 * `on`, `yes`, `y` and `0755` stay quoted. A marker that is the whole string takes the value with its type.
 */
export function renderHelmValues(template: ValuesTemplate, config: MapNode, header: string): { text: string | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lc = new LineCounter();
  const doc = parseDocument(template.text, { lineCounter: lc, version: "1.1", intAsBigInt: true, uniqueKeys: true });
  for (const e of doc.errors) diagnostics.push({ code: "yaml-syntax", severity: "error", message: e.message.split("\n")[0] ?? e.message, file: template.file, span: spanOf(lc, e.pos[0]) });
  if (doc.errors.length) return { text: undefined, diagnostics };

  const substitute = (text: string, start: number): unknown => {
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text);
    const resolve = (name: string): unknown => {
      const span = spanOf(lc, start);
      const path = template.placeholders[name];
      if (path === undefined) {
        const s = suggestKey(name, Object.keys(template.placeholders));
        diagnostics.push({ code: "unmapped-placeholder", severity: "error", message: `placeholder \${${name}} is not mapped to a config key.${s ? ` Did you mean "${s}"?` : ""}`, file: template.file, span, hint: `add ${name}: <config.path> to this component's placeholders in config/infraflux.config.yaml` });
        return undefined;
      }
      const node = nodeAt(config, path);
      if (!node) {
        diagnostics.push({ code: "dangling-reference", severity: "error", message: `placeholder \${${name}} maps to "${path}", which is not in the final config`, file: template.file, span });
        return undefined;
      }
      if (node.kind === "secret") {
        diagnostics.push({ code: "secret-in-values", severity: "error", message: `placeholder \${${name}} maps to the secret "${path}"; secrets are never written into Helm values`, file: template.file, span, hint: "reference an existing Kubernetes Secret from the chart (existingSecret) instead" });
        return undefined;
      }
      return toPlain(node);
    };
    if (whole) return resolve(whole[1]!) ?? text;
    return text.replace(PLACEHOLDER, (m, name: string) => {
      const v = resolve(name);
      if (v === undefined) return m;
      if (v !== null && typeof v === "object") {
        diagnostics.push({ code: "interpolate-non-scalar", severity: "error", message: `placeholder \${${name}} is spliced into a string but "${template.placeholders[name]}" is a ${kindName(nodeAt(config, template.placeholders[name]!)!)}`, file: template.file, span: spanOf(lc, start) });
        return m;
      }
      return String(v);
    });
  };

  const walk = (node: YamlNode | null): unknown => {
    if (node === null) return null;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) out[String(pair.key.value)] = walk(pair.value as YamlNode | null);
      return out;
    }
    if (isSeq(node)) return node.items.map((n) => walk(n as YamlNode));
    if (isScalar(node)) return typeof node.value === "string" && node.value.includes("${") ? substitute(node.value, node.range?.[0] ?? 0) : node.value;
    return (node as { toJSON?: () => unknown }).toJSON?.() ?? null;
  };
  const value = walk(doc.contents as YamlNode | null);
  if (diagnostics.length) return { text: undefined, diagnostics };
  return { text: yamlHeader(header) + stringify(value, { version: "1.1", lineWidth: 0 }), diagnostics };
}

export function yamlHeader(header: string): string {
  return header ? header.split("\n").filter((l) => l !== "").map((l) => `# ${l}\n`).join("") : "";
}
