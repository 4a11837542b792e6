// A topic page's episodes, most discussed first as built; the buttons (shown only when
// scripts run) re-sort them newest first and back.
(function () {
  var list = document.getElementById("topic-episodes");
  var bar = document.querySelector("p.order");
  if (!list || !bar) return;
  bar.hidden = false;
  var buttons = bar.querySelectorAll("button");
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      var key = b.getAttribute("data-sort");
      var items = Array.prototype.slice.call(list.children);
      items.sort(function (x, y) { return Number(x.getAttribute("data-" + key)) - Number(y.getAttribute("data-" + key)); });
      items.forEach(function (li) { list.appendChild(li); });
      buttons.forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
    });
  });
})();
