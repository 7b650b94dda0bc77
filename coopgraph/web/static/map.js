// Countries shaded by cooperation activity, with arcs between partner countries.
// Geometry: Natural Earth 1:50m from the world-atlas package, served by this app.
(function () {
  const box = document.getElementById("map");
  const status = document.getElementById("map-status");
  const NS = "http://www.w3.org/2000/svg";
  Promise.all([
    fetch("/static/vendor/countries-50m.json").then((r) => r.json()),
    fetch("/api/map?" + box.dataset.query).then((r) => r.json()),
  ]).then(([world, data]) => {
    if (!data.countries) { status.textContent = data.detail || "The map could not be loaded."; return; }
    const features = topojson.feature(world, world.objects.countries).features;
    const width = 960, height = 500;
    const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
    const path = d3.geoPath(projection);
    const byNumeric = new Map(data.countries.filter((c) => c.numeric).map((c) => [String(Number(c.numeric)), c]));
    const most = Math.max(1, ...data.countries.map((c) => c.events));
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const centroid = new Map();
    for (const f of features) {
      const hit = byNumeric.get(String(Number(f.id)));
      const shape = document.createElementNS(NS, "path");
      shape.setAttribute("d", path(f) || "");
      shape.setAttribute("class", "country");
      const share = hit ? Math.sqrt(hit.events / most) : 0;
      shape.setAttribute("fill", hit ? `rgba(28, 126, 214, ${0.2 + 0.8 * share})` : "#e9ecef");
      const title = document.createElementNS(NS, "title");
      title.textContent = (f.properties && f.properties.name || "") + (hit ? `: ${hit.events} events` : "");
      shape.append(title);
      if (hit) {
        shape.dataset.code = hit.code;
        shape.style.cursor = "pointer";
        shape.addEventListener("click", () => { window.location.href = "/report/country/" + hit.code; });
        centroid.set(hit.code, d3.geoCentroid(f));
      }
      svg.append(shape);
    }
    const strongest = Math.max(1, ...data.links.map((l) => l.events));
    for (const link of data.links) {
      const a = centroid.get(link.a), b = centroid.get(link.b);
      if (!a || !b) continue;
      const arc = document.createElementNS(NS, "path");
      arc.setAttribute("d", path({ type: "LineString", coordinates: [a, b] }) || "");
      arc.setAttribute("class", "link");
      arc.setAttribute("stroke-width", String(0.8 + 3 * link.events / strongest));
      const title = document.createElementNS(NS, "title");
      title.textContent = `${link.a}–${link.b}: ${link.events} shared events`;
      arc.append(title);
      svg.append(arc);
    }
    box.replaceChildren(svg);
    status.textContent = `${data.countries.length} countries, ${data.links.length} country pairs, from ${data.events} events.`;
    box.dataset.ready = "true";
  }).catch(() => { status.textContent = "The map could not be loaded."; });
})();
