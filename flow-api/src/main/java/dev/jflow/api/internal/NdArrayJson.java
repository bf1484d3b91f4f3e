package dev.jflow.api.internal;

import dev.jflow.api.DType;
import dev.jflow.api.NdArray;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts arrays to and from the proto3 JSON form of Jina's NdArrayProto: {@code {"dense": {"buffer",
 * "shape", "dtype"}}}. The quantization fields are read as the gateways print them ({@code quantization}
 * NONE, the others then meaningless); a quantized array is refused, since restoring it is flow-proto's.
 */
final class NdArrayJson {
  private static final List<String> ARRAY_FIELDS = List.of("dense");
  private static final List<String> DENSE_FIELDS = List.of("buffer", "shape", "dtype", "quantization", "max_val", "min_val",
      "scale", "original_dtype");

  private NdArrayJson() {}

  /**
   * The array described by {@code value}, or null for an empty NdArrayProto ({@code {}}).
   *
   * @throws IllegalArgumentException naming {@code path} when the value is malformed or sparse
   */
  static NdArray fromJson(Object value, String path) {
    if (value instanceof Map && ((Map<?, ?>) value).containsKey("sparse")) {
      throw new IllegalArgumentException("'" + path + ".sparse': sparse arrays are not supported; send a dense array");
    }
    Object dense = JsonValues.fields(value, path, ARRAY_FIELDS).get("dense");
    return dense == null ? null : dense(dense, path + ".dense");
  }

  private static NdArray dense(Object value, String path) {
    byte[] buffer = new byte[0];
    int[] shape = new int[0];
    String dtype = null;
    for (Map.Entry<String, Object> e : JsonValues.fields(value, path, DENSE_FIELDS).entrySet()) {
      String at = JsonValues.path(path, e.getKey());
      switch (e.getKey()) {
        case "buffer" -> buffer = JsonValues.bytes(e.getValue(), at);
        case "shape" -> shape = ints(e.getValue(), at);
        case "dtype" -> dtype = JsonValues.string(e.getValue(), at);
        case "quantization" -> notQuantized(e.getValue(), at);
        case "original_dtype" -> JsonValues.string(e.getValue(), at);
        default -> JsonValues.float32(e.getValue(), at); // max_val, min_val, scale: used only by a quantized array
      }
    }
    if (dtype == null) {
      throw new IllegalArgumentException("'" + path + ".dtype' is missing; give a numpy dtype such as \"<f4\"");
    }
    try {
      return NdArray.wrap(DType.parse(dtype), buffer, shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + path + "': " + e.getMessage(), e);
    }
  }

  /** Accepts quantization NONE (0), as the gateways print an array that is not quantized. */
  private static void notQuantized(Object value, String path) {
    if (!"NONE".equals(value) && !(value instanceof Number && ((Number) value).doubleValue() == 0)) {
      throw new IllegalArgumentException("'" + path + "' is " + JsonValues.describe(value) + ": quantized arrays (FP16, UINT8) "
          + "are not read from document JSON; send them dequantized (quantization NONE), or through a gateway");
    }
  }

  /** A JSON array of whole numbers as an int array. */
  static int[] ints(Object value, String path) {
    List<?> list = JsonValues.list(value, path);
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = JsonValues.int32(list.get(i), path + "[" + i + "]");
    }
    return out;
  }

  /** A JSON array of uint32 values (see {@link JsonValues#uint32}) as an int array. */
  static int[] uints(Object value, String path) {
    List<?> list = JsonValues.list(value, path);
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = JsonValues.uint32(list.get(i), path + "[" + i + "]");
    }
    return out;
  }

  /** A JSON array of numbers (as Doubles) holding {@code values}. */
  static List<Object> toJson(int[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (int v : values) {
      out.add((double) v);
    }
    return out;
  }

  /** The NdArrayProto JSON form of {@code array}, with numbers as Doubles. */
  static Map<String, Object> toJson(NdArray array) {
    Map<String, Object> dense = new LinkedHashMap<>();
    dense.put("buffer", Base64.getEncoder().encodeToString(array.toByteArray()));
    dense.put("shape", toJson(array.shape()));
    dense.put("dtype", array.dtype().numpyCode());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("dense", dense);
    return out;
  }
}
