package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.jflow.api.Flow;
import dev.jflow.core.testing.TestExecutors;
import dev.jflow.transport.grpc.testing.CollectingStreamObserver;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that is not ours: plain grpc-java with DynamicMessage, knowing only the schema compiled from
 * jina.proto (the descriptor set protoc wrote), builds requests the way a Jina 1.x client does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForeignClientTest {

  private static Map<String, FileDescriptor> schema() throws Exception {
    try (InputStream in = FileDescriptor.class.getClassLoader().getResourceAsStream("dev/jflow/proto/jina.desc")) {
      FileDescriptorSet set = FileDescriptorSet.parseFrom(in);
      Map<String, FileDescriptor> built = new HashMap<>();
      for (FileDescriptorProto f : set.getFileList()) { // protoc lists dependencies first
        List<FileDescriptor> deps = new ArrayList<>();
        f.getDependencyList().forEach(d -> deps.add(built.get(d)));
        built.put(f.getName(), FileDescriptor.buildFrom(f, deps.toArray(new FileDescriptor[0])));
      }
      return built;
    }
  }

  private static MethodDescriptor.Marshaller<DynamicMessage> marshaller(Descriptor type) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      public InputStream stream(DynamicMessage value) {
        return value.toByteString().newInput();
      }

      @Override
      public DynamicMessage parse(InputStream stream) {
        try {
          return DynamicMessage.parseFrom(type, stream);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private static DynamicMessage embeddingDoc(Descriptor docType, String id, float... values) {
    Descriptor ndType = docType.findFieldByName("embedding").getMessageType();
    Descriptor denseType = ndType.findFieldByName("dense").getMessageType();
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    DynamicMessage dense = DynamicMessage.newBuilder(denseType)
        .setField(denseType.findFieldByName("buffer"), com.google.protobuf.ByteString.copyFrom(b.array()))
        .addRepeatedField(denseType.findFieldByName("shape"), values.length)
        .setField(denseType.findFieldByName("dtype"), "<f4")
        .build();
    return DynamicMessage.newBuilder(docType)
        .setField(docType.findFieldByName("id"), id)
        .setField(docType.findFieldByName("embedding"), DynamicMessage.newBuilder(ndType).setField(ndType.findFieldByName("dense"), dense).build())
        .build();
  }

  private static DynamicMessage request(Descriptor reqType, String body, List<DynamicMessage> docs, int topK) {
    FieldDescriptor bodyField = reqType.findFieldByName(body);
    Descriptor bodyType = bodyField.getMessageType();
    DynamicMessage.Builder b = DynamicMessage.newBuilder(bodyType);
    docs.forEach(d -> b.addRepeatedField(bodyType.findFieldByName("docs"), d));
    DynamicMessage.Builder r = DynamicMessage.newBuilder(reqType)
        .setField(reqType.findFieldByName("request_id"), UUID.randomUUID().toString())
        .setField(bodyField, b.build());
    if (topK > 0) {
      Descriptor ql = reqType.findFieldByName("queryset").getMessageType();
      r.addRepeatedField(reqType.findFieldByName("queryset"), DynamicMessage.newBuilder(ql)
          .setField(ql.findFieldByName("name"), "SliceQL").setField(ql.findFieldByName("priority"), 1)
          .setField(ql.findFieldByName("parameters"), Struct.newBuilder().putFields("end", Value.newBuilder().setNumberValue(topK).build()).build())
          .build());
      r.addRepeatedField(reqType.findFieldByName("queryset"), DynamicMessage.newBuilder(ql)
          .setField(ql.findFieldByName("name"), "VectorSearchDriver").setField(ql.findFieldByName("priority"), 1)
          .setField(ql.findFieldByName("parameters"), Struct.newBuilder().putFields("top_k", Value.newBuilder().setNumberValue(topK).build()).build())
          .build());
    }
    return r.build();
  }

  private static List<DynamicMessage> call(PlaintextChannel channel, MethodDescriptor<DynamicMessage, DynamicMessage> method,
      List<DynamicMessage> requests) throws Exception {
    CollectingStreamObserver<DynamicMessage> responses = new CollectingStreamObserver<>();
    StreamObserver<DynamicMessage> out = channel.bidi(method, responses);
    requests.forEach(out::onNext);
    out.onCompleted();
    responses.done.get(30, TimeUnit.SECONDS);
    return responses.items;
  }

  private static MethodDescriptor<DynamicMessage, DynamicMessage> callMethod(Descriptor reqType) {
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(MethodDescriptor.MethodType.BIDI_STREAMING).setFullMethodName("jina.JinaRPC/Call")
        .setRequestMarshaller(marshaller(reqType)).setResponseMarshaller(marshaller(reqType)).build();
  }

  @Test
  void aQuerysetTopKOverTheGatewaysMaxTopKIsRefusedWithInvalidArgument() throws Exception {
    FileDescriptor jina = schema().values().stream().filter(f -> f.getPackage().equals("jina")).findFirst().orElseThrow();
    Descriptor reqType = jina.findMessageTypeByName("RequestProto");
    Descriptor docType = jina.findMessageTypeByName("DocumentProto");
    try (Flow f = Flow.builder().protocol("grpc").host("127.0.0.1").maxTopK(100).add("indexer", TestExecutors.MemoryIndexer::new)
        .build().start(); PlaintextChannel channel = PlaintextChannel.to(f.async().gatewayAddress().port())) {
      CollectingStreamObserver<DynamicMessage> responses = new CollectingStreamObserver<>();
      StreamObserver<DynamicMessage> out = channel.bidi(callMethod(reqType), responses);
      out.onNext(request(reqType, "search", List.of(embeddingDoc(docType, "q", 1, 1, 1)), 1_000_000));
      out.onCompleted();
      io.grpc.StatusRuntimeException e = (io.grpc.StatusRuntimeException) responses.awaitEnd(java.time.Duration.ofSeconds(30));
      assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("top_k=1000000, over this gateway's maxTopK=100"), e.getStatus().getDescription());
      assertEquals(List.of(), responses.items);
      assertEquals(1, call(channel, callMethod(reqType), List.of(request(reqType, "search", List.of(embeddingDoc(docType, "q", 1, 1, 1)),
          100))).size(), "top_k at the limit is served");
    }
  }

  @Test
  void aDynamicClientIndexesAndSearchesWithOnlyTheSchema() throws Exception {
    FileDescriptor jina = schema().values().stream().filter(f -> f.getPackage().equals("jina")).findFirst().orElseThrow();
    Descriptor reqType = jina.findMessageTypeByName("RequestProto");
    Descriptor docType = jina.findMessageTypeByName("DocumentProto");
    MethodDescriptor<DynamicMessage, DynamicMessage> method = callMethod(reqType);

    try (Flow f = Flow.builder().protocol("grpc").host("127.0.0.1").add("indexer", TestExecutors.MemoryIndexer::new).build().start()) {
      try (PlaintextChannel channel = PlaintextChannel.to(f.async().gatewayAddress().port())) {
        List<DynamicMessage> docs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          docs.add(embeddingDoc(docType, "doc" + i, i, i, i));
        }
        List<DynamicMessage> indexed = call(channel, method, List.of(request(reqType, "index", docs.subList(0, 5), 0),
            request(reqType, "index", docs.subList(5, 10), 0)));
        assertEquals(2, indexed.size());
        for (DynamicMessage r : indexed) {
          assertTrue(r.hasField(reqType.findFieldByName("index")), "an index request is answered with an index body");
          DynamicMessage status = (DynamicMessage) r.getField(reqType.findFieldByName("status"));
          assertEquals(0, ((com.google.protobuf.Descriptors.EnumValueDescriptor) status.getField(status.getDescriptorForType().findFieldByName("code"))).getNumber());
          assertEquals(2, r.getRepeatedFieldCount(reqType.findFieldByName("routes")), "gateway and indexer routes");
        }

        DynamicMessage response = call(channel, method, List.of(request(reqType, "search", List.of(embeddingDoc(docType, "q", 7, 7, 7)), 3))).get(0);
        DynamicMessage body = (DynamicMessage) response.getField(reqType.findFieldByName("search"));
        DynamicMessage query = (DynamicMessage) body.getRepeatedField(body.getDescriptorForType().findFieldByName("docs"), 0);
        FieldDescriptor matches = docType.findFieldByName("matches");
        assertEquals(3, query.getRepeatedFieldCount(matches), "top_k from the queryset gives three matches");
        DynamicMessage best = (DynamicMessage) query.getRepeatedField(matches, 0);
        assertEquals("doc7", best.getField(docType.findFieldByName("id")));
      }
    }
  }
}
