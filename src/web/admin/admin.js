// The coordinators' overview: polls the email progress every two seconds while the page is
// open, so the figures move while `marathon send` runs. Stops when the session has ended.
(function () {
  "use strict";
  var section = document.getElementById("email-progress");
  if (!section || !window.fetch) { return; }
  var url = section.getAttribute("data-poll");
  var timer = null;
  function update(p) {
    var cells = section.querySelectorAll("[data-field]");
    for (var i = 0; i < cells.length; i++) {
      var f = cells[i].getAttribute("data-field");
      var t = p[f + "_text"];
      if (t !== undefined && cells[i].textContent !== t) { cells[i].textContent = t; }
    }
    var bar = document.getElementById("email-bar");
    if (bar) { bar.max = Math.max(p.letters, 1); bar.value = p.done; }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) {
        if (r.status === 401) {
          clearInterval(timer);
          var live = document.getElementById("email-live");
          if (live) { live.textContent = live.getAttribute("data-ended") || live.textContent; }
          return null;
        }
        return r.ok ? r.json() : null;
      })
      .then(function (p) { if (p) { update(p); } })
      .catch(function () {});
  }
  timer = setInterval(poll, 2000);
})();
