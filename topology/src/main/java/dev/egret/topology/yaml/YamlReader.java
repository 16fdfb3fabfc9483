package dev.egret.topology.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML (or JSON, which is YAML) files into located {@link YamlDocument}s. Multi-document
 * streams ({@code ---}) give one document each; empty documents are skipped. Anchors and aliases
 * are resolved. Syntax errors, tabs used for indentation, duplicate keys, text that is not UTF-8,
 * binary content and missing files become problems with a location, never exceptions.
 */
public final class YamlReader {
  /** Files larger than this are refused before parsing (SPEC: bounded resources). */
  public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  /** How deeply collections may nest (SnakeYAML's default is 50; real manifests stay near 15). */
  public static final int MAX_NESTING = 200;

  /**
   * How many values aliases may copy into one document: each {@code *alias} copies its anchor, so
   * ten anchors of ten aliases each would expand a few hundred bytes into 10^10 values (a "billion
   * laughs" document); real manifests copy a few hundred at most.
   */
  public static final long MAX_ALIAS_EXPANSION = 1_000_000;

  /** Ends reading a document whose aliases expand beyond {@link #MAX_ALIAS_EXPANSION}. */
  private static final class AliasBomb extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AliasBomb() {
      super(null, null, false, false);
    }
  }

  private static final YAMLFactory FACTORY = factory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlReader() {}

  /**
   * A factory whose only size limits are egret's: SnakeYAML refuses documents over 3 MiB by
   * default, which a {@code kubectl get pods -A -o yaml} of a few thousand pods exceeds; files are
   * bounded by {@link #MAX_FILE_BYTES} instead.
   */
  private static YAMLFactory factory() {
    org.yaml.snakeyaml.LoaderOptions o = new org.yaml.snakeyaml.LoaderOptions();
    o.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, MAX_FILE_BYTES));
    o.setNestingDepthLimit(MAX_NESTING);
    return YAMLFactory.builder()
        // the builder's defaults differ from new YAMLFactory()'s: keep empty documents null
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .loaderOptions(o)
        .streamReadConstraints(
            com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, MAX_FILE_BYTES))
                .build())
        .build();
  }

  /**
   * Reads every document of a file.
   *
   * @param displayName how the file is named in messages (e.g. relative to the scenario)
   */
  public static List<YamlDocument> read(Path path, String displayName, Problems problems) {
    byte[] bytes;
    try {
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        problems.error(
            Location.ofFile(displayName),
            "",
            "file is " + size + " bytes; the limit is " + MAX_FILE_BYTES);
        return List.of();
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      problems.error(Location.ofFile(displayName), "", "file not found");
      return List.of();
    } catch (IOException e) {
      problems.error(Location.ofFile(displayName), "", "cannot read file: " + e.getMessage());
      return List.of();
    }
    return read(bytes, displayName, problems);
  }

  /** Reads every document of in-memory bytes (UTF-8). */
  public static List<YamlDocument> read(byte[] bytes, String displayName, Problems problems) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalidUtf8(bytes);
      Location at = locate(new String(bytes, 0, bad, StandardCharsets.UTF_8), displayName);
      problems.error(
          at,
          "",
          "not UTF-8 text (byte 0x"
              + String.format("%02x", bytes[bad] & 0xff)
              + " at offset "
              + bad
              + "); is this a binary file? egret reads YAML saved as UTF-8 text");
      return List.of();
    }
    return read(text, displayName, problems);
  }

  /** Reads every document of a string. */
  public static List<YamlDocument> read(String text, String displayName, Problems problems) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      problems.error(
          locate(text.substring(0, nul), displayName),
          "",
          "contains a NUL character; this is not a YAML text file");
      return List.of();
    }
    List<YamlDocument> docs = new ArrayList<>();
    try (YAMLParser p = FACTORY.createParser(text)) {
      Builder b = new Builder(displayName, p, problems);
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        Builder doc = b.fresh();
        JsonNode root = doc.value(t, "");
        if (root != null && !root.isNull()) {
          docs.add(
              new YamlDocument(displayName, docs.size(), root, doc.valueAt, doc.keyAt, doc.raw));
        }
      }
    } catch (AliasBomb reported) {
      return List.of();
    } catch (JsonProcessingException e) {
      problems.error(syntaxLocation(e, text, displayName), "", syntaxMessage(e));
    } catch (IOException e) {
      problems.error(Location.ofFile(displayName), "", "cannot parse: " + e.getMessage());
    } catch (RuntimeException e) {
      // snakeyaml signals some malformed input with unchecked exceptions.
      problems.error(syntaxLocation(e, text, displayName), "", syntaxMessage(e));
    }
    return docs;
  }

  /** Builds one document's tree and its location index from the token stream. */
  private static final class Builder {
    final String file;
    final YAMLParser p;
    final Problems problems;
    final Map<String, Long> valueAt = new HashMap<>();
    final Map<String, Long> keyAt = new HashMap<>();
    final Map<String, String> raw = new HashMap<>();
    final Map<String, JsonNode> anchors = new HashMap<>();
    final Map<String, Long> anchorSizes = new HashMap<>();
    long copied;

    Builder(String file, YAMLParser p, Problems problems) {
      this.file = file;
      this.p = p;
      this.problems = problems;
    }

    Builder fresh() {
      return new Builder(file, p, problems);
    }

    JsonNode value(JsonToken t, String pointer) throws IOException {
      JsonLocation l = p.currentTokenLocation();
      valueAt.put(pointer, YamlDocument.pack(l.getLineNr(), l.getColumnNr()));
      Object anchorId = p.getObjectId();
      String anchor = anchorId == null ? null : anchorId.toString();
      if (p.isCurrentAlias()) {
        String name = p.getText();
        JsonNode target = anchors.get(name);
        copied += target == null ? 0 : anchorSizes.getOrDefault(name, 1L);
        if (copied > MAX_ALIAS_EXPANSION) {
          problems.error(
              new Location(file, l.getLineNr(), l.getColumnNr()),
              YamlValue.displayPath(pointer),
              "aliases expand this document to more than "
                  + String.format(java.util.Locale.ROOT, "%,d", MAX_ALIAS_EXPANSION)
                  + " copied values (each *alias copies its &anchor, and anchors here contain"
                  + " aliases); refusing it as a \"billion laughs\" document: write the values"
                  + " out, or alias less");
          throw new AliasBomb();
        }
        if (target == null) {
          problems.error(
              new Location(file, l.getLineNr(), l.getColumnNr()),
              YamlValue.displayPath(pointer),
              "alias *"
                  + name
                  + " refers to no anchor &"
                  + name
                  + " defined before it; define the anchor first, or write the value out");
          return NODES.nullNode();
        }
        return target.deepCopy();
      }
      JsonNode node;
      switch (t) {
        case START_OBJECT -> node = object(pointer);
        case START_ARRAY -> node = array(pointer);
        case VALUE_STRING -> {
          raw.put(pointer, p.getText());
          node = NODES.textNode(p.getText());
        }
        case VALUE_NUMBER_INT -> {
          raw.put(pointer, p.getText());
          node =
              switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
              };
        }
        case VALUE_NUMBER_FLOAT -> {
          raw.put(pointer, p.getText());
          node = NODES.numberNode(p.getDecimalValue());
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          raw.put(pointer, p.getText());
          node = NODES.booleanNode(t == JsonToken.VALUE_TRUE);
        }
        case VALUE_NULL -> {
          raw.put(pointer, p.getText());
          node = NODES.nullNode();
        }
        default -> throw new IOException("unexpected YAML token " + t);
      }
      if (anchor != null) {
        anchors.put(anchor, node);
        anchorSizes.put(anchor, size(node));
      }
      return node;
    }

    /** The number of values in {@code n}, itself included. */
    private static long size(JsonNode n) {
      long s = 1;
      for (JsonNode c : n) {
        s += size(c);
      }
      return s;
    }

    private ObjectNode object(String pointer) throws IOException {
      ObjectNode o = NODES.objectNode();
      Set<String> seen = new HashSet<>();
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
        if (t != JsonToken.FIELD_NAME) {
          throw new IOException("expected a key, got " + t);
        }
        String key = p.currentName();
        JsonLocation kl = p.currentTokenLocation();
        String child = pointer + "/" + escape(key);
        if (!seen.add(key)) {
          problems.error(
              new Location(file, kl.getLineNr(), kl.getColumnNr()),
              YamlValue.displayPath(child),
              "duplicate key \""
                  + key
                  + "\" (the earlier value would be silently replaced); keep one of them");
        }
        keyAt.put(child, YamlDocument.pack(kl.getLineNr(), kl.getColumnNr()));
        JsonNode v = value(p.nextToken(), child);
        o.set(key, v);
      }
      return o;
    }

    private ArrayNode array(String pointer) throws IOException {
      ArrayNode a = NODES.arrayNode();
      JsonToken t;
      int i = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        a.add(value(t, pointer + "/" + i));
        i++;
      }
      return a;
    }
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  private static Location syntaxLocation(Throwable e, String text, String file) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m
          && m.getProblemMark() != null) {
        return new Location(
            file, m.getProblemMark().getLine() + 1, m.getProblemMark().getColumn() + 1);
      }
      if (c instanceof org.yaml.snakeyaml.reader.ReaderException r) {
        int pos = Math.min(Math.max(r.getPosition(), 0), text.length());
        return locate(text.substring(0, pos), file);
      }
    }
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      return new Location(file, j.getLocation().getLineNr(), j.getLocation().getColumnNr());
    }
    return Location.ofFile(file);
  }

  private static String syntaxMessage(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
        String problem = m.getProblem() == null ? "" : m.getProblem();
        if (problem.contains("\\t(TAB)") || problem.contains("\t")) {
          return "YAML syntax error: a tab character is used for indentation; YAML allows only"
              + " spaces";
        }
        String explained = explain(problem, m.getContext(), m.getContextMark());
        if (explained != null) {
          return "YAML syntax error: " + explained;
        }
        String ctx = m.getContext() == null ? "" : " (" + oneLine(m.getContext()) + ")";
        return "YAML syntax error: " + oneLine(problem) + ctx;
      }
      if (c instanceof org.yaml.snakeyaml.reader.ReaderException r) {
        return "not a YAML text file: it contains the control character U+"
            + String.format("%04X", r.getCodePoint());
      }
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return "YAML syntax error: " + oneLine(nl > 0 ? m.substring(0, nl) : m);
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  /**
   * SnakeYAML's message for the common mistakes, rewritten to say what is wrong and what would be
   * right, naming where the unfinished construct started; null for the others.
   */
  static String explain(String problem, String context, org.yaml.snakeyaml.error.Mark start) {
    String ctx = context == null ? "" : context;
    String from =
        start == null
            ? ""
            : " at line " + (start.getLine() + 1) + ", column " + (start.getColumn() + 1);
    if (problem.startsWith("expected ',' or '}'")) {
      return "the flow map '{' opened"
          + from
          + " is not closed: end it with '}' and separate its entries with ','";
    }
    if (problem.startsWith("expected ',' or ']'")) {
      return "the flow list '[' opened"
          + from
          + " is not closed: end it with ']' and separate its items with ','";
    }
    if (problem.startsWith("mapping values are not allowed here")) {
      return "unexpected ':' here: this line is indented more than the key above it, or a plain"
          + " value contains \": \" (indent keys like their siblings; quote such values)";
    }
    if (problem.startsWith("expected <block end>") && ctx.contains("block mapping")) {
      return problem.contains("'-'")
          ? "a list item '-' where the map started"
              + from
              + " expects a key: put the list under a key (key:, then the items indented"
              + " below it)"
          : "this line's indentation matches no enclosing map: align it with the keys of the map"
              + " started"
              + from
              + " or with its parent's keys";
    }
    if (problem.startsWith("expected <block end>") && ctx.contains("block collection")) {
      return "this line's indentation matches no enclosing list: align its '-' with the items of"
          + " the list started"
          + from;
    }
    if (problem.startsWith("found unexpected end of stream") && ctx.contains("quoted scalar")) {
      return "the quoted string opened" + from + " is never closed: add the closing quote";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "the text starting"
          + from
          + " is not \"key: value\": add ': ' after the key, or indent it under the value it"
          + " continues";
    }
    if (problem.startsWith("found unknown escape character")) {
      return "unknown escape sequence in a double-quoted string: write \\\\ for a backslash, or"
          + " use single quotes";
    }
    if (problem.contains("that cannot start any token")) {
      int q = problem.indexOf('\'');
      String ch = q >= 0 && q + 2 < problem.length() ? problem.substring(q + 1, q + 2) : "it";
      return "'"
          + ch
          + "' cannot start an unquoted value: quote the value (e.g. \""
          + ch
          + "...\")";
    }
    if (ctx.contains("while scanning an alias") || ctx.contains("while scanning an anchor")) {
      return "'*' (an alias) and '&' (an anchor) must be followed by a name, e.g. *defaults;"
          + " quote the value if it is text";
    }
    if (problem.startsWith("expected '<document start>'")) {
      return "more content after the end of the document: start a new document with a line"
          + " '---', or indent this line under a key of the document";
    }
    return null;
  }

  /** The location just after {@code prefix}, as line and column. */
  private static Location locate(String prefix, String file) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < prefix.length(); i++) {
      if (prefix.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new Location(file, line, col);
  }

  private static int firstInvalidUtf8(byte[] b) {
    var dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b);
    var out = java.nio.CharBuffer.allocate(b.length + 1);
    var r = dec.decode(in, out, true);
    return r.isError() ? in.position() : 0;
  }
}
