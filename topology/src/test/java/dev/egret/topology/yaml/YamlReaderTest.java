package dev.egret.topology.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class YamlReaderTest {

  private static List<YamlDocument> read(String text, Problems p) {
    return YamlReader.read(text, "in.yaml", p);
  }

  @Test
  void locatesEveryValueAndSkipsEmptyDocuments() {
    Problems p = new Problems();
    List<YamlDocument> docs =
        read(
            "apiVersion: v1\nkind: Namespace\n---\n---\n# nothing\n---\nspec:\n  destinationCIDRs:\n"
                + "    - 10.0.0.0/8\n    - \"10.0.0.0/33\"\n",
            p);
    assertFalse(p.hasErrors(), p.all().toString());
    assertEquals(2, docs.size());
    YamlValue cidr = docs.get(1).top().get("spec").get("destinationCIDRs").at(1);
    assertEquals("spec.destinationCIDRs[1]", cidr.path());
    assertEquals(new Location("in.yaml", 10, 7), cidr.location());
    cidr.asCidr4(p);
    assertEquals(
        "in.yaml:10:7: spec.destinationCIDRs[1]: \"10.0.0.0/33\" is not a CIDR (prefix length"
            + " must be 0..32)",
        p.errors().get(0).format());
  }

  @Test
  void missingFieldsPointAtTheirParent() {
    Problems p = new Problems();
    YamlValue spec = read("kind: X\nspec:\n  a: 1\n", p).get(0).top().get("spec");
    spec.get("destinationCIDRs").require(p, "a list of CIDRs");
    assertEquals(
        "in.yaml:3:3: spec.destinationCIDRs: is required (a list of CIDRs)",
        p.errors().get(0).format());
  }

  @Test
  void tabsAreReportedWhereTheyAre() {
    Problems p = new Problems();
    read("a:\n\tb: 1\n", p);
    assertEquals(1, p.errorCount());
    Problem e = p.errors().get(0);
    assertEquals(new Location("in.yaml", 2, 1), e.location());
    assertTrue(e.message().contains("tab"), e.message());
  }

  @Test
  void syntaxErrorsHaveLocations() {
    Problems p = new Problems();
    read("a: [1, 2\nb: 3\n", p);
    assertEquals(new Location("in.yaml", 2, 2), p.errors().get(0).location());
    assertTrue(p.errors().get(0).message().startsWith("YAML syntax error"));
  }

  @Test
  void duplicateKeysAreErrors() {
    Problems p = new Problems();
    read("a: 1\nb: 2\na: 3\n", p);
    assertEquals(
        "in.yaml:3:1: a: duplicate key \"a\" (the earlier value would be silently"
            + " replaced); keep one of them",
        p.errors().get(0).format());
  }

  @Test
  void binaryAndNonUtf8AreRefused() {
    Problems p = new Problems();
    YamlReader.read(new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe}, "bin", p);
    assertTrue(p.errors().get(0).message().startsWith("not UTF-8 text"), p.all().toString());
    Problems q = new Problems();
    YamlReader.read("a: b\n\u0001\u0002".getBytes(StandardCharsets.UTF_8), "ctl", q);
    assertTrue(q.hasErrors());
  }

  @Test
  void quotedAndUnquotedScalarsKeepTheirText() {
    Problems p = new Problems();
    YamlValue top = read("v: 1.10\nq: \"1.16\"\nb: true\nl: {k: true}\n", p).get(0).top();
    assertEquals("1.10", top.get("v").asText(p, null));
    assertEquals("1.16", top.get("q").asString(p, null));
    assertFalse(p.hasErrors());
    top.get("l").asStringMap(p, "labels");
    assertEquals(
        "in.yaml:4:8: l.k: must be a string, got a boolean (true); quote it if you mean the text:"
            + " \"true\"",
        p.errors().get(0).format());
  }

  @Test
  void unknownFieldsAreWarningsWithSuggestions() {
    Problems p = new Problems();
    YamlValue gw = read("egressGateway:\n  interfce: eth0\n", p).get(0).top().get("egressGateway");
    gw.warnUnknownFields(p, Set.of("interface", "egressIP", "nodeSelector"), "egressGateway");
    assertFalse(p.hasErrors());
    assertEquals(
        "in.yaml:2:3: warning: egressGateway.interfce: unknown field of egressGateway (did you"
            + " mean \"interface\"?); ignored",
        p.warnings().get(0).format());
  }

  @Test
  void labelKeysWithSlashesGetQuotedPaths() {
    Problems p = new Problems();
    YamlValue v =
        read("m:\n  kubernetes.io/hostname: 3\n", p)
            .get(0)
            .top()
            .get("m")
            .get("kubernetes.io/hostname");
    assertEquals("m[\"kubernetes.io/hostname\"]", v.path());
    assertEquals(new Location("in.yaml", 2, 27), v.location());
  }

  @Test
  void aliasesAreResolved() {
    Problems p = new Problems();
    YamlValue top = read("a: &sel {app: x}\nb: *sel\nc: *nope\n", p).get(0).top();
    assertEquals("x", top.get("b").get("app").asString(p, null));
    assertEquals(1, p.errorCount());
    assertTrue(p.errors().get(0).message().contains("*nope"));
  }

  @Test
  void overflowingNumbersAreReported() {
    Problems p = new Problems();
    YamlValue top = read("n: 99999999999999999999999\n", p).get(0).top();
    assertEquals(7, top.get("n").asLong(p, 0, 100, 7));
    assertTrue(p.errors().get(0).message().contains("out of range"), p.all().toString());
  }
}
