/**
 * Ingest from a URL: stream an HTTP(S) response body into a blob, with its content type (from the
 * response, else sniffed), bounded size, time and redirects, and refusal of every address that is
 * not globally reachable unless allowed (RethinkDB's {@code r.http(url, result_format='binary')}).
 * Each hop connects to the very address that was checked (no DNS-rebinding window). Start at {@link
 * dev.blobkeep.fetch.Fetcher}.
 */
package dev.blobkeep.fetch;
