/* The catalogue page: its state (query, chosen facets, sort, page) kept in the address, and the
   list rendered from the facet index without a query (nrr-facets.js) or from Pagefind with one
   (nrr-search.js), rows built by nrr-rows.js. Loaded after those scripts. */
(function (nrr) {
  "use strict";

  var box = document.getElementById("nrr-catalogue");
  if (!box) return;
  var SORTS = { oldest: true, effect: true };
  var cat = {
    box: box,
    base: box.getAttribute("data-root") || "./",
    // A record's address comes from the page (the build writes it from nrr_spec/urls.py): "{id}" marks the id.
    recordPath: box.getAttribute("data-record-path"),
    pageSize: parseInt(box.getAttribute("data-page-size"), 10) || 50,
    el: {
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
    },
    index: null,
    expanded: {},
    state: { q: "", page: 1, sel: {}, sort: "" },
    token: 0  // the render in progress: an older one that finishes later draws nothing
  };
  var el = cat.el, state = cat.state;
  var chunks = {};

  function readUrl() {
    var params = new URLSearchParams(location.search);
    state.q = params.get("q") || "";
    state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
    state.sort = SORTS[params.get("sort")] ? params.get("sort") : "";
    state.sel = {};
    cat.index.facets.forEach(function (f) {
      var picked = params.getAll(f.key).filter(function (v) { return f.values.indexOf(v) >= 0; });
      if (picked.length) state.sel[f.key] = picked;
    });
  }

  cat.writeUrl = function () {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    cat.index.facets.forEach(function (f) {
      (state.sel[f.key] || []).forEach(function (v) { params.append(f.key, v); });
    });
    if (state.sort) params.set("sort", state.sort);
    if (state.page > 1) params.set("page", String(state.page));
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  };

  function recordHref(id) { return cat.base + cat.recordPath.replace("{id}", encodeURIComponent(id)); }

  function chunk(n) {
    if (!chunks[n]) chunks[n] = fetch(cat.base + "search/meta/" + n + ".json").then(function (r) { return r.json(); });
    return chunks[n];
  }

  // What to do next when nothing matches; the count above says that nothing does.
  cat.showNone = function (n) { if (el.none) el.none.hidden = n > 0; };

  cat.renderLocal = function (token) {
    var index = cat.index, pageSize = cat.pageSize;
    var result = nrr.filterLocal(cat);
    nrr.renderFacets(cat, result.counts);
    var hits = result.hits;
    var pages = Math.max(1, Math.ceil(hits.length / pageSize));
    if (state.page > pages) state.page = pages;
    var slice = hits.slice((state.page - 1) * pageSize, state.page * pageSize);
    var needed = {};
    slice.forEach(function (i) { needed[Math.floor(i / index.chunk)] = true; });
    var filtered = Object.keys(state.sel).length > 0;
    el.count.textContent = filtered ? nrr.plural(hits.length) + nrr.matchWord(hits.length) + " the filters." : nrr.plural(hits.length) + " in the catalogue.";
    cat.showNone(hits.length);
    return Promise.all(Object.keys(needed).map(function (n) { return chunk(n); })).then(function () {
      if (token !== cat.token) return;
      return Promise.all(slice.map(function (i) { return chunk(Math.floor(i / index.chunk)); })).then(function (rows) {
        if (token !== cat.token) return;
        el.list.textContent = "";
        el.list.start = (state.page - 1) * pageSize + 1;
        slice.forEach(function (i, k) {
          var r = rows[k][i % index.chunk];
          el.list.appendChild(nrr.row(r[1], recordHref(r[0]), nrr.metaLine([r[2], r[3], r[6], r[7]]), document.createTextNode(r[4]), r[5]));
        });
        nrr.renderPager(cat, hits.length, pageSize);
      });
    });
  };

  cat.render = function () {
    var token = ++cat.token;
    // The order the menu names is the order shown: a search with no sort chosen lists the best matches first.
    if (el.sort) el.sort.options[0].textContent = state.q ? "Best match first" : "Newest first";
    box.setAttribute("aria-busy", "true");
    var done = function () {
      if (token !== cat.token) return;
      box.removeAttribute("aria-busy");
      box.classList.remove("nrr-pending");  // the list the address asks for is drawn: show it
    };
    (state.q ? nrr.renderSearch(cat, token) : cat.renderLocal(token)).then(done, done);
  };

  cat.toggle = function (key, value, on) {
    var sel = (state.sel[key] || []).filter(function (v) { return v !== value; });
    if (on) sel.push(value);
    if (sel.length) state.sel[key] = sel; else delete state.sel[key];
    state.page = 1;
    cat.writeUrl();
    cat.render();
  };

  var typing = null;
  function onQuery() {
    clearTimeout(typing);
    typing = setTimeout(function () {
      var q = el.q.value.trim();
      if (q === state.q) return;
      state.q = q;
      state.page = 1;
      cat.writeUrl();
      cat.render();
    }, 250);
  }

  fetch(cat.base + "search/facets.json").then(function (r) { return r.json(); }).then(function (data) {
    cat.index = data;
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
        cat.writeUrl();
        cat.render();
      });
    }
    el.form.addEventListener("submit", function (e) { e.preventDefault(); });
    var noneClear = document.getElementById("nrr-none-clear");
    if (noneClear) noneClear.addEventListener("click", function () { el.clear.click(); el.q.focus(); });
    el.clear.addEventListener("click", function () {
      el.q.value = "";
      state.q = "";
      state.page = 1;
      state.sel = {};  // the sort stays
      cat.writeUrl();
      cat.render();
    });
    cat.render();
  }).catch(function () { box.classList.remove("nrr-pending"); /* no index: the static pages still list every record */ });
})(window.nrr = window.nrr || {});
