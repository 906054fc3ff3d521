// Flashback: tell the server the reader's time zone, so that "today" is the
// reader's today. Pages work without this script; it only improves them.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) {
    return;
  }
  var fields = document.querySelectorAll("input[data-tz-fill]");
  var fill = function (value) {
    for (var i = 0; i < fields.length; i++) {
      fields[i].value = value;
    }
  };
  // A reader who already has a zone (chosen or detected) keeps it. Pages
  // that every reader shares (date pages, articles) come with the site's
  // zone in the sign-up form, so the reader's own is put back from here.
  var saved = /(?:^|;\s*)tz=([^;]*)/.exec(document.cookie);
  if (saved) {
    try {
      fill(decodeURIComponent(saved[1]));
    } catch (e) {}
    return;
  }
  fill(zone);
  // Secure on an HTTPS site, like the cookie the server sets.
  var secure = location.protocol === "https:" ? "; secure" : "";
  document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax" + secure;
  var page = document.querySelector("[data-reader-date]");
  if (!page || /[?&]tz=/.test(location.search)) {
    return;
  }
  var d = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var local = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  if (local === page.getAttribute("data-reader-date")) {
    // The same date: nothing to reload, but the page says whose zone its
    // dates follow, and from now on that is the reader's.
    var names = document.querySelectorAll(".zone-name");
    for (var i = 0; i < names.length; i++) {
      names[i].textContent = zone;
    }
    var input = document.getElementById("zone-input");
    if (input) {
      input.value = zone;
    }
    return;
  }
  // Reload at most once per tab: the cookie is set now, and the flag stops a
  // loop even where cookies are refused.
  try {
    if (sessionStorage.getItem("flashback-tz-reload")) {
      return;
    }
    sessionStorage.setItem("flashback-tz-reload", "1");
  } catch (e) {
    return;
  }
  location.reload();
})();
