package dev.segtpu.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart in {@code helm/segtpu-operator}, driven through Helm itself (helm-java's bundled Helm 3, no
 * cluster). A values combination is installed by copying the chart with those values as its
 * values.yaml, so {@code helm lint} (which takes no value overrides in helm-java) checks the same
 * combination that {@code helm template} renders.
 */
public final class SegtpuChart {

  /** The chart, relative to the helm module (surefire's working directory). */
  public static final Path CHART = Path.of("segtpu-operator");
  public static final Path REPOSITORY = Path.of("..");
  public static final String RELEASE = "segtpu-operator";
  public static final String NAMESPACE = "segtpu-system";
  /** The Kubernetes version templates render for (a current GKE release). */
  public static final String KUBE_VERSION = "v1.32.0";

  private static final ObjectMapper YAML = new YAMLMapper();

  private final Path chart;

  private SegtpuChart(Path chart) {
    this.chart = chart;
  }

  /** A copy of the chart in a new folder under {@code workDir}, its values.yaml the chart's with {@code values} applied. */
  public static SegtpuChart with(ChartValues values, Path workDir) {
    Path copy;
    try {
      copy = Files.createTempDirectory(workDir, "chart").resolve(CHART.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
      YAML.writeValue(copy.resolve("values.yaml").toFile(), values.applyTo(defaultValues()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the chart to " + workDir, e);
    }
    return new SegtpuChart(copy);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> defaultValues() {
    try {
      return YAML.readValue(CHART.resolve("values.yaml").toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public LintResult lintStrict() {
    return new Helm(chart).lint().strict().call();
  }

  /** {@code helm template} in namespace {@value #NAMESPACE} for Kubernetes {@value #KUBE_VERSION} (without CRDs). */
  public String template() {
    return new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION).call();
  }

  /** What {@code helm install --dry-run=client} prints (the release with its rendered NOTES.txt). */
  public String installOutput() {
    return new Helm(chart).install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
        .withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput();
  }

  /** {@code helm show crds}: the chart's crds/ folder as Helm installs it (never templated). */
  public String crds() {
    return new Helm(chart).show().crds().call();
  }

  /** The CRDs and the rendered objects, each parsed strictly into its Fabric8 model class. */
  public RenderedChart render() {
    StrictManifests manifests = new StrictManifests();
    List<HasMetadata> objects = new ArrayList<>(manifests.parseAll(crds()));
    objects.addAll(manifests.parseAll(template()));
    return new RenderedChart(objects);
  }

  public Path path() {
    return chart;
  }
}
