package dev.egret.gui.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.gui.model.Recorder;
import dev.egret.gui.model.Recording;
import dev.egret.scenarios.load.LoadResult;
import dev.egret.scenarios.load.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout at 50 nodes: deterministic, no overlaps, pods collapsed, every hop drawable. */
class TopologyLayoutTest {
  @TempDir static Path dir;
  private static Recording fifty;

  @BeforeAll
  static void record() throws IOException {
    Path f = dir.resolve("fifty.yaml");
    Files.writeString(f, FiftyNodes.yaml());
    LoadResult r = ScenarioLoader.load(f);
    assertTrue(r.ok(), r.problems().all().toString());
    fifty = Recorder.record(r.scenario());
  }

  @Test
  void sameRecordingSamePicture() {
    TopologyLayout a = TopologyLayout.of(fifty);
    TopologyLayout b = TopologyLayout.of(fifty);
    assertEquals(a.nodes(), b.nodes());
    assertEquals(a.externals(), b.externals());
    assertEquals(a.router(), b.router());
    assertEquals(a.bounds(), b.bounds());
  }

  @Test
  void fiftyNodesInAGridWithoutOverlaps() {
    TopologyLayout l = TopologyLayout.of(fifty);
    assertEquals(50, l.nodes().size());
    assertTrue(l.compact());
    List<Rect> all = new ArrayList<>(l.nodes().values());
    all.addAll(l.externals().values());
    all.add(l.router());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        assertFalse(all.get(i).overlaps(all.get(j)), all.get(i) + " overlaps " + all.get(j));
      }
    }
    // Wider than tall but not a strip: a grid of about sqrt(50 × 1.5) columns.
    assertEquals(9, TopologyLayout.columns(50));
    Rect b = l.bounds();
    assertTrue(b.w() > b.h() && b.w() < 3 * b.h(), b.toString());
    // Nodes in name order, left to right then top to bottom.
    assertTrue(l.node("node-01").x() < l.node("node-02").x());
    assertTrue(l.node("node-01").y() < l.node("node-10").y());
  }

  @Test
  void manyPodsCollapseIntoOneRow() {
    TopologyLayout l = TopologyLayout.of(fifty);
    // node-03 holds 12 pods: one row for its count; node-02 holds 2: two rows.
    Rect busy = l.node("node-03");
    Rect two = l.node("node-02");
    assertEquals(busy.h(), two.h(), "same row, same height");
    // The row's tallest boxes: node-02 with 2 pod rows, node-07 with its gateway lines and 1 pod.
    double twoPods =
        TopologyLayout.HEADER_HEIGHT
            + 2 * TopologyLayout.POD_ROW_HEIGHT
            + TopologyLayout.BOX_PADDING;
    double gateway =
        TopologyLayout.HEADER_HEIGHT
            + TopologyLayout.GATEWAY_HEIGHT
            + TopologyLayout.POD_ROW_HEIGHT
            + TopologyLayout.BOX_PADDING;
    assertEquals(Math.max(twoPods, gateway), busy.h(), 1e-9);
  }

  @Test
  void everyHopHasAPath() {
    TopologyLayout l = TopologyLayout.of(fifty);
    fifty
        .hops()
        .forEach(
            h -> {
              if (h.frame().tunnel()) {
                assertNotNull(l.tunnel(h.from(), h.to()), h.toString());
              } else {
                assertNotNull(l.path(h.from(), h.to()), h.toString());
              }
            });
    Polyline p = l.path("node-50", "api");
    assertEquals(new Point(l.node("node-50").cx(), l.node("node-50").bottom()), p.at(0));
    assertEquals(l.externals().get("api").x(), p.at(1).x(), 1e-9);
  }

  @Test
  void tunnelsAreTheSameCurveBothWays() {
    TopologyLayout l = TopologyLayout.of(fifty);
    Arc ab = l.tunnel("node-50", "node-07");
    Arc ba = l.tunnel("node-07", "node-50");
    assertEquals(ab.control(), ba.control());
    assertEquals(ab.start(), ba.end());
  }
}
