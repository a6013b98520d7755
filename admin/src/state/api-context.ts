import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client';

export const ApiContext = createContext<ApiClient | null>(null);

/** The panel's API client, provided once in main.tsx. */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi() outside <ApiContext.Provider>');
  return client;
}
