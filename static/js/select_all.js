// The journal lists' selection: "select all on this page" in the table header, the count of
// ticked entries on the Delete button, and the Cancel of the delete confirmation (which htmx
// puts under the table). Listeners sit on the document, so lists swapped in by htmx work too.
(function () {
  "use strict";

  function boxes(form) {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="ids"]'));
  }

  // The header box and the button's count follow the row boxes (all, some or none ticked).
  function sync(form) {
    var all = boxes(form);
    var ticked = all.filter(function (box) { return box.checked; }).length;
    form.querySelectorAll("[data-select-all]").forEach(function (head) {
      head.checked = all.length > 0 && ticked === all.length;
      head.indeterminate = ticked > 0 && ticked < all.length;
    });
    form.querySelectorAll("[data-selected-count]").forEach(function (badge) {
      badge.textContent = String(ticked);
      badge.hidden = ticked === 0;
    });
  }

  // Show the header boxes (hidden for browsers without JavaScript, where they would do nothing).
  function reveal() {
    document.querySelectorAll("form[data-selection]").forEach(function (form) {
      form.querySelectorAll("[data-select-all]").forEach(function (head) { head.hidden = boxes(form).length === 0; });
      sync(form);
    });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target.closest ? target.closest("form[data-selection]") : null;
    if (!form) return;
    if (target.matches("[data-select-all]")) {
      boxes(form).forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches("[data-select-all]") || target.matches('input[name="ids"]')) sync(form);
  });

  // Cancel in the confirmation under the list: close it instead of reloading the page.
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest ? event.target.closest("[data-dismiss-confirm]") : null;
    var box = cancel ? cancel.closest("#delete-confirm") : null;
    if (!box) return;
    event.preventDefault();
    box.replaceChildren();
  });

  document.addEventListener("DOMContentLoaded", reveal);
  document.addEventListener("htmx:load", reveal);
  // The confirmation came in: bring it into view for keyboard and screen-reader users too.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "delete-confirm") return;
    var box = event.target.querySelector("[data-delete-confirm]");
    if (box) {
      box.setAttribute("tabindex", "-1");
      box.focus();
    }
  });
})();
