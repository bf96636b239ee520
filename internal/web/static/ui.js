// ui.js: small helps over pages that work without it.
// - A search box over a checkbox list (templates: "picklist"): typing
//   narrows the options, ignoring case and Vietnamese diacritics.
// - A refused form is shown again by its POST answer; the address bar then
//   shows the page the form belongs to (main[data-url]), not the POST path,
//   so reloading or sharing it opens that page.
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function count(box) {
    var n = box.querySelectorAll("input[type=checkbox]:checked").length;
    var c = box.querySelector(".pick-count");
    if (c) { c.textContent = "(" + n + " đã chọn)"; }
  }
  function setup(box) {
    var input = box.querySelector(".pick-filter");
    if (!input) { return; }
    input.hidden = false;
    var groups = Array.prototype.slice.call(box.querySelectorAll(".pick-group"));
    var initial = groups.map(function (g) { return g.open; });
    input.addEventListener("input", function () {
      var q = fold(input.value.trim());
      groups.forEach(function (g, i) {
        var any = false;
        g.querySelectorAll("label.pick").forEach(function (l) {
          var hit = q === "" || fold(l.textContent).indexOf(q) >= 0 || fold(g.querySelector("summary").textContent).indexOf(q) >= 0;
          l.hidden = !hit;
          any = any || hit;
        });
        g.hidden = !any;
        g.open = q === "" ? initial[i] : any;
      });
    });
    // Enter in the search box must not send the form.
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
    box.addEventListener("change", function () { count(box); });
  }
  function init() {
    document.querySelectorAll("fieldset.picklist").forEach(setup);
    var main = document.querySelector("main[data-url]");
    var url = main && main.getAttribute("data-url");
    if (url && url.charAt(0) === "/" && url.charAt(1) !== "/" && window.history && history.replaceState) {
      history.replaceState(null, "", url + location.hash);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
