package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DTypeTest {

  @Test
  void numpyCodesAndNamesParse() {
    Map<String, DType> cases = Map.ofEntries(
        Map.entry("<f4", DType.FLOAT32), Map.entry("float32", DType.FLOAT32), Map.entry("|u1", DType.UINT8),
        Map.entry("=i8", DType.INT64), Map.entry("<f8", DType.FLOAT64), Map.entry("|i1", DType.INT8),
        Map.entry("<i2", DType.INT16), Map.entry("<f2", DType.FLOAT16), Map.entry("|b1", DType.BOOL),
        Map.entry("f4", DType.FLOAT32), Map.entry("uint8", DType.UINT8));
    cases.forEach((text, expected) -> assertEquals(expected, DType.parse(text), text));
  }

  @Test
  void pythonAliasesParse() {
    assertEquals(DType.FLOAT64, DType.parse("float"));
    assertEquals(DType.FLOAT64, DType.parse("double"));
    assertEquals(DType.INT64, DType.parse("int"));
    assertEquals(DType.INT64, DType.parse("long"));
    assertEquals(DType.BOOL, DType.parse("bool"));
    assertEquals(DType.BOOL, DType.parse("?"));
  }

  @Test
  void parsingIgnoresCaseAndSurroundingWhitespace() {
    assertEquals(DType.FLOAT32, DType.parse("  Float32\t"));
    assertEquals(DType.FLOAT32, DType.parse("<F4"));
    assertEquals(DType.UINT8, DType.parse(" |U1 "));
  }

  @Test
  void everyDtypeParsesFromItsOwnCodeAndName() {
    for (DType t : DType.values()) {
      assertEquals(t, DType.parse(t.numpyCode()), t.numpyCode());
      assertEquals(t, DType.parse(t.numpyName()), t.numpyName());
    }
  }

  @Test
  void bigEndianIsRejectedWithTheLittleEndianSpelling() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse(">f4"));
    assertEquals("dtype '>f4' is big-endian; JFlow arrays are little-endian (use '<f4')", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DType.parse(" >I8"));
    assertEquals("dtype ' >I8' is big-endian; JFlow arrays are little-endian (use '<i8')", e.getMessage());
  }

  @Test
  void unknownDtypesAreRejectedListingTheSupportedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse("complex64"));
    assertEquals("unsupported dtype 'complex64'; supported: int8, uint8, int16, int32, int64, float16, float32,"
        + " float64, bool", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DType.parse("<U10"));
  }

  @Test
  void numpysByteCodesAreNotReadAsBool() {
    // numpy reads 'b' as int8 and 'B' as uint8; parsing ignores case, so neither may silently become bool
    for (String code : new String[] {"b", "B", "|b"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse(code), code);
      assertEquals("unsupported dtype '" + code + "'; supported: int8, uint8, int16, int32, int64, float16, float32,"
          + " float64, bool", e.getMessage());
    }
    assertEquals(DType.BOOL, DType.parse("|b1"));
  }

  @Test
  void emptyDtypesAreRejected() {
    for (String blank : new String[] {null, "", "   "}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse(blank));
      assertEquals("dtype is empty; expected a numpy dtype such as '<f4' or 'float32'", e.getMessage());
    }
  }

  @Test
  void codesNamesAndItemSizesAreNumpys() {
    List<Object[]> expected = List.of(
        new Object[] {DType.INT8, "|i1", "int8", 1}, new Object[] {DType.UINT8, "|u1", "uint8", 1},
        new Object[] {DType.INT16, "<i2", "int16", 2}, new Object[] {DType.INT32, "<i4", "int32", 4},
        new Object[] {DType.INT64, "<i8", "int64", 8}, new Object[] {DType.FLOAT16, "<f2", "float16", 2},
        new Object[] {DType.FLOAT32, "<f4", "float32", 4}, new Object[] {DType.FLOAT64, "<f8", "float64", 8},
        new Object[] {DType.BOOL, "|b1", "bool", 1});
    assertEquals(DType.values().length, expected.size());
    for (Object[] row : expected) {
      DType t = (DType) row[0];
      assertEquals(row[1], t.numpyCode(), t.name());
      assertEquals(row[2], t.numpyName(), t.name());
      assertEquals(row[3], t.itemSize(), t.name());
    }
  }
}
