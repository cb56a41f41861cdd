// The letter editor of /me: as the volunteer types, asks the server for the country rules'
// verdict on the text (the same check that saving runs) and shows it under the text. The
// page works without it; saving is checked again on the server.
(function () {
  "use strict";
  if (!window.fetch || !window.URLSearchParams) { return; }
  var areas = document.querySelectorAll("textarea[data-check]");
  for (var i = 0; i < areas.length; i++) { watch(areas[i]); }

  function watch(area) {
    var form = area.form;
    var out = document.getElementById(area.getAttribute("data-verdict"));
    var csrf = form && form.querySelector("input[name=csrf]");
    if (!out || !csrf) { return; }
    var timer = null;
    var asked = 0;
    area.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(ask, 300);
    });
    function ask() {
      var n = ++asked;
      var body = new URLSearchParams();
      body.set("csrf", csrf.value);
      body.set("text", area.value);
      fetch(area.getAttribute("data-check"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString()
      }).then(function (res) {
        return res.ok ? res.json() : null;
      }).then(function (d) {
        // Only the answer to the latest text is shown.
        if (!d || n !== asked) { return; }
        out.innerHTML = d.html;
        out.setAttribute("data-refuse", String(d.refuse.length));
        out.setAttribute("data-warn", String(d.warn.length));
      }).catch(function () {});
    }
  }
})();
