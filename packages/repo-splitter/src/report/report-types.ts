// The split report's types, shared by report.ts and report-diagram.ts (nothing here imports them back).
import type { ReferenceEdit, ReferenceProblem } from "../migration/reference-types.ts";

export interface RuleReport {
  readonly line: number;
  readonly from: string;
  readonly action: string;
  readonly to: readonly string[];
  readonly paths: number;
  readonly commits: number;
  /** Up to 20 example source paths. */
  readonly examples: readonly string[];
}

export interface TargetReport {
  readonly name: string;
  readonly url: string | undefined;
  readonly commitsKept: number;
  readonly commitsPruned: number;
  readonly refs: readonly string[];
  readonly tags: readonly string[];
  readonly migrationCommit: string | undefined;
  readonly referencesRewritten: readonly ReferenceEdit[];
  readonly unresolvedReferences: readonly ReferenceProblem[];
  /** Ansible roles that moved (in-place restructures). */
  readonly movedRoles: readonly { readonly from: string; readonly to: string }[];
  /** Files the migration commit generated, merged or deleted (layered playbooks, merged roles). */
  readonly generatedFiles: readonly string[];
  /** Names of source commits in messages: rewritten to this target's SHAs, or left alone (not in this target). */
  readonly commitNamesInMessages: { readonly rewritten: number; readonly leftAlone: number };
}

export interface PlanWarning {
  readonly code: "suspicious-nesting" | "case-conflict";
  readonly message: string;
  /** Matrix line of the rule concerned, when there is one. */
  readonly line?: number;
  readonly suggestion?: string;
}

export interface SplitReport {
  readonly dryRun: boolean;
  /** Signed commits and tags among those read; rewritten objects lose their signatures. */
  readonly signatures: {
    readonly commits: number;
    readonly signedCommits: number;
    readonly tags: number;
    readonly signedTags: number;
    readonly summary: string | undefined;
  };
  readonly warnings: readonly PlanWarning[];
  readonly sourceUrl: string | undefined;
  /** Repositories whose url the matrix does not give (`source`, target names): their Argo CD repoURLs are not rewritten. */
  readonly urlsMissing?: readonly string[];
  readonly sourceCommits: number;
  readonly rules: readonly RuleReport[];
  /** What `unmapped: <target>` sent to that target: distinct source paths and the commits that touched them. */
  readonly unmapped?: { readonly target: string; readonly paths: number; readonly commits: number };
  readonly unusedRules: readonly { readonly line: number; readonly from: string }[];
  readonly targets: readonly TargetReport[];
  readonly droppedPaths: readonly { readonly path: string; readonly firstCommit: string }[];
  readonly tagsDropped: readonly string[];
}
