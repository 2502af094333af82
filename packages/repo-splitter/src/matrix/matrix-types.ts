import type { PathPattern } from "./path-pattern.ts";

export interface Destination {
  readonly target: string;
  /** Path template; may contain `{capture}`; ends in `/` for a directory. */
  readonly path: string;
}

export interface DocumentCondition {
  readonly kind?: readonly string[];
  readonly apiVersion?: readonly string[];
  readonly name?: readonly string[];
  readonly namespace?: readonly string[];
}

export interface SplitCase {
  readonly when?: DocumentCondition;
  readonly destination: Destination;
}

export type RuleEffect =
  | { readonly kind: "move"; readonly destinations: readonly Destination[] }
  | { readonly kind: "split"; readonly cases: readonly SplitCase[] }
  | { readonly kind: "drop" };

export interface MatrixRule {
  /** 0-based position in `rules`. */
  readonly index: number;
  /** 1-based line of the rule in the matrix file. */
  readonly line: number;
  readonly from: PathPattern;
  readonly action: string;
  readonly effect: RuleEffect;
}

export type UnmappedPolicy =
  | { readonly kind: "error" }
  | { readonly kind: "drop" }
  | { readonly kind: "target"; readonly target: string };

/** One layered playbook of an Ansible restructure: `playbooks/<name>.yml` runs the roles of these layers. */
export interface AnsiblePlaybook {
  readonly name: string;
  readonly title: string;
  readonly layers: readonly string[];
}

export interface Matrix {
  readonly file: string;
  /** Needed only to rewrite Argo CD repoURLs; without it that rewriting is skipped (and the report says so). */
  readonly sourceUrl: string | undefined;
  readonly targets: ReadonlyMap<string, { readonly url?: string }>;
  readonly unmapped: UnmappedPolicy;
  readonly defaultBranch?: string;
  readonly rules: readonly MatrixRule[];
  /** The layered playbooks of an Ansible restructure, when the matrix names them (the restructure has a default). */
  readonly ansiblePlaybooks?: readonly AnsiblePlaybook[];
}
