// Benchmark of `infraflux split` against git-filter-repo and the `git fast-export | git fast-import` floor,
// all run from this process on the same synthetic history. Run with `npm run bench`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SYNTHETIC_PATHS, writeSyntheticHistory } from "./synthetic-history.ts";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../../..");
const COMMITS = Number(process.env.BENCH_COMMITS ?? 20_000);
/** `BENCH_LARGE=1` adds the large row: a split of a 100,000-commit history (built once, cached; minutes). */
const LARGE = process.env.BENCH_LARGE === "1" ? 100_000 : undefined;
const WORK = join(tmpdir(), `infraflux-bench-${COMMITS}`);
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

const moves: Record<string, [string, string][]> = {
  infraflux: [
    ["terraform/", "terraform/modules/"],
    ["clusters/", "clusters/templates/"],
    ["secrets/infrastructure/", "configs/secrets/"],
    ["docs/infrastructure/", "docs/infrastructure/"],
    ["scripts/", "scripts/"],
  ],
  "platform-gitops": [
    ["gitops/argocd/apps/", "argocd/apps/"],
    ["gitops/argocd/applications/", "argocd/applications/"],
    ["secrets/platform/", "security/secrets/"],
    ["docs/platform/", "docs/platform/"],
  ],
};

interface Measure {
  readonly seconds: number;
  readonly maxRssMb: number | undefined;
}

/** Runs a command (a shell pipeline when `shell`), timing it and reading the peak RSS of its largest process. */
function measure(label: string, cmd: string, args: string[], cwd: string): Measure {
  const timeFile = join(WORK, "time.txt");
  const started = process.hrtime.bigint();
  const r = TIME
    ? spawnSync(TIME, ["-f", "%M", "-o", timeFile, cmd, ...args], {
        cwd,
        stdio: ["ignore", "ignore", "pipe"],
        maxBuffer: 1 << 26,
      })
    : spawnSync(cmd, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed: ${r.stderr?.toString()}`);
  const maxRssMb = TIME ? Number(readFileSync(timeFile, "utf8").trim().split("\n").at(-1)) / 1024 : undefined;
  return { seconds, maxRssMb };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

async function buildSource(commits = COMMITS): Promise<string> {
  const source = join(commits === COMMITS ? WORK : join(tmpdir(), `infraflux-bench-${commits}`), "source");
  if (existsSync(join(source, ".git", "bench-ready"))) return source;
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source, { recursive: true });
  git(source, "init", "-q", "-b", "main");
  const importer = spawn("git", ["fast-import", "--quiet"], { cwd: source, stdio: ["pipe", "inherit", "inherit"] });
  let buffered = "";
  const flush = async () => {
    if (!importer.stdin.write(buffered)) await new Promise((r) => importer.stdin.once("drain", r));
    buffered = "";
  };
  const pending: string[] = [];
  writeSyntheticHistory({ commits }, (chunk) => pending.push(chunk));
  for (const chunk of pending) {
    buffered += chunk;
    if (buffered.length > 1 << 20) await flush();
  }
  await flush();
  importer.stdin.end();
  await new Promise((r) => importer.on("close", r));
  git(source, "checkout", "-q", "-f", "main");
  git(source, "repack", "-a", "-d", "-q");
  writeFileSync(join(source, ".git", "bench-ready"), "");
  return source;
}

function matrixFile(): string {
  const lines = [
    "version: 1",
    "source: { url: https://github.com/org/infraflux }",
    "targets:",
    "  infraflux: { url: https://github.com/org/infraflux }",
    "  platform-gitops: { url: https://github.com/org/platform-gitops }",
    "unmapped: drop",
    "rules:",
  ];
  for (const [target, list] of Object.entries(moves))
    for (const [from, to] of list) lines.push(`  - from: ${from}`, `    to: ${target}:${to}`);
  const file = join(WORK, "matrix.yaml");
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const fmt = (m: Measure) =>
  `${m.seconds.toFixed(2).padStart(7)} s  ${m.maxRssMb === undefined ? "   n/a" : `${m.maxRssMb.toFixed(0).padStart(5)} MB`}`;

mkdirSync(WORK, { recursive: true });
process.stdout.write(
  `Synthetic history: ${COMMITS} commits over ${SYNTHETIC_PATHS.length} files (cached in ${WORK})\n`,
);
const source = await buildSource();
const matrix = matrixFile();
const results: [string, Measure][] = [];

// The floor: a full export piped into a full import (blobs included), as a shell pipeline.
const floorRepo = join(WORK, "floor");
rmSync(floorRepo, { recursive: true, force: true });
git(WORK, "init", "-q", "--bare", floorRepo);
results.push([
  "floor: git fast-export --all | git fast-import",
  measure(
    "floor",
    "sh",
    ["-c", `git -C '${source}' fast-export --all | git -C '${floorRepo}' fast-import --quiet`],
    WORK,
  ),
]);

// git-filter-repo, one target per run, on a fresh mirror each.
const filterRepo = spawnSync("sh", ["-c", "command -v git-filter-repo"]).status === 0;
for (const [target, list] of Object.entries(moves)) {
  if (!filterRepo) break;
  const mirror = join(WORK, `fr-${target}.git`);
  rmSync(mirror, { recursive: true, force: true });
  git(WORK, "clone", "-q", "--mirror", "--no-local", source, mirror);
  const args = list.flatMap(([from, to]) => ["--path", from, "--path-rename", `${from}:${to}`]);
  results.push([
    `git-filter-repo (${target} only)`,
    measure("filter-repo", "git", ["filter-repo", "--force", "--quiet", ...args], mirror),
  ]);
}

// Ours: both targets in one pass, through the real CLI as a user runs it (its shebang, Node from node_modules/.bin).
const bin = join(ROOT, "packages/cli/src/bin.ts");
process.env.PATH = `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}`;
const out = join(WORK, "out");
rmSync(out, { recursive: true, force: true });
results.push([
  "infraflux split (both targets)",
  measure("split", bin, ["split", "--source", source, "--matrix", matrix, "--out", out], WORK),
]);

// verify of that split, through the CLI too (its target: at most twice the split's own time).
results.push([
  "infraflux verify (both targets)",
  measure("verify", bin, ["verify", "--source", source, "--matrix", matrix, "--out", out], WORK),
]);

// Incremental: one new source commit, then the same command again.
const incSource = join(WORK, "source-inc");
rmSync(incSource, { recursive: true, force: true });
git(WORK, "clone", "-q", "--no-local", source, incSource);
git(incSource, "fetch", "-q", "--update-head-ok", source, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*");
const incOut = join(WORK, "out-inc");
rmSync(incOut, { recursive: true, force: true });
measure("split-base", bin, ["split", "--source", incSource, "--matrix", matrix, "--out", incOut], WORK);
writeFileSync(join(incSource, "terraform/modules/m1/main.tf"), "# one more change\n");
git(incSource, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "-qam", "feat: one new commit");
results.push([
  "infraflux split, incremental (1 new commit)",
  measure("split-inc", bin, ["split", "--source", incSource, "--matrix", matrix, "--out", incOut], WORK),
]);

// Optional large row: memory must not grow with history (target: peak RSS ≤ 256 MB at 100,000 commits).
if (LARGE) {
  const large = await buildSource(LARGE);
  const largeOut = join(dirname(large), "out");
  rmSync(largeOut, { recursive: true, force: true });
  results.push([
    `infraflux split (both targets, ${LARGE} commits)`,
    measure("split-large", bin, ["split", "--source", large, "--matrix", matrix, "--out", largeOut], WORK),
  ]);
}

const get = (prefix: string) => results.find(([l]) => l.startsWith(prefix))?.[1];
process.stdout.write(`\n${results.map(([label, m]) => `${label.padEnd(46)} ${fmt(m)}`).join("\n")}\n\n`);
const ours = get("infraflux split (both")!;
const floor = get("floor")!;
const frs = results.filter(([l]) => l.startsWith("git-filter-repo")).map(([, m]) => m.seconds);
if (frs.length)
  process.stdout.write(
    `ratio ours (both targets) / git-filter-repo (one target, slowest): ${(ours.seconds / Math.max(...frs)).toFixed(2)}  (fastest: ${(ours.seconds / Math.min(...frs)).toFixed(2)}; target ≤ 1.0)\n`,
  );
process.stdout.write(
  `ratio ours (both targets) / floor: ${(ours.seconds / floor.seconds).toFixed(2)}  (target ≤ 1.5)\n`,
);
const verified = get("infraflux verify")!;
process.stdout.write(
  `ratio verify / split (both targets): ${(verified.seconds / ours.seconds).toFixed(2)}  (target ≤ 2.0)\n`,
);
if (ours.maxRssMb !== undefined)
  process.stdout.write(`peak RSS of ours: ${ours.maxRssMb.toFixed(0)} MB (target ≤ 256 MB)\n`);
const large = results.find(([l]) => l.includes(" commits)"))?.[1];
if (large?.maxRssMb !== undefined)
  process.stdout.write(`peak RSS of ours at ${LARGE} commits: ${large.maxRssMb.toFixed(0)} MB (target ≤ 256 MB)\n`);
process.stdout.write(
  `incremental after one new commit: ${get("infraflux split, incremental")!.seconds.toFixed(2)} s (target < 2 s)\n`,
);
