package dev.jflow.transport.websocket;

/** The JSON schemas and examples of the gateway's routes, for {@link OpenApiDocument}. */
final class Schemas {
  private Schemas() {}

  static final String ERROR = """
      {"type":"object","properties":{"status":{"type":"integer","example":400},"code":{"type":"string","example":"INVALID_ARGUMENT"},\
      "description":{"type":"string","example":"data[0]: ..."}}}""";

  /** A document as proto3 JSON of jina.DocumentProto, the fields a user sees most. */
  private static final String DOCUMENT = """
      {"type":"object","description":"proto3 JSON of jina.DocumentProto (other fields as in the proto)","properties":{\
      "id":{"type":"string"},"text":{"type":"string"},"uri":{"type":"string"},"mime_type":{"type":"string"},\
      "tags":{"type":"object","additionalProperties":true},\
      "embedding":{"type":"object","description":"an NdArrayProto: {\\"dense\\": {\\"buffer\\": base64, \\"shape\\": [...], \\"dtype\\": \\"<f4\\"}}"},\
      "score":{"type":"object","description":"a match's score (a NamedScoreProto)","properties":{"value":{"type":"number"},"op_name":{"type":"string"}}},\
      "matches":{"type":"array","description":"the nearest documents of a search, best first, each with its score","items":{"type":"object"}},\
      "chunks":{"type":"array","items":{"type":"object"}}}}""";

  static final String DATA = """
      {"type":"object","required":["data"],"properties":{\
      "data":{"type":"array","description":"Document JSON objects, plain strings (text) or data URIs; ids for /delete",\
      "items":{"oneOf":[%s,{"type":"string"}]}},\
      "request_size":{"type":"integer","default":100,"description":"documents per request"},\
      "mime_type":{"type":"string","default":""},"top_k":{"type":"integer","description":"matches per query document"},\
      "queryset":{"type":"array","items":{"type":"object"}},"parameters":{"type":"object"}}}""".formatted(DOCUMENT);

  static final String SEARCH_EXAMPLE = "{\"data\":[\"hello world\"],\"top_k\":3}";

  static final String INDEX_EXAMPLE = "{\"data\":[{\"id\":\"a\",\"text\":\"hello world\",\"tags\":{\"lang\":\"en\"}},\"good morning\"],\"request_size\":100}";

  static final String DELETE_EXAMPLE = "{\"data\":[\"a\"]}";

  static final String RELOAD = "{\"type\":\"object\",\"properties\":{\"targets\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
      + "\"description\":\"pod name patterns; none reloads every pod\"}}}";

  static final String RELOAD_EXAMPLE = "{\"targets\":[\"indexer\"]}";

  static final String RESPONSES = """
      {"type":"array","description":"proto3 JSON of each response jina.RequestProto, in request order",\
      "items":{"type":"object","properties":{"request_id":{"type":"string"},\
      "status":{"type":"object","properties":{"code":{"type":"integer"},"description":{"type":"string"}}},\
      "index":{"$ref":"#/components/schemas/Documents"},"search":{"$ref":"#/components/schemas/Documents"},\
      "update":{"$ref":"#/components/schemas/Documents"},"delete":{"type":"object","properties":{"ids":{"type":"array","items":{"type":"string"}}}},\
      "control":{"type":"object"},"routes":{"type":"array","items":{"type":"object"}}}},\
      "example":[{"request_id":"5b1c...","search":{"docs":[{"id":"q","text":"hello world","matches":[\
      {"id":"a","text":"hello world","tags":{"lang":"en"},"score":{"value":0.98,"op_name":"cosine"}}]}]}}]}""";

  static final String DOCUMENTS = "{\"type\":\"object\",\"properties\":{\"docs\":{\"type\":\"array\",\"items\":" + DOCUMENT + "}}}";

  static final String STATUS = """
      {"type":"object","properties":{"jflow":{"type":"string"},"protocol":{"type":"string","example":"websocket"},\
      "ready":{"type":"boolean"},"used_memory":{"type":"string","example":"42.0 MB"},\
      "flow":{"type":"object","description":"the Flow's own status when it answers one (its pods for an admin)"}}}""";

  static final String FLOW = "{\"type\":\"object\",\"properties\":{\"mermaid\":{\"type\":\"string\","
      + "\"example\":\"flowchart LR\\n  gateway_in([gateway])\\n\"}}}";

  static final String TEXT = "{\"type\":\"string\"}";
}
