package dev.jflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule for volumes, which the options, the engines and the exports share. */
class ContainerOptionsVolumeTest {
  @Test
  void absoluteRelativeAndNamedSourcesAreVolumes() {
    ContainerOptions.Volume host = ContainerOptions.Volume.parse("/srv/data:/data:ro");
    assertEquals(List.of("/srv/data", "/data"), List.of(host.source(), host.target()));
    assertTrue(host.readOnly());
    assertFalse(host.isNamed());
    ContainerOptions.Volume named = ContainerOptions.Volume.parse("models_1.v2:/models:rw");
    assertTrue(named.isNamed() && !named.readOnly() && !named.isRelative());
    assertEquals("models_1.v2:/models", named.toString());
    assertTrue(ContainerOptions.Volume.parse("../data:/data").isRelative());
    assertEquals(List.of(ContainerOptions.Volume.parse("./x:/x"), ContainerOptions.Volume.parse("cache:/cache")),
        ContainerOptions.builder().volumes(List.of("./x:/x", "cache:/cache")).build().parsedVolumes());
  }

  @Test
  void theOptionsRefuseWhatTheEngineWouldRefuse() {
    List<String> bad = List.of("data/x:/x", "~/x:/x", "-v:/x", "/abs:data", "/abs:/data:rx", "/abs", "a:/b:ro:x", ":/x");
    FlowException e = assertThrows(FlowException.class, () -> ContainerOptions.builder().volumes(bad).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
    for (String v : bad) {
      assertTrue(e.getMessage().contains("volume '" + v + "'"), () -> "names " + v + ": " + e.getMessage());
      assertThrows(FlowException.class, () -> ContainerOptions.Volume.parse(v), v);
    }
    assertTrue(e.getMessage().contains("relative to the YAML file"), e.getMessage());
  }
}
