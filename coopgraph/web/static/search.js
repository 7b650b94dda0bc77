// Instant search: results and facets follow the query as it is typed. Everything from the
// store is put on the page as text (textContent), never as markup.
(function () {
  const form = document.getElementById("search-form");
  if (!form) return;
  const entityList = document.getElementById("entity-hits");
  const articleList = document.getElementById("article-hits");
  const facetsBox = document.getElementById("facets");
  let timer = null, seq = 0;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function params() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) {
      let value = String(v).trim();
      if (k === "country") value = value.toLowerCase() === "none" ? "none" : value.toUpperCase();
      if (k === "language") value = value.toLowerCase();
      if (value) p.set(k, value);
    }
    return p;
  }

  function render(data, p) {
    document.getElementById("entity-count").textContent = data.total_entities;
    document.getElementById("article-count").textContent = data.articles.length;
    entityList.replaceChildren(...data.entities.map((e) => {
      const li = el("li");
      li.append(el("a", { class: "ent " + e.type.toLowerCase(), href: "/entity/" + e.id }, e.name));
      if (e.country) li.append(" ", el("span", { class: "cc" }, e.country));
      li.append(" ", el("span", { class: "type" }, e.type.toLowerCase()), " ", el("span", { class: "n" }, e.mentions + " mentions"));
      return li;
    }));
    articleList.replaceChildren(...data.articles.map((a) => {
      const li = el("li");
      li.append(el("a", { href: "/article/" + a.id }, a.title || "(untitled)"), " ",
        el("span", { class: "date" }, a.published || ""), " ", el("span", { class: "lang" }, a.language));
      if (!a.relevant) li.append(" ", el("span", { class: "badge" }, "not about cooperation"));
      return li;
    }));
    facetsBox.replaceChildren(...Object.entries(data.facets).filter(([, c]) => Object.keys(c).length).map(([name, counts]) => {
      const sec = el("section");
      sec.append(el("h3", {}, name.replace("_", " ")));
      const ul = el("ul");
      for (const [value, n] of Object.entries(counts)) {
        const q = new URLSearchParams(p); q.set(name, value);
        const li = el("li");
        li.append(el("a", { href: "/?" + q, "data-facet": name, "data-value": value },
          ["type", "event_type"].includes(name) ? value.toLowerCase() : value), " ", el("span", { class: "n" }, n));
        ul.append(li);
      }
      sec.append(ul);
      return sec;
    }));
  }

  async function run() {
    const p = params(), mine = ++seq;
    const response = await fetch("/api/search?" + p, { headers: { Accept: "application/json" } });
    if (mine !== seq) return;  // a newer query is on its way
    if (!response.ok) {
      const problem = await response.json().catch(() => ({ detail: response.statusText }));
      document.getElementById("entity-count").textContent = "—";
      entityList.replaceChildren(el("li", { class: "error" }, problem.detail));
      return;
    }
    render(await response.json(), p);
    history.replaceState(null, "", "/?" + p);
  }

  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 120); });
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  facetsBox.addEventListener("click", (event) => {
    const a = event.target.closest("a[data-facet]");
    if (!a) return;
    const field = form.elements[a.dataset.facet];
    if (!field) return;
    event.preventDefault();
    field.value = a.dataset.value;
    run();
  });
})();
