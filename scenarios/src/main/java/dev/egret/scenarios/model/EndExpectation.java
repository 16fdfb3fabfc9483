package dev.egret.scenarios.model;

import dev.egret.topology.yaml.Location;
import java.util.List;

/** An expectation checked at the end of the run ({@code spec.expect[]}). */
public sealed interface EndExpectation
    permits EndExpectation.Drops, EndExpectation.EgressMap, EndExpectation.Snat {

  int index();

  Location where();

  /**
   * Drops with a Hubble reason: at least {@code min}, at most {@code max}, or exactly {@code
   * equals} (each -1 when absent).
   */
  record Drops(int index, String reason, long min, long max, long equals, Location where)
      implements EndExpectation {}

  /** A node's egress map at the end of the run must hold exactly these entries. */
  record EgressMap(int index, String node, List<MapRow> entries, Location where)
      implements EndExpectation {}

  /** One expected egress map row. */
  record MapRow(
      int sourceIp, dev.egret.datapath.net.Cidr4 destination, int egressIp, int gatewayIp) {}

  /**
   * SNAT pressure on a gateway: at most {@code maxRetries} retries and {@code exhaustedMax}
   * failures, and (an extension) the first failure with at most {@code inUseAtFirstExhaustionMax}
   * mappings in use — each -1 when absent.
   */
  record Snat(
      int index,
      String node,
      long maxRetries,
      long exhaustedMax,
      long inUseAtFirstExhaustionMax,
      Location where)
      implements EndExpectation {}
}
