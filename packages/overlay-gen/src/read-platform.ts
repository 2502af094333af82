import type { Result } from "@infraflux/diagnostics";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { FileChange } from "./emit.ts";
import { planNewApp, type AppType } from "./new-app.ts";

export interface ScaffoldAppOptions {
  readonly name: string;
  readonly type: AppType;
  /** Platform repository root (absolute). */
  readonly root: string;
  /** Explicit environments; default: the directories under `<root>/environments/`, else dev, staging, prod. */
  readonly environments?: readonly string[];
  readonly repoURL: string;
  readonly domain?: string;
}

/** Reads the platform repository's environments (IO), then plans the scaffold (pure). */
export function scaffoldApp(options: ScaffoldAppOptions): Result<{ readonly changes: readonly FileChange[] }> {
  const envRoot = join(options.root, "environments");
  const found = existsSync(envRoot)
    ? readdirSync(envRoot, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  const environments =
    options.environments && options.environments.length > 0
      ? options.environments
      : found.length > 0
        ? found
        : ["dev", "staging", "prod"];
  return planNewApp({
    name: options.name,
    type: options.type,
    environments,
    repoURL: options.repoURL,
    existing: (path) => existsSync(join(options.root, path)),
    ...(options.domain ? { domain: options.domain } : {}),
  });
}
