// pick.js: a search box over a checkbox list (templates: "picklist"). The
// list works without it; with it, typing narrows the options, ignoring
// case and Vietnamese diacritics, and opens the groups that match.
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
  function init() { document.querySelectorAll("fieldset.picklist").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
