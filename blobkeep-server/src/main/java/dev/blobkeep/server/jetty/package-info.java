/**
 * What both of the module's servers share on Jetty's API; not exported by the module, public only
 * for use across its packages.
 */
package dev.blobkeep.server.jetty;
