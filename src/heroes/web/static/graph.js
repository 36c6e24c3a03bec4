// The entity link graph: fetches the case's graph JSON and draws it with the vendored cytoscape.js.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape === "undefined") { return; }
  fetch(box.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (g) {
    if (!g.nodes || !g.nodes.length) { box.textContent = "No linked identifiers."; return; }
    var colours = {url: "#2e86de", onion: "#8e44ad", email: "#27ae60", phone: "#e67e22", device: "#7f8c8d",
                   iban: "#c0392b", bitcoin: "#f39c12", ethereum: "#34495e", telegram: "#16a085", whatsapp: "#2ecc71"};
    window.heroesGraph = cytoscape({
      container: box, elements: g.nodes.concat(g.edges), layout: {name: "cose", animate: false},
      style: [
        {selector: "node", style: {"label": "data(label)", "font-size": 9, "width": 14, "height": 14,
          "background-color": function (n) { return colours[n.data("type")] || "#555"; }}},
        {selector: "edge", style: {"width": 1, "line-color": "#bbb"}}
      ]
    });
  });
});
