package dev.blobkeep.server;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.BlobkeepException;
import dev.blobkeep.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * into the store one after another; if a later part fails, the files stored before it stay.
 */
final class FormUpload {
  private static final int MAX_FIELD_BYTES = 64 * 1024;

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
          fields.put(name, readField(name, part.body()));
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

  private static String readField(String name, InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
    if (bytes.length > MAX_FIELD_BYTES) {
      throw HttpError.badRequest(
          "form field '" + name + "' is longer than " + MAX_FIELD_BYTES + " bytes");
    }
    in.transferTo(OutputStream.nullOutputStream());
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
