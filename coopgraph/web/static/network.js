// The cooperation network, laid out on the server (a seeded force layout) and drawn with
// Cytoscape. A label appears once it is big enough on screen, and busy nodes have bigger
// labels, so at 500+ nodes the overview names the hubs and zooming in names the rest.
(function () {
  const box = document.getElementById("network");
  const status = document.getElementById("network-status");
  fetch("/api/network?" + box.dataset.query).then((r) => r.json()).then((data) => {
    if (!data.nodes) { status.textContent = data.detail || "The network could not be loaded."; return; }
    status.textContent = `${data.nodes.length} organisations and countries, ${data.edges.length} links, from ${data.events} events` +
      (data.truncated ? " (the busiest shown)" : "") + ".";
    const most = Math.max(1, ...data.nodes.map((n) => n.events));
    const cy = cytoscape({
      container: box,
      elements: [
        ...data.nodes.map((n) => ({ data: { id: "n" + n.id, entity: n.id, label: n.name, kind: n.type, size: 8 + 28 * Math.sqrt(n.events / most),
                                            // busy nodes are labelled at once, quiet ones as you zoom in
                                            font: 3 + 11 * Math.sqrt(n.events / most) },
                                    position: { x: n.x, y: n.y } })),
        ...data.edges.map((e) => ({ data: { source: "n" + e.source, target: "n" + e.target, weight: e.weight } })),
      ],
      layout: { name: "preset", fit: true, padding: 20 },
      minZoom: 0.1, maxZoom: 6, wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { width: "data(size)", height: "data(size)", "background-color": "#1c7ed6", label: "data(label)",
          "font-size": "data(font)", "min-zoomed-font-size": 8, "text-valign": "bottom", "text-margin-y": 2, color: "#212529" } },
        { selector: "node[kind = 'COUNTRY']", style: { "background-color": "#2b8a3e", shape: "round-rectangle" } },
        { selector: "edge", style: { width: "mapData(weight, 1, 10, 0.6, 6)", "line-color": "#adb5bd", opacity: 0.6, "curve-style": "haystack" } },
        { selector: "node:selected", style: { "background-color": "#d9480f" } },
      ],
    });
    cy.on("tap", "node", (event) => { window.location.href = "/entity/" + event.target.data("entity"); });
    box.dataset.ready = "true";
  }).catch(() => { status.textContent = "The network could not be loaded."; });
})();
