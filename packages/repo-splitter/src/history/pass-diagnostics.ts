import type { Diagnostic } from "@infraflux/diagnostics";
import type { PathMapper } from "../matrix/plan.ts";
import type { PassResult } from "./pass-result.ts";

/** The pass's problems as diagnostics: paths no rule places, tied rules, unsafe paths, target path collisions. Pure. */
export function planPassDiagnostics(pass: PassResult, mapper: PathMapper): Diagnostic[] {
  const { matrix } = mapper;
  const ruleOf = (path: string) => {
    const m = mapper.map(path);
    return "rule" in m && m.rule ? m.rule : undefined;
  };
  const collisions: Diagnostic[] = pass.collisions.map((c) => {
    const [a, b] = c.sources.map(ruleOf);
    return {
      code: "target-path-collision",
      severity: "error",
      file: matrix.file,
      ...(b ? { span: { line: b.line, column: 1 } } : {}),
      message: `"${c.sources[0]}" (rule at line ${a?.line ?? "?"}) and "${c.sources[1]}" (rule at line ${b?.line ?? "?"}) both land on ${c.target}:${c.path}, first in commit ${c.commit.slice(0, 12)}`,
      hint: "give one of them its own destination with a more specific rule (an exact path wins over a prefix)",
      ...(a
        ? { related: [{ file: matrix.file, span: { line: a.line, column: 1 }, message: `rule for "${a.from.text}"` }] }
        : {}),
    };
  });
  const diagnostics: Diagnostic[] = pass.problems.map(({ problem, commit }) =>
    problem.mapping.kind === "unsafe"
      ? {
          code: "unsafe-source-path",
          severity: "error",
          message: `the source history holds the path "${problem.path}" (commit ${commit.slice(0, 12)}), which ${problem.mapping.reason}; git itself refuses to check such a path out`,
          hint: "remove it from the source history first (for example with git filter-repo --invert-paths --path ...)",
        }
      : problem.mapping.kind === "tie"
        ? {
            code: "matrix-tied-rules",
            severity: "error",
            file: matrix.file,
            span: { line: problem.mapping.rules[0]!.line, column: 1 },
            message: `"${problem.path}" (first in commit ${commit.slice(0, 12)}) matches ${problem.mapping.rules.map((r) => `"${r.from.text}" (line ${r.line})`).join(" and ")} with the same specificity`,
            hint: "make one rule more specific (an exact path or a longer prefix)",
            related: problem.mapping.rules
              .slice(1)
              .map((r) => ({ file: matrix.file, span: { line: r.line, column: 1 }, message: "tied rule" })),
          }
        : {
            code: "unmapped-path",
            severity: "error",
            file: matrix.file,
            message: `no rule matches "${problem.path}" (first in commit ${commit.slice(0, 12)}) and \`unmapped\` is \`error\``,
            hint: `add a rule such as \`- from: ${problem.path.includes("/") ? problem.path.slice(0, problem.path.indexOf("/") + 1) : problem.path}\` with a \`to\`, or \`drop: true\``,
          },
  );
  return [...diagnostics, ...collisions];
}
