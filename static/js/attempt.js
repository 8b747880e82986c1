// The attempt page's countdown and save messages. Progressive enhancement only: the page states
// when the attempt ends, every answer form is a normal POST, and the server enforces the deadline
// whatever this file does. The countdown counts from the seconds the server said were left, so a
// wrong clock on the device does not matter.
(function () {
  "use strict";

  var clock = document.getElementById("attempt-clock");
  var countdown = clock && clock.querySelector("[data-countdown]");
  if (countdown) {
    var left = parseInt(clock.getAttribute("data-seconds-left"), 10);
    var end = Date.now() + left * 1000;

    var two = function (n) {
      return (n < 10 ? "0" : "") + n;
    };

    var tick = function () {
      var seconds = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      var hours = Math.floor(seconds / 3600);
      var minutes = Math.floor((seconds % 3600) / 60);
      var text = (hours ? hours + ":" + two(minutes) : minutes) + ":" + two(seconds % 60);
      countdown.textContent = "(" + text + " left)";
      if (seconds === 0) {
        // The server closes the attempt and shows the result; a second later it surely has.
        window.setTimeout(function () { window.location.reload(); }, 1000);
        return;
      }
      window.setTimeout(tick, 1000);
    };
    if (!isNaN(left)) tick();
  }

  // htmx does not swap 4xx answers; say the answer was not saved, and why.
  document.addEventListener("htmx:responseError", function (event) {
    var status = document.getElementById("save-status");
    if (!status) return;
    var xhr = event.detail.xhr;
    var reason = xhr.status < 500 && xhr.responseText.length < 300 ? xhr.responseText : "";
    status.textContent = "Not saved" + (reason ? ": " + reason : "") + ". Use the Save button.";
  });

  document.addEventListener("htmx:sendError", function () {
    var status = document.getElementById("save-status");
    if (status) status.textContent = "Not saved: no connection. Use the Save button when back online.";
  });
})();
