package dev.egret.topology.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.egret.datapath.net.Cidr4;
import dev.egret.datapath.net.Ip4;
import dev.egret.topology.model.LabelSelector;
import dev.egret.topology.model.Labels;
import dev.egret.topology.model.NodeAddress;
import dev.egret.topology.model.Requirement;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes resources back as Kubernetes YAML documents (for {@code egret generate} and tests), in the
 * form {@link ResourceLoader} reads: loading the output gives the same records.
 */
public final class ResourceWriter {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .build());

  private ResourceWriter() {}

  /** Every resource as one YAML document, separated by {@code ---}. */
  public static String write(List<? extends K8sResource> resources) {
    StringBuilder sb = new StringBuilder();
    for (K8sResource r : resources) {
      if (sb.length() > 0) {
        sb.append("---\n");
      }
      try {
        sb.append(YAML.writeValueAsString(tree(r)));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sb.toString();
  }

  /** One resource as a Jackson tree. */
  public static ObjectNode tree(K8sResource r) {
    ObjectNode o = NODES.objectNode();
    o.put("apiVersion", apiVersion(r));
    o.put("kind", r.kind());
    ObjectNode meta = o.putObject("metadata");
    meta.put("name", r.metadata().name());
    if (r.metadata().namespace() != null) {
      meta.put("namespace", r.metadata().namespace());
    }
    if (r.metadata().uid() != null) {
      meta.put("uid", r.metadata().uid());
    }
    if (!r.metadata().labels().isEmpty()) {
      meta.set("labels", labels(r.metadata().labels()));
    }
    if (r instanceof NodeResource n) {
      if (n.podCIDR() != null) {
        o.putObject("spec").put("podCIDR", n.podCIDR().toString());
      }
      ArrayNode addrs = o.putObject("status").putArray("addresses");
      for (NodeAddress a : n.addresses()) {
        addrs.addObject().put("address", Ip4.format(a.ip())).put("type", a.type().name());
      }
    } else if (r instanceof PodResource p) {
      ObjectNode spec = o.putObject("spec");
      if (p.nodeName() != null) {
        spec.put("nodeName", p.nodeName());
      }
      if (!p.nodeSelector().isEmpty()) {
        spec.set("nodeSelector", labels(p.nodeSelector()));
      }
      if (p.serviceAccountName() != null) {
        spec.put("serviceAccountName", p.serviceAccountName());
      }
      if (p.podIP() != 0) {
        o.putObject("status").put("podIP", Ip4.format(p.podIP()));
      }
    } else if (r instanceof DeploymentResource d) {
      ObjectNode spec = o.putObject("spec");
      spec.put("replicas", d.replicas());
      template(spec, d.templateLabels(), d.nodeSelector(), d.nodeName(), d.serviceAccountName());
    } else if (r instanceof DaemonSetResource d) {
      template(
          o.putObject("spec"), d.templateLabels(), d.nodeSelector(), null, d.serviceAccountName());
    } else if (r instanceof CiliumEgressGatewayPolicy c) {
      CiliumEgressGatewayPolicySpec s = c.spec();
      ObjectNode spec = o.putObject("spec");
      spec.set("selectors", rules(s.selectors()));
      spec.set("destinationCIDRs", cidrs(s.destinationCIDRs()));
      if (!s.excludedCIDRs().isEmpty()) {
        spec.set("excludedCIDRs", cidrs(s.excludedCIDRs()));
      }
      if (s.egressGateway() != null) {
        spec.set("egressGateway", gateway(s.egressGateway()));
      }
      if (!s.egressGateways().isEmpty()) {
        ArrayNode gws = spec.putArray("egressGateways");
        s.egressGateways().forEach(g -> gws.add(gateway(g)));
      }
    } else if (r instanceof CiliumEgressNATPolicy c) {
      ObjectNode spec = o.putObject("spec");
      spec.set("egress", rules(c.egress()));
      spec.set("destinationCIDRs", cidrs(c.destinationCIDRs()));
      spec.put("egressSourceIP", Ip4.format(c.egressSourceIP()));
    }
    return o;
  }

  private static String apiVersion(K8sResource r) {
    if (r instanceof DeploymentResource || r instanceof DaemonSetResource) {
      return "apps/v1";
    }
    if (r instanceof CiliumEgressGatewayPolicy) {
      return CiliumEgressGatewayPolicy.API_VERSION;
    }
    if (r instanceof CiliumEgressNATPolicy) {
      return CiliumEgressNATPolicy.API_VERSION;
    }
    return "v1";
  }

  private static void template(
      ObjectNode spec, Labels labels, Labels nodeSelector, String nodeName, String sa) {
    spec.putObject("selector").set("matchLabels", labels(labels));
    ObjectNode t = spec.putObject("template");
    t.putObject("metadata").set("labels", labels(labels));
    ObjectNode ps = t.putObject("spec");
    if (!nodeSelector.isEmpty()) {
      ps.set("nodeSelector", labels(nodeSelector));
    }
    if (nodeName != null) {
      ps.put("nodeName", nodeName);
    }
    if (sa != null) {
      ps.put("serviceAccountName", sa);
    }
    ps.putArray("containers")
        .addObject()
        .put("name", "app")
        .put("image", "registry.k8s.io/pause:3.9");
  }

  private static ObjectNode labels(Labels l) {
    ObjectNode o = NODES.objectNode();
    l.asMap().forEach(o::put);
    return o;
  }

  private static ArrayNode cidrs(List<Cidr4> cs) {
    ArrayNode a = NODES.arrayNode();
    cs.forEach(c -> a.add(c.toString()));
    return a;
  }

  private static ArrayNode rules(List<EgressRule> rules) {
    ArrayNode a = NODES.arrayNode();
    for (EgressRule r : rules) {
      ObjectNode o = a.addObject();
      if (r.namespaceSelector() != null) {
        o.set("namespaceSelector", selector(r.namespaceSelector()));
      }
      if (r.podSelector() != null) {
        o.set("podSelector", selector(r.podSelector()));
      }
      if (r.nodeSelector() != null) {
        o.set("nodeSelector", selector(r.nodeSelector()));
      }
    }
    return a;
  }

  private static ObjectNode gateway(EgressGateway g) {
    ObjectNode o = NODES.objectNode();
    o.set("nodeSelector", selector(g.nodeSelector()));
    if (g.iface() != null) {
      o.put("interface", g.iface());
    }
    if (g.egressIP() != 0) {
      o.put("egressIP", Ip4.format(g.egressIP()));
    }
    return o;
  }

  private static ObjectNode selector(LabelSelector s) {
    ObjectNode o = NODES.objectNode();
    if (!s.matchLabels().isEmpty()) {
      ObjectNode ml = o.putObject("matchLabels");
      s.matchLabels().forEach(ml::put);
    }
    if (!s.matchExpressions().isEmpty()) {
      ArrayNode me = o.putArray("matchExpressions");
      for (Requirement r : s.matchExpressions()) {
        ObjectNode e = me.addObject().put("key", r.key()).put("operator", r.operator().name());
        if (!r.values().isEmpty()) {
          ArrayNode v = e.putArray("values");
          r.values().forEach(v::add);
        }
      }
    }
    return o;
  }
}
