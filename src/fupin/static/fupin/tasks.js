// The hand-in form: add photo rows, check a chosen photo's size at once, and send the form only once.
(function () {
  "use strict";
  var rows = document.querySelector("[data-photo-rows]");
  var template = document.getElementById("photo-row-template");
  var minMp = rows ? parseFloat(rows.getAttribute("data-min-mp") || "0") : 0;

  function checkPhoto(input) {
    var note = input.parentNode.querySelector(".photo-check");
    if (!note) { return; }
    note.textContent = "";
    note.classList.remove("bad");
    var file = input.files && input.files[0];
    if (!file || !window.createImageBitmap) { return; }
    // createImageBitmap reads the size without a blob: URL, which the CSP would refuse.
    window.createImageBitmap(file).then(function (bitmap) {
      var mp = bitmap.width * bitmap.height / 1e6;
      var text = bitmap.width + "×" + bitmap.height + "(" + mp.toFixed(1) + " 百万像素)";
      if (minMp && mp < minMp) {
        note.textContent = text + ",低于要求的 " + minMp + " 百万像素,提交时会被拒绝";
        note.classList.add("bad");
      } else {
        note.textContent = text;
      }
      if (bitmap.close) { bitmap.close(); }
    }, function () {
      note.textContent = "无法识别这张照片,提交时会被拒绝";
      note.classList.add("bad");
    });
  }

  if (rows) {
    rows.addEventListener("change", function (event) {
      if (event.target.hasAttribute("data-photo")) { checkPhoto(event.target); }
    });
    // a photo chosen before this script ran (a slow connection, or the browser's Back button) is checked too
    rows.querySelectorAll("[data-photo]").forEach(function (input) {
      if (input.files && input.files.length) { checkPhoto(input); }
    });
    var add = rows.querySelector("[data-add-photo]");
    if (add && template) {
      add.hidden = false;
      add.addEventListener("click", function () {
        var index = rows.querySelectorAll("[data-photo-row]").length;
        var html = template.innerHTML.replace(/__i__/g, String(index));
        add.insertAdjacentHTML("beforebegin", html);
        var label = rows.querySelectorAll("[data-photo-row]")[index].querySelector("label");
        label.textContent = "第 " + (index + 1) + " 张照片";
        if (index + 1 >= 40) { add.hidden = true; }
      });
    }
  }

  // A double click must not send two hand-ins; the server would ignore the repeat, but the wait is confusing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-once") || event.defaultPrevented) { return; }
    var button = form.querySelector("[data-busy]");
    if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
    if (button) {
      button.setAttribute("data-label", button.textContent);
      button.textContent = button.getAttribute("data-busy");
    }
  });
  // Coming back with the browser's Back button shows the page as it was left: make the form usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      form.removeAttribute("data-sent");
      var button = form.querySelector("[data-label]");
      if (button) { button.textContent = button.getAttribute("data-label"); }
    });
  });
})();
