/* The catalogue's full-text search: Pagefind (pagefind/, loaded on the first query), its results
   with the facet counts of the search, and the pages of results. `cat` is the catalogue
   (nrr-catalogue.js). */
(function (nrr) {
  "use strict";

  var SEARCH_PAGE_SIZE = 20;
  var SORT_LIMIT = 300;
  var pagefind = null;
  var filterIndexLoaded = false;

  function loadPagefind(cat) {
    var base = cat.base;
    if (!pagefind) {
      var url = new URL(base + "pagefind/pagefind.js", location.href).href;
      var baseUrl = new URL(base, location.href).pathname;
      pagefind = import(url).then(function (pf) {
        return pf.options({ baseUrl: baseUrl }).then(function () {
          // A large catalogue is indexed in shards (pagefind/shard-N/); search them as one.
          return Promise.all((cat.index.search || []).map(function (path) {
            return pf.mergeIndex(new URL(base + path, location.href).pathname, { baseUrl: baseUrl });
          }));
        }).then(function () {
          // Facet counts of search results come from Pagefind's filter index, and a search loads
          // only the parts for filters already chosen. The whole index loads in the background
          // (at 100,000 records it is most of the first search's download): results show at
          // once, and their counts follow.
          pf.filters().then(function () {
            filterIndexLoaded = true;
            if (cat.state.q) cat.render();
          }, function () { /* no counts for search results; the results themselves still show */ });
          return pf;
        });
      });
    }
    return pagefind;
  }

  // Pagefind answers a word an index does not hold with the longest start of it that the index
  // does hold ("asdfgh" finds the records with "asd"; Pagefind issues #599, #780 and #793), and a
  // large catalogue is indexed in shards, each answering on its own: a shard without the word added
  // every record sharing its start. So each shard (the filter nrr_shard) is asked whether it holds
  // each word of the query: its best result for the word alone must mark a word sharing at least
  // four letters and more than half of it with the query ("learned" for "learning", not "ten" for
  // "tent"). Only the shards holding every word of the query are searched, and none when a word is
  // in no shard. Words of fewer than four letters are not checked: their starts are too short to tell
  // apart.
  var SHARD = "nrr_shard";
  var termChecks = {};
  function commonStart(a, b) { var n = 0; while (n < a.length && n < b.length && a[n] === b[n]) n++; return n; }
  function marksTerm(result, term) {
    return result.data().then(function (d) {
      var marks = (d.excerpt || "").match(/<mark>([^<]*)<\/mark>/g) || [];
      var need = Math.max(4, Math.ceil(term.length * 0.55));
      // A mark can hold several words ("Layer-wise" for "wise"): each is compared on its own.
      return marks.some(function (m) {
        return m.replace(/<\/?mark>/g, "").toLowerCase().split(/[^\p{L}\p{N}]+/u).some(function (word) {
          return word && commonStart(word, term) >= Math.min(need, word.length) && word.length >= Math.min(need, term.length);
        });
      });
    });
  }
  // One check at a time: a result's excerpt is marked with the words of the search Pagefind ran
  // last, so checks run side by side read each other's marks ("learning rate" found nothing: the
  // check of "learning" saw only "rate" marked).
  var checking = Promise.resolve();
  function checkShard(pf, shard, term) {
    var only = {}; only[SHARD] = shard;
    var check = checking.then(function () {
      return pf.search(term, { filters: only }).then(function (search) {
        return search && search.results.length ? marksTerm(search.results[0], term) : false;
      });
    });
    checking = check.catch(function () { /* the next check runs all the same */ });
    return check;
  }
  function shardsHoldingTerm(pf, shards, term) {
    if (!termChecks[term]) {
      termChecks[term] = Promise.all(shards.map(function (shard) {
        return checkShard(pf, shard, term).then(function (held) { return held ? shard : null; });
      })).then(function (held) { return held.filter(function (shard) { return shard !== null; }); });
    }
    return termChecks[term];
  }
  // The shards to search for `query`: those holding every one of its checked words (none when a
  // word is held by no shard: the catalogue does not have it), and null when no word is checked (all of them).
  function shardsHolding(pf, cat, query) {
    var terms = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length >= 4; });
    if (!terms.length) return Promise.resolve(null);
    var shards = ["pagefind/"].concat(cat.index.search || []).map(function (_, n) { return String(n); });
    return Promise.all(terms.map(function (t) { return shardsHoldingTerm(pf, shards, t); })).then(function (lists) {
      if (lists.some(function (list) { return !list.length; })) return [];
      // Pagefind lists the records holding every word, so a shard lacking one has none to add, only
      // the records sharing that word's start ("tent batch" found every record with "batch").
      return shards.filter(function (shard) { return lists.every(function (list) { return list.indexOf(shard) >= 0; }); });
    });
  }

  function filtersWithout(state, skip, shards) {
    var filters = {};
    Object.keys(state.sel).forEach(function (key) { if (key !== skip) filters[key] = { any: state.sel[key] }; });
    if (shards) filters[SHARD] = { any: shards };
    return filters;
  }

  // Results in the chosen order: by date or effect size from each result's data.
  function sorted(state, data) {
    var key = function (d) { return (d.meta || {})[state.sort === "effect" ? "size" : "date"] || ""; };
    return data.map(function (d, i) { return [d, i]; }).sort(function (a, b) {
      var x = key(a[0]), y = key(b[0]);
      if (state.sort === "effect") { x = x === "" ? -1 : parseFloat(x); y = y === "" ? -1 : parseFloat(y); return y - x || a[1] - b[1]; }
      return x < y ? -1 : x > y ? 1 : a[1] - b[1];
    }).map(function (pair) { return pair[0]; });
  }

  nrr.renderSearch = function (cat, token) {
    var el = cat.el, state = cat.state;
    // Counts wait for the filter index; until it is there, only the results are searched for
    // (and the search that follows its loading brings the counts).
    var counting = filterIndexLoaded;
    var chosen = counting ? Object.keys(state.sel) : [];
    return loadPagefind(cat).then(function (pf) {
      return shardsHolding(pf, cat, state.q).then(function (shards) { return [pf, shards]; });
    }).then(function (both) {
      var pf = both[0], shards = both[1];
      if (shards && !shards.length) return [{ results: [], filters: {} }].concat(chosen.map(function () { return { results: [], filters: {} }; }));
      // As without a query, a chosen facet's counts ignore its own choice, so each says what
      // ticking it gives: one more search per chosen facet, without that facet's filter.
      return Promise.all([pf.search(state.q, { filters: filtersWithout(state, null, shards) })].concat(chosen.map(function (key) {
        return pf.search(state.q, { filters: filtersWithout(state, key, shards) });
      })));
    }).then(function (all) {
      var search = all[0];
      if (token !== cat.token || !search) return;
      if (counting) {  // until then the panel keeps the counts it shows
        var counts = {};
        cat.index.facets.forEach(function (f) {
          var own = chosen.indexOf(f.key);
          var from = own >= 0 ? all[own + 1] : search;
          var got = (from && from.filters && from.filters[f.key]) || {};
          counts[f.key] = f.values.map(function (v) { return got[v] || 0; });
        });
        nrr.renderFacets(cat, counts);
      }
      var results = search.results;
      var pages = Math.max(1, Math.ceil(results.length / SEARCH_PAGE_SIZE));
      if (state.page > pages) state.page = pages;
      // Sorting needs every result's date or effect: their data are loaded for up to SORT_LIMIT results;
      // beyond that the results stay in order of relevance, and the count says so.
      var sorting = state.sort && results.length <= SORT_LIMIT;
      var shown = [(state.page - 1) * SEARCH_PAGE_SIZE, state.page * SEARCH_PAGE_SIZE];
      var wanted = sorting ? results : results.slice(shown[0], shown[1]);
      el.count.textContent = nrr.plural(results.length) + nrr.matchWord(results.length) + " “" + state.q + "”" +
        (Object.keys(state.sel).length ? " and the filters" : "") +
        (state.sort && !sorting ? ", by relevance (narrow the search to sort more than " + SORT_LIMIT + ")." : ".");
      cat.showNone(results.length);
      return Promise.all(wanted.map(function (r) { return r.data(); })).then(function (data) {
        if (sorting) data = sorted(state, data).slice(shown[0], shown[1]);
        if (token !== cat.token) return;
        el.list.textContent = "";
        el.list.start = shown[0] + 1;
        data.forEach(function (d) {
          var meta = d.meta || {};
          var summary = meta.summary ? nrr.marked(meta.summary, state.q) : nrr.excerpt(d.excerpt);
          el.list.appendChild(nrr.row(meta.title || d.url, d.url, nrr.metaLine([meta.date, meta.kind, meta.failure, meta.effect]),
                                      summary, meta.authors));
        });
        nrr.renderPager(cat, results.length, SEARCH_PAGE_SIZE);
      });
    }).catch(function () {
      if (token !== cat.token) return;
      el.count.textContent = "Full-text search is not available on this copy of the catalogue; the filters still work.";
      state.q = "";
      return cat.renderLocal(token);
    });
  };
})(window.nrr = window.nrr || {});
