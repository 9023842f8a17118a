/**
 * Spring Boot auto-configuration for blobkeep: a {@link dev.blobkeep.BlobStore} bean on the
 * application's DataSource that joins its Spring transactions, {@code blobkeep.*} properties, and,
 * when Actuator or Micrometer are present, a health indicator and metrics.
 */
package dev.blobkeep.spring;
