-- Descriptors know their model (issue 14 item 2). Which face model (and version) made each
-- approved image's descriptor, in words, for people and for `kiosk reembed`'s list. The
-- comparison never trusts this column: the model tag inside the sealed descriptor decides (a
-- descriptor another model made is not compared; the child gets cannot_assess with the reason).
-- Every descriptor stored before this migration was dlib's ResNet alone (128 floats).
ALTER TABLE approved_images ADD COLUMN descriptor_model TEXT;
UPDATE approved_images SET descriptor_model = 'dlib_face_recognition_resnet_model_v1 (128-D, before issue 14)'
  WHERE descriptor_model IS NULL;
