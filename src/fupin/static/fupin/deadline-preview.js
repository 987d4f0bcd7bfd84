// Shows what a typed notice phrase (「10月18日下午三点前」) resolves to, as the officer types.
(function () {
  var form = document.querySelector("form[data-deadline-url]");
  if (!form) return;
  var input = form.querySelector("[data-deadline-preview]");
  var out = document.getElementById("deadline-preview");
  if (!input || !out) return;
  var timer = null;
  function update() {
    var text = input.value.trim();
    if (!text) { out.textContent = ""; return; }
    var url = form.dataset.deadlineUrl + "?year=" + encodeURIComponent(form.dataset.year) +
      "&anchor=" + encodeURIComponent(form.dataset.anchor || "") + "&text=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        out.textContent = data.ok ? "将解析为:" + data.text + (data.warning ? "。" + data.warning : "") : data.text;
        out.classList.toggle("bad", !data.ok || Boolean(data.warning));
      })
      .catch(function () { out.textContent = ""; });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 250); });
  update();
})();
