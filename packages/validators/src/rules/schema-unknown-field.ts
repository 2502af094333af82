import { closestMatch } from "@infraflux/diagnostics";
import { validateObjectSchema } from "../_schemas.ts";
import { findingAt, type Rule } from "../rule.ts";
import { schemaSubjects } from "./schema-invalid.ts";

export const schemaUnknownField: Rule = {
  id: "schema-unknown-field",
  severity: "error",
  description:
    "Objects of known kinds have no fields their schema does not define (`spec.replicaz`, a misspelt `dependsOn`): the schemas are closed, unlike the @kubernetes-models validators. Free-form maps (labels, Helm values) stay open.",
  fix: "Rename the field to the one the schema defines (the message suggests the closest) or remove it.",
  check(ctx) {
    return ctx.repos.flatMap((repo) =>
      schemaSubjects(repo, ctx.applied).flatMap((obj) => {
        const r = validateObjectSchema(obj, ctx.crds);
        if (!r.known) return [];
        return r.issues
          .filter((i) => i.unknownField)
          .map((i) => {
            const field = String(i.path[i.path.length - 1]);
            const guess = closestMatch(field, i.known ?? []);
            const at = i.path.slice(0, -1).join(".");
            return findingAt(
              this,
              obj.doc,
              i.path,
              `${obj.kind} "${obj.name}": unknown field "${field}"${at ? ` in ${at}` : " at the top level"}${guess ? `. Did you mean "${guess}"?` : ""}`,
              { key: true },
            );
          });
      }),
    );
  },
};
