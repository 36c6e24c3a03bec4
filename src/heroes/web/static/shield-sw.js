// Service worker of the grooming-shield PWA: caches the page shell so it opens offline; scoring needs the server.
var CACHE = "heroes-shield-v1";
var SHELL = ["/shield", "/static/app.css", "/static/shield.js", "/static/vendor/htmx-2.0.11.min.js",
             "/shield/manifest.webmanifest", "/shield/icon-192.png"];
self.addEventListener("install", function (ev) {
  ev.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }));
});
self.addEventListener("fetch", function (ev) {
  if (ev.request.method !== "GET") { return; }  // chat scoring always goes to the server, never cached
  ev.respondWith(fetch(ev.request).catch(function () { return caches.match(ev.request); }));
});
