package dev.segtpu.trainer.checkpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;

/** A path of an {@link ObjectStoreFileSystem}: a default-file-system path routed through the decorator. */
final class ObjectStorePath implements Path {

  private final ObjectStoreFileSystem fileSystem;
  private final Path real;

  ObjectStorePath(ObjectStoreFileSystem fileSystem, Path real) {
    this.fileSystem = fileSystem;
    this.real = real;
  }

  /** The default-file-system path underneath. */
  static Path real(Path path) {
    if (path instanceof ObjectStorePath p) {
      return p.real;
    }
    throw new ProviderMismatchException("not an object-store test path: " + path);
  }

  private Path wrap(Path path) {
    return path == null ? null : new ObjectStorePath(fileSystem, path);
  }

  @Override public ObjectStoreFileSystem getFileSystem() { return fileSystem; }
  @Override public boolean isAbsolute() { return real.isAbsolute(); }
  @Override public Path getRoot() { return wrap(real.getRoot()); }
  @Override public Path getFileName() { return wrap(real.getFileName()); }
  @Override public Path getParent() { return wrap(real.getParent()); }
  @Override public int getNameCount() { return real.getNameCount(); }
  @Override public Path getName(int index) { return wrap(real.getName(index)); }
  @Override public Path subpath(int begin, int end) { return wrap(real.subpath(begin, end)); }
  @Override public boolean startsWith(Path other) { return other instanceof ObjectStorePath p && real.startsWith(p.real); }
  @Override public boolean endsWith(Path other) { return other instanceof ObjectStorePath p && real.endsWith(p.real); }
  @Override public Path normalize() { return wrap(real.normalize()); }
  @Override public Path resolve(Path other) { return wrap(real.resolve(real(other))); }
  @Override public Path resolve(String other) { return wrap(real.resolve(other)); }
  @Override public Path relativize(Path other) { return wrap(real.relativize(real(other))); }
  @Override public URI toUri() { return real.toUri(); }
  @Override public Path toAbsolutePath() { return wrap(real.toAbsolutePath()); }
  @Override public Path toRealPath(LinkOption... options) throws IOException { return wrap(real.toRealPath(options)); }

  @Override
  public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    throw new UnsupportedOperationException("object storage has no watch service");
  }

  @Override public int compareTo(Path other) { return real.compareTo(real(other)); }
  @Override public boolean equals(Object other) {
    return other instanceof ObjectStorePath p && p.fileSystem == fileSystem && p.real.equals(real);
  }
  @Override public int hashCode() { return real.hashCode(); }
  @Override public String toString() { return real.toString(); }
}
