package dev.blobkeep.examples.springparts;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The psycopg2 {@code part_drawings} recipe as a Spring Boot application: a {@code parts} table
 * whose rows point at drawings kept by blobkeep in the same database, each part and its drawing
 * committed together. HTTP: {@code POST /parts} (multipart: {@code name}, {@code owner}, {@code
 * drawing}), {@code GET /parts/{id}/drawing} (with Range and ETag), {@code GET /parts?owner=...}.
 */
@SpringBootApplication
public class SpringPartsApplication {

  /** Starts the application; {@code spring.datasource.url} names its database. */
  public static void main(String[] args) {
    SpringApplication.run(SpringPartsApplication.class, args);
  }
}
