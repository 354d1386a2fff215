// A running send's page reloads itself every few seconds (data-refresh on an element, in seconds),
// unless the visitor is using a control on it.
(function () {
  'use strict';
  var marked = document.querySelector('[data-refresh]');
  if (!marked) {
    return;
  }
  var seconds = Math.max(2, parseInt(marked.getAttribute('data-refresh'), 10) || 5);
  setInterval(function () {
    var active = document.activeElement;
    if (active && active !== document.body && active.closest('form, dialog')) {
      return;
    }
    window.location.reload();
  }, seconds * 1000);
})();
