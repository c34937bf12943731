package dev.segtpu.helm;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses Kubernetes manifests into Fabric8's model classes and fails on any field the model does not
 * know. Fabric8's classes keep unknown fields in {@code additionalProperties} through a Jackson
 * any-setter, so a misspelt or misplaced field would otherwise pass silently; this parser removes the
 * any-setters and lets Jackson refuse unknown properties.
 */
public final class StrictManifests {

  private static final ObjectMapper DOCUMENTS = new YAMLMapper();
  private final KubernetesSerialization serialization;

  public StrictManifests() {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.registerModule(new SimpleModule("no-additional-properties").setDeserializerModifier(new BeanDeserializerModifier() {
      @Override
      public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                   BeanDeserializerBuilder builder) {
        builder.setAnySetter(null);
        builder.setIgnoreUnknownProperties(false);
        return builder;
      }
    }));
    this.serialization = new KubernetesSerialization(mapper, true);
  }

  /** Every object of a multi-document YAML stream (empty documents skipped), each of its model class. */
  public List<HasMetadata> parseAll(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (var documents = DOCUMENTS.readerFor(Map.class).<Map<String, Object>>readValues(yaml)) {
      while (documents.hasNext()) {
        Map<String, Object> document = documents.next();
        if (document != null && !document.isEmpty()) {
          objects.add(parse(DOCUMENTS.writeValueAsString(document)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not YAML: " + e.getMessage(), e);
    }
    return objects;
  }

  /** One object; fails on unknown fields and on kinds without a model class. */
  public HasMetadata parse(String yaml) {
    Object parsed;
    try {
      parsed = serialization.unmarshal(yaml);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("does not fit the Fabric8 model: " + e.getMessage() + "\n" + yaml, e);
    }
    if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
      throw new IllegalArgumentException("no model class for this kind (parsed as "
          + (parsed == null ? "null" : parsed.getClass().getSimpleName()) + "):\n" + yaml);
    }
    return object;
  }

  public KubernetesSerialization serialization() {
    return serialization;
  }
}
