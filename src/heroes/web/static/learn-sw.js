// Service worker of the prevention guide (scope /learn). At install it caches every page of every language and
// the files they load, as listed by /learn/offline.json, fetched without cookies (anonymous copies). Pages come
// from the network when it answers (and refresh the copy, if the page is an anonymous one), else from the cache.
var VERSION = new URL(self.location.href).searchParams.get("v") || "0";
var CACHE = "heroes-learn-" + VERSION;
var LANGS = ["en", "es", "bn"];

self.addEventListener("install", function (ev) {
  ev.waitUntil(
    fetch("/learn/offline.json", {credentials: "omit"})
      .then(function (r) { return r.json(); })
      .then(function (list) {
        return caches.open(CACHE).then(function (cache) {
          return cache.addAll(list.urls.map(function (u) { return new Request(u, {credentials: "omit"}); }));
        });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (ev) {
  ev.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("heroes-learn-") === 0 && k !== CACHE; })
          .map(function (k) { return caches.delete(k); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function language(url) {
  var asked = url.searchParams.get("lang");
  if (LANGS.indexOf(asked) >= 0) { return asked; }
  var prefs = (self.navigator && self.navigator.languages) || [];
  for (var i = 0; i < prefs.length; i++) {
    var code = prefs[i].toLowerCase().split("-")[0];
    if (LANGS.indexOf(code) >= 0) { return code; }
  }
  return "en";
}

function fromCache(request) {
  var url = new URL(request.url);
  // the same page in the same language, whatever else the address asks (e.g. another country's help lines)
  var plain = url.origin + url.pathname + "?lang=" + language(url);
  var loose = {ignoreVary: true};  // stored copies were fetched without cookies: do not let Vary tell them apart
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request, loose)
      .then(function (hit) { return hit || cache.match(plain, loose); })
      .then(function (hit) { return hit || cache.match(request, {ignoreVary: true, ignoreSearch: true}); });
  }).then(function (hit) { return hit || Response.error(); });
}

self.addEventListener("fetch", function (ev) {
  if (ev.request.method !== "GET") { return; }  // saving a training record always goes to the server
  ev.respondWith(
    fetch(ev.request)
      .then(function (response) {
        if (response.ok && response.headers.get("X-Heroes-Offline") === "public") {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(ev.request, copy); });
        }
        return response;
      })
      .catch(function () { return fromCache(ev.request); })
  );
});
