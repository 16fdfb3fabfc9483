package dev.egret.scenarios.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;

/**
 * The record of a lab left up by {@code egret lab up}: which scenario it was built for, when, and
 * its namespaces, in {@value #FILE_TEXT} (tmpfs: gone after a reboot, like the namespaces), so
 * {@code lab run}, {@code lab validate} and {@code lab down} find it.
 */
public final class LabState {
  static final String FILE_TEXT = "/run/egret-lab/lab.properties";

  /** Where the record lives; a system property overrides it (tests). */
  static Path file() {
    return Path.of(System.getProperty("egret.lab.state", FILE_TEXT));
  }

  /** A lab that is up. */
  public record Up(String scenarioName, String file, String created, String namespaces) {}

  private LabState() {}

  /** The lab that is up, or null. */
  public static Up read() {
    Path f = file();
    if (!Files.exists(f)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(f)) {
      p.load(r);
    } catch (IOException e) {
      throw new LabException("cannot read " + f + ": " + e.getMessage(), e);
    }
    return new Up(
        p.getProperty("scenario", "?"),
        p.getProperty("file", "?"),
        p.getProperty("created", "?"),
        p.getProperty("namespaces", ""));
  }

  /** Records that the lab for {@code scenarioName} is up. */
  public static void write(String scenarioName, Path scenarioFile, Iterable<String> namespaces) {
    Path f = file();
    Properties p = new Properties();
    p.setProperty("scenario", scenarioName);
    p.setProperty("file", scenarioFile == null ? "?" : scenarioFile.toAbsolutePath().toString());
    p.setProperty("created", Instant.now().toString());
    p.setProperty("namespaces", String.join(" ", namespaces));
    try {
      Files.createDirectories(f.getParent());
      try (Writer w = Files.newBufferedWriter(f)) {
        p.store(w, "egret lab: the lab that is up (egret lab down removes it)");
      }
    } catch (IOException e) {
      throw new LabException("cannot write " + f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes the machine-wide lab lock ({@code lab.lock} next to the record), waiting while another
   * egret process builds, runs or removes a lab, so two runs never share namespaces. Released by
   * closing the returned handle (or when the process exits).
   */
  public static AutoCloseable lock() {
    Path f = file().resolveSibling("lab.lock");
    try {
      Files.createDirectories(f.getParent());
      java.nio.channels.FileChannel ch =
          java.nio.channels.FileChannel.open(
              f, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
      java.nio.channels.FileLock l = ch.lock();
      return () -> {
        l.release();
        ch.close();
      };
    } catch (IOException e) {
      throw new LabException("cannot lock " + f + ": " + e.getMessage(), e);
    }
  }

  /** Forgets the lab that was up. */
  public static void clear() {
    try {
      Files.deleteIfExists(file());
    } catch (IOException e) {
      throw new LabException("cannot remove " + file() + ": " + e.getMessage(), e);
    }
  }
}
