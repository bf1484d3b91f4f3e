package dev.jflow.api;

import java.util.Locale;

/** Element type of an {@link NdArray}, named as numpy names it; values are stored little-endian. */
public enum DType {
  /** 8-bit signed integer ({@code |i1}). */
  INT8("int8", "|i1", 1),
  /** 8-bit unsigned integer ({@code |u1}). */
  UINT8("uint8", "|u1", 1),
  /** 16-bit signed integer ({@code <i2}). */
  INT16("int16", "<i2", 2),
  /** 32-bit signed integer ({@code <i4}). */
  INT32("int32", "<i4", 4),
  /** 64-bit signed integer ({@code <i8}). */
  INT64("int64", "<i8", 8),
  /** IEEE half precision float ({@code <f2}); stored, not converted. */
  FLOAT16("float16", "<f2", 2),
  /** IEEE single precision float ({@code <f4}). */
  FLOAT32("float32", "<f4", 4),
  /** IEEE double precision float ({@code <f8}). */
  FLOAT64("float64", "<f8", 8),
  /** Boolean, one byte per element ({@code |b1}). */
  BOOL("bool", "|b1", 1);

  private static final java.util.Map<String, DType> EXACT = new java.util.HashMap<>();

  static {
    for (DType t : values()) {
      EXACT.put(t.numpyCode, t);
      EXACT.put(t.numpyName, t);
      EXACT.put("=" + t.numpyCode.substring(1), t);
    }
    EXACT.put("<u1", UINT8);
    EXACT.put("<i1", INT8);
    EXACT.put("<b1", BOOL);
  }

  private final String numpyName;
  private final String numpyCode;
  private final int itemSize;

  DType(String numpyName, String numpyCode, int itemSize) {
    this.numpyName = numpyName;
    this.numpyCode = numpyCode;
    this.itemSize = itemSize;
  }

  /** The numpy type code with byte order, e.g. {@code <f4}; what JFlow writes on the wire. */
  public String numpyCode() {
    return numpyCode;
  }

  /** The plain numpy name, e.g. {@code float32}. */
  public String numpyName() {
    return numpyName;
  }

  /** Bytes per element. */
  public int itemSize() {
    return itemSize;
  }

  /**
   * Parses a numpy dtype string: a code such as {@code <f4}, {@code |u1} or {@code =i8}, or a plain
   * name such as {@code float32}. Big-endian codes ({@code >f4}) are rejected because JFlow stores
   * little-endian bytes.
   *
   * @throws IllegalArgumentException naming the value when it is not a supported dtype
   */
  public static DType parse(String dtype) {
    DType known = dtype == null ? null : EXACT.get(dtype);
    if (known != null) {
      return known; // the codes and names JFlow and numpy write, without trimming or lowercasing
    }
    if (dtype == null || dtype.isBlank()) {
      throw new IllegalArgumentException("dtype is empty; expected a numpy dtype such as '<f4' or 'float32'");
    }
    String s = dtype.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith(">")) {
      throw new IllegalArgumentException(
          "dtype '" + dtype + "' is big-endian; JFlow arrays are little-endian (use '<" + s.substring(1) + "')");
    }
    String code = (s.startsWith("<") || s.startsWith("|") || s.startsWith("=")) ? s.substring(1) : s;
    for (DType t : values()) {
      if (t.numpyName.equals(code) || t.numpyCode.substring(1).equals(code)) {
        return t;
      }
    }
    switch (code) {
      case "float": case "double": return FLOAT64;
      case "int": case "long": return INT64;
      case "?": return BOOL;
      default:
        throw new IllegalArgumentException("unsupported dtype '" + dtype
            + "'; supported: int8, uint8, int16, int32, int64, float16, float32, float64, bool");
    }
  }
}
