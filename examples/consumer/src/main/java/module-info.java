/** The consumer as a module: blobkeep's jars on the module path, backends found as services. */
module com.example.consumer {
  requires dev.blobkeep;
  requires dev.blobkeep.server;
  requires java.net.http;

  uses dev.blobkeep.spi.DialectProvider;
}
