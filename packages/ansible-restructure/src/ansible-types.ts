// Types shared by the Ansible restructure's planners (nothing here imports them back).

/** One file the restructure writes; `content: null` deletes it. */
export interface AnsibleFileChange {
  readonly path: string;
  readonly content: string | null;
}

export interface AnsiblePlanProblem {
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}
