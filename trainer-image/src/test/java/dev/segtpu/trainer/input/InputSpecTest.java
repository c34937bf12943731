package dev.segtpu.trainer.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InputSpecTest {

  @Test
  void contractNamesParseToFormats() {
    assertThat(DatasetFormat.fromContractName("voc-tfrecord")).isEqualTo(DatasetFormat.VOC_TFRECORD);
    assertThat(DatasetFormat.fromContractName(" Synthetic ")).isEqualTo(DatasetFormat.SYNTHETIC);
  }

  @Test
  void unknownFormatListsTheAcceptedNames() {
    assertThatThrownBy(() -> DatasetFormat.fromContractName("cityscapes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cityscapes")
        .hasMessageContaining("voc-tfrecord, coco-tfrecord, synthetic");
  }

  @Test
  void classCountMustLeaveRoomForTheIgnoreLabel() {
    assertThatThrownBy(() -> InputSpec.vocTfRecord(Path.of("/data"), "*.tfrecord", 513, 4, 1, 256))
        .hasMessageContaining("number of classes must be in 2..255");
  }

  @Test
  void fileFormatsNeedAPatternAndSyntheticNeedsASize() {
    assertThatThrownBy(() -> InputSpec.vocTfRecord(Path.of("/data"), " ", 513, 4, 1, 21))
        .hasMessageContaining("file pattern");
    assertThatThrownBy(() -> InputSpec.synthetic(0, 64, 32, 4, 1, 21))
        .hasMessageContaining("synthetic examples");
  }

  @Test
  void positionAdvancesAcrossEpochBoundaries() {
    assertThat(new DataPosition(2, 8).advance(4, 10)).isEqualTo(new DataPosition(3, 2));
    assertThat(new DataPosition(0, 0).advance(25, 10)).isEqualTo(new DataPosition(2, 5));
  }
}
