package dev.egret.scenarios.traffic;

/**
 * A TCP server application listening on a port ({@link HostStack#listenTcp}). For every connection
 * that completes its handshake, {@link #accept} returns the handler of that connection (it may
 * allocate one per connection).
 */
@FunctionalInterface
public interface TcpServerApp {
  /** Called when the connection reaches ESTABLISHED, before {@link TcpHandler#established}. */
  TcpHandler accept(TcpConnection connection);
}
