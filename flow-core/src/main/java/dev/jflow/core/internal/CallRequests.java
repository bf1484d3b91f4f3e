package dev.jflow.core.internal;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Input;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the requests of one call from batches of input: the call's type and parameters, its
 * {@code top_k} when set, the documents (only their ids for DELETE), and, when any input item carries
 * a groundtruth, a groundtruth beside each document (an empty one with its id where an item has none).
 */
final class CallRequests {
  private final RequestType type;
  private final CallOptions options;

  CallRequests(RequestType type, CallOptions options) {
    this.type = type;
    this.options = options;
  }

  /** A new request, with a new id, carrying {@code items}. */
  Request build(List<Input> items) {
    Request.Builder b = Request.builder(type).parameters(options.parameters());
    List<Document> docs = new ArrayList<>(items.size());
    items.forEach(i -> docs.add(i.document()));
    if (type == RequestType.DELETE) {
      List<String> ids = new ArrayList<>(docs.size());
      docs.forEach(d -> ids.add(d.id()));
      b.ids(ids);
    } else {
      b.docs(docs);
      if (items.stream().anyMatch(i -> i.groundtruth() != null)) {
        List<Document> gts = new ArrayList<>(items.size());
        items.forEach(i -> gts.add(i.groundtruth() != null ? i.groundtruth() : Document.withId(i.document().id())));
        b.groundtruths(gts);
      }
    }
    if (options.topK() > 0) {
      b.parameters(Map.of(Request.TOP_K, options.topK()));
    }
    return b.build();
  }
}
