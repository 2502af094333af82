import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface OracleReading {
  /** terraform's jsonencode of every variable, as text (exact numbers) and parsed. */
  readonly hclText: string;
  readonly jsonText: string;
  readonly fmtOk: boolean;
  readonly fmtDiff: string;
  readonly warnings: string;
}

const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };

/**
 * Reads a tfvars pair back through real Terraform, offline (no init, no providers): `terraform console
 * -var-file=…` on a directory holding only `variables.tf`, once for the HCL and once for the JSON form,
 * plus `terraform fmt -check` on the HCL.
 */
export function readBackThroughTerraform(
  variablesTf: string,
  hcl: string,
  json: string,
  names: readonly string[],
): OracleReading {
  const dir = mkdtempSync(join(tmpdir(), "infraflux-tf-oracle-"));
  try {
    writeFileSync(join(dir, "variables.tf"), variablesTf);
    writeFileSync(join(dir, "in.tfvars"), hcl);
    writeFileSync(join(dir, "in.tfvars.json"), json);
    const fmt = spawnSync("terraform", ["fmt", "-check", "-diff", "in.tfvars"], { cwd: dir, env, encoding: "utf8" });
    const expr = `jsonencode({${names.map((n) => `${n}=var.${n}`).join(",")}})\n`;
    const read = (file: string) => {
      const r = spawnSync("terraform", ["console", `-var-file=${file}`], {
        cwd: dir,
        env,
        input: expr,
        encoding: "utf8",
      });
      if (r.status !== 0)
        throw new Error(`terraform console -var-file=${file} failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
      return { text: JSON.parse(r.stdout.trim()) as string, warnings: r.stderr };
    };
    const h = read("in.tfvars");
    const j = read("in.tfvars.json");
    return {
      hclText: h.text,
      jsonText: j.text,
      fmtOk: fmt.status === 0,
      fmtDiff: fmt.stdout + fmt.stderr,
      warnings: h.warnings + j.warnings,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Plain JSON value of a compiled node tree for comparison (bigint as number: callers check big digits on the text). */
export function jsonValue(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
}
