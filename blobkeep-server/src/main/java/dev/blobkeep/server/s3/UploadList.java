package dev.blobkeep.server.s3;

import dev.blobkeep.spi.KeyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of ListMultipartUploads: the open uploads under a prefix in key order, those of one key
 * in the order they began (their ids start with the time), after {@code key-marker} and {@code
 * upload-id-marker} as S3 specifies, grouped at a delimiter, at most {@code max-uploads}.
 */
final class UploadList {
  private UploadList() {}

  /** An open upload. */
  record Upload(String key, String id, Instant initiated) {}

  private static final Comparator<Upload> ORDER =
      Comparator.<Upload, String>comparing(Upload::key, KeyOrder::compare)
          .thenComparing(Upload::id);

  static String xml(S3Request r, List<Upload> open) {
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    String delimiter =
        r.param("delimiter") == null || r.param("delimiter").isEmpty()
            ? null
            : r.param("delimiter");
    String keyMarker = r.param("key-marker") == null ? "" : r.param("key-marker");
    String idMarker =
        keyMarker.isEmpty() || r.param("upload-id-marker") == null
            ? ""
            : r.param("upload-id-marker");
    int max = ListOps.maxKeys(r.param("max-uploads"), "max-uploads");
    String markerGroup = null; // the group the key marker is in was listed on an earlier page
    if (delimiter != null && keyMarker.startsWith(prefix)) {
      int at = keyMarker.indexOf(delimiter, prefix.length());
      markerGroup = at < 0 ? null : keyMarker.substring(0, at + delimiter.length());
    }
    List<Upload> sorted = new ArrayList<>(open);
    sorted.sort(ORDER);
    List<Upload> shown = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    boolean truncated = false;
    String nextKey = null;
    String nextId = null;
    for (Upload u : sorted) {
      if (!u.key().startsWith(prefix) || !after(u, keyMarker, idMarker)) {
        continue;
      }
      int at = delimiter == null ? -1 : u.key().indexOf(delimiter, prefix.length());
      String group = at < 0 ? null : u.key().substring(0, at + delimiter.length());
      if (group != null && (group.equals(last(prefixes)) || group.equals(markerGroup))) {
        continue;
      }
      if (shown.size() + prefixes.size() == max) {
        truncated = true;
        break;
      }
      if (group != null) {
        prefixes.add(group);
        nextKey = group;
        nextId = null;
      } else {
        shown.add(u);
        nextKey = u.key();
        nextId = u.id();
      }
    }
    Xml x =
        Xml.doc("ListMultipartUploadsResult")
            .el("Bucket", r.bucket)
            .el("KeyMarker", keyMarker)
            .el("UploadIdMarker", idMarker)
            .el("Prefix", prefix)
            .el("Delimiter", delimiter)
            .el("MaxUploads", max)
            .el("IsTruncated", truncated);
    if (truncated) {
      x.el("NextKeyMarker", nextKey).el("NextUploadIdMarker", nextId == null ? "" : nextId);
    }
    for (Upload u : shown) {
      x.open("Upload")
          .el("Key", u.key())
          .el("UploadId", u.id())
          .open("Initiator")
          .el("ID", BucketOps.OWNER_ID)
          .el("DisplayName", BucketOps.OWNER_ID)
          .close("Initiator")
          .open("Owner")
          .el("ID", BucketOps.OWNER_ID)
          .el("DisplayName", BucketOps.OWNER_ID)
          .close("Owner")
          .el("Initiated", Xml.time(u.initiated()))
          .el("StorageClass", "STANDARD")
          .close("Upload");
    }
    for (String p : prefixes) {
      x.open("CommonPrefixes").el("Prefix", p).close("CommonPrefixes");
    }
    return x.end("ListMultipartUploadsResult");
  }

  /**
   * True if the upload comes after the markers: its key after {@code keyMarker}, or equal to it
   * with an id after {@code idMarker} when one is given. A key marker that is a common prefix
   * (NextKeyMarker of a grouped page) also passes over the keys under it.
   */
  private static boolean after(Upload u, String keyMarker, String idMarker) {
    if (keyMarker.isEmpty()) {
      return true;
    }
    int c = KeyOrder.compare(u.key(), keyMarker);
    if (c == 0) {
      return !idMarker.isEmpty() && u.id().compareTo(idMarker) > 0;
    }
    return c > 0;
  }

  private static String last(List<String> list) {
    return list.isEmpty() ? null : list.get(list.size() - 1);
  }
}
