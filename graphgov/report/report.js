/* graphgov report: sorting, filtering and the county selector of report.html. Inlined
   into the page with its messages (the JSON in #report-messages): no library, no network.

   Each <table class="data"> holds up to 1,000 rows; each body row says its county in
   data-county ("" when it has none) and each numeric cell its value in data-v. The script
   shows the first data-limit rows that pass the county selector and the table's own
   filter box; its show-all button shows every row that passes. A click on a header sorts
   by that column (numbers by value, text in Chinese collation), again to reverse. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var blob = document.getElementById("report-messages");
  var msg = blob ? JSON.parse(blob.textContent) : {};
  var collator = new Intl.Collator("zh", { numeric: true });
  var county = "";
  var tables = {};

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function count(n) {
    return n.toLocaleString("en-US");
  }

  function by(selector, id) {
    return document.querySelector(selector + '[data-for="' + id + '"]');
  }

  function setUp(table) {
    var body = table.tBodies[0];
    var items = Array.prototype.map.call(body.rows, function (row) {
      return {
        row: row,
        county: row.getAttribute("data-county") || "",
        text: row.textContent.toLowerCase()
      };
    });
    var state = {
      table: table,
      body: body,
      items: items,
      limit: parseInt(table.getAttribute("data-limit"), 10) || items.length,
      hasCounty: items.some(function (item) { return item.county !== ""; }),
      query: "",
      showAll: false,
      note: by(".note", table.id),
      button: by(".show-all", table.id)
    };
    state.baseNote = state.note ? state.note.textContent : "";
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, column) {
      th.tabIndex = 0;
      th.title = msg.sort_hint || "";
      th.addEventListener("click", function () { sortBy(state, column, th); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(state, column, th);
        }
      });
    });
    if (state.button) {
      state.button.addEventListener("click", function () {
        state.showAll = !state.showAll;
        update(state);
      });
    }
    return state;
  }

  function sortKey(item, column, numeric) {
    var cell = item.row.cells[column];
    if (!numeric) {
      return cell ? cell.textContent : "";
    }
    var value = cell ? cell.getAttribute("data-v") : null;
    return value === null || value === "" ? NaN : parseFloat(value);
  }

  function sortBy(state, column, th) {
    var numeric = th.classList.contains("num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var direction = ascending ? 1 : -1;
    Array.prototype.forEach.call(th.parentNode.cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = state.items.map(function (item) {
      return { item: item, key: sortKey(item, column, numeric) };
    });
    keyed.sort(function (a, b) {
      // Missing values last in either direction; equal keys keep their order.
      var aMissing = numeric ? isNaN(a.key) : a.key === "";
      var bMissing = numeric ? isNaN(b.key) : b.key === "";
      if (aMissing || bMissing) {
        return aMissing === bMissing ? 0 : (aMissing ? 1 : -1);
      }
      var order = numeric ? a.key - b.key : collator.compare(a.key, b.key);
      return order * direction;
    });
    state.items = keyed.map(function (k) { return k.item; });
    var rows = document.createDocumentFragment();
    state.items.forEach(function (item) { rows.appendChild(item.row); });
    state.body.appendChild(rows);
    update(state);
  }

  function update(state) {
    var byCounty = county !== "" && state.hasCounty;
    var match = 0;
    var shown = 0;
    state.items.forEach(function (item) {
      var passes = (!byCounty || item.county === county) &&
        (state.query === "" || item.text.indexOf(state.query) !== -1);
      var show = passes && (state.showAll || shown < state.limit);
      if (passes) { match += 1; }
      if (show) { shown += 1; }
      item.row.hidden = !show;
    });
    if (state.note) {
      var total = parseInt(state.note.getAttribute("data-total"), 10) || 0;
      var text = state.baseNote;
      if (byCounty || state.query !== "" || state.showAll) {
        text = fill(msg.note_filtered, {
          match: count(match),
          total: count(total),
          shown: count(shown),
          csv: state.note.getAttribute("data-csv") || ""
        });
        if (state.items.length < total) {
          text += fill(msg.note_held, { held: count(state.items.length) });
        }
      }
      state.note.textContent = text;
    }
    if (state.button) {
      state.button.hidden = match <= state.limit;
      state.button.textContent = state.showAll
        ? fill(msg.show_first, { n: count(state.limit) })
        : fill(msg.show_all, { n: count(match) });
      state.button.setAttribute("aria-pressed", state.showAll ? "true" : "false");
    }
  }

  // A browser may restore the controls' values on reload: start from them.
  var select = document.getElementById("county-filter");
  county = select ? select.value : "";
  Array.prototype.forEach.call(document.querySelectorAll("table.data[id]"), function (table) {
    tables[table.id] = setUp(table);
  });
  Array.prototype.forEach.call(document.querySelectorAll("input.table-filter"), function (box) {
    var state = tables[box.getAttribute("data-for")];
    if (!state) {
      return;
    }
    state.query = box.value.trim().toLowerCase();
    box.addEventListener("input", function () {
      state.query = box.value.trim().toLowerCase();
      update(state);
    });
  });
  Object.keys(tables).forEach(function (id) { update(tables[id]); });
  if (select) {
    select.addEventListener("change", function () {
      county = select.value;
      Object.keys(tables).forEach(function (id) { update(tables[id]); });
    });
  }
})();
