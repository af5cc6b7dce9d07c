/** Boots the page: creates the store, applies URL parameters (dataset, preset, autostart…) and renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBackendMemory } from './persistence/backendMemory';
import { createAppStore } from './store/appStore';
import { parseUrlOptions } from './store/urlParams';
import { App } from './ui/App';
import { StoreProvider } from './ui/common/storeContext';
import './ui/styles.css';

const app = createAppStore({ backendMemory: createBackendMemory(safeLocalStorage(), navigator.userAgent) });
/** localStorage throws on access in some privacy modes; the app then simply remembers nothing. */
function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const url = parseUrlOptions(window.location.search);
app.actions.applyUrlOptions(url);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider value={app}>
      <App />
    </StoreProvider>
  </StrictMode>,
);

async function boot() {
  await app.actions.loadBuiltin(url.dataset ?? 'iris');
  if (url.autostart) await app.actions.startSearch();
}
void boot();
