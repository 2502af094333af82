// Builds workspace packages to JavaScript with declarations in <package>/dist, the same way for every package:
// src/index.ts and src/bin.ts and every module they import, compiled by tsc with tsconfig.build.json (relative `.ts` imports rewritten to `.js`).
// The workspace packages it depends on are built first (when their dist/ is older than their sources), so
// `npm pack --workspaces` works in any order: each package's `prepack` runs this script in its own directory.
//   node ../../scripts/build-package.ts        (prepack: the package in the working directory)
//   node scripts/build-package.ts [DIR...]     (from the root: the named packages, or all of them)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { readWorkspacePackages, type WorkspacePackage } from "./package-manifests.ts";

const ROOT = resolve(import.meta.dirname, "..");
const ENTRY_POINTS = ["src/index.ts", "src/bin.ts"];

/** The package and the workspace packages it depends on, dependencies first. */
export function planBuildOrder(targets: readonly string[], packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((p) => [p.manifest.name, p]));
  const byDir = new Map(packages.map((p) => [p.dir, p]));
  const order: WorkspacePackage[] = [];
  const visit = (p: WorkspacePackage, path: readonly string[]): void => {
    if (order.includes(p)) return;
    if (path.includes(p.dir))
      throw new Error(`dependency cycle between workspace packages: ${[...path, p.dir].join(" → ")}`);
    const deps = Object.keys((p.manifest.dependencies as Record<string, string> | undefined) ?? {});
    for (const d of deps) {
      const dep = byName.get(d);
      if (dep) visit(dep, [...path, p.dir]);
    }
    order.push(p);
  };
  for (const t of targets) {
    const p = byDir.get(t);
    if (!p) throw new Error(`${t} is not a workspace package (expected packages/<name> with a package.json)`);
    visit(p, []);
  }
  return order;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

function isUpToDate(abs: string): boolean {
  const dist = join(abs, "dist");
  const built = existsSync(dist) ? newestMtime(dist) : 0;
  return built > Math.max(newestMtime(join(abs, "src")), statSync(join(abs, "package.json")).mtimeMs);
}

/** Compiles one package into its dist/ (emptied first). */
function runTsc(pkg: WorkspacePackage): void {
  const abs = join(ROOT, pkg.dir);
  rmSync(join(abs, "dist"), { recursive: true, force: true });
  // tsconfig paths resolve relative to the file that declares them, so the per-package config is written to a
  // temporary directory with absolute paths instead of living in every package.
  const tmp = mkdtempSync(join(tmpdir(), "infraflux-build-"));
  const config = join(tmp, "tsconfig.json");
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(ROOT, "tsconfig.build.json"),
      compilerOptions: {
        rootDir: join(abs, "src"),
        outDir: join(abs, "dist"),
        typeRoots: [join(ROOT, "node_modules/@types")],
      },
      // Entry points only: tsc follows their imports (dynamic ones too), so test helpers never ship.
      files: ENTRY_POINTS.map((f) => join(abs, f)).filter((f) => existsSync(f)),
    }),
  );
  const result = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", config], { stdio: "inherit" });
  rmSync(tmp, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`tsc failed for ${pkg.dir} (exit ${result.status ?? result.signal})`);
}

export function buildPackages(targets: readonly string[], options: { readonly force?: boolean } = {}): void {
  const packages = readWorkspacePackages(ROOT);
  for (const pkg of planBuildOrder(targets, packages)) {
    const isTarget = targets.includes(pkg.dir);
    if (!isTarget && !options.force && isUpToDate(join(ROOT, pkg.dir))) continue;
    process.stderr.write(`building ${pkg.dir}\n`);
    runTsc(pkg);
  }
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const cwd = relative(ROOT, process.cwd());
  const targets = args.length
    ? args.map((a) => relative(ROOT, resolve(a)))
    : cwd.startsWith("packages/")
      ? [cwd]
      : readWorkspacePackages(ROOT).map((p) => p.dir);
  buildPackages(targets);
}
