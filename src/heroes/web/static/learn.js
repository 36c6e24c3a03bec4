// The /learn pages: scores the quiz inside this page (nothing is sent anywhere), then offers logged-in users the
// form that saves the score to their training record; registers the guide's service worker (offline copies).
(function () {
  function score(form) {
    var right = 0;
    var questions = form.querySelectorAll("fieldset[data-answer]");
    questions.forEach(function (q) {
      var picked = q.querySelector("input:checked");
      var ok = picked !== null && picked.value === q.dataset.answer;
      if (ok) { right += 1; }
      q.classList.remove("right", "wrong");
      q.classList.add(ok ? "right" : "wrong");
      q.querySelector(".verdict").textContent = ok ? form.dataset.right : form.dataset.wrong;
    });
    form.classList.add("scored");
    var digits = form.dataset.digits || "0123456789";  // Bengali pages count in Bengali digits
    var local = function (n) { return String(n).replace(/[0-9]/g, function (d) { return digits[+d]; }); };
    form.querySelector(".quiz-score").textContent =
      form.dataset.scoreText.replace("{score}", local(right)).replace("{total}", local(questions.length));
    var record = document.getElementById("record-form");
    if (record) {
      record.querySelector("input[name=score]").value = right;
      record.hidden = false;
    }
  }
  function offline(root) {
    var status = document.getElementById("offline-status");
    if (!("serviceWorker" in navigator)) { if (status) { status.hidden = true; } return; }
    navigator.serviceWorker.register("/learn/sw.js?v=" + root.dataset.version, {scope: "/learn"})
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () {
        if (status) { status.textContent = status.dataset.ready; status.dataset.state = "ready"; }
      })
      .catch(function () { if (status) { status.hidden = true; } });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.quiz");
    if (form) {
      form.querySelector("button.check").addEventListener("click", function () { score(form); });
    }
    var root = document.getElementById("learn");
    if (root) { offline(root); }
  });
})();
