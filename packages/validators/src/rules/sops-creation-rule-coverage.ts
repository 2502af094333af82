import { dirOf, isRecord, type Repository, type YamlDoc } from "../model.ts";
import { finding, findingAt, type Rule } from "../rule.ts";
import { holdsSecretValues, isCoreSecret } from "./secret-not-encrypted.ts";

interface SopsConfig {
  readonly doc: YamlDoc;
  readonly dir: string;
  readonly rules: readonly { readonly regex?: RegExp; readonly index: number }[];
}

function sopsConfigs(repo: Repository): { configs: SopsConfig[]; problems: ReturnType<typeof findingAt>[] } {
  const configs: SopsConfig[] = [];
  const problems: ReturnType<typeof findingAt>[] = [];
  for (const doc of repo.docs) {
    if (!/(^|\/)\.sops\.ya?ml$/.test(doc.rel) || !isRecord(doc.value)) continue;
    const cr = doc.value.creation_rules;
    const rules: { regex?: RegExp; index: number }[] = [];
    if (Array.isArray(cr)) {
      cr.forEach((r, index) => {
        if (!isRecord(r)) return;
        if (typeof r.path_regex !== "string") return void rules.push({ index });
        try {
          rules.push({ regex: new RegExp(r.path_regex), index });
        } catch (e) {
          problems.push(
            findingAt(
              sopsCreationRuleCoverage,
              doc,
              ["creation_rules", index, "path_regex"],
              `path_regex is not a valid regular expression: ${(e as Error).message}`,
            ),
          );
        }
      });
    }
    configs.push({ doc, dir: dirOf(doc.rel), rules });
  }
  return { configs, problems };
}

export const sopsCreationRuleCoverage: Rule = {
  id: "sops-creation-rule-coverage",
  severity: "error",
  description:
    "Every file that holds a Secret with secret values (or SOPS-encrypted; not one holding only references or nothing) is matched by a `creation_rules[].path_regex` of the nearest `.sops.yaml` above it, so `sops --encrypt` knows its keys; the .sops.yaml is only read.",
  fix: "Add a creation rule whose path_regex matches the file (e.g. `path_regex: .*\\.sops\\.yaml$`), or move the file where a rule applies.",
  check(ctx) {
    const out: ReturnType<typeof findingAt>[] = [];
    for (const repo of ctx.repos) {
      const { configs, problems } = sopsConfigs(repo);
      out.push(...problems);
      const secretFiles = new Map<string, YamlDoc>();
      for (const obj of repo.objects)
        if (isCoreSecret(obj) && holdsSecretValues(obj) && !secretFiles.has(obj.doc.rel))
          secretFiles.set(obj.doc.rel, obj.doc);
      for (const [rel, doc] of [...secretFiles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const cfg = configs
          .filter((c) => c.dir === "" || rel.startsWith(`${c.dir}/`))
          .sort((a, b) => b.dir.length - a.dir.length)[0];
        if (!cfg) {
          out.push(
            finding(this, {
              file: doc.file,
              span: doc.spanOf(["kind"]),
              message: `file holds a Secret but no .sops.yaml in ${repo.label} covers it`,
              hint: "Add a .sops.yaml with creation_rules at the repository root.",
            }),
          );
          continue;
        }
        const relToCfg = cfg.dir === "" ? rel : rel.slice(cfg.dir.length + 1);
        if (cfg.rules.some((r) => r.regex === undefined || r.regex.test(relToCfg))) continue;
        out.push(
          finding(this, {
            file: doc.file,
            span: doc.spanOf(["kind"]),
            message: `file holds a Secret but no creation_rules path_regex in ${cfg.doc.file} matches "${relToCfg}"`,
            related: [{ file: cfg.doc.file, span: cfg.doc.spanOf(["creation_rules"]), message: "creation_rules" }],
          }),
        );
      }
    }
    return out;
  },
};
