package dev.jflow.benchmarks;

import dev.jflow.api.AsyncFlow;
import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One in-process hop: an INDEX call of one request ({@code docs} documents) through a started Flow with
 * one pass-through pod ({@code pods}), waited for. With {@code gateway=inprocess} nothing is serialized;
 * with {@code grpc} the Flow's own call goes through a loopback gRPC client of its gRPC gateway (encoded,
 * sent over 127.0.0.1, decoded: the price of testing the wire); {@code inprocess+grpc} serves gRPC to other
 * processes while the Flow's own calls stay in-process (the first gateway serves them). The
 * baseline hands the same documents to another thread and back ({@code CompletableFuture.supplyAsync}
 * on a single-thread executor), the least a hop to a pod's lane can cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HopBenchmark {
  /** Documents in the request (128-d float32 embeddings). */
  @Param("100")
  public int docs;

  /** The Flow's gateways, the first serving its own calls: {@code inprocess}, {@code grpc}, {@code inprocess+grpc}. */
  @Param({"inprocess", "grpc", "inprocess+grpc"})
  public String gateway;

  /** Pass-through pods in a row (each one hop to its lane and on). */
  @Param("1")
  public int pods;

  private AsyncFlow flow;
  private List<Document> batch;
  private CallOptions options;
  private ExecutorService lane;

  /** Starts the Flow and the baseline's thread. */
  @Setup
  public void setUp() {
    FlowBuilder<AsyncFlow> b = AsyncFlow.builder().name("hop").host("127.0.0.1").protocols(gateway.split("\\+"));
    for (int i = 0; i < pods; i++) {
      b.add();
    }
    flow = b.build();
    flow.start().join();
    batch = Payloads.documents(Payloads.docs(docs, 128, 42));
    options = CallOptions.builder().requestSize(docs).build();
    lane = Executors.newSingleThreadExecutor();
  }

  /** Closes the Flow and the thread. */
  @TearDown
  public void tearDown() {
    flow.close();
    lane.shutdownNow();
  }

  /** JFlow: client engine → in-process gateway → router → pod lane → back, one request. */
  @Benchmark
  public List<Response> jflowHop() throws ExecutionException, InterruptedException {
    return flow.index(Inputs.of(batch), options).get();
  }

  /** Baseline: the documents to another thread and back. */
  @Benchmark
  public List<Document> threadHop() throws ExecutionException, InterruptedException {
    return CompletableFuture.supplyAsync(() -> batch, lane).get();
  }
}
