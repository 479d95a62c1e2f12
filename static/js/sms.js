// The SMS form's part counter: the same count as integrations/sms/validation.py (GSM 7-bit:
// 160 characters in one SMS, 153 per part; anything else UCS-2: 70, and 67 per part).
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
    "¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "^{}\\[~]|€\f";

  function count(text) {
    var gsm = true, length = 0, i;
    for (i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (EXTENSION.indexOf(ch) >= 0) { length += 2; } else if (BASIC.indexOf(ch) >= 0) { length += 1; } else { gsm = false; break; }
    }
    var single = 160, split = 153;
    if (!gsm) { length = text.length; single = 70; split = 67; }  // UTF-16 code units, as the network counts
    var parts = length === 0 ? 0 : (length <= single ? 1 : Math.ceil(length / split));
    return { length: length, parts: parts, unicode: !gsm };
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector("[data-sms-text]");
    var out = document.getElementById("sms-parts");
    if (!field || !out) { return; }
    var limit = parseInt(field.getAttribute("data-max-parts"), 10) || 6;
    function update() {
      var text = field.value.trim();
      var c = count(text);
      if (!text) { out.textContent = ""; return; }
      var values = { length: c.length, parts: c.parts, limit: limit };
      var key = c.parts > limit ? "data-template-over" : (c.parts === 1 ? "data-template-one" : "data-template-many");
      out.textContent = fill(out.getAttribute(key), values) + (c.unicode ? " " + out.getAttribute("data-unicode") : "");
      out.classList.toggle("text-danger", c.parts > limit);
    }
    field.addEventListener("input", update);
    update();
  });
})();
