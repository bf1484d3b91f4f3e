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
 * the {@code inprocess} gateway and one pass-through pod ({@code pods}), waited for; nothing is serialized. The
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
    FlowBuilder<AsyncFlow> b = AsyncFlow.builder().name("hop").protocol("inprocess");
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
