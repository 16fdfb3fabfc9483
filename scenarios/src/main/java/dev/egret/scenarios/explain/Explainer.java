package dev.egret.scenarios.explain;

import dev.egret.datapath.egress.EgressPolicyEntry;
import dev.egret.datapath.egress.EgressPolicyMap4;
import dev.egret.datapath.identity.Identities;
import dev.egret.datapath.monitor.TraceObservationPoint;
import dev.egret.datapath.monitor.TraceReason;
import dev.egret.datapath.net.Ip4;
import dev.egret.datapath.packet.Ipv4;
import dev.egret.scenarios.model.Action;
import dev.egret.scenarios.model.CiliumSettings;
import dev.egret.scenarios.model.Destination;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Scenario;
import dev.egret.scenarios.model.Source;
import dev.egret.scenarios.model.TimelineItem;
import dev.egret.scenarios.record.FlowRecord;
import dev.egret.scenarios.result.ActionResult;
import dev.egret.scenarios.result.ConnectionResult;
import dev.egret.scenarios.run.RunListener;
import dev.egret.scenarios.run.RunOptions;
import dev.egret.scenarios.run.RunOutcome;
import dev.egret.scenarios.run.RunView;
import dev.egret.scenarios.run.ScenarioRun;
import dev.egret.sim.Durations;
import dev.egret.topology.controlplane.egressgateway.EntryExplanation;
import dev.egret.topology.controlplane.egressgateway.GatewayConfig;
import dev.egret.topology.model.Node;
import dev.egret.topology.model.Pod;
import dev.egret.topology.yaml.Location;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains one packet and its reply: replays the scenario up to the requested time (its own
 * timeline until then, so the cluster is in the state the user asks about), sends one probe from
 * the pod, and turns what the run recorded for that probe — every monitor event, underlay hop and
 * drop, in order — into steps, annotated with the decisions behind them: the egress map entry the
 * packet hit and the control plane's recorded provenance of that entry (policy, selector, gateway
 * rule, egress IP derivation), the tunnel and its VNI, the SNAT choice and its retries.
 *
 * <p>The probe run uses monitor aggregation {@code none} so that every trace point is visible
 * (aggregation only hides notifications; it never changes forwarding).
 */
public final class Explainer {
  /** How long the probe waits for its answer. */
  static final long PROBE_TIMEOUT = Durations.seconds(3);

  private Explainer() {}

  /** Runs the probe and explains it. */
  public static Explanation explain(Scenario s, ExplainRequest req) {
    List<String> notes = new ArrayList<>();
    List<TimelineItem> timeline = new ArrayList<>();
    for (TimelineItem item : s.timeline()) {
      if (item.at() <= req.at() && !(item.action() instanceof Action.Traffic)) {
        timeline.add(item);
      }
    }
    int probeIndex = s.timeline().size();
    String ext = null;
    for (ExternalSpec e : s.externals()) {
      if (e.ip() == req.dstIp()) {
        ext = e.name();
      }
    }
    String[] nsName = req.pod().split("/", 2);
    Source from = new Source.PodRef(nsName[0], nsName[1]);
    Destination to = new Destination(ext, req.dstIp(), req.dstPort());
    Action probe =
        switch (req.protocol()) {
          case UDP -> new Action.Udp(from, to, 1, 16, PROBE_TIMEOUT);
          case ICMP -> new Action.Ping(from, to, 1, PROBE_TIMEOUT);
          default -> new Action.Tcp(from, to, 0, 0, PROBE_TIMEOUT);
        };
    timeline.add(
        new TimelineItem(probeIndex, req.at(), probe, null, Location.ofFile(s.file().toString())));
    CiliumSettings c = s.cilium();
    if (c.monitorAggregation() != CiliumSettings.MonitorAggregation.NONE) {
      notes.add(
          "the scenario sets monitorAggregation "
              + c.monitorAggregation().id()
              + "; the probe runs with none so every trace point shows (forwarding is the same)");
    }
    CiliumSettings all =
        new CiliumSettings(
            c.version(),
            c.tunnel(),
            c.reconcileInterval(),
            c.egressPolicyMapMax(),
            c.snatPortMin(),
            c.snatPortMax(),
            c.ctTcp(),
            c.ctTcpSyn(),
            c.ctTcpClose(),
            c.ctNonTcp(),
            c.ctGcInterval(),
            CiliumSettings.MonitorAggregation.NONE);
    notes.add(
        "traffic of the scenario's timeline is left out; its other events up to "
            + Durations.format(req.at())
            + " are replayed");
    Scenario probeScenario =
        new Scenario(
            s.name(),
            s.description(),
            s.file(),
            s.seed(),
            all,
            s.network(),
            s.nodes(),
            s.externals(),
            s.pods(),
            s.resources(),
            timeline,
            List.of(),
            List.of(),
            s.warnings());
    Recorder rec = new Recorder(probeIndex, req, c.version().natPolicyEra());
    RunOutcome out = new ScenarioRun(probeScenario, RunOptions.DEFAULT, rec).run();
    ConnectionResult conn = null;
    for (ActionResult a : out.result().actions()) {
      if (a.index() == probeIndex && !a.connections().isEmpty()) {
        conn = a.connections().get(0);
      }
    }
    if (conn == null) {
      notes.addAll(out.result().warnings().stream().filter(w -> w.contains("timeline[")).toList());
      return new Explanation(req, null, null, rec.steps, "NONE", null, null, null, false, notes);
    }
    String seen =
        conn.seenSource() == null ? null : conn.seenSource() + ":" + conn.seenSourcePort();
    return new Explanation(
        req,
        conn.podIP(),
        conn.node(),
        rec.steps,
        conn.verdict(),
        conn.dropReason(),
        seen,
        conn.gateway(),
        conn.replyReceived(),
        notes);
  }

  /** Collects the probe's events as steps while the run goes. */
  private static final class Recorder implements RunListener {
    final int probeIndex;
    final ExplainRequest req;
    final List<Step> steps = new ArrayList<>();
    RunView view;
    long tag;
    String pod;
    int podIp;
    String podNode;
    int origPort = -1;
    boolean mapExplained;
    final boolean legacy110;
    boolean egwApplies;
    boolean done;

    Recorder(int probeIndex, ExplainRequest req, boolean legacy110) {
      this.probeIndex = probeIndex;
      this.req = req;
      this.legacy110 = legacy110;
    }

    @Override
    public boolean wantsFlows() {
      return true;
    }

    @Override
    public boolean wantsHops() {
      return true;
    }

    @Override
    public void started(RunView view) {
      this.view = view;
    }

    @Override
    public void connectionStarted(int itemIndex, long tag, String pod) {
      if (itemIndex == probeIndex && this.tag == 0) {
        this.tag = tag;
        this.pod = pod;
        Pod p = view.cluster().pod(pod);
        if (p != null) {
          podIp = p.ip();
          podNode = p.nodeName();
        }
      }
    }

    private boolean mine(long t) {
      return tag != 0 && t == tag && !done;
    }

    @Override
    public void flow(FlowRecord f) {
      if (!mine(f.tag())) {
        return;
      }
      byte[] b = f.frame();
      int l3 = Frames.innerL3(b, 0, b.length);
      boolean reply = l3 >= 0 && Ipv4.saddr(b, l3) == req.dstIp();
      if (!reply && origPort < 0 && f.node().equals(podNode)) {
        origPort = Frames.sourcePort(b, l3, b.length);
      }
      List<String> why = new ArrayList<>();
      String what;
      if (f.isDrop()) {
        what =
            "DROPPED by "
                + f.program()
                + ": "
                + f.dropReason().hubbleName()
                + " ("
                + f.dropReason().code()
                + ", \""
                + f.dropReason().text()
                + "\")";
        explainDrop(f, why);
      } else {
        TraceObservationPoint p = f.point();
        what =
            p.monitorName()
                + " ("
                + f.program()
                + (f.ifname().isEmpty() ? "" : ", " + f.ifname())
                + ")"
                + (f.traceReason() == TraceReason.UNKNOWN
                    ? ""
                    : ", conntrack " + TraceReason.hubbleName(f.traceReason()));
        annotate(f, p, reply, b, l3, why);
      }
      if (!reply && !mapExplained && f.node().equals(podNode)) {
        mapExplained = true;
        explainMap(f, why);
      }
      steps.add(
          new Step(f.timeNanos(), f.node(), what, Frames.describe(b, 0, b.length), why, reply));
      if (reply
          && !f.isDrop()
          && f.point() == TraceObservationPoint.TRACE_TO_LXC
          && f.node().equals(podNode)) {
        done = true;
      }
    }

    private void annotate(
        FlowRecord f, TraceObservationPoint p, boolean reply, byte[] b, int l3, List<String> why) {
      switch (p) {
        case TRACE_TO_OVERLAY -> {
          if (reply) {
            why.add(
                "reverse SNAT restored the pod's address; the gateway tunnels the reply back to"
                    + " the pod's node with VNI "
                    + f.srcIdentity()
                    + " (its host identity as remote-node, 6), reason REPLY");
          } else {
            why.add(
                "encapsulated toward the gateway: the VNI is the pod's security identity "
                    + f.srcIdentity()
                    + "; the destination identity is "
                    + f.dstIdentity()
                    + (f.dstIdentity() == Identities.WORLD_ID
                            || f.dstIdentity() == Identities.WORLD_IPV4_ID
                        ? " (world)"
                        : ""));
          }
        }
        case TRACE_FROM_OVERLAY -> {
          if (!reply) {
            why.add("identity " + f.srcIdentity() + " read from the VNI");
            EntryExplanation e = view.controlPlane().explainPacket(f.node(), podIp, req.dstIp());
            if (e.inMap() != null) {
              EgressPolicyEntry en = e.inMap();
              why.add(
                  "this node's map has "
                      + Ip4.format(en.sourceIp())
                      + " → "
                      + en.destination()
                      + " : egress "
                      + Ip4.format(en.egressIp())
                      + ", gateway "
                      + Ip4.format(en.gatewayIp())
                      + (legacy110
                          ? " → Cilium 1.10's overlay passes it to the stack, which routes it out"
                              + " and masquerades it to the egress IP in to-netdev"
                          : " → TTL−1, mark EGW done, FIB lookup from the egress IP, redirect to"
                              + " the egress device (SNAT happens in to-netdev)"));
            }
          } else {
            why.add("the reply arrives from the gateway's tunnel");
          }
        }
        case TRACE_TO_NETWORK -> {
          boolean tunnelled = Frames.vni(b, 0, b.length) >= 0;
          boolean translated = l3 >= 0 && Ipv4.saddr(b, l3) != podIp;
          if (!reply && !tunnelled && translated && f.origIp4() == 0) {
            int newPort = Frames.sourcePort(b, l3, b.length);
            why.add(
                "BPF masquerade: "
                    + Ip4.format(podIp)
                    + ":"
                    + origPort
                    + " → "
                    + Ip4.format(Ipv4.saddr(b, l3))
                    + ":"
                    + newPort
                    + ", the address of "
                    + f.ifname()
                    + (newPort == origPort ? " (the pod's port kept)" : ""));
          } else if (f.origIp4() != 0 && !reply) {
            int newPort = Frames.sourcePort(b, l3, b.length);
            String src = Ip4.format(Ipv4.saddr(b, l3));
            var dp = view.datapath(f.node());
            int retries = dp == null ? -1 : dp.snat().lastRetries();
            String choice =
                newPort == origPort
                    ? "the pod's port "
                        + origPort
                        + " was free and inside the SNAT range, so"
                        + " snat_v4_new_mapping kept it"
                    : "the pod's port "
                        + origPort
                        + " could not be kept (outside the range or"
                        + " taken); the port came from get_prandom_u32() and the clamp"
                        + (retries > 0 ? " after " + retries + " collision retries" : "");
            boolean masquerade = f.node().equals(podNode) && !egwApplies;
            String kind =
                masquerade
                    ? "BPF masquerade (no egress gateway applies) to " + f.ifname() + "'s address: "
                    : "egress gateway SNAT to the egress IP: ";
            why.add(
                kind
                    + Ip4.format(f.origIp4())
                    + ":"
                    + origPort
                    + " → "
                    + src
                    + ":"
                    + newPort
                    + ": "
                    + choice);
            why.add(
                "the mapping is keyed by (egress IP, port, destination, destination port,"
                    + " protocol); a CT entry on this node tracks it");
          }
        }
        case TRACE_FROM_NETWORK -> {
          if (!reply) {
            why.add("arrives from the wire");
          } else if (f.node().equals(podNode)) {
            why.add("the tunnelled reply reaches the pod's node");
          } else {
            why.add("the answer reaches the node that SNATed it; reverse SNAT follows");
          }
        }
        case TRACE_TO_LXC -> why.add(reply ? "delivered to " + pod : "delivered to the pod");
        default -> {}
      }
    }

    private void explainMap(FlowRecord f, List<String> why) {
      EntryExplanation e = view.controlPlane().explainPacket(f.node(), podIp, req.dstIp());
      EgressPolicyMap4 map = view.controlPlane().mapFor(f.node());
      String mapName = map.name();
      if (f.dstIdentity() != 0
          && f.dstIdentity() != Identities.WORLD_ID
          && f.dstIdentity() != Identities.WORLD_IPV4_ID
          && f.dstIdentity() < Identities.CIDR_IDENTITY_RANGE_START) {
        why.add(
            "the destination has cluster identity "
                + f.dstIdentity()
                + ": egress gateway policies do not apply to in-cluster traffic");
      }
      if (e.inMap() == null) {
        why.add(
            mapName
                + " on "
                + f.node()
                + ": no entry for "
                + Ip4.format(podIp)
                + " → "
                + Ip4.format(req.dstIp())
                + " — no egress gateway policy covers this pod and"
                + " destination, so the packet leaves through its own node, masqueraded to that"
                + " node's IP");
        return;
      }
      EgressPolicyEntry en = e.inMap();
      egwApplies =
          en.gatewayIp() != EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR
              && en.gatewayIp() != EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY;
      why.add(
          mapName
              + " on "
              + f.node()
              + ": lookup ("
              + Ip4.format(podIp)
              + ", "
              + Ip4.format(req.dstIp())
              + ") hits "
              + Ip4.format(en.sourceIp())
              + " → "
              + en.destination()
              + " : egress IP "
              + Ip4.format(en.egressIp())
              + ", gateway "
              + gatewayText(en.gatewayIp())
              + " (longest destination prefix wins)");
      if (e.isConflict()) {
        why.add(
            "CONFLICT: "
                + e.contributions().size()
                + " policies write this key; Cilium has no"
                + " precedence and the value flips on each reconciliation (cilium/cilium#27491)");
      }
      for (EntryExplanation.Provenance pv : e.contributions()) {
        var c = pv.contribution();
        why.add(
            "policy "
                + c.policy()
                + ": selectors["
                + c.selectorIndex()
                + "] selects "
                + c.endpoint()
                + " (identity "
                + c.endpoint().identity()
                + "); "
                + c.cidrField()
                + " = "
                + c.cidr()
                + (c.excluded() ? " (excluded: gateway 0.0.0.1)" : ""));
        GatewayConfig g = pv.gateway();
        if (g == null) {
          continue;
        }
        if (g.node() == null) {
          why.add(
              "  gateway: no node matches egressGateway.nodeSelector → gateway 0.0.0.0"
                  + " (\"Not Found\"); Cilium drops this traffic at the source node");
        } else {
          why.add(
              "  gateway: "
                  + g.node()
                  + ", the first by name among "
                  + g.matchCount()
                  + " matching node(s) "
                  + g.matchingNodes()
                  + "; gateway IP "
                  + Ip4.format(g.gatewayIp())
                  + " (its "
                  + g.gatewayIpSource()
                  + ")"
                  + (pv.gatewayCount() > 1
                      ? "; slot "
                          + pv.gatewaySlot()
                          + " of "
                          + pv.gatewayCount()
                          + " by FNV-1a(UID) = "
                          + Long.toUnsignedString(pv.uidHash())
                      : ""));
          var d = g.derivation();
          why.add(
              "  egress IP on "
                  + g.node()
                  + ": "
                  + Ip4.format(d.egressIp())
                  + " via "
                  + d.path()
                  + (d.iface() == null ? "" : " (" + d.iface() + ")")
                  + (d.failed() ? " — derivation failed: " + d.failure() : "")
                  + "; every other node writes 0.0.0.0");
        }
      }
      if (en.gatewayIp() == EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR) {
        why.add(
            "gateway 0.0.0.1 (excluded CIDR): the egress gateway is skipped; normal routing"
                + " and masquerading apply");
      } else if (en.gatewayIp() == EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY) {
        why.add("gateway 0.0.0.0: the source node drops the packet with NO_EGRESS_GATEWAY (194)");
      } else if (view.cluster().node(f.node()) != null
          && view.cluster().node(f.node()).nodeIps().contains(en.gatewayIp())) {
        why.add(
            "the gateway IP is this node's own: no tunnel; the packet takes the normal path"
                + " and is SNATed on the way out");
      } else {
        why.add(
            "→ tunnel to gateway " + Ip4.format(en.gatewayIp()) + gatewayNodeName(en.gatewayIp()));
      }
    }

    private String gatewayNodeName(int ip) {
      for (Node n : view.cluster().nodes()) {
        if (n.nodeIps().contains(ip)) {
          return " (" + n.name() + (view.isUp(n.name()) ? "" : ", whose datapath is DOWN") + ")";
        }
      }
      return "";
    }

    private static String gatewayText(int ip) {
      if (ip == EgressPolicyMap4.EGRESS_GATEWAY_NO_GATEWAY) {
        return "0.0.0.0 (Not Found)";
      }
      if (ip == EgressPolicyMap4.EGRESS_GATEWAY_EXCLUDED_CIDR) {
        return "0.0.0.1 (Excluded CIDR)";
      }
      return Ip4.format(ip);
    }

    private void explainDrop(FlowRecord f, List<String> why) {
      switch (f.dropReason()) {
        case DROP_NO_EGRESS_GATEWAY ->
            why.add(
                "the map entry's gateway is 0.0.0.0: the policy's"
                    + " gateway nodeSelector matches no node (see the map step)");
        case DROP_NAT_NO_MAPPING ->
            why.add(
                "all "
                    + 128
                    + " SNAT candidate ports toward this"
                    + " destination IP:port were taken (the kept port, one random pick, then sequential"
                    + " steps); cilium/cilium#33074");
        default -> {}
      }
    }

    @Override
    public void hop(
        long time, String from, String to, long delay, long t, byte[] buf, int off, int len) {
      if (!mine(t)) {
        return;
      }
      int vni = Frames.vni(buf, off, len);
      int outer = Frames.l3(buf, off, len);
      int inner = Frames.innerL3(buf, off, len);
      boolean reply = inner >= 0 && Ipv4.saddr(buf, inner) == req.dstIp();
      List<String> why = new ArrayList<>();
      String packet = Frames.describe(buf, off, len);
      if (vni >= 0) {
        why.add("outer UDP to 8472; the VNI " + vni + " is the sender's security identity");
      }
      steps.add(
          new Step(
              time,
              from + " → " + to,
              "wire (" + Durations.format(delay) + ")",
              packet,
              why,
              reply));
    }

    @Override
    public void dropped(long time, String node, long t, String reason) {
      // already explained from the drop notification (flow)
    }

    @Override
    public void lost(long time, String where, long t, String why) {
      if (mine(t)) {
        steps.add(new Step(time, where, "LOST", "", List.of(why), false));
      }
    }
  }
}
