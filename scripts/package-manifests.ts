// Keeps the publishable fields of every packages/*/package.json in one shape, so a new package gets them by running
// `npm run packages:sync` (and the test in scripts/package-manifests.test.ts fails until someone does).
//   node scripts/package-manifests.ts          rewrite the manifests that differ
//   node scripts/package-manifests.ts --check  list them and exit 1
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The export condition under which the monorepo resolves a workspace package to its TypeScript sources. */
export const SOURCE_CONDITION = "@infraflux/source";
export const REPOSITORY_URL = "git+https://github.com/org/infraflux-toolkit.git";

const OWNED = new Set([
  "name",
  "version",
  "description",
  "license",
  "repository",
  "type",
  "types",
  "exports",
  "bin",
  "files",
  "engines",
  "publishConfig",
  "scripts",
  "dependencies",
  "peerDependencies",
  "devDependencies",
]);

export type Manifest = Record<string, unknown> & { name: string; version: string };

export interface WorkspacePackage {
  /** Repository-relative directory, e.g. `packages/cli`. */
  readonly dir: string;
  readonly manifest: Manifest;
  /** Files and folders at the package root besides package.json (to ship schemas). */
  readonly entries: readonly string[];
  readonly hasIndex: boolean;
  readonly hasBin: boolean;
}

/** Every workspace package under packages/, read from disk. */
export function readWorkspacePackages(root: string): WorkspacePackage[] {
  return readdirSync(join(root, "packages"), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, "packages", d.name, "package.json")))
    .map((d) => {
      const dir = `packages/${d.name}`;
      const abs = join(root, dir);
      return {
        dir,
        manifest: JSON.parse(readFileSync(join(abs, "package.json"), "utf8")) as Manifest,
        entries: readdirSync(abs),
        hasIndex: existsSync(join(abs, "src/index.ts")),
        hasBin: existsSync(join(abs, "src/bin.ts")),
      };
    })
    .sort((a, b) => a.dir.localeCompare(b.dir));
}

/**
 * The manifest a package should have: built JS and declarations in dist/ for users (the `default` and `types`
 * conditions), its TypeScript sources under the source condition for the monorepo, `prepack` building it, internal
 * dependencies pinned to a caret range of their current version. Pure: fields it does not own are kept as they are.
 */
export function planManifest(pkg: WorkspacePackage, versions: ReadonlyMap<string, string>): Manifest {
  const m = pkg.manifest;
  const { private: _private, main: _main, ...others } = m;
  const rest = Object.fromEntries(Object.entries(others).filter(([k]) => !OWNED.has(k)));
  const schemas = pkg.entries.filter((e) => e === "schema" || e.endsWith(".schema.json")).sort();
  const exports = pkg.hasIndex
    ? {
        ".": { [SOURCE_CONDITION]: "./src/index.ts", types: "./dist/index.d.ts", default: "./dist/index.js" },
        "./package.json": "./package.json",
      }
    : { "./package.json": "./package.json" };
  const deps = (field: string): Record<string, unknown> => {
    const list = m[field] as Record<string, string> | undefined;
    if (!list) return {};
    const pinned = Object.entries(list).map(([name, range]) => {
      const version = versions.get(name);
      return [name, version === undefined ? range : `^${version}`];
    });
    return { [field]: Object.fromEntries(pinned) };
  };
  // Fields this plan owns come first, in a fixed order; the others follow as they were.
  return {
    name: m.name,
    version: m.version,
    description: m.description ?? "",
    license: "MIT",
    repository: { type: "git", url: REPOSITORY_URL, directory: pkg.dir },
    type: "module",
    ...(pkg.hasIndex ? { types: "./dist/index.d.ts" } : {}),
    exports,
    ...(pkg.hasBin ? { bin: { infraflux: "./bin/infraflux.js" } } : {}),
    files: ["dist", ...(pkg.hasBin ? ["bin"] : []), ...schemas],
    engines: { node: ">=24" },
    publishConfig: { access: "public" },
    scripts: {
      ...(m.scripts as Record<string, string> | undefined),
      build: "node ../../scripts/build-package.ts",
      prepack: "node ../../scripts/build-package.ts",
    },
    ...deps("dependencies"),
    ...deps("peerDependencies"),
    ...deps("devDependencies"),
    ...rest,
  } as Manifest;
}

function formatManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** The manifests that differ from their plan, with the planned text. */
export function planManifestChanges(root: string): { path: string; text: string }[] {
  const packages = readWorkspacePackages(root);
  const versions = new Map(packages.map((p) => [p.manifest.name, p.manifest.version]));
  return packages
    .map((p) => ({ path: join(p.dir, "package.json"), text: formatManifest(planManifest(p, versions)) }))
    .filter((c) => readFileSync(join(root, c.path), "utf8") !== c.text);
}

if (import.meta.main) {
  const root = join(import.meta.dirname, "..");
  const changes = planManifestChanges(root);
  if (process.argv.includes("--check")) {
    for (const c of changes) process.stderr.write(`out of date: ${c.path} (run npm run packages:sync)\n`);
    process.exitCode = changes.length ? 1 : 0;
  } else {
    for (const c of changes) {
      writeFileSync(join(root, c.path), c.text);
      process.stdout.write(`updated ${c.path}\n`);
    }
  }
}
