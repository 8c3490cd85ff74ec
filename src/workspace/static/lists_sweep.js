// socaudit serve, workspace part `lists`: live progress of a sweep. Polls status.json every two
// seconds and sets only textContent (nothing is parsed as HTML); reloads the page once, when the
// sweep ends, so the finished page shows its results. Without it the page refreshes itself.
(function () {
  "use strict";
  var root = document.querySelector("[data-sweep-status]");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-sweep-status");
  var words = { queued: "в очереди", running: "идёт", done: "завершена", failed: "не удалась" };
  function set(id, value) {
    var el = document.getElementById(id);
    if (el && value !== null && value !== undefined) {
      el.textContent = String(value);
    }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) {
          return;
        }
        set("sweep-status", words[s.status] || s.status);
        set("sweep-done", s.sites_done);
        set("sweep-total", s.sites_total);
        set("sweep-elapsed", s.elapsed_s);
        if (s.status === "done" || s.status === "failed") {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  var status = root.getAttribute("data-status");
  if (status === "queued" || status === "running") {
    window.setTimeout(poll, 2000);
  }
})();
