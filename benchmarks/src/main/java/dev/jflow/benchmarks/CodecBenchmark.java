package dev.jflow.benchmarks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.proto.ProtoCodec;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.RequestProto;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding one INDEX request (100 documents × 128-d, or 1000 × 768-d, float32
 * embeddings) through JFlow's {@link ProtoCodec}, next to the same work done with plain protobuf
 * (hand-built {@code DocumentProto}s over the same bytes), so the codec's overhead shows.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar CodecBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
  private static final String REQUEST_ID = "5f0c7a3e-0000-4000-8000-000000000001";

  /** Documents in the request × embedding dimension (float32): the two payloads. */
  @Param({"100x128", "1000x768"})
  public String shape;

  private List<Payloads.Doc> data;
  private Request request;
  private byte[] wire;

  /** Builds the request once; encoding and decoding it is what is measured. */
  @Setup
  public void setUp() {
    String[] nd = shape.split("x");
    data = Payloads.docs(Integer.parseInt(nd[0]), Integer.parseInt(nd[1]), 42);
    request = Request.builder(RequestType.INDEX).id(REQUEST_ID).docs(Payloads.documents(data)).build();
    wire = ProtoCodec.encode(request).toByteArray();
  }

  /** JFlow: the model request to wire bytes. */
  @Benchmark
  public byte[] jflowEncode() {
    return ProtoCodec.encode(request).toByteArray();
  }

  /** JFlow: wire bytes to the model request (documents with their embeddings as NdArray views). */
  @Benchmark
  public Request jflowDecode() throws InvalidProtocolBufferException {
    return ProtoCodec.decodeRequest(RequestProto.parseFrom(wire));
  }

  /** Baseline: hand-built protos over the same ids and embedding bytes, to wire bytes. */
  @Benchmark
  public byte[] protobufEncode() {
    return Payloads.indexRequest(REQUEST_ID, data).toByteArray();
  }

  /** Baseline: wire bytes to protos, reading each document's id and embedding bytes as JFlow's decode does. */
  @Benchmark
  public void protobufDecode(Blackhole bh) throws InvalidProtocolBufferException {
    RequestProto p = RequestProto.parseFrom(wire);
    for (DocumentProto d : p.getIndex().getDocsList()) {
      bh.consume(d.getId());
      bh.consume(d.getEmbedding().getDense().getBuffer().asReadOnlyByteBuffer());
    }
  }
}
