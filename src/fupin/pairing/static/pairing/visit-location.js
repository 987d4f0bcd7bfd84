// The visit's location is taken from the phone only when the household agrees (the consent box is ticked);
// unticking clears it again. Nothing is sent anywhere but this form.
(function () {
  var consent = document.getElementById("id_location_consent");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  var status = document.getElementById("location-status");
  if (!consent || !lat || !lng) return;
  consent.addEventListener("change", function () {
    lat.value = "";
    lng.value = "";
    status.textContent = "";
    if (!consent.checked || !navigator.geolocation) return;
    status.textContent = status.dataset.wait;
    navigator.geolocation.getCurrentPosition(
      function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        status.textContent = status.dataset.done;
      },
      function () {
        status.textContent = status.dataset.failed;
      },
      { timeout: 10000 }
    );
  });
})();
