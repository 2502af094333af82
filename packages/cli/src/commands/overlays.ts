import { InputError, hasErrors, type Diagnostic } from "@infraflux/diagnostics";
import type { ClusterVerification, ExtractReport, FileChange } from "@infraflux/overlay-gen";

// overlay-gen (and the typed Kubernetes models it loads) is imported when a subcommand runs, not at CLI start.
const loadOverlayGen = () => import("@infraflux/overlay-gen");
import { Command, Option } from "commander";
import { basename, join, resolve } from "node:path";
import type { CliContext, ExitCode, CommandDefinition } from "../context.ts";
import { printDiagnostics, printJson } from "../render.ts";

interface OutputFlags {
  out: string;
  check?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export const defineOverlaysCommand: CommandDefinition = (ctx, setExit) => {
  const overlays = new Command("overlays").description(
    "Generate kustomize base/overlay trees (Flux phases or Argo CD apps) and extract a shared base from duplicated cluster directories.",
  );
  overlays.addHelpText(
    "after",
    "\nExample:\n  $ infraflux overlays generate --spec fixtures/overlay-spec/spec.yaml --out ./out\n  $ infraflux overlays extract fixtures/duplicated-clusters/lab fixtures/duplicated-clusters/phx --out ./out --verify\n",
  );

  overlays
    .command("generate")
    .description(
      "Write the seed's k8s/base + k8s/clusters/<cluster> tree (Flux Kustomizations per phase with dependsOn and wait), or the Argo CD equivalent, from an overlay spec.",
    )
    .requiredOption(
      "--spec <file>",
      "overlay spec (YAML; JSON Schema in packages/overlay-gen/schema/overlay-spec.schema.json)",
    )
    .requiredOption("--out <dir>", "output directory (the tree is written under it: k8s/… or argocd/…)")
    .addOption(
      new Option("--engine <engine>", "GitOps engine to generate for").choices(["flux", "argocd"]).default("flux"),
    )
    .option("--check", "generate in memory and compare with --out; exit 1 when a file is missing or differs (CI mode)")
    .option("--dry-run", "print the files that would be written (contents with --verbose); write nothing")
    .addHelpText(
      "after",
      "\nExample:\n  $ infraflux overlays generate --spec fixtures/overlay-spec/spec.yaml --out ./out\n  $ infraflux overlays generate --spec fixtures/overlay-spec/spec.yaml --out ./out --engine argocd --check\n",
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const { generateOverlays } = await loadOverlayGen();
      const o = cmd.optsWithGlobals<OutputFlags & { spec: string; engine: "flux" | "argocd"; verbose?: boolean }>();
      const result = generateOverlays({ specPath: o.spec, cwd: ctx.cwd, engine: o.engine });
      if (!result.ok) throw new InputError(result.diagnostics);
      warn(ctx, result.diagnostics);
      setExit(await emitChanges(ctx, o, result.value.changes, {}));
    });

  overlays
    .command("extract")
    .description(
      "Split cluster directories holding full copies of their manifests into base/ (what all share, down to Helm values) and clusters/<name>/ overlays holding only differences.",
    )
    .argument(
      "<dirs...>",
      "cluster directories (plain YAML or with a kustomization.yaml listing files); each overlay is named after its folder",
    )
    .requiredOption("--out <dir>", "output directory for base/ and clusters/<name>/")
    .option(
      "--verify",
      "build every overlay and every original with kubectl kustomize and require byte-identical output (exit 1 otherwise)",
    )
    .option("--check", "extract in memory and compare with --out; exit 1 when a file is missing or differs")
    .option("--dry-run", "print the report and the files that would be written; write nothing")
    .addHelpText(
      "after",
      "\nExample:\n  $ infraflux overlays extract fixtures/duplicated-clusters/lab fixtures/duplicated-clusters/phx --out ./out --verify\n",
    )
    .action(async (dirs: string[], _opts: unknown, cmd: Command) => {
      const { extractOverlays, runVerifyExtraction } = await loadOverlayGen();
      const o = cmd.optsWithGlobals<OutputFlags & { verify?: boolean; verbose?: boolean }>();
      const result = extractOverlays({ dirs, cwd: ctx.cwd });
      if (!result.ok) throw new InputError(result.diagnostics);
      warn(ctx, result.diagnostics);
      const { changes, report } = result.value;
      const verification = o.verify
        ? runVerifyExtraction(
            changes,
            dirs.map((d) => ({ name: basename(resolve(ctx.cwd, d)), dir: d })),
            ctx.cwd,
          )
        : undefined;
      if (!o.json) renderReport(ctx, report, verification);
      const failed = verification?.some((v) => !v.identical) ?? false;
      const code = await emitChanges(ctx, o, changes, { report, verification }, failed);
      setExit(failed ? 1 : code);
    });
  return overlays;
};

function warn(ctx: CliContext, diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length > 0 && !hasErrors(diagnostics)) printDiagnostics(ctx, diagnostics);
}

/** Writes, checks or lists the planned files through file-output. Returns the exit code (1 on drift). */
async function emitChanges(
  ctx: CliContext,
  o: OutputFlags & { verbose?: boolean },
  changes: readonly FileChange[],
  extra: Record<string, unknown>,
  skipWrite = false,
): Promise<ExitCode> {
  const { applyOutput } = await import("@infraflux/file-output");
  const outDir = resolve(ctx.cwd, o.out);
  if (o.check) {
    const { drift: all } = applyOutput(changes, { outDir, mode: "check" });
    const stale = all.filter((d) => d.status === "stale").map((d) => d.path);
    const drift = all.filter((d) => d.status !== "stale").map((d) => ({ path: d.path, status: d.status }));
    if (o.json) printJson(ctx, { ok: all.length === 0, mode: "check", outDir, drift, stale, ...extra });
    else {
      for (const p of stale)
        ctx.stdout.write(`stale: ${join(o.out, p)} (generated by an earlier run, no longer generated)\n`);
      renderDrift(ctx, drift, changes.length, o.out);
    }
    return all.length > 0 ? 1 : 0;
  }
  if (o.dryRun || skipWrite) {
    if (o.json)
      printJson(ctx, {
        ok: !skipWrite,
        mode: "dry-run",
        outDir,
        files: changes.map((c) => ({ path: c.path, ...(o.verbose ? { content: c.content } : {}) })),
        ...extra,
      });
    else
      for (const c of changes)
        ctx.stdout.write(o.verbose ? `# --- ${c.path}\n${c.content}` : `would write ${join(o.out, c.path)}\n`);
    return 0;
  }
  const { written, removed } = applyOutput(changes, { outDir, mode: "write" });
  if (o.json)
    printJson(ctx, {
      ok: true,
      mode: "write",
      outDir,
      written: written.length,
      removed,
      files: changes.map((c) => c.path),
      ...extra,
    });
  else
    ctx.stdout.write(
      `wrote ${written.length} of ${changes.length} files under ${o.out} (${changes.length - written.length} unchanged)${removed.length ? `; removed ${removed.length} stale file(s) an earlier run generated` : ""}\n`,
    );
  return 0;
}

function renderDrift(
  ctx: CliContext,
  drift: readonly { readonly path: string; readonly status: string }[],
  total: number,
  out: string,
): void {
  for (const d of drift) ctx.stdout.write(`${d.status === "missing" ? "missing" : "drifted"}: ${join(out, d.path)}\n`);
  ctx.stdout.write(
    drift.length > 0
      ? `${drift.length} of ${total} generated files differ from ${out}; run without --check to update them\n`
      : `up to date: ${total} generated files in ${out} match\n`,
  );
}

function renderReport(
  ctx: CliContext,
  report: ExtractReport,
  verification: readonly ClusterVerification[] | undefined,
): void {
  const out = (s: string) => ctx.stdout.write(s);
  const pct = report.linesBefore === 0 ? 0 : Math.round((1 - report.linesAfter / report.linesBefore) * 100);
  out(
    `lines: ${report.linesBefore} before → ${report.linesAfter} after (${Math.abs(pct)}% ${pct >= 0 ? "fewer" : "more"}; base ${report.baseLines})\n`,
  );
  for (const c of report.clusters) out(`  ${c.name}: ${c.before} lines → overlay ${c.after} lines\n`);
  const by = (p: string) => report.objects.filter((x) => x.placement === p);
  out(
    `objects: ${by("base").length} shared unchanged, ${by("base+patch").length} shared with per-cluster patches, ${by("cluster").length} cluster-only, ${by("sops").length} SOPS files copied verbatim\n`,
  );
  for (const x of report.objects) {
    const where =
      x.placement === "base+patch"
        ? `base, patched in ${x.patchedIn.join(", ")}`
        : x.placement === "cluster"
          ? `overlay of ${x.clusters.join(", ")}`
          : x.placement === "sops"
            ? `copied byte for byte to ${x.clusters.join(", ")}`
            : "base";
    out(`  ${x.id.replace(/\|/g, " ").replace(/ {2,}/g, " ")} → ${where}\n`);
  }
  for (const v of verification ?? []) {
    out(
      v.identical
        ? `verified ${v.cluster}: kubectl kustomize output is identical to the original\n`
        : `MISMATCH ${v.cluster}: line ${v.firstDifference?.line}: original "${v.firstDifference?.original}" vs overlay "${v.firstDifference?.overlay}"\n`,
    );
  }
}
