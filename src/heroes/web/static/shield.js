// The grooming-shield demo: keeps the chat only in this page, sends it to the server for scoring after each
// message and shows a warning when the risk crosses the threshold. Registers the service worker (PWA).
(function () {
  var messages = [];
  function show(msg) {
    var p = document.createElement("p");
    p.className = "msg " + msg.author;
    p.textContent = msg.text;
    document.getElementById("chat").appendChild(p);
  }
  function score() {
    fetch("/api/shield/score", {method: "POST", headers: {"Content-Type": "application/json"},
                                body: JSON.stringify({messages: messages})})
      .then(function (r) { return r.json(); })
      .then(function (res) {
        document.getElementById("risk").textContent = Math.round((res.risk || 0) * 100) + "%";
        var box = document.getElementById("shield-warning");
        if (res.alert) {
          box.hidden = false;
          box.textContent = "Warning: these messages show signs of grooming (" + res.alert.stages.join(", ") +
            "). Do not share personal details or photos, do not move to another app, and talk to an adult you trust.";
        }
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("chat-form");
    if (!form) { return; }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var input = document.getElementById("message");
      var text = input.value.trim();
      if (!text) { return; }
      var msg = {author: document.getElementById("author").value, text: text};
      messages.push(msg);
      if (messages.length > 200) { messages.shift(); }
      show(msg);
      input.value = "";
      score();
    });
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/shield/sw.js", {scope: "/shield"}).catch(function () {});
    }
  });
})();
