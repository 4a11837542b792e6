// The topic filter box: shown only when scripts run; loads the list of every topic
// (topics/names.json: [name, slug, episodes]) on first use and lists the matches.
(function () {
  var form = document.querySelector(".topic-filter");
  if (!form) return;
  var input = form.querySelector("input");
  var out = form.querySelector(".topic-matches");
  var names = null;
  var base = form.getAttribute("data-names").replace(/names\.json$/, "");
  form.hidden = false;
  function show() {
    var q = input.value.trim().toLowerCase();
    out.textContent = "";
    if (!q || !names) return;
    var shown = 0;
    for (var i = 0; i < names.length && shown < 50; i++) {
      if (names[i][0].toLowerCase().indexOf(q) === -1) continue;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + names[i][1] + "/";
      a.textContent = names[i][0];
      var n = document.createElement("span");
      n.className = "count";
      n.textContent = " " + names[i][2] + (names[i][2] === 1 ? " episode" : " episodes");
      li.appendChild(a);
      li.appendChild(n);
      out.appendChild(li);
      shown++;
    }
    if (!shown) { var none = document.createElement("li"); none.textContent = "No topic matches."; out.appendChild(none); }
  }
  input.addEventListener("input", function () {
    if (names) return show();
    fetch(form.getAttribute("data-names")).then(function (r) { return r.json(); })
      .then(function (data) { names = data; show(); });
  });
})();
