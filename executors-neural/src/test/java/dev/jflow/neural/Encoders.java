package dev.jflow.neural;

import dev.jflow.api.JsonMap;
import dev.jflow.api.spi.ExecutorContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers shared by the encoder tests. */
final class Encoders {
  private Encoders() {}

  /** An open encoder of pod {@code enc} with {@code with} given as key, value pairs. */
  static SentenceEncoder open(Object... with) throws Exception {
    SentenceEncoder e = new SentenceEncoder();
    e.open(context(with));
    return e;
  }

  static ExecutorContext context(Object... with) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < with.length; i += 2) {
      m.put((String) with[i], with[i + 1]);
    }
    return new ExecutorContext("enc", 0, 0, JsonMap.of(m));
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double cosine(float[] a, float[] b) {
    return dot(a, b) / (norm(a) * norm(b));
  }
}
