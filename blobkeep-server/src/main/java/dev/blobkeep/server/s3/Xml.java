package dev.blobkeep.server.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Writes S3's XML answers and reads its XML requests (no DTDs, no external entities). */
final class Xml {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;

  private final StringBuilder out = new StringBuilder(256);

  private Xml(String root, boolean namespace) {
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root);
    if (namespace) {
      out.append(" xmlns=\"").append(NS).append('"');
    }
    out.append('>');
  }

  /** A document whose root element is {@code root} in the S3 namespace. */
  static Xml doc(String root) {
    return new Xml(root, true);
  }

  /** An {@code Error} document: S3 writes it without a namespace, and clients parse it so. */
  static Xml error() {
    return new Xml("Error", false);
  }

  Xml open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  Xml close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  /** {@code <name>value</name>}, escaped; nothing when value is null. */
  Xml el(String name, Object value) {
    if (value != null) {
      out.append('<').append(name).append('>');
      escape(String.valueOf(value));
      out.append("</").append(name).append('>');
    }
    return this;
  }

  String end(String root) {
    return out.append("</").append(root).append('>').toString();
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        case '\r' -> out.append("&#13;");
        default -> out.append(c);
      }
    }
  }

  private static final java.time.format.DateTimeFormatter TIME =
      java.time.format.DateTimeFormatter.ofPattern(
              "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", java.util.Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC);

  /** S3's timestamp form, {@code 2026-12-01T00:00:00.000Z}; null for null. */
  static String time(Instant t) {
    return t == null ? null : TIME.format(t);
  }

  /**
   * Parses a request body of at most 2 MiB.
   *
   * @throws S3Exception MalformedXML if it is not well-formed XML
   */
  static Element parse(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
    if (bytes.length > MAX_REQUEST_BYTES) {
      throw S3Exception.malformedXml("the request body is larger than 2 MiB");
    }
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setNamespaceAware(false);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      Document d = b.parse(new ByteArrayInputStream(bytes));
      return d.getDocumentElement();
    } catch (SAXException | ParserConfigurationException e) {
      throw S3Exception.malformedXml(e.getMessage());
    }
  }

  /** The child elements named {@code name}. */
  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName(e).equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The text of the first child named {@code name}, or null. */
  static String text(Element parent, String name) {
    List<Element> c = children(parent, name);
    return c.isEmpty() ? null : c.get(0).getTextContent().strip();
  }

  static String localName(Element e) {
    String n = e.getTagName();
    int colon = n.indexOf(':');
    return colon < 0 ? n : n.substring(colon + 1);
  }
}
