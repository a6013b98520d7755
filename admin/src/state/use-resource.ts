import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True while a load is in flight; `data` keeps the previous value meanwhile. */
  loading: boolean;
  reload(): void;
  /** Replace the data locally, e.g. with what a write returned. */
  set(data: T): void;
}

/**
 * Loads data for a screen and reloads when `deps` change. A load that is
 * overtaken by a newer one is aborted, so a slow answer never overwrites a
 * fresh one.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    loader.current(controller.signal).then(
      (data) => { if (!controller.signal.aborted) setState({ data, error: null, loading: false }); },
      (error: unknown) => { if (!controller.signal.aborted) setState((previous) => ({ data: previous.data, error, loading: false })); },
    );
    return () => controller.abort();
    // The caller lists what the load depends on; `load` itself is read through a ref.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const set = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, set };
}
