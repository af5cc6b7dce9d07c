/*
 * Sweeplab's service worker: makes the app work offline after the first visit. On install it caches every
 * file of the build (listed in precache.json by build-tools/offlinePlugin.ts); afterwards it answers from
 * the cache first and falls back to the network, so a new deployment is picked up when the worker updates
 * (a new precache list means a new cache; old caches are deleted on activation). Plain JavaScript because
 * the browser loads it directly from the site's root, outside the bundle.
 */
const CACHE_PREFIX = 'sweeplab-';

async function precacheName() {
  const response = await fetch('precache.json', { cache: 'no-store' });
  const list = await response.json();
  // The list changes whenever a hashed file name changes, so its hash names the cache.
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(JSON.stringify(list)));
  const hex = [...new Uint8Array(digest)].slice(0, 8).map((b) => b.toString(16).padStart(2, '0')).join('');
  return { name: `${CACHE_PREFIX}${hex}`, list };
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const { name, list } = await precacheName();
      const cache = await caches.open(name);
      await cache.addAll(list);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const { name } = await precacheName().catch(() => ({ name: null }));
      for (const key of await caches.keys()) if (key.startsWith(CACHE_PREFIX) && name && key !== name) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      // Navigations ignore the query (?dataset=…&autostart=1 is the same page). Vary is ignored: static
      // servers add "Vary: Accept-Encoding", which would make the cached copy miss for the page's requests.
      const cached = await caches.match(request, { ignoreSearch: request.mode === 'navigate', ignoreVary: true });
      if (cached) return cached;
      return fetch(request);
    })(),
  );
});
