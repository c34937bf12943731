package dev.segtpu.api.tolerant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Binds one section of a stored job (its spec or its status) without ever throwing for what the
 * section holds, so that one bad object cannot stop the informer that watches every job.
 *
 * <p>Why this is needed: kube-apiserver stores what its schema lets through, and the schema the operator
 * was built for is not always the one the object was written under (an older or newer CRD version, a
 * hand-edited object, a field the schema misses). A value the Java types cannot hold would otherwise
 * fail the informer's list or watch, and JOSDK stops the whole operator on that.
 *
 * <p>Unknown fields are skipped and listed (as an older client-go operator would ignore them); a value
 * that cannot be bound makes the whole section unreadable, with the field and the problem named.
 */
final class TolerantReader {

  /** What binding produced: the value, or why there is none, and the unknown fields skipped. */
  record Result<T>(T value, JsonNode stored, ReadProblem problem, List<String> unknownFields) {}

  private TolerantReader() {}

  static <T> Result<T> read(JsonParser parser, Class<T> type, String root) throws IOException {
    JsonNode tree = parser.readValueAsTree();
    ObjectMapper mapper = parser.getCodec() instanceof ObjectMapper m ? m : new ObjectMapper();
    List<String> unknown = new ArrayList<>();
    try {
      T value = mapper.readerFor(type)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .withHandler(new UnknownFields(root, unknown))
          .readValue(tree);
      return new Result<>(value, tree, null, List.copyOf(unknown));
    } catch (JsonMappingException e) {
      return new Result<>(null, tree, new ReadProblem(path(root, e.getPath()), e.getOriginalMessage()), List.copyOf(unknown));
    } catch (IOException | RuntimeException e) {
      return new Result<>(null, tree, new ReadProblem(root, e.getMessage()), List.copyOf(unknown));
    }
  }

  static String path(String root, List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder(root);
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        path.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Skips a property the type does not declare and remembers its path. */
  private static final class UnknownFields extends DeserializationProblemHandler {
    private final String root;
    private final List<String> seen;

    UnknownFields(String root, List<String> seen) {
      this.root = root;
      this.seen = seen;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                         JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName)
        throws IOException {
      seen.add(path(root, parser.getParsingContext()));
      parser.skipChildren();
      return true;
    }

    private static String path(String root, JsonStreamContext context) {
      Deque<String> parts = new ArrayDeque<>();
      for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
        if (c.inArray()) {
          parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
        } else if (c.getCurrentName() != null) {
          parts.push("." + c.getCurrentName());
        }
      }
      return root + String.join("", parts);
    }
  }
}
