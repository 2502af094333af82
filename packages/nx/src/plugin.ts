import { compileConfig, listEnvironments, loadCompileInput } from "@infraflux/config-compiler";
import { hasErrors } from "@infraflux/diagnostics";
import { type CreateNodesV2, createNodesFromFiles } from "@nx/devkit";
import { basename, dirname, join } from "node:path";
import { planEnvironmentFiles } from "./environment-files.ts";
import { planTargetGroups, planTargets } from "./targets.ts";
import type { CompiledEnvironment, ConfigRootPlan, InfrafluxNxOptions } from "./types.ts";

/** Every `config/infraflux.config.yaml` makes its parent directory a project. */
export const CONFIG_GLOB = "**/config/infraflux.config.yaml";

/**
 * Reads one config root and asks the compiler which files each environment reads and writes. An environment the
 * compiler rejects gets every loaded file as input (any fix re-runs it) and no outputs, so running its target
 * reports the errors.
 */
export function readConfigRoot(workspaceRoot: string, configFile: string): ConfigRootPlan {
  const configDirRel = dirname(configFile);
  const root = dirname(configDirRel) === "." ? "" : dirname(configDirRel);
  const loaded = loadCompileInput({ configDir: join(workspaceRoot, configDirRel), customFiles: [] });
  const { configDir, files } = loaded.input;
  const names = listEnvironments(configDir, files.keys());
  const all = [...files.keys()].filter((f) => !f.startsWith("/") && !f.startsWith("../")).sort();
  const result = hasErrors(loaded.diagnostics)
    ? { environments: [], diagnostics: loaded.diagnostics }
    : compileConfig(loaded.input, { envs: names });
  const failed = new Set(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.file));
  const compiled: CompiledEnvironment[] = result.environments
    .filter((e) => !e.layers.some((l) => failed.has(l.file)))
    .map((e) => ({
      name: e.env,
      layers: e.layers.map((l) => l.file),
      secretFiles: e.secretReferences.map((s) => s.nameFrom),
      outputs: e.changes.map((c) => c.path),
    }));
  const planned = planEnvironmentFiles(all, configDir, compiled);
  const environments = names.map((name) => planned.find((e) => e.name === name) ?? { name, inputs: all, outputs: [] });
  return { root, environments };
}

/**
 * The plugin: add `"plugins": ["@infraflux/nx"]` to nx.json. One project per config root, with
 * `compile--<env>`, `check--<env>`, `compile`, `check` and `validate` targets.
 */
export const createNodesV2: CreateNodesV2<InfrafluxNxOptions> = [
  CONFIG_GLOB,
  (configFiles, options, context) =>
    createNodesFromFiles(
      (configFile, opts) => {
        const plan = readConfigRoot(context.workspaceRoot, configFile);
        const projectRoot = plan.root === "" ? "." : plan.root;
        return {
          projects: {
            [projectRoot]: {
              root: projectRoot,
              // at the workspace root the project keeps the name package.json gives it
              ...(plan.root === "" ? {} : { name: basename(plan.root) }),
              targets: planTargets(plan, opts ?? {}),
              metadata: { technologies: ["infraflux"], targetGroups: planTargetGroups(plan) },
            },
          },
        };
      },
      configFiles,
      options,
      context,
    ),
];
