// Filter URLs carry only the filters that are set. A GET form sends every field, the empty
// ones too ("?date_from=&date_to=&severity=…"); this leaves them out of htmx's requests (and
// so of the URL it pushes into the history) and of a plain submit (the form's "formdata"
// event). The server does the same for the links it builds (eventlog/chips.py without_empty)
// and redirects a list reached with empty fields without JavaScript.
//
// The "only unique messages" switch sends a hidden "0" before its checkbox's "1" (so that
// unticking it overrides a tab's default): only the last value counts, and none at all when
// it is the tab's default (data-group-default on the form; a single object's timeline, an
// object id filter, is never grouped by default: eventlog/grouping.py requested).
(function () {
  "use strict";
  if (window.dziennikFilterUrls) {
    return; // included by several partials that htmx may swap in again
  }
  window.dziennikFilterUrls = true;

  function groupDefault(form) {
    if (!form || form.dataset.groupDefault === undefined) {
      return null;
    }
    var objectId = form.querySelector('[name="object_id"]');
    return objectId && objectId.value.trim() ? "0" : form.dataset.groupDefault;
  }

  function clean(formData, form) {
    var keys = [];
    formData.forEach(function (value, key) {
      if (keys.indexOf(key) < 0) {
        keys.push(key);
      }
    });
    var fallback = groupDefault(form);
    keys.forEach(function (key) {
      var kept = formData.getAll(key).filter(function (value) {
        return typeof value !== "string" || value.trim() !== "";
      });
      if (key === "group" && fallback !== null) {
        kept = kept.slice(-1).filter(function (value) { return value !== fallback; });
      }
      formData.delete(key);
      kept.forEach(function (value) { formData.append(key, value); });
    });
  }

  function isGet(form) {
    return (form.getAttribute("method") || "get").toLowerCase() === "get";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (detail.verb === "get" && detail.formData) {
      clean(detail.formData, detail.elt && detail.elt.closest ? detail.elt.closest("form") : null);
    }
  });

  document.addEventListener("formdata", function (event) {
    if (event.target instanceof HTMLFormElement && isGet(event.target)) {
      clean(event.formData, event.target);
    }
  });
})();
