package dev.jflow.proto;

import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.JsonMap;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import dev.jflow.api.internal.DocumentList;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Converts requests and responses between the API model and {@code jina.RequestProto}, losslessly for
 * every field the model holds. Arrays are wrapped, not copied, on the way out and viewed in place on
 * the way in. Decoding errors are {@link FlowException}s with code INVALID_ARGUMENT that name the
 * field, e.g. {@code docs[3].embedding: ...}; a request over its {@link DecodeLimits} fails with
 * RESOURCE_EXHAUSTED before the decoder allocates for what is over the limit.
 */
public final class ProtoCodec {
  private ProtoCodec() {}

  /**
   * A request as its proto; a search's {@code top_k} also travels as Jina's queryset entries.
   *
   * @throws FlowException INTERNAL when the request cannot be encoded (e.g. a null document or value an
   *     executor put in it), so that a caller fails this request alone, not the call carrying it
   */
  public static RequestProto encode(Request r) {
    try {
      return encode(r.id(), r.type(), r.docs(), r.groundtruths(), r.ids(), r.parameters()).build();
    } catch (FlowException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unencodable("request '" + r.id() + "'", e);
    }
  }

  /**
   * A response as its proto: the request's body kind with the resulting documents, status and routes.
   *
   * @throws FlowException INTERNAL when the response cannot be encoded
   */
  public static RequestProto encode(Response r) {
    try {
      RequestProto.Builder b = encode(r.requestId(), r.type(), r.docs(), r.groundtruths(), r.ids(), r.parameters())
          .setStatus(StatusCodec.encode(r.status()));
      r.routes().forEach(route -> b.addRoutes(StatusCodec.encode(route)));
      return b.build();
    } catch (FlowException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unencodable("the response to request '" + r.requestId() + "'", e);
    }
  }

  private static FlowException unencodable(String what, RuntimeException e) {
    return new FlowException(Status.of(Status.Code.INTERNAL, what + " cannot be encoded: " + e).withCause(e));
  }

  /** A document as its {@code DocumentProto}, chunks and matches included; arrays are wrapped, not copied. */
  public static DocumentProto encode(Document d) {
    return DocumentCodec.encode(d);
  }

  /**
   * The document a {@code DocumentProto} carries, without document or array limits: for protos from a
   * trusted source, such as an executor's own store. Quantized arrays are still checked against their
   * buffers before they are restored.
   *
   * @throws FlowException INVALID_ARGUMENT naming the field (e.g. {@code document.chunks[0].blob: ...})
   *     when the proto is not a valid document
   */
  public static Document decodeDocument(DocumentProto p) {
    return DocumentCodec.decode(p, "document", new DecodeBudget(DecodeLimits.unlimited()));
  }

  private static RequestProto.Builder encode(String id, RequestType type, List<Document> docs, List<Document> groundtruths,
      List<String> ids, JsonMap parameters) {
    RequestProto.Builder b = RequestProto.newBuilder().setRequestId(id);
    switch (type) {
      case INDEX: {
        RequestProto.IndexRequestProto.Builder body = RequestProto.IndexRequestProto.newBuilder();
        ProtoDocuments.encode(docs, body::addAllDocs, body::addDocs);
        ProtoDocuments.encode(groundtruths, body::addAllGroundtruths, body::addGroundtruths);
        b.setIndex(body);
        break;
      }
      case SEARCH: {
        RequestProto.SearchRequestProto.Builder body = RequestProto.SearchRequestProto.newBuilder();
        ProtoDocuments.encode(docs, body::addAllDocs, body::addDocs);
        ProtoDocuments.encode(groundtruths, body::addAllGroundtruths, body::addGroundtruths);
        b.setSearch(body);
        Object k = parameters.get(Request.TOP_K);
        if (k instanceof Double) {
          b.addAllQueryset(Queryset.forTopK(((Double) k).intValue()));
        }
        break;
      }
      case TRAIN: {
        RequestProto.TrainRequestProto.Builder body = RequestProto.TrainRequestProto.newBuilder();
        ProtoDocuments.encode(docs, body::addAllDocs, body::addDocs);
        ProtoDocuments.encode(groundtruths, body::addAllGroundtruths, body::addGroundtruths);
        b.setTrain(body);
        break;
      }
      case UPDATE: {
        RequestProto.UpdateRequestProto.Builder body = RequestProto.UpdateRequestProto.newBuilder();
        ProtoDocuments.encode(docs, body::addAllDocs, body::addDocs);
        b.setUpdate(body);
        break;
      }
      case DELETE:
        b.setDelete(RequestProto.DeleteRequestProto.newBuilder().addAllIds(ids));
        break;
      case DUMP:
        b.setDump(RequestProto.DumpRequestProto.newBuilder()
            .setPath(parameters.getString("path", ""))
            .setShards((int) parameters.getNumber("shards", 0)));
        break;
      case CONTROL:
        b.setControl(ControlCodec.encode(parameters));
        break;
      default:
        throw new IllegalStateException("unknown request type " + type);
    }
    if (!parameters.isEmpty()) {
      b.setParameters(StructCodec.encode(parameters));
    }
    return b;
  }

  /**
   * The request a proto carries, decoded within {@link DecodeLimits#defaults()} (256 MiB of arrays,
   * 100,000 documents).
   *
   * @throws FlowException INVALID_ARGUMENT naming the field when the proto is not a valid request,
   *     RESOURCE_EXHAUSTED naming the limit when it is over one
   */
  public static Request decodeRequest(RequestProto p) {
    return decodeRequest(p, DecodeLimits.defaults());
  }

  /**
   * The request a proto carries, decoded within {@code limits}; gateways pass
   * {@link DecodeLimits#forMessageSize(int)} of their maxMessageSize.
   *
   * @throws FlowException INVALID_ARGUMENT naming the field when the proto is not a valid request,
   *     RESOURCE_EXHAUSTED naming the limit and its value when it is over one
   */
  public static Request decodeRequest(RequestProto p, DecodeLimits limits) {
    Decoded d = decode(p, limits);
    return Request.builder(d.type).id(p.getRequestId()).docs(d.docs).groundtruths(d.groundtruths).ids(d.ids)
        .parameters(d.parameters).build();
  }

  /**
   * The response a proto carries, without document or array limits: a search response may hold many
   * more matches than any request holds documents. Quantized arrays are still checked against their
   * buffers before they are restored.
   *
   * @throws FlowException INVALID_ARGUMENT naming the field when the proto is not a valid response
   */
  public static Response decodeResponse(RequestProto p) {
    return decodeResponse(p, DecodeLimits.unlimited());
  }

  /**
   * The response a proto carries, decoded within {@code limits}.
   *
   * @throws FlowException INVALID_ARGUMENT naming the field when the proto is not a valid response,
   *     RESOURCE_EXHAUSTED naming the limit and its value when it is over one
   */
  public static Response decodeResponse(RequestProto p, DecodeLimits limits) {
    Decoded d = decode(p, limits);
    List<Route> routes = new ArrayList<>(p.getRoutesCount());
    p.getRoutesList().forEach(r -> routes.add(StatusCodec.decode(r)));
    Status status = p.hasStatus() ? StatusCodec.decode(p.getStatus()) : Status.SUCCESS;
    return new Response(p.getRequestId(), d.type, d.docs, d.groundtruths, d.ids, d.parameters, status, routes);
  }

  private static final class Decoded {
    RequestType type;
    List<Document> docs = new DocumentList();
    List<Document> groundtruths = new DocumentList();
    List<String> ids = new ArrayList<>();
    JsonMap parameters = new JsonMap();
  }

  private static Decoded decode(RequestProto p, DecodeLimits limits) {
    DecodeBudget budget = new DecodeBudget(Objects.requireNonNull(limits, "limits"));
    Decoded d = new Decoded();
    if (p.hasParameters()) {
      d.parameters = StructCodec.decode(p.getParameters());
    }
    switch (p.getBodyCase()) {
      case INDEX:
        d.type = RequestType.INDEX;
        d.docs = ProtoDocuments.of(p.getIndex().getDocsList(), "index.docs", budget);
        d.groundtruths = ProtoDocuments.of(p.getIndex().getGroundtruthsList(), "index.groundtruths", budget);
        break;
      case SEARCH:
        d.type = RequestType.SEARCH;
        d.docs = ProtoDocuments.of(p.getSearch().getDocsList(), "search.docs", budget);
        d.groundtruths = ProtoDocuments.of(p.getSearch().getGroundtruthsList(), "search.groundtruths", budget);
        Queryset.readTopK(p.getQuerysetList(), d.parameters);
        break;
      case TRAIN:
        d.type = RequestType.TRAIN;
        d.docs = ProtoDocuments.of(p.getTrain().getDocsList(), "train.docs", budget);
        d.groundtruths = ProtoDocuments.of(p.getTrain().getGroundtruthsList(), "train.groundtruths", budget);
        break;
      case UPDATE:
        d.type = RequestType.UPDATE;
        d.docs = ProtoDocuments.of(p.getUpdate().getDocsList(), "update.docs", budget);
        break;
      case DELETE:
        d.type = RequestType.DELETE;
        d.ids = new ArrayList<>(p.getDelete().getIdsList());
        break;
      case DUMP:
        d.type = RequestType.DUMP;
        d.parameters.put("path", p.getDump().getPath());
        d.parameters.put("shards", p.getDump().getShards());
        break;
      case CONTROL:
        d.type = RequestType.CONTROL;
        ControlCodec.decode(p.getControl(), d.parameters);
        break;
      default:
        throw new FlowException(Status.Code.INVALID_ARGUMENT, "request '" + p.getRequestId()
            + "' has no body; set one of index, search, update, delete, train, control or dump");
    }
    return d;
  }
}
