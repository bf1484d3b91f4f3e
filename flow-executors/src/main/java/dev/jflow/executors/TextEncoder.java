package dev.jflow.executors;

import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.spi.Executor;
import dev.jflow.api.spi.ExecutorContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text encoder that needs no model and no download: TF-IDF weighted, hashed word unigrams, word
 * bigrams and character n-grams, folded into a fixed number of dimensions (the hashing trick, with a
 * sign per feature) and L2-normalized into a float32 embedding. It sets the embedding of every document
 * with text, and of every chunk with text at any depth; other documents are left alone. Texts sharing
 * words, word pairs or word pieces get close vectors; rare features count more than common ones.
 *
 * <p>Words are runs of letters and digits, lower-cased. Weights: a word counts 1, a bigram of consecutive (non-stop) words 0.5, each character n-gram of a
 * space-padded word 0.25, each times its occurrences (TF) and its inverse document frequency
 * {@code IDF = ln((1 + N) / (1 + df)) + 1}, learned from the documents of the INDEX and TRAIN requests
 * seen so far ({@code N} documents; every feature's {@code df} counted in a table of
 * {@code df_buckets} hashed slots) and updated before the request is encoded. Before any, IDF is 1.
 * SEARCH and other requests do not change it. The result is deterministic: the same requests in the
 * same order give the same vectors on any JVM. Each replica learns from the requests it serves.
 * Not thread-safe ({@link #encode} included): a Flow calls a replica serially.
 *
 * <p>Arguments ({@code with}):
 * <ul>
 *   <li>{@code dim}: embedding size, default 256.
 *   <li>{@code char_ngram}: character n-gram length, default 3; 0 turns them off.
 *   <li>{@code word_bigrams}: true (default) adds word bigrams.
 *   <li>{@code stem}: true (default) cuts common English endings from words before they are hashed
 *       ("foxes" and "fox", "rated" and "rates" meet); character n-grams always use the whole word.
 *   <li>{@code stop_words}: words to ignore, default a short English list; {@code []} keeps every word.
 *   <li>{@code df_buckets}: slots of the document-frequency table, default 262144 (1 MiB).
 *   <li>{@code workspace}, {@code name}: with a workspace the document frequencies are loaded from
 *       {@code <workspace>/<name>/text-encoder.bin} on open and saved there on close (name defaults to
 *       the pod's). The file, a {@code CheckedFile} (little-endian): magic {@code JFTE}, version 1
 *       (int32), df_buckets (int32), documents seen (int64), the number of non-zero slots (int32), that
 *       many (slot, df) int32 pairs, and a CRC-32 of all that; written to a temporary file and moved
 *       into place.
 * </ul>
 * No argument is reloadable; a RELOAD is refused once the encoder has learned document frequencies a
 * fresh instance would not find ({@link #checkReload}).
 */
public final class TextEncoder implements Executor {
  static final String FILE = "text-encoder.bin";
  static final List<String> ENGLISH_STOP_WORDS = List.of("a", "an", "and", "are", "as", "at", "be", "been", "but",
      "by", "for", "from", "has", "have", "he", "her", "his", "i", "in", "into", "is", "it", "its", "of", "on", "or",
      "she", "that", "the", "their", "them", "they", "this", "to", "was", "were", "will", "with");
  private static final String MAGIC = "JFTE";
  private static final int VERSION = 1;

  private int dim = 256;
  private TextFeatures features = new TextFeatures(3, true, true, ENGLISH_STOP_WORDS);
  private int[] df = new int[1 << 18];
  private long documents;
  private Path dir;
  private volatile boolean dirty; // read by checkReload from another thread
  private int[] slots = new int[64];

  /** An encoder with the default arguments, configured further by {@link #open}. */
  public TextEncoder() {}

  @Override
  public void open(ExecutorContext context) throws IOException {
    Args args = new Args("TextEncoder", context.with());
    dim = args.integer("dim", 256, 1);
    int charN = args.integer("char_ngram", 3, 0);
    boolean bigrams = args.bool("word_bigrams", true);
    boolean stem = args.bool("stem", true);
    List<String> stop = args.strings("stop_words", ENGLISH_STOP_WORDS);
    int buckets = args.integer("df_buckets", 1 << 18, 1);
    features = new TextFeatures(charN, bigrams, stem, stop);
    df = new int[buckets];
    documents = 0;
    dir = Workspace.dir(context, args);
    if (dir != null && Files.exists(dir.resolve(FILE))) {
      load(dir.resolve(FILE));
    }
  }

  @Override
  public void handle(Request request) {
    List<Document> texts = new ArrayList<>();
    request.docs().forEach(d -> collect(d, texts));
    if (request.type() == RequestType.INDEX || request.type() == RequestType.TRAIN) {
      texts.forEach(d -> learn(d.text()));
    }
    for (Document d : texts) {
      d.embedding(NdArray.of(encode(d.text())));
    }
  }

  private static void collect(Document d, List<Document> out) {
    if (d.text() != null) {
      out.add(d);
    }
    d.chunks().forEach(c -> collect(c, out));
  }

  /** Counts {@code text} as one more document for the document frequencies. */
  void learn(String text) {
    int n = features.extract(text);
    if (slots.length < n) {
      slots = new int[Math.max(n, slots.length * 2)];
    }
    for (int i = 0; i < n; i++) {
      slots[i] = slot(features.hashes[i]);
    }
    Arrays.sort(slots, 0, n);
    for (int i = 0; i < n; i++) {
      if ((i == 0 || slots[i] != slots[i - 1]) && df[slots[i]] < Integer.MAX_VALUE) {
        df[slots[i]]++;
      }
    }
    documents++;
    dirty = true;
  }

  /** The unit-length embedding of {@code text} with the document frequencies learned so far (zeros when it has no feature). */
  public float[] encode(String text) {
    float[] v = new float[dim];
    int n = features.extract(text);
    for (int i = 0; i < n; i++) {
      long h = features.hashes[i];
      float w = features.weights[i] * idf(slot(h));
      int bucket = (int) ((h >>> 1) % dim);
      v[bucket] += (h & 1) == 0 ? w : -w;
    }
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dim; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  private float idf(int slot) {
    return documents == 0 ? 1f : (float) (Math.log((1.0 + documents) / (1.0 + df[slot])) + 1);
  }

  private int slot(long hash) {
    return (int) ((hash >>> 33) % df.length);
  }

  /** Number of documents the frequencies were learned from. */
  public long documentsSeen() {
    return documents;
  }

  private void load(Path file) throws IOException {
    int[] loaded = new int[df.length];
    long seen = CheckedFile.read(file, MAGIC, VERSION, in -> {
      int buckets = in.i32();
      if (buckets != df.length) {
        throw new IllegalArgumentException("TextEncoder: " + file + " holds " + buckets + " df_buckets, the pod asks for "
            + df.length + "; set df_buckets: " + buckets + " to read it, or give the pod an empty workspace to start over");
      }
      long documentsSeen = in.i64();
      int nonZero = in.i32();
      if (documentsSeen < 0 || nonZero < 0 || nonZero > buckets) {
        throw in.damaged("its header claims " + documentsSeen + " documents and " + nonZero + " slots");
      }
      for (int i = 0; i < nonZero; i++) {
        int slot = in.i32();
        int count = in.i32();
        if (slot < 0 || slot >= buckets || count < 0) {
          throw in.damaged("slot " + slot + " holds " + count);
        }
        loaded[slot] = count;
      }
      return documentsSeen;
    });
    df = loaded;
    documents = seen;
  }

  private void save() throws IOException {
    CheckedFile.write(dir.resolve(FILE), MAGIC, VERSION, out -> {
      out.i32(df.length);
      out.i64(documents);
      int nonZero = 0;
      for (int c : df) {
        nonZero += c != 0 ? 1 : 0;
      }
      out.i32(nonZero);
      for (int s = 0; s < df.length; s++) {
        if (df[s] != 0) {
          out.i32(s);
          out.i32(df[s]);
        }
      }
    });
    dirty = false;
  }

  /**
   * Refuses a RELOAD once the encoder has learned document frequencies that a fresh instance would not
   * find (kept in memory only, or saved to the workspace only on close): it would encode the same text
   * differently from what was indexed.
   */
  @Override
  public void checkReload(JsonMap changes) {
    if (dirty) {
      throw new IllegalStateException("it has learned document frequencies " + (dir == null ? "kept in memory only"
          : "not yet saved to its workspace (it saves on close)") + ", so a fresh instance would encode the same text "
          + "differently from what was indexed. Restart the Flow instead" + (dir == null ? " (with a workspace to keep them)" : ""));
    }
  }

  /** Saves the document frequencies to the workspace, when there is one and they changed. */
  @Override
  public void close() throws IOException {
    if (dir != null && dirty) {
      save();
    }
  }
}
