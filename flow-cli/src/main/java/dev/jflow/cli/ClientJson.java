package dev.jflow.cli;

import dev.jflow.api.internal.JsonWriter;
import dev.jflow.api.Document;
import dev.jflow.api.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON lines of {@code jflow client --output json}, each object with a {@code type}: matches, error or summary. */
final class ClientJson {
  private ClientJson() {}

  /** {@code {"type":"summary","operation":"index","docs":3,"requests":2,"errors":0,"seconds":0.12,"docs_per_second":25.0}}. */
  static String summary(String operation, long docs, long requests, long errors, long nanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "summary");
    m.put("operation", operation);
    m.put("docs", docs);
    m.put("requests", requests);
    m.put("errors", errors);
    m.put("seconds", Math.round(nanos / 1e6) / 1e3);
    m.put("docs_per_second", Math.round(ProgressFormat.rate(docs, Math.max(1, nanos)) * 10) / 10.0);
    return JsonWriter.write(m);
  }

  /** {@code {"type":"matches","id":..,"text":..,"matches":[{"id":..,"text":..,"score":..}]}} for query {@code q}. */
  static String matches(Document q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "matches");
    m.put("id", q.id());
    m.put("text", q.text());
    List<Object> matches = new ArrayList<>();
    for (Document d : q.matches()) {
      Map<String, Object> match = new LinkedHashMap<>();
      match.put("id", d.id());
      match.put("text", d.text());
      match.put("score", d.score() == null ? null : d.score().value());
      matches.add(match);
    }
    m.put("matches", matches);
    return JsonWriter.write(m);
  }

  /** {@code {"type":"error","request_id":..,"code":"UNAVAILABLE","message":..}} for the failed response {@code r}. */
  static String error(Response r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "error");
    m.put("request_id", r.requestId());
    m.put("code", r.status().code().name());
    m.put("message", r.status().description());
    return JsonWriter.write(m);
  }
}
