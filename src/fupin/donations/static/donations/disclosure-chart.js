// The disclosure page's daily chart: bars of the amount given each day, a line of the number of gifts.
// The numbers come from a json_script block; the tables on the page hold the same totals.
(function () {
  var canvas = document.getElementById("disclosure-chart");
  var source = document.getElementById("disclosure-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.amountLabel, data: data.amounts.map(Number), backgroundColor: "#b8262b", yAxisID: "y" },
        { type: "line", label: data.countLabel, data: data.counts, borderColor: "#3d7fd9", backgroundColor: "#3d7fd9", yAxisID: "y1" }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: { beginAtZero: true, position: "left" },
        y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 } }
      },
      plugins: { legend: { position: "bottom" }, tooltip: { mode: "index", intersect: false } }
    }
  });
})();
