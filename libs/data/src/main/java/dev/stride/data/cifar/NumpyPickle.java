package dev.stride.data.cifar;

import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.DatasetFormatException.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Unpickles the CIFAR python batches: dicts of numbers, strings, lists and numpy uint8 arrays. Only
 * the globals such a file needs are resolved, and they are resolved per unpickler rather than
 * through razorvine's JVM-wide registry; any other global makes the file malformed.
 */
final class NumpyPickle {

  /** A numpy array as {@code ndarray.__reduce__} pickles it: created empty, filled by BUILD. */
  static final class NdArray {
    long[] shape;
    String dtype;
    boolean fortran;
    byte[] data;

    /** The BUILD state: ([version,] shape, dtype, is_fortran, raw bytes). */
    void build(Object state) {
      if (!(state instanceof Object[])) {
        throw new PickleException("numpy array state is not a tuple");
      }
      Object[] s = (Object[]) state;
      int at = s.length == 5 ? 1 : 0;
      if (s.length - at != 4 || !(s[at] instanceof Object[]) || !(s[at + 1] instanceof Dtype)) {
        throw new PickleException("numpy array state is not (shape, dtype, fortran, data)");
      }
      Object[] dims = (Object[]) s[at];
      shape = new long[dims.length];
      for (int i = 0; i < dims.length; i++) {
        shape[i] = ((Number) dims[i]).longValue();
      }
      dtype = ((Dtype) s[at + 1]).descr;
      fortran = Boolean.TRUE.equals(s[at + 2]) || Integer.valueOf(1).equals(s[at + 2]);
      data = bytes(s[at + 3]);
    }
  }

  /**
   * {@code numpy.dtype(descr, align, copy)}; its BUILD state (byte order…) cannot matter for u1.
   */
  static final class Dtype {
    final String descr;

    Dtype(Object[] args) {
      descr = text(args.length > 0 ? args[0] : null);
    }
  }

  private NumpyPickle() {}

  /**
   * The object pickled in {@code pickle}.
   *
   * @throws DatasetFormatException MALFORMED naming {@code file} when it is not a pickle of plain
   *     data and numpy arrays
   */
  static Object load(byte[] pickle, String file) throws DatasetFormatException {
    try {
      return new Reader().load(new ByteArrayInputStream(pickle));
    } catch (IOException | RuntimeException e) {
      // razorvine reports broken input with PickleException but also with the runtime exceptions
      // of its stack and casts; all of them mean this file is not a readable pickle
      throw new DatasetFormatException(
          Problem.MALFORMED, file, -1, "not a readable pickle (" + e.getMessage() + ")", e);
    }
  }

  /** A pickled dict with its keys as text: py2 str, py3 str and py3 bytes keys all occur. */
  static Map<String, Object> dict(Object pickled, String file) throws DatasetFormatException {
    if (!(pickled instanceof Map)) {
      throw new DatasetFormatException(file, -1, "the pickle holds no dict");
    }
    Map<String, Object> dict = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) pickled).entrySet()) {
      Object key = entry.getKey();
      if (key instanceof String || key instanceof byte[]) {
        dict.put(text(key), entry.getValue());
      }
    }
    return dict;
  }

  /** A py2 str, py3 str or py3 bytes as Java text (latin-1 for bytes, which is what py2 meant). */
  static String text(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof byte[]) {
      return new String((byte[]) value, StandardCharsets.ISO_8859_1);
    }
    throw new PickleException("expected a string, got " + typeOf(value));
  }

  static String typeOf(Object value) {
    return value == null ? "None" : value.getClass().getSimpleName();
  }

  /** Raw bytes: a py3 bytes, or a py2 str whose chars are bytes. */
  private static byte[] bytes(Object value) {
    if (value instanceof byte[]) {
      return (byte[]) value;
    }
    if (value instanceof String) {
      String s = (String) value;
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) > 0xFF) {
          throw new PickleException("array data holds a character beyond one byte");
        }
      }
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
    throw new PickleException("expected bytes, got " + typeOf(value));
  }

  /** Resolves the few globals a CIFAR pickle names, and applies BUILD to numpy objects only. */
  private static final class Reader extends Unpickler {

    @Override
    protected Object dispatch(short key) throws IOException {
      switch (key) {
        case Opcodes.GLOBAL:
          {
            String module = PickleUtils.readline(input);
            stack.add(global(module, PickleUtils.readline(input)));
            return NO_RETURN_VALUE;
          }
        case Opcodes.STACK_GLOBAL:
          {
            String name = text(stack.pop());
            stack.add(global(text(stack.pop()), name));
            return NO_RETURN_VALUE;
          }
        case Opcodes.BUILD:
          {
            Object state = stack.pop();
            build(state, stack.peek());
            return NO_RETURN_VALUE;
          }
        case Opcodes.SETITEM:
          {
            Object value = stack.pop();
            Object dictKey = stack.pop();
            requireHashable(dictKey);
            stack.add(dictKey);
            stack.add(value);
            return super.dispatch(key);
          }
        case Opcodes.SETITEMS:
        case Opcodes.DICT:
        case Opcodes.ADDITEMS:
        case Opcodes.FROZENSET:
          {
            // dicts take every other item as a key, sets every item
            int step = key == Opcodes.SETITEMS || key == Opcodes.DICT ? 2 : 1;
            List<Object> items = stack.pop_all_since_marker();
            for (int i = 0; i < items.size(); i += step) {
              requireHashable(items.get(i));
            }
            stack.add_mark();
            items.forEach(stack::add);
            return super.dispatch(key);
          }
        case Opcodes.BINSTRING:
        case Opcodes.BINBYTES:
        case Opcodes.BINUNICODE:
        case Opcodes.LONG4:
          checkLength(4);
          return super.dispatch(key);
        case Opcodes.BINUNICODE8:
        case Opcodes.BINBYTES8:
        case Opcodes.BYTEARRAY8:
          checkLength(8);
          return super.dispatch(key);
        default:
          return super.dispatch(key);
      }
    }

    /**
     * Python refuses a list, dict or set as a dict key or set item; here hashing one that holds
     * itself would recurse until the stack overflows.
     */
    private static void requireHashable(Object value) {
      if (value instanceof Map || value instanceof Collection) {
        throw new PickleException(
            "a dict key or set item is a " + typeOf(value) + ", which Python cannot hash");
      }
    }

    private static IObjectConstructor global(String module, String name) {
      switch (module + "." + name) {
        case "numpy.core.multiarray._reconstruct": // numpy 1, as in the real CIFAR files
        case "numpy._core.multiarray._reconstruct": // numpy 2
          return args -> new NdArray();
        case "numpy.ndarray":
          // only ever an argument of _reconstruct, naming the class to create
          return args -> {
            throw new PickleException("numpy.ndarray called directly");
          };
        case "numpy.dtype":
          return Dtype::new;
        case "_codecs.encode":
          // Python 3 pickles bytes at protocol 2 as encode(text, 'latin1')
          return args -> {
            if (args.length != 2 || !"latin1".equals(args[1])) {
              throw new PickleException("_codecs.encode other than (text, 'latin1')");
            }
            return bytes(args[0]);
          };
        default:
          throw new PickleException(
              "unexpected Python object " + module + "." + name + " (expected numpy arrays)");
      }
    }

    private static void build(Object state, Object target) {
      if (target instanceof NdArray) {
        ((NdArray) target).build(state);
      } else if (!(target instanceof Dtype)) {
        throw new PickleException("cannot set the state of " + typeOf(target));
      }
    }

    /**
     * razorvine allocates a string or bytes object at its declared length before reading it; a
     * length beyond the bytes left in the file is refused here, so a tiny pickle cannot ask for
     * gigabytes. The input is always a ByteArrayInputStream, so {@code available()} is exact.
     */
    private void checkLength(int width) throws IOException {
      input.mark(width);
      byte[] field = input.readNBytes(width);
      input.reset();
      long declared = 0;
      for (int i = field.length - 1; i >= 0; i--) {
        declared = (declared << 8) | Byte.toUnsignedInt(field[i]);
      }
      long left = input.available() - (long) width;
      if (field.length < width || declared < 0 || declared > left) {
        throw new PickleException("a field declares more bytes than the file holds");
      }
    }
  }
}
