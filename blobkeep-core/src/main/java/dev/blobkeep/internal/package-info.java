/**
 * The engine: chunked blobs over JDBC, written once for every backend. Not a supported API: its
 * classes may change in any release.
 */
package dev.blobkeep.internal;
