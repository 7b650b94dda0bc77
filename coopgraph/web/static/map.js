// Countries shaded by cooperation activity, with arcs between partner countries, a legend,
// and a country filter (?country=KE, a shareable address: only events with a participant of
// that country are counted and drawn). Arcs are great circles sampled on the sphere and
// projected point by point, so they follow the projection instead of cutting across it.
// Geometry: Natural Earth 1:50m from the world-atlas package, served by this app.
(function () {
  const box = document.getElementById("map");
  const status = document.getElementById("map-status");
  const legend = document.getElementById("map-legend");
  const NS = "http://www.w3.org/2000/svg";
  const selected = new URLSearchParams(box.dataset.query).get("country");
  const shade = (share) => `rgba(28, 126, 214, ${0.2 + 0.8 * share})`;

  function el(name, attrs, ...children) {
    const node = name.startsWith("svg:") ? document.createElementNS(NS, name.slice(4)) : document.createElement(name);
    // a style through the CSSOM: a style attribute would break the Content-Security-Policy
    for (const [k, v] of Object.entries(attrs || {})) if (k === "background") node.style.background = v; else node.setAttribute(k, v);
    node.append(...children);
    return node;
  }

  // where a country's arcs start: the centre of its largest polygon (France's is in Europe, not mid-ocean)
  function anchor(feature) {
    const g = feature.geometry;
    if (!g || g.type !== "MultiPolygon") return d3.geoCentroid(feature);
    let best = null, area = -1;
    for (const rings of g.coordinates) {
      const part = { type: "Polygon", coordinates: rings };
      const a = d3.geoArea(part);
      if (a > area) { area = a; best = part; }
    }
    return d3.geoCentroid(best);
  }

  // a great circle from a to b, projected point by point; a new piece wherever it wraps round the map's edge
  function arcPath(projection, width, a, b) {
    const along = d3.geoInterpolate(a, b);
    const steps = Math.max(8, Math.ceil(along.distance * 180 / Math.PI / 2));
    let d = "", last = null;
    for (let i = 0; i <= steps; i++) {
      const p = projection(along(i / steps));
      if (!p) { last = null; continue; }
      d += (last && Math.abs(p[0] - last[0]) < width / 2 ? "L" : "M") + p[0].toFixed(1) + " " + p[1].toFixed(1);
      last = p;
    }
    return d;
  }

  function drawLegend(most, strongest) {
    const steps = [...new Set([1, Math.round(most / 2), most].filter((n) => n >= 1))];
    const swatches = steps.map((n) => el("span", { class: "swatch-item" },
      el("span", { class: "swatch", background: shade(Math.sqrt(n / most)) }), ` ${n}`));
    const line = (n) => el("span", { class: "swatch-item" },
      el("svg:svg", { width: "34", height: "10", "aria-hidden": "true" },
        el("svg:line", { x1: "2", y1: "5", x2: "32", y2: "5", class: "link", "stroke-width": String(0.8 + 3 * n / strongest) })),
      ` ${n} shared event${n === 1 ? "" : "s"}`);
    legend.replaceChildren(
      el("span", { class: "legend-part" }, "Events a country (or its bodies and people) takes part in: ",
        el("span", { class: "swatch-item" }, el("span", { class: "swatch none" }), " none"), ...swatches),
      el("span", { class: "legend-part" }, "Arcs join countries that meet in the same events: ",
        ...[...new Set([1, strongest])].map(line)),
      ...(selected ? [el("span", { class: "legend-part" }, el("span", { class: "swatch selected" }),
        ` ${selected}: the filter; only its events are counted`)] : []));
  }

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
    const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}` });
    svg.append(el("svg:path", { d: path({ type: "Sphere" }) || "", class: "sphere" }));
    const centre = new Map();
    for (const f of features) {
      const hit = byNumeric.get(String(Number(f.id)));
      const name = (f.properties && f.properties.name) || "";
      const shape = el("svg:path", { d: path(f) || "", class: "country" + (hit && hit.code === selected ? " selected" : ""),
        fill: hit ? shade(Math.sqrt(hit.events / most)) : "#e9ecef" },
        el("svg:title", {}, name + (hit ? `: ${hit.events} events — click to show only its events` : "")));
      if (hit) {
        shape.dataset.code = hit.code;
        shape.style.cursor = "pointer";
        shape.addEventListener("click", () => {
          const query = new URLSearchParams(box.dataset.query);
          query.set("country", hit.code);
          window.location.href = "/map?" + query.toString();
        });
        centre.set(hit.code, anchor(f));
      }
      svg.append(shape);
    }
    const strongest = Math.max(1, ...data.links.map((l) => l.events));
    let drawn = 0;
    for (const link of data.links) {
      const a = centre.get(link.a), b = centre.get(link.b);
      if (!a || !b) continue;
      const arc = el("svg:path", { d: arcPath(projection, width, a, b), class: "link", "data-a": link.a, "data-b": link.b,
        "stroke-width": String(0.8 + 3 * link.events / strongest) },
        el("svg:title", {}, `${link.a}–${link.b}: ${link.events} shared events`));
      svg.append(arc);
      drawn += 1;
    }
    box.replaceChildren(svg);
    drawLegend(most, strongest);
    status.replaceChildren(`${data.countries.length} countries, ${drawn} country pairs, from ${data.events} events` +
      (selected ? ` with a participant of ${selected}. ` : ". "));
    if (selected) {
      const all = new URLSearchParams(box.dataset.query);
      all.delete("country");
      status.append(el("a", { href: "/report/country/" + selected, id: "map-brief" }, `${selected}'s brief`), " · ",
        el("a", { href: "/map?" + all.toString(), id: "map-all" }, "all countries"));
    } else {
      status.append("Click a country to show only its events.");
    }
    box.dataset.ready = "true";
  }).catch(() => { status.textContent = "The map could not be loaded."; });
})();
