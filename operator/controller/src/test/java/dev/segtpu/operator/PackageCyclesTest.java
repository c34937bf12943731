package dev.segtpu.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the operator depend on each other, directly or through others: each package can be
 * read (and changed) knowing only the packages below it. Reads the compiled classes, whose constant pools
 * name every class they use (imports, fully qualified names, signatures; not Javadoc).
 */
class PackageCyclesTest {

  private static final String ROOT = "dev/segtpu/operator";
  private static final Pattern REFERENCE = Pattern.compile(Pattern.quote(ROOT) + "((?:/[a-z][a-z0-9_]*)*)/[A-Z]");

  @Test
  void operatorPackagesHaveNoCycles() throws Exception {
    Map<String, Set<String>> uses = packageGraph(classesDirectory());
    assertThat(uses).as("packages found").containsKeys("dev.segtpu.operator.reconcile", "dev.segtpu.operator.reconcile.decide");
    assertThat(cycles(uses)).as("packages that depend on each other (through the arrows in %s)", uses).isEmpty();
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertThat(cycles(uses)).containsExactly(List.of("a", "b", "c"));
  }

  private static Path classesDirectory() throws URISyntaxException {
    Path location = Path.of(OperatorAssembly.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(location).as("the operator's classes, compiled into a directory").isDirectory();
    return location;
  }

  /** Package to the other operator packages its classes refer to. */
  static Map<String, Set<String>> packageGraph(Path classes) throws IOException {
    Map<String, Set<String>> uses = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes.resolve(ROOT))) {
      files.filter(f -> f.toString().endsWith(".class")).forEach(file -> {
        String from = classes.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(), ".");
        Set<String> targets = uses.computeIfAbsent(from, p -> new TreeSet<>());
        Matcher m = REFERENCE.matcher(read(file));
        while (m.find()) {
          String to = (ROOT + m.group(1)).replace('/', '.');
          if (!to.equals(from)) {
            targets.add(to);
          }
        }
      });
    }
    return uses;
  }

  private static String read(Path file) {
    try {
      // Class names in the constant pool are ASCII here; ISO-8859-1 keeps every byte one character.
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The strongly connected components with more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> uses) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> found = new ArrayList<>();
    for (String node : new TreeSet<>(uses.keySet())) {
      if (!index.containsKey(node)) {
        connect(node, uses, index, low, stack, onStack, found);
      }
    }
    return found;
  }

  private static void connect(String node, Map<String, Set<String>> uses, Map<String, Integer> index, Map<String, Integer> low,
                              Deque<String> stack, Set<String> onStack, List<List<String>> found) {
    index.put(node, index.size());
    low.put(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (String next : uses.getOrDefault(node, Set.of())) {
      if (!index.containsKey(next)) {
        connect(next, uses, index, low, stack, onStack, found);
        low.put(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.contains(next)) {
        low.put(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node).equals(index.get(node))) {
      List<String> component = new ArrayList<>();
      String member;
      do {
        member = stack.pop();
        onStack.remove(member);
        component.add(member);
      } while (!member.equals(node));
      if (component.size() > 1) {
        found.add(component.stream().sorted().toList());
      }
    }
  }
}
