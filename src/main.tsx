/** Boots the page: creates the store, applies URL parameters (dataset, preset, autostart…) and renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBackendMemory } from './persistence/backendMemory';
import { createAppStore } from './store/appStore';
import { autostartAction, parseUrlOptions } from './store/urlParams';
import { openStudyDb } from './persistence/studyDb';
import { decodeShareLink, readShareParam } from './store/shareLink';
import { App } from './ui/App';
import { StoreProvider } from './ui/common/storeContext';
import './ui/styles.css';

// Studies are saved as they run; without IndexedDB (some private windows) nothing is kept, and the store
// shows why in a notice (cannotSaveNotice) so the person knows to export.
const studyDb = openStudyDb();
const app = createAppStore({ backendMemory: createBackendMemory(safeLocalStorage(), navigator.userAgent), studyDb });
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

/** A share link's configuration is offered, never applied or started, until the person accepts it. */
async function offerSharedConfig() {
  const payload = readShareParam(window.location.hash);
  if (payload === null) return;
  const decoded = await decodeShareLink(payload);
  if (decoded.ok) app.actions.offerSharedConfig(decoded.config);
  else app.store.setState({ notices: [...app.store.getState().notices, `This share link cannot be opened: ${decoded.problems.join('; ')}`] });
}

/** Offline after the first visit (public/sw.js); only in the production build, where the file list exists. */
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch(() => {
    // No service worker (a private window, file://): the app simply needs the network next time.
  });
}

async function boot() {
  void app.actions.refreshSavedStudies();
  await app.actions.loadBuiltin(url.dataset ?? 'iris');
  await offerSharedConfig();
  // A link is written by anyone: a person confirms its autostart; automation (navigator.webdriver) does not wait.
  await app.actions.autostart(autostartAction(url.autostart, navigator.webdriver === true));
}
void boot();
