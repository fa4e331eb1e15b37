/* The catalogue's browser code: copy buttons on record pages, and search + facets on the catalogue.
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

  /* ---------- catalogue ---------- */

  var box = document.getElementById("nrr-catalogue");
  if (!box) return;
  var base = box.getAttribute("data-root") || "./";
  // A record's address comes from the page (the build writes it from nrr_spec/urls.py): "{id}" marks the id.
  var recordPath = box.getAttribute("data-record-path");
  var pageSize = parseInt(box.getAttribute("data-page-size"), 10) || 50;
  var searchPageSize = 20;
  var el = {
    form: document.getElementById("nrr-search"),
    q: document.getElementById("nrr-q"),
    clear: document.getElementById("nrr-clear"),
    filters: document.getElementById("nrr-filters"),
    filtersToggle: document.getElementById("nrr-filters-toggle"),
    facets: document.getElementById("nrr-facets"),
    list: document.getElementById("nrr-list"),
    pager: document.getElementById("nrr-pager"),
    count: document.getElementById("nrr-count"),
    none: document.getElementById("nrr-none"),
    sort: document.getElementById("nrr-sort")
  };
  var index = null;
  var chunks = {};
  var expanded = {};
  var state = { q: "", page: 1, sel: {}, sort: "" };
  var SORTS = { oldest: true, effect: true };
  var SORT_LIMIT = 300;
  var pagefind = null;
  var filterIndexLoaded = false;
  var renderToken = 0;

  function readUrl() {
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
    state.sort = SORTS[params.get("sort")] ? params.get("sort") : "";
    state.sel = {};
    index.facets.forEach(function (f) {
      var picked = params.getAll(f.key).filter(function (v) { return f.values.indexOf(v) >= 0; });
      if (picked.length) state.sel[f.key] = picked;
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    index.facets.forEach(function (f) {
      (state.sel[f.key] || []).forEach(function (v) { params.append(f.key, v); });
    });
    if (state.sort) params.set("sort", state.sort);
    if (state.page > 1) params.set("page", String(state.page));
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function recordHref(id) { return base + recordPath.replace("{id}", encodeURIComponent(id)); }

  function chunk(n) {
    if (!chunks[n]) chunks[n] = fetch(base + "search/meta/" + n + ".json").then(function (r) { return r.json(); });
    return chunks[n];
  }

  function row(title, href, meta, summaryNode, authors) {
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
  }

  // Pagefind excerpts are HTML with <mark>; keep the text and the marks, drop everything else.
  function excerpt(html) {
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
  }

  // A record's own summary, with the words of the query marked: never text from elsewhere on its page.
  function marked(text, query) {
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
  }

  function metaLine(parts) { return parts.filter(Boolean).join(" · "); }

  function matches(f, i, wanted) {
    var c = f.codes[i];
    if (f.multi) {
      for (var k = 0; k < c.length; k++) if (wanted[c[k]]) return true;
      return false;
    }
    return wanted[c] === true;
  }

  function filterLocal() {
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
  }

  function renderFacets(counts) {
    var chosen = Object.keys(state.sel).reduce(function (n, key) { return n + state.sel[key].length; }, 0);
    el.filtersToggle.textContent = chosen ? "Filters (" + chosen + " chosen)" : "Filters";
    el.facets.textContent = "";
    index.facets.forEach(function (f) {
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
      var limit = expanded[f.key] ? shown.length : 8;
      shown.forEach(function (item, pos) {
        if (pos >= limit && sel.indexOf(item.v) < 0) return;
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "checkbox";
        input.name = f.key;
        input.value = item.v;
        input.checked = sel.indexOf(item.v) >= 0;
        input.addEventListener("change", function () { toggle(f.key, item.v, input.checked); });
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
        more.textContent = expanded[f.key] ? "Show fewer" : "Show all " + shown.length;
        more.setAttribute("aria-expanded", expanded[f.key] ? "true" : "false");
        more.addEventListener("click", function () { expanded[f.key] = !expanded[f.key]; render(); });
        set.appendChild(more);
      }
      el.facets.appendChild(set);
    });
    // No value left to filter by (a search that found nothing): no empty panel or toggle either.
    el.filters.hidden = !el.facets.childElementCount;
  }

  // What to do next when nothing matches; the count above says that nothing does.
  function showNone(n) { if (el.none) el.none.hidden = n > 0; }

  function renderPager(total, size) {
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
      b.addEventListener("click", function () { state.page = page; writeUrl(); render(); box.scrollIntoView(); });
      return b;
    }
    nav.appendChild(button("← Previous", state.page - 1));
    var where = document.createElement("span");
    where.textContent = "Page " + state.page + " of " + pages;
    nav.appendChild(where);
    nav.appendChild(button("Next →", state.page + 1));
    el.pager.appendChild(nav);
  }

  function plural(n) { return n + (n === 1 ? " record" : " records"); }
  function matchWord(n) { return n === 1 ? " matches" : " match"; }

  function renderLocal(token) {
    var result = filterLocal();
    renderFacets(result.counts);
    var hits = result.hits;
    var pages = Math.max(1, Math.ceil(hits.length / pageSize));
    if (state.page > pages) state.page = pages;
    var slice = hits.slice((state.page - 1) * pageSize, state.page * pageSize);
    var needed = {};
    slice.forEach(function (i) { needed[Math.floor(i / index.chunk)] = true; });
    var filtered = Object.keys(state.sel).length > 0;
    el.count.textContent = filtered ? plural(hits.length) + matchWord(hits.length) + " the filters." : plural(hits.length) + " in the catalogue.";
    showNone(hits.length);
    return Promise.all(Object.keys(needed).map(function (n) { return chunk(n); })).then(function () {
      if (token !== renderToken) return;
      return Promise.all(slice.map(function (i) { return chunk(Math.floor(i / index.chunk)); })).then(function (rows) {
        if (token !== renderToken) return;
        el.list.textContent = "";
        el.list.start = (state.page - 1) * pageSize + 1;
        slice.forEach(function (i, k) {
          var r = rows[k][i % index.chunk];
          el.list.appendChild(row(r[1], recordHref(r[0]), metaLine([r[2], r[3], r[6], r[7]]), document.createTextNode(r[4]), r[5]));
        });
        renderPager(hits.length, pageSize);
      });
    });
  }

  function loadPagefind() {
    if (!pagefind) {
      var url = new URL(base + "pagefind/pagefind.js", location.href).href;
      var baseUrl = new URL(base, location.href).pathname;
      pagefind = import(url).then(function (pf) {
        return pf.options({ baseUrl: baseUrl }).then(function () {
          // A large catalogue is indexed in shards (pagefind/shard-N/); search them as one.
          return Promise.all((index.search || []).map(function (path) {
            return pf.mergeIndex(new URL(base + path, location.href).pathname, { baseUrl: baseUrl });
          }));
        }).then(function () {
          // Facet counts of search results come from Pagefind's filter index, and a search loads
          // only the parts for filters already chosen. The whole index loads in the background
          // (at 100,000 records it is most of the first search's download): results show at
          // once, and their counts follow.
          pf.filters().then(function () {
            filterIndexLoaded = true;
            if (state.q) render();
          }, function () { /* no counts for search results; the results themselves still show */ });
          return pf;
        });
      });
    }
    return pagefind;
  }

  // Pagefind answers a word it does not hold with the longest start of it that it does hold
  // ("asdfgh" finds the records with "asd"; Pagefind issues #599 and #793). A word counts as found
  // only when the words Pagefind marks in a result share most of it; otherwise the query has no match.
  var termChecks = {};
  function commonStart(a, b) { var n = 0; while (n < a.length && n < b.length && a[n] === b[n]) n++; return n; }
  function termFound(pf, term) {
    if (!termChecks[term]) {
      termChecks[term] = pf.search(term).then(function (search) {
        if (!search || !search.results.length) return false;
        return search.results[0].data().then(function (d) {
          var marks = (d.excerpt || "").match(/<mark>([^<]*)<\/mark>/g) || [];
          var need = Math.max(3, Math.ceil(term.length * 0.7));
          return marks.some(function (m) {
            var word = m.replace(/<\/?mark>/g, "").toLowerCase();
            return commonStart(word, term) >= Math.min(need, word.length) && word.length >= Math.min(need, term.length);
          });
        });
      });
    }
    return termChecks[term];
  }
  function queryFound(pf, query) {
    var terms = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length >= 4; });
    return Promise.all(terms.map(function (t) { return termFound(pf, t); })).then(function (found) {
      return found.every(Boolean);
    });
  }

  function filtersWithout(skip) {
    var filters = {};
    Object.keys(state.sel).forEach(function (key) { if (key !== skip) filters[key] = { any: state.sel[key] }; });
    return filters;
  }

  function renderSearch(token) {
    // Counts wait for the filter index; until it is there, only the results are searched for
    // (and the search that follows its loading brings the counts).
    var counting = filterIndexLoaded;
    var chosen = counting ? Object.keys(state.sel) : [];
    return loadPagefind().then(function (pf) {
      return queryFound(pf, state.q).then(function (found) { return [pf, found]; });
    }).then(function (both) {
      var pf = both[0];
      if (!both[1]) return [{ results: [], filters: {} }].concat(chosen.map(function () { return { results: [], filters: {} }; }));
      // As without a query, a chosen facet's counts ignore its own choice, so each says what
      // ticking it gives: one more search per chosen facet, without that facet's filter.
      return Promise.all([pf.search(state.q, { filters: filtersWithout(null) })].concat(chosen.map(function (key) {
        return pf.search(state.q, { filters: filtersWithout(key) });
      })));
    }).then(function (all) {
      var search = all[0];
      if (token !== renderToken || !search) return;
      if (counting) {  // until then the panel keeps the counts it shows
        var counts = {};
        index.facets.forEach(function (f) {
          var own = chosen.indexOf(f.key);
          var from = own >= 0 ? all[own + 1] : search;
          var got = (from && from.filters && from.filters[f.key]) || {};
          counts[f.key] = f.values.map(function (v) { return got[v] || 0; });
        });
        renderFacets(counts);
      }
      var results = search.results;
      var pages = Math.max(1, Math.ceil(results.length / searchPageSize));
      if (state.page > pages) state.page = pages;
      // Sorting needs every result's date or effect: their data are loaded for up to SORT_LIMIT results;
      // beyond that the results stay in order of relevance, and the count says so.
      var sorting = state.sort && results.length <= SORT_LIMIT;
      var wanted = sorting ? results : results.slice((state.page - 1) * searchPageSize, state.page * searchPageSize);
      el.count.textContent = plural(results.length) + matchWord(results.length) + " “" + state.q + "”" +
        (Object.keys(state.sel).length ? " and the filters" : "") +
        (state.sort && !sorting ? ", by relevance (narrow the search to sort more than " + SORT_LIMIT + ")." : ".");
      showNone(results.length);
      return Promise.all(wanted.map(function (r) { return r.data(); })).then(function (data) {
        if (sorting) {
          var key = function (d) { return (d.meta || {})[state.sort === "effect" ? "size" : "date"] || ""; };
          data = data.map(function (d, i) { return [d, i]; }).sort(function (a, b) {
            var x = key(a[0]), y = key(b[0]);
            if (state.sort === "effect") { x = x === "" ? -1 : parseFloat(x); y = y === "" ? -1 : parseFloat(y); return y - x || a[1] - b[1]; }
            return x < y ? -1 : x > y ? 1 : a[1] - b[1];
          }).map(function (pair) { return pair[0]; }).slice((state.page - 1) * searchPageSize, state.page * searchPageSize);
        }
        if (token !== renderToken) return;
        el.list.textContent = "";
        el.list.start = (state.page - 1) * searchPageSize + 1;
        data.forEach(function (d) {
          var meta = d.meta || {};
          var summary = meta.summary ? marked(meta.summary, state.q) : excerpt(d.excerpt);
          el.list.appendChild(row(meta.title || d.url, d.url, metaLine([meta.date, meta.kind, meta.failure, meta.effect]), summary,
                                  meta.authors));
        });
        renderPager(results.length, searchPageSize);
      });
    }).catch(function () {
      if (token !== renderToken) return;
      el.count.textContent = "Full-text search is not available on this copy of the catalogue; the filters still work.";
      state.q = "";
      return renderLocal(token);
    });
  }

  function render() {
    var token = ++renderToken;
    box.setAttribute("aria-busy", "true");
    var done = function () { if (token === renderToken) box.removeAttribute("aria-busy"); };
    (state.q ? renderSearch(token) : renderLocal(token)).then(done, done);
  }

  function toggle(key, value, on) {
    var sel = (state.sel[key] || []).filter(function (v) { return v !== value; });
    if (on) sel.push(value);
    if (sel.length) state.sel[key] = sel; else delete state.sel[key];
    state.page = 1;
    writeUrl();
    render();
  }

  var typing = null;
  function onQuery() {
    clearTimeout(typing);
    typing = setTimeout(function () {
      var q = el.q.value.trim();
      if (q === state.q) return;
      state.q = q;
      state.page = 1;
      writeUrl();
      render();
    }, 250);
  }

  fetch(base + "search/facets.json").then(function (r) { return r.json(); }).then(function (data) {
    index = data;
    readUrl();
    el.form.hidden = false;
    el.filters.hidden = false;
    // On a narrow screen the filters fold above the results (unless some are chosen already);
    // on a wide one they sit beside them and the toggle is not shown.
    var unfold = function (open) { el.filtersToggle.setAttribute("aria-expanded", open ? "true" : "false"); };
    unfold(!window.matchMedia("(max-width: 60em)").matches || Object.keys(state.sel).length > 0);
    el.filtersToggle.addEventListener("click", function () {
      unfold(el.filtersToggle.getAttribute("aria-expanded") !== "true");
    });
    // On a phone the open filters can fill several screens: fold them and go to the results.
    document.getElementById("nrr-filters-done").addEventListener("click", function () {
      unfold(false);
      el.count.scrollIntoView();
      el.filtersToggle.focus({ preventScroll: true });
    });
    el.q.value = state.q;
    el.q.addEventListener("input", onQuery);
    if (el.sort) {
      el.sort.value = state.sort;
      el.sort.addEventListener("change", function () {
        state.sort = SORTS[el.sort.value] ? el.sort.value : "";
        state.page = 1;
        writeUrl();
        render();
      });
    }
    el.form.addEventListener("submit", function (e) { e.preventDefault(); });
    var noneClear = document.getElementById("nrr-none-clear");
    if (noneClear) noneClear.addEventListener("click", function () { el.clear.click(); el.q.focus(); });
    el.clear.addEventListener("click", function () {
      el.q.value = "";
      state = { q: "", page: 1, sel: {}, sort: state.sort };
      writeUrl();
      render();
    });
    render();
  }).catch(function () { /* no index: the static pages still list every record */ });
})();
