package dev.segtpu.api.tolerant;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
 * that cannot be bound makes the whole section unreadable, with the field and the problem named. So
 * does a section beyond the JSON reader's own limits (nested deeper than it reads): it is skipped, not
 * kept, so {@link Result#stored()} is null for it.
 */
final class TolerantReader {

  /**
   * What binding produced: the value, or why there is none, and the unknown fields skipped.
   *
   * @param stored the section as stored; null when it was too deep to hold
   */
  record Result<T>(T value, JsonNode stored, ReadProblem problem, List<String> unknownFields) {}

  private TolerantReader() {}

  static <T> Result<T> read(JsonParser parser, Class<T> type, String root) throws IOException {
    JsonToken first = parser.currentToken();
    JsonStreamContext section = parser.getParsingContext();
    JsonNode tree;
    try {
      tree = parser.readValueAsTree();
    } catch (IOException e) {
      // Beyond a limit of the JSON reader itself (most likely its nesting depth): the section cannot even
      // be held as a tree. Skip past it so the rest of the job, and of the list it came in, is still read.
      StreamConstraintsException limit = constraint(e);
      if (limit == null || first == null || !first.isStructStart()) {
        throw e;
      }
      String field = field(root, parser.getParsingContext(), section);
      String problem = describe(parser, limit);
      skipSection(parser, section.getNestingDepth());
      return new Result<>(null, null, new ReadProblem(field, problem), List.of());
    }
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

  /** The reader's own limit behind {@code e}, if that is what stopped it. */
  private static StreamConstraintsException constraint(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException limit) {
        return limit;
      }
    }
    return null;
  }

  private static String describe(JsonParser parser, StreamConstraintsException limit) {
    int most = parser.streamReadConstraints().getMaxNestingDepth();
    return parser.getParsingContext().getNestingDepth() > most
        ? "is nested deeper than " + most + " levels, more than this operator reads"
        : limit.getOriginalMessage();
  }

  /** The field of the section where the reader stopped: {@code spec.unexpectedField} for a value nested too deeply. */
  private static String field(String root, JsonStreamContext stopped, JsonStreamContext section) {
    JsonStreamContext context = stopped;
    while (context != null && context.getNestingDepth() > section.getNestingDepth()) {
      context = context.getParent();
    }
    if (context == null || context.getNestingDepth() != section.getNestingDepth()) {
      return root;
    }
    if (context.inObject() && context.getCurrentName() != null) {
      return root + "." + context.getCurrentName();
    }
    return context.inArray() ? root + "[" + Math.max(0, context.getCurrentIndex()) + "]" : root;
  }

  /**
   * Reads on to the token that closes the section (the object or array at {@code depth}). Each level
   * beyond the reader's nesting limit is refused again as it opens; the reader has entered it all the
   * same, so reading on stays in step with the document. Right after such a refusal the reader may
   * answer one null token (the value it was about to return after a field name was dropped): only a
   * null that does not follow a refusal is the end of the document.
   */
  private static void skipSection(JsonParser parser, int depth) throws IOException {
    boolean refused = true;
    while (true) {
      JsonToken token;
      try {
        token = parser.nextToken();
      } catch (StreamConstraintsException deeper) {
        refused = true;
        continue;
      }
      if (token == null) {
        if (refused) {
          refused = false;
          continue;
        }
        throw new JsonParseException(parser, "the document ended inside a section nested too deeply to read");
      }
      refused = false;
      if (token.isStructEnd() && parser.getParsingContext().getNestingDepth() == depth - 1) {
        return;
      }
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
