import { InputError, hasErrors } from "@infraflux/diagnostics";
import { Command, Option } from "commander";
import { resolve } from "node:path";
import { printDiagnostics, printJson } from "../render.ts";
import { type CommandDefinition, collect } from "../context.ts";

export const definePromoteCommand: CommandDefinition = (ctx, setExit) =>
  new Command("promote")
    .description(
      "Promote values from one environment to the next (dev → staging → prod): the paths declared promotable in infraflux.config.yaml, written into the target environment file by minimal edits, with the diff of the file and of the target's compiled outputs.",
    )
    .option(
      "--root <dir>",
      "the repository root (config/ for environments, environments/<env>/values/ with --app)",
      ".",
    )
    .requiredOption("--from <env>", "the environment whose values are promoted")
    .requiredOption("--to <env>", "the environment that receives them")
    .option("--path <path>", "promote only this dot path or pattern (repeatable; must be promotable)", collect, [])
    .option("--app <name>", "promote environments/<env>/values/<app>.yaml instead of the environment config")
    .option("--dry-run", "print the edit and the compiled-output diff; write nothing")
    .option("--check", "write nothing; exit 1 when the target lags the source on promotable paths (CI report)")
    .option("--force", "allow promoting against the order, and paths that are not declared promotable")
    .addOption(
      new Option("--format <format>", "text, or markdown for a pull request")
        .choices(["text", "markdown"])
        .default("text"),
    )
    .addHelpText(
      "after",
      `
Example:
  $ infraflux promote --root fixtures/promotion-repo --from staging --to prod --dry-run
  $ infraflux promote --root fixtures/promotion-repo --from staging --to prod --path images.grafana
  $ infraflux promote --root fixtures/promotion-repo/platform-gitops --app my-app --from staging --to prod
  $ infraflux promote --root . --from staging --to prod --check --format markdown > pending.md
`,
    )
    .action(async (_args: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{
        root: string;
        from: string;
        to: string;
        path: string[];
        app?: string;
        dryRun?: boolean;
        check?: boolean;
        force?: boolean;
        format: "text" | "markdown";
        json?: boolean;
      }>();
      const { formatPromotion, loadPromotion } = await import("@infraflux/config-compiler");
      const root = resolve(ctx.cwd, o.root);
      const plan = loadPromotion({
        root,
        from: o.from,
        to: o.to,
        ...(o.path.length > 0 ? { paths: o.path } : {}),
        ...(o.app !== undefined ? { app: o.app } : {}),
        force: o.force ?? false,
      });
      if (hasErrors(plan.diagnostics)) throw new InputError(plan.diagnostics);
      if (plan.diagnostics.length > 0 && !o.json) printDiagnostics(ctx, plan.diagnostics);
      const write = !o.dryRun && !o.check && plan.after !== plan.before;
      if (write) {
        const { writeTwoPhase } = await import("@infraflux/file-output");
        writeTwoPhase(root, [{ path: plan.file, content: plan.after }]);
      }
      if (o.json) {
        const { before: _before, after: _after, ...rest } = plan;
        printJson(ctx, { ...rest, written: write });
      } else ctx.stdout.write(formatPromotion(plan, o.format));
      setExit(o.check && plan.promoted.length > 0 ? 1 : 0);
    });
