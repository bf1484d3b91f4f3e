package dev.jflow.api;

import java.util.List;

/**
 * A score with its provenance, after Jina's NamedScoreProto: the value, the operator that produced it,
 * a description, the scores it was computed from, and the id of the document it refers to.
 *
 * @param value the score; {@code 0} by default
 * @param opName the name of the operator (executor, metric) that produced it; {@code ""} by default
 * @param description free text; {@code ""} by default
 * @param operands the scores this one combines; empty by default
 * @param refId the id of the document this score refers to; {@code ""} by default
 */
public record NamedScore(float value, String opName, String description, List<NamedScore> operands, String refId) {

  /** Normalizes nulls to empty values and copies the operands. */
  public NamedScore {
    opName = opName == null ? "" : opName;
    description = description == null ? "" : description;
    operands = operands == null ? List.of() : List.copyOf(operands);
    refId = refId == null ? "" : refId;
  }

  /** A score holding just a value. */
  public static NamedScore of(float value) {
    return new NamedScore(value, "", "", List.of(), "");
  }

  /** A score holding a value and the operator that produced it. */
  public static NamedScore of(float value, String opName) {
    return new NamedScore(value, opName, "", List.of(), "");
  }
}
