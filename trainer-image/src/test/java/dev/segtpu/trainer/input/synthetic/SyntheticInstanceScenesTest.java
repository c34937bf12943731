package dev.segtpu.trainer.input.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.segtpu.trainer.input.coco.Instance;
import dev.segtpu.trainer.input.coco.InstanceExample;
import dev.segtpu.trainer.input.coco.PixelBox;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticInstanceScenesTest {

  private static final int HEIGHT = 48;
  private static final int WIDTH = 64;

  @Test
  void theSameSeedAndIndexRenderTheSameSceneAndAnotherSeedAnother() {
    InstanceExample first = new SyntheticInstanceScenes(3, 8).render(17, HEIGHT, WIDTH);
    InstanceExample again = new SyntheticInstanceScenes(3, 8).render(17, HEIGHT, WIDTH);
    InstanceExample other = new SyntheticInstanceScenes(4, 8).render(17, HEIGHT, WIDTH);

    assertThat(again.rgb()).isEqualTo(first.rgb());
    assertThat(again.instances()).hasSameSizeAs(first.instances());
    for (int i = 0; i < first.instances().size(); i++) {
      Instance expected = first.instances().get(i);
      Instance instance = again.instances().get(i);
      assertThat(instance.mask()).isEqualTo(expected.mask());
      assertThat(instance.box()).isEqualTo(expected.box());
      assertThat(instance.categoryId()).isEqualTo(expected.categoryId());
      assertThat(instance.crowd()).isEqualTo(expected.crowd());
      assertThat(instance.area()).isEqualTo(expected.area());
    }
    assertThat(other.rgb()).isNotEqualTo(first.rgb());
  }

  @Test
  void everyBoxIsTheTightBoxOfItsVisibleMaskAndEveryAreaItsPixelCount() {
    SyntheticInstanceScenes scenes = new SyntheticInstanceScenes(11, 8);
    for (int index = 0; index < 40; index++) {
      for (Instance instance : scenes.render(index, HEIGHT, WIDTH).instances()) {
        assertThat(instance.box()).isEqualTo(tightBox(instance.mask()));
        assertThat(instance.area()).isEqualTo(pixels(instance.mask()));
        assertThat(pixels(instance.mask())).isGreaterThanOrEqualTo(SyntheticInstanceScenes.MIN_VISIBLE_PIXELS);
      }
    }
  }

  @Test
  void noPixelBelongsToTwoInstancesBecauseLaterShapesCoverEarlierOnes() {
    SyntheticInstanceScenes scenes = new SyntheticInstanceScenes(11, 8);
    int overlappingScenes = 0;
    for (int index = 0; index < 40; index++) {
      InstanceExample scene = scenes.render(index, HEIGHT, WIDTH);
      int[] owners = new int[HEIGHT * WIDTH];
      for (Instance instance : scene.instances()) {
        for (int i = 0; i < owners.length; i++) {
          owners[i] += instance.mask()[i] ? 1 : 0;
        }
      }
      assertThat(Arrays.stream(owners).max().orElse(0)).as("instances owning one pixel").isLessThanOrEqualTo(1);
      if (hasOccludedBox(scene)) {
        overlappingScenes++;
      }
    }
    assertThat(overlappingScenes).as("scenes where one instance's box holds another's pixels").isPositive();
  }

  @Test
  void scenesDrawSeveralCategoriesWithinRangeAndMarkSomeInstancesCrowd() {
    SyntheticInstanceScenes scenes = new SyntheticInstanceScenes(2, 8);
    Set<Integer> categories = new HashSet<>();
    int crowd = 0;
    int instances = 0;
    for (int index = 0; index < 200; index++) {
      for (Instance instance : scenes.render(index, 32, 32).instances()) {
        categories.add(instance.categoryId());
        crowd += instance.crowd() ? 1 : 0;
        instances++;
      }
    }
    assertThat(categories).hasSize(8).allMatch(id -> id >= 1 && id <= 8);
    assertThat(crowd).isPositive().isLessThan(instances / 5);
  }

  @Test
  void categoriesBeyondCocosIdsAreRefused() {
    assertThatThrownBy(() -> new SyntheticInstanceScenes(1, 91))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..90");
  }

  private static PixelBox tightBox(boolean[] mask) {
    int left = WIDTH;
    int top = HEIGHT;
    int right = -1;
    int bottom = -1;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        if (mask[y * WIDTH + x]) {
          left = Math.min(left, x);
          top = Math.min(top, y);
          right = Math.max(right, x);
          bottom = Math.max(bottom, y);
        }
      }
    }
    return new PixelBox(left, top, right + 1, bottom + 1);
  }

  private static int pixels(boolean[] mask) {
    int count = 0;
    for (boolean pixel : mask) {
      count += pixel ? 1 : 0;
    }
    return count;
  }

  /** Whether some instance's box contains a pixel of another instance: the scene has overlapping objects. */
  private static boolean hasOccludedBox(InstanceExample scene) {
    for (Instance outer : scene.instances()) {
      for (Instance inner : scene.instances()) {
        if (outer != inner && anyInside(inner.mask(), outer.box())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean anyInside(boolean[] mask, PixelBox box) {
    for (int y = (int) box.y0(); y < box.y1(); y++) {
      for (int x = (int) box.x0(); x < box.x1(); x++) {
        if (mask[y * WIDTH + x]) {
          return true;
        }
      }
    }
    return false;
  }
}
