import type { BuilderPlan, PlannedStep, StepSafety } from '../api/builder';

const BADGES: Record<StepSafety, { label: string; class: string }> = {
  safe: { label: 'Safe', class: 'badge badge-published' },
  checked: { label: 'Checks data', class: 'badge badge-warning' },
  destructive: { label: 'Destructive', class: 'badge badge-danger' },
  unsupported: { label: 'Unsupported', class: 'badge badge-danger' },
};

/** The migration plan, step by step, each marked like `larder migrate plan`. */
export function PlanReview({ plan }: { plan: BuilderPlan }) {
  if (plan.operations.length === 0) {
    return <p class="muted">No database change: only the definition file changes.</p>;
  }
  return (
    <div class="stack">
      {plan.destructive ? (
        <div class="notice notice-error" role="alert">
          <p><strong>This change can lose data.</strong> The steps marked Destructive delete what is listed with them.</p>
        </div>
      ) : null}
      <ol class="builder-plan" aria-label="Migration plan">
        {plan.operations.map((step, index) => <PlanStep key={index} step={step} />)}
      </ol>
      {plan.renameSuggestions.length > 0 ? (
        <div class="notice notice-warning">
          <p>This looks like a rename; a drop plus an add loses the data. To keep it, go back and rename the field in place rather than removing one and adding another (on the command line: <code>migrate generate --rename</code>):</p>
          <ul>{plan.renameSuggestions.map((text) => <li key={text}><code>{text}</code></li>)}</ul>
        </div>
      ) : null}
    </div>
  );
}

function PlanStep({ step }: { step: PlannedStep }) {
  const badge = BADGES[step.safety];
  return (
    <li class={`builder-step builder-step-${step.safety}`}>
      <span class={badge.class}>{badge.label}</span> <span>{step.description}</span>
      {step.checks.length > 0 ? <p class="field-hint">Checks first: {step.checks.join('; ')}</p> : null}
      {step.loses ? <p class="field-error">Loses {lost(step.loses)}.</p> : null}
      {step.reason ? <p class="field-hint">{step.reason}</p> : null}
    </li>
  );
}

function lost(loses: NonNullable<PlannedStep['loses']>): string {
  const rows = `${loses.rows} ${loses.rows === 1 ? 'entry' : 'entries'}`;
  return loses.column ? `the ${loses.column} value of ${rows} in ${loses.table}` : `every row of ${loses.table} (${rows})`;
}
