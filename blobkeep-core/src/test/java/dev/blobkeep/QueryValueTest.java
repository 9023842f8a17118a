package dev.blobkeep;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class QueryValueTest {
  @Test
  void numbersBooleansAndNullReadAsJsonScalars() {
    assertThat(Query.valueOf("200")).isEqualTo(200L);
    assertThat(Query.valueOf("-7")).isEqualTo(-7L);
    assertThat(Query.valueOf("1.5")).isEqualTo(new BigDecimal("1.5"));
    assertThat(Query.valueOf("123456789012345678901234567890"))
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(Query.valueOf("true")).isEqualTo(true);
    assertThat(Query.valueOf("false")).isEqualTo(false);
    assertThat(Query.valueOf("null")).isNull();
  }

  @Test
  void aQuotedValueIsTheStringInsideTheQuotes() {
    assertThat(Query.valueOf("\"200\"")).isEqualTo("200");
    assertThat(Query.valueOf("\"true\"")).isEqualTo("true");
    assertThat(Query.valueOf("\"a \\\" b\"")).isEqualTo("a \" b");
  }

  @Test
  void anyOtherTextIsItselfAsAString() {
    assertThat(Query.valueOf("ann")).isEqualTo("ann");
    assertThat(Query.valueOf("")).isEqualTo("");
    assertThat(Query.valueOf("200 OK")).isEqualTo("200 OK");
    assertThat(Query.valueOf("\"unclosed")).isEqualTo("\"unclosed");
    assertThat(Query.valueOf("{\"a\":1}")).isEqualTo("{\"a\":1}");
    assertThat(Query.valueOf("[1]")).isEqualTo("[1]");
    assertThat(Query.valueOf("NaN")).isEqualTo("NaN");
    assertThat(Query.valueOf("True")).isEqualTo("True");
  }

  @Test
  void whereTextCombinesWithWhereAsAnd() {
    Query q = Query.all().whereText("status", "200").whereText("owner", "ann");

    assertThat(q.where()).containsEntry("status", 200L).containsEntry("owner", "ann");
  }
}
