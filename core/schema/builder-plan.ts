import type { Operation } from './operations.js';

/**
 * What the content-type builder answers for a planned change: the wire
 * contract shared by the server (builder.ts) and the admin panel, which
 * imports these types so the two cannot drift.
 */
export type StepSafety = 'safe' | 'checked' | 'destructive' | 'unsupported';

export interface PlannedStep {
  op: Operation['op'];
  description: string;
  /** `checked`: safe, but the data is checked first and the step is refused if it does not fit. */
  safety: StepSafety;
  checks: string[];
  reason?: string;
  /** For a drop: what goes, and how many rows hold data there now. */
  loses?: { table: string; column?: string; rows: number };
}

export interface BuilderPlan {
  operations: PlannedStep[];
  destructive: boolean;
  renameSuggestions: string[];
}
