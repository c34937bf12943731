package dev.segtpu.trainer.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file being written on an {@link ObjectStoreFileSystem}: bytes go to a staging file nobody else sees,
 * and closing the channel publishes it (the upload). Writes, fsync and the upload are counted mutations.
 */
final class UploadChannel extends FileChannel {

  /** What closing does: publish the staged bytes under the file's name. */
  @FunctionalInterface
  interface Upload {
    void run() throws IOException;
  }

  private final FileChannel staged;
  private final Mutations mutations;
  private final String target;
  private final Upload upload;

  UploadChannel(FileChannel staged, Mutations mutations, String target, Upload upload) {
    this.staged = staged;
    this.mutations = mutations;
    this.target = target;
    this.upload = upload;
  }

  @Override public int read(ByteBuffer dst) throws IOException { return staged.read(dst); }
  @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return staged.read(dsts, offset, length); }
  @Override public int read(ByteBuffer dst, long position) throws IOException { return staged.read(dst, position); }

  @Override
  public int write(ByteBuffer src) throws IOException {
    mutations.next("write " + target);
    return staged.write(src);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    mutations.next("write " + target);
    return staged.write(srcs, offset, length);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    mutations.next("write " + target);
    return staged.write(src, position);
  }

  @Override public long position() throws IOException { return staged.position(); }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    staged.position(newPosition);
    return this;
  }

  @Override public long size() throws IOException { return staged.size(); }

  @Override
  public FileChannel truncate(long size) throws IOException {
    mutations.next("truncate " + target);
    staged.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    mutations.next("fsync " + target);
    staged.force(metaData);
  }

  @Override public long transferTo(long position, long count, WritableByteChannel dst) throws IOException {
    return staged.transferTo(position, count, dst);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    mutations.next("write " + target);
    return staged.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("no memory mapping on object storage");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("no locks on object storage");
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) {
    throw new UnsupportedOperationException("no locks on object storage");
  }

  @Override
  protected void implCloseChannel() throws IOException {
    staged.close();
    upload.run();
  }
}
