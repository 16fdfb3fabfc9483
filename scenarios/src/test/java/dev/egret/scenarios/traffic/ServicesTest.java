package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.ServiceSpec;
import dev.egret.scenarios.model.ServiceSpec.App;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicesTest {
  private final TestNet net = new TestNet(4);
  private final HostStack pod = net.pod("default/a", "10.0.1.2");
  private final HostStack ext = net.external("echo", "172.18.0.100");

  @Test
  void installsEveryAppOnItsPort() {
    Services.install(
        ext,
        List.of(
            new ServiceSpec(80, Protocol.TCP, App.ECHO_IP, null),
            new ServiceSpec(8080, Protocol.TCP, App.HTTP, "pong\n"),
            new ServiceSpec(9000, Protocol.TCP, App.SINK, null),
            new ServiceSpec(53, Protocol.UDP, App.UDP_ECHO, null),
            new ServiceSpec(5353, Protocol.UDP, App.SINK, null)));
    FlowIds ids = new FlowIds();
    HttpActivity echo =
        new HttpActivity(pod, ext.ip(), 80, "echo", SECOND, ids.getAsLong(), -1, net.recorder);
    HttpActivity http =
        new HttpActivity(pod, ext.ip(), 8080, "echo", SECOND, ids.getAsLong(), -1, net.recorder);
    TcpActivity sink =
        new TcpActivity(pod, ext.ip(), 9000, 10, 0, SECOND, ids.getAsLong(), -1, net.recorder);
    UdpActivity udp =
        new UdpActivity(pod, ext.ip(), 53, 1, 8, SECOND, ids.getAsLong(), -1, net.recorder);
    UdpActivity usink =
        new UdpActivity(pod, ext.ip(), 5353, 1, 8, SECOND, ids.getAsLong(), -1, net.recorder);
    for (ClientFlow f : List.of(echo, http, sink, udp, usink)) {
      net.sim.scheduleAt(0, f);
    }
    net.runAndCheck();
    assertEquals(pod.ip(), echo.report().echoedSource().ip());
    assertEquals("pong\n", http.report().responseBody());
    assertEquals(FlowOutcome.CLOSED, sink.report().outcome());
    assertEquals(10, sink.report().bytesAcked());
    assertEquals(FlowOutcome.COMPLETED, udp.report().outcome());
    assertEquals(FlowOutcome.INCOMPLETE, usink.report().outcome());
    assertEquals(0, usink.report().icmpErrors(), "bound: no port unreachable");
  }

  @Test
  void returnsTheApps() {
    assertInstanceOf(
        HttpServerApp.class,
        Services.install(ext, new ServiceSpec(1, Protocol.TCP, App.ECHO_IP, null)));
    assertInstanceOf(
        UdpEchoApp.class,
        Services.install(ext, new ServiceSpec(1, Protocol.UDP, App.UDP_ECHO, null)));
  }

  @Test
  void rejectsCombinationsTheLoaderRejects() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Services.install(ext, new ServiceSpec(1, Protocol.UDP, App.ECHO_IP, null)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Services.install(ext, new ServiceSpec(1, Protocol.TCP, App.UDP_ECHO, null)));
  }
}
