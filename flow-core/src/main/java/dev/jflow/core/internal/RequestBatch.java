package dev.jflow.core.internal;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How requests of a dynamic batch ({@link dev.jflow.api.DynamicBatching}) become one request and back:
 * which requests may share a batch, the merged request (lists concatenated in order, the first's
 * parameters), and the split that hands each request the items at its positions.
 */
final class RequestBatch {
  /** What requests must share to be merged: their type, their parameters, and whether they carry groundtruths. */
  record Key(RequestType type, JsonMap parameters, boolean groundtruths) {}

  private RequestBatch() {}

  /** The key {@code r} batches under, or null when it never batches (control work, unpaired groundtruths). */
  static Key key(Request r) {
    if (r.type() == RequestType.CONTROL || r.type() == RequestType.DUMP) {
      return null;
    }
    boolean truths = !r.groundtruths().isEmpty();
    if (truths && r.groundtruths().size() != r.docs().size()) {
      return null;
    }
    return new Key(r.type(), r.parameters().copy(), truths);
  }

  /** The size a batch counts for {@code r}: its documents, or its ids when it has none (DELETE). */
  static int size(Request r) {
    return r.docs().isEmpty() ? r.ids().size() : r.docs().size();
  }

  /** One request holding every part's documents, groundtruths and ids in order, with the first's parameters. */
  static Request merge(List<Request> parts) {
    Request first = parts.get(0);
    List<Document> docs = new ArrayList<>();
    List<Document> truths = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Request r : parts) {
      docs.addAll(r.docs());
      truths.addAll(r.groundtruths());
      ids.addAll(r.ids());
    }
    return Request.builder(first.type()).docs(docs).groundtruths(truths).ids(ids).parameters(first.parameters().copy()).build();
  }

  /**
   * Hands each part the items at its positions of {@code merged}, after the executor ran on it.
   *
   * @throws FlowException INTERNAL naming {@code pod} and the counts when the executor changed how many
   *     documents, groundtruths or ids the batch holds; the parts are then left as they were
   */
  static void split(Request merged, List<Request> parts, String pod) {
    check(merged, counts(parts), parts.size(), pod);
    handBack(merged, parts, Request::docs);
    handBack(merged, parts, Request::groundtruths);
    handBack(merged, parts, Request::ids);
  }

  /** How many documents, groundtruths and ids {@code parts} hold together, to {@link #check} after the executor ran. */
  static int[] counts(List<Request> parts) {
    int[] sent = new int[3];
    for (Request r : parts) {
      sent[0] += r.docs().size();
      sent[1] += r.groundtruths().size();
      sent[2] += r.ids().size();
    }
    return sent;
  }

  /**
   * Checks that the executor kept the {@code sent} counts ({@link #counts}) of a batch of {@code requests}
   * requests in {@code back}, the request it ran on: a batch of one is held to the rule of every batch.
   *
   * @throws FlowException INTERNAL naming {@code pod} and the counts
   */
  static void check(Request back, int[] sent, int requests, String pod) {
    check(sent[0], back.docs().size(), "documents", requests, pod);
    check(sent[1], back.groundtruths().size(), "groundtruths", requests, pod);
    check(sent[2], back.ids().size(), "ids", requests, pod);
  }

  private static void check(int sent, int back, String what, int requests, String pod) {
    if (back != sent) {
      throw new FlowException(Status.Code.INTERNAL, "pod '" + pod + "' changed the number of " + what + " of a dynamic batch of "
          + requests + (requests == 1 ? " request" : " requests") + ": it was handed " + sent + " and returned " + back
          + ". Under dynamic batching an executor must keep one item per position (put matches or chunks inside documents),"
          + " or drop dynamic_batching from the pod");
    }
  }

  private static <T> void handBack(Request merged, List<Request> parts, Function<Request, List<T>> list) {
    List<T> all = list.apply(merged);
    int from = 0;
    for (Request r : parts) {
      List<T> own = list.apply(r);
      int n = own.size();
      own.clear();
      own.addAll(all.subList(from, from + n));
      from += n;
    }
  }
}
