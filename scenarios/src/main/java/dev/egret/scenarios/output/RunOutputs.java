package dev.egret.scenarios.output;

import dev.egret.scenarios.record.FlowRecord;
import dev.egret.scenarios.result.RunResult;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything {@code egret run --out DIR} writes, in one place: an {@link OutputDirectory} holding
 * {@code flows.jsonl} (fed while the run goes, {@link #flow}), the pcaps ({@link #pcaps()}), the
 * egress lists ({@link #egressList}) and finally {@code result.json}, moved into place by {@link
 * #finish}. Closing without finishing deletes everything written (a failed or interrupted run
 * leaves no partial directory).
 *
 * <pre>{@code
 * try (RunOutputs out = RunOutputs.open(outDir, scenario.seed())) {
 *   out.pcaps().open("k8s-worker-2", "eth0");
 *   engine.onFlow(out::flow);           // every FlowRecord, in emission order
 *   engine.onFrame(out.pcaps()::write); // frames on captured interfaces
 *   RunResult result = engine.run();
 *   out.egressList("k8s-worker-1", table);
 *   out.finish(result);
 * }
 * }</pre>
 */
public final class RunOutputs implements Closeable {
  private final OutputDirectory dir;
  private final FlowsJsonlWriter flows;
  private final PcapCaptures pcaps;
  private boolean finished;

  private RunOutputs(OutputDirectory dir, FlowsJsonlWriter flows, PcapCaptures pcaps) {
    this.dir = dir;
    this.flows = flows;
    this.pcaps = pcaps;
  }

  /**
   * Prepares {@code target} (see {@link OutputDirectory#create} for when an existing one is
   * refused) and opens {@code flows.jsonl}.
   *
   * @param seed the scenario's seed, from which flow UUIDs derive
   */
  public static RunOutputs open(Path target, long seed) throws IOException {
    OutputDirectory dir = OutputDirectory.create(target);
    try {
      FlowsJsonlWriter flows = FlowsJsonlWriter.open(dir.resolve(OutputFiles.FLOWS_JSONL), seed);
      return new RunOutputs(dir, flows, new PcapCaptures(dir.path()));
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /**
   * Appends one flow to {@code flows.jsonl}; I/O errors surface as {@link UncheckedIOException}.
   */
  public void flow(FlowRecord r) {
    flows.accept(r);
  }

  /** Flows written so far. */
  public long flowCount() {
    return flows.count();
  }

  /** The pcap files, one per captured interface. */
  public PcapCaptures pcaps() {
    return pcaps;
  }

  /** Writes {@code egress-<node>.txt} with {@code table} (the {@code cilium-dbg} text) as is. */
  public void egressList(String node, String table) throws IOException {
    Files.writeString(dir.resolve(OutputFiles.egressList(node)), table, StandardCharsets.UTF_8);
  }

  /** Writes {@code result.json}, closes the files and moves the directory into place. */
  public Path finish(RunResult result) throws IOException {
    if (finished) {
      throw new IllegalStateException("outputs already finished");
    }
    flows.close();
    pcaps.close();
    ResultJson.write(result, dir.resolve(OutputFiles.RESULT_JSON));
    finished = true;
    return dir.commit();
  }

  /** Closes the files and, unless finished, deletes everything written. */
  @Override
  public void close() throws IOException {
    try {
      flows.close();
      pcaps.close();
    } finally {
      dir.close();
    }
  }
}
