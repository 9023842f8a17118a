/**
 * The backend service-provider interface: what a database module supplies so the engine, written
 * once over JDBC, can run on it. A backend is one {@link dev.blobkeep.spi.DialectProvider} found
 * through {@link java.util.ServiceLoader}, and one {@link dev.blobkeep.spi.Dialect} with its SQL.
 *
 * <p>Stable for backend authors within a minor version; applications never need it.
 */
package dev.blobkeep.spi;
