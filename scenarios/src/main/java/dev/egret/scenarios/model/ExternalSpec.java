package dev.egret.scenarios.model;

import java.util.List;

/** {@code spec.externals[]}: a host outside the cluster and the services it runs. */
public record ExternalSpec(String name, int ip, List<ServiceSpec> services) {

  /** The service listening on (protocol, port), or null. */
  public ServiceSpec service(Protocol protocol, int port) {
    for (ServiceSpec s : services) {
      if (s.protocol() == protocol && s.port() == port) {
        return s;
      }
    }
    return null;
  }
}
