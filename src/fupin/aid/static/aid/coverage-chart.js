// 应助尽助: one stacked bar per county, split into aided, explained and gap students.
// The numbers come from a json_script block; the table below holds the same.
(function () {
  var canvas = document.getElementById("aid-coverage-chart");
  var source = document.getElementById("aid-coverage-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colors = { aided: "#1f7a3a", explained: "#c9a227", gaps: "#b8262b" };
  var narrow = window.matchMedia("(max-width: 640px)").matches;
  var limit = narrow ? 8 : 18;
  // Height follows the number of bars, so ten units stay readable on a phone.
  canvas.parentNode.style.height = 70 + data.labels.length * (narrow ? 34 : 38) + "px";
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map(function (s) {
        return { label: s.label, data: s.data, backgroundColor: colors[s.key], maxBarThickness: 26 };
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
})();
