// An import job's page: while the job is queued or running, ask for its status every second and move the
// progress bar; when it has ended, reload the page, which then shows what was created or every problem found.
(function () {
  "use strict";
  var box = document.querySelector(".import-job");
  if (!box) { return; }
  var WAITING = { queued: true, running: true };

  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        box.querySelector("progress").value = job.percent;
        box.querySelector(".import-status strong").textContent = job.status_display;
        box.querySelector(".import-count").textContent = job.count_display;
        if (WAITING[job.status]) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      });
  }

  if (WAITING[box.getAttribute("data-status")]) { window.setTimeout(poll, 500); }
})();
