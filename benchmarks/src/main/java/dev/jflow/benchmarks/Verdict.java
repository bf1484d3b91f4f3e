package dev.jflow.benchmarks;

/**
 * A ratio judged against a target: JFlow's value over the baseline's. Travels from a scenario's JVM to
 * {@link Suite} as one tab-separated line starting with {@code VERDICT}.
 *
 * @param scenario S1 ... S9
 * @param measure what is compared, e.g. {@code docs/s vs raw echo}
 * @param jflow JFlow's value
 * @param baseline the baseline's value
 * @param atLeast true when the ratio must be at least {@code target}, false when at most
 * @param target the ratio's target, or NaN when there is none (the ratio is only reported)
 */
record Verdict(String scenario, String measure, double jflow, double baseline, boolean atLeast, double target) {
  static final String TAG = "VERDICT";

  /** A ratio with no target. */
  static Verdict report(String scenario, String measure, double jflow, double baseline) {
    return new Verdict(scenario, measure, jflow, baseline, true, Double.NaN);
  }

  /** JFlow's value ÷ the baseline's. */
  double ratio() {
    return jflow / baseline;
  }

  /** {@code pass}, {@code MISS}, or {@code -} when there is no target. */
  String outcome() {
    if (Double.isNaN(target)) {
      return "-";
    }
    boolean pass = atLeast ? ratio() >= target : ratio() <= target;
    return pass ? "pass" : "MISS";
  }

  /** The target as text, e.g. {@code ≥ 0.5}. */
  String targetText() {
    return Double.isNaN(target) ? "-" : (atLeast ? "≥ " : "≤ ") + trim(target);
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** This verdict as one tab-separated line. */
  String encode() {
    return String.join("\t", TAG, scenario, measure, Row.num(jflow), Row.num(baseline), String.valueOf(atLeast), Row.num(target));
  }

  /** The verdict {@link #encode()} wrote. */
  static Verdict decode(String line) {
    String[] f = line.split("\t", -1);
    return new Verdict(f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]), Boolean.parseBoolean(f[5]), Double.parseDouble(f[6]));
  }
}
