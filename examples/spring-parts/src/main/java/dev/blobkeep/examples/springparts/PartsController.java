package dev.blobkeep.examples.springparts;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.Page;
import dev.blobkeep.Query;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The HTTP API: upload a part with its drawing, download a drawing, list an owner's parts. */
@RestController
public class PartsController {
  private final Parts parts;
  private final BlobStore store;

  /** The API over {@code parts}, reading drawings from {@code store}. */
  public PartsController(Parts parts, BlobStore store) {
    this.parts = parts;
    this.store = store;
  }

  /** Stores a part and its drawing together; 201 with the part. */
  @PostMapping(path = "/parts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<Part> upload(
      @RequestParam String name, @RequestParam String owner, @RequestParam MultipartFile drawing)
      throws IOException {
    String type =
        drawing.getContentType() == null
            ? MediaType.APPLICATION_OCTET_STREAM_VALUE
            : drawing.getContentType();
    try (InputStream in = drawing.getInputStream()) {
      return ResponseEntity.status(HttpStatus.CREATED).body(parts.save(name, owner, type, in));
    }
  }

  // tag::download[]
  /**
   * The drawing of a part. Spring MVC answers a {@code Range} header with 206 and the bytes asked
   * for, and {@code If-None-Match} with 304 when the ETag (the drawing's SHA-256) still matches.
   */
  @GetMapping("/parts/{partId}/drawing")
  public ResponseEntity<Resource> drawing(@PathVariable String partId) {
    String id = parts.drawingOf(partId);
    if (id == null) {
      return ResponseEntity.notFound().build();
    }
    BlobInfo blob = store.info(BlobRef.id(id));
    return ResponseEntity.ok()
        .eTag(blob.sha256())
        .contentType(MediaType.parseMediaType(blob.contentType()))
        .body(new BlobResource(store, blob));
  }

  // end::download[]

  /** One page of the parts of {@code owner}: {@code items} and {@code next_cursor}. */
  @GetMapping("/parts")
  public Page<Part> list(
      @RequestParam String owner,
      @RequestParam(required = false) String after,
      @RequestParam(defaultValue = "" + Query.DEFAULT_LIMIT) int limit) {
    return parts.ofOwner(owner, after, limit);
  }

  /** 409 for a part name in use. */
  @ExceptionHandler(PartExistsException.class)
  public ResponseEntity<Map<String, String>> exists(PartExistsException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
  }

  /** 400 for a request the store refuses (a limit out of range, a malformed cursor). */
  @ExceptionHandler(InvalidArgumentException.class)
  public ResponseEntity<Map<String, String>> invalid(InvalidArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }
}
