package dev.egret.scenarios.traffic;

import static dev.egret.scenarios.traffic.LinuxTcp.TCP_FIN_TIMEOUT;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_ORPHAN_RETRIES;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_RCV_WINDOW;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_RETRIES2;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_SYNACK_RETRIES;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_SYN_RETRIES;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_TIMEWAIT_SIM;
import static dev.egret.scenarios.traffic.LinuxTcp.TCP_WINDOW_SEGMENTS;

import dev.egret.datapath.packet.Tcp;
import dev.egret.sim.Event;
import dev.egret.sim.Simulation;

/**
 * One TCP connection of a {@link HostStack}: the RFC 9293 state machine as Linux runs it, kept
 * small on purpose.
 *
 * <p>What is modelled: the three-way handshake with the MSS option (MSS = MTU − 40, the send MSS
 * the smaller of ours and the peer's); SYN and SYN-ACK retransmission on Linux's timer (1 s,
 * doubling; {@code tcp_syn_retries} 6, {@code tcp_synack_retries} 5); a listener answering a
 * retransmitted SYN with its SYN-ACK again ({@code tcp_check_req}); data in MSS-sized segments, PSH
 * on the last segment of a write, cumulative ACKs sent at once for every segment received (or
 * carried by the data an application sends in answer); a retransmission timer with RFC 6298's RTT
 * estimator, Linux's 200 ms floor, Karn's rule and exponential backoff ({@link RttEstimator});
 * giving up after {@code tcp_retries2} (15) expirations, or {@code tcp_orphan_retries} (8) once the
 * application has closed; FIN riding on the last data segment when the application closed before it
 * left ({@code tcp_send_fin}); active, passive and simultaneous close through FIN_WAIT_1/2,
 * CLOSING, CLOSE_WAIT, LAST_ACK and TIME_WAIT; a retransmitted FIN re-ACKed in TIME_WAIT; RST
 * handling with RFC 5961's exact-sequence rule (an in-window but inexact RST draws a challenge ACK,
 * {@code tcp_validate_incoming}); RST|ACK when the application aborts ({@code
 * tcp_send_active_reset}).
 *
 * <p>What is simplified: no congestion control: the send window is a fixed {@link
 * LinuxTcp#TCP_WINDOW_SEGMENTS} segments (Linux's initial cwnd), also right after an RTO, where
 * egret goes back to the first unacknowledged byte and resends the window (go-back-N) instead of
 * slow-starting; no fast retransmit, SACK, timestamps, window scaling, delayed ACK, Nagle, TSO,
 * keepalive, urgent data or zero-window probing; out-of-order segments are dropped and answered
 * with a duplicate ACK (no out-of-order queue); every segment advertises the same window ({@link
 * LinuxTcp#TCP_RCV_WINDOW}); TIME_WAIT lasts {@link LinuxTcp#TCP_TIMEWAIT_SIM} instead of 60 s, and
 * a new SYN for a tuple in TIME_WAIT always starts a new connection (Linux accepts it when its
 * sequence number or timestamp is newer); simultaneous open is not modelled (a SYN without ACK in
 * SYN_SENT is ignored); data in a SYN-ACK is ignored; of ICMP errors, fragmentation needed lowers
 * the MSS (path MTU discovery) and any other destination unreachable ends a connection in SYN_SENT
 * ({@code tcp_v4_err}); others change nothing.
 *
 * <p>Sequence numbers are kept as 64-bit offsets from the ISNs (0 is the SYN), so nothing wraps in
 * the state machine; they are converted to 32-bit wire values only in frames.
 *
 * <p>The application calls {@link #send}, {@link #sendFiller}, {@link #close()} and {@link
 * #abort()}; inside a {@link TcpHandler} callback the resulting segments leave when the stack has
 * finished processing the segment that woke the handler (as a process runs after the softirq).
 */
public final class TcpConnection implements Event {
  private static final long NO_TIME = -1;

  private enum Timer {
    NONE,
    RETRANSMIT,
    TIME_WAIT,
    FIN_WAIT_2
  }

  private static final TcpHandler NO_HANDLER = new TcpHandler() {};

  private final TcpLayer layer;
  final long key;
  private final int localPort;
  private final int remoteIp;
  private final int remotePort;
  private final boolean passive;
  private final TcpServerApp app;
  private TcpHandler handler;
  private TcpState state;
  private long tag;

  // Send sequence space, as offsets from iss: 0 is the SYN, data byte i is 1 + i, then the FIN.
  private final int iss;
  private long sndUna;
  private long sndNxt;
  private long sndMax;
  private int sndWnd = TCP_RCV_WINDOW;
  private int mss;
  private final SendBuffer out = new SendBuffer();
  private boolean closeRequested;
  private int ipId;

  // Receive sequence space, as offsets from irs.
  private int irs;
  private long rcvNxt;
  private boolean ackPending;
  private boolean inInput;

  private final RttEstimator rtt = new RttEstimator();
  private long timedOff = NO_TIME;
  private long timedSentAt;
  private int retries;
  private int synRetransmits;
  private Timer timer = Timer.NONE;
  private long deadline = NO_TIME;
  private long scheduledAt = NO_TIME;
  private long handle;

  private long segmentsSent;
  private long retransmittedSegments;
  private long bytesReceived;
  private long establishedAt = NO_TIME;
  private boolean closedNotified;

  private TcpConnection(
      TcpLayer layer,
      long key,
      int localPort,
      int remoteIp,
      int remotePort,
      boolean passive,
      TcpServerApp app,
      TcpHandler handler,
      int iss,
      int ipId,
      long tag) {
    this.layer = layer;
    this.key = key;
    this.localPort = localPort;
    this.remoteIp = remoteIp;
    this.remotePort = remotePort;
    this.passive = passive;
    this.app = app;
    this.handler = handler;
    this.iss = iss;
    this.ipId = ipId;
    this.tag = tag;
    this.mss = layer.host().mss();
  }

  /** A client connection in SYN_SENT; {@link #start()} sends its SYN. */
  static TcpConnection open(
      TcpLayer layer,
      long key,
      int localPort,
      int remoteIp,
      int remotePort,
      TcpHandler handler,
      int iss,
      int ipId,
      long tag) {
    TcpConnection c =
        new TcpConnection(
            layer, key, localPort, remoteIp, remotePort, false, null, handler, iss, ipId, tag);
    c.state = TcpState.SYN_SENT;
    return c;
  }

  /** Sends the first SYN and arms its retransmission timer. */
  void start() {
    if (state != TcpState.SYN_SENT || sndMax != 0) {
      throw new IllegalStateException("already started: " + this);
    }
    sndNxt = 1;
    sndMax = 1;
    timedOff = 1;
    timedSentAt = now();
    sendSyn();
    armTimer(Timer.RETRANSMIT, now() + rtt.rto());
  }

  /** A server connection for a SYN that reached a listener: sends the SYN-ACK (SYN_RCVD). */
  static TcpConnection accept(
      TcpLayer layer,
      long key,
      int localPort,
      int remoteIp,
      int remotePort,
      TcpServerApp app,
      int iss,
      int ipId,
      long tag,
      int peerSeq,
      int peerMss) {
    TcpConnection c =
        new TcpConnection(
            layer, key, localPort, remoteIp, remotePort, true, app, NO_HANDLER, iss, ipId, tag);
    c.state = TcpState.SYN_RCVD;
    c.irs = peerSeq;
    c.rcvNxt = 1;
    c.mss = Math.min(c.mss, peerMss);
    c.sndNxt = 1;
    c.sndMax = 1;
    c.timedOff = 1;
    c.timedSentAt = c.now();
    c.sendSynAck();
    c.armTimer(Timer.RETRANSMIT, c.now() + c.rtt.rto());
    return c;
  }

  // ---------------------------------------------------------------- application interface

  /** Queues {@code data} for sending (ESTABLISHED or CLOSE_WAIT only). */
  public void send(byte[] data) {
    send(data, 0, data.length);
  }

  /** Queues {@code len} bytes of {@code b} from {@code off} for sending. */
  public void send(byte[] b, int off, int len) {
    checkWritable();
    out.append(b, off, len);
    outputUnlessInInput();
  }

  /** Queues {@code n} bytes of filler (lowercase letters) for sending. */
  public void sendFiller(long n) {
    checkWritable();
    out.appendFiller(n);
    outputUnlessInInput();
  }

  /**
   * Closes our direction: the FIN follows the queued data (ESTABLISHED → FIN_WAIT_1, CLOSE_WAIT →
   * LAST_ACK). In SYN_SENT the attempt is dropped without a segment ({@code tcp_close}); reported
   * as {@link TcpCloseReason#ABORTED}. No-op once closing.
   */
  public void close() {
    switch (state) {
      case SYN_SENT -> terminate(TcpCloseReason.ABORTED);
      case ESTABLISHED -> {
        closeRequested = true;
        state = TcpState.FIN_WAIT_1;
        outputUnlessInInput();
      }
      case CLOSE_WAIT -> {
        closeRequested = true;
        state = TcpState.LAST_ACK;
        outputUnlessInInput();
      }
      default -> {}
    }
  }

  /**
   * Aborts: a synchronized connection sends RST|ACK ({@code tcp_send_active_reset}); one in
   * SYN_SENT just stops. Reported as {@link TcpCloseReason#ABORTED}. No-op once closed.
   */
  public void abort() {
    if (state == TcpState.CLOSED) {
      return;
    }
    if (state.isSynchronized() && state != TcpState.TIME_WAIT) {
      emit(Tcp.RST | Tcp.ACK, sndMax, null, 0, 0);
    }
    terminate(TcpCloseReason.ABORTED);
  }

  public TcpState state() {
    return state;
  }

  public int localPort() {
    return localPort;
  }

  public int remoteIp() {
    return remoteIp;
  }

  public int remotePort() {
    return remotePort;
  }

  /** Whether this is the server side (created by a SYN to a listener). */
  public boolean isPassive() {
    return passive;
  }

  /** The flow id carried in the tag of every frame of this connection. */
  public long tag() {
    return tag;
  }

  /** The initial send sequence number (wire value). */
  public int iss() {
    return iss;
  }

  /** The send MSS: the smaller of ours (MTU − 40) and the peer's, lowered by path MTU discovery. */
  public int mss() {
    return mss;
  }

  /** Application bytes queued so far. */
  public long bytesQueued() {
    return out.length();
  }

  /** Application bytes sent at least once. */
  public long bytesSent() {
    return Math.max(0, Math.min(sndMax - 1, out.length()));
  }

  /** Application bytes the peer acknowledged. */
  public long bytesAcked() {
    return Math.max(0, Math.min(sndUna - 1, out.length()));
  }

  /** In-order application bytes received. */
  public long bytesReceived() {
    return bytesReceived;
  }

  /** Segments sent, SYNs and retransmissions included. */
  public long segmentsSent() {
    return segmentsSent;
  }

  /** Data or FIN segments sent again after an RTO. */
  public long retransmittedSegments() {
    return retransmittedSegments;
  }

  /** How often the SYN (client) or SYN-ACK (server) was retransmitted. */
  public int synRetransmits() {
    return synRetransmits;
  }

  /** When the connection reached ESTABLISHED, or -1. */
  public long establishedAt() {
    return establishedAt;
  }

  /** The current retransmission timeout, backoff included. */
  public long rto() {
    return rtt.rto();
  }

  @Override
  public String toString() {
    return "tcp " + layer.host().name() + ":" + localPort + " <-> " + remotePort + " " + state;
  }

  // ---------------------------------------------------------------- segment input

  /** Processes one segment of this connection (already checksummed and demultiplexed). */
  void segment(
      int flags,
      int seq,
      int ack,
      int window,
      byte[] b,
      int payOff,
      int payLen,
      int peerMss,
      long frameTag) {
    if (passive && frameTag != 0) {
      tag = frameTag; // a server's answers carry the tag of what they answer
    }
    inInput = true;
    try {
      input(flags, seq, ack, window, b, payOff, payLen, peerMss);
    } finally {
      inInput = false;
    }
    if (state != TcpState.CLOSED && state != TcpState.TIME_WAIT) {
      output();
    }
    if (ackPending && state != TcpState.CLOSED) {
      sendAck();
    }
  }

  private void input(
      int flags, int seq, int ack, int window, byte[] b, int payOff, int payLen, int peerMss) {
    if ((flags & Tcp.RST) != 0) {
      onRst(flags, seq, ack);
      return;
    }
    switch (state) {
      case SYN_SENT -> {
        onSynSentSegment(flags, seq, ack, window, peerMss);
        return;
      }
      case SYN_RCVD -> {
        if ((flags & Tcp.SYN) != 0) {
          if ((flags & Tcp.ACK) == 0 && seq == irs) {
            // tcp_check_req: a retransmitted SYN gets the SYN-ACK again (inet_rtx_syn_ack).
            timedOff = NO_TIME;
            sendSynAck();
          }
          return;
        }
        if ((flags & Tcp.ACK) == 0) {
          return;
        }
        if (ack != sndSeq(1)) {
          layer.sendResetFor(remoteIp, remotePort, localPort, seq, ack, flags, payLen, tag);
          return;
        }
        establishPassive(window);
        if (state == TcpState.CLOSED) {
          return;
        }
      }
      case TIME_WAIT -> {
        if ((flags & Tcp.FIN) != 0) {
          // A retransmitted FIN: our last ACK was lost. ACK again and restart the timer
          // (tcp_timewait_state_process, inet_twsk_reschedule).
          ackPending = true;
          armTimer(Timer.TIME_WAIT, now() + TCP_TIMEWAIT_SIM);
        }
        return;
      }
      case CLOSED -> {
        return;
      }
      default -> {
        if ((flags & Tcp.SYN) != 0) {
          // A duplicate SYN-ACK (our ACK was lost) or a stray SYN: answer with an ACK.
          ackPending = true;
          return;
        }
        if ((flags & Tcp.ACK) == 0) {
          return;
        }
      }
    }
    if (!processAck(ack, window)) {
      return;
    }
    if (state == TcpState.CLOSED) {
      return;
    }
    processData(flags, seq, b, payOff, payLen);
  }

  private void onSynSentSegment(int flags, int seq, int ack, int window, int peerMss) {
    if ((flags & Tcp.ACK) != 0 && ack != sndSeq(sndNxt)) {
      // RFC 9293 §3.10.7.3: an unacceptable ACK in SYN_SENT draws <SEQ=SEG.ACK><CTL=RST>.
      layer.sendResetFor(remoteIp, remotePort, localPort, seq, ack, flags, 0, tag);
      return;
    }
    if ((flags & (Tcp.SYN | Tcp.ACK)) != (Tcp.SYN | Tcp.ACK)) {
      return; // simultaneous open is not modelled
    }
    irs = seq;
    rcvNxt = 1;
    sndUna = 1;
    sndWnd = window;
    mss = Math.min(mss, peerMss);
    handshakeDone();
    // tcp_rcv_synsent_state_process: the handshake's ACK leaves at once, before the application
    // (woken by the completed connect) writes anything.
    sendAck();
    handler.established(this);
  }

  private void establishPassive(int window) {
    sndUna = 1;
    sndWnd = window;
    handshakeDone();
    handler = app.accept(this);
    if (handler == null) {
      handler = NO_HANDLER;
    }
    handler.established(this);
  }

  private void handshakeDone() {
    if (timedOff >= 0) {
      rtt.sample(now() - timedSentAt);
    } else {
      rtt.fallBackAfterRetransmittedHandshake();
    }
    timedOff = NO_TIME;
    retries = 0;
    stopTimer();
    state = TcpState.ESTABLISHED;
    establishedAt = now();
  }

  /** Processes the ACK field; false if the segment must be dropped. */
  private boolean processAck(int ack, int window) {
    int delta = ack - sndSeq(sndUna);
    if (delta > 0) {
      long ackOff = sndUna + delta;
      if (ackOff > sndMax) {
        ackPending = true; // acknowledges something never sent: ACK and drop
        return false;
      }
      sndUna = ackOff;
      if (sndNxt < sndUna) {
        sndNxt = sndUna;
      }
      retries = 0;
      rtt.clearBackoff();
      if (timedOff >= 0 && ackOff >= timedOff) {
        rtt.sample(now() - timedSentAt);
        timedOff = NO_TIME;
      }
      if (sndUna == sndMax) {
        if (timer == Timer.RETRANSMIT) {
          stopTimer();
        }
      } else {
        armTimer(Timer.RETRANSMIT, now() + rtt.rto());
      }
      if (closeRequested && sndUna == finOffset() + 1) {
        onFinAcked();
      }
    }
    sndWnd = window;
    return true;
  }

  private void onFinAcked() {
    switch (state) {
      case FIN_WAIT_1 -> {
        state = TcpState.FIN_WAIT_2;
        armTimer(Timer.FIN_WAIT_2, now() + TCP_FIN_TIMEOUT);
        handler.sendCompleted(this);
      }
      case CLOSING -> {
        handler.sendCompleted(this);
        enterTimeWait();
      }
      case LAST_ACK -> {
        handler.sendCompleted(this);
        terminate(TcpCloseReason.CLOSED);
      }
      default -> {}
    }
  }

  private void processData(int flags, int seq, byte[] b, int payOff, int payLen) {
    boolean fin = (flags & Tcp.FIN) != 0;
    if (payLen == 0 && !fin) {
      return;
    }
    int delta = seq - rcvSeq(rcvNxt);
    if (delta > 0) {
      ackPending = true; // out of order: dropped (no ofo queue), duplicate ACK
      return;
    }
    int skip = -delta;
    if (skip > payLen || (skip == payLen && !fin)) {
      ackPending = true; // entirely old: a retransmission we already have
      return;
    }
    ackPending = true;
    int fresh = payLen - skip;
    if (fresh > 0 && acceptsData()) {
      rcvNxt += fresh;
      bytesReceived += fresh;
      handler.data(this, b, payOff + skip, fresh);
      if (state == TcpState.CLOSED) {
        return;
      }
    }
    if (fin) {
      rcvNxt += 1;
      onFinReceived();
    }
  }

  private boolean acceptsData() {
    return state == TcpState.ESTABLISHED
        || state == TcpState.FIN_WAIT_1
        || state == TcpState.FIN_WAIT_2;
  }

  private void onFinReceived() {
    switch (state) {
      case ESTABLISHED -> {
        state = TcpState.CLOSE_WAIT;
        handler.peerClosed(this);
      }
      case FIN_WAIT_1 -> {
        state = TcpState.CLOSING; // simultaneous close: our FIN is not acknowledged yet
        handler.peerClosed(this);
      }
      case FIN_WAIT_2 -> {
        handler.peerClosed(this);
        enterTimeWait();
      }
      default -> {}
    }
  }

  private void onRst(int flags, int seq, int ack) {
    switch (state) {
      case SYN_SENT -> {
        // RFC 9293 §3.10.7.3: acceptable only if it acknowledges our SYN.
        if ((flags & Tcp.ACK) != 0 && ack == sndSeq(sndNxt)) {
          terminate(TcpCloseReason.REFUSED);
        }
      }
      case SYN_RCVD -> {
        if (seq == rcvSeq(rcvNxt)) {
          terminate(TcpCloseReason.RESET);
        }
      }
      case TIME_WAIT -> terminate(TcpCloseReason.CLOSED); // net.ipv4.tcp_rfc1337=0: killed
      case CLOSED -> {}
      default -> {
        int d = seq - rcvSeq(rcvNxt);
        if (d == 0) {
          terminate(TcpCloseReason.RESET);
        } else if (d > 0 && d < TCP_RCV_WINDOW) {
          ackPending = true; // RFC 5961 §3.2 challenge ACK (tcp_send_challenge_ack)
        }
      }
    }
  }

  // ---------------------------------------------------------------- output

  private void outputUnlessInInput() {
    if (!inInput) {
      output();
    }
  }

  private void checkWritable() {
    if (closeRequested) {
      throw new IllegalStateException("send after close on " + this);
    }
    if (state != TcpState.ESTABLISHED && state != TcpState.CLOSE_WAIT) {
      throw new IllegalStateException("send in state " + state + " on " + this);
    }
  }

  private boolean canSend() {
    return switch (state) {
      case ESTABLISHED, CLOSE_WAIT, FIN_WAIT_1, CLOSING, LAST_ACK -> true;
      default -> false;
    };
  }

  /** The offset of our FIN (right after the data); meaningful once close was requested. */
  private long finOffset() {
    return 1 + out.length();
  }

  /**
   * Sends what the window allows from {@code sndNxt}: data segments of at most one MSS, the FIN on
   * the last one (or alone), and arms the retransmission timer if something is in flight.
   */
  private void output() {
    if (!canSend()) {
      return;
    }
    long dataEnd = 1 + out.length();
    long windowEnd = sndUna + Math.min((long) TCP_WINDOW_SEGMENTS * mss, sndWnd);
    while (sndNxt < dataEnd) {
      long room = windowEnd - sndNxt;
      if (room <= 0) {
        break;
      }
      long pos = sndNxt - 1;
      int len = out.contiguous(pos, (int) Math.min(mss, room));
      boolean last = sndNxt + len == dataEnd;
      boolean withFin = last && closeRequested;
      int flags = Tcp.ACK | (last ? Tcp.PSH : 0) | (withFin ? Tcp.FIN : 0);
      sent(sndNxt, len + (withFin ? 1 : 0));
      emit(flags, sndNxt, out.array(pos), out.arrayOffset(pos), len);
      sndNxt += len + (withFin ? 1 : 0);
      sndMax = Math.max(sndMax, sndNxt);
    }
    if (closeRequested && sndNxt == dataEnd) {
      sent(sndNxt, 1);
      emit(Tcp.FIN | Tcp.ACK, sndNxt, null, 0, 0);
      sndNxt = dataEnd + 1;
      sndMax = Math.max(sndMax, sndNxt);
    }
    if (sndMax > sndUna && timer != Timer.RETRANSMIT) {
      armTimer(Timer.RETRANSMIT, now() + rtt.rto());
    }
  }

  /** Bookkeeping before a segment covering [off, off + span) leaves: retransmission or timing. */
  private void sent(long off, long span) {
    if (off < sndMax) {
      retransmittedSegments++;
    } else if (timedOff < 0) {
      timedOff = off + span;
      timedSentAt = now();
    }
  }

  private void sendAck() {
    emit(Tcp.ACK, sndMax, null, 0, 0);
  }

  private void sendSyn() {
    layer.emitHandshake(this, Tcp.SYN, iss, 0, nextIpId());
    segmentsSent++;
  }

  private void sendSynAck() {
    // ip_build_and_send_pkt: the SYN-ACK leaves with DF and IP id 0.
    layer.emitHandshake(this, Tcp.SYN | Tcp.ACK, iss, rcvSeq(rcvNxt), 0);
    segmentsSent++;
  }

  private void emit(int flags, long seqOff, byte[] payload, int payOff, int payLen) {
    layer.emit(this, flags, sndSeq(seqOff), rcvSeq(rcvNxt), payload, payOff, payLen, nextIpId());
    segmentsSent++;
    ackPending = false;
  }

  private int nextIpId() {
    int id = ipId & 0xffff;
    ipId++;
    return id;
  }

  // ---------------------------------------------------------------- timers and teardown

  @Override
  public void run(Simulation sim) {
    scheduledAt = NO_TIME;
    if (deadline == NO_TIME || state == TcpState.CLOSED) {
      return;
    }
    if (sim.now() < deadline) {
      handle = sim.scheduleAt(deadline, this);
      scheduledAt = deadline;
      return;
    }
    Timer fired = timer;
    stopTimer();
    switch (fired) {
      case RETRANSMIT -> retransmitTimeout();
      case TIME_WAIT -> {
        state = TcpState.CLOSED;
        layer.remove(this);
      }
      case FIN_WAIT_2 -> terminate(TcpCloseReason.CLOSED);
      default -> {}
    }
  }

  /** {@code tcp_retransmit_timer} ({@code net/ipv4/tcp_timer.c}), simplified to go-back-N. */
  private void retransmitTimeout() {
    switch (state) {
      case SYN_SENT -> {
        if (synRetransmits >= TCP_SYN_RETRIES) {
          terminate(TcpCloseReason.TIMED_OUT);
          return;
        }
        synRetransmits++;
        timedOff = NO_TIME;
        rtt.backOff();
        sendSyn();
        armTimer(Timer.RETRANSMIT, now() + rtt.rto());
      }
      case SYN_RCVD -> {
        if (synRetransmits >= TCP_SYNACK_RETRIES) {
          terminate(TcpCloseReason.TIMED_OUT); // the request sock is dropped silently
          return;
        }
        synRetransmits++;
        timedOff = NO_TIME;
        rtt.backOff();
        sendSynAck();
        armTimer(Timer.RETRANSMIT, now() + rtt.rto());
      }
      default -> {
        if (sndMax == sndUna || !canSend()) {
          return;
        }
        int limit = closeRequested ? TCP_ORPHAN_RETRIES : TCP_RETRIES2;
        if (retries >= limit) {
          terminate(TcpCloseReason.TIMED_OUT); // tcp_write_err: no RST is sent
          return;
        }
        retries++;
        timedOff = NO_TIME; // Karn: no sample from retransmitted data
        rtt.backOff();
        sndNxt = sndUna;
        output();
        armTimer(Timer.RETRANSMIT, now() + rtt.rto());
      }
    }
  }

  private void enterTimeWait() {
    state = TcpState.TIME_WAIT;
    armTimer(Timer.TIME_WAIT, now() + TCP_TIMEWAIT_SIM);
    notifyClosed(TcpCloseReason.CLOSED);
  }

  /** Ends the connection now: removed from the table, the handler told once. */
  private void terminate(TcpCloseReason reason) {
    boolean wasInTable = state != TcpState.CLOSED;
    state = TcpState.CLOSED;
    stopTimer();
    if (wasInTable) {
      layer.remove(this);
    }
    notifyClosed(reason);
  }

  /**
   * An ICMP destination unreachable quoting sequence number {@code seq}: fatal in SYN_SENT if it
   * quotes our SYN ({@code tcp_v4_err}), otherwise a soft error that changes nothing.
   */
  void icmpUnreachable(int seq) {
    if (state == TcpState.SYN_SENT && seq == sndSeq(0)) {
      terminate(TcpCloseReason.UNREACHABLE);
    }
  }

  /**
   * ICMP fragmentation needed quoting {@code seq}, with the path MTU {@code mtu}: if the quoted
   * sequence is in flight and the MTU lowers our MSS, the MSS shrinks and everything outstanding is
   * sent again at once at the new size ({@code tcp_v4_mtu_reduced}, {@code tcp_simple_retransmit}).
   */
  void pathMtuReduced(int seq, int mtu) {
    int d = seq - sndSeq(sndUna);
    if (d < 0 || d > sndMax - sndUna) {
      return;
    }
    int newMss = mtu - LinuxTcp.TCP_IP_HEADERS;
    if (newMss >= mss) {
      return;
    }
    mss = newMss;
    if (sndMax > sndUna && canSend()) {
      sndNxt = sndUna;
      timedOff = NO_TIME;
      output();
    }
  }

  /** Called by the layer when a new SYN takes over this tuple while in TIME_WAIT. */
  void recycleFromTimeWait() {
    state = TcpState.CLOSED;
    stopTimer();
  }

  private void notifyClosed(TcpCloseReason reason) {
    if (!closedNotified) {
      closedNotified = true;
      handler.closed(this, reason);
    }
  }

  /**
   * Arms the connection's one timer. Lazily: an event already pending for an earlier time is kept
   * and, when it fires early, re-schedules itself for the deadline, so restarting the timer on
   * every ACK costs no event-list operation.
   */
  private void armTimer(Timer kind, long at) {
    timer = kind;
    deadline = at;
    if (scheduledAt == NO_TIME || scheduledAt > at) {
      Simulation sim = layer.host().sim();
      if (scheduledAt != NO_TIME) {
        sim.cancel(handle);
      }
      handle = sim.scheduleAt(at, this);
      scheduledAt = at;
    }
  }

  private void stopTimer() {
    timer = Timer.NONE;
    deadline = NO_TIME;
  }

  private long now() {
    return layer.host().sim().now();
  }

  private int sndSeq(long off) {
    return (int) (iss + off);
  }

  private int rcvSeq(long off) {
    return (int) (irs + off);
  }
}
