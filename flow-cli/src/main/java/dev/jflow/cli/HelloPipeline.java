package dev.jflow.cli;

import dev.jflow.api.Flow;
import dev.jflow.api.FlowBuilder;
import dev.jflow.api.PodSpec;
import dev.jflow.api.Polling;
import dev.jflow.api.RequestType;
import java.util.List;
import java.util.Locale;

/**
 * The hello demo's two pipelines: an encoder, a 2-shard index that keeps the documents (searched on
 * every shard, matches merged to the top k) and a {@code RankingEvaluator}. The neural one names its
 * executors by class name, so the CLI builds without the neural module and says what is missing.
 */
enum HelloPipeline {
  /** The sentence encoder (all-MiniLM-L6-v2, 384-d) and an HNSW index. */
  NEURAL("neural", "SentenceEncoder -> HnswIndexer", "dev.jflow.neural.SentenceEncoder", "dev.jflow.executors.HnswIndexer"),
  /** The TF-IDF text encoder (no model) and the exact compound index. */
  TFIDF("tfidf", "TextEncoder -> CompoundIndexer", "dev.jflow.executors.TextEncoder", "dev.jflow.executors.CompoundIndexer");

  /** What the evaluator measures, in the order the table shows. */
  static final List<String> METRICS = List.of("recall@1", "recall@5", "mrr");
  /** Matches asked for per labelled query: the depth of MRR. */
  static final int EVAL_TOP_K = 10;

  private final String id;
  private final String description;
  private final String encoder;
  private final String indexer;

  HelloPipeline(String id, String description, String encoder, String indexer) {
    this.id = id;
    this.description = description;
    this.encoder = encoder;
    this.indexer = indexer;
  }

  /** The {@code --encoder} value. */
  String id() {
    return id;
  }

  /** The pods, for the first output line. */
  String description() {
    return description + " (2 shards) -> RankingEvaluator";
  }

  /** Parses {@code --encoder}. */
  static HelloPipeline of(String value) {
    for (HelloPipeline p : values()) {
      if (p.id.equals(value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("--encoder must be neural or tfidf, got '" + value + "'");
  }

  /** Fails, saying what to do, when an executor class of this pipeline is not on the class path. */
  void requireExecutors() {
    require(id, List.of(encoder, indexer));
  }

  /** Fails naming the first of {@code classes} that cannot be loaded, and what to run instead. */
  static void require(String mode, List<String> classes) {
    for (String name : classes) {
      try {
        Class.forName(name, false, loader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("jflow hello --encoder " + mode + " needs " + name + ", which is not on the "
            + (HelloPipeline.class.getModule().isNamed() ? "module" : "class") + " path (for the neural pipeline: the "
            + "flow-executors-neural module, and flow-executors with HnswIndexer); jflow hello --encoder tfidf needs neither");
      }
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : HelloPipeline.class.getClassLoader();
  }

  /** A Flow builder with this pipeline's three pods. */
  FlowBuilder<Flow> builder(String flowName) {
    return Flow.builder().name(flowName).host("127.0.0.1")
        .add(PodSpec.builder("encoder").uses(encoder).build())
        .add(PodSpec.builder("indexer").uses(indexer).shards(2)
            .polling(RequestType.SEARCH, Polling.ALL).usesAfter("_merge_matches_topk").build())
        .add(PodSpec.builder("evaluator").uses("dev.jflow.executors.RankingEvaluator").with("metrics", METRICS).build());
  }
}
