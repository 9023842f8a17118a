package dev.blobkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerSettings#copy()} copies every setting, found by reflection, so that a setting added
 * later and left out of the copy fails here: each field is set away from its default (a list gets
 * an element) and the copy must hold the same value, and its own list.
 */
class ServerSettingsTest {
  @Test
  void theCopyHoldsEverySettingAndListsOfItsOwn() throws Exception {
    ServerSettings original = new ServerSettings();
    List<Field> fields = new ArrayList<>();
    for (Field f : ServerSettings.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
        continue;
      }
      f.setAccessible(true);
      fields.add(f);
      changeFromDefault(original, f);
    }
    assertThat(fields).hasSizeGreaterThan(15);

    ServerSettings copy = original.copy();

    for (Field f : fields) {
      Object was = f.get(original);
      Object now = f.get(copy);
      assertThat(now).as(f.getName()).isEqualTo(was);
      if (was instanceof List) {
        assertThat(now).as(f.getName() + " is a list of its own").isNotSameAs(was);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void changeFromDefault(ServerSettings s, Field f) throws Exception {
    Class<?> type = f.getType();
    Object value = f.get(s);
    if (value instanceof List) {
      ((List<Object>) value).add(new Object());
    } else if (type == int.class) {
      f.setInt(s, f.getInt(s) + 12345);
    } else if (type == boolean.class) {
      f.setBoolean(s, !f.getBoolean(s));
    } else if (type == Boolean.class) {
      f.set(s, Boolean.FALSE.equals(value) ? Boolean.TRUE : Boolean.FALSE);
    } else if (type == String.class) {
      f.set(s, "changed-" + f.getName());
    } else if (value != null) {
      f.set(s, null);
    } else if (type.isInterface()) {
      f.set(
          s,
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (p, m, a) ->
                  switch (m.getName()) {
                    case "equals" -> p == a[0];
                    case "hashCode" -> System.identityHashCode(p);
                    case "toString" -> "a " + type.getSimpleName();
                    default -> null;
                  }));
    } else {
      throw new AssertionError("no changed value for " + f.getName() + " of " + type);
    }
  }
}
