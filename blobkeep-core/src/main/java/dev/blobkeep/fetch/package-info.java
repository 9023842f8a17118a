/**
 * Ingest from a URL: stream an HTTP(S) response body into a blob, with its content type (from the
 * response, else sniffed), bounded size, time and redirects, and refusal of private and loopback
 * addresses unless allowed (RethinkDB's {@code r.http(url, result_format='binary')}). Start at
 * {@link dev.blobkeep.fetch.Fetcher}.
 */
package dev.blobkeep.fetch;
