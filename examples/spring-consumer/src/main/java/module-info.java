/**
 * The Spring consumer as a module: blobkeep's starter and its store on the module path, Spring's
 * jars as automatic modules beside them. The application's package is opened to Spring, which
 * creates its configuration class by reflection.
 */
module com.example.springconsumer {
  requires dev.blobkeep.spring;
  requires spring.boot.actuator;
  requires micrometer.core;

  opens com.example.springconsumer to
      spring.core,
      spring.beans,
      spring.context;
}
