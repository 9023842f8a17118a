package dev.blobkeep.examples.springparts;

/**
 * A part and its drawing, as the HTTP API answers it.
 *
 * @param partId the part's id
 * @param partName its name, unique
 * @param owner who uploaded it
 * @param drawing the drawing's blob id
 * @param size the drawing's size in bytes
 * @param contentType the drawing's media type
 */
public record Part(
    String partId, String partName, String owner, String drawing, long size, String contentType) {}
