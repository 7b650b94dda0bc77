// The review queue's buttons: one judgement between two entity ids, sent with the session's
// CSRF token; the queue is drawn again without the pair.
(function () {
  const status = document.getElementById("review-status");
  document.querySelectorAll("button.judge").forEach((button) => button.addEventListener("click", async () => {
    const d = button.dataset;
    status.textContent = "Saving…";
    const response = await fetch("/api/judgements", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": document.body.dataset.csrf },
      body: JSON.stringify({ kind: d.kind, payload: { a: Number(d.a), b: Number(d.b) } }),
    });
    const data = await response.json().catch(() => ({}));
    if (response.ok) window.location.reload(); else status.textContent = data.detail || "Refused.";
  }));
})();
