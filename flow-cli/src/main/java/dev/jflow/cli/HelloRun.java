package dev.jflow.cli;

import dev.jflow.api.CallOptions;
import dev.jflow.api.Document;
import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.FlowSpec;
import dev.jflow.api.Inputs;
import dev.jflow.api.Response;
import dev.jflow.api.spi.Telemetry;
import dev.jflow.executors.Evaluations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** One hello pipeline's run: start its Flow, index the corpus, search the sample queries, then the labelled ones. */
final class HelloRun {
  /**
   * What a run found.
   *
   * @param indexed the sentences the successful index requests carried (the corpus, when none failed)
   * @param indexFailed the index requests that failed
   * @param samples the sample queries with their matches
   * @param metrics each evaluator metric's mean over the labelled queries, in {@link HelloPipeline#METRICS} order;
   *     empty when no query carries it
   * @param evalRequests the requests that carried the labelled queries
   * @param evalFailed those of them that failed: the means then cover only part of the queries and are not shown
   * @param failed every failed request of the run
   * @param responses every response of the run (for the pods' latencies)
   */
  record Result(HelloPipeline pipeline, String gateway, FlowSpec spec, String mermaid, int indexed, int indexRequests,
      long indexFailed, long indexMs, List<Document> samples, int labelled, long queryMs, Map<String, OptionalDouble> metrics,
      int evalRequests, long evalFailed, long failed, List<Response> responses) {}

  private HelloRun() {}

  static Result run(HelloPipeline pipeline, HelloData data, List<String> samples, int topK, int requestSize, String protocol,
      Telemetry telemetry) {
    FlowBuilder<Flow> builder = pipeline.builder(pipeline == HelloPipeline.NEURAL ? "hello" : "hello-" + pipeline.id());
    if (protocol != null) {
      builder.protocol(protocol);
    }
    try (Flow flow = builder.telemetry(telemetry).build().start()) {
      List<Response> responses = new ArrayList<>();
      CallOptions batches = CallOptions.builder().requestSize(requestSize).build();
      long t0 = System.nanoTime();
      List<Response> indexed = flow.index(Inputs.of(data.corpus()), batches);
      long indexMs = (System.nanoTime() - t0) / 1_000_000;
      responses.addAll(indexed);

      List<Document> found = new ArrayList<>();
      List<Response> searched = flow.search(samples.stream().map(Document::ofText).toList(), topK);
      searched.forEach(r -> found.addAll(r.docs()));
      responses.addAll(searched);

      List<Map.Entry<Document, Document>> pairs = data.queries().stream().map(HelloData.Labelled::pair).toList();
      long t1 = System.nanoTime();
      List<Response> evaluated = flow.search(Inputs.pairs(pairs),
          CallOptions.builder().requestSize(requestSize).topK(HelloPipeline.EVAL_TOP_K).build());
      long queryMs = (System.nanoTime() - t1) / 1_000_000;
      responses.addAll(evaluated);
      List<Document> answers = new ArrayList<>();
      evaluated.forEach(r -> answers.addAll(r.docs()));
      Map<String, OptionalDouble> metrics = new LinkedHashMap<>();
      HelloPipeline.METRICS.forEach(m -> metrics.put(m, Evaluations.mean(answers, m)));

      int stored = indexed.stream().filter(r -> !r.isError()).mapToInt(r -> r.docs().size()).sum();
      long failed = responses.stream().filter(Response::isError).count();
      return new Result(pipeline, flow.async().gatewayAddress().toString(), flow.async().spec(), flow.async().plot(),
          stored, indexed.size(), failures(indexed), indexMs, found, pairs.size(), queryMs, metrics, evaluated.size(),
          failures(evaluated), failed, responses);
    }
  }

  private static long failures(List<Response> responses) {
    return responses.stream().filter(Response::isError).count();
  }
}
