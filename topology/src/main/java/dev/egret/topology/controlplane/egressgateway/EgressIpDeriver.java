package dev.egret.topology.controlplane.egressgateway;

import dev.egret.datapath.net.Ip4;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.controlplane.egressgateway.EgressIpDerivation.Path;
import dev.egret.topology.model.DefaultRouteResult;
import dev.egret.topology.model.Interface;
import dev.egret.topology.model.Node;

/** Derives a gateway node's egress IP from its own interfaces and routes (reference §2.2). */
final class EgressIpDeriver {
  private EgressIpDeriver() {}

  /**
   * Models: pkg/egressgateway/policy.go deriveFromPolicyGatewayConfig (v1.16; the 1.18 rule that a
   * failure always yields 0.0.0.0 is {@link CiliumVersion#egressIpFailureIsZero()}).
   */
  static EgressIpDerivation derive(Node node, GatewaySpec spec, CiliumVersion version) {
    if (spec.iface() != null && !spec.iface().isEmpty()) {
      Interface i = node.iface(spec.iface());
      if (i == null) {
        return new EgressIpDerivation(
            Path.INTERFACE,
            0,
            spec.iface(),
            0,
            "interface " + spec.iface() + " not found on node " + node.name());
      }
      if (!i.hasIpv4()) {
        // Cilium has set the ifindex before failing on the missing address.
        return new EgressIpDerivation(
            Path.INTERFACE, 0, i.name(), i.ifindex(), "interface " + i.name() + " has no IPv4");
      }
      return new EgressIpDerivation(Path.INTERFACE, i.firstIpv4(), i.name(), i.ifindex(), null);
    }
    if (spec.egressIp() != 0) {
      Interface i = node.ifaceHolding(spec.egressIp());
      if (i == null) {
        int kept = version.egressIpFailureIsZero() ? 0 : spec.egressIp();
        return new EgressIpDerivation(
            Path.EGRESS_IP,
            kept,
            null,
            0,
            "no interface of node " + node.name() + " holds " + Ip4.format(spec.egressIp()));
      }
      // The ifindex is not set on this path (test_egressip.txtar expects 0).
      return new EgressIpDerivation(Path.EGRESS_IP, spec.egressIp(), i.name(), 0, null);
    }
    DefaultRouteResult d = node.defaultRoute();
    if (d.route() == null) {
      return new EgressIpDerivation(Path.DEFAULT_ROUTE, 0, null, 0, d.error());
    }
    Interface i = node.iface(d.route().device());
    if (i == null || !i.hasIpv4()) {
      return new EgressIpDerivation(
          Path.DEFAULT_ROUTE,
          0,
          d.route().device(),
          i == null ? 0 : i.ifindex(),
          "default route device " + d.route().device() + " has no IPv4");
    }
    return new EgressIpDerivation(Path.DEFAULT_ROUTE, i.firstIpv4(), i.name(), i.ifindex(), null);
  }
}
