// Stacked horizontal bar charts: every <canvas data-chart="ID"> draws the json_script block ID, which holds
// {labels: [...], series: [{key, label, data}]}. The table beside each chart holds the same numbers, so the chart
// only shows them. A series' colour follows its key: done is green, waiting blue, sent back or explained amber,
// missing red.
(function () {
  if (typeof window.Chart === "undefined") return;
  var colors = {
    approved: "#1f7a3a", visited: "#1f7a3a", aided: "#1f7a3a",
    awaiting: "#3d7fd9",
    returned: "#d08a1f", explained: "#c9a227",
    pending: "#b8262b", unvisited: "#b8262b", gaps: "#b8262b"
  };
  var spare = ["#5b6b7a", "#8a5bb8", "#2a9d8f", "#c05a8a"];
  var narrow = window.matchMedia("(max-width: 640px)").matches;
  var limit = narrow ? 8 : 18;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    // Height follows the number of bars, so ten rows stay readable on a phone.
    canvas.parentNode.style.height = 70 + data.labels.length * (narrow ? 34 : 38) + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colors[s.key] || spare[i % spare.length], maxBarThickness: 26 };
        })
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: {
            stacked: true,
            ticks: {
              callback: function (value) {
                var label = this.getLabelForValue(value);
                return label.length > limit ? label.slice(0, limit - 1) + "…" : label;
              }
            }
          }
        },
        plugins: { legend: { position: "bottom" }, tooltip: { mode: "index", intersect: false } }
      }
    });
  });
})();
