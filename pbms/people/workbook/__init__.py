"""The register's Excel workbook: the template, the import (parse, then apply in one transaction) and
the exports (the same template, and the member list of Mẫu 7-HSĐV). Documented in docs/workbook.md."""
