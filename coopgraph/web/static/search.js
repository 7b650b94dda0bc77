// Instant search: the answer follows the query as it is typed. The answer is the page the
// server renders for that address (autoescaped; snippets escaped before their <mark>s), fetched
// and swapped in for the old one, so the page and the script never disagree; the links inside
// it (facets, chips, pages) are followed the same way, and each view keeps its own address.
(function () {
  const form = document.getElementById("search-form");
  if (!form) return;
  const FIELDS = ["q", "type", "country", "event_type", "year", "language", "limit"];
  let timer = null, seq = 0;

  function formParams() {
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) {
      let value = String(v).trim();
      if (k === "country") value = value.toLowerCase() === "none" ? "none" : value.toUpperCase();
      if (k === "language") value = value.toLowerCase();
      if (value) p.set(k, value);
    }
    return p;
  }

  function fillForm(p) {
    for (const name of FIELDS) {
      const field = form.elements[name];
      if (field && field.value !== (p.get(name) || "")) field.value = p.get(name) || "";
    }
  }

  function showError(message) {
    const box = document.createElement("div");
    box.id = "search-state";
    const line = document.createElement("p");
    line.className = "error";
    line.setAttribute("role", "alert");
    line.textContent = message;
    box.append(line);
    document.getElementById("search-state").replaceWith(box);
  }

  // history: "push" for a link followed, "replace" while typing, "none" for back and forward
  async function load(p, history_) {
    const mine = ++seq, url = "/?" + p;
    let response, text;
    try {
      response = await fetch(url, { headers: { Accept: "text/html" } });
      text = await response.text();
    } catch (err) {
      if (mine === seq) showError("the explorer cannot be reached: " + err.message);
      return;
    }
    if (mine !== seq) return;  // a newer query is on its way
    const doc = new DOMParser().parseFromString(text, "text/html");
    const fresh = doc.getElementById("search-state");
    if (!response.ok || !fresh) {
      const problem = doc.querySelector(".error");
      showError(problem ? problem.textContent : response.statusText);
      return;
    }
    document.getElementById("search-state").replaceWith(document.adoptNode(fresh));
    document.title = doc.title;
    if (history_ === "push") history.pushState(null, "", url);
    else if (history_ === "replace") history.replaceState(null, "", url);
  }

  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => load(formParams(), "replace"), 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    load(formParams(), "replace");
  });
  document.addEventListener("click", (event) => {
    const a = event.target.closest("#search-state a[href]");
    if (!a || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const target = new URL(a.href);
    if (target.origin !== location.origin || target.pathname !== "/") return;  // profiles, articles, .json, .csv
    event.preventDefault();
    clearTimeout(timer);
    const p = new URLSearchParams(target.search);
    fillForm(p);
    load(p, "push");
  });
  window.addEventListener("popstate", () => {
    const p = new URLSearchParams(location.search);
    fillForm(p);
    load(p, "none");
  });
})();
