// socaudit serve: live progress of a check over Server-Sent Events. The page works without it
// (it reloads itself every few seconds); with it, the numbers move as pages are read and the
// page reloads once, when the check ends. Only textContent is ever set: nothing is parsed as HTML.
(function () {
  "use strict";
  var root = document.querySelector("[data-events]");
  if (!root || !window.EventSource) {
    return;
  }
  var words = { queued: "В очереди…", running: "Идёт проверка…" };
  function set(id, value) {
    var el = document.getElementById(id);
    if (el && value !== null && value !== undefined) {
      el.textContent = String(value);
    }
  }
  var source = new EventSource(root.getAttribute("data-events"));
  source.addEventListener("progress", function (e) {
    var p = JSON.parse(e.data);
    set("pages", p.pages);
    set("decided", p.decided);
    set("total", p.total);
    set("current", p.current_url);
    set("status", words[p.status]);
    root.setAttribute("data-status", p.status);
  });
  function end() {
    source.close();
    window.location.reload();
  }
  source.addEventListener("done", end);
  source.addEventListener("failed", end);
  source.onerror = function () {
    source.close();
    window.setTimeout(function () { window.location.reload(); }, 3000);
  };
})();
