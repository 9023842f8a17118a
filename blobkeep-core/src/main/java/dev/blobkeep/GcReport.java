package dev.blobkeep;

/**
 * What {@link BlobStore#gc()} removed.
 *
 * @param abandonedUploads pending blobs whose writer is gone (a killed process, a dropped
 *     connection), and staged blobs older than {@link StoreOptions#stagedExpiry()}
 * @param deletedBlobs deleted or replaced blobs whose chunks were still stored
 * @param chunks chunk rows removed
 */
public record GcReport(long abandonedUploads, long deletedBlobs, long chunks) {}
