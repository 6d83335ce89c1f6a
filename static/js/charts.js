/* Charts of the resolutions' pages, drawn with plotly from data the server writes as JSON into the
 * element's data-values attribute: <div data-chart="trend|bars" data-values="{…}">. Not a
 * <script type="application/json"> block: the charts arrive in htmx partials, and htmx drops every script
 * element of a partial (allowScriptTags is off, as the CSP forbids inline scripts), which left them blank.
 * Charts are drawn on load and whenever a partial is swapped in. */
(function () {
  "use strict";

  // No mode bar: its buttons would need plotly's injected stylesheet (see static/css/charts.css).
  var CONFIG = { displayModeBar: false, responsive: true };

  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                "#bcbd22", "#17becf"];

  function read(el) {
    try { return JSON.parse(el.dataset.values); } catch (e) { return null; }
  }

  function trend(el, data) {
    var traces = [];
    data.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      traces.push({ type: "scatter", mode: "lines+markers", name: s.name, x: s.x, y: s.y,
                    line: { color: color } });
      // The projection to the deadline: a dashed segment from the last value to the projected one.
      if (s.projection) {
        traces.push({ type: "scatter", mode: "lines+markers", name: s.name + " (dự báo)", showlegend: false,
                      x: [s.x[s.x.length - 1], s.projection.x], y: [s.y[s.y.length - 1], s.projection.y],
                      line: { color: color, dash: "dash" }, marker: { symbol: "circle-open" } });
      }
    });
    window.Plotly.newPlot(el, traces, {
      title: { text: data.title },
      xaxis: { title: { text: "Năm" }, dtick: 1 },
      yaxis: { title: { text: "%" }, range: [0, 105] },
      margin: { t: 40, r: 10, b: 40, l: 50 }
    }, CONFIG);
  }

  function bars(el, data) {
    var names = data.bars.map(function (b) { return b.name; });
    var values = data.bars.map(function (b) { return b.y; });
    var colors = values.map(function (v) { return v >= data.threshold ? "#2e7d32" : "#c62828"; });
    window.Plotly.newPlot(el, [{ type: "bar", x: names, y: values, marker: { color: colors } }], {
      title: { text: data.title },
      yaxis: { title: { text: "%" }, range: [0, 105] },
      shapes: [{ type: "line", xref: "paper", x0: 0, x1: 1, y0: data.threshold, y1: data.threshold,
                 line: { dash: "dot", color: "#555" } }],
      margin: { t: 40, r: 10, b: 80, l: 50 }
    }, CONFIG);
  }

  function draw(root) {
    if (!window.Plotly) { return; }
    var nodes = (root || document).querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(nodes, function (el) {
      if (el.dataset.drawn) { return; }
      var data = read(el);
      if (!data) { return; }
      if (el.dataset.chart === "trend" && data.series.length) { trend(el, data); }
      if (el.dataset.chart === "bars" && data.bars.length) { bars(el, data); }
      el.dataset.drawn = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  // After any swap (innerHTML or outerHTML, whose target is gone): draw whatever is not drawn yet.
  document.addEventListener("htmx:afterSettle", function () { draw(document); });
})();
