"""Pluggable image classification for unknown material: any ONNX model plus a labels file, run by onnxruntime.

Only a tiny benign demo model (photo versus screenshot/document) is shipped, trained from images generated in
code by `heroes classifier train`. No model for abuse material is trained or shipped here.
"""
