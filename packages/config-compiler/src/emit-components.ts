import { closestMatch, type Diagnostic, type SourceSpan } from "@infraflux/diagnostics";
import type { CompileInput, FileChange, RequiredVariable } from "./compile-types.ts";
import { declaredVariables } from "./emit-outputs.ts";
import { renderTfvarsHcl, renderTfvarsJson } from "./emit-tfvars.ts";
import { mergeLayers } from "./merge.ts";
import { listStrategiesOf, projectSpan } from "./project.ts";
import { findSecret, nodeAt, type ConfigNode, type MapNode } from "./tree.ts";

export interface ComponentOutputs {
  readonly changes: FileChange[];
  readonly requiredVariables: RequiredVariable[];
  readonly diagnostics: Diagnostic[];
}

/**
 * One tfvars pair per Terraform component of the project config (abstract ones excepted). A component's values are
 * the global `vars`, then the values of the components it inherits (their own inherits first), then its own, merged
 * like layers. Every top-level key is a Terraform variable; a key set for the component (or inherited from a
 * component) must be declared in its variables.tf, global vars it does not declare are left out. Pure.
 */
export function emitTerraformComponents(
  input: CompileInput,
  env: string,
  header: string,
  final: MapNode,
): ComponentOutputs {
  const out: ComponentOutputs = { changes: [], requiredVariables: [], diagnostics: [] };
  for (const [name, component] of Object.entries(input.project.config.components.terraform)) {
    if (component.abstract) continue;
    if (component.path === undefined) {
      out.diagnostics.push({
        code: "component-without-path",
        severity: "error",
        message: `Terraform component "${name}" has no path; give it one, or mark it abstract: true`,
        ...componentKeySpan(input, name),
      });
      continue;
    }
    const chain = inheritanceChain(name, input, out.diagnostics);
    if (chain === undefined) continue;
    const variablesFile = component.variablesFile?.replaceAll("{component}", name);
    const declared = variablesFile === undefined ? undefined : declaredVariables(input.files.get(variablesFile));
    if (variablesFile !== undefined && declared === undefined) {
      out.diagnostics.push({
        code: "missing-file",
        severity: "error",
        message: `variablesFile ${variablesFile} of component "${name}" does not exist`,
        ...projectSpan(input.project, `components.terraform.${name}.variablesFile`),
      });
      continue;
    }
    const { variables, required } = componentVariables(input, final, { name, chain, variablesFile, declared }, out);
    const { vars, values } = input.project.config.components;
    const file = component.path.replaceAll("{env}", env).replaceAll("{component}", name);
    const hclHeader = `${header}\nTerraform component "${name}" (values: ${[vars, ...chain.map((n) => `${values}.${n}`)].join(" → ")})${
      required.length ? `\nSet by the pipeline, never written here: ${required.map((r) => r.name).join(", ")}` : ""
    }`;
    out.changes.push({ path: file, content: renderTfvarsHcl(variables, hclHeader) });
    out.changes.push({ path: `${file}.json`, content: renderTfvarsJson(variables) });
    out.requiredVariables.push(...required);
  }
  return out;
}

interface ComponentPlan {
  readonly name: string;
  /** Merge order of the components whose values make up this one's, ending with it. */
  readonly chain: readonly string[];
  readonly variablesFile: string | undefined;
  readonly declared: readonly string[] | undefined;
}

/** The component's Terraform variables (secrets become pipeline variables); problems go to `out.diagnostics`. */
function componentVariables(
  input: CompileInput,
  final: MapNode,
  plan: ComponentPlan,
  out: ComponentOutputs,
): { variables: Map<string, ConfigNode>; required: RequiredVariable[] } {
  const { vars, values } = input.project.config.components;
  const merged = componentValues(input, final, plan.chain);
  out.diagnostics.push(...merged.diagnostics);
  const specific = new Set(
    plan.chain.flatMap((n) => {
      const m = mapAt(final, `${values}.${n}`);
      return m ? [...m.entries.keys()] : [];
    }),
  );
  const variables = new Map<string, ConfigNode>();
  const required: RequiredVariable[] = [];
  for (const [key, entry] of merged.root.entries) {
    const path = `${specific.has(key) ? `${values}.${plan.name}` : vars}.${key}`;
    if (plan.declared && !plan.declared.includes(key)) {
      if (!specific.has(key)) continue; // a global var this root does not take
      const s = closestMatch(key, plan.declared);
      out.diagnostics.push({
        code: "undeclared-variable",
        severity: "error",
        message: `"${key}" is set for Terraform component "${plan.name}" but not declared in ${plan.variablesFile}.${s ? ` Did you mean "${s}"?` : ""}`,
        file: entry.keyOrigin.file,
        span: entry.keyOrigin.span,
        path,
      });
    } else if (entry.value.kind === "secret") required.push({ name: `TF_VAR_${key}`, ref: entry.value.ref, path });
    else {
      const nested = findSecret(entry.value, path);
      if (!nested) variables.set(key, entry.value);
      else
        out.diagnostics.push({
          code: "secret-in-variable",
          severity: "error",
          message: `Terraform variable "${key}" of component "${plan.name}" would contain the secret "${nested.path}"; secrets are never written into tfvars`,
          file: nested.node.origin.file,
          span: nested.node.origin.span,
          path: nested.path,
        });
    }
  }
  return { variables, required };
}

/** A component's values: the global vars, then each component of its chain, merged like layers. */
export function componentValues(input: CompileInput, final: MapNode, chain: readonly string[]) {
  const { vars, values } = input.project.config.components;
  const own = chain.map((n) => mapAt(final, `${values}.${n}`));
  return mergeLayers([mapAt(final, vars), ...own], { listStrategies: listStrategiesOf(input.project.config) });
}

/** The components whose values make up `name`'s, in merge order (ending with `name`); undefined after an error. */
export function inheritanceChain(name: string, input: CompileInput, diagnostics: Diagnostic[]): string[] | undefined {
  const all = input.project.config.components.terraform;
  const order: string[] = [];
  let failed = false;
  const visit = (current: string, path: readonly string[]): void => {
    if (order.includes(current)) return;
    for (const [i, parent] of (all[current]?.inherits ?? []).entries()) {
      const where = projectSpan(input.project, `components.terraform.${current}.inherits.${i}`);
      if (!(parent in all)) {
        const s = closestMatch(parent, Object.keys(all));
        diagnostics.push({
          code: "unknown-component",
          severity: "error",
          message: `component "${current}" inherits "${parent}", which components.terraform does not declare.${s ? ` Did you mean "${s}"?` : ""}`,
          ...where,
        });
        failed = true;
      } else if (path.includes(parent)) {
        diagnostics.push({
          code: "inherits-cycle",
          severity: "error",
          message: `inherits cycle: ${[...path.slice(path.indexOf(parent)), parent].join(" → ")}`,
          ...where,
        });
        failed = true;
      } else visit(parent, [...path, parent]);
    }
    if (!order.includes(current)) order.push(current);
  };
  visit(name, [name]);
  return failed ? undefined : order;
}

/** Where the project config names a component: its key under components.terraform. */
function componentKeySpan(input: CompileInput, name: string): { file: string; span?: SourceSpan } {
  const map = nodeAt(input.project.tree, "components.terraform");
  const entry = map?.kind === "map" ? map.entries.get(name) : undefined;
  return entry ? { file: input.project.file, span: entry.keyOrigin.span } : projectSpan(input.project, "components");
}

function mapAt(root: MapNode, path: string): MapNode | undefined {
  const node = nodeAt(root, path);
  return node?.kind === "map" ? node : undefined;
}
