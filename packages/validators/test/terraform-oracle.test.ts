import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasTool } from "../../../fixtures/oracles.ts";
import { runValidation } from "../src/index.ts";
import { fixtures } from "./_helpers.ts";

const TFVARS_ERRORS = ["tfvars-type-mismatch", "tfvars-missing-variable"];

/** tfvars bodies for the staging module of the catalogue; `terraform plan -var-file` is the judge. */
const cases: Record<string, string> = {
  valid: 'cluster_name = "s"\nnode_config = { cpu = 2, memory = 4096 }\n',
  "valid-conversions":
    'cluster_name = 5\nnode_count = "4"\nenable_hubble = "false"\nnode_config = { cpu = "2", memory = 4096 }\nendpoint = ["h", "6443"]\n',
  "unknown-attribute-is-dropped": 'cluster_name = "s"\nnode_config = { cpu = 2, memory = 1, memroy = 2 }\n',
  "number-mismatch": 'cluster_name = "s"\nnode_config = { cpu = 2, memory = 1 }\nnode_count = "three"\n',
  "missing-attribute": 'cluster_name = "s"\nnode_config = { cpu = 2 }\n',
  "missing-required": "node_config = { cpu = 2, memory = 1 }\n",
  "tuple-length": 'cluster_name = "s"\nnode_config = { cpu = 2, memory = 1 }\nendpoint = ["h"]\n',
  "list-vs-string": 'cluster_name = "s"\nnode_config = { cpu = 2, memory = 1 }\ndns_servers = "1.1.1.1"\n',
};

const work = mkdtempSync(join(tmpdir(), "infraflux-tf-oracle-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!hasTool("terraform"))("tfvars rules agree with terraform plan (oracle)", () => {
  const module = join(work, "module");
  cpSync(
    join(fixtures, "catalogue/infraflux/terraform/environments/staging/variables.tf"),
    join(module, "variables.tf"),
  );
  const init = spawnSync("terraform", ["init", "-input=false", "-no-color"], { cwd: module, encoding: "utf8" });

  for (const [name, body] of Object.entries(cases)) {
    it(name, async () => {
      expect(init.status).toBe(0);
      writeFileSync(join(module, "case.tfvars"), body);
      const plan = spawnSync("terraform", ["plan", "-input=false", "-no-color", "-var-file=case.tfvars"], {
        cwd: module,
        encoding: "utf8",
        env: { ...process.env, TF_IN_AUTOMATION: "1" },
      });
      const report = await runValidation({ dirs: ["module"], cwd: work });
      const ours = report.diagnostics.filter((d) => TFVARS_ERRORS.includes(d.code) && d.file === "module/case.tfvars");
      expect({ terraformAccepts: plan.status === 0, weAccept: ours.length === 0 }).toEqual({
        terraformAccepts: plan.status === 0,
        weAccept: plan.status === 0,
      });
    });
  }
});
