/* The catalogue's facets without a query: filtering the columnar index (search/facets.json) in the
   browser, the facet panel with its counts, and the pager. `cat` is the catalogue (nrr-catalogue.js). */
(function (nrr) {
  "use strict";

  function matches(f, i, wanted) {
    var c = f.codes[i];
    if (f.multi) {
      for (var k = 0; k < c.length; k++) if (wanted[c[k]]) return true;
      return false;
    }
    return wanted[c] === true;
  }

  // The records that pass every chosen facet, in the chosen order, and each facet value's count.
  nrr.filterLocal = function (cat) {
    var index = cat.index, state = cat.state;
    var active = [];
    index.facets.forEach(function (f) {
      var sel = state.sel[f.key];
      if (!sel) return;
      var wanted = {};
      sel.forEach(function (v) { wanted[f.values.indexOf(v)] = true; });
      active.push({ f: f, wanted: wanted });
    });
    var counts = {};
    index.facets.forEach(function (f) { counts[f.key] = new Array(f.values.length).fill(0); });
    var hits = [];
    for (var i = 0; i < index.n; i++) {
      var failed = null, misses = 0;
      for (var a = 0; a < active.length && misses < 2; a++) {
        if (!matches(active[a].f, i, active[a].wanted)) { misses++; failed = active[a].f; }
      }
      if (misses >= 2) continue;
      // Counts for a facet ignore that facet's own selection, so each count says what ticking it gives.
      var facetsToCount = misses === 0 ? index.facets : [failed];
      facetsToCount.forEach(function (f) {
        var c = f.codes[i];
        if (f.multi) c.forEach(function (code) { counts[f.key][code]++; });
        else if (c >= 0) counts[f.key][c]++;
      });
      if (misses === 0) hits.push(i);
    }
    if (state.sort === "oldest") hits.reverse();
    else if (state.sort === "effect") {
      var size = function (i) { var v = (index.effect || [])[i]; return v === null || v === undefined ? -1 : v; };
      hits.sort(function (a, b) { return size(b) - size(a) || a - b; });
    }
    return { hits: hits, counts: counts };
  };

  nrr.renderFacets = function (cat, counts) {
    var el = cat.el, state = cat.state;
    var chosen = Object.keys(state.sel).reduce(function (n, key) { return n + state.sel[key].length; }, 0);
    el.filtersToggle.textContent = chosen ? "Filters (" + chosen + " chosen)" : "Filters";
    el.facets.textContent = "";
    cat.index.facets.forEach(function (f) {
      var fc = counts[f.key] || [];
      var sel = state.sel[f.key] || [];
      var shown = [];
      f.values.forEach(function (v, code) {
        var n = fc[code] || 0;
        if (n > 0 || sel.indexOf(v) >= 0) shown.push({ v: v, label: f.labels[code], n: n });
      });
      if (!shown.length) return;
      shown.sort(function (a, b) { return b.n - a.n || (a.label < b.label ? -1 : 1); });
      var set = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = f.label;
      set.appendChild(legend);
      var limit = cat.expanded[f.key] ? shown.length : 8;
      shown.forEach(function (item, pos) {
        if (pos >= limit && sel.indexOf(item.v) < 0) return;
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "checkbox";
        input.name = f.key;
        input.value = item.v;
        input.checked = sel.indexOf(item.v) >= 0;
        input.addEventListener("change", function () { cat.toggle(f.key, item.v, input.checked); });
        label.appendChild(input);
        var text = document.createElement("span");
        text.textContent = item.label;
        label.appendChild(text);
        var n = document.createElement("span");
        n.className = "nrr-n";
        n.textContent = String(item.n);
        n.setAttribute("aria-label", item.n + " records");
        label.appendChild(n);
        set.appendChild(label);
      });
      if (shown.length > 8) {
        var more = document.createElement("button");
        more.type = "button";
        more.className = "nrr-more";
        more.textContent = cat.expanded[f.key] ? "Show fewer" : "Show all " + shown.length;
        more.setAttribute("aria-expanded", cat.expanded[f.key] ? "true" : "false");
        more.addEventListener("click", function () { cat.expanded[f.key] = !cat.expanded[f.key]; cat.render(); });
        set.appendChild(more);
      }
      el.facets.appendChild(set);
    });
    // No value left to filter by (a search that found nothing): no empty panel or toggle either.
    el.filters.hidden = !el.facets.childElementCount;
  };

  nrr.renderPager = function (cat, total, size) {
    var el = cat.el, state = cat.state;
    el.pager.textContent = "";
    var pages = Math.max(1, Math.ceil(total / size));
    if (pages < 2) return;
    var nav = document.createElement("nav");
    nav.className = "nrr-pager";
    nav.setAttribute("aria-label", "Pages of results");
    function button(text, page) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.disabled = page < 1 || page > pages;
      b.addEventListener("click", function () { cat.state.page = page; cat.writeUrl(); cat.render(); cat.box.scrollIntoView(); });
      return b;
    }
    nav.appendChild(button("← Previous", state.page - 1));
    var where = document.createElement("span");
    where.textContent = "Page " + state.page + " of " + pages;
    nav.appendChild(where);
    nav.appendChild(button("Next →", state.page + 1));
    el.pager.appendChild(nav);
  };
})(window.nrr = window.nrr || {});
