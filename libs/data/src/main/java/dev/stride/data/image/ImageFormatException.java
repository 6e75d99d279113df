package dev.stride.data.image;

/** Bytes that are not a picture Stride can classify; the message says why. */
public class ImageFormatException extends Exception {

  public ImageFormatException(String message) {
    super(message);
  }
}
