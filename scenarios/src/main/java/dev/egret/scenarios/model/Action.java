package dev.egret.scenarios.model;

import dev.egret.datapath.net.Cidr4;
import dev.egret.topology.cluster.NodeSpec;
import dev.egret.topology.k8s.K8sResource;
import java.util.List;
import java.util.Map;

/** A timeline action (SPEC §3). */
public sealed interface Action
    permits Action.Traffic,
        Action.Apply,
        Action.Delete,
        Action.Label,
        Action.Reschedule,
        Action.NodeDown,
        Action.NodeUp,
        Action.NodeDelete,
        Action.NodeAdd,
        Action.AddressAdd,
        Action.AddressDel,
        Action.LinkDown,
        Action.LinkUp {

  /** The action's key in the scenario file ({@code http}, {@code reschedule}, ...). */
  String kind();

  /** Actions that open connections or send packets. */
  sealed interface Traffic extends Action permits Http, Tcp, Udp, Ping, Load {
    Source from();

    Destination to();

    /** How long the client waits before giving up (curl's --max-time). */
    long timeout();

    Protocol protocol();
  }

  /** A TCP connection with one HTTP request and its response, then close. */
  record Http(Source from, Destination to, long timeout) implements Traffic {
    public String kind() {
      return "http";
    }

    public Protocol protocol() {
      return Protocol.TCP;
    }
  }

  /** A TCP connection sending {@code bytes}, kept open {@code hold}, then closed. */
  record Tcp(Source from, Destination to, long bytes, long hold, long timeout) implements Traffic {
    public String kind() {
      return "tcp";
    }

    public Protocol protocol() {
      return Protocol.TCP;
    }
  }

  /** {@code count} UDP datagrams of {@code size} payload bytes. */
  record Udp(Source from, Destination to, int count, int size, long timeout) implements Traffic {
    public String kind() {
      return "udp";
    }

    public Protocol protocol() {
      return Protocol.UDP;
    }
  }

  /** {@code count} ICMP echo requests, one a second like ping. */
  record Ping(Source from, Destination to, int count, long timeout) implements Traffic {
    public String kind() {
      return "ping";
    }

    public Protocol protocol() {
      return Protocol.ICMP;
    }
  }

  /**
   * Connections opened at {@code rate} per second for {@code duration}, each held {@code hold},
   * spread over the selected pods in turn.
   */
  record Load(
      Source from,
      Destination to,
      Protocol protocol,
      double rate,
      long duration,
      long hold,
      long timeout)
      implements Traffic {
    public String kind() {
      return "load";
    }
  }

  /** Applies Kubernetes objects (create or update). */
  record Apply(List<K8sResource> objects) implements Action {
    public String kind() {
      return "apply";
    }
  }

  /** Deletes a Kubernetes object. */
  record Delete(String objectKind, String name, String namespace) implements Action {
    public String kind() {
      return "delete";
    }
  }

  /** Sets and removes labels of a node or a pod. */
  record Label(String node, String pod, Map<String, String> set, List<String> remove)
      implements Action {
    public String kind() {
      return "label";
    }
  }

  /** Moves a pod to another node; it gets a new IP there. */
  record Reschedule(String pod, String node) implements Action {
    public String kind() {
      return "reschedule";
    }
  }

  /** The node's datapath stops; its Node object stays (so Cilium keeps choosing it). */
  record NodeDown(String node) implements Action {
    public String kind() {
      return "nodeDown";
    }
  }

  /** The node's datapath resumes. */
  record NodeUp(String node) implements Action {
    public String kind() {
      return "nodeUp";
    }
  }

  /** The Node object is deleted. */
  record NodeDelete(String node) implements Action {
    public String kind() {
      return "nodeDelete";
    }
  }

  /** A Node object is added. */
  record NodeAdd(NodeSpec node) implements Action {
    public String kind() {
      return "nodeAdd";
    }
  }

  /** An address is added to a node's interface. */
  record AddressAdd(String node, String iface, Cidr4 address) implements Action {
    public String kind() {
      return "addressAdd";
    }
  }

  /** An address is removed from a node's interface. */
  record AddressDel(String node, String iface, Cidr4 address) implements Action {
    public String kind() {
      return "addressDel";
    }
  }

  /** A node's uplink, or the path between two vertices, goes down. */
  record LinkDown(String node, List<String> between) implements Action {
    public String kind() {
      return "linkDown";
    }
  }

  /** A link comes back up. */
  record LinkUp(String node, List<String> between) implements Action {
    public String kind() {
      return "linkUp";
    }
  }
}
