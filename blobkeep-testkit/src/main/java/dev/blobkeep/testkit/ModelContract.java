package dev.blobkeep.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blobkeep.BlobChannel;
import dev.blobkeep.BlobRef;
import dev.blobkeep.BlobStore;
import dev.blobkeep.InvalidArgumentException;
import dev.blobkeep.OpenMode;
import dev.blobkeep.PutOptions;
import dev.blobkeep.StoreOptions;
import dev.blobkeep.Whence;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Random sequences of put / get / ranged get / delete / allocate / open / seek / read / readInto /
 * write / resize / reopen / close, checked against an in-memory model after every step. jqwik
 * prints the seed and the shrunk sequence on failure.
 */
public abstract class ModelContract {
  private static final int CHUNK = StoreOptions.MIN_CHUNK_SIZE;
  private static final int KEYS = 4;
  private static final int MAX_SIZE = 3 * CHUNK + 100;

  private StoreFixture fixture;
  private BlobStore store;
  private int run;

  /** A fresh, empty database. */
  protected abstract StoreFixture newFixture();

  @BeforeProperty
  void open() {
    fixture = newFixture();
    store = fixture.open(StoreOptions.defaults().chunkSize(CHUNK));
  }

  @AfterProperty
  void close() {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  /** One step: an operation name and its random parameters. */
  record Step(String op, int key, int a, int b, int seed) {
    @Override
    public String toString() {
      return op + "(k" + key + ", " + a + ", " + b + ", seed " + seed + ")";
    }
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<String> ops =
        Arbitraries.of(
            "put",
            "put",
            "get",
            "range",
            "delete",
            "allocate",
            "open",
            "openRead",
            "seek",
            "read",
            "readInto",
            "write",
            "write",
            "resize",
            "reopen",
            "close");
    Arbitrary<Step> step =
        Combinators.combine(
                ops,
                Arbitraries.integers().between(0, KEYS - 1),
                Arbitraries.integers().between(0, MAX_SIZE),
                Arbitraries.integers().between(0, MAX_SIZE),
                Arbitraries.integers())
            .as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 60)
  void everyStepMatchesTheModel(@ForAll("steps") List<Step> steps) throws IOException {
    String bucket = "m" + (run++);
    Map<Integer, byte[]> model = new HashMap<>();
    BlobChannel channel = null;
    int channelKey = -1;
    long position = 0;
    boolean writable = false;
    try {
      for (Step s : steps) {
        BlobRef ref = BlobRef.key(bucket, "k" + s.key());
        byte[] cur = model.get(s.key());
        boolean channelLive = channel != null && channel.isOpen() && model.containsKey(channelKey);
        switch (s.op()) {
          case "put" -> {
            byte[] data = Bytes.random(s.a(), s.seed());
            store.put(
                new StrangeInputStream(new java.io.ByteArrayInputStream(data), s.seed()),
                PutOptions.at(bucket, "k" + s.key()));
            model.put(s.key(), data);
            if (channelKey == s.key()) {
              channelKey = -1; // replaced: the channel's blob is gone
            }
          }
          case "get" -> {
            if (cur == null) {
              assertThat(store.exists(ref)).isFalse();
            } else {
              assertThat(store.getBytes(ref)).isEqualTo(cur);
            }
          }
          case "range" -> {
            if (cur != null) {
              long off = Math.min(s.a(), cur.length);
              long len = Math.min(s.b(), cur.length - off);
              assertThat(store.getBytes(ref, off, len))
                  .isEqualTo(Arrays.copyOfRange(cur, (int) off, (int) (off + len)));
            }
          }
          case "delete" -> {
            if (cur != null) {
              store.delete(ref);
              model.remove(s.key());
              if (channelKey == s.key()) {
                channelKey = -1;
              }
            }
          }
          case "allocate" -> {
            store.allocate(s.a(), PutOptions.at(bucket, "k" + s.key()));
            model.put(s.key(), new byte[s.a()]);
            if (channelKey == s.key()) {
              channelKey = -1;
            }
          }
          case "open", "openRead" -> {
            if (cur != null) {
              if (channel != null) {
                channel.close();
              }
              writable = s.op().equals("open");
              channel = store.open(ref, writable ? OpenMode.READ_WRITE : OpenMode.READ);
              channelKey = s.key();
              position = 0;
            }
          }
          case "reopen" -> {
            if (channel != null && channel.isOpen() && cur != null) {
              channel.reopen(ref);
              channelKey = s.key();
              position = 0;
            }
          }
          case "close" -> {
            if (channel != null) {
              channel.close();
              channel.close();
            }
          }
          case "seek" -> {
            if (channelLive) {
              long size = model.get(channelKey).length;
              Whence w = Whence.values()[Math.floorMod(s.seed(), 3)];
              long base = w == Whence.START ? 0 : w == Whence.CURRENT ? position : size;
              long off = s.a() - base - (s.b() % 7 == 0 ? MAX_SIZE : 0);
              long target = base + off;
              if (target < 0 || target > size) {
                BlobChannel ch = channel;
                assertThatThrownBy(() -> ch.seek(off, w))
                    .isInstanceOf(InvalidArgumentException.class);
              } else {
                assertThat(channel.seek(off, w)).isEqualTo(target);
                position = target;
              }
            }
          }
          case "read" -> {
            if (channelLive) {
              byte[] data = model.get(channelKey);
              ByteBuffer buf = ByteBuffer.allocate(s.a());
              int n = channel.read(buf);
              if (position >= data.length && s.a() > 0) {
                assertThat(n).isEqualTo(-1);
              } else {
                assertThat(n).isEqualTo((int) Math.max(0, Math.min(s.a(), data.length - position)));
                if (n > 0) {
                  assertThat(Arrays.copyOf(buf.array(), n))
                      .isEqualTo(Arrays.copyOfRange(data, (int) position, (int) position + n));
                }
                position += n;
              }
            }
          }
          case "readInto" -> {
            if (channelLive) {
              byte[] data = model.get(channelKey);
              byte[] buf = new byte[s.a()];
              if (s.a() > data.length - position) {
                BlobChannel ch = channel;
                assertThatThrownBy(() -> ch.readInto(buf, 0, buf.length))
                    .isInstanceOf(EOFException.class);
              } else {
                channel.readInto(buf, 0, buf.length);
                assertThat(buf)
                    .isEqualTo(Arrays.copyOfRange(data, (int) position, (int) position + s.a()));
                position += s.a();
              }
            }
          }
          case "write" -> {
            if (channelLive && writable) {
              byte[] data = model.get(channelKey);
              byte[] src = Bytes.random(s.a() % (2 * CHUNK), s.seed());
              if (src.length > data.length - position) {
                BlobChannel ch = channel;
                assertThatThrownBy(() -> ch.write(src))
                    .isInstanceOf(InvalidArgumentException.class);
              } else {
                channel.write(src);
                System.arraycopy(src, 0, data, (int) position, src.length);
                position += src.length;
              }
            }
          }
          case "resize" -> {
            if (cur != null) {
              store.resize(ref, s.a());
              model.put(s.key(), Arrays.copyOf(cur, s.a()));
              // A channel on this blob keeps its position, even past the new end.
            }
          }
          default -> throw new AssertionError(s.op());
        }
        checkModel(bucket, model);
      }
    } finally {
      if (channel != null) {
        channel.close();
      }
    }
  }

  private void checkModel(String bucket, Map<Integer, byte[]> model) {
    for (int k = 0; k < KEYS; k++) {
      BlobRef ref = BlobRef.key(bucket, "k" + k);
      byte[] expected = model.get(k);
      if (expected == null) {
        assertThat(store.exists(ref)).as("k%d exists", k).isFalse();
      } else {
        assertThat(store.getBytes(ref)).as("k%d content", k).isEqualTo(expected);
        // null while stale (after in-place writes), else the content's
        assertThat(store.info(ref).sha256()).as("k%d sha256", k).isIn(null, Bytes.sha256(expected));
      }
    }
  }
}
