package dev.jflow.junit;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.Document;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.Response;
import dev.jflow.api.spi.Executor;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A builder-method Flow whose one pod upper-cases texts, and helpers to read what came back. */
final class Upper {
  private Upper() {}

  static FlowBuilder<AsyncFlow> flow() {
    return AsyncFlow.builder().name("upper").add("upper", Upper::executor);
  }

  static Executor executor() {
    return request -> request.docs().forEach(d -> d.text(d.text().toUpperCase(Locale.ROOT)));
  }

  static List<Document> docs(String... texts) {
    return java.util.Arrays.stream(texts).map(Document::ofText).collect(Collectors.toList());
  }

  static List<String> texts(List<Response> responses) {
    return responses.stream().flatMap(r -> r.docs().stream()).map(Document::text).collect(Collectors.toList());
  }
}
