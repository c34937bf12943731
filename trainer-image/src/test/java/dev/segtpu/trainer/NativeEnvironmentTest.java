package dev.segtpu.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

  @Test
  void anEmptyEnvironmentMissesEverySettingAndNamesTheVariable() {
    assertThat(NativeEnvironment.missingFrom(Map.of()))
        .hasSize(NativeEnvironment.values().length)
        .anySatisfy(line -> assertThat(line).startsWith("TF_CPU_ALLOCATOR_USE_BFC=true is not set"));
  }

  @Test
  void applyingKeepsOtherGlibcTunablesAndLeavesNothingMissing() {
    Map<String, String> environment = new HashMap<>(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=2"));
    NativeEnvironment.applyTo(environment);
    assertThat(environment.get("GLIBC_TUNABLES")).isEqualTo("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
    assertThat(NativeEnvironment.missingFrom(environment)).isEmpty();
  }

  @Test
  void theSurefireEnvironmentIsTheTrainerImagesOne() {
    assertThat(NativeEnvironment.missingFrom(System.getenv())).isEmpty();
  }
}
