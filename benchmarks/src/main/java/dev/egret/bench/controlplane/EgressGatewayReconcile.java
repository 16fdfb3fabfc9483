package dev.egret.bench.controlplane;

import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.topology.cluster.Cluster;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EgressGatewayManager;
import dev.egret.topology.controlplane.egressgateway.ReconcileTrigger;
import dev.egret.topology.generate.ClusterGenerator;
import dev.egret.topology.generate.ClusterGenerator.Generated;
import dev.egret.topology.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The egress gateway control plane at the scale: a generated cluster of 5,000 nodes,
 * 150,000 pods and 2,000 policies (about 10,000 map entries per node, 20 gateway nodes; {@link
 * ClusterGenerator}, seed 7), Cilium 1.16.
 *
 * <ul>
 *   <li>{@code full}: a manager built from the cluster and one reconciliation writing every node's
 *       map from empty (the shared map of the 4,980 non-gateway nodes and the 20 gateway maps).
 *       This is also the peer of the incremental benchmarks: what recomputing from scratch costs.
 *   <li>{@code relabelPod}: one selected pod's label toggled in and out of its policy's selector
 *       (new identity), through the cluster's event path, then the reconciliation it triggers.
 *   <li>{@code reschedulePod}: one selected pod moved between two nodes (new IP), likewise.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EgressGatewayReconcile {
  static final long SEED = 7;

  /** The generated cluster, shared by every benchmark of a trial. */
  @State(Scope.Benchmark)
  public static class Large {
    /**
     * {@code large}: 5,000 nodes, 150,000 pods, 2,000 policies (the scale); {@code small}
     * (a tenth of each) for the CI smoke pass only.
     */
    @Param({"large"})
    public String size;

    Generated generated;

    @Setup(Level.Trial)
    public void generate() {
      generated =
          ClusterGenerator.generate(
              SEED,
              "small".equals(size)
                  ? new ClusterGenerator.Size(500, 15_000, 200)
                  : ClusterGenerator.Size.LARGE);
    }
  }

  /** A started manager over the large cluster, reconciling synchronously. */
  @State(Scope.Benchmark)
  public static class Running {
    Cluster cluster;
    EgressGatewayManager manager;
    String pod;
    String app;
    String nodeA;
    String nodeB;
    long flips;

    @Setup(Level.Trial)
    public void start(Large large) {
      cluster = large.generated.cluster();
      manager =
          new EgressGatewayManager(
              cluster,
              CiliumVersion.V1_16,
              ReconcileTrigger.immediate(),
              EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE,
              SEED);
      manager.start();
      Pod p =
          cluster.pods().stream()
              .filter(x -> "client-5".equals(x.labels().get("app")))
              .findFirst()
              .orElseThrow();
      pod = p.key();
      app = "client-5";
      nodeA = p.nodeName();
      nodeB =
          cluster.nodes().stream()
              .map(n -> n.name())
              .filter(n -> !n.equals(nodeA))
              .findFirst()
              .get();
    }
  }

  @Benchmark
  public EgressPolicyMap4 full(Large large) {
    ReconcileTrigger t = ReconcileTrigger.manual();
    EgressGatewayManager m =
        new EgressGatewayManager(
            large.generated.cluster(),
            CiliumVersion.V1_16,
            t,
            EgressPolicyMap4.EGRESS_POLICY_MAP_SIZE,
            SEED);
    m.start();
    t.runPending();
    large.generated.cluster().removeListener(m);
    return m.mapFor("node-00001");
  }

  @Benchmark
  public EgressPolicyMap4 relabelPod(Running r) {
    boolean off = (r.flips++ & 1) == 0;
    r.cluster.labelPod(r.pod, Map.of("app", off ? r.app + "-off" : r.app), List.of());
    return r.manager.mapFor("node-00001");
  }

  @Benchmark
  public EgressPolicyMap4 reschedulePod(Running r) {
    boolean toB = (r.flips++ & 1) == 0;
    r.cluster.reschedulePod(r.pod, toB ? r.nodeB : r.nodeA);
    return r.manager.mapFor("node-00001");
  }
}
