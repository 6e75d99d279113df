package dev.stride.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

  @Test
  void anUploadIsOneSegmentUnderUploads() {
    assertThat(ObjectKeys.isUpload(ObjectKeys.upload("0b5a9c2e-7d4f-4e8a-9b1c-3f2e1d0c9b8a")))
        .isTrue();
    assertThat(ObjectKeys.isUpload("uploads/by-hand.tar.gz")).isTrue();
    assertThat(ObjectKeys.isUpload("uploads/" + "a".repeat(128))).isTrue();
  }

  @Test
  void nothingElseIsAnUpload() {
    assertThat(ObjectKeys.isUpload(null)).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/../x")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/a..b")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/.hidden")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/a/b")).isFalse();
    assertThat(ObjectKeys.isUpload("/uploads/x")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/a\u0000b")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/a\nb")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/a\u00e9")).isFalse();
    assertThat(ObjectKeys.isUpload("uploads/" + "a".repeat(129))).isFalse();
    assertThat(ObjectKeys.isUpload(ObjectKeys.currentModel("m"))).isFalse();
    assertThat(ObjectKeys.isUpload(ObjectKeys.datasetManifest("d"))).isFalse();
  }
}
