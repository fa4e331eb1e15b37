/* The catalogue's result rows, built as DOM nodes: a record's title, authors, meta line and summary.
   Record text only ever reaches the page through textContent, never as HTML. */
(function (nrr) {
  "use strict";

  nrr.row = function (title, href, meta, summaryNode, authors) {
    var li = document.createElement("li");
    li.className = "nrr-row";
    var a = document.createElement("a");
    a.className = "nrr-row-title";
    a.href = href;
    a.textContent = title;
    li.appendChild(a);
    if (authors) {
      var who = document.createElement("span");
      who.className = "nrr-row-authors";
      who.textContent = authors;
      li.appendChild(who);
    }
    var m = document.createElement("span");
    m.className = "nrr-row-meta";
    m.textContent = meta;
    li.appendChild(m);
    var s = document.createElement("span");
    s.className = "nrr-row-summary";
    if (summaryNode) s.appendChild(summaryNode);
    li.appendChild(s);
    return li;
  };

  // Pagefind excerpts are HTML with <mark>; keep the text and the marks, drop everything else.
  nrr.excerpt = function (html) {
    var doc = new DOMParser().parseFromString("<div>" + (html || "") + "</div>", "text/html");
    var out = document.createDocumentFragment();
    doc.body.firstChild.childNodes.forEach(function walk(node) {
      if (node.nodeType === 3) out.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else node.childNodes.forEach(walk);
    });
    return out;
  };

  // A record's own summary, with the words of the query marked: never text from elsewhere on its page.
  nrr.marked = function (text, query) {
    var out = document.createDocumentFragment();
    var words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 1; });
    if (!words.length) { out.appendChild(document.createTextNode(text)); return out; }
    // A word is marked with the rest of its stem ("stain" marks "staining"), never across an
    // underscore: "warmdown" marks the same part of warmdown_ratio and swa_warmdown_average.
    var pattern = new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")[\\p{L}\\p{N}]*", "giu");
    var last = 0;
    text.replace(pattern, function (match, _w, offset) {
      out.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = match;
      out.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  };

  // Each part stays whole on a narrow screen ("val_bpb 0.13% worse", not "val_bpb 0.13%" over "worse"):
  // the line wraps only between parts.
  nrr.metaLine = function (parts) {
    return parts.filter(Boolean).map(function (p) { return String(p).replace(/ /g, "\u00a0"); }).join(" · ");
  };
  nrr.plural = function (n) { return n + (n === 1 ? " record" : " records"); };
  nrr.matchWord = function (n) { return n === 1 ? " matches" : " match"; };
})(window.nrr = window.nrr || {});
