package dev.segtpu.trainer.input.tfrecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordFileTest {

  @TempDir
  Path dir;

  @Test
  void maskedCrcMatchesTheTensorFlowDefinition() {
    // CRC-32C("123456789") = 0xE3069283 (RFC 3720 check value); TF masks it as rot15 + 0xa282ead8.
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    int crc = 0xE3069283;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    assertThat(MaskedCrc32c.of(check, 0, check.length)).isEqualTo(masked);
  }

  @Test
  void recordsWrittenAreReadBackByIndexInAnyOrder() {
    List<byte[]> records = List.of(new byte[0], bytes(1, 1), bytes(70_000, 3), bytes(5, 9));
    Path file = write(records);

    try (TfRecordFile tfRecords = TfRecordFile.open(file)) {
      assertThat(tfRecords.recordCount()).isEqualTo(4);
      assertThat(tfRecords.read(2)).isEqualTo(records.get(2));
      assertThat(tfRecords.read(0)).isEmpty();
      assertThat(tfRecords.read(3)).isEqualTo(records.get(3));
      assertThat(tfRecords.read(1)).isEqualTo(records.get(1));
      assertThat(tfRecords.offsetOf(1)).isEqualTo(16);
      assertThat(tfRecords.offsetOf(2)).isEqualTo(16 + 17);
    }
  }

  @Test
  void framingIsLengthLengthCrcDataDataCrcLittleEndian() throws IOException {
    byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(write(List.of(data)))).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(file.capacity()).isEqualTo(8 + 4 + 3 + 4);
    assertThat(file.getLong(0)).isEqualTo(3);
    assertThat(file.getInt(8)).isEqualTo(MaskedCrc32c.of(Arrays.copyOf(file.array(), 8), 0, 8));
    assertThat(Arrays.copyOfRange(file.array(), 12, 15)).isEqualTo(data);
    assertThat(file.getInt(15)).isEqualTo(MaskedCrc32c.of(data, 0, 3));
  }

  @Test
  void flippedDataByteFailsTheReadNamingFileAndRecordOffset() throws IOException {
    Path file = write(List.of(bytes(100, 1), bytes(100, 2)));
    byte[] content = Files.readAllBytes(file);
    long secondRecord = 8 + 4 + 100 + 4;
    content[(int) secondRecord + 12 + 50] ^= 0x01;
    Files.write(file, content);

    try (TfRecordFile tfRecords = TfRecordFile.open(file)) {
      assertThat(tfRecords.read(0)).isEqualTo(bytes(100, 1));
      assertThatThrownBy(() -> tfRecords.read(1))
          .isInstanceOf(CorruptRecordException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("byte offset " + secondRecord)
          .hasMessageContaining("data CRC");
    }
  }

  @Test
  void flippedLengthByteFailsTheOpenNamingTheOffset() throws IOException {
    Path file = write(List.of(bytes(10, 1), bytes(10, 2)));
    byte[] content = Files.readAllBytes(file);
    content[26 + 1] ^= 0x40;
    Files.write(file, content);

    assertThatThrownBy(() -> TfRecordFile.open(file))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(file + " at byte offset 26")
        .hasMessageContaining("length CRC");
  }

  @Test
  void truncatedFileFailsTheOpenNamingTheLastRecordsOffset() throws IOException {
    Path file = write(List.of(bytes(10, 1), bytes(300, 2)));
    byte[] content = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(content, content.length - 7));

    assertThatThrownBy(() -> TfRecordFile.open(file))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(file + " at byte offset 26")
        .hasMessageContaining("truncated record");
  }

  @Test
  void fileCutInsideAHeaderFailsTheOpen() throws IOException {
    Path file = write(List.of(bytes(10, 1)));
    Files.write(file, new byte[] {1, 2, 3, 4, 5}, StandardOpenOption.APPEND);

    assertThatThrownBy(() -> TfRecordFile.open(file))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(file + " at byte offset 26")
        .hasMessageContaining("truncated record header");
  }

  private Path write(List<byte[]> records) {
    Path file = dir.resolve("records.tfrecord");
    try (TfRecordWriter writer = new TfRecordWriter(file)) {
      records.forEach(writer::write);
    }
    return file;
  }

  private static byte[] bytes(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * 31 + seed);
    }
    return bytes;
  }
}
