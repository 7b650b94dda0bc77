// The cooperation network to work in, drawn with Cytoscape where the server's seeded layout
// puts each node. The API gives every node and link its events by year and type (and, for a
// link, whether they make the two partners), so the years, event type, entity type and
// "fellow attendees" filters redraw here and every node stays where it was; only the country
// filter asks the server again. Hovering inspects a node or a link (the link's events with
// their evidence are asked for once), a click selects it into the side panel, a double-click
// opens the profile. A node's neighbourhood and the shortest path between two entities are
// added to the drawing in place. Every text from the store is set as text, never as markup.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const box = $("network");
  const status = $("network-status");
  const tip = $("network-tip");
  const panel = $("network-panel");
  const form = $("network-filters");
  const FONT = '"Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", ' +
               '"WenQuanYi Micro Hei", system-ui, sans-serif';
  const PADDING = 30;
  const STYLE = [
    { selector: "node", style: { width: "data(size)", height: "data(size)", "background-color": "#1c7ed6", label: "data(label)",
      "font-family": FONT, "font-size": "data(font)", "min-zoomed-font-size": 8, "text-valign": "bottom", "text-margin-y": 2,
      color: "#212529", "text-outline-color": "#fff", "text-outline-width": 1.5, "text-outline-opacity": 0.9,
      "text-wrap": "ellipsis", "text-max-width": "260px" } },
    { selector: "node[kind = 'COUNTRY']", style: { "background-color": "#2b8a3e", shape: "round-rectangle" } },
    { selector: "node[kind = 'PERSON']", style: { "background-color": "#ae3ec9" } },
    { selector: "edge", style: { width: "mapData(weight, 1, 10, 0.8, 6)", "line-color": "#868e96", opacity: 0.6, "curve-style": "straight" } },
    { selector: "edge.attendee", style: { "line-style": "dashed", "line-dash-pattern": [5, 4], opacity: 0.5 } },
    { selector: ".hidden", style: { display: "none" } },
    { selector: ".faded", style: { opacity: 0.12 } },
    { selector: "node.hover, node:selected", style: { "min-zoomed-font-size": 0, "z-index": 10 } },
    { selector: "node:selected", style: { "border-width": 3, "border-color": "#d9480f" } },
    { selector: "edge:selected, edge.hover", style: { "line-color": "#d9480f", opacity: 1 } },
    { selector: "node.new", style: { "border-width": 2, "border-color": "#f59f00" } },
    { selector: "node.on-path", style: { "background-color": "#d9480f", "min-zoomed-font-size": 0, "z-index": 20 } },
    { selector: "edge.on-path", style: { "line-color": "#d9480f", opacity: 1, width: 4, "z-index": 20 } },
  ];
  const linkAnswers = new Map();   // "a-b" -> the promise of /api/edge for that pair
  let cy = null;
  let net = null;                  // the last /api/network answer
  let country = box.dataset.country || "";
  let hovered = null;

  // --- small helpers ---------------------------------------------------------------------
  const present = (children) => children.flat().filter((child) => child !== null && child !== undefined && child !== false);
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    node.append(...present(children));
    return node;
  }
  const put = (target, ...children) => target.replaceChildren(...present(children));
  const shownOnes = (collection) => collection.filter((ele) => !ele.hasClass("hidden"));
  function answer(response) {
    return response.json().then((body) => {
      if (!response.ok) throw new Error(body.detail || `the server answered ${response.status}`);
      return body;
    });
  }
  const ask = (url) => fetch(url).then(answer);
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const yearOf = (date) => (date && /^\d{4}/.test(date) ? +date.slice(0, 4) : null);
  const webAddress = (url) => (url && /^https?:\/\//i.test(url) ? url : null);
  const nodeId = (entity) => "n" + entity;
  const edgeId = (a, b) => (a < b ? `e${a}-${b}` : `e${b}-${a}`);
  const nameOf = (entity) => cy.getElementById(nodeId(entity)).data("label") || `entity ${entity}`;
  const kindName = { ORG: "organisation", COUNTRY: "country", PERSON: "person", PLACE: "place" };

  // --- filters: what the controls say, and what of a node's or link's events passes them ----
  function filters() {
    const since = $("since"), until = $("until");
    return {
      since: since ? +since.value : -Infinity, until: until ? +until.value : Infinity,
      fullSpan: !since || (+since.value === +since.min && +until.value === +until.max),
      undated: $("undated") ? $("undated").checked : true,
      eventType: $("event-type").value, entityType: $("entity-type").value, attendees: $("attendees").checked,
    };
  }
  function passes(entry, f) {
    if (entry.year === null ? !f.undated : entry.year < f.since || entry.year > f.until) return false;
    return !f.eventType || entry.type === f.eventType;
  }
  function tally(by, f) {
    let events = 0, partner = 0;
    for (const entry of by) {
      if (!passes(entry, f) || (entry.partner === false && !f.attendees)) continue;
      events += entry.events;
      if (entry.partner) partner += entry.events;
    }
    return { events, partner };
  }

  // --- drawing -----------------------------------------------------------------------------
  function nodeElement(n, position) {
    return { group: "nodes", position: position || { x: n.x, y: n.y },
             data: { id: nodeId(n.id), entity: n.id, label: n.name, kind: n.type, country: n.country, by: n.by || [],
                     total: n.events, shown: n.events, size: 10, font: 5 } };
  }
  function edgeElement(e) {
    return { group: "edges", data: { id: edgeId(e.source, e.target), source: nodeId(e.source), target: nodeId(e.target),
                                     a: e.source, b: e.target, by: e.by || [], weight: e.weight } };
  }

  function redraw() {
    const f = filters();
    if ($("since")) { $("since-value").textContent = $("since").value; $("until-value").textContent = $("until").value; }
    const typeOk = (n) => !f.entityType || n.data("kind") === f.entityType;
    cy.batch(() => {
      cy.edges().forEach((e) => {
        const t = tally(e.data("by"), f);
        const shown = e.hasClass("on-path") || (t.events > 0 && typeOk(e.source()) && typeOk(e.target()));
        e.toggleClass("hidden", !shown);
        e.toggleClass("attendee", t.events > 0 && t.partner === 0);
        if (shown) e.data("weight", Math.max(1, t.events));
      });
      let most = 1;
      cy.nodes().forEach((n) => {
        const events = tally(n.data("by"), f).events;
        const linked = shownOnes(n.connectedEdges()).length;
        const shown = n.hasClass("on-path") ||
          (events > 0 && typeOk(n) && (f.attendees || linked > 0 || n.connectedEdges().empty()));
        n.toggleClass("hidden", !shown);
        n.data("shown", events);
        if (shown) most = Math.max(most, events);
      });
      cy.nodes().forEach((n) => {
        // busy nodes get big labels, shown at once; quiet ones' labels appear as you zoom in
        const share = Math.sqrt(n.data("shown") / most);
        n.data({ size: 8 + 28 * share, font: 4 + 10 * share });
      });
    });
    const nodes = shownOnes(cy.nodes()).length, edges = shownOnes(cy.edges()).length;
    const events = net.by.reduce((sum, entry) => sum + (passes(entry, f) ? entry.events : 0), 0);
    status.textContent = `${nodes} organisations and countries, ${edges} links, from ${plural(events, "event", "events")}` +
      (net.truncated ? " (the busiest shown)" : "") + (country ? `, where ${country} takes part` : "") + ".";
    box.dataset.nodes = nodes;
    box.dataset.edges = edges;
    $("node-names").replaceChildren(...cy.nodes().map((n) => n.data("label")).sort()
      .map((name) => el("option", { value: name })));
  }

  // the address says what is shown, so a view can be shared (the page reads the same parameters)
  function remember() {
    const f = filters(), q = new URLSearchParams();
    if (!f.fullSpan) { q.set("since", f.since); q.set("until", f.until); }
    if (!f.undated) q.set("undated", "false");
    if (f.eventType) q.set("event_type", f.eventType);
    if (f.entityType) q.set("entity_type", f.entityType);
    if (country) q.set("country", country);
    if (!f.attendees) q.set("attendees", "false");
    const url = location.pathname + (q.toString() ? "?" + q : "");
    if (url !== location.pathname + location.search) history.replaceState(null, "", url);
  }

  function draw(data) {
    if (cy) cy.destroy();
    net = data;
    cy = cytoscape({
      container: box,
      elements: [...data.nodes.map((n) => nodeElement(n)), ...data.edges.map(edgeElement)],
      layout: { name: "preset", fit: true, padding: PADDING },
      minZoom: 0.05, maxZoom: 8, boxSelectionEnabled: false, selectionType: "single", style: STYLE,
    });
    box.cy = cy;   // for the browser tests and the console
    cy.on("viewport", () => { hideTip(); showTransform(); });
    cy.on("mouseover", "node", (ev) => { ev.target.addClass("hover"); showTip(ev.renderedPosition, nodeSummary(ev.target)); });
    cy.on("mouseover", "edge", (ev) => hoverLink(ev.target, ev.renderedPosition));
    cy.on("mouseout", "node, edge", (ev) => { ev.target.removeClass("hover"); hideTip(); });
    cy.on("tap", "node", (ev) => selectNode(ev.target));
    cy.on("tap", "edge", (ev) => selectLink(ev.target));
    cy.on("tap", (ev) => { if (ev.target === cy) showHint(); });
    cy.on("dbltap", "node", (ev) => { window.location.href = "/entity/" + ev.target.data("entity"); });
    redraw();
    cy.fit(shownOnes(cy.elements()), PADDING);
    showTransform();
    box.dataset.ready = "true";
  }

  function load() {
    status.textContent = "Loading…";
    box.dataset.ready = "false";
    return ask("/api/network" + (country ? "?country=" + encodeURIComponent(country) : ""))
      .then(draw)
      .catch((error) => { status.textContent = `The network could not be loaded: ${error.message}`; });
  }

  // --- zoom and pan: the wheel, a drag on the background, the buttons --------------------------
  function showTransform() {
    const pan = cy.pan();
    box.dataset.zoom = cy.zoom().toFixed(4);
    box.dataset.pan = `${pan.x.toFixed(1)},${pan.y.toFixed(1)}`;
  }
  function zoomBy(factor) {
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
  }
  $("zoom-in").addEventListener("click", () => zoomBy(1.5));
  $("zoom-out").addEventListener("click", () => zoomBy(1 / 1.5));
  $("zoom-fit").addEventListener("click", () => cy.fit(shownOnes(cy.elements()), PADDING));
  // Cytoscape's own wheel zoom learns a mouse's step from its first wheel events and then zooms
  // by 3% a notch; this zooms as d3-zoom does (a notch of 100 pixels: 15%) about the pointer.
  // It listens before Cytoscape's listener on the canvas, so pinching on a touch screen stays Cytoscape's.
  box.parentElement.addEventListener("wheel", (ev) => {
    if (!cy) return;
    ev.preventDefault();
    ev.stopPropagation();
    const step = ev.deltaMode === 1 ? 0.05 : ev.deltaMode ? 1 : 0.002;
    const frame = box.getBoundingClientRect();
    cy.zoom({ level: cy.zoom() * Math.pow(2, -ev.deltaY * step * (ev.ctrlKey ? 10 : 1)),
              renderedPosition: { x: ev.clientX - frame.left, y: ev.clientY - frame.top } });
  }, { capture: true, passive: false });

  // --- hovering: a tip beside the pointer ------------------------------------------------------
  function showTip(at, content) {
    put(tip, content);
    tip.hidden = false;
    const left = Math.min(at.x + 14, box.clientWidth - tip.offsetWidth - 4);
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${Math.min(at.y + 14, box.clientHeight - 40)}px`;
  }
  function hideTip() { hovered = null; tip.hidden = true; }

  function nodeSummary(node) {
    const degree = shownOnes(node.connectedEdges()).length;
    const kind = kindName[node.data("kind")] || node.data("kind").toLowerCase();
    return [el("h4", { textContent: node.data("label") }),
            el("div", { className: "meta" }, kind, node.data("country") ? ` · ${node.data("country")}` : ""),
            el("div", {}, `${plural(degree, "link", "links")} · ${plural(node.data("shown"), "event", "events")} shown` +
                          (node.data("shown") !== node.data("total") ? ` (of ${node.data("total")})` : ""))];
  }

  function linkOf(edge) {
    const a = edge.data("a"), b = edge.data("b"), key = `${a}-${b}`;
    if (!linkAnswers.has(key)) {
      linkAnswers.set(key, ask(`/api/edge?a=${a}&b=${b}`).catch((error) => { linkAnswers.delete(key); throw error; }));
    }
    return linkAnswers.get(key);
  }
  function eventsShown(link) {
    const f = filters();
    return link.events.filter((v) => passes({ year: yearOf(v.date), type: v.type }, f) && (v.partners || f.attendees));
  }
  function eventLine(v, link) {
    const what = [v.type.toLowerCase(), v.date || "undated", v.name, v.place,
                  v.reports > 1 ? `${v.reports} reports, ${v.independent_sources} independent` : ""].filter(Boolean).join(" · ");
    const roles = `${nameOf(link.a)}: ${v.roles[0]}, ${nameOf(link.b)}: ${v.roles[1]}`;
    return [el("div", { className: "meta" }, el("strong", { textContent: what })),
            el("div", { className: v.partners ? "roles" : "roles partners-no" }, roles + (v.partners ? "" : " (not partners)")),
            el("blockquote", { className: "evidence", textContent: v.evidence }),
            el("div", { className: "src" }, el("a", { href: `/article/${v.article_id}#e${v.event_id}`, textContent: v.title || v.source }),
               webAddress(v.url) ? [" ", el("a", { className: "out", href: webAddress(v.url), rel: "noopener noreferrer nofollow",
                                                  textContent: "↗", title: v.url })] : null)];
  }
  function linkHeading(link) { return `${nameOf(link.a)} — ${nameOf(link.b)}`; }
  function linkCount(link, shown) {
    const partners = shown.filter((v) => v.partners).length;
    return `${plural(shown.length, "event", "events")} shown` + (link.total !== shown.length ? ` of ${link.total}` : "") +
      (shown.length ? `; partners in ${partners}` : "");
  }
  function hoverLink(edge, at) {
    hovered = edge;
    edge.addClass("hover");
    showTip(at, [el("h4", { textContent: `${nameOf(edge.data("a"))} — ${nameOf(edge.data("b"))}` }), el("div", {}, "…")]);
    linkOf(edge).then((link) => {
      if (hovered !== edge) return;
      const shown = eventsShown(link);
      showTip(at, [el("h4", { textContent: linkHeading(link) }), el("div", { className: "meta" }, linkCount(link, shown)),
                   ...shown.slice(0, 3).flatMap((v) => eventLine(v, link)),
                   shown.length > 3 ? el("div", { className: "more" }, `… ${shown.length - 3} more: click the link for all`) : null]);
    }).catch((error) => { if (hovered === edge) showTip(at, [el("div", {}, `The link's events could not be loaded: ${error.message}`)]); });
  }

  // --- the side panel ------------------------------------------------------------------------
  function showHint() {
    put(panel, el("p", { className: "hint", textContent: "Hover over a node or a link to inspect it; click to " +
      "select it here; double-click a node for its profile." }));
  }
  function button(id, text, action) {
    const b = el("button", { type: "button", id, textContent: text });
    b.addEventListener("click", action);
    return b;
  }
  function selectNode(node) {
    const id = node.data("entity"), name = node.data("label");
    put(panel, 
      el("h2", {}, el("a", { href: `/entity/${id}`, textContent: name })),
      ...nodeSummary(node).slice(1),
      el("div", { className: "actions" },
         el("a", { href: `/entity/${id}`, id: "open-profile", textContent: "Open profile" }),
         button("expand", "Expand neighbours", () => expand(node)),
         button("path-from-here", "Path from here", () => { $("path-from").value = name; }),
         button("path-to-here", "Path to here", () => { $("path-to").value = name; })));
  }
  function selectLink(edge) {
    put(panel, el("h2", { textContent: `${nameOf(edge.data("a"))} — ${nameOf(edge.data("b"))}` }), el("p", {}, "…"));
    linkOf(edge).then((link) => {
      const shown = eventsShown(link);
      put(panel, el("h2", { textContent: linkHeading(link) }), el("p", { className: "meta" }, linkCount(link, shown)),
                            el("ol", { className: "link-events" }, shown.map((v) => el("li", {}, eventLine(v, link)))),
                            link.total > link.events.length ? el("p", { className: "hint" },
                              `The first ${link.events.length} of ${link.total} events are listed.`) : null);
    }).catch((error) => put(panel, el("p", {}, `The link's events could not be loaded: ${error.message}`)));
  }

  // --- expanding a node in place ---------------------------------------------------------------
  function expand(node) {
    const id = node.data("entity"), at = node.position();
    status.textContent = `Adding the neighbourhood of ${node.data("label")}…`;
    return ask(`/api/entities/${id}/neighbours`).then((hood) => {
      // new nodes go around the node, each in the direction the neighbourhood's own layout gives it
      const centre = hood.nodes.find((n) => n.id === hood.centre);
      const fresh = hood.nodes.filter((n) => cy.getElementById(nodeId(n.id)).empty());
      const far = Math.max(1, ...fresh.map((n) => Math.hypot(n.x - centre.x, n.y - centre.y)));
      const reach = 60 + 80 * Math.sqrt(fresh.length);
      const around = (n) => ({ x: at.x + (n.x - centre.x) / far * reach, y: at.y + (n.y - centre.y) / far * reach });
      const added = cy.add([
        ...fresh.map((n) => nodeElement(n, around(n))),
        ...hood.edges.filter((e) => cy.getElementById(edgeId(e.source, e.target)).empty()).map(edgeElement),
      ]);
      added.nodes().addClass("new");
      node.data({ by: centre.by, total: centre.events });   // all its events now, whatever the country asked
      redraw();
      status.textContent = `Added ${plural(added.nodes().length, "organisation or country", "organisations and countries")} ` +
        `and ${plural(added.edges().length, "link", "links")} around ${node.data("label")}` +
        (hood.truncated ? " (its busiest partners)" : "") + `. ${status.textContent}`;
      if (node.selected()) selectNode(node);
      box.dataset.expanded = (+(box.dataset.expanded || 0) + 1).toString();
    }).catch((error) => { status.textContent = `The neighbourhood could not be loaded: ${error.message}`; });
  }

  // --- the shortest path between two entities ---------------------------------------------------
  function findEntity(text) {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return Promise.resolve(null);
    const drawn = cy.nodes().map((n) => ({ id: n.data("entity"), name: n.data("label") }));
    const exact = drawn.find((n) => n.name.toLowerCase() === wanted);
    const partial = drawn.filter((n) => n.name.toLowerCase().includes(wanted));
    if (exact || partial.length === 1) return Promise.resolve(exact || partial[0]);
    return ask("/api/search?" + new URLSearchParams({ q: text.trim() }))   // a name not drawn (yet)
      .then((found) => (found.entities || [])[0] || null);
  }
  function clearPath() {
    cy.elements().removeClass("on-path faded");
  }
  function showPath(path) {
    clearPath();
    if (!path.found) {
      redraw();
      put(panel, el("h2", { textContent: "No path" }),
        el("p", {}, `Nothing links ${path.names[0]} to ${path.names[1]}` + (path.partners_only ? " through partners only" : "") +
                    " among the events counted."));
      return;
    }
    let previous = null;
    for (const n of path.nodes) {   // a node not drawn yet joins the drawing beside the one before it
      if (cy.getElementById(nodeId(n.id)).empty()) {
        const at = previous ? cy.getElementById(nodeId(previous.id)).position() : { x: 0, y: 0 };
        cy.add(nodeElement({ ...n, events: 0, by: [] }, { x: at.x + 40, y: at.y + 40 })).addClass("new");
      }
      previous = n;
    }
    for (const step of path.steps) {
      if (cy.getElementById(edgeId(step.source, step.target)).empty()) {
        const by = step.events.map((v) => ({ year: yearOf(v.date), type: v.type, partner: v.partners, events: 1 }));
        cy.add(edgeElement({ source: Math.min(step.source, step.target), target: Math.max(step.source, step.target), by,
                             weight: step.weight }));
      }
    }
    const onPath = cy.collection();
    path.nodes.forEach((n) => { onPath.merge(cy.getElementById(nodeId(n.id))); });
    path.steps.forEach((s) => { onPath.merge(cy.getElementById(edgeId(s.source, s.target))); });
    cy.elements().addClass("faded");
    onPath.removeClass("faded").addClass("on-path");
    redraw();
    cy.fit(onPath, 80);
    const steps = el("ol", { id: "path-steps" });
    path.nodes.forEach((n, i) => {
      const item = el("li", {}, el("a", { href: `/entity/${n.id}`, textContent: n.name }));
      const step = path.steps[i];
      if (step) {
        const first = step.events[0];
        item.append(el("div", { className: "meta" }, `${plural(step.total, "event", "events")} with the next`),
                    first ? el("blockquote", { className: "evidence", textContent: first.evidence }) : "");
      }
      steps.append(item);
    });
    put(panel, el("h2", { textContent: `Shortest path: ${plural(path.steps.length, "step", "steps")}` }), steps);
  }
  $("path-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const texts = [$("path-from").value, $("path-to").value];
    Promise.all(texts.map(findEntity)).then(([from, to]) => {
      const missing = texts.find((text, i) => ![from, to][i]);
      if (missing !== undefined) { status.textContent = `No entity is named “${missing.trim()}”.`; return null; }
      const f = filters(), q = new URLSearchParams({ from: from.id, to: to.id });
      if ($("path-partners").checked) q.set("partners_only", "true");
      if (!f.fullSpan) { q.set("since", f.since); q.set("until", f.until); }
      if (f.eventType) q.set("event_type", f.eventType);
      if (country) q.set("country", country);
      return ask("/api/path?" + q).then((path) => showPath({ ...path, names: [from.name, to.name] }));
    }).catch((error) => { status.textContent = `The path could not be found: ${error.message}`; });
  });
  $("path-clear").addEventListener("click", () => { clearPath(); redraw(); showHint(); });

  // --- the filters -----------------------------------------------------------------------------
  function filtered(ev) {
    if (!cy || ev.target.id === "country") return;
    const since = $("since"), until = $("until");
    if (since && +since.value > +until.value) (ev.target === since ? until : since).value = ev.target.value;
    redraw();
    remember();
  }
  function countryChanged() {
    const wanted = $("country").value.trim().toUpperCase();
    if (wanted && !/^[A-Z]{2}$/.test(wanted)) { status.textContent = "A country is its two-letter code, as CN or KE."; return; }
    $("country").value = wanted;
    if (wanted === country) return;
    country = wanted;
    load().then(remember);
  }
  form.addEventListener("input", filtered);
  form.addEventListener("change", (ev) => (ev.target.id === "country" ? countryChanged() : filtered(ev)));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); countryChanged(); });

  load();
})();
