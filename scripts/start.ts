// `npm start`: the main job on the bundled fixtures, through the real CLI.
// 1. Materialise the mixed fixture repository (fixtures/mixed-repo/history.fi) in a temporary directory.
// 2. Split it into ./out with the seed's migration matrix, then verify the split independently.
// 3. Validate the two new repositories (schemas, references, Flux/Argo CD, secrets, boundaries).
// 4. Compile the bundled environment configs (fixtures/config-repo) into tfvars, Helm values and hand-off manifests,
//    and show what promoting staging to prod would change (fixtures/promotion-repo, a dry run).
// 5. Generate the Flux phase structure and per-cluster overlays from fixtures/overlay-spec, and build each with kustomize.
// 6. Extract a shared base and minimal per-cluster patches from duplicated cluster directories (verified with kustomize).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { materializeFixtureRepo } from "../fixtures/materialize.ts";
import { runCli } from "../packages/cli/src/main.ts";

const ctx = { cwd: process.cwd(), envVars: process.env, stdout: process.stdout, stderr: process.stderr };

async function step(title: string, argv: string[]): Promise<void> {
  process.stdout.write(`\n== ${title}\n$ infraflux ${argv.join(" ")}\n`);
  const code = await runCli(argv, ctx);
  if (code !== 0) {
    process.stderr.write(`step "${title}" failed with exit code ${code}\n`);
    process.exit(code);
  }
}

const source = materializeFixtureRepo(
  "mixed-repo",
  join(mkdtempSync(join(tmpdir(), "infraflux-fixture-")), "mixed-repo"),
);
process.stdout.write(`Materialised the fixture repository at ${source}\n`);
await step("split the mixed repository into infraflux and platform-gitops", [
  "split",
  "--source",
  source,
  "--matrix",
  "fixtures/mixed-repo/matrix.yaml",
  "--out",
  "out",
  "--force",
]);
await step("verify the split with git plumbing", [
  "verify",
  "--source",
  source,
  "--matrix",
  "fixtures/mixed-repo/matrix.yaml",
  "--out",
  "out",
]);
await step("validate the split repositories", ["validate", "out/infraflux", "out/platform-gitops"]);
await step("compile every environment of fixtures/config-repo", [
  "compile",
  "--root",
  "fixtures/config-repo",
  "--all",
  "--out",
  "out/compiled",
]);
await step("check that the compiled outputs are current (CI mode)", [
  "compile",
  "--root",
  "fixtures/config-repo",
  "--all",
  "--out",
  "out/compiled",
  "--check",
]);
await step("show what promoting staging to prod would change (dry run: the file edit and the compiled-output diff)", [
  "promote",
  "--root",
  "fixtures/promotion-repo",
  "--from",
  "staging",
  "--to",
  "prod",
  "--dry-run",
]);
await step("generate the Flux phases and per-cluster overlays", [
  "overlays",
  "generate",
  "--spec",
  "fixtures/overlay-spec/spec.yaml",
  "--out",
  "out/overlays",
]);
await step("build every generated overlay with kubectl kustomize (and validate the tree)", [
  "validate",
  "--build",
  "out/overlays",
]);
await step("extract a shared base and per-cluster patches from duplicated cluster directories", [
  "overlays",
  "extract",
  "fixtures/duplicated-clusters/lab",
  "fixtures/duplicated-clusters/phx",
  "--out",
  "out/extracted",
  "--verify",
]);
