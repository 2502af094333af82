export { ansibleRewriter } from "./ansible-rewriter.ts";
export { ansibleDiagnostics, planAnsibleMigration } from "./ansible-migration.ts";
export type {
  AnsibleMigrationInput,
  AnsibleMigrationOptions,
  AnsibleMigrationPlan,
  AnsibleMigrationProblem,
} from "./ansible-migration.ts";
export { DEFAULT_PLAYBOOKS, planLayeredPlaybooks } from "./ansible-playbooks.ts";
export type { LandedRole, LayeredPlaybookOptions } from "./ansible-playbooks.ts";
export type { AnsibleFileChange, AnsiblePlanProblem } from "./ansible-types.ts";
export type { AnsibleRole, RoleMap, RoleMapOptions, RoleMapProblem, RoleMerge } from "./ansible-roles.ts";
export type { AnsibleReferenceEdit, AnsibleReferenceKind } from "./rewrite-ansible.ts";
