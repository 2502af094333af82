import { Command } from "commander";
import { resolve } from "node:path";
import { loadMatrixFile } from "./_matrix.ts";
import { printJson } from "../render.ts";
import type { CommandDefinition } from "../context.ts";

export const defineVerifyCommand: CommandDefinition = (ctx, setExit) =>
  new Command("verify")
    .description(
      "Check a split independently with git plumbing: trees, metadata, pruned commits, tags and path coverage",
    )
    .requiredOption("--source <repo>", "the repository that was split")
    .requiredOption("--matrix <file>", "the component migration matrix used for the split")
    .option("--out <dir>", "the split's output directory", "out")
    .addHelpText(
      "after",
      `
Exit code 0 when every commit of every commit-map checks out, 1 on any mismatch.

Examples:
  $ infraflux verify --source ./infraflux --matrix matrix.yaml --out ./out
  $ infraflux --json verify --source ./infraflux --matrix matrix.yaml --out ./out`,
    )
    .action(async (opts: { source: string; matrix: string; out: string }, cmd: Command) => {
      const json = Boolean(cmd.optsWithGlobals().json);
      const { runVerify } = await import("@infraflux/repo-splitter");
      const { matrix } = await loadMatrixFile(ctx, opts.matrix);
      const result = await runVerify({
        source: resolve(ctx.cwd, opts.source),
        matrix,
        out: resolve(ctx.cwd, opts.out),
      });
      if (json) printJson(ctx, result);
      else {
        for (const t of result.targets) {
          ctx.stdout.write(
            `${t.name}: ${t.commitsChecked} commits checked (${t.keptCommits} kept, ${t.prunedCommits} pruned), ${t.tagsChecked} tags\n`,
          );
        }
        ctx.stdout.write(`${result.pathsAccounted} distinct source paths accounted for\n`);
        for (const m of result.mismatches.slice(0, 50))
          ctx.stdout.write(
            `mismatch [${m.target}] ${m.sourceCommit.slice(0, 12)} → ${m.targetCommit.slice(0, 12)}: ${m.problem}\n`,
          );
        if (result.mismatches.length > 50) ctx.stdout.write(`… and ${result.mismatches.length - 50} more\n`);
        ctx.stdout.write(result.ok ? "verify: OK\n" : `verify: FAILED (${result.mismatches.length} mismatches)\n`);
      }
      setExit(result.ok ? 0 : 1);
    });
