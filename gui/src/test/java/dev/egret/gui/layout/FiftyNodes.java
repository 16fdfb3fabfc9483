package dev.egret.gui.layout;

/**
 * A scenario of 50 nodes (three of them labelled as gateways, the first by name wins), two nodes
 * with 12 pods, the rest with 0 to 2, two externals, traffic from three nodes and a gateway going
 * down.
 */
public final class FiftyNodes {
  private FiftyNodes() {}

  public static String yaml() {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: egret.dev/v1alpha1\nkind: Scenario\nmetadata:\n  name: fifty-nodes\n");
    y.append("spec:\n  seed: 5\n  nodes:\n");
    for (int i = 1; i <= 50; i++) {
      String labels = (i == 7 || i == 23 || i == 41) ? "{egress: gateway}" : "{role: worker}";
      y.append(
          String.format(
              "    - {name: node-%02d, internalIP: 172.18.1.%d, labels: %s}%n", i, i, labels));
    }
    y.append("  externals:\n");
    y.append("    - {name: api, ip: 203.0.113.80, services: [{port: 443, app: echo-ip}]}\n");
    y.append("    - {name: db, ip: 198.51.100.7, services: [{port: 5432, app: echo-ip}]}\n");
    y.append("  pods:\n");
    for (int i = 1; i <= 50; i++) {
      int n = (i == 3 || i == 4) ? 12 : i % 3;
      for (int k = 0; k < n; k++) {
        y.append(
            String.format(
                "    - {name: app-%02d-%d, namespace: default, labels: {app: web}, node: node-%02d}%n",
                i, k, i));
      }
    }
    y.append("  timeline:\n");
    y.append("    - at: 1s\n      http: {from: default/app-01-0, to: api:443}\n");
    y.append("    - at: 1s\n      http: {from: default/app-02-1, to: db:5432}\n");
    y.append("    - at: 1s\n      http: {from: default/app-50-1, to: api:443}\n");
    y.append("    - at: 2s\n      nodeDown: node-07\n");
    y.append("---\napiVersion: cilium.io/v2\nkind: CiliumEgressGatewayPolicy\n");
    y.append("metadata:\n  name: web-egress\nspec:\n  selectors:\n");
    y.append("    - podSelector:\n        matchLabels: {app: web}\n");
    y.append("  destinationCIDRs: [\"203.0.113.0/24\"]\n");
    y.append("  egressGateway:\n    nodeSelector:\n      matchLabels: {egress: gateway}\n");
    return y.toString();
  }
}
