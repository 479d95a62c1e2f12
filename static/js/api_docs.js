/* The panel's API reference: Swagger UI (ninja's static copy) reading its settings from a JSON <script>. */
(function () {
  "use strict";
  var element = document.getElementById("swagger-settings");
  if (!element || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  var config = JSON.parse(element.textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis];
  SwaggerUIBundle(config);
})();
