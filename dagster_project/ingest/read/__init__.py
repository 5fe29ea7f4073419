"""Read: one file (CSV, Excel form, legacy encoding) into rows of text with their line.

Decoding, header aliases and number parsing; a file that cannot be read becomes an
`UnreadableFile` naming why. May import: `ingest.files`, `common`, `catalog`.
"""
