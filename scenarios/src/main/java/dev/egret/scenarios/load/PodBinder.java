package dev.egret.scenarios.load;

import dev.egret.scenarios.model.NetworkSettings;
import dev.egret.scenarios.model.PodDecl;
import dev.egret.topology.model.Labels;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binds {@code spec.pods[]}, the short form of v1 Pods. */
final class PodBinder {
  static final Set<String> FIELDS = Set.of("name", "namespace", "labels", "node", "ip", "uid");
  private final Problems p;
  private final NetworkSettings net;
  private final Origins origins;

  /** Some pod has no readable name or namespace (or spec.pods is not a list). */
  boolean incomplete;

  PodBinder(Problems p, NetworkSettings net, Origins origins) {
    this.p = p;
    this.net = net;
    this.origins = origins;
  }

  List<PodDecl> bind(YamlValue list) {
    List<PodDecl> out = new ArrayList<>();
    Map<String, YamlValue> keys = new LinkedHashMap<>();
    incomplete |= !list.isAbsent() && !list.isArray();
    for (YamlValue item : list.items(p)) {
      if (!item.expectObject(p, "a pod {name, namespace, labels, node}")) {
        incomplete = true;
        if (item.isAbsent()) {
          p.error(item.location(), item.path(), "is empty; a pod needs at least a name");
        }
        continue;
      }
      item.warnUnknownFields(p, FIELDS, "a pod");
      YamlValue nv = item.get("name");
      String name = nv.asString(p, null);
      if (name == null) {
        nv.require(p, "e.g. my-app");
        incomplete = true;
        continue;
      }
      String bad = Names.checkSubdomain(name);
      if (bad != null) {
        p.error(nv.location(), nv.path(), bad);
        incomplete = true;
        continue;
      }
      YamlValue nsv = item.get("namespace");
      String ns = nsv.asString(p, "default");
      String badNs = Names.checkDnsLabel(ns);
      if (badNs != null) {
        p.error(nsv.location(), nsv.path(), badNs);
        incomplete = true;
        continue;
      }
      String key = ns + "/" + name;
      if (keys.containsKey(key)) {
        p.error(
            nv.location(),
            nv.path(),
            "duplicate pod "
                + key
                + " (first declared at "
                + keys.get(key).location()
                + "); give each pod of a namespace its own name");
        continue;
      }
      keys.put(key, nv);
      Map<String, String> labels = NodeBinder.bindLabels(p, item.get("labels"));
      String node = item.get("node").asString(p, null);
      int ip = item.get("ip").asIp4(p, 0);
      YamlValue uv = item.get("uid");
      String uid = uv.asString(p, null);
      if (uid != null && uid.isBlank()) {
        p.error(
            uv.location(),
            uv.path(),
            "must not be empty; leave it out to derive one from the" + " seed");
        uid = null;
      }
      out.add(
          origins.put(
              new PodDecl(name, ns, Labels.of(labels), node, ip, uid, item.location()), item));
    }
    return out;
  }
}
