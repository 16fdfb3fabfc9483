package dev.egret.scenarios.traffic;

import static dev.egret.sim.Durations.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.Destination;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.Source;
import dev.egret.sim.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficLauncherTest {
  private final TestNet net = new TestNet(6);
  private final HostStack a = net.pod("default/a", "10.0.1.2");
  private final HostStack b = net.pod("default/b", "10.0.1.3");
  private final HostStack ext = net.external("echo", "172.18.0.100");
  private final Source from = new Source.PodRef("default", "a");
  private final Destination to = new Destination("echo", ext.ip(), 80);

  TrafficLauncherTest() {
    ext.listenTcp(80, HttpServerApp.echoIp());
    ext.bindUdp(80, new UdpEchoApp());
  }

  @Test
  void perSourceActionsRunOncePerHostAtTheActionsTime() {
    List<Event> e =
        TrafficLauncher.schedule(
            net.sim,
            2 * SECOND,
            new Action.Http(from, to, 10 * SECOND),
            List.of(a, b),
            new FlowIds(),
            net.recorder);
    assertEquals(2, e.size());
    assertInstanceOf(HttpActivity.class, e.get(0));
    net.runAndCheck();
    assertEquals(2, net.recorder.finished.size());
    assertEquals(List.of(a, b), net.recorder.started.stream().map(FlowReport::host).toList());
    for (FlowReport r : net.recorder.finished) {
      assertEquals(2 * SECOND, r.startedAt());
      assertEquals(r.host().ip(), r.echoedSource().ip());
    }
    String req =
        new String(
            net.select(f -> f.payloadLength() > 0).get(0).payload(),
            java.nio.charset.StandardCharsets.US_ASCII);
    assertTrue(req.contains("Host: echo\r\n"), req);
  }

  @Test
  void everyKindMapsToItsActivity() {
    FlowIds ids = new FlowIds();
    List<Event> tcp =
        TrafficLauncher.schedule(
            net.sim, 0, new Action.Tcp(from, to, 10, 0, SECOND), List.of(a), ids, net.recorder);
    List<Event> udp =
        TrafficLauncher.schedule(
            net.sim, 0, new Action.Udp(from, to, 2, 10, SECOND), List.of(a), ids, net.recorder);
    List<Event> ping =
        TrafficLauncher.schedule(
            net.sim,
            0,
            new Action.Ping(from, new Destination(null, ext.ip(), 0), 1, SECOND),
            List.of(a),
            ids,
            net.recorder);
    List<Event> load =
        TrafficLauncher.schedule(
            net.sim,
            0,
            new Action.Load(from, to, Protocol.TCP, 10, SECOND, 0, SECOND),
            List.of(a, b),
            ids,
            net.recorder);
    assertInstanceOf(TcpActivity.class, tcp.get(0));
    assertInstanceOf(UdpActivity.class, udp.get(0));
    assertInstanceOf(PingActivity.class, ping.get(0));
    assertEquals(1, load.size());
    assertInstanceOf(LoadGenerator.class, load.get(0));
    net.runAndCheck();
    assertEquals(3 + 10, net.recorder.finished.size());
    assertEquals(
        13, net.recorder.finished.stream().map(FlowReport::id).distinct().count(), "distinct ids");
  }
}
