// verify's types, shared by verify.ts and graph.ts (nothing here imports them back).
import type { Matrix } from "../matrix/matrix-types.ts";

export interface VerifyOptions {
  readonly source: string;
  readonly matrix: Matrix;
  readonly out: string;
  readonly onProgress?: (checked: number) => void;
}

export interface VerifyMismatch {
  readonly target: string;
  readonly sourceCommit: string;
  readonly targetCommit: string;
  readonly problem: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly targets: readonly {
    readonly name: string;
    readonly commitsChecked: number;
    readonly keptCommits: number;
    readonly prunedCommits: number;
    readonly tagsChecked: number;
    /** Branches and tags of the target compared with the source's mapped refs. */
    readonly refsChecked: number;
  }[];
  readonly pathsAccounted: number;
  readonly mismatches: readonly VerifyMismatch[];
}
