// The review queue's keyboard: j / k move to the next or previous fact, x ticks it, and c, r, u
// give the ticked facts (or, with none ticked, the one in focus) the verdict confirm, reject or
// unsure, through the page's own bulk form (a plain POST with its CSRF token: the page works
// without this script).
(function () {
  "use strict";
  const form = document.querySelector("form.review");
  if (!form) return;
  const items = Array.from(form.querySelectorAll("li.review-item"));
  let at = -1;
  function focus(i) {
    if (!items.length) return;
    at = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((li, n) => li.classList.toggle("focused", n === at));
    items[at].scrollIntoView({block: "nearest"});
    items[at].querySelector("input[type=checkbox]").focus();
  }
  function decide(verdict) {
    const ticked = form.querySelectorAll("input[name=fact]:checked");
    if (!ticked.length) {
      if (at < 0) return;
      items[at].querySelector("input[name=fact]").checked = true;
    }
    const button = form.querySelector(`button[name=verdict][value=${verdict}]`);
    if (button) form.requestSubmit(button);
  }
  const keys = {j: () => focus(at + 1), k: () => focus(at - 1),
                x: () => { if (at >= 0) { const box = items[at].querySelector("input[name=fact]"); box.checked = !box.checked; } },
                c: () => decide("confirm"), r: () => decide("reject"), u: () => decide("unsure")};
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type !== "checkbox") return;     // typing a reason
    const act = keys[event.key];
    if (act) { event.preventDefault(); act(); }
  });
  window.briefgraphReview = {focus: focus, decide: decide};
})();
