package dev.jflow.transport.websocket;

/** What {@code GET /docs} and {@code GET /openapi.json} answer: a short page and an OpenAPI 3 description. */
final class DocsPage {
  static final String HTML = """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>JFlow gateway</title></head>
      <body style="font-family: sans-serif; max-width: 48em; margin: 2em auto">
      <h1>JFlow gateway</h1>
      <p>The REST and WebSocket API of a JFlow Flow, compatible with Jina 1.x's restful gateway.
      The machine-readable description is at <a href="/openapi.json">/openapi.json</a>.</p>
      <table border="1" cellpadding="4" style="border-collapse: collapse">
      <tr><th>endpoint</th><th>does</th></tr>
      <tr><td>GET /status</td><td>version, readiness and, when the Flow reports it, its pods</td></tr>
      <tr><td>POST /index</td><td rowspan="3">body <code>{"data": [...], "request_size": 100, "mime_type": "", "top_k": k,
        "queryset": [...], "parameters": {...}}</code>; items are Document JSON objects, plain strings (text) or data URIs;
        answers the JSON array of the responses</td></tr>
      <tr><td>POST /search</td></tr>
      <tr><td>PUT /update</td></tr>
      <tr><td>DELETE /delete</td><td>body <code>{"data": ["id", ...]}</code></td></tr>
      <tr><td>POST /reload</td><td>body <code>{"targets": ["pod-regex", ...]}</code>; reloads the matching pods' executors</td></tr>
      <tr><td>GET /metrics</td><td>the Flow's meters in the Prometheus text format, for any caller the gateway admits
        with a role (rendered at most once a second); 404 when the Flow keeps none</td></tr>
      <tr><td>WebSocket /stream</td><td>binary frames of serialized <code>jina.RequestProto</code> (answered in binary) or text frames
        of its JSON (answered in JSON); a binary frame holding the single byte 0x00 ends the input</td></tr>
      </table>
      <p>Bodies are sent with <code>Content-Type: application/json</code> (else 415).
      Errors answer <code>{"status": 400, "code": "INVALID_ARGUMENT", "description": "..."}</code>.
      A W3C <code>traceparent</code> header (on a call, or on the WebSocket upgrade) makes the Flow's spans part of the caller's trace.</p>
      </body></html>
      """;

  static final String OPENAPI = """
      {"openapi":"3.0.3","info":{"title":"JFlow gateway","version":"%s",
      "description":"The REST API of a JFlow Flow, compatible with Jina 1.x's restful gateway. WebSocket: /stream."},
      "paths":{
      "/status":{"get":{"summary":"Version and readiness","responses":{"200":{"description":"status JSON"}}}},
      "/index":{"post":{"summary":"Index documents","requestBody":{"$ref":"#/components/requestBodies/Data"},"responses":{"200":{"$ref":"#/components/responses/Responses"},"400":{"$ref":"#/components/responses/Error"}}}},
      "/search":{"post":{"summary":"Search documents","requestBody":{"$ref":"#/components/requestBodies/Data"},"responses":{"200":{"$ref":"#/components/responses/Responses"},"400":{"$ref":"#/components/responses/Error"}}}},
      "/update":{"put":{"summary":"Update documents","requestBody":{"$ref":"#/components/requestBodies/Data"},"responses":{"200":{"$ref":"#/components/responses/Responses"},"400":{"$ref":"#/components/responses/Error"}}}},
      "/delete":{"delete":{"summary":"Delete documents by id","requestBody":{"$ref":"#/components/requestBodies/Data"},"responses":{"200":{"$ref":"#/components/responses/Responses"},"400":{"$ref":"#/components/responses/Error"}}}},
      "/reload":{"post":{"summary":"Reload the executors of the pods matching targets","requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{"targets":{"type":"array","items":{"type":"string"}}}}}}},"responses":{"200":{"$ref":"#/components/responses/Responses"}}}},
      "/metrics":{"get":{"summary":"The Flow's meters for a scraper (Prometheus text format)","responses":{"200":{"description":"the meters","content":{"text/plain":{"schema":{"type":"string"}}}},"401":{"$ref":"#/components/responses/Error"},"403":{"$ref":"#/components/responses/Error"},"404":{"$ref":"#/components/responses/Error"},"500":{"$ref":"#/components/responses/Error"}}}}},
      "components":{
      "requestBodies":{"Data":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["data"],"properties":{
      "data":{"type":"array","items":{"oneOf":[{"type":"object","description":"proto3 JSON of jina.DocumentProto"},{"type":"string","description":"text, a data URI, or an id for /delete"}]}},
      "request_size":{"type":"integer","default":100},"mime_type":{"type":"string","default":""},"top_k":{"type":"integer"},
      "queryset":{"type":"array","items":{"type":"object"}},"parameters":{"type":"object"}}}}}}},
      "responses":{"Responses":{"description":"JSON array of the proto3 JSON of each response jina.RequestProto","content":{"application/json":{"schema":{"type":"array","items":{"type":"object"}}}}},
      "Error":{"description":"what was wrong","content":{"application/json":{"schema":{"type":"object","properties":{"status":{"type":"integer"},"code":{"type":"string"},"description":{"type":"string"}}}}}}}}}
      """.formatted(Version.JFLOW);

  private DocsPage() {}
}
