package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.jflow.api.FlowException;
import dev.jflow.api.testing.TextMutations;
import dev.jflow.proto.jina.DenseNdArrayProto;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.NdArrayProto;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.SparseNdArrayProto;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzes the decoders with random and mutated input: only a {@link FlowException} with a message may
 * escape, and nothing is restored beyond small limits (so an allocation bug shows as an OutOfMemoryError
 * or a slow try, not as a passing test).
 */
class DecoderFuzzTest {
  private static final DecodeLimits SMALL = DecodeLimits.builder().maxArrayBytes(1 << 20).maxDocuments(2000).build();
  private static final String[] DTYPES = {"", "<f4", "float32", "<f8", "float64", "|u1", "<f2", "<i8", "int32", "bool", ">f4",
      "complex64", "f", "<", "=i2", "float16", " float32", "\u0000"};

  @Property(tries = 300)
  void randomBytesDecodeOrFailWithAFlowException(@ForAll @Size(max = 512) byte[] bytes) {
    RequestProto p;
    try {
      p = RequestProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    decodeBothWays(p);
  }

  @Property(tries = 300)
  void randomRequestsDecodeOrFailWithAFlowException(@ForAll long seed) {
    Random r = new Random(seed);
    decodeBothWays(randomRequest(r));
  }

  @Property(tries = 300)
  void mutatedRequestsDecodeOrFailWithAFlowException(@ForAll long seed) {
    Random r = new Random(seed);
    byte[] wire = randomRequest(r).toByteArray();
    int mutations = 1 + r.nextInt(4);
    for (int i = 0; i < mutations && wire.length > 0; i++) {
      wire[r.nextInt(wire.length)] = (byte) r.nextInt(256);
    }
    try {
      decodeBothWays(RequestProto.parseFrom(wire));
    } catch (InvalidProtocolBufferException e) {
      // not a message any more
    }
  }

  @Property(tries = 300)
  void randomAndMutatedJsonParsesOrFailsWithAFlowException(@ForAll long seed) {
    Random r = new Random(seed);
    String json;
    switch (r.nextInt(3)) {
      case 0:
        json = randomText(r);
        break;
      case 1:
        json = ProtoJson.print(randomRequest(r));
        break;
      default:
        json = mutate(ProtoJson.print(randomRequest(r)), r);
    }
    RequestProto p;
    try {
      p = ProtoJson.parse(json);
    } catch (FlowException e) {
      assertHasMessage(e);
      return;
    }
    decodeBothWays(p);
  }

  private static void decodeBothWays(RequestProto p) {
    try {
      ProtoCodec.decodeRequest(p, SMALL);
    } catch (FlowException e) {
      assertHasMessage(e);
    }
    try {
      ProtoCodec.decodeResponse(p, SMALL);
    } catch (FlowException e) {
      assertHasMessage(e);
    }
  }

  private static void assertHasMessage(FlowException e) {
    assertFalse(e.status().description().isBlank(), "a FlowException without a description: " + e);
  }

  static RequestProto randomRequest(Random r) {
    RequestProto.Builder b = RequestProto.newBuilder().setRequestId("r" + r.nextInt(100));
    RequestProto.IndexRequestProto.Builder body = RequestProto.IndexRequestProto.newBuilder();
    int docs = r.nextInt(4);
    for (int i = 0; i < docs; i++) {
      body.addDocs(randomDocument(r, 0));
    }
    switch (r.nextInt(4)) {
      case 0: b.setSearch(RequestProto.SearchRequestProto.newBuilder().addAllDocs(body.getDocsList())); break;
      case 1: b.setUpdate(RequestProto.UpdateRequestProto.newBuilder().addAllDocs(body.getDocsList())); break;
      case 2: break; // no body
      default: b.setIndex(body);
    }
    return b.build();
  }

  private static DocumentProto randomDocument(Random r, int depth) {
    DocumentProto.Builder d = DocumentProto.newBuilder().setId("d" + r.nextInt(1000));
    if (r.nextBoolean()) {
      d.setEmbedding(randomArray(r));
    }
    if (r.nextInt(4) == 0) {
      d.setBlob(randomArray(r));
    }
    if (depth < 3 && r.nextInt(3) == 0) {
      d.addChunks(randomDocument(r, depth + 1));
    }
    if (depth < 3 && r.nextInt(3) == 0) {
      d.addMatches(randomDocument(r, depth + 1));
    }
    return d.build();
  }

  private static NdArrayProto randomArray(Random r) {
    if (r.nextInt(6) == 0) {
      return NdArrayProto.newBuilder().setSparse(SparseNdArrayProto.newBuilder().setIndices(randomDense(r)).setValues(randomDense(r))
          .addDenseShape(r.nextLong()).addDenseShape(r.nextInt(1000))).build();
    }
    return NdArrayProto.newBuilder().setDense(randomDense(r)).build();
  }

  private static DenseNdArrayProto randomDense(Random r) {
    DenseNdArrayProto.Builder d = DenseNdArrayProto.newBuilder().setDtype(DTYPES[r.nextInt(DTYPES.length)])
        .setQuantizationValue(r.nextInt(4)).setMinVal(r.nextFloat()).setScale(r.nextFloat())
        .setOriginalDtype(DTYPES[r.nextInt(DTYPES.length)]);
    int rank = r.nextInt(4);
    long elements = 1;
    for (int i = 0; i < rank; i++) {
      int s = r.nextInt(5) == 0 ? r.nextInt() : r.nextInt(9);
      d.addShape(s);
      elements *= Integer.toUnsignedLong(s);
    }
    int length = r.nextBoolean() && elements >= 0 && elements < 4096 ? (int) elements * (1 + r.nextInt(8)) : r.nextInt(64);
    byte[] buffer = new byte[length];
    r.nextBytes(buffer);
    return d.setBuffer(ByteString.copyFrom(buffer)).build();
  }

  private static String randomText(Random r) {
    String alphabet = "{}[]:,\"\\ 0123456789.eE-+truefalsnl_abcdxyz\u00e9\n";
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(80);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  static String mutate(String s, Random r) {
    String edited = TextMutations.mutate(r, s, 1 + r.nextInt(4), "{}[]:,\"\\0-9.eE\u0000\ud800");
    return new String(edited.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // a lone surrogate becomes '?'
  }

}
