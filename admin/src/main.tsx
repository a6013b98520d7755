import { render } from 'preact';
import { createApiClient } from './api/client';
import { createTokenStore } from './api/token-store';
import { App } from './app';
import { ApiContext } from './state/api-context';
import { SessionProvider } from './state/session';
import { ToastProvider } from './state/toasts';
import './styles.css';

const client = createApiClient(createTokenStore());

render(
  <ApiContext.Provider value={client}>
    <SessionProvider client={client}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </SessionProvider>
  </ApiContext.Provider>,
  document.getElementById('app')!,
);
