package dev.blobkeep.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the runnable jar's manifest ({@code unknown} when run from classes). */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"blobkeep " + (version == null ? "unknown" : version)};
  }
}
