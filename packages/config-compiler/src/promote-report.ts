import { unifiedDiff } from "@infraflux/file-output";
import type { PromotionPlan } from "./promote.ts";

/** How a promotion is shown: on a terminal, or as a pull-request comment. Pure. */
export function formatPromotion(plan: PromotionPlan, format: "text" | "markdown"): string {
  const envDiff = unifiedDiff(plan.before, plan.after, `a/${plan.file}`, `b/${plan.file}`);
  const outputDiffs = plan.outputs.map((o) => unifiedDiff(o.before ?? "", o.after ?? "", `a/${o.path}`, `b/${o.path}`));
  const count = `${plan.promoted.length} value${plan.promoted.length === 1 ? "" : "s"}`;
  const lines = plan.promoted.map((p) => {
    const how = p.inheritedFrom
      ? `was inherited from ${p.inheritedFrom}; now set in ${plan.file}${p.under ? ` under ${p.under}` : ""}`
      : p.edit === "inserted"
        ? `added to ${plan.file}${p.under ? ` under ${p.under}` : ""}`
        : "";
    return { path: p.path, from: show(p.before), to: show(p.after), how };
  });
  if (format === "markdown") {
    const out = [`### Promote ${plan.from} → ${plan.to}: ${count}`, ""];
    if (lines.length === 0) return `${out.join("\n")}${plan.to} already holds ${plan.from}'s promotable values.\n`;
    out.push("| path | " + plan.to + " now | becomes | note |", "|---|---|---|---|");
    for (const l of lines) out.push(`| \`${l.path}\` | \`${l.from}\` | \`${l.to}\` | ${l.how} |`);
    out.push("", `<details><summary>${plan.file}</summary>`, "", "```diff", envDiff.trimEnd(), "```", "</details>");
    for (const [i, d] of outputDiffs.entries())
      out.push(
        "",
        `<details><summary>${plan.outputs[i]!.path}</summary>`,
        "",
        "```diff",
        d.trimEnd(),
        "```",
        "</details>",
      );
    return `${out.join("\n")}\n`;
  }
  if (lines.length === 0) return `promote ${plan.from} → ${plan.to}: nothing to promote\n`;
  const width = Math.max(...lines.map((l) => l.path.length));
  const out = [`promote ${plan.from} → ${plan.to}: ${count} (${plan.file})`];
  for (const l of lines) out.push(`  ${l.path.padEnd(width)}  ${l.from} → ${l.to}${l.how ? `  (${l.how})` : ""}`);
  out.push("", envDiff.trimEnd());
  if (plan.outputs.length > 0)
    out.push("", `compiled outputs of ${plan.to} that change:`, ...outputDiffs.map((d) => d.trimEnd()));
  return `${out.join("\n")}\n`;
}

function show(value: unknown): string {
  if (value === undefined) return "(unset)";
  if (typeof value === "object" && value !== null && "$secret" in value) return `!secret ${String(value.$secret)}`;
  return typeof value === "string"
    ? JSON.stringify(value)
    : typeof value === "bigint"
      ? String(value)
      : JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? Number(v) : v));
}
