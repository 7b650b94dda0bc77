// Show the fact named in the address (#e12, #r3, #m40): highlight every piece of its span
// and scroll to it. Facts listed beside the text do the same when clicked.
(function () {
  function show(fact) {
    document.querySelectorAll(".target").forEach((n) => n.classList.remove("target"));
    if (!/^[emr][0-9]+$/.test(fact)) return;
    const pieces = [...document.querySelectorAll(".mk")].filter((n) => n.dataset.f.split(" ").includes(fact));
    pieces.forEach((n) => n.classList.add("target"));
    const item = document.getElementById("fact-" + fact);
    if (item) item.classList.add("target");
    if (pieces.length) pieces[0].scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", () => show(location.hash.slice(1)));
  show(location.hash.slice(1));
})();
