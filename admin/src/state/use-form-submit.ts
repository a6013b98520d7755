import { useState } from 'preact/hooks';
import { errorMessage } from '../api/api-error';

export interface FormSubmit {
  busy: boolean;
  /** The failure's message, shown above the form. */
  problem: string | null;
  submit(event: Event): Promise<void>;
}

/** A form that runs one action: busy while it runs, its error message when it fails. */
export function useFormSubmit(action: () => Promise<void>): FormSubmit {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    busy,
    problem,
    async submit(event) {
      event.preventDefault();
      setBusy(true);
      setProblem(null);
      try {
        await action();
      } catch (error) {
        setProblem(errorMessage(error));
      } finally {
        setBusy(false);
      }
    },
  };
}
