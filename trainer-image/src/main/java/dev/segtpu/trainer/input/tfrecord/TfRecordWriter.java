package dev.segtpu.trainer.input.tfrecord;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes records with TFRecord framing (readable by TensorFlow's TFRecordDataset and {@link TfRecordFile}). */
public final class TfRecordWriter implements AutoCloseable {

  private final Path path;
  private final OutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(TfRecordFile.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer footer = ByteBuffer.allocate(TfRecordFile.FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

  public TfRecordWriter(Path path) {
    this.path = path;
    try {
      this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path, e);
    }
  }

  public void write(byte[] record) {
    header.clear();
    header.putLong(0, record.length);
    header.putInt(8, MaskedCrc32c.of(header.array(), 0, 8));
    footer.putInt(0, MaskedCrc32c.of(record, 0, record.length));
    try {
      out.write(header.array());
      out.write(record);
      out.write(footer.array());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }
}
