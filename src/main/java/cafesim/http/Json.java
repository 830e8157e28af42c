package cafesim.http;

import cafesim.cafe.Message;
import cafesim.run.RunReport;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** The one JSON mapper of the API, strict on input, and what its errors mean to a client. */
public final class Json {

  private Json() {}

  /**
   * Strict: unknown fields, a string where a number belongs ("10" for speed) and trailing
   * garbage are errors, not guesses.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addMixIn(RunReport.class, ReportWithoutMessages.class)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
      // {"speed":1,"speed":1000} is ambiguous: refused, not "last one wins".
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .withCoercionConfig(LogicalType.Textual, text -> text
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      // "NaN", "Infinity" or "10" as strings are not numbers.
      .withCoercionConfig(LogicalType.Float, number -> number
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Integer, number -> number
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
      .build();

  /** The API's report has no messages: GET /runs/{id}/trace shows them. */
  private abstract static class ReportWithoutMessages {
    @JsonIgnore
    abstract List<Message> messages();
  }

  public static <T> Marshaller<T, RequestEntity> marshaller() {
    return Jackson.marshaller(MAPPER);
  }

  /**
   * An {@code application/json} body read by Jackson from its bytes. Pekko's own Jackson
   * unmarshaller decodes the body to a string first, which turns bytes that are not UTF-8 into
   * replacement characters (a name "caf\uFFFD"); JSON is UTF-8 (RFC 8259), and Jackson's byte
   * parser refuses anything else. A body that is JSON {@code null} is not an object either.
   */
  public static <T> Unmarshaller<HttpEntity, T> unmarshaller(Class<T> type) {
    return Unmarshaller.forMediaType(MediaTypes.APPLICATION_JSON, Unmarshaller.entityToByteArray())
        .thenApply(bytes -> {
          T value;
          try {
            value = MAPPER.readValue(bytes, type);
          } catch (IOException e) {
            // Not an IllegalArgumentException: the entity directive would make that a
            // validation rejection. This is a malformed body, its cause what describe() reads.
            throw new UncheckedIOException(e);
          }
          if (value == null) {
            throw ApiError.Failure.badRequest("the request body is null; expected a JSON object");
          }
          return value;
        });
  }

  /** What was wrong with a body: the field at fault (its JSON path), if one is, and why. */
  public record Problem(String field, String message) {}

  /** Says what was wrong with a body in the client's terms: the field, what it expected. */
  public static Problem describe(Throwable failure) {
    while (!(failure instanceof JacksonException) && failure != null && failure.getCause() != null) {
      failure = failure.getCause();
    }
    String field = failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
        ? path(mapping) : null;
    // A parse error inside a field (a duplicate key, a raw line break in a string) comes wrapped
    // in a mapping error that knows where; the parse error knows what.
    Throwable parse = failure;
    while (parse != null && !(parse instanceof StreamReadException)) {
      parse = parse.getCause();
    }
    if (parse instanceof InputCoercionException) {
      parse = null; // a number out of range: the mapping error says of which field
    }
    if (parse instanceof StreamReadException read && read.getProcessor() != null
        && read.getOriginalMessage().startsWith("Duplicate field")) {
      JsonParser p = (JsonParser) read.getProcessor();
      String name = p.getParsingContext() == null ? null
          : RunRequest.shown(p.getParsingContext().getCurrentName(), ApiError.Failure.MAX_FIELD);
      String at = field == null || field.endsWith("." + name) || field.equals(name) ? name
          : field + "." + name;
      return new Problem(at, "field '" + at + "' is given twice; give each field once");
    }
    return new Problem(field, message(parse != null ? parse : failure));
  }

  private static String message(Throwable failure) {
    if (failure instanceof UnrecognizedPropertyException unknown) {
      String allowed = unknown.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      return "unknown field '" + path(unknown) + "'; allowed fields: " + allowed;
    }
    if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
        && mapping.getCause() instanceof InputCoercionException) {
      return "field '" + path(mapping) + "' is out of range";
    }
    if (failure instanceof MismatchedInputException mismatch) {
      if (mismatch.getPath().isEmpty()) {
        String what = mismatch.getOriginalMessage();
        return what.startsWith("No content") ? "the request body is empty; expected a JSON object"
            : what.startsWith("Trailing token") ? "the body goes on after its JSON object;"
                + " send one object"
            : "expected a JSON object";
      }
      return "field '" + path(mismatch) + "' must be " + kind(mismatch.getTargetType());
    }
    if (failure instanceof StreamReadException parse) {
      var where = parse.getLocation();
      String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      // Jackson's own words, less its advice on parser features a client cannot set, and with
      // the token it quotes (up to 256 characters of what was sent) cut short.
      String what = inClientTerms(parse.getOriginalMessage());
      String token = "Unrecognized token '";
      int end = what.indexOf("': ", token.length());
      if (what.startsWith(token) && end > 0) {
        what = token + RunRequest.shown(what.substring(token.length(), end), RunRequest.MAX_QUOTED)
            + what.substring(end);
      }
      return "malformed JSON" + at + ": " + what;
    }
    if (failure instanceof StreamConstraintsException limit) {
      return "the request body is beyond a limit of the JSON reader: "
          + inClientTerms(limit.getOriginalMessage());
    }
    return "the request body could not be read as JSON";
  }

  /**
   * Jackson's first line, less what only a server can act on: its advice on parser features,
   * its note on hiding the source where an unclosed object began, and the names of its limits'
   * settings (the numbers stay).
   */
  private static String inClientTerms(String jackson) {
    return jackson.lines().findFirst().orElse("")
        .replaceAll(": enable .*$", "")
        .replaceAll(" \\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)",
            " (opened at line $1, column $2)")
        .replaceAll(", from `[^`]*`\\)", ")")
        .replaceAll(" \\((?:from|as defined by) `[^`]*`\\)", "");
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        b.append(b.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else {
        b.append('[').append(ref.getIndex()).append(']');
      }
    }
    // A key is whatever the client sent: shown short, and printable.
    return RunRequest.shown(b.toString(), ApiError.Failure.MAX_FIELD);
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }
}
