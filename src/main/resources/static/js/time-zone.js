// The sign-up form's hidden time-zone field gets the browser's IANA zone (e.g. "Asia/Tokyo"), so the
// digest can arrive at the same local time for every reader. The server checks the value; without
// this script (or JavaScript) the field stays empty and the list's default zone applies.
// A file, not an inline script, so a Content-Security-Policy of script-src 'self' allows it.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) {
    return;
  }
  var fields = document.querySelectorAll('input[data-browser-time-zone]');
  for (var i = 0; i < fields.length; i++) {
    if (!fields[i].value) {
      fields[i].value = zone;
    }
  }
})();
