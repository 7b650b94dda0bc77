// The fact review queue's buttons: a verdict on one fact (with whether it was drawn by the
// random sample, and its seed), or the undo of one review, sent with the session's CSRF
// token, with the reviewer's name (kept in this browser); the page is drawn again after each.
(function () {
  const status = document.getElementById("review-status");
  const reviewer = document.getElementById("reviewer");
  reviewer.value = localStorage.getItem("coopgraph-reviewer") || "";
  reviewer.addEventListener("change", () => localStorage.setItem("coopgraph-reviewer", reviewer.value.trim()));

  async function send(url, body) {
    status.textContent = "Saving…";
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": document.body.dataset.csrf },
      body: body ? JSON.stringify(body) : null,
    });
    const data = await response.json().catch(() => ({}));
    if (response.ok) window.location.reload(); else status.textContent = data.detail || "Refused.";
  }

  document.querySelectorAll("button.verdict").forEach((button) => button.addEventListener("click", () => {
    const fact = button.closest("li.fact").dataset, d = button.dataset;
    send("/api/fact-reviews", {
      kind: fact.kind, id: Number(fact.id), verdict: d.verdict, sampled: d.sampled === "1", seed: Number(d.seed),
      author: reviewer.value.trim() || null,
    });
  }));
  document.querySelectorAll("button.undo-review").forEach((button) => button.addEventListener("click", () => {
    send(`/api/fact-reviews/${button.dataset.review}/undo`);
  }));
})();
