package dev.jflow.api;

import dev.jflow.api.internal.DocumentList;
import java.util.Collections;
import java.util.List;

/**
 * The answer to one request: the same id and type, the resulting documents, the status and the
 * route the request took (one entry per pod). The lists are read-only views.
 *
 * @param requestId the id of the request this answers
 * @param type the request's type
 * @param docs the resulting documents
 * @param groundtruths the request's groundtruths
 * @param ids the ids of a DELETE request
 * @param parameters the request's parameters
 * @param status SUCCESS, or the first error met on the way
 * @param routes one entry per pod, in the order the pods finished
 */
public record Response(String requestId, RequestType type, List<Document> docs, List<Document> groundtruths,
    List<String> ids, JsonMap parameters, Status status, List<Route> routes) {

  /** Wraps the lists read-only without copying them. */
  public Response {
    docs = docs == null ? List.of() : DocumentList.readOnly(docs); // documents not decoded yet stay so
    groundtruths = groundtruths == null ? List.of() : DocumentList.readOnly(groundtruths);
    ids = ids == null ? List.of() : Collections.unmodifiableList(ids);
    parameters = parameters == null ? new JsonMap() : parameters;
    status = status == null ? Status.SUCCESS : status;
    routes = routes == null ? List.of() : Collections.unmodifiableList(routes);
  }

  /** The response to {@code request} with the given status and routes. */
  public static Response of(Request request, Status status, List<Route> routes) {
    return new Response(request.id(), request.type(), request.docs(), request.groundtruths(), request.ids(),
        request.parameters(), status, routes);
  }

  /** True when the status is ERROR or worse: what goes to {@code onError}. */
  public boolean isError() {
    return status.isError();
  }
}
