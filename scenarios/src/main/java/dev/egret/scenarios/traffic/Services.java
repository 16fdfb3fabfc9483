package dev.egret.scenarios.traffic;

import dev.egret.scenarios.model.Protocol;
import dev.egret.scenarios.model.ServiceSpec;
import java.util.List;

/** Binds an external's {@code services} (SPEC §3) to its {@link HostStack}. */
public final class Services {
  private Services() {}

  /**
   * Starts every service on {@code host}: TCP {@code echo-ip} and {@code http} as {@link
   * HttpServerApp}, {@code sink} as {@link TcpSinkApp} or {@link UdpSinkApp}, UDP {@code udp-echo}
   * as {@link UdpEchoApp}.
   *
   * @throws IllegalArgumentException for a combination the loader rejects (e.g. echo-ip over UDP)
   */
  public static void install(HostStack host, List<ServiceSpec> services) {
    for (ServiceSpec s : services) {
      install(host, s);
    }
  }

  /** Starts one service; returns its app (a {@link TcpServerApp} or a {@link UdpHandler}). */
  public static Object install(HostStack host, ServiceSpec s) {
    if (s.protocol() == Protocol.TCP) {
      TcpServerApp app =
          switch (s.app()) {
            case ECHO_IP -> HttpServerApp.echoIp();
            case HTTP -> HttpServerApp.fixed(s.response());
            case SINK -> new TcpSinkApp();
            case UDP_ECHO -> throw unsupported(s);
          };
      host.listenTcp(s.port(), app);
      return app;
    }
    if (s.protocol() == Protocol.UDP) {
      UdpHandler app =
          switch (s.app()) {
            case UDP_ECHO -> new UdpEchoApp();
            case SINK -> new UdpSinkApp();
            case ECHO_IP, HTTP -> throw unsupported(s);
          };
      host.bindUdp(s.port(), app);
      return app;
    }
    throw unsupported(s);
  }

  private static IllegalArgumentException unsupported(ServiceSpec s) {
    return new IllegalArgumentException(
        "app " + s.app().id() + " does not run over " + s.protocol() + " (port " + s.port() + ")");
  }
}
