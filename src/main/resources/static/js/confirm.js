// Irreversible actions ask first. A form with data-confirm="question" opens a dialog with the
// question; "Yes" submits the form with confirmed=yes. Without this script the server asks the same
// question on a page of its own (the form arrives without confirmed=yes), so nothing happens unasked.
(function () {
  'use strict';
  var dialog = null;

  function build() {
    dialog = document.createElement('dialog');
    dialog.className = 'confirm';
    dialog.setAttribute('aria-labelledby', 'confirm-question');
    var p = document.createElement('p');
    p.id = 'confirm-question';
    var row = document.createElement('div');
    row.className = 'row';
    var back = document.createElement('button');
    back.type = 'button';
    back.className = 'secondary';
    back.id = 'confirm-back';
    back.textContent = 'Back';
    var yes = document.createElement('button');
    yes.type = 'button';
    yes.id = 'confirm-yes';
    row.appendChild(back);
    row.appendChild(yes);
    dialog.appendChild(p);
    dialog.appendChild(row);
    document.body.appendChild(dialog);
    back.addEventListener('click', function () { dialog.close(); });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-confirm')) {
      return;
    }
    var flag = form.querySelector('input[name=confirmed]');
    if (flag && flag.value === 'yes') {
      return;
    }
    if (typeof HTMLDialogElement !== 'function') {
      return; // the server's confirmation page asks instead
    }
    event.preventDefault();
    if (!dialog) {
      build();
    }
    var submitter = event.submitter || form.querySelector('button[type=submit], button:not([type])');
    dialog.querySelector('#confirm-question').textContent = form.getAttribute('data-confirm');
    var yes = dialog.querySelector('#confirm-yes');
    yes.textContent = 'Yes, ' + (submitter ? submitter.textContent.trim().toLowerCase() : 'go ahead');
    yes.className = form.getAttribute('data-confirm-style') === 'danger' ? 'danger' : '';
    yes.onclick = function () {
      if (!flag) {
        flag = document.createElement('input');
        flag.type = 'hidden';
        flag.name = 'confirmed';
        form.appendChild(flag);
      }
      flag.value = 'yes';
      dialog.close();
      if (submitter && submitter.name) {
        var carry = document.createElement('input');
        carry.type = 'hidden';
        carry.name = submitter.name;
        carry.value = submitter.value;
        form.appendChild(carry);
      }
      form.submit();
    };
    dialog.showModal();
    dialog.querySelector('#confirm-back').focus();
  });
})();
