"""Text normalization for detection: from what people typed to the words they meant.

`classifiers.normalize` is the public face; this package holds its parts: per-character
folding (`characters`), look-alike and transliteration tables (`lookalikes`), word-level
folding (`words`) and the tokenizer that keeps spans into the original text (`document`).
"""
