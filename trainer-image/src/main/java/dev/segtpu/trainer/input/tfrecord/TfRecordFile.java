package dev.segtpu.trainer.input.tfrecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One TFRecord file opened for random access. Opening walks the record headers (length and its CRC) and
 * remembers where each record starts, so any record can be read by index; reading verifies the data CRC.
 * Framing per record: uint64 length, masked CRC-32C of the length, data, masked CRC-32C of the data,
 * all little-endian. Reads are positional, so several threads may read at once.
 */
public final class TfRecordFile implements AutoCloseable {

  static final int HEADER_BYTES = 12;
  static final int FOOTER_BYTES = 4;

  private final Path path;
  private final FileChannel channel;
  private final long[] offsets;
  private final int[] lengths;

  private TfRecordFile(Path path, FileChannel channel, long[] offsets, int[] lengths) {
    this.path = path;
    this.channel = channel;
    this.offsets = offsets;
    this.lengths = lengths;
  }

  /** Opens and indexes {@code path}; a damaged header or a truncated last record fails here. */
  public static TfRecordFile open(Path path) {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open TFRecord file " + path, e);
    }
    try {
      return index(path, channel);
    } catch (RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  private static TfRecordFile index(Path path, FileChannel channel) {
    long[] offsets = new long[64];
    int[] lengths = new int[64];
    int count = 0;
    long size = size(path, channel);
    ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    long offset = 0;
    while (offset < size) {
      if (size - offset < HEADER_BYTES) {
        throw new CorruptRecordException(path, offset, "truncated record header ("
            + (size - offset) + " of " + HEADER_BYTES + " bytes)");
      }
      readFully(path, channel, header.clear(), offset);
      long length = header.getLong(0);
      if (header.getInt(8) != MaskedCrc32c.of(header.array(), 0, 8)) {
        throw new CorruptRecordException(path, offset, "record length CRC mismatch");
      }
      if (length < 0 || length > Integer.MAX_VALUE - HEADER_BYTES - FOOTER_BYTES) {
        throw new CorruptRecordException(path, offset, "implausible record length " + length);
      }
      long end = offset + HEADER_BYTES + length + FOOTER_BYTES;
      if (end > size) {
        throw new CorruptRecordException(path, offset, "truncated record: needs " + (end - offset)
            + " bytes, file has " + (size - offset) + " left");
      }
      if (count == offsets.length) {
        offsets = Arrays.copyOf(offsets, count * 2);
        lengths = Arrays.copyOf(lengths, count * 2);
      }
      offsets[count] = offset;
      lengths[count] = (int) length;
      count++;
      offset = end;
    }
    return new TfRecordFile(path, channel, Arrays.copyOf(offsets, count), Arrays.copyOf(lengths, count));
  }

  public Path path() {
    return path;
  }

  public int recordCount() {
    return offsets.length;
  }

  /** Byte offset in the file where record {@code index} starts (its length field). */
  public long offsetOf(int index) {
    return offsets[index];
  }

  /** The data of record {@code index}, after checking its CRC. */
  public byte[] read(int index) {
    long offset = offsets[index];
    int length = lengths[index];
    ByteBuffer buffer = ByteBuffer.allocate(length + FOOTER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(path, channel, buffer, offset + HEADER_BYTES);
    byte[] bytes = buffer.array();
    if (buffer.getInt(length) != MaskedCrc32c.of(bytes, 0, length)) {
      throw new CorruptRecordException(path, offset, "record data CRC mismatch");
    }
    return Arrays.copyOf(bytes, length);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path, e);
    }
  }

  private static long size(Path path, FileChannel channel) {
    try {
      return channel.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + path, e);
    }
  }

  private static void readFully(Path path, FileChannel channel, ByteBuffer buffer, long position) {
    long start = position;
    try {
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw new CorruptRecordException(path, start, "file ended while reading the record");
        }
        position += read;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " at byte offset " + start, e);
    }
  }

  private static void closeQuietly(FileChannel channel, RuntimeException failure) {
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
