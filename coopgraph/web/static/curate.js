// Corrections from the entity page: the same judgements as the CLI, sent with the
// session's CSRF token. After each one the graph is re-resolved and the page reloads
// (the entity may now have another id: it is found again by its name).
(function () {
  const profile = document.querySelector(".profile");
  const status = document.getElementById("curate-status");
  const csrf = document.body.dataset.csrf;
  const name = profile.dataset.entityName;

  async function send(url, body) {
    status.textContent = "Saving…";
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body ? JSON.stringify(body) : null,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { status.textContent = data.detail || "Refused."; return null; }
    return data;
  }

  async function reopen(entityName) {
    const r = await fetch("/api/search?limit=5&q=" + encodeURIComponent(entityName)).then((x) => x.json());
    const hit = (r.entities || []).find((e) => e.name === entityName) || (r.entities || [])[0];
    window.location.href = hit ? "/entity/" + hit.id : "/";
  }

  document.querySelectorAll(".curate form").forEach((form) => form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = new FormData(form), kind = form.dataset.kind;
    let body, next = name;
    if (kind === "merge") { body = { kind, payload: { a: name, b: f.get("b") } }; }
    else if (kind === "rename") { body = { kind, payload: { entity: name, name: f.get("name") } }; next = f.get("name"); }
    else if (kind === "retype") { body = { kind, payload: { entity: name, type: f.get("type") } }; }
    else if (kind === "split") { body = { kind, payload: { entity: name, name: f.get("name") } }; }
    else { return markMentionsWrong(); }
    if (await send("/api/judgements", body)) reopen(next);
  }));

  async function markMentionsWrong() {
    const id = profile.dataset.entityId;
    const why = await fetch(`/api/entities/${id}/why`).then((r) => r.json());
    // one correction: every mention at once, and one undo takes them all back
    const judgements = why.map((m) => ({ kind: "wrong", payload: { fact: "mention", path: m.path, segment: m.segment, name: m.name } }));
    if (await send("/api/judgements", { judgements, reason: "not a real entity" })) window.location.href = "/";
  }

  document.querySelectorAll("button.wrong").forEach((button) => button.addEventListener("click", async () => {
    const d = button.dataset;
    const payload = { fact: d.fact, path: d.path, segment: Number(d.segment) };
    if (d.fact === "event") payload.event = d.event; else { payload.name = d.name; payload.title = d.title; }
    if (await send("/api/judgements", { kind: "wrong", payload })) window.location.reload();
  }));

  document.getElementById("undo").addEventListener("click", async () => {
    const data = await send("/api/undo");
    if (data) { status.textContent = data.undone ? `Undone: ${data.undone.kind}` : "Nothing to undo."; setTimeout(() => reopen(name), 400); }
  });

  const input = document.querySelector('.curate input[name="b"]');
  const list = document.getElementById("merge-candidates");
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (input.value.trim().length < 2) return;
      const r = await fetch("/api/search?limit=10&q=" + encodeURIComponent(input.value)).then((x) => x.json());
      list.replaceChildren(...(r.entities || []).filter((e) => e.name !== name).map((e) => {
        const option = document.createElement("option"); option.value = e.name; option.textContent = e.type; return option;
      }));
    }, 150);
  });
})();
