package dev.egret.scenarios.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.egret.datapath.packet.Eth;
import dev.egret.datapath.packet.FrameBuilder;
import dev.egret.datapath.packet.Icmp4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.datapath.packet.L4Checksum;
import dev.egret.datapath.packet.Skb;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.ServiceSpec;
import dev.egret.scenarios.model.ServiceSpec.App;
import dev.egret.sim.Durations;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random, truncated and well-formed-but-nonsensical frames into the host stacks at both ends of a
 * connection (a pod in the middle of an HTTP exchange, an external running every app): every frame
 * is consumed and counted, the simulation goes on, nothing throws. The frames that pass the
 * checksums reach TCP, UDP, ICMP and reassembly with random ports, flags, sequence numbers,
 * fragment offsets and ICMP errors quoting random headers.
 */
class HostStackFuzzProperties {

  @Property(tries = 400, seed = "99")
  void anyFrameIsConsumedWithoutAnException(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int frames) {
    Random r = new Random(seed);
    TestNet net = new TestNet(seed);
    net.keepFrames = false;
    HostStack pod = net.pod("default/a", "10.0.1.2");
    HostStack ext = net.external("echo", "172.18.0.100");
    Services.install(
        ext,
        List.of(
            new ServiceSpec(80, Protocol.TCP, App.ECHO_IP, null),
            new ServiceSpec(8080, Protocol.TCP, App.HTTP, "pong\n"),
            new ServiceSpec(9000, Protocol.TCP, App.SINK, null),
            new ServiceSpec(53, Protocol.UDP, App.UDP_ECHO, null),
            new ServiceSpec(5353, Protocol.UDP, App.SINK, null)));
    FlowIds ids = new FlowIds();
    net.sim.scheduleAt(
        0,
        new HttpActivity(
            pod, ext.ip(), 80, "echo", Durations.SECOND, ids.getAsLong(), -1, net.recorder));
    net.sim.scheduleAt(
        0,
        new UdpActivity(
            pod, ext.ip(), 53, 2, 3000, Durations.SECOND, ids.getAsLong(), -1, net.recorder));
    long before = pod.counters().framesReceived() + ext.counters().framesReceived();
    for (int i = 0; i < frames; i++) {
      boolean toPod = r.nextBoolean();
      HostStack to = toPod ? pod : ext;
      HostStack from = toPod ? ext : pod;
      Skb skb = frame(r, from, to);
      net.sim.scheduleAt(r.nextInt(3) * Durations.MILLISECOND, s -> to.receive(skb));
    }
    net.run();
    long after = pod.counters().framesReceived() + ext.counters().framesReceived();
    assertEquals(true, after - before >= frames, "every injected frame was received");
  }

  /** A random frame: garbage, truncated, or well formed with random fields and right checksums. */
  static Skb frame(Random r, HostStack from, HostStack to) {
    Skb skb = new Skb(2048);
    byte[] payload = new byte[r.nextInt(r.nextBoolean() ? 40 : 1600)];
    r.nextBytes(payload);
    int kind = r.nextInt(8);
    if (kind == 0) {
      byte[] junk = new byte[r.nextInt(120)];
      r.nextBytes(junk);
      skb.load(junk, 0, junk.length);
      return skb;
    }
    FrameBuilder fb =
        new FrameBuilder()
            .macs(TestNet.ROUTER_MAC, r.nextInt(10) == 0 ? HostStack.BROADCAST_MAC : to.mac())
            .ipv4(from.ip(), to.ip())
            .id(r.nextInt(65536))
            .ttl(1 + r.nextInt(255))
            .payload(payload);
    if (r.nextInt(4) == 0) {
      // a fragment: MF and/or an offset, so reassembly sees overlaps, holes and odd sizes
      fb.fragOff((r.nextBoolean() ? Ipv4.IP_MF : 0) | r.nextInt(200));
    }
    int[] ports = {80, 8080, 9000, 53, 5353, 1, 65535, 32768 + r.nextInt(28232)};
    int sport = ports[r.nextInt(ports.length)];
    int dport = ports[r.nextInt(ports.length)];
    switch (kind) {
      case 1, 2 ->
          fb.writeTcp(
              skb,
              sport,
              dport,
              r.nextLong() & 0xffffffffL,
              r.nextLong() & 0xffffffffL,
              r.nextInt(256),
              r.nextInt(65536));
      case 3 -> fb.writeUdp(skb, sport, dport);
      case 4 ->
          fb.writeIcmpEcho(
              skb, r.nextBoolean() ? Icmp4.ICMP_ECHO : 0, r.nextInt(65536), r.nextInt(65536));
      case 5 -> {
        // an ICMP error quoting a random (often matching) header
        byte[] quoted = new byte[28];
        r.nextBytes(quoted);
        quoted[0] = 0x45;
        quoted[9] = (byte) (r.nextBoolean() ? Ipv4.IPPROTO_TCP : Ipv4.IPPROTO_UDP);
        putInt(quoted, 12, to.ip());
        putInt(quoted, 16, from.ip());
        quoted[20] = (byte) (sport >> 8);
        quoted[21] = (byte) sport;
        quoted[22] = (byte) (dport >> 8);
        quoted[23] = (byte) dport;
        fb.payload(quoted).writeIcmpEcho(skb, 0, 0, 0);
        int icmp = skb.off() + Eth.HLEN + Ipv4.MIN_HLEN;
        Icmp4.writeError(
            skb.data(),
            icmp,
            r.nextBoolean() ? Icmp4.ICMP_DEST_UNREACH : 11,
            r.nextInt(16),
            r.nextInt(1600));
      }
      default -> fb.writeTcp(skb, sport, dport, 0, 0, 0x02, 64240); // a SYN
    }
    int l3 = skb.off() + Eth.HLEN;
    if (!Ipv4.isNotFirstFragment(skb.data(), l3)) {
      L4Checksum.update(skb.data(), l3);
    }
    if (r.nextInt(6) == 0) {
      skb.data()[l3 + Ipv4.PROTOCOL] = (byte) r.nextInt(256); // an unknown protocol
    }
    Ipv4.updateChecksum(skb.data(), l3);
    if (r.nextInt(5) == 0) {
      byte[] whole = skb.toByteArray();
      int cut = r.nextInt(whole.length + 1);
      skb.load(whole, 0, cut); // truncated after the checksums were right
    }
    return skb;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
