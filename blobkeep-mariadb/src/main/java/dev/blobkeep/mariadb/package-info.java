/**
 * The MariaDB backend of blobkeep: {@code BlobStore.open("jdbc:mariadb://host:port/db?user=u")} or
 * {@code BlobStore.open(dataSource, options)} with this module on the class path. Only {@link
 * dev.blobkeep.mariadb.MariadbProvider} is public, for {@link java.util.ServiceLoader}; everything
 * else is package-private.
 */
package dev.blobkeep.mariadb;
