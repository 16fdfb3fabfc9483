package dev.egret.datapath.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ProbeStepsTest {
  @Test
  void everyStepIsTheClampOfPortPlusOne() {
    int[][] ranges = {{32768, 65535}, {32768, 33791}, {1024, 1024}, {40000, 40001}, {0, 65535}};
    for (PortClamp clamp : PortClamp.values()) {
      for (int[] r : ranges) {
        char[] t = ProbeSteps.of(clamp, r[0], r[1]);
        for (int p = 0; p < 65536; p++) {
          assertEquals(clamp.clamp(r[0], r[1], p + 1), t[p], clamp + " " + r[0] + "-" + r[1]);
        }
        assertSame(t, ProbeSteps.of(clamp, r[0], r[1]), "tables are shared");
      }
    }
  }
}
