package dev.egret.scenarios.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.egret.datapath.pcap.PcapReader;
import dev.egret.datapath.pcap.PcapWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {
  @TempDir Path parent;

  @Test
  void commitMovesEverythingIntoPlaceAndLeavesNothingElse() throws IOException {
    Path target = parent.resolve("out");
    try (OutputDirectory out = OutputDirectory.create(target)) {
      assertFalse(Files.exists(target), "nothing at the target before the commit");
      assertEquals(parent, out.path().getParent(), "the temporary directory is a sibling");
      assertTrue(out.path().getFileName().toString().startsWith(".out.egret-tmp-"));
      Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "{}\n");
      Files.writeString(out.resolve(OutputFiles.FLOWS_JSONL), "");
      assertEquals(target, out.commit());
    }
    assertEquals(List.of("out"), list(parent));
    assertEquals(List.of("flows.jsonl", "result.json"), list(target));
    assertEquals("{}\n", Files.readString(target.resolve(OutputFiles.RESULT_JSON)));
  }

  @Test
  void anExceptionMidWriteLeavesNoTargetAndNoTemporaryDirectory() throws IOException {
    Path target = parent.resolve("out");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (OutputDirectory out = OutputDirectory.create(target)) {
                Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "{\"partial\":");
                Files.createDirectories(out.resolve("sub/dir"));
                Files.writeString(out.resolve("sub/dir/x"), "x");
                throw new IllegalStateException("simulation failed");
              }
            });
    assertEquals("simulation failed", e.getMessage());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), list(parent));
  }

  @Test
  void anExistingOutputIsReplacedWhole() throws IOException {
    Path target = parent.resolve("out");
    Files.createDirectories(target);
    Files.writeString(target.resolve(OutputFiles.RESULT_JSON), "old");
    Files.writeString(target.resolve("stale.pcap"), "old");
    try (OutputDirectory out = OutputDirectory.create(target)) {
      Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "new");
      assertEquals("old", Files.readString(target.resolve(OutputFiles.RESULT_JSON)));
      out.commit();
    }
    assertEquals(List.of("out"), list(parent), "the old directory is gone too");
    assertEquals(List.of("result.json"), list(target));
    assertEquals("new", Files.readString(target.resolve(OutputFiles.RESULT_JSON)));
  }

  @Test
  void anExistingOutputSurvivesAFailedRun() throws IOException {
    Path target = parent.resolve("out");
    Files.createDirectories(target);
    Files.writeString(target.resolve(OutputFiles.RESULT_JSON), "old");
    try (OutputDirectory out = OutputDirectory.create(target)) {
      Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "new");
      // no commit: the run failed
    }
    assertEquals(List.of("out"), list(parent));
    assertEquals("old", Files.readString(target.resolve(OutputFiles.RESULT_JSON)));
  }

  @Test
  void anEmptyExistingDirectoryIsReplaced() throws IOException {
    Path target = Files.createDirectories(parent.resolve("out"));
    try (OutputDirectory out = OutputDirectory.create(target)) {
      Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "new");
      out.commit();
    }
    assertEquals(List.of("result.json"), list(target));
  }

  @Test
  void aDirectoryThatIsNotAnEgretOutputIsNeverReplaced() throws IOException {
    Path home = Files.createDirectories(parent.resolve("home"));
    Files.writeString(home.resolve("thesis.tex"), "precious");
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> OutputDirectory.create(home));
    assertTrue(e.getMessage().contains("not an egret output directory"), e.getMessage());
    assertEquals(List.of("home"), list(parent));
    assertEquals("precious", Files.readString(home.resolve("thesis.tex")));
  }

  @Test
  void aFileOrASymlinkAtTheTargetIsRefused() throws IOException {
    Path file = Files.writeString(parent.resolve("out.txt"), "x");
    assertThrows(FileAlreadyExistsException.class, () -> OutputDirectory.create(file));
    Path real = Files.createDirectories(parent.resolve("real"));
    Path link = Files.createSymbolicLink(parent.resolve("link"), real);
    assertThrows(FileAlreadyExistsException.class, () -> OutputDirectory.create(link));
    assertEquals(List.of("link", "out.txt", "real"), list(parent));
  }

  @Test
  void theShutdownHookDeletesTheTemporaryDirectory() throws IOException {
    Path target = parent.resolve("out");
    OutputDirectory out = OutputDirectory.create(target);
    Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "partial");
    out.abortOnShutdown(); // what Ctrl-C runs
    assertEquals(List.of(), list(parent));
    assertThrows(IllegalStateException.class, out::commit);
    out.close();
    assertFalse(Files.exists(target));
  }

  @Test
  void theHookIsRegisteredUntilCommit() throws IOException {
    OutputDirectory out = OutputDirectory.create(parent.resolve("out"));
    Runtime rt = Runtime.getRuntime();
    assertTrue(rt.removeShutdownHook(out.shutdownHook()), "registered while writing");
    rt.addShutdownHook(out.shutdownHook());
    out.commit();
    assertFalse(rt.removeShutdownHook(out.shutdownHook()), "gone after the commit");
    out.close();
  }

  @Test
  void aKilledRunLeavesNothingBehind() throws Exception {
    Path target = parent.resolve("out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                InterruptedRunMain.class.getName(),
                target.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertEquals("ready", r.readLine());
      assertEquals(1, list(parent).size(), "the temporary directory exists while running");
      p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
    assertEquals(List.of(), list(parent));
  }

  @Test
  void theParentIsCreatedWhenMissing() throws IOException {
    Path target = parent.resolve("a/b/out");
    try (OutputDirectory out = OutputDirectory.create(target)) {
      out.commit();
    }
    assertTrue(Files.isDirectory(target));
    assertEquals(List.of("out"), list(parent.resolve("a/b")));
  }

  @Test
  void commitTwiceIsAnError() throws IOException {
    try (OutputDirectory out = OutputDirectory.create(parent.resolve("out"))) {
      out.commit();
      assertThrows(IllegalStateException.class, out::commit);
    }
  }

  @Test
  void pcapCapturesWriteOneNanosecondFilePerInterface() throws IOException {
    Path target = parent.resolve("out");
    byte[] frame = Flows.tcp(Flows.POD_IP, Flows.WORLD_IP, 1, 2, 0x02, Flows.POD_MAC);
    try (OutputDirectory out = OutputDirectory.create(target)) {
      try (PcapCaptures pcaps = new PcapCaptures(out.path())) {
        pcaps.open("k8s-worker-2", "eth0");
        pcaps.open("k8s-worker-2", "eth0");
        pcaps.open("k8s-worker-1", "eth1");
        pcaps.write("k8s-worker-2", "eth0", 1_000_000_123L, frame, 0, frame.length);
        pcaps.write("k8s-worker-3", "eth0", 5, frame, 0, frame.length); // not captured
        assertEquals(2, pcaps.files().size());
        IOException clash =
            assertThrows(IOException.class, () -> pcaps.open("k8s-worker", "2-eth0"));
        assertTrue(clash.getMessage().contains("k8s-worker-2/eth0"), clash.getMessage());
      }
      Files.writeString(out.resolve(OutputFiles.RESULT_JSON), "{}");
      out.commit();
    }
    assertEquals(
        List.of("k8s-worker-1-eth1.pcap", "k8s-worker-2-eth0.pcap", "result.json"), list(target));
    PcapReader.File f = read(target.resolve("k8s-worker-2-eth0.pcap"));
    assertTrue(f.nanosecond());
    assertEquals(PcapWriter.LINKTYPE_ETHERNET, f.linkType());
    assertEquals(1, f.packets().size());
    assertEquals(1_000_000_123L, f.packets().get(0).timestampNanos());
    assertArrayEquals(frame, f.packets().get(0).data());
    assertEquals(0, read(target.resolve("k8s-worker-1-eth1.pcap")).packets().size());
  }

  @Test
  void fileNamesCannotEscapeTheDirectory() {
    assertEquals(".._etc-eth0.pcap", OutputFiles.pcap("../etc", "eth0"));
    assertEquals("_-_.pcap", OutputFiles.pcap("..", "."));
    assertEquals("egress-k8s-worker-1.txt", OutputFiles.egressList("k8s-worker-1"));
    assertEquals("egress-a_b.txt", OutputFiles.egressList("a/b"));
  }

  private static PcapReader.File read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return PcapReader.read(in);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
