/**
 * Interop with existing tables: copy the binary column of a table in another database (PostgreSQL
 * {@code bytea}, SQLite {@code BLOB}, any JDBC source) into a store, resumably. Start at {@link
 * dev.blobkeep.interop.TableImport}.
 */
package dev.blobkeep.interop;
