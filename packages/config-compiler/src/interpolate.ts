import { dedupeDiagnostics, type Diagnostic } from "@infraflux/diagnostics";
import { joinPath, kindName, nodeAt, type ConfigNode, type MapEntry, type MapNode, type Origin } from "./tree.ts";

export interface InterpolateOptions {
  /** Allow `${env:NAME}` (the CLI's `--allow-env`). Default false. */
  readonly allowEnv?: boolean;
  /** Environment variables, passed in (libraries never read process.env). */
  readonly envVars?: Readonly<Record<string, string | undefined>>;
  /**
   * Values a reference may name besides the config's own keys, by dot path (`{ "env.name": "prod" }`); a key of the
   * config with the same path wins. `${component.name}` is always known below `components.<name>`.
   */
  readonly context?: Readonly<Record<string, string>>;
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}/g;

/**
 * Resolves `${path.to.key}` references in strings against the merged config. A string that is exactly one
 * reference takes the referenced value with its type; otherwise scalars are spliced in as text. `$${` writes a
 * literal `${`. Cycles and dangling references are errors naming the chain.
 */
export function interpolateConfig(
  root: MapNode,
  options: InterpolateOptions = {},
): { root: MapNode; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const resolved = new Map<string, ConfigNode>();
  const visiting: string[] = [];

  // Resolves a node once per path; `visiting` is the chain a cycle error names.
  const resolveOnce = (node: ConfigNode, path: string): ConfigNode => {
    const done = resolved.get(path);
    if (done) return done;
    visiting.push(path);
    try {
      const out = resolveNode(node, path);
      resolved.set(path, out);
      return out;
    } finally {
      visiting.pop();
    }
  };

  const resolvePath = (path: string): ConfigNode | undefined => {
    const done = resolved.get(path);
    if (done) return done;
    const node = nodeAt(root, path);
    return node ? resolveOnce(node, path) : undefined;
  };

  const resolveChild = (node: ConfigNode, path: string): ConfigNode =>
    hasReference(node) ? resolveOnce(node, path) : node;

  const resolveNode = (node: ConfigNode, path: string): ConfigNode => {
    if (node.kind === "map") {
      const entries = new Map<string, MapEntry>();
      // entries without references are shared as they are (no path built, no copy)
      for (const [k, e] of node.entries)
        entries.set(
          k,
          hasReference(e.value) ? { keyOrigin: e.keyOrigin, value: resolveChild(e.value, joinPath(path, k)) } : e,
        );
      return { kind: "map", entries, origin: node.origin };
    }
    if (node.kind === "list")
      return {
        kind: "list",
        items: node.items.map((n, i) => (hasReference(n) ? resolveChild(n, joinPath(path, i)) : n)),
        origin: node.origin,
      };
    if (node.kind !== "scalar" || typeof node.value !== "string" || !node.value.includes("${")) return node;
    return resolveString(node.value, node.origin, path);
  };

  const resolveString = (text: string, origin: Origin, path: string): ConfigNode => {
    const whole = /^\$\{([^}]*)\}$/.exec(text);
    if (whole && !whole[1]!.startsWith("env:")) {
      const target = lookup(whole[1]!.trim(), origin, path);
      return target ? { ...target, origin } : { kind: "scalar", value: text, origin };
    }
    let failed = false;
    const value = text.replace(TOKEN, (match, ref: string | undefined) => {
      if (match === "$${") return "${";
      const name = (ref ?? "").trim();
      if (name.startsWith("env:")) {
        const env = envValue(name.slice(4), origin, path);
        if (env === undefined) failed = true;
        return env ?? match;
      }
      const target = lookup(name, origin, path);
      if (!target) {
        failed = true;
        return match;
      }
      if (target.kind === "scalar" && target.value !== null && typeof target.value !== "object")
        return String(target.value);
      failed = true;
      diagnostics.push({
        code: target.kind === "secret" ? "secret-in-string" : "interpolate-non-scalar",
        severity: "error",
        message:
          target.kind === "secret"
            ? `"${path}" splices the secret "${name}" into a string; secrets are never resolved into outputs`
            : `"${path}" splices "${name}" into a string, but it is a ${kindName(target)}`,
        file: origin.file,
        span: origin.span,
        path,
        hint: `make the string exactly "\${${name}}" to copy the value with its type`,
      });
      return match;
    });
    return { kind: "scalar", value: failed ? text : value, origin };
  };

  const lookup = (ref: string, origin: Origin, path: string): ConfigNode | undefined => {
    if (visiting.includes(ref)) {
      const loop = visiting.slice(visiting.indexOf(ref));
      const chain = [...loop.filter((p, i) => !loop[i + 1]?.startsWith(`${p}.`)), ref];
      diagnostics.push({
        code: "interpolation-cycle",
        severity: "error",
        message: `reference cycle: ${chain.join(" → ")}`,
        file: origin.file,
        span: origin.span,
        path,
        hint: "break the cycle by setting one of these keys to a literal value",
      });
      return undefined;
    }
    // `${component.name}` is the component whose values hold the reference (`components.<name>.…`)
    const fromContext =
      options.context?.[ref] ?? (ref === "component.name" ? /^components\.([^.[]+)\./.exec(path)?.[1] : undefined);
    const target =
      resolvePath(ref) ?? (fromContext === undefined ? undefined : { kind: "scalar", value: fromContext, origin });
    if (!target) {
      const chain = [...visiting.filter((p, i) => p !== "" && !visiting[i + 1]?.startsWith(`${p}.`)), ref].join(" → ");
      diagnostics.push({
        code: "dangling-reference",
        severity: "error",
        message: `"\${${ref}}" refers to a key that does not exist in the final config (${chain})`,
        file: origin.file,
        span: origin.span,
        path,
        hint: "check the spelling, or write $${ for a literal ${",
      });
    }
    return target;
  };

  const envValue = (name: string, origin: Origin, path: string): string | undefined => {
    if (!options.allowEnv) {
      diagnostics.push({
        code: "env-not-allowed",
        severity: "error",
        message: `"\${env:${name}}" reads an environment variable, which needs --allow-env`,
        file: origin.file,
        span: origin.span,
        path,
        hint: "pass --allow-env, or use a !secret env:// reference for secret values",
      });
      return undefined;
    }
    const value = options.envVars?.[name];
    if (value === undefined)
      diagnostics.push({
        code: "env-missing",
        severity: "error",
        message: `environment variable ${name} is not set`,
        file: origin.file,
        span: origin.span,
        path,
      });
    return value;
  };

  const out = resolvePath("") as MapNode;
  return { root: out, diagnostics: dedupeDiagnostics(diagnostics) };
}

const referenceCache = new WeakMap<ConfigNode, boolean>();

/** Whether a subtree holds any string with `${` (memoised per node: merged trees share unchanged subtrees). */
function hasReference(node: ConfigNode): boolean {
  if (node.kind === "scalar") return typeof node.value === "string" && node.value.includes("${");
  if (node.kind !== "map" && node.kind !== "list") return false;
  const hit = referenceCache.get(node);
  if (hit !== undefined) return hit;
  let result = false;
  if (node.kind === "map") {
    for (const e of node.entries.values())
      if (hasReference(e.value)) {
        result = true;
        break;
      }
  } else result = node.items.some(hasReference);
  referenceCache.set(node, result);
  return result;
}
