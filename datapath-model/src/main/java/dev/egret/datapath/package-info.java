/**
 * A Java model of Cilium's eBPF datapath for egress gateway traffic (Cilium 1.16 by default, with
 * the 1.10 and 1.17+ differences as version strategies): packet views over raw frames, BPF-like
 * maps, conntrack, SNAT, the egress policy map and the programs, as pure functions of (frame, maps,
 * node context, clock reading). Nothing here schedules anything: the simulator and the live pcap4j
 * runner drive the same code.
 *
 * <p>How a node is driven:
 *
 * <pre>{@code
 * Datapath dp = new Datapath(DatapathConfig.builder().version(CiliumVersion.V1_16).build());
 * NodeContext ctx = ...;              // clock, prandom, egress map, endpoints, ipcache, FIB
 * dp.monitor().addListener(e -> ...); // trace and drop events (flyweight)
 *
 * skb.setIfindex(lxcIfindex);
 * int v = BpfLxc.fromContainer(dp, ctx, skb, endpointHandle);  // a pod sends
 * if (Verdict.isRedirect(v) && Verdict.ifindex(v) == ctx.encapIfindex()) {
 *   dp.tunnelDevice().encap(skb, nodeIp, srcMac, nextHopMac);   // the kernel's vxlan device
 *   ... BpfHost.toNetdev(dp, ctx, skb) on the native device, then the wire ...
 * }
 * // on the receiving node: skb.resetMetadata(); BpfHost.fromNetdev(...); for UDP 8472 to the
 * // node: dp.tunnelDevice().decap(skb); skb.setIfindex(encapIfindex); BpfOverlay.fromOverlay(...)
 * }</pre>
 *
 * Packages: {@code packet} (frames, headers, checksums, builder), {@code maps} (hash, LRU, LPM,
 * ipcache), {@code ct} (conntrack and GC), {@code nat} (SNAT), {@code egress} (the policy map and
 * the egress gateway logic), {@code program} (bpf_lxc, bpf_overlay, bpf_host, bpf_xdp, verdicts),
 * {@code tunnel} (encapsulation), {@code monitor} (events, drop reasons, metrics, signals), {@code
 * node} (the NodeContext the environment implements), {@code config} (configuration and versions),
 * {@code identity}, {@code pcap}.
 */
package dev.egret.datapath;
