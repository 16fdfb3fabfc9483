package dev.egret.scenarios.load;

import dev.egret.datapath.net.Ip4;
import dev.egret.scenarios.model.ExternalSpec;
import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.ServiceSpec;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code spec.externals[]}: hosts outside the cluster with their services. A service's
 * protocol defaults to TCP, its app to {@code echo-ip} for TCP and {@code udp-echo} for UDP.
 */
final class ExternalBinder {
  static final Set<String> FIELDS = Set.of("name", "ip", "services");
  static final Set<String> SERVICE_FIELDS = Set.of("port", "protocol", "app", "response");

  private final Problems p;
  private final Origins origins;

  /** Names declared but unusable (no valid IP): references to them are not reported again. */
  final Set<String> broken = new HashSet<>();

  /** Some external has no readable name (or spec.externals is not a list). */
  boolean incomplete;

  ExternalBinder(Problems p, Origins origins) {
    this.p = p;
    this.origins = origins;
  }

  List<ExternalSpec> bind(YamlValue list) {
    List<ExternalSpec> out = new ArrayList<>();
    Map<String, YamlValue> names = new LinkedHashMap<>();
    Map<Integer, String> ips = new HashMap<>();
    incomplete |= !list.isAbsent() && !list.isArray();
    for (YamlValue item : list.items(p)) {
      if (!item.expectObject(p, "an external {name, ip, services}")) {
        incomplete = true;
        if (item.isAbsent()) {
          p.error(item.location(), item.path(), "is empty; an external needs a name and an ip");
        }
        continue;
      }
      item.warnUnknownFields(p, FIELDS, "an external");
      YamlValue nv = item.get("name");
      String name = nv.asString(p, null);
      if (name == null) {
        nv.require(p, "e.g. echo");
        incomplete = true;
        continue;
      }
      String bad = Names.checkSubdomain(name);
      if (bad != null) {
        p.error(nv.location(), nv.path(), bad);
        broken.add(name);
        continue;
      }
      if (names.containsKey(name)) {
        p.error(
            nv.location(),
            nv.path(),
            "duplicate external name \""
                + name
                + "\" (first declared at "
                + names.get(name).location()
                + "); give each external its own name");
        continue;
      }
      names.put(name, nv);
      YamlValue iv = item.get("ip");
      int errorsBefore = p.errorCount();
      int ip = iv.asIp4(p, 0);
      if (ip == 0) {
        if (iv.isAbsent()) {
          iv.require(p, "the external's IPv4 address, e.g. 172.18.0.100");
        } else if (p.errorCount() == errorsBefore) {
          p.error(
              iv.location(),
              iv.path(),
              "0.0.0.0 is not a host address; give the external's own IPv4 address");
        }
        broken.add(name);
        continue;
      }
      String special = specialAddress(ip);
      if (special != null) {
        p.error(
            iv.location(),
            iv.path(),
            Ip4.format(ip) + " is " + special + "; an external needs a unicast host address");
        broken.add(name);
        continue;
      }
      String other = ips.putIfAbsent(ip, name);
      if (other != null) {
        p.error(
            iv.location(),
            iv.path(),
            Ip4.format(ip)
                + " is already the address of external "
                + other
                + "; give each external its own address, or add this one's services to "
                + other);
        broken.add(name);
        continue;
      }
      List<ServiceSpec> services = new ArrayList<>();
      for (YamlValue sv : item.get("services").items(p)) {
        ServiceSpec s = bindService(sv, services);
        if (s != null) {
          services.add(s);
        }
      }
      out.add(origins.put(new ExternalSpec(name, ip, services), item));
    }
    return out;
  }

  /** Why {@code ip} cannot be a host's address, or null. */
  static String specialAddress(int ip) {
    int first = ip >>> 24;
    if (first == 127) {
      return "a loopback address";
    }
    if (first >= 224 && first <= 239) {
      return "a multicast address";
    }
    if (ip == -1) {
      return "the broadcast address";
    }
    if (first == 0) {
      return "in 0.0.0.0/8 (\"this network\")";
    }
    return null;
  }

  private ServiceSpec bindService(YamlValue sv, List<ServiceSpec> existing) {
    if (!sv.expectObject(p, "a service {port, protocol, app}")) {
      return null;
    }
    sv.warnUnknownFields(p, SERVICE_FIELDS, "a service");
    YamlValue pv = sv.get("port");
    if (!pv.require(p, "1..65535")) {
      return null;
    }
    int port = pv.asInt(p, 1, 65535, -1);
    if (port < 0) {
      return null;
    }
    Protocol proto = Protocol.TCP;
    YamlValue prv = sv.get("protocol");
    if (!prv.isAbsent()) {
      String s = prv.asString(p, "TCP");
      proto = Protocol.parse(s);
      if (proto == null || proto == Protocol.ICMP) {
        p.error(
            prv.location(),
            prv.path(),
            "\""
                + s
                + "\" is not a service protocol; use TCP or"
                + " UDP (every external answers ICMP echo)");
        return null;
      }
    }
    ServiceSpec.App app =
        proto == Protocol.TCP ? ServiceSpec.App.ECHO_IP : ServiceSpec.App.UDP_ECHO;
    YamlValue av = sv.get("app");
    if (!av.isAbsent()) {
      String s = av.asString(p, "");
      app = ServiceSpec.App.fromId(s);
      if (app == null) {
        p.error(
            av.location(),
            av.path(),
            "\"" + s + "\" is not an app; use echo-ip, udp-echo," + " http or sink");
        return null;
      }
    }
    if (proto == Protocol.UDP && (app == ServiceSpec.App.ECHO_IP || app == ServiceSpec.App.HTTP)) {
      p.error(
          av.location(),
          av.path(),
          "app " + app.id() + " speaks HTTP over TCP; with UDP use" + " udp-echo or sink");
      return null;
    }
    if (proto == Protocol.TCP && app == ServiceSpec.App.UDP_ECHO) {
      p.error(av.location(), av.path(), "app udp-echo needs protocol: UDP");
      return null;
    }
    for (ServiceSpec e : existing) {
      if (e.port() == port && e.protocol() == proto) {
        p.error(pv.location(), pv.path(), proto + " port " + port + " is declared twice");
        return null;
      }
    }
    String response = sv.get("response").asString(p, null);
    return new ServiceSpec(port, proto, app, response);
  }
}
