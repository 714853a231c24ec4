/* The API docs: Swagger UI from a local copy (no CDN), reading our OpenAPI document. */
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  if (typeof SwaggerUIBundle === "undefined") {
    document.getElementById("swagger").textContent =
      "Swagger UI is not installed (run `python -m conflictcoder.interfaces.web_assets`); the OpenAPI document is linked above.";
    return;
  }
  SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger", deepLinking: true });
});
