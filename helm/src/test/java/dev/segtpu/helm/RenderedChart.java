package dev.segtpu.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** What {@code helm template} produced, as Fabric8 objects. */
public record RenderedChart(List<HasMetadata> objects) {

  public RenderedChart {
    objects = List.copyOf(objects);
  }

  public <T extends HasMetadata> List<T> all(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  public <T extends HasMetadata> T one(Class<T> kind) {
    List<T> found = all(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind.getSimpleName() + ", rendered " + found.size());
    }
    return found.get(0);
  }

  public <T extends HasMetadata> T named(Class<T> kind, String name) {
    return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " rendered"));
  }

  public Deployment deployment() {
    return one(Deployment.class);
  }

  public Container operatorContainer() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  public List<String> operatorArgs() {
    return operatorContainer().getArgs();
  }

  public List<EnvVar> operatorEnv() {
    return operatorContainer().getEnv();
  }
}
