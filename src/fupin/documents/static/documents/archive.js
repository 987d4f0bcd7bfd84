// The archive page: rows of builds still queued or running ask for their status every two seconds and
// move their progress bar; a finished build shows its download link, a failed or stalled one reloads the
// page, which offers 「重新生成」.
(function () {
  "use strict";
  var WAITING = { queued: true, running: true };

  function poll(row) {
    fetch(row.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        row.querySelector("progress").value = job.percent;
        row.querySelector(".archive-count").textContent = job.done + "/" + job.total;
        row.querySelector(".archive-status").textContent = job.status_display + (job.error ? ":" + job.error : "");
        row.setAttribute("data-status", job.status);
        if (job.download) {
          var link = document.createElement("a");
          link.href = job.download;
          link.textContent = "下载";
          row.querySelector(".archive-link").replaceChildren(link);
        }
        if (WAITING[job.status]) {
          window.setTimeout(function () { poll(row); }, 2000);
        } else if (job.status === "failed" || job.status === "stale") {
          window.location.reload();  // the page then offers 「重新生成」 for it
        }
      });
  }

  document.querySelectorAll("tr.archive-job").forEach(function (row) {
    if (WAITING[row.getAttribute("data-status")]) { poll(row); }
  });
})();
