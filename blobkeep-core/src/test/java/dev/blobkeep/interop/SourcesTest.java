package dev.blobkeep.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourcesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/app?user=app|jdbc:postgresql://db:5432/app?user=app",
        "jdbc:postgresql://db/app?user=app&password=s3cret|jdbc:postgresql://db/app?user=app",
        "jdbc:postgresql://db/app?password=s3cret&user=app|jdbc:postgresql://db/app?user=app",
        "jdbc:postgresql://db/app?password=s3cret|jdbc:postgresql://db/app",
        "jdbc:postgresql://db/app?user=a&PASSWORD=x&ssl=true&sslpassword=y|"
            + "jdbc:postgresql://db/app?user=a&ssl=true",
        "jdbc:postgresql://app:s3cret@db/app|jdbc:postgresql://app@db/app",
        "jdbc:h2:~/parts;USER=sa;PASSWORD=x;MODE=PostgreSQL|jdbc:h2:~/parts;USER=sa;MODE=PostgreSQL",
        "jdbc:sqlite:/data/password/parts.db|jdbc:sqlite:/data/password/parts.db",
      })
  void namesTheSourceWithoutPasswords(String url, String name) {
    assertThat(Sources.name(url)).isEqualTo(name);
  }

  @Test
  void anUnreachableServerFailsNamingTheSourceWithoutItsPassword() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/test?user=u&password=s3cret";

    assertThatThrownBy(() -> Sources.connect(url))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(
            "cannot connect to source jdbc:postgresql://127.0.0.1:" + port + "/test?user=u: ")
        .hasMessageContaining("refused")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aUrlNoDriverAcceptsFailsWithoutRepeatingThePassword() {
    assertThatThrownBy(() -> Sources.connect("jdbc:nosuchdb://h/d?password=s3cret"))
        .isInstanceOf(ImportException.class)
        .hasMessage(
            "no JDBC driver on the class path accepts source jdbc:nosuchdb://h/d"
                + " (blobkeep's CLI has drivers for jdbc:postgresql:, jdbc:mariadb: and jdbc:sqlite:)");
  }

  @Test
  void hidesPasswordsThatADriverRepeats() {
    assertThat(
            Sources.withoutSecrets(
                "login as u:s3cret refused", "jdbc:x://u:s3cret@h/d?sslpassword=p4ss"))
        .isEqualTo("login as u:*** refused");
    assertThat(Sources.withoutSecrets("p4ss!", "jdbc:x://h/d?sslpassword=p4ss")).isEqualTo("***!");
  }
}
