/* Token Share: every table of a page sorts by any column. Each header's text goes into a button
 * (made here, so a reader without JavaScript meets no dead control); a click sorts the rows by
 * that column, numbers as numbers (a cell's data-sort wins over its text), and says the order in
 * aria-sort. tokenshare.css keeps the sort mark's room from the first paint. */
(function () {
  "use strict";

  function cellKey(row, index, type) {
    var cell = row.children[index];
    var raw = cell ? (cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent) : "";
    if (type === "number") {
      var n = parseFloat(raw.replace(/[,%$\s\u00a0]/g, ""));
      return isNaN(n) ? -Infinity : n;
    }
    return raw.toLowerCase();
  }

  function guessType(table, index) {
    // Tables written in Markdown carry no data-type: numbers if every cell reads as one.
    var cells = Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return row.children[index] ? row.children[index].textContent.replace(/[,%$\s\u00a0]/g, "") : "";
    });
    return cells.length && cells.every(function (c) { return c === "" || !isNaN(parseFloat(c)); }) ? "number" : "text";
  }

  function sortBy(table, index, button) {
    var th = button.parentNode;
    var type = th.getAttribute("data-type") || guessType(table, index);
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellKey(a, index, type), y = cellKey(b, index, type);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function makeSortable(table) {
    if (table.getAttribute("data-sortable") === "1" || !table.tHead || !table.tBodies.length) return;
    table.setAttribute("data-sortable", "1");
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ts-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, button); });
    });
  }


  function onPage() {
    document.querySelectorAll(".md-typeset table").forEach(makeSortable);
  }

  // This page now, and each page the theme's instant navigation brings (theme-on-demand.js).
  if (window.tokenshareTheme) window.tokenshareTheme.everyPage(onPage);
  else onPage();
})();
