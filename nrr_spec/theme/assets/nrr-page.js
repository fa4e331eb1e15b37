/* Every page of the catalogue: copy buttons, the record page's cite control, and wide tables that
   say they scroll. The catalogue's search and facets are in nrr-catalogue.js and the scripts it uses.
   Record text only ever reaches the page through textContent, never as HTML. */
(function () {
  "use strict";

  /* ---------- copy buttons ---------- */

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text, button) {
    // Exposed so that people (and tests) can see what the last copy put on the clipboard.
    window.nrrLastCopied = text;
    var done = function () {
      button.textContent = "Copied";
      button.setAttribute("data-copied", "true");
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.nrr-copy") : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (source) copy(source.textContent, button);
  });

  /* ---------- cite control: one format at a time, chosen from the menu ---------- */

  var format = document.getElementById("nrr-cite-format");
  if (format) {
    var texts = document.querySelectorAll("pre.nrr-cite-text");
    var showFormat = function () {
      var chosen = null;
      Array.prototype.forEach.call(texts, function (pre) {
        var on = pre.id === "cite-" + format.value;
        pre.hidden = !on;
        if (on) chosen = pre;
      });
      if (!chosen) return;
      var copyButton = document.getElementById("nrr-cite-copy");
      var download = document.getElementById("nrr-cite-download");
      copyButton.setAttribute("data-copy", chosen.id);
      copyButton.setAttribute("aria-label", "Copy " + chosen.getAttribute("data-name"));
      download.setAttribute("href", chosen.getAttribute("data-href"));
      download.setAttribute("download", chosen.getAttribute("data-file"));
      download.setAttribute("aria-label", "Download " + chosen.getAttribute("data-name"));
    };
    format.addEventListener("change", showFormat);
    showFormat();
  }

  /* ---------- wide tables: say that they scroll ---------- */

  var markOverflow = function () {
    Array.prototype.forEach.call(document.querySelectorAll(".nrr-scroll"), function (wrap) {
      wrap.classList.toggle("nrr-overflows", wrap.scrollWidth > wrap.clientWidth + 1);
    });
  };
  markOverflow();
  window.addEventListener("resize", markOverflow);
})();
