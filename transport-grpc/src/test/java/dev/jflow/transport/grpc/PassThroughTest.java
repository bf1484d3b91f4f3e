package dev.jflow.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import dev.jflow.api.Flow;
import dev.jflow.api.PodSpec;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.DenseNdArrayProto.QuantizationMode;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.transport.grpc.testing.CollectingStreamObserver;
import dev.jflow.transport.grpc.testing.PlaintextChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A gateway whose pods only pass requests on forwards the documents as they came, byte for byte (here an
 * FP16-quantized embedding stays FP16, as Jina's gateway leaves it); a pod that reads the documents gets
 * them decoded, and they go out encoded again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PassThroughTest {

  private static DocumentProto fp16Doc(String id) {
    DenseNdArrayProto dense = DenseNdArrayProto.newBuilder().setBuffer(ByteString.copyFrom(new byte[] {0, 60, 0, 64}))
        .setQuantization(QuantizationMode.FP16).setOriginalDtype("float32").addShape(2).build();
    return DocumentProto.newBuilder().setId(id).setEmbedding(NdArrayProto.newBuilder().setDense(dense)).build();
  }

  private static DocumentProto roundTrip(Flow flow) throws Exception {
    try (PlaintextChannel channel = PlaintextChannel.to(flow.async().gatewayAddress().port())) {
      CollectingStreamObserver<RequestProto> responses = new CollectingStreamObserver<>();
      StreamObserver<RequestProto> out = channel.bidi(JinaRpc.CLIENT_METHOD, responses);
      out.onNext(RequestProto.newBuilder().setRequestId("r1")
          .setIndex(RequestProto.IndexRequestProto.newBuilder().addDocs(fp16Doc("a"))).build());
      out.onCompleted();
      assertNull(responses.awaitEnd(Duration.ofSeconds(30)));
      assertEquals(1, responses.items.size());
      return responses.items.get(0).getIndex().getDocs(0);
    }
  }

  @Test
  void passPodsForwardTheDocumentsAsTheyCame() throws Exception {
    try (Flow flow = Flow.builder().protocol("grpc").host("127.0.0.1").add().add().build().start()) {
      DocumentProto back = roundTrip(flow);
      assertEquals(fp16Doc("a"), back);
    }
  }

  @Test
  void aPodThatReadsTheDocumentsSendsThemEncodedAgain() throws Exception {
    PodSpec reader = PodSpec.builder("reader").uses(dev.jflow.core.testing.TestExecutors.PathTagger.class).build();
    try (Flow flow = Flow.builder().protocol("grpc").host("127.0.0.1").add(reader).build().start()) {
      DocumentProto back = roundTrip(flow);
      assertEquals(QuantizationMode.NONE, back.getEmbedding().getDense().getQuantization(), "restored to float32 when decoded");
      assertEquals(8, back.getEmbedding().getDense().getBuffer().size());
    }
  }
}
