import { z } from "zod";

/** The user-facing component migration matrix. Single source of truth for the JSON Schema (matrix.schema.json). */
const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

export const splitCaseSchema = z
  .object({
    when: z
      .object({
        kind: stringOrList.optional().describe("Kubernetes kind(s) of the YAML document"),
        apiVersion: stringOrList.optional().describe("apiVersion(s) of the YAML document"),
        name: stringOrList.optional().describe("metadata.name(s) of the YAML document"),
        namespace: stringOrList.optional().describe("metadata.namespace(s) of the YAML document"),
      })
      .strict()
      .optional()
      .describe("Conditions on a YAML document; all given must hold. A case without `when` takes everything left."),
    to: z.string().min(1).describe("Destination `target:path`; a path ending in `/` is a directory"),
  })
  .strict();

export const ruleSchema = z
  .object({
    from: z
      .string()
      .min(1)
      .describe("Source path: `dir/` (prefix), `file.yaml` (exact), or a glob with `*`, `**` and `{capture}`"),
    to: stringOrList
      .optional()
      .describe("Destination `target:path` (or a list: copy to each). A path ending in `/` is a directory."),
    split: z
      .array(splitCaseSchema)
      .min(1)
      .optional()
      .describe("Divide YAML files per document; first matching case wins"),
    drop: z.literal(true).optional().describe("Drop these paths from every target (listed in the report)"),
    action: z
      .string()
      .optional()
      .describe("The matrix's action label (move, refactor, keep, split…), carried into the report"),
    description: z.string().optional(),
  })
  .strict();

export const ansiblePlaybookSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/)
      .describe("Playbook file name without `.yml` (`playbooks/<name>.yml`), also its tag"),
    title: z.string().min(1).describe("Name of the play(s) in the playbook"),
    layers: z
      .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/))
      .min(1)
      .describe(
        "Layers this playbook runs: the first directory of a role's new name (`cluster/cni/cilium` → `cluster`)",
      ),
  })
  .strict();

export const matrixSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1),
    source: z.object({ url: z.string().min(1).describe("URL of the repository being split") }).strict(),
    targets: z
      .record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/), z.object({ url: z.string().min(1) }).strict())
      .describe("Target repositories by name"),
    unmapped: z
      .string()
      .default("error")
      .describe("What happens to paths no rule matches: `error`, `drop`, or a target name"),
    defaultBranch: z
      .string()
      .optional()
      .describe("Branch that receives the migration commit (default: the source's HEAD branch)"),
    rules: z.array(ruleSchema).min(1),
    ansible: z
      .object({
        playbooks: z
          .array(ansiblePlaybookSchema)
          .min(1)
          .optional()
          .describe(
            "The layered playbooks of an Ansible restructure, in the order site.yml imports them. Default: bootstrap (bootstrap), cluster (cluster, networking), platform (storage, security, platform), mlops (mlops), observability (observability)",
          ),
      })
      .strict()
      .optional()
      .describe("Options of the Ansible restructure (roles, layered playbooks)"),
  })
  .strict();

export type MatrixInput = z.infer<typeof matrixSchema>;
export type RuleInput = z.infer<typeof ruleSchema>;
export type SplitCaseInput = z.infer<typeof splitCaseSchema>;

/** JSON Schema for editors (yaml-language-server); guarded by a drift test against matrix.schema.json. */
export function renderMatrixJsonSchema(): string {
  const schema = z.toJSONSchema(matrixSchema, { io: "input" });
  return `${JSON.stringify({ ...schema, title: "infraflux component migration matrix" }, null, 2)}\n`;
}
