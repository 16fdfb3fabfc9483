package dev.egret.topology.k8s;

import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.controlplane.CiliumVersion;
import dev.egret.topology.model.AddressType;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeAddress;
import dev.egret.topology.yaml.Problems;
import dev.egret.topology.yaml.YamlDocument;
import dev.egret.topology.yaml.YamlReader;
import dev.egret.topology.yaml.YamlValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds Kubernetes objects from YAML/JSON documents (single, multi-document, or {@code kind: List}
 * as {@code kubectl get ... -o yaml} prints) into immutable resource records, validating them as
 * the API server (CRD schema) and the Cilium agent ({@code ParseCEGP}, reference §1.3) would for
 * the given Cilium version. One pass reports every problem with file:line:column and the field; an
 * object with an error is not returned (so an update that fails validation leaves the previous
 * version in effect, as in Cilium). Unknown kinds and fields are warnings. Fields of real dumps
 * that egret does not use ({@code status}, {@code managedFields}, container specs) are ignored
 * silently; the specs of egress policies are checked strictly for typos.
 */
public final class ResourceLoader {
  private static final Set<String> TOP_FIELDS =
      Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> LIST_FIELDS = Set.of("apiVersion", "kind", "metadata", "items");
  private static final Set<String> METADATA_FIELDS =
      Set.of(
          "name",
          "namespace",
          "uid",
          "labels",
          "annotations",
          "generateName",
          "resourceVersion",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "managedFields",
          "ownerReferences",
          "generation",
          "finalizers",
          "selfLink");
  private static final Set<String> NODE_SPEC_FIELDS =
      Set.of(
          "podCIDR",
          "podCIDRs",
          "providerID",
          "taints",
          "unschedulable",
          "configSource",
          "externalID");
  private static final Set<String> CEGP_SPEC_FIELDS =
      Set.of("selectors", "destinationCIDRs", "excludedCIDRs", "egressGateway", "egressGateways");
  private static final Set<String> CENP_SPEC_FIELDS =
      Set.of("egress", "destinationCIDRs", "egressSourceIP");
  private static final Set<String> RULE_FIELDS =
      Set.of("namespaceSelector", "podSelector", "nodeSelector");
  private static final Set<String> GATEWAY_FIELDS = Set.of("nodeSelector", "interface", "egressIP");
  private static final int MAX_REPLICAS = 1_000_000;
  private static final int MAX_NAME = 253;
  private static final int IPV6_MAX_PREFIX = 128;

  private final CiliumVersion version;
  private final Map<K8sResource, YamlValue> sources = new IdentityHashMap<>();

  public ResourceLoader(CiliumVersion version) {
    this.version = version;
  }

  /**
   * The YAML value {@code r} was bound from by this loader (so later checks can point at one of its
   * fields), or null for an object this loader did not bind.
   */
  public YamlValue source(K8sResource r) {
    return sources.get(r);
  }

  /** Reads and binds every object of a file. */
  public List<K8sResource> load(Path file, String displayName, Problems p) {
    return load(YamlReader.read(file, displayName, p), p);
  }

  /** Binds every object of in-memory text. */
  public List<K8sResource> load(String text, String displayName, Problems p) {
    return load(YamlReader.read(text, displayName, p), p);
  }

  /** Binds every object of the documents, in order. */
  public List<K8sResource> load(List<YamlDocument> docs, Problems p) {
    List<K8sResource> out = new ArrayList<>();
    for (YamlDocument d : docs) {
      bindObject(d.top(), p, out);
    }
    return out;
  }

  /** Binds one object (or every item of a List) found at {@code v}. */
  public void bindObject(YamlValue v, Problems p, List<K8sResource> out) {
    if (!v.expectObject(p, "a Kubernetes object (apiVersion, kind, metadata, ...)")) {
      return;
    }
    YamlValue av = v.get("apiVersion");
    YamlValue kv = v.get("kind");
    boolean ok = av.require(p, "e.g. v1 or cilium.io/v2");
    ok &= kv.require(p, "e.g. Pod or CiliumEgressGatewayPolicy");
    if (!ok) {
      return;
    }
    String api = av.asString(p, "");
    String kind = kv.asString(p, "");
    if (kind.equals("List") || kind.endsWith("List") && !v.get("items").isMissing()) {
      v.warnUnknownFields(p, LIST_FIELDS, "a List");
      for (YamlValue item : v.get("items").items(p)) {
        bindObject(item, p, out);
      }
      return;
    }
    String expected = expectedApiVersion(kind);
    if (expected == null) {
      p.warning(
          kv.location(),
          kv.path(),
          "kind \"" + kind + "\" (" + api + ") is not one egret models; skipped");
      return;
    }
    if (!expected.equals(api)) {
      p.error(
          av.location(),
          av.path(),
          "\"" + api + "\" is not an apiVersion of " + kind + " (use " + expected + ")");
      return;
    }
    if (kind.equals(CiliumEgressGatewayPolicy.KIND) && version.natPolicyEra()) {
      p.error(
          kv.location(),
          kv.path(),
          "CiliumEgressGatewayPolicy needs Cilium 1.12 or later; the scenario's version is "
              + version
              + " (write a cilium.io/v2alpha1 CiliumEgressNATPolicy, or set"
              + " spec.cilium.version: \"1.16\")");
      return;
    }
    if (kind.equals(CiliumEgressNATPolicy.KIND) && !version.natPolicyEra()) {
      p.error(
          kv.location(),
          kv.path(),
          "CiliumEgressNATPolicy was removed in Cilium 1.13; the scenario's version is "
              + version
              + " (rewrite it as a cilium.io/v2 CiliumEgressGatewayPolicy, or set"
              + " spec.cilium.version: \"1.10\")");
      return;
    }
    v.warnUnknownFields(p, TOP_FIELDS, "a " + kind);
    int before = p.errorCount();
    boolean namespaced =
        !(kind.equals("Namespace") || kind.equals("Node") || kind.startsWith("Cilium"));
    ObjectMeta meta = metadata(v, namespaced, p);
    YamlValue spec = v.get("spec");
    K8sResource r =
        switch (kind) {
          case "Namespace" -> new NamespaceResource(meta);
          case "Node" -> node(meta, v, p);
          case "Pod" -> pod(meta, v, p);
          case "Deployment" -> deployment(meta, spec, p);
          case "DaemonSet" -> daemonSet(meta, spec, p);
          case CiliumEgressGatewayPolicy.KIND -> cegp(meta, spec, p);
          case CiliumEgressNATPolicy.KIND -> cenp(meta, spec, p);
          default -> null;
        };
    if (r != null && p.errorCount() == before && meta.name() != null) {
      out.add(r);
      sources.put(r, v);
    }
  }

  private static String expectedApiVersion(String kind) {
    return switch (kind) {
      case "Namespace", "Node", "Pod" -> "v1";
      case "Deployment", "DaemonSet" -> "apps/v1";
      case CiliumEgressGatewayPolicy.KIND -> CiliumEgressGatewayPolicy.API_VERSION;
      case CiliumEgressNATPolicy.KIND -> CiliumEgressNATPolicy.API_VERSION;
      default -> null;
    };
  }

  // ------------------------------------------------------------------ metadata

  private ObjectMeta metadata(YamlValue obj, boolean namespaced, Problems p) {
    YamlValue m = obj.get("metadata");
    String name = null;
    String ns = null;
    String uid = null;
    Labels labels = Labels.EMPTY;
    if (m.require(p, "every object needs metadata.name")
        && m.expectObject(p, "a map (name, namespace, labels, ...)")) {
      m.warnUnknownFields(p, METADATA_FIELDS, "metadata");
      YamlValue nv = m.get("name");
      if (nv.require(p, "every object needs a name")) {
        name = nv.asString(p, null);
        if (name != null && !SelectorBinder.isDnsSubdomain(name)) {
          p.error(
              nv.location(),
              nv.path(),
              "\""
                  + name
                  + "\" is not a valid name (at most "
                  + MAX_NAME
                  + " lowercase letters, digits, '-' and '.', starting and ending with a letter"
                  + " or digit)");
        }
      }
      if (namespaced) {
        ns = m.get("namespace").asString(p, "default");
      } else if (!m.get("namespace").isAbsent()) {
        p.warning(
            m.get("namespace").keyLocation(),
            m.get("namespace").path(),
            "this kind is cluster-scoped; the namespace is ignored");
      }
      uid = m.get("uid").asString(p, null);
      labels = SelectorBinder.labels(m.get("labels"), p);
    }
    return new ObjectMeta(name, ns, uid, labels, obj.location());
  }

  // ------------------------------------------------------------------ core kinds

  private NodeResource node(ObjectMeta meta, YamlValue obj, Problems p) {
    YamlValue spec = obj.get("spec");
    Cidr4 podCidr = null;
    if (spec.expectObject(p, "a map")) {
      spec.warnUnknownFields(p, NODE_SPEC_FIELDS, "a Node spec");
      podCidr = spec.get("podCIDR").asCidr4(p);
      if (podCidr == null && !spec.get("podCIDRs").isAbsent()) {
        for (YamlValue c : spec.get("podCIDRs").items(p)) {
          String s = c.asString(p, "");
          if (!Ip4.looksLikeIpv6(s)) {
            podCidr = c.asCidr4(p);
            break;
          }
        }
      }
    }
    List<NodeAddress> addresses = new ArrayList<>();
    YamlValue status = obj.get("status");
    if (status.isObject()) {
      for (YamlValue a : status.get("addresses").items(p)) {
        String type = a.get("type").asString(p, "");
        AddressType t;
        try {
          t = AddressType.valueOf(type);
        } catch (IllegalArgumentException e) {
          p.error(
              a.get("type").location(),
              a.get("type").path(),
              "\"" + type + "\" is not a node address type (InternalIP or ExternalIP)");
          continue;
        }
        if (t != AddressType.InternalIP && t != AddressType.ExternalIP) {
          continue;
        }
        String addr = a.get("address").asString(p, "");
        if (Ip4.looksLikeIpv6(addr)) {
          continue; // IPv6 node addresses: egret models the IPv4 underlay only
        }
        int ip = a.get("address").asIp4(p, 0);
        if (ip != 0) {
          addresses.add(new NodeAddress(t, ip));
        }
      }
    }
    return new NodeResource(meta, podCidr, addresses);
  }

  private PodResource pod(ObjectMeta meta, YamlValue obj, Problems p) {
    YamlValue spec = obj.get("spec");
    YamlValue status = obj.get("status");
    if (spec.get("hostNetwork").isScalar() && spec.get("hostNetwork").asBoolean(p, false)) {
      return null; // host-network pods have no CiliumEndpoint
    }
    String phase = status.get("phase").isScalar() ? status.get("phase").asString(p, "") : "";
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return null;
    }
    String nodeName = spec.get("nodeName").asString(p, null);
    Labels nodeSelector = SelectorBinder.labels(spec.get("nodeSelector"), p);
    String sa = spec.get("serviceAccountName").asString(p, null);
    if (sa == null) {
      sa = spec.get("serviceAccount").asString(p, null);
    }
    int ip = 0;
    YamlValue podIp = status.get("podIP");
    if (!podIp.isAbsent()) {
      String s = podIp.asString(p, "");
      if (!Ip4.looksLikeIpv6(s)) {
        ip = podIp.asIp4(p, 0);
      }
    }
    return new PodResource(meta, nodeName, nodeSelector, sa, ip);
  }

  private record Template(Labels labels, Labels nodeSelector, String nodeName, String sa) {}

  private Template template(YamlValue spec, Problems p) {
    YamlValue t = spec.get("template");
    if (!t.require(p, "the pod template (metadata.labels, spec)")) {
      return new Template(Labels.EMPTY, Labels.EMPTY, null, null);
    }
    Labels labels = SelectorBinder.labels(t.get("metadata").get("labels"), p);
    YamlValue ps = t.get("spec");
    Labels ns = SelectorBinder.labels(ps.get("nodeSelector"), p);
    String nodeName = ps.get("nodeName").asString(p, null);
    String sa = ps.get("serviceAccountName").asString(p, null);
    YamlValue sel = spec.get("selector");
    if (sel.require(p, "apps/v1 requires a selector matching the template labels")) {
      LabelSelector s = SelectorBinder.selector(sel, p);
      if (s != null && !s.matches(labels)) {
        p.error(
            sel.location(),
            sel.path(),
            "does not match spec.template.metadata.labels "
                + labels
                + " (Kubernetes rejects it: selector does not match template labels)");
      }
    }
    return new Template(labels, ns, nodeName, sa);
  }

  private DeploymentResource deployment(ObjectMeta meta, YamlValue spec, Problems p) {
    if (!spec.require(p, "replicas, selector, template") || !spec.expectObject(p, "a map")) {
      return null;
    }
    int replicas = spec.get("replicas").asInt(p, 0, MAX_REPLICAS, 1);
    Template t = template(spec, p);
    return new DeploymentResource(meta, replicas, t.labels, t.nodeSelector, t.nodeName, t.sa);
  }

  private DaemonSetResource daemonSet(ObjectMeta meta, YamlValue spec, Problems p) {
    if (!spec.require(p, "selector, template") || !spec.expectObject(p, "a map")) {
      return null;
    }
    Template t = template(spec, p);
    return new DaemonSetResource(meta, t.labels, t.nodeSelector, t.sa);
  }

  // ------------------------------------------------------------------ Cilium policies

  private CiliumEgressGatewayPolicy cegp(ObjectMeta meta, YamlValue spec, Problems p) {
    if (!spec.require(p, "selectors, destinationCIDRs, egressGateway")
        || !spec.expectObject(p, "a map")) {
      return null;
    }
    spec.warnUnknownFields(p, CEGP_SPEC_FIELDS, "a CiliumEgressGatewayPolicy spec");
    List<EgressRule> selectors = rules(spec.get("selectors"), true, p);
    List<Cidr4> dst = cidrs(spec.get("destinationCIDRs"), true, p);
    List<Cidr4> exc = cidrs(spec.get("excludedCIDRs"), false, p);
    YamlValue gv = spec.get("egressGateway");
    EgressGateway gw = null;
    if (gv.require(
        p,
        "the gateway: {nodeSelector, interface or egressIP}; the CRD requires it even when"
            + " egressGateways is set")) {
      gw = gateway(gv, p);
    }
    List<EgressGateway> gws = new ArrayList<>();
    YamlValue gwsv = spec.get("egressGateways");
    if (!gwsv.isAbsent()) {
      if (!version.multiGateway()) {
        p.warning(
            gwsv.keyLocation(),
            gwsv.path(),
            "supported from Cilium 1.18; ignored under " + version + " (egressGateway is used)");
      } else {
        for (YamlValue g : gwsv.items(p)) {
          EgressGateway e = gateway(g, p);
          if (e != null) {
            gws.add(e);
          }
        }
      }
    }
    return new CiliumEgressGatewayPolicy(
        meta, new CiliumEgressGatewayPolicySpec(selectors, dst, exc, gw, gws));
  }

  private CiliumEgressNATPolicy cenp(ObjectMeta meta, YamlValue spec, Problems p) {
    if (!spec.require(p, "egress, destinationCIDRs, egressSourceIP")
        || !spec.expectObject(p, "a map")) {
      return null;
    }
    spec.warnUnknownFields(p, CENP_SPEC_FIELDS, "a CiliumEgressNATPolicy spec");
    List<EgressRule> rules = rules(spec.get("egress"), false, p);
    List<Cidr4> dst = cidrs(spec.get("destinationCIDRs"), true, p);
    YamlValue src = spec.get("egressSourceIP");
    int ip = 0;
    if (src.require(p, "the IPv4 address to SNAT to, owned by the gateway node")) {
      ip = src.asIp4(p, 0);
    }
    return new CiliumEgressNATPolicy(meta, rules, dst, ip);
  }

  private List<EgressRule> rules(YamlValue v, boolean cegp, Problems p) {
    List<EgressRule> out = new ArrayList<>();
    if (!v.require(p, "a list of {podSelector, namespaceSelector}")) {
      return out;
    }
    for (YamlValue r : v.items(p)) {
      if (!r.expectObject(p, "a map ({podSelector, namespaceSelector})")) {
        continue;
      }
      r.warnUnknownFields(
          p,
          cegp ? RULE_FIELDS : Set.of("namespaceSelector", "podSelector"),
          cegp ? "a selectors item" : "an egress item");
      LabelSelector ns = SelectorBinder.selector(r.get("namespaceSelector"), p);
      LabelSelector pod = SelectorBinder.selector(r.get("podSelector"), p);
      LabelSelector node = null;
      YamlValue nv = r.get("nodeSelector");
      if (cegp && !nv.isAbsent()) {
        if (version.sourceNodeSelector()) {
          node = SelectorBinder.selector(nv, p);
        } else {
          p.warning(
              nv.keyLocation(),
              nv.path(),
              "supported from Cilium 1.17; ignored under "
                  + version
                  + " (the policy applies to pods on every node)");
        }
      }
      if (ns == null && pod == null) {
        p.error(
            r.location(),
            r.path(),
            "needs a podSelector or a namespaceSelector (Cilium rejects the policy: cannot have"
                + " both nil namespace selector and nil pod selector)");
        continue;
      }
      out.add(new EgressRule(ns, pod, node));
    }
    return out;
  }

  private List<Cidr4> cidrs(YamlValue v, boolean required, Problems p) {
    List<Cidr4> out = new ArrayList<>();
    if (required && !v.require(p, "a list of CIDRs, e.g. [\"0.0.0.0/0\"]")) {
      return out;
    }
    for (YamlValue c : v.items(p)) {
      if (c.isScalar() && c.node().isTextual() && Ip4.looksLikeIpv6(c.node().asText())) {
        ipv6Cidr(c, p);
        continue;
      }
      Cidr4 cidr = c.asCidr4(p);
      if (cidr != null) {
        if (cidr.hasHostBits()) {
          p.warning(
              c.location(),
              c.path(),
              "\""
                  + cidr
                  + "\" has host bits set; Cilium keeps it as written and the kernel matches "
                  + cidr.masked()
                  + " (did you mean "
                  + cidr.masked()
                  + "?)");
        }
        out.add(cidr);
      }
    }
    return out;
  }

  private void ipv6Cidr(YamlValue c, Problems p) {
    String s = c.node().asText().trim();
    int slash = s.indexOf('/');
    boolean shape =
        slash > 0
            && s.substring(0, slash).matches("[0-9A-Fa-f:.]+")
            && s.substring(slash + 1).matches("\\d{1,3}")
            && Integer.parseInt(s.substring(slash + 1)) <= IPV6_MAX_PREFIX;
    if (!version.ipv6Cidrs()) {
      p.error(
          c.location(),
          c.path(),
          "\""
              + s
              + "\" is an IPv6 CIDR; Cilium "
              + version
              + " accepts only IPv4 CIDRs here (IPv6 arrived in 1.18)");
    } else if (!shape) {
      p.error(
          c.location(),
          c.path(),
          "\"" + s + "\" is not a CIDR (expected an IPv6 prefix such as 2001:db8::/64)");
    } else {
      p.warning(
          c.location(),
          c.path(),
          "IPv6 CIDR accepted by Cilium "
              + version
              + ", but egret models the IPv4 map only: no entry is computed for it");
    }
  }

  private EgressGateway gateway(YamlValue g, Problems p) {
    if (!g.expectObject(p, "a map ({nodeSelector, interface or egressIP})")) {
      return null;
    }
    g.warnUnknownFields(p, GATEWAY_FIELDS, "an egress gateway");
    LabelSelector ns = null;
    YamlValue nv = g.get("nodeSelector");
    if (nv.require(p, "selects the gateway node, e.g. {matchLabels: {egress-node: \"true\"}}")) {
      ns = SelectorBinder.selector(nv, p);
    }
    String iface = g.get("interface").asString(p, null);
    YamlValue ev = g.get("egressIP");
    int egressIp = 0;
    if (!ev.isAbsent()) {
      String s = ev.asString(p, "");
      if (!s.isEmpty()) {
        egressIp = ev.asIp4(p, 0);
      }
    }
    if (iface != null && !iface.isEmpty() && !ev.isAbsent()) {
      p.error(
          g.location(),
          g.path(),
          "interface and egressIP are mutually exclusive (set only one; Cilium rejects the"
              + " policy)");
    }
    return ns == null ? null : new EgressGateway(ns, iface, egressIp);
  }
}
