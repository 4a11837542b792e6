// The episode player. Every link to a moment of this episode (#t-80: timestamps,
// chapters, topic moments) also plays the audio from there; the link still goes to the
// text. An address ending in #t=MM:SS (or #t=HH:MM:SS, #t=80) starts the audio there.
// Without this script the links simply go to the text.
(function () {
  var audio = document.getElementById("player");
  if (!audio) return;

  // "80", "01:20", "1:02:03", "80.5s" -> seconds; null if it is not a time.
  function seconds(s) {
    var parts = s.replace(/s$/, "").split(":");
    var t = 0;
    for (var i = 0; i < parts.length; i++) {
      if (!/^\d+(\.\d+)?$/.test(parts[i])) return null;
      t = t * 60 + parseFloat(parts[i]);
    }
    return t;
  }
  // "#t-80" (an anchor of the transcript) or "#t=01:20" (a media fragment; "#t=80,120"
  // starts at 80).
  function fromHash(hash) {
    var m = /^#t[-=]([0-9:.]+s?)(,.*)?$/.exec(hash);
    return m ? seconds(m[1]) : null;
  }
  function seek(t, play) {
    function go() {
      audio.currentTime = t;
      if (play) {
        var p = audio.play();
        if (p && p.catch) p.catch(function () {});
      }
    }
    if (audio.readyState >= 1) {
      go();
    } else {
      audio.addEventListener("loadedmetadata", go, { once: true });
      audio.preload = "metadata";
      audio.load();
    }
  }
  // The transcript cue at or before t, to scroll to for a #t=MM:SS address.
  function cueAt(t) {
    var best = null;
    var cues = document.querySelectorAll("[id^='t-']");
    for (var i = 0; i < cues.length; i++) {
      var s = parseInt(cues[i].id.slice(2), 10);
      if (s <= t) best = cues[i];
      else break;
    }
    return best;
  }

  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    var href = a.getAttribute("href");
    var i = href.indexOf("#");
    if (i < 0) return;
    // Only links into this page: "#t-80", or this page's own address with a fragment.
    if (i > 0 && a.pathname !== location.pathname) return;
    var t = fromHash(href.slice(i));
    if (t !== null) seek(t, true);
  });

  function fromAddress() {
    var t = fromHash(location.hash);
    if (t === null) return;
    seek(t, false);
    if (location.hash.charAt(2) === "=") {
      var cue = cueAt(t);
      if (cue) cue.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", function () {
    // A click already seeked; this covers an address typed or pasted.
    if (audio.paused) fromAddress();
  });
  fromAddress();
})();
