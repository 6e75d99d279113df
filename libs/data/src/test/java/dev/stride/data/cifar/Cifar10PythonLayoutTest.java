package dev.stride.data.cifar;

import static dev.stride.data.archive.SafeArchiveTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stride.data.ImageSet;
import dev.stride.data.archive.ArchiveLimits;
import dev.stride.data.archive.DatasetFormatException.Problem;
import dev.stride.data.archive.TestArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads pickles made once by this Python 3.11 / numpy 2.4 script (kept here; the tests never run
 * Python) and committed under src/test/resources/cifar-10-python/. {@code py2-str-keys} is written
 * opcode by opcode as Python 2's cPickle wrote the real files (protocol 2, keys and pixel bytes as
 * py2 str, numpy 1's {@code numpy.core.multiarray._reconstruct}); {@code py3-bytes-keys} is Python
 * 3's own {@code pickle.dumps(..., protocol=2)} of the same dicts with bytes keys (numpy 2's {@code
 * numpy._core} path, bytes as {@code _codecs.encode}).
 *
 * <pre>{@code
 * import numpy as np, pickle, struct, sys
 * out = sys.argv[1]
 * NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
 * def rows(k, n):
 *     r, j = np.meshgrid(np.arange(n), np.arange(3072), indexing="ij")
 *     return ((7 * j + 31 * r + 57 * k) % 256).astype(np.uint8)
 * def s(b):  # py2 str: SHORT_BINSTRING, or BINSTRING when 256 bytes or more
 *     return b"U" + bytes([len(b)]) + b if len(b) < 256 else b"T" + struct.pack("<i", len(b)) + b
 * def i(n):
 *     return b"K" + bytes([n]) if n < 256 else b"M" + struct.pack("<H", n)
 * def array(a):  # ndarray.__reduce__ of numpy 1.x, then BUILD (version, shape, dtype, fortran, raw)
 *     dtype = b"cnumpy\ndtype\n" + s(b"u1") + i(0) + i(1) + b"\x87R(" + i(3) + s(b"|") + b"NNN"
 *     dtype += b"J\xff\xff\xff\xffJ\xff\xff\xff\xff" + i(0) + b"tb"
 *     head = b"cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\n" + i(0) + b"\x85" + s(b"b") + b"\x87R"
 *     return head + b"(" + i(1) + i(a.shape[0]) + i(a.shape[1]) + b"\x86" + dtype + b"\x89" + s(a.tobytes()) + b"tb"
 * def py2(pairs):  # a dict pickled by Python 2's cPickle, protocol 2, keys in the real files' order
 *     return b"\x80\x02}(" + b"".join(s(k.encode()) + v for k, v in pairs) + b"u."
 * def strs(items):
 *     return b"](" + b"".join(s(x.encode()) for x in items) + b"e"
 * def ints(items):
 *     return b"](" + b"".join(i(x) for x in items) + b"e"
 * def batch(k, n, label):
 *     labels = [(r + k) % 10 for r in range(n)]
 *     files = ["image_%d_%d.png" % (k, r) for r in range(n)]
 *     return [("data", rows(k, n)), ("labels", labels), ("batch_label", label), ("filenames", files)]
 * def write(path, blob):
 *     with open(path, "wb") as f:
 *         f.write(blob)
 * def write_py2(folder, k, n, label):
 *     d = dict(batch(k, n, label))
 *     write(folder + ("/data_batch_%d" % k if k < 6 else "/test_batch"), py2([
 *         ("data", array(d["data"])), ("labels", ints(d["labels"])),
 *         ("batch_label", s(label.encode())), ("filenames", strs(d["filenames"]))]))
 * def write_py3(folder, k, n, label):
 *     d = {key.encode(): (v.encode() if isinstance(v, str) else [x.encode() for x in v] if key == "filenames" else v)
 *          for key, v in batch(k, n, label)}
 *     write(folder + ("/data_batch_%d" % k if k < 6 else "/test_batch"), pickle.dumps(d, protocol=2))
 * py2dir, py3dir = out + "/py2-str-keys", out + "/py3-bytes-keys"
 * for k in range(1, 6):
 *     write_py2(py2dir, k, 1, "training batch %d of 5" % k)
 * write_py2(py2dir, 6, 2, "testing batch 1 of 1")
 * write(py2dir + "/batches.meta", py2([("num_cases_per_batch", i(1)), ("label_names", strs(NAMES)), ("num_vis", i(3072))]))
 * for k in (1, 2):
 *     write_py3(py3dir, k, 2, "training batch %d of 5" % k)
 * write_py3(py3dir, 6, 1, "testing batch 1 of 1")
 * write(py3dir + "/batches.meta", pickle.dumps({b"num_cases_per_batch": 2, b"label_names": [n.encode() for n in NAMES], b"num_vis": 3072}, protocol=2))
 * }</pre>
 *
 * Both sets load with Python's own {@code pickle.load(f, encoding="bytes")}.
 */
class Cifar10PythonLayoutTest {

  private static final List<String> NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
  private static final String PY2 = "/cifar-10-python/py2-str-keys/";
  private static final String PY3 = "/cifar-10-python/py3-bytes-keys/";
  private static final String FOLDER = "cifar-10-batches-py/";
  private static final ArchiveLimits LIMITS = ArchiveLimits.defaults();

  @TempDir Path dir;

  @Test
  void readsPython2PicklesWithStrKeysFromATarGzInBatchOrder() throws Exception {
    TestArchive archive = new TestArchive().folder(FOLDER);
    for (String file :
        List.of(
            "batches.meta",
            "data_batch_2",
            "data_batch_1",
            "data_batch_3",
            "data_batch_4",
            "data_batch_5",
            "test_batch")) {
      archive.file(FOLDER + file, resource(PY2 + file));
    }

    DatasetArchive.Contents contents = DatasetArchive.read(archive.tarGz(dir), LIMITS);

    assertThat(contents.format()).isEqualTo("cifar10-python");
    assertThat(contents.classNames()).isEqualTo(NAMES);
    assertThat(contents.train().labels()).containsExactly(1, 2, 3, 4, 5);
    for (int k = 1; k <= 5; k++) {
      assertThat(contents.train().image(k - 1)).isEqualTo(expectedImage(k, 0));
    }
    assertThat(contents.test().labels()).containsExactly(6, 7);
    assertThat(contents.test().image(1)).isEqualTo(expectedImage(6, 1));
    assertThat(contents.coarse()).isNull();
  }

  @Test
  void readsPython3PicklesWithBytesKeysFromAPlainTar() throws Exception {
    TestArchive archive = new TestArchive();
    for (String file : List.of("data_batch_1", "data_batch_2", "test_batch", "batches.meta")) {
      archive.file(FOLDER + file, resource(PY3 + file));
    }

    DatasetArchive.Contents contents = DatasetArchive.read(archive.tar(dir), LIMITS);

    assertThat(contents.classNames()).isEqualTo(NAMES);
    assertThat(contents.train().labels()).containsExactly(1, 2, 2, 3);
    assertThat(contents.train().image(1)).isEqualTo(expectedImage(1, 1));
    assertThat(contents.train().image(3)).isEqualTo(expectedImage(2, 1));
    assertThat(contents.test().labels()).containsExactly(6);
    assertThat(contents.test().image(0)).isEqualTo(expectedImage(6, 0));
  }

  @Test
  void namesTheBatchWhoseLabelIsBeyondTheClassNames() throws Exception {
    // {'label_names': ['a', 'b']} as Python 2 pickled it
    byte[] twoNames = ascii("\u0080\u0002}(U\u000blabel_names](U\u0001aU\u0001beu.");

    assertRefused(() -> read(py2Archive("batches.meta", twoNames)), Problem.MALFORMED)
        .hasMessage(
            "cifar-10-batches-py/data_batch_2: label 2 of image 0 is out of range for 2 classes");
  }

  @Test
  void refusesALabelCountThatDiffersFromTheRows() throws Exception {
    byte[] batch =
        patch(resource(PY2 + "data_batch_1"), "labels](K\u0001e", "labels](K\u0001K\u0001e");

    assertRefused(() -> read(py2Archive("data_batch_1", batch)), Problem.MALFORMED)
        .hasMessage("cifar-10-batches-py/data_batch_1: 2 labels for 1 images");
  }

  @Test
  void refusesDataOfAnotherDtypeOrShape() throws Exception {
    byte[] signed = patch(resource(PY2 + "data_batch_1"), "U\u0002u1", "U\u0002i1");
    byte[] halfRows =
        patch(
            resource(PY2 + "data_batch_1"),
            "K\u0001M\u0000\u000c\u0086",
            "K\u0002M\u0000\u0006\u0086");

    assertRefused(() -> read(py2Archive("data_batch_1", signed)), Problem.MALFORMED)
        .hasMessage("cifar-10-batches-py/data_batch_1: 'data' has dtype i1, expected uint8 (u1)");
    assertRefused(() -> read(py2Archive("data_batch_1", halfRows)), Problem.MALFORMED)
        .hasMessage(
            "cifar-10-batches-py/data_batch_1: 'data' has shape [2, 1536], expected (N, 3072) in"
                + " C order");
  }

  @Test
  void refusesWhatIsNoPickleOfADict() throws Exception {
    byte[] list = ascii("\u0080\u0002]q\u0000.");

    assertRefused(() -> read(py2Archive("test_batch", ascii("hello"))), Problem.MALFORMED)
        .hasMessageStartingWith("cifar-10-batches-py/test_batch: not a readable pickle (");
    assertRefused(() -> read(py2Archive("test_batch", list)), Problem.MALFORMED)
        .hasMessage("cifar-10-batches-py/test_batch: the pickle holds no dict");
  }

  @Test
  void resolvesNoPythonObjectBeyondNumpyArrays() throws Exception {
    byte[] system = patch(resource(PY2 + "data_batch_1"), "cnumpy\ndtype\n", "cos\nsystem\n");

    assertRefused(() -> read(py2Archive("data_batch_1", system)), Problem.MALFORMED)
        .hasMessage(
            "cifar-10-batches-py/data_batch_1: not a readable pickle (unexpected Python object"
                + " os.system (expected numpy arrays))");
  }

  @Test
  void refusesAStringLongerThanTheFileBeforeAllocatingIt() throws Exception {
    // the pixel bytes are a BINSTRING of 3072 (00 0c 00 00); declare 2 GiB instead
    byte[] huge =
        patch(
            resource(PY2 + "data_batch_1"),
            "T\u0000\u000c\u0000\u0000",
            "T\u00ff\u00ff\u00ff\u007f");

    assertRefused(() -> read(py2Archive("data_batch_1", huge)), Problem.MALFORMED)
        .hasMessage(
            "cifar-10-batches-py/data_batch_1: not a readable pickle (a field declares more bytes"
                + " than the file holds)");
  }

  @Test
  void refusesADictKeyThatIsADictAsPythonDoes() throws Exception {
    // found by NumpyPickleFuzzTest: {} DUP DUP SETITEM DUP DUP SETITEM sets d[d] = d twice; the
    // second put hashes a map that holds itself, and the recursion overflowed the stack
    byte[] selfKeyed = ascii("\u0080\u0002}22s22s.");

    assertRefused(() -> read(py2Archive("data_batch_1", selfKeyed)), Problem.MALFORMED)
        .hasMessage(
            "cifar-10-batches-py/data_batch_1: not a readable pickle (a dict key or set item is"
                + " a HashMap, which Python cannot hash)");
  }

  @Test
  void namesALabelThatIsNoNumberByItsType() throws Exception {
    // labels = [x] where x = [{'a': x}]: printing x would recurse without end
    String cyclic = "labels](]q\u0063}U\u0001ah\u0063sae";
    byte[] batch = patch(resource(PY2 + "data_batch_1"), "labels](K\u0001e", cyclic);

    assertRefused(() -> read(py2Archive("data_batch_1", batch)), Problem.MALFORMED)
        .hasMessage(
            "cifar-10-batches-py/data_batch_1: label of image 0 is ArrayList, not a class index");
  }

  @Test
  void needsTheMetaFileForClassNames() throws Exception {
    TestArchive archive = new TestArchive();
    for (String file : List.of("data_batch_1", "test_batch")) {
      archive.file(FOLDER + file, resource(PY2 + file));
    }

    assertRefused(() -> DatasetArchive.read(archive.zip(dir), LIMITS), Problem.MALFORMED)
        .hasMessage("cifar-10-batches-py/batches.meta: missing from the archive");
  }

  /** Pixel j of image r in batch k, as the script wrote it; test_batch is k = 6. */
  private static byte[] expectedImage(int k, int r) {
    byte[] chw = new byte[ImageSet.IMAGE_BYTES];
    for (int j = 0; j < chw.length; j++) {
      chw[j] = (byte) ((7 * j + 31 * r + 57 * k) % 256);
    }
    return chw;
  }

  private DatasetArchive.Contents read(Path archive) throws Exception {
    return DatasetArchive.read(archive, LIMITS);
  }

  /** The py2 fixture set with one file replaced. */
  private Path py2Archive(String replaced, byte[] bytes) throws IOException {
    TestArchive archive = new TestArchive();
    for (String file :
        List.of(
            "data_batch_1",
            "data_batch_2",
            "data_batch_3",
            "data_batch_4",
            "data_batch_5",
            "test_batch",
            "batches.meta")) {
      archive.file(FOLDER + file, file.equals(replaced) ? bytes : resource(PY2 + file));
    }
    return archive.tarGz(dir);
  }

  static byte[] resource(String path) throws IOException {
    try (InputStream in = Cifar10PythonLayoutTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Chars 0-255 as the bytes of a pickle. */
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code bytes} with the one occurrence of {@code from} replaced by {@code to}. */
  private static byte[] patch(byte[] bytes, String from, String to) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text.indexOf(from)).as(from).isNotNegative().isEqualTo(text.lastIndexOf(from));
    return ascii(text.replace(from, to));
  }
}
