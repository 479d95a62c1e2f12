// A scenario's start point: the "new event" fields show only while "New event…" is chosen.
// Without this script they stay visible (and are ignored unless that option is chosen).
(function () {
  "use strict";

  function wire(fieldset) {
    var select = document.getElementById(fieldset.dataset.startField);
    if (!select) {
      return;
    }
    var newValue = select.dataset.newEvent;
    function update() {
      var on = select.value === newValue;
      fieldset.classList.toggle("d-none", !on);
      fieldset.disabled = !on;
    }
    select.addEventListener("change", update);
    update();
  }

  function init() {
    document.querySelectorAll("fieldset[data-start-field]").forEach(wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
