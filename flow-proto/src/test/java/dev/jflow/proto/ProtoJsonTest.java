package dev.jflow.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jflow.api.DType;
import dev.jflow.api.Document;
import dev.jflow.api.FlowException;
import dev.jflow.api.NdArray;
import dev.jflow.api.Request;
import dev.jflow.api.RequestType;
import dev.jflow.api.Response;
import dev.jflow.api.Status;
import dev.jflow.proto.jina.DenseNdArrayProto.QuantizationMode;
import dev.jflow.proto.jina.DocumentProto;
import dev.jflow.proto.jina.RequestProto;
import dev.jflow.proto.jina.StatusProto;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The restful gateway's JSON: proto field names, defaults printed, enums as numbers; lenient parsing. */
class ProtoJsonTest {

  @Test
  void printUsesProtoFieldNamesDefaultsAndEnumNumbers() {
    Document d = Document.withId("d1").mimeType("text/plain").embedding(NdArray.of(new float[] {1f, 2f}));
    Request r = Request.builder(RequestType.INDEX).id("r1").docs(List.of(d)).build();
    RequestProto p = ProtoCodec.encode(Response.of(r, Status.of(Status.Code.ERROR, "boom"), List.of()));
    String json = ProtoJson.print(p);

    assertTrue(json.contains("\"request_id\":\"r1\""), json);
    assertTrue(json.contains("\"mime_type\":\"text/plain\""), json);
    assertFalse(json.contains("requestId"), json);
    assertFalse(json.contains("mimeType"), json);
    // defaults are printed
    assertTrue(json.contains("\"parent_id\":\"\""), json);
    assertTrue(json.contains("\"granularity\":0"), json);
    assertTrue(json.contains("\"weight\":0"), json);
    assertTrue(json.contains("\"queryset\":[]"), json);
    assertTrue(json.contains("\"groundtruths\":[]"), json);
    // enums as numbers
    assertTrue(json.contains("\"code\":3"), json);
    assertTrue(json.contains("\"quantization\":0"), json);
    // Gson escapes '<' as \u003c; both spellings are the same JSON string
    assertTrue(json.contains("\"dtype\":\"\\u003cf4\"") || json.contains("\"dtype\":\"<f4\""), json);
  }

  @Test
  void embeddingBufferIsBase64() {
    NdArray e = NdArray.of(new float[] {1.5f, -2f, 1e-3f, 123456.78f});
    Request r = Request.of(RequestType.SEARCH, List.of(Document.withId("q").embedding(e)));
    String json = ProtoJson.print(ProtoCodec.encode(r));
    assertTrue(json.contains("\"buffer\":\"" + Base64.getEncoder().encodeToString(e.toByteArray()) + "\""), json);
    assertEquals(e, ProtoCodec.decodeRequest(ProtoJson.parse(json)).docs().get(0).embedding());
  }

  @Test
  void parseAcceptsSnakeAndCamelCaseNames() {
    String snake = "{\"request_id\":\"r\",\"index\":{\"docs\":[{\"id\":\"a\",\"mime_type\":\"text/plain\",\"parent_id\":\"p\","
        + "\"content_hash\":\"h\",\"level_name\":\"l\",\"embedding\":{\"dense\":{\"buffer\":\"AACAPw==\",\"shape\":[1],"
        + "\"dtype\":\"<f4\",\"original_dtype\":\"\",\"min_val\":0}}}]},\"status\":{\"code\":0}}";
    String camel = "{\"requestId\":\"r\",\"index\":{\"docs\":[{\"id\":\"a\",\"mimeType\":\"text/plain\",\"parentId\":\"p\","
        + "\"contentHash\":\"h\",\"levelName\":\"l\",\"embedding\":{\"dense\":{\"buffer\":\"AACAPw==\",\"shape\":[1],"
        + "\"dtype\":\"<f4\",\"originalDtype\":\"\",\"minVal\":0}}}]},\"status\":{\"code\":\"SUCCESS\"}}";
    RequestProto p = ProtoJson.parse(snake);
    assertEquals(p, ProtoJson.parse(camel));
    assertEquals("r", p.getRequestId());
    DocumentProto d = p.getIndex().getDocs(0);
    assertEquals("text/plain", d.getMimeType());
    assertEquals("p", d.getParentId());
    Request r = ProtoCodec.decodeRequest(p);
    assertEquals(NdArray.of(new float[] {1f}), r.docs().get(0).embedding());
  }

  @Test
  void parseAcceptsEnumNamesAndNumbers() {
    RequestProto byName = ProtoJson.parse("{\"request_id\":\"r\",\"control\":{\"command\":\"RELOAD\"},"
        + "\"status\":{\"code\":\"ERROR_CHAINED\"}}");
    RequestProto byNumber = ProtoJson.parse("{\"request_id\":\"r\",\"control\":{\"command\":5},\"status\":{\"code\":6}}");
    assertEquals(byNumber, byName);
    assertEquals(RequestProto.ControlRequestProto.Command.RELOAD, byName.getControl().getCommand());
    assertEquals(StatusProto.StatusCode.ERROR_CHAINED, byName.getStatus().getCode());

    RequestProto fp16 = ProtoJson.parse("{\"request_id\":\"r\",\"index\":{\"docs\":[{\"id\":\"a\",\"embedding\":{\"dense\":"
        + "{\"buffer\":\"ADw=\",\"shape\":[1],\"dtype\":\"<f2\",\"quantization\":\"FP16\",\"original_dtype\":\"float32\"}}}]}}");
    assertEquals(QuantizationMode.FP16, fp16.getIndex().getDocs(0).getEmbedding().getDense().getQuantization());
    NdArray restored = ProtoCodec.decodeRequest(fp16).docs().get(0).embedding();
    assertEquals(DType.FLOAT32, restored.dtype());
    assertEquals(1f, restored.toFloatArray()[0]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"request_id\": ", "not json", "{\"request_id\":\"r\",\"bogus_field\":1}",
      "{\"index\":{\"docs\":[{\"weight\":\"heavy\"}]}}", "{\"status\":{\"code\":\"NOT_A_CODE\"}}", "[]"})
  void malformedJsonIsInvalidArgument(String json) {
    FlowException e = assertThrows(FlowException.class, () -> ProtoJson.parse(json));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    assertTrue(e.status().description().startsWith("invalid RequestProto JSON: "), e.getMessage());
    assertTrue(e.status().description().length() > "invalid RequestProto JSON: ".length(), e.getMessage());
  }

  @Test
  void unknownFieldIsNamed() {
    FlowException e = assertThrows(FlowException.class, () -> ProtoJson.parse("{\"request_id\":\"r\",\"bogus_field\":1}"));
    assertTrue(e.getMessage().contains("bogus_field"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = RequestType.class, names = {"INDEX", "SEARCH", "TRAIN", "UPDATE", "DELETE"})
  void richMessagesRoundTripThroughJson(RequestType type) {
    for (int i = 0; i < 20; i++) {
      long seed = RandomModel.SEEDS[i];
      RandomModel m = new RandomModel(seed);
      Request request = m.request(type);
      RequestProto p = ProtoCodec.encode(request);
      String json = ProtoJson.print(p);
      assertEquals(p, ProtoJson.parse(json), "seed " + seed + ", " + type + ": request " + json);

      Response response = m.response(type);
      RequestProto q = ProtoCodec.encode(response);
      RequestProto parsed = ProtoJson.parse(ProtoJson.print(q));
      assertEquals(q, parsed, "seed " + seed + ", " + type + ": response");
      assertEquals(response, ProtoCodec.decodeResponse(parsed), "seed " + seed + ", " + type);
    }
  }

  @Test
  void parametersTravelInJson() {
    Request r = Request.builder(RequestType.SEARCH).id("r").parameters(Map.of("top_k", 3, "mode", "fast")).build();
    String json = ProtoJson.print(ProtoCodec.encode(r));
    assertTrue(json.contains("\"parameters\":{"), json);
    Request back = ProtoCodec.decodeRequest(ProtoJson.parse(json));
    assertEquals(r.parameters(), back.parameters());
    assertEquals(3, back.topK(-1));
  }
}
