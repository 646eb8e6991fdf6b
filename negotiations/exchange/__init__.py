"""The exchange format of negotiations/demo/FORMAT.md: the import, the export, and backups.

`read_document` checks a whole file first and turns it into plain, typed data (or raises
`ExchangeError` naming the JSON path of every offending value); `import_document` writes it in
one transaction; `export_document` / `write_document` produce the same format, deterministically.
"""

from negotiations.exchange.exporter import dumps, export_document, write_document
from negotiations.exchange.importer import ImportSummary, import_document, import_file
from negotiations.exchange.reader import ExchangeError, read_document

__all__ = [
    "ExchangeError",
    "ImportSummary",
    "dumps",
    "export_document",
    "import_document",
    "import_file",
    "read_document",
    "write_document",
]
