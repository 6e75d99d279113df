package dev.stride.data.cifar;

import dev.stride.data.archive.DatasetFormatException;
import dev.stride.data.archive.SafeArchive;

/**
 * Reads one dataset layout from the entries of a {@link SafeArchive}: it is handed every regular
 * file in archive order, keeps what it recognises, and checks the whole once the archive ends.
 */
interface LayoutReader extends SafeArchive.EntryVisitor {

  /** What the archive held; called after the last entry. */
  DatasetArchive.Contents finish() throws DatasetFormatException;

  /** {@code next}, unless a file of that name was already read: a tar may repeat a name. */
  static <T> T once(T previous, T next, String name) throws DatasetFormatException {
    if (previous != null) {
      throw new DatasetFormatException(name, -1, "appears twice in the archive");
    }
    return next;
  }
}
