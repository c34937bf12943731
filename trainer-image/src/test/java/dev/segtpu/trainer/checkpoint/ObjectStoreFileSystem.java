package dev.segtpu.trainer.checkpoint;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@code java.nio} file system with the semantics of a Cloud Storage bucket mounted by Cloud Storage
 * FUSE, decorating the default file system of a test directory: (a) a directory cannot be renamed or
 * moved (IOException), a file rename is a copy then a delete; (b) a file being written is invisible
 * (exists, list, read) until its writer closes it, and then appears whole; (c) every mutating operation
 * (create, write, fsync, close/upload, mkdir, delete, copy) is counted, and {@link Mutations} can make the
 * k-th one and all after it fail, as a crash there would.
 *
 * <p>Why this is an honest emulation: the checkpoint code sees only {@code java.nio} calls, and these are
 * the properties the commit protocol relies on or must survive; the decorator enforces them on every call
 * instead of hoping a test hits them. Staged files live outside the checkpoint tree, so a crash leaves
 * exactly what object storage would: whole objects that were closed, nothing of those that were not.
 * {@link Visibility#WHILE_WRITING} instead keeps POSIX's behaviour of partial files being visible, to
 * test what a crash mid-write leaves on a local disk.
 *
 * <p>What differs from real gcsfuse: in production TensorFlow's native SaveV2 writes the variables
 * through the kernel's FUSE mount (it writes temporary files and renames them, which gcsfuse allows for
 * files); here the variables writer is Java and goes through the decorator. gcsfuse also uploads on
 * fsync, not only on close, and offers no create-if-absent guarantee between two writers racing on one
 * name (our names are unique per attempt); list-after-write is strongly consistent on Cloud Storage, as
 * here. Durability (fsync) is not emulated: a power loss is not a process crash.
 */
final class ObjectStoreFileSystem extends FileSystem {

  /** When a file being written becomes visible to readers. */
  enum Visibility {
    /** Object storage: when the writer closes it, whole. */
    ON_CLOSE,
    /** POSIX: at once, with whatever has been written so far. */
    WHILE_WRITING
  }

  private final FileSystem base = FileSystems.getDefault();
  private final Path staging;
  private final Visibility visibility;
  private final Mutations mutations = new Mutations();
  private final ObjectStoreProvider provider;

  private ObjectStoreFileSystem(Path staging, Visibility visibility) {
    this.staging = staging;
    this.visibility = visibility;
    this.provider = new ObjectStoreProvider(this, mutations);
  }

  /** A fresh view (a fresh process) of the files under {@code scratch}; staged uploads go to {@code scratch/.staging}. */
  static ObjectStoreFileSystem over(Path scratch, Visibility visibility) throws IOException {
    return new ObjectStoreFileSystem(Files.createDirectories(scratch.resolve(".staging")), visibility);
  }

  /** {@code real} seen through this file system. */
  Path wrap(Path real) {
    return new ObjectStorePath(this, real);
  }

  Mutations mutations() {
    return mutations;
  }

  Path staging() {
    return staging;
  }

  Visibility visibility() {
    return visibility;
  }

  @Override public FileSystemProvider provider() { return provider; }
  @Override public void close() { }
  @Override public boolean isOpen() { return true; }
  @Override public boolean isReadOnly() { return false; }
  @Override public String getSeparator() { return base.getSeparator(); }

  @Override
  public Iterable<Path> getRootDirectories() {
    List<Path> roots = new ArrayList<>();
    base.getRootDirectories().forEach(r -> roots.add(wrap(r)));
    return roots;
  }

  @Override public Iterable<FileStore> getFileStores() { return base.getFileStores(); }
  @Override public Set<String> supportedFileAttributeViews() { return base.supportedFileAttributeViews(); }
  @Override public Path getPath(String first, String... more) { return wrap(base.getPath(first, more)); }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher matcher = base.getPathMatcher(syntaxAndPattern);
    return path -> matcher.matches(ObjectStorePath.real(path));
  }

  @Override public UserPrincipalLookupService getUserPrincipalLookupService() { return base.getUserPrincipalLookupService(); }
  @Override public WatchService newWatchService() { throw new UnsupportedOperationException(); }
}
