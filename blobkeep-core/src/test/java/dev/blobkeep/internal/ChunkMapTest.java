package dev.blobkeep.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunk map against a plain boolean array, through every change the engine makes to it. */
class ChunkMapTest {

  @Test
  void anUploadWithoutAbsentChunksStaysDenseAndOneWithAZeroChunkRecordsIt() {
    ChunkMap dense = ChunkMap.of(null, 0);
    for (int i = 0; i < 20; i++) {
      dense.append(true);
    }
    assertThat(dense.stored()).isNull();

    ChunkMap gap = ChunkMap.of(null, 0);
    gap.append(true);
    gap.append(false);
    gap.append(true);
    assertThat(gap.stored()).containsExactly(ChunkMap.FORMAT, 0b101);
    assertThat(gap.has(1)).isFalse();
    assertThat(gap.has(2)).isTrue();
  }

  @Test
  void anAllocatedMapIsTheFormatByteAloneWhateverTheSize() {
    ChunkMap map = ChunkMap.of(null, 0);
    map.resize(1L << 30);
    assertThat(map.stored()).containsExactly(ChunkMap.FORMAT);
    assertThat(ChunkMap.of(new byte[] {ChunkMap.FORMAT}, 1L << 30).has((1L << 30) - 1)).isFalse();
    assertThat(ChunkMap.of(null, 0).stored()).isNull(); // an empty blob is dense
  }

  @Test
  void theOneByteReadBySqlTellsTheSameAsTheWholeMap() {
    byte[] stored = {ChunkMap.FORMAT, 0b0000_0100, 0b0000_0001};
    ChunkMap map = ChunkMap.of(stored, 20);
    for (long i = 0; i < 20; i++) {
      int position = (int) ChunkMap.bytePosition(i); // 1-based, as substr
      byte[] oneByte = position <= stored.length ? new byte[] {stored[position - 1]} : new byte[0];
      assertThat(ChunkMap.stored(oneByte, i, 20)).as("chunk %d", i).isEqualTo(map.has(i));
    }
    assertThat(ChunkMap.stored(null, 19, 20)).isTrue();
    assertThat(ChunkMap.stored(null, 20, 20)).isFalse();
  }

  @Test
  void randomSetsClearsAndResizesMatchAModel() {
    for (long seed = 0; seed < 200; seed++) {
      Random r = new Random(seed);
      int count = r.nextInt(40);
      boolean[] model = new boolean[200];
      ChunkMap map;
      if (r.nextBoolean()) {
        map = ChunkMap.of(null, count);
        java.util.Arrays.fill(model, 0, count, true);
      } else {
        map = ChunkMap.empty(count);
      }
      for (int op = 0; op < 30; op++) {
        int kind = r.nextInt(3);
        if (kind == 0 && count > 0) {
          int idx = r.nextInt(count);
          boolean stored = r.nextBoolean();
          map.set(idx, stored);
          model[idx] = stored;
        } else if (kind == 1) {
          int newCount = r.nextInt(60);
          map.resize(newCount);
          for (int i = Math.min(count, newCount); i < model.length; i++) {
            model[i] = false;
          }
          count = newCount;
        } else if (count < 150) {
          boolean stored = r.nextBoolean();
          map.append(stored);
          model[count++] = stored;
        }
        ChunkMap reread = ChunkMap.of(map.stored(), count);
        for (int i = 0; i < count + 10; i++) {
          assertThat(reread.has(i)).as("seed %d op %d chunk %d", seed, op, i).isEqualTo(model[i]);
        }
      }
    }
  }
}
