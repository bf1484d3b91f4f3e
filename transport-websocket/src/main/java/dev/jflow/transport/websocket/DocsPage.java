package dev.jflow.transport.websocket;

/**
 * What {@code GET /docs} answers: Swagger UI (its files served from the webjar under {@code /docs/}) showing
 * {@code /openapi.json}. When the webjar is not on the class path, a short page pointing at the document.
 */
final class DocsPage {
  static final String HTML = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>JFlow gateway API</title>
      <link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
      </head><body><div id="swagger-ui"></div>
      <noscript>Swagger UI needs JavaScript; the API is described at <a href="/openapi.json">/openapi.json</a>.</noscript>
      <script src="/docs/swagger-ui-bundle.js"></script>
      <script src="/docs/swagger-ui-standalone-preset.js"></script>
      <script src="/docs/jflow-docs.js"></script>
      </body></html>
      """;

  /** Starts Swagger UI on our document (a file of its own, so the page needs no inline script). */
  static final String SCRIPT = """
      window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
      """;

  static final String WITHOUT_WEBJAR = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>JFlow gateway API</title></head>
      <body style="font-family: sans-serif; max-width: 48em; margin: 2em auto">
      <h1>JFlow gateway</h1>
      <p>The REST API of this Flow is described at <a href="/openapi.json">/openapi.json</a>. Swagger UI is not shown
      because its files (the org.webjars:swagger-ui jar) are not on the gateway's class path.</p>
      </body></html>
      """;

  private DocsPage() {}
}
