package dev.jflow.executors;

import java.util.Locale;

/** How {@link VectorIndexer} compares vectors; the name is the {@code metric} argument and the scores' op name. */
public enum Metric {
  /** Cosine similarity in [-1, 1]; higher is closer. The default. */
  COSINE("cosine", true),
  /** Euclidean (L2) distance; lower is closer. */
  EUCLIDEAN("euclidean", false),
  /** Inner (dot) product; higher is closer. */
  INNER_PRODUCT("inner_product", true);

  private final String id;
  private final boolean higherIsCloser;

  Metric(String id, boolean higherIsCloser) {
    this.id = id;
    this.higherIsCloser = higherIsCloser;
  }

  /** The name used in {@code with: {metric: ...}} and as the op name of match scores. */
  public String id() {
    return id;
  }

  /** True when a higher score means closer (cosine, inner product); false for distances (euclidean). */
  public boolean higherIsCloser() {
    return higherIsCloser;
  }

  /**
   * The metric named {@code name} (case-insensitive; {@code l2} means euclidean, {@code dot} and
   * {@code ip} inner product).
   *
   * @throws IllegalArgumentException naming the value and the choices when there is none
   */
  public static Metric of(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "cosine": return COSINE;
      case "euclidean": case "l2": return EUCLIDEAN;
      case "inner_product": case "dot": case "ip": return INNER_PRODUCT;
      default:
        throw new IllegalArgumentException("unknown metric '" + name + "'; use cosine, euclidean or inner_product");
    }
  }
}
