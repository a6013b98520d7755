import type { ContentType } from '../content-types/types.js';
import { buildSnapshot } from './build-snapshot.js';
import { diffSnapshots } from './diff-snapshots.js';
import { assessOperation, describeOperation, type Assessment, type Operation } from './operations.js';
import { applyRenames, renameHints, type RenameRequest } from './renames.js';
import { suggestRenames } from './rename-suggestions.js';
import type { SchemaSnapshot } from './snapshot.js';

export interface PlannedOperation extends Assessment {
  operation: Operation;
}

export interface SchemaChange {
  steps: PlannedOperation[];
  /** The snapshot the steps lead to: the content model's. */
  snapshot: SchemaSnapshot;
  /** Drops that look like renames, with the flag that would declare them. */
  suggestions: string[];
}

export function planSteps(operations: readonly Operation[]): PlannedOperation[] {
  return operations.map((operation) => ({ operation, ...assessOperation(operation) }));
}

/**
 * What it takes to bring a schema at `from` to the content model: declared
 * renames first (flags and `renamedFrom` hints), then the diff.
 */
export function planSchemaChange(from: SchemaSnapshot, types: readonly ContentType[], flags: readonly RenameRequest[] = []): SchemaChange {
  const snapshot = buildSnapshot(types);
  const renamed = applyRenames(from, types, [...flags, ...renameHints(types)]);
  const operations = [...renamed.operations, ...diffSnapshots(renamed.snapshot, snapshot)];
  return { steps: planSteps(operations), snapshot, suggestions: suggestRenames(operations, from, snapshot) };
}

const MARKS = { safe: '+ safe       ', destructive: '! DESTRUCTIVE', unsupported: '? UNSUPPORTED' } as const;

/** One line per step, marked like `terraform plan`, with the data checks it runs. */
export function formatPlan(plan: readonly PlannedOperation[], indent = '  '): string {
  return plan.map((step) => {
    let line = `${indent}${MARKS[step.safety]}  ${describeOperation(step.operation)}`;
    if (step.checks.length > 0) line += `\n${indent}               checks first: ${step.checks.join('; ')}`;
    if (step.reason) line += `\n${indent}               ${step.reason}`;
    return line;
  }).join('\n');
}

/** The plan, then any likely renames with the flag that declares them. */
export function describeChange(change: SchemaChange): string {
  const lines = change.steps.length > 0 ? [formatPlan(change.steps)] : [];
  if (change.suggestions.length > 0) {
    lines.push('Likely renames (a drop plus an add loses data; a declared rename moves it):');
    for (const suggestion of change.suggestions) lines.push(`  ${suggestion}`);
  }
  return lines.join('\n');
}
