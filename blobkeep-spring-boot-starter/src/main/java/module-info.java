/**
 * blobkeep's Spring Boot auto-configuration ({@code dev.blobkeep.spring}): a {@link
 * dev.blobkeep.BlobStore} bean that joins the application's Spring transactions, the {@code
 * blobkeep.*} properties, and a health indicator and metrics when Actuator and Micrometer are
 * present.
 *
 * <p>Spring's jars have no module descriptor: they are automatic modules, named by their manifests'
 * {@code Automatic-Module-Name} ({@code spring.boot.autoconfigure}, {@code spring.beans}, ...).
 * Actuator and Micrometer are optional ({@code requires static}): the auto-configurations that use
 * them are skipped unless the application has them.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.blobkeep.spring {
  requires transitive dev.blobkeep;
  // Transitive: their types are in the API (DataSize, ObjectProvider, the annotations of the
  // auto-configurations, the health indicator's and metrics' base types).
  requires transitive spring.boot;
  requires transitive spring.boot.autoconfigure;
  requires transitive spring.beans;
  requires transitive spring.context;
  requires transitive spring.core;
  requires static transitive spring.boot.actuator;
  requires static transitive micrometer.core;
  requires spring.jdbc;
  requires spring.tx;

  exports dev.blobkeep.spring;
// Nothing is opened: Spring creates the auto-configurations and binds BlobkeepProperties through
// their public constructors and methods, which the export allows (examples/spring-consumer runs
// so on the module path).
}
