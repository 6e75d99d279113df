package dev.stride.data.image;

/** A picture whose declared size exceeds the limit; refused from its header, before decoding. */
public class ImageTooLargeException extends ImageFormatException {

  public ImageTooLargeException(String message) {
    super(message);
  }
}
