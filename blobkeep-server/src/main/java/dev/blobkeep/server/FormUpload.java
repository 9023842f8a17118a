package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * POST /b/{bucket} with {@code multipart/form-data}, as a browser form sends it. Each file part
 * becomes a blob under a new key, with its part's content type and its file name as the user field
 * {@code filename}; each text field becomes a user field of the files after it. Files are streamed
 * into the store one after another; if a later part fails, the files stored before it stay. Text
 * fields are bounded: at most {@value #MAX_FIELDS}, with names and values of at most {@link
 * #MAX_FIELDS_BYTES} bytes in all, read into memory no further than that.
 */
final class FormUpload {
  /** Most text fields a form may have (413 past it): each becomes a user field of every file. */
  static final int MAX_FIELDS = 64;

  /**
   * Largest total of the text fields' names and values, in UTF-8 bytes (413 past it): the size of
   * the user fields a blob may have (64 KiB), which they all become.
   */
  static final int MAX_FIELDS_BYTES = 64 * 1024;

  private FormUpload() {}

  static boolean accepts(String contentType) {
    return contentType != null
        && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  static void post(Exchange ex, BlobStore store, String bucket) throws IOException {
    String boundary = HeaderParams.param(ex.header("Content-Type"), "boundary");
    if (boundary == null) {
      throw HttpError.badRequest("multipart/form-data content type has no boundary parameter");
    }
    MultipartReader reader = new MultipartReader(ex.body(), boundary);
    Map<String, Object> fields = new LinkedHashMap<>();
    List<Object> items = new ArrayList<>();
    int fieldCount = 0;
    long fieldBytes = 0;
    try {
      MultipartReader.Part part;
      while ((part = reader.next()) != null) {
        String disposition = part.header("content-disposition");
        String name = HeaderParams.param(disposition, "name");
        if (disposition == null || name == null) {
          throw HttpError.badRequest("multipart part has no Content-Disposition with a name");
        }
        String filename = HeaderParams.param(disposition, "filename");
        if (filename == null) {
          if (++fieldCount > MAX_FIELDS) {
            throw new HttpError(
                413, "form has more than " + MAX_FIELDS + " text fields, the limit");
          }
          fieldBytes += name.getBytes(StandardCharsets.UTF_8).length;
          byte[] value =
              part.body().readNBytes((int) Math.max(0, MAX_FIELDS_BYTES - fieldBytes) + 1);
          fieldBytes += value.length;
          if (fieldBytes > MAX_FIELDS_BYTES) {
            throw new HttpError(
                413,
                "form text fields (names and values) are larger than the limit of "
                    + MAX_FIELDS_BYTES
                    + " bytes in total, at field '"
                    + HostCheck.shown(name)
                    + "'");
          }
          fields.put(name, new String(value, StandardCharsets.UTF_8));
          continue;
        }
        BlobInfo info = storeFile(store, bucket, part, filename, fields);
        if (info != null) {
          items.add(BlobJson.of(info));
        }
      }
    } catch (MultipartReader.Malformed e) {
      throw HttpError.badRequest(e.getMessage());
    } catch (BlobkeepException e) {
      if (e.getCause() instanceof MultipartReader.Malformed m) {
        throw HttpError.badRequest(m.getMessage());
      }
      throw e;
    }
    if (items.isEmpty()) {
      throw HttpError.badRequest("form has no file part with content");
    }
    ex.sendJson(201, Map.of("items", items));
  }

  private static BlobInfo storeFile(
      BlobStore store,
      String bucket,
      MultipartReader.Part part,
      String filename,
      Map<String, Object> fields)
      throws IOException {
    PushbackInputStream body = new PushbackInputStream(part.body(), 1);
    if (filename.isEmpty()) {
      // A file input left empty is sent as a part with no name and no content.
      int first = body.read();
      if (first < 0) {
        return null;
      }
      body.unread(first);
    }
    Map<String, Object> meta = new LinkedHashMap<>(fields);
    meta.put("filename", filename);
    PutOptions options =
        PutOptions.in(bucket)
            .key(BlobWrites.newKey())
            .contentType(part.header("content-type"))
            .meta(meta)
            .ifAbsent();
    return store.put(body, options);
  }
}
