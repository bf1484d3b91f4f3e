package dev.jflow.proto;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.JsonMap;
import dev.jflow.api.NamedScore;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Route;
import dev.jflow.api.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * Seeded random requests, responses and documents that set every field the model holds. Records which
 * features it generated in {@link #seen} so a test can check the seeds cover them all.
 */
final class RandomModel {
  /** The fixed seeds of the property tests. */
  static final long[] SEEDS = LongStream.range(0, 200).map(i -> 0x5EED_0000L + i * 7919).toArray();
  /** The deepest chunk or match nesting generated. */
  static final int MAX_DEPTH = 3;

  private static final String[] STRINGS = {
      "", "a", "hello world", "héllo wörld", "中文字符", "emoji 😀🎉", "tab\tnew\nline", "quote \" back \\ slash",
      "nul\u0000char", "Ωμέγα", "ß", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"};
  private static final double[] NUMBERS = {
      0, 1, -1, 0.5, -273.15, 1e300, -1e300, 1e-300, 9007199254740992d, Double.MAX_VALUE, -Double.MIN_VALUE, 42, -0.0};
  private static final float[] FLOATS = {
      0f, -0f, 1f, -1.5f, Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-20f, 0.1f};
  private static final int[][] CODE_POINT_RANGES = {{0x20, 0x7E}, {0xA0, 0x2FF}, {0x4E00, 0x9FFF}, {0x1F600, 0x1F64F}};

  final Set<String> seen = new TreeSet<>();
  private final Random rnd;

  RandomModel(long seed) {
    this.rnd = new Random(seed);
  }

  Request request(RequestType type) {
    JsonMap parameters = tags(0);
    if (type == RequestType.SEARCH && rnd.nextBoolean()) {
      parameters.put(Request.TOP_K, rnd.nextInt(100));
      seen.add("top_k");
    }
    return Request.builder(type).id(requestId()).docs(documents(4)).groundtruths(documents(3)).ids(ids())
        .parameters(parameters).build();
  }

  /** A response with what the wire carries for {@code type}: see {@link #carriedDocs} and friends. */
  Response response(RequestType type) {
    Request r = request(type);
    List<Route> routes = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      routes.add(new Route(string(), string(), instantOrNull(), instantOrNull(), status()));
    }
    return new Response(r.id(), type, carriedDocs(type, r.docs()), carriedGroundtruths(type, r.groundtruths()),
        carriedIds(type, r.ids()), r.parameters(), status(), routes);
  }

  static List<Document> carriedDocs(RequestType type, List<Document> docs) {
    return type == RequestType.DELETE ? List.of() : docs;
  }

  static List<Document> carriedGroundtruths(RequestType type, List<Document> groundtruths) {
    switch (type) {
      case INDEX: case SEARCH: case TRAIN: return groundtruths;
      default: return List.of();
    }
  }

  static List<String> carriedIds(RequestType type, List<String> ids) {
    return type == RequestType.DELETE ? ids : List.of();
  }

  List<Document> documents(int max) {
    List<Document> docs = new ArrayList<>();
    for (int i = rnd.nextInt(max + 1); i > 0; i--) {
      docs.add(document(0));
    }
    return docs;
  }

  Document document(int depth) {
    seen.add("depth:" + depth);
    Document d = Document.withId(rnd.nextBoolean() ? uuid() : "id-" + string());
    switch (rnd.nextInt(4)) {
      case 0: seen.add("content:none"); break;
      case 1: d.text(string()); seen.add("content:text"); break;
      case 2: d.buffer(bytes(rnd.nextInt(33))); seen.add("content:buffer"); break;
      default: d.blob(array()); seen.add("content:blob"); break;
    }
    if (rnd.nextInt(3) > 0) {
      d.embedding(array());
    }
    if (depth < MAX_DEPTH) {
      int fanOut = depth == 0 ? 3 : 2;
      for (int i = rnd.nextInt(fanOut); i > 0; i--) {
        d.chunks().add(document(depth + 1));
      }
      for (int i = rnd.nextInt(fanOut); i > 0; i--) {
        d.matches().add(document(depth + 1));
      }
    }
    d.tags(tags(0));
    if (rnd.nextBoolean()) {
      d.score(score(0));
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      d.evaluations().add(score(1));
      seen.add("evaluations");
    }
    return d.mimeType(pick("", "text/plain", "image/png", "application/octet-stream", string()))
        .uri(pick("", "https://example.com/a b?q=1", "data:text/plain,hi", string()))
        .granularity(uint()).adjacency(uint()).parentId(string()).levelName(string())
        .weight(rnd.nextBoolean() ? FLOATS[rnd.nextInt(FLOATS.length)] : rnd.nextFloat() * 200 - 100)
        .modality(pick("", "text", "image", string())).location(location()).offset(uint())
        .contentHash(string()).siblings(uint());
  }

  NdArray array() {
    DType dtype = DType.values()[rnd.nextInt(DType.values().length)];
    int[] shape = new int[rnd.nextInt(4)];
    int count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(3);
      count *= shape[i];
    }
    byte[] b = new byte[count * dtype.itemSize()];
    if (dtype == DType.BOOL) {
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) rnd.nextInt(2);
      }
    } else {
      rnd.nextBytes(b);
    }
    seen.add("dtype:" + dtype);
    seen.add("rank:" + shape.length);
    if (count == 0 && shape.length > 0) {
      seen.add("zero-size");
    }
    return NdArray.wrap(dtype, b, shape);
  }

  NamedScore score(int level) {
    List<NamedScore> operands = new ArrayList<>();
    if (level < 2) {
      for (int i = rnd.nextInt(3); i > 0; i--) {
        operands.add(score(level + 1));
        seen.add("score:operands");
      }
    }
    float value = rnd.nextBoolean() ? FLOATS[rnd.nextInt(FLOATS.length)] : (float) rnd.nextGaussian();
    return new NamedScore(value, pick("", "cosine", "euclidean", string()), string(), operands, string());
  }

  JsonMap tags(int level) {
    JsonMap m = new JsonMap();
    for (int i = rnd.nextInt(level == 0 ? 6 : 3); i > 0; i--) {
      m.put(rnd.nextBoolean() ? "k" + rnd.nextInt(10) : string(), json(level));
    }
    return m;
  }

  private Object json(int level) {
    switch (rnd.nextInt(level < 2 ? 6 : 4)) {
      case 0: seen.add("json:null"); return null;
      case 1: seen.add("json:string"); return string();
      case 2: seen.add("json:number"); return rnd.nextBoolean() ? NUMBERS[rnd.nextInt(NUMBERS.length)] : rnd.nextGaussian() * 1e6;
      case 3: seen.add("json:boolean"); return rnd.nextBoolean();
      case 4: seen.add("json:map"); return tags(level + 1);
      default: {
        seen.add("json:list");
        List<Object> list = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          list.add(json(level + 1));
        }
        return list;
      }
    }
  }

  Status status() {
    Status.Code code = Status.Code.values()[rnd.nextInt(7)];
    seen.add("status:" + code);
    Status.ExceptionInfo info = null;
    if (rnd.nextBoolean()) {
      info = new Status.ExceptionInfo(pick("ValueError", "java.lang.IllegalStateException", string()),
          List.of(string(), string()), List.of("at " + string(), "at x.y(Z.java:1)"), string());
      seen.add("status:exception");
    }
    return Status.of(code, rnd.nextBoolean() ? "" : string(), info);
  }

  Instant instantOrNull() {
    if (rnd.nextInt(5) == 0) {
      return null;
    }
    // Seconds from 1906 to 2096: well inside Timestamp's range, and before 1970 too.
    long seconds = -2_000_000_000L + (long) (rnd.nextDouble() * 6_000_000_000L);
    return Instant.ofEpochSecond(seconds, rnd.nextInt(1_000_000_000));
  }

  String requestId() {
    return rnd.nextBoolean() ? uuid() : "req-" + string();
  }

  String string() {
    if (rnd.nextBoolean()) {
      return STRINGS[rnd.nextInt(STRINGS.length)];
    }
    StringBuilder b = new StringBuilder();
    for (int i = rnd.nextInt(9); i > 0; i--) {
      int[] range = CODE_POINT_RANGES[rnd.nextInt(CODE_POINT_RANGES.length)];
      b.appendCodePoint(range[0] + rnd.nextInt(range[1] - range[0] + 1));
    }
    return b.toString();
  }

  private List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      ids.add(rnd.nextBoolean() ? uuid() : string());
    }
    return ids;
  }

  private String uuid() {
    return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private int uint() {
    return rnd.nextInt(10) == 0 ? Integer.MAX_VALUE : rnd.nextInt(100);
  }

  private int[] location() {
    int[] l = new int[rnd.nextInt(4)];
    for (int i = 0; i < l.length; i++) {
      l[i] = uint();
    }
    return l;
  }

  private String pick(String... options) {
    return options[rnd.nextInt(options.length)];
  }
}
