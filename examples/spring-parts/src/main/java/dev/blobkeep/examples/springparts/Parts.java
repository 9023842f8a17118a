package dev.blobkeep.examples.springparts;

import dev.blobkeep.BlobInfo;
import dev.blobkeep.BlobStore;
import dev.blobkeep.Page;
import dev.blobkeep.PutOptions;
import dev.blobkeep.Query;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The parts table and the drawings its rows point at. Thread-safe. */
@Service
public class Parts {
  /** The bucket holding the drawings. */
  static final String DRAWINGS = "part_drawings";

  private final BlobStore store;
  private final JdbcTemplate jdbc;

  /** Parts in the application's database, drawings in {@code store}. */
  public Parts(BlobStore store, JdbcTemplate jdbc) {
    this.store = store;
    this.jdbc = jdbc;
  }

  // tag::save[]
  /**
   * Stores a drawing and inserts the part row pointing at it, in one transaction: both are kept, or
   * neither (rollbackFor: a failed read of the upload is a checked IOException, which Spring would
   * otherwise commit).
   *
   * @throws PartExistsException if a part has this name; the drawing is not kept either
   */
  @Transactional(rollbackFor = Exception.class)
  public Part save(String name, String owner, String contentType, InputStream drawing)
      throws IOException {
    String partId = UUID.randomUUID().toString();
    BlobInfo blob =
        store.put(
            drawing,
            PutOptions.in(DRAWINGS)
                .contentType(contentType)
                .meta(Map.of("part_id", partId, "part_name", name, "owner", owner)));
    int inserted =
        jdbc.update(
            "INSERT INTO parts (part_id, part_name, owner, drawing) SELECT ?, ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM parts WHERE part_name = ?)",
            partId,
            name,
            owner,
            blob.id(),
            name);
    if (inserted == 0) {
      throw new PartExistsException(name); // rolls back the drawing too
    }
    return part(blob);
  }

  // end::save[]

  /** The drawing's blob id of part {@code partId}, or null if there is no such part. */
  public String drawingOf(String partId) {
    List<String> ids =
        jdbc.queryForList("SELECT drawing FROM parts WHERE part_id = ?", String.class, partId);
    return ids.isEmpty() ? null : ids.get(0);
  }

  // tag::list[]
  /** One page of the parts of {@code owner}, from the drawings' user fields alone. */
  public Page<Part> ofOwner(String owner, String after, int limit) {
    Page<BlobInfo> page =
        store.list(Query.bucket(DRAWINGS).where("owner", owner).limit(limit).after(after));
    return new Page<>(page.items().stream().map(Parts::part).toList(), page.nextCursor());
  }

  // end::list[]

  private static Part part(BlobInfo blob) {
    return new Part(
        (String) blob.meta("part_id"),
        (String) blob.meta("part_name"),
        (String) blob.meta("owner"),
        blob.id(),
        blob.size(),
        blob.contentType());
  }
}
