package dev.jflow.proto;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.jflow.api.JsonMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON-like maps (tags, parameters) to and from {@code google.protobuf.Struct}. */
final class StructCodec {
  private StructCodec() {}

  static Struct encode(Map<String, Object> map) {
    Struct.Builder b = Struct.newBuilder();
    map.forEach((k, v) -> b.putFields(k, value(v)));
    return b.build();
  }

  private static Value value(Object v) {
    if (v == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (v instanceof String) {
      return Value.newBuilder().setStringValue((String) v).build();
    }
    if (v instanceof Boolean) {
      return Value.newBuilder().setBoolValue((Boolean) v).build();
    }
    if (v instanceof Number) {
      return Value.newBuilder().setNumberValue(((Number) v).doubleValue()).build();
    }
    if (v instanceof Map) {
      Struct.Builder s = Struct.newBuilder();
      ((Map<?, ?>) v).forEach((k, x) -> s.putFields(String.valueOf(k), value(x)));
      return Value.newBuilder().setStructValue(s).build();
    }
    ListValue.Builder l = ListValue.newBuilder();
    ((List<?>) v).forEach(x -> l.addValues(value(x)));
    return Value.newBuilder().setListValue(l).build();
  }

  static JsonMap decode(Struct struct) {
    JsonMap m = new JsonMap();
    struct.getFieldsMap().forEach((k, v) -> m.put(k, plain(v)));
    return m;
  }

  private static Object plain(Value v) {
    switch (v.getKindCase()) {
      case NUMBER_VALUE: return v.getNumberValue();
      case STRING_VALUE: return v.getStringValue();
      case BOOL_VALUE: return v.getBoolValue();
      case STRUCT_VALUE: return decode(v.getStructValue());
      case LIST_VALUE:
        List<Object> list = new ArrayList<>(v.getListValue().getValuesCount());
        v.getListValue().getValuesList().forEach(x -> list.add(plain(x)));
        return list;
      default: return null;
    }
  }
}
