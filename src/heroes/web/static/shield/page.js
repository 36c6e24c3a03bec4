// The grooming-shield page: scores the chat on this device with detector.js and the bundle, shows the warning with
// its reasons, what to do and whom to tell (in English, Spanish or Bengali), reads chat exports picked or shared
// to it, and registers the service worker that lets it open with no network. After the bundle has loaded,
// nothing here makes a request: typing, scoring and warning stay on the device.
(function () {
  "use strict";
  var BUNDLE = "/static/shield/bundle.json";
  var SHARED_CACHE = "heroes-shield-shared", SHARED_FILE = "/shield/shared-file";
  var state = {bundle: null, detector: null, monitor: null, alert: null, lang: "en", country: "GB",
               imported: [], notice: null, pending: []};

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function t(key, n) {
    var ui = state.bundle.explain.ui, s = (ui[state.lang] || ui.en)[key] || ui.en[key] || key;
    return n === undefined ? s : s.replace("{n}", String(n));
  }
  function pick(map) { return map[state.lang] || map.en; }

  function guessLanguage() {
    var saved = localStorage.getItem("heroes-shield-lang");
    var codes = state.bundle.explain.languages.map(function (l) { return l.code; });
    if (saved && codes.indexOf(saved) >= 0) { return saved; }
    var wanted = (navigator.languages || [navigator.language || "en"]).map(function (l) { return l.slice(0, 2); });
    for (var i = 0; i < wanted.length; i++) { if (codes.indexOf(wanted[i]) >= 0) { return wanted[i]; } }
    return "en";
  }
  function guessCountry() {
    var saved = localStorage.getItem("heroes-shield-country");
    var codes = state.bundle.helplines.countries.map(function (c) { return c.code; });
    if (saved && codes.indexOf(saved) >= 0) { return saved; }
    var tag = navigator.language || "", region = tag.split("-")[1];
    if (region && codes.indexOf(region.toUpperCase()) >= 0) { return region.toUpperCase(); }
    return {es: "ES", bn: "BD"}[state.lang] || (region ? "XX" : "GB");
  }

  function fillSelect(select, items, value) {
    select.textContent = "";
    items.forEach(function (item) {
      var o = el("option", null, item[1]);
      o.value = item[0];
      select.appendChild(o);
    });
    select.value = value;
  }

  function renderLabels() {
    document.documentElement.lang = state.lang;
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (e) {
      e.textContent = t(e.getAttribute("data-i18n"));
    });
    $("message").placeholder = t("message");
    fillSelect($("author"), [["them", t("them")], ["me", t("me")]], $("author").value || "them");
    fillSelect($("country"), state.bundle.helplines.countries.map(function (c) { return [c.code, pick(c)]; }),
               state.country);
  }

  function helplines() {
    var list = el("ul", "helplines");
    state.bundle.helplines.lines.filter(function (l) { return l.country === state.country; }).forEach(function (l) {
      var li = el("li");
      li.appendChild(el("strong", null, l.name));
      if (l.phone) {
        var tel = el("a", "phone", l.phone);
        tel.href = "tel:" + l.phone.replace(/[^0-9+]/g, "");
        li.appendChild(document.createTextNode(" "));
        li.appendChild(tel);
      }
      li.appendChild(document.createTextNode(": " + pick(l.what)));
      if (l.url) {
        var a = el("a", "url", l.url.replace(/^https?:\/\//, ""));
        a.href = l.url;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(a);
      }
      if (l.status !== "verified") {
        li.appendChild(el("span", "unverified", " (" + t("unverified") + "; " + t("source") + ": " + l.source + ")"));
      }
      list.appendChild(li);
    });
    return list;
  }

  // the explanation of one alert: which messages raised the risk and why, what to do, whom to tell
  function explanation(evidence) {
    var box = el("div", "explanation"), stages = state.bundle.explain.stages;
    box.appendChild(el("p", "headline", t("warning")));
    box.appendChild(el("h2", null, t("why")));
    var why = el("ul", "why"), byMessage = new Map();
    evidence.forEach(function (e) {
      if (!byMessage.has(e.index)) { byMessage.set(e.index, {text: e.text, stages: []}); }
      var m = byMessage.get(e.index);
      if (m.stages.indexOf(e.stage) < 0) { m.stages.push(e.stage); }
    });
    byMessage.forEach(function (m, index) {
      var li = el("li");
      li.appendChild(el("span", "n", t("message_n", index + 1) + ": "));
      if (m.text) { li.appendChild(el("q", null, m.text)); }
      var reasons = el("ul");
      m.stages.forEach(function (s) { reasons.appendChild(el("li", "stage-" + s, stages[s] ? pick(stages[s]) : s)); });
      li.appendChild(reasons);
      why.appendChild(li);
    });
    box.appendChild(why);
    box.appendChild(el("h2", null, t("what_to_do")));
    var todo = el("ul", "advice");
    pick(state.bundle.explain.advice).forEach(function (a) { todo.appendChild(el("li", null, a)); });
    box.appendChild(todo);
    box.appendChild(el("h2", null, t("who_to_tell")));
    box.appendChild(helplines());
    return box;
  }

  function renderWarning() {
    var box = $("shield-warning");
    box.textContent = "";
    box.hidden = !state.alert;
    if (state.alert) { box.appendChild(explanation(state.alert.evidence)); }
    var risk = state.monitor ? state.monitor.risk() : 0;
    $("risk").textContent = Math.round(risk * 100) + "%";
    $("quiet").hidden = !!state.alert;
  }

  function renderImported() {
    var out = $("import-result");
    out.textContent = "";
    if (state.notice) { out.appendChild(el("p", "error", t(state.notice))); }
    if (!state.imported.length) { return; }
    out.appendChild(el("p", null, t("opened", state.imported.length)));
    state.imported.forEach(function (c) {
      var card = el("section", "conversation" + (c.result.alert ? " alerting" : ""));
      var head = c.id + ": " + Math.round(c.result.risk * 100) + "%, " +
        (c.result.alert ? t("alert_at", c.result.first_alert_index + 1) : t("no_alert"));
      card.appendChild(el("h3", null, head));
      if (c.result.alert) { card.appendChild(explanation(c.result.evidence)); }
      out.appendChild(card);
    });
  }

  function renderAll() { renderLabels(); renderWarning(); renderImported(); }

  function show(msg) {
    var p = el("p", "msg " + msg.author, msg.text);
    $("chat").appendChild(p);
  }

  function resetChat() {
    state.monitor = state.detector.monitor();
    state.alert = null;
    $("chat").textContent = "";
    renderWarning();
  }

  function score(msg) {
    var alert = state.monitor.feed(msg);
    if (alert && !state.alert) { state.alert = alert; }
    renderWarning();
  }

  function onMessage(ev) {
    ev.preventDefault();
    var input = $("message"), text = input.value.trim();
    if (!text) { return; }
    var msg = {author: $("author").value, text: text, t: Date.now() / 1000};
    show(msg);
    input.value = "";
    if (state.detector) { score(msg); } else { state.pending.push(msg); }  // typed before the bundle was read
  }

  function importFile(name, buffer) {
    state.notice = null;
    try {
      state.imported = HeroesShieldChats.read(name, buffer).map(function (c) {
        return {id: c.id, result: state.detector.scan(c.messages)};
      });
    } catch (e) {
      if (!(e instanceof HeroesShieldChats.ChatError)) { throw e; }
      state.imported = [];
      state.notice = "not_a_chat";
    }
    renderImported();
  }

  function onFile(ev) {
    var file = ev.target.files[0];
    if (!file) { return; }
    file.arrayBuffer().then(function (buffer) { importFile(file.name, buffer); });
    ev.target.value = "";
  }

  function takeShared() {  // a file shared to the installed app: the service worker left it in a local cache
    var params = new URLSearchParams(location.search);
    if (!params.has("shared")) { return; }
    history.replaceState(null, "", location.pathname);
    if (params.get("shared") !== "1") { state.notice = "shared_unavailable"; renderImported(); return; }
    caches.open(SHARED_CACHE).then(function (cache) {
      return cache.match(SHARED_FILE).then(function (resp) {
        if (!resp) { return null; }
        var name = decodeURIComponent(resp.headers.get("X-Name") || "chat.txt");
        return resp.arrayBuffer().then(function (buffer) {
          cache.delete(SHARED_FILE);
          importFile(name, buffer);
        });
      });
    });
  }

  function offlineReady() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register("/shield/sw.js", {scope: "/shield"}).catch(function () {});
    navigator.serviceWorker.ready.then(function (reg) {
      var worker = reg.active;
      var check = new MessageChannel();
      check.port1.onmessage = function (ev) {
        if (ev.data && ev.data.cached) { document.body.setAttribute("data-offline", "ready"); $("offline").hidden = false; }
      };
      worker.postMessage({type: "cached?"}, [check.port2]);
    });
  }

  function installPrompt() {
    var deferred = null, button = $("install");
    window.addEventListener("beforeinstallprompt", function (ev) {
      ev.preventDefault();
      deferred = ev;
      button.hidden = false;
    });
    button.addEventListener("click", function () {
      if (!deferred) { return; }
      deferred.prompt();
      deferred = null;
      button.hidden = true;
    });
  }

  function start(bundle) {
    state.bundle = bundle;
    state.detector = new HeroesShieldDetector(bundle);
    state.lang = guessLanguage();
    state.country = guessCountry();
    $("lang").textContent = "";
    bundle.explain.languages.forEach(function (l) {
      var o = el("option", null, l.name);
      o.value = l.code;
      $("lang").appendChild(o);
    });
    $("lang").value = state.lang;
    $("lang").addEventListener("change", function () {
      state.lang = $("lang").value;
      localStorage.setItem("heroes-shield-lang", state.lang);
      renderAll();
    });
    $("country").addEventListener("change", function () {
      state.country = $("country").value;
      localStorage.setItem("heroes-shield-country", state.country);
      renderAll();
    });
    $("clear").addEventListener("click", resetChat);
    $("import-file").addEventListener("change", onFile);
    state.monitor = state.detector.monitor();
    renderAll();
    state.pending.splice(0).forEach(score);
    window.heroesShield = {detector: state.detector, chats: HeroesShieldChats, importFile: importFile};
    document.body.setAttribute("data-ready", "1");
    takeShared();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!$("chat-form")) { return; }
    installPrompt();
    $("chat-form").addEventListener("submit", onMessage);
    fetch(BUNDLE).then(function (r) { return r.json(); }).then(start);
    offlineReady();
  });
})();
