package dev.egret.scenarios.output;

/**
 * JSON string quoting exactly as {@code hubble observe -o json} prints strings: protojson's escapes
 * (google.golang.org/protobuf internal/encoding/json/encode.go {@code appendString}: {@code \"},
 * {@code \\}, {@code \b \f \n \r \t}, other control characters as lower-case {@code \u001f}), then
 * Go's {@code encoding/json} compaction with HTML escaping, which the Hubble printer's {@code
 * json.Encoder} applies to the marshalled message ({@code <}, {@code >}, {@code &} as {@code
 * \u003c}, {@code \u003e}, {@code \u0026}; U+2028 and U+2029 as {@code \u2028}, {@code \u2029}).
 * Everything else is written as is (UTF-8 when the writer encodes so).
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** Appends {@code s} as a quoted JSON string. */
  static void appendQuoted(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    int plain = 0;
    while (plain < n && !needsEscape(s.charAt(plain))) {
      plain++;
    }
    sb.append(s, 0, plain);
    for (int i = plain; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '<':
        case '>':
        case '&':
        case '\u2028':
        case '\u2029':
          appendUnicodeEscape(sb, c);
          break;
        default:
          if (c < 0x20) {
            appendUnicodeEscape(sb, c);
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || c == '"'
        || c == '\\'
        || c == '<'
        || c == '>'
        || c == '&'
        || c == '\u2028'
        || c == '\u2029';
  }

  private static void appendUnicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u")
        .append(HEX[(c >>> 12) & 0xf])
        .append(HEX[(c >>> 8) & 0xf])
        .append(HEX[(c >>> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
