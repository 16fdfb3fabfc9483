package dev.egret.scenarios.output;

import dev.egret.scenarios.record.FlowRecord;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes {@code flows.jsonl}: one Hubble {@code GetFlowsResponse} per line ({@link
 * HubbleFlowEncoder}), flows numbered from 0 in the order they are accepted, UTF-8. As a {@link
 * Consumer} it can listen to the run's flow records directly; I/O errors then surface as {@link
 * UncheckedIOException}.
 */
public final class FlowsJsonlWriter implements Consumer<FlowRecord>, Closeable {
  private static final int BUFFER_BYTES = 1 << 16;

  private final HubbleFlowEncoder encoder;
  private final Writer out;
  private long count;

  /**
   * @param out where the lines go (buffer it; this class does not)
   * @param seed the scenario's seed, from which the flow UUIDs derive
   */
  public FlowsJsonlWriter(Writer out, long seed) {
    this.encoder = new HubbleFlowEncoder(seed);
    this.out = out;
  }

  /** Opens {@code path} for writing (created or truncated), buffered, UTF-8. */
  public static FlowsJsonlWriter open(Path path, long seed) throws IOException {
    return new FlowsJsonlWriter(
        new BufferedWriter(
            new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8),
            BUFFER_BYTES),
        seed);
  }

  /** Appends one flow. */
  public void write(FlowRecord r) throws IOException {
    encoder.write(r, count++, out);
  }

  @Override
  public void accept(FlowRecord r) {
    try {
      write(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flows written so far. */
  public long count() {
    return count;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
