// Service worker of the grooming-shield PWA (served at /shield/sw.js, scope /shield). It keeps the page, its
// scripts, the detector's bundle and the icons in a cache named for their content, so the shield opens and
// warns with no network; the page itself never sends a message anywhere. It also receives a chat export shared
// to the installed app (Android share target) and hands it to the page through a local cache, so the file never
// reaches the server. Self-contained: no other page's worker depends on it.
var VERSION = {{ version|tojson }};
var CACHE = "heroes-shield-" + VERSION;
var SHARED = "heroes-shield-shared";
var SHELL = {{ shell|tojson }};

self.addEventListener("install", function (ev) {
  ev.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (ev) {
  ev.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("heroes-shield-") === 0 && k !== CACHE && k !== SHARED;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromCache(request) {
  return caches.open(CACHE).then(function (c) { return c.match(request, {ignoreSearch: true}); });
}

function share(request) {
  return request.formData().then(function (form) {
    var file = form.get("chat");
    if (!file || typeof file === "string") { return Response.redirect("/shield?shared=0", 303); }
    return caches.open(SHARED).then(function (c) {
      var headers = {"X-Name": encodeURIComponent(file.name || "chat.txt")};
      return c.put("/shield/shared-file", new Response(file, {headers: headers}));
    }).then(function () { return Response.redirect("/shield?shared=1", 303); });
  });
}

self.addEventListener("fetch", function (ev) {
  var url = new URL(ev.request.url);
  if (url.origin !== self.location.origin) { return; }
  if (ev.request.method === "POST" && url.pathname === "/shield/share") { ev.respondWith(share(ev.request)); return; }
  if (ev.request.method !== "GET" || SHELL.indexOf(url.pathname) < 0) { return; }
  if (ev.request.mode === "navigate") {  // the page: fresh when online, the cached copy when not
    ev.respondWith(fetch(ev.request).catch(function () { return fromCache(ev.request); }));
    return;
  }
  ev.respondWith(fromCache(ev.request).then(function (hit) { return hit || fetch(ev.request); }));
});

// the page asks whether everything it needs is cached, to say "ready to work offline"
self.addEventListener("message", function (ev) {
  if (!ev.data || ev.data.type !== "cached?" || !ev.ports[0]) { return; }
  caches.open(CACHE).then(function (c) {
    return Promise.all(SHELL.map(function (path) { return c.match(path); }));
  }).then(function (hits) { ev.ports[0].postMessage({cached: hits.every(Boolean)}); });
});
