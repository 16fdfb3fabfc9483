package dev.egret.scenarios.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.sim.Rng;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EphemeralPortsTest {

  @Property
  void connectPortsAreInRangeAndNeverReuseATupleInUse(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n) {
    EphemeralPorts ports = new EphemeralPorts(Rng.root(seed).stream("p"));
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < n; i++) {
      int p = ports.pickForConnect(used::contains);
      assertTrue(p >= LinuxTcp.LINUX_EPHEMERAL_MIN && p <= LinuxTcp.LINUX_EPHEMERAL_MAX, "" + p);
      assertTrue(used.add(p), "port " + p + " reused");
    }
  }

  @Property
  void evenPortsComeFirstLikeInetHashConnect(@ForAll long seed) {
    EphemeralPorts ports = new EphemeralPorts(Rng.root(seed).stream("p"));
    assertEquals(0, ports.pickForConnect(p -> false) % 2);
    // with every even port taken, an odd one is found
    int p = ports.pickForConnect(q -> q % 2 == 0);
    assertEquals(1, p % 2);
  }

  @Test
  void exhaustionIsReported() {
    EphemeralPorts ports = new EphemeralPorts(Rng.root(1).stream("p"));
    assertEquals(EphemeralPorts.NONE, ports.pickForConnect(p -> true));
    assertEquals(EphemeralPorts.NONE, ports.pickForBind(p -> true));
    assertEquals(60999, ports.pickForConnect(p -> p != 60999), "the last free port is found");
    assertEquals(32768, ports.pickForBind(p -> p != 32768));
  }

  @Test
  void sameStreamSamePorts() {
    EphemeralPorts a = new EphemeralPorts(Rng.root(5).stream("host/x/tcp-ports"));
    EphemeralPorts b = new EphemeralPorts(Rng.root(5).stream("host/x/tcp-ports"));
    for (int i = 0; i < 100; i++) {
      assertEquals(a.pickForConnect(p -> false), b.pickForConnect(p -> false));
    }
  }

  @Test
  void aFullRangeTowardOneDestinationEndsInNoLocalPort() {
    TestNet net = new TestNet(2);
    HostStack pod = net.pod("default/many", "10.0.9.9");
    HostStack ext = net.external("x", "172.18.0.9");
    net.dropIf(f -> true); // nothing answers: every connection stays in SYN_SENT
    for (int i = 0; i < EphemeralPorts.RANGE_SIZE; i++) {
      assertTrue(pod.connectTcp(ext.ip(), 80, i + 1, new TcpHandler() {}) != null);
    }
    assertEquals(EphemeralPorts.RANGE_SIZE, pod.tcpConnections());
    TcpActivity one = new TcpActivity(pod, ext.ip(), 80, 0, 0, 1, 99_999, -1, net.recorder);
    one.run(net.sim);
    assertEquals(FlowOutcome.NO_LOCAL_PORT, net.recorder.only().outcome());
    assertTrue(net.recorder.started.isEmpty());
    // another destination port is a different tuple
    assertTrue(pod.connectTcp(ext.ip(), 81, 1, new TcpHandler() {}) != null);
  }
}
