/**
 * PostgreSQL's {@code bytea} text formats: {@code hex} and {@code escape} output exactly as
 * PostgreSQL 15 prints them, input exactly as its {@code byteain} accepts it, whole or streamed,
 * and SQL literals. Start at {@link dev.blobkeep.bytea.Bytea}.
 */
package dev.blobkeep.bytea;
