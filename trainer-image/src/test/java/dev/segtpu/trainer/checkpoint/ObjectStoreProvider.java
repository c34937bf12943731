package dev.segtpu.trainer.checkpoint;

import static dev.segtpu.trainer.checkpoint.ObjectStorePath.real;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The provider behind {@link ObjectStoreFileSystem}: delegates to the default provider, except that a
 * directory cannot be renamed, a file rename is copy then delete, a file being written is invisible until
 * its writer closes it (in {@link ObjectStoreFileSystem.Visibility#ON_CLOSE} mode), and every mutation
 * passes through {@link Mutations} so a test can crash at any of them.
 */
final class ObjectStoreProvider extends FileSystemProvider {

  private final ObjectStoreFileSystem fileSystem;
  private final Mutations mutations;

  ObjectStoreProvider(ObjectStoreFileSystem fileSystem, Mutations mutations) {
    this.fileSystem = fileSystem;
    this.mutations = mutations;
  }

  @Override public String getScheme() { return "segtpu-object-store-test"; }
  @Override public FileSystem newFileSystem(URI uri, Map<String, ?> env) { throw new UnsupportedOperationException(); }
  @Override public FileSystem getFileSystem(URI uri) { throw new UnsupportedOperationException(); }
  @Override public Path getPath(URI uri) { throw new UnsupportedOperationException(); }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    Path target = real(path);
    boolean writing = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
    if (!writing) {
      return FileChannel.open(target, options);
    }
    boolean exists = Files.exists(target);
    boolean createNew = options.contains(StandardOpenOption.CREATE_NEW);
    if (createNew && exists) {
      throw new FileAlreadyExistsException(target.toString());
    }
    if (!exists && !createNew && !options.contains(StandardOpenOption.CREATE)) {
      throw new NoSuchFileException(target.toString());
    }
    if (!Files.isDirectory(target.getParent())) {
      throw new NoSuchFileException(target.getParent().toString());
    }
    mutations.next("open for writing " + target);
    if (fileSystem.visibility() == ObjectStoreFileSystem.Visibility.WHILE_WRITING) {
      return new UploadChannel(FileChannel.open(target, options), mutations, target.toString(), () -> { });
    }
    Path staged = Files.createTempFile(fileSystem.staging(), "upload-", "");
    if (exists && !options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
      Files.copy(target, staged, StandardCopyOption.REPLACE_EXISTING);
    }
    FileChannel channel = options.contains(StandardOpenOption.APPEND)
        ? FileChannel.open(staged, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
        : FileChannel.open(staged, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new UploadChannel(channel, mutations, target.toString(), () -> publish(staged, target, createNew));
  }

  /** The upload as the writer closes the file: the whole object appears at once, or not at all. */
  private void publish(Path staged, Path target, boolean createNew) throws IOException {
    mutations.next("close (upload) " + target);
    if (createNew && Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString());
    }
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(real(dir))) {
      for (Path entry : stream) {
        Path wrapped = fileSystem.wrap(entry);
        if (filter.accept(wrapped)) {
          entries.add(wrapped);
        }
      }
    }
    return new DirectoryStream<>() {
      @Override public Iterator<Path> iterator() { return entries.iterator(); }
      @Override public void close() { }
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    mutations.next("create directory " + real(dir));
    Files.createDirectory(real(dir), attrs);
  }

  @Override
  public void delete(Path path) throws IOException {
    mutations.next("delete " + real(path));
    Files.delete(real(path));
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    if (Files.isDirectory(real(source))) {
      createDirectory(target);
      return;
    }
    mutations.next("copy " + real(source) + " to " + real(target));
    Path staged = Files.createTempFile(fileSystem.staging(), "copy-", "");
    Files.copy(real(source), staged, StandardCopyOption.REPLACE_EXISTING);
    publish(staged, real(target), !List.of(options).contains(StandardCopyOption.REPLACE_EXISTING));
  }

  /** gcsfuse: no directory rename on flat buckets; a file rename is a copy and a delete, never atomic. */
  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    if (Files.isDirectory(real(source))) {
      throw new IOException("object storage cannot rename directory " + real(source) + " to " + real(target));
    }
    if (List.of(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
      throw new AtomicMoveNotSupportedException(real(source).toString(), real(target).toString(),
          "object storage renames a file by copying it and deleting the original");
    }
    copy(source, target, options);
    delete(source);
  }

  @Override public boolean isSameFile(Path a, Path b) throws IOException { return Files.isSameFile(real(a), real(b)); }
  @Override public boolean isHidden(Path path) throws IOException { return Files.isHidden(real(path)); }
  @Override public FileStore getFileStore(Path path) throws IOException { return Files.getFileStore(real(path)); }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    Path target = real(path);
    target.getFileSystem().provider().checkAccess(target, modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    return Files.getFileAttributeView(real(path), type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
    return Files.readAttributes(real(path), type, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
    return Files.readAttributes(real(path), attributes, options);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
    mutations.next("set " + attribute + " of " + real(path));
    Files.setAttribute(real(path), attribute, value, options);
  }
}
