import type { TargetConfiguration } from "@nx/devkit";
import type { ConfigRootPlan, InfrafluxNxOptions, TargetInput } from "./types.ts";

/** The tool itself as an input: the installed versions of the CLI and the compiler (from the lock file). */
export const DEFAULT_TOOL_INPUTS: readonly TargetInput[] = [
  { externalDependencies: ["@infraflux/cli", "@infraflux/config-compiler"] },
];

const TECHNOLOGIES = ["infraflux"];

/**
 * The targets of one config root: `compile--<env>` and `check--<env>` per environment, with exactly the files that
 * environment reads as inputs and its output files as outputs; `compile` and `check` depend on all of them;
 * `validate` runs the validators over the root. Pure.
 */
export function planTargets(
  plan: ConfigRootPlan,
  options: InfrafluxNxOptions = {},
): Record<string, TargetConfiguration> {
  const cli = options.command ?? "infraflux";
  const root = plan.root === "" ? "." : plan.root;
  const out = options.outDir === undefined ? "" : ` --out ${options.outDir}`;
  const tool = options.toolInputs ?? DEFAULT_TOOL_INPUTS;
  const at = (file: string) => `{workspaceRoot}/${plan.root === "" ? "" : `${plan.root}/`}${file}`;
  const outputAt = (file: string) =>
    options.outDir === undefined ? at(file) : `{workspaceRoot}/${options.outDir}/${file}`;
  const targets: Record<string, TargetConfiguration> = {};
  for (const env of plan.environments) {
    const inputs = [...env.inputs.map(at), ...tool];
    const outputs = env.outputs.map(outputAt);
    targets[`compile--${env.name}`] = {
      command: `${cli} compile --root ${root} --env ${env.name}${out}`,
      cache: true,
      inputs,
      outputs,
      metadata: {
        technologies: TECHNOLOGIES,
        description: `Compile the ${env.name} environment (its tfvars, Helm values and hand-off manifests)`,
      },
    };
    // --check reads the committed outputs: they are inputs here, and it writes nothing.
    targets[`check--${env.name}`] = {
      command: `${cli} compile --root ${root} --env ${env.name}${out} --check`,
      cache: true,
      inputs: [...env.inputs.map(at), ...env.outputs.map(outputAt), ...tool],
      outputs: [],
      metadata: {
        technologies: TECHNOLOGIES,
        description: `Check that the committed outputs of ${env.name} match its config`,
      },
    };
  }
  const names = plan.environments.map((e) => e.name);
  targets.compile = aggregate(
    names.map((n) => `compile--${n}`),
    "Compile every environment",
  );
  targets.check = aggregate(
    names.map((n) => `check--${n}`),
    "Check every environment's committed outputs",
  );
  targets.validate = {
    command: `${cli} validate ${root}`,
    cache: true,
    inputs: ["{projectRoot}/**/*", ...tool],
    outputs: [],
    metadata: { technologies: TECHNOLOGIES, description: "Validate the repository (schemas, references, secrets)" },
  };
  return targets;
}

function aggregate(dependsOn: string[], description: string): TargetConfiguration {
  return { executor: "nx:noop", dependsOn, metadata: { technologies: TECHNOLOGIES, description } };
}

/** Nx's target groups, so its UI and the CI atomizer show the per-environment targets under their aggregate. */
export function planTargetGroups(plan: ConfigRootPlan): Record<string, string[]> {
  return {
    compile: plan.environments.map((e) => `compile--${e.name}`),
    check: plan.environments.map((e) => `check--${e.name}`),
  };
}
